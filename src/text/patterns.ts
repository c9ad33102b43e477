/** Turning vocabulary phrases and patterns (data) into regex sources: one way, used by every stage. */

/** The phrase as a literal regex source, with any run of spaces matching any whitespace (line wraps). */
export function phraseSource(phrase: string): string {
  return phrase.replace(/[.*+?^${}()|[\]\\/#]/g, '\\$&').replace(/ +/g, '\\s+');
}

/** A vocabulary pattern (a regex source) whose spaces match any whitespace, as a line wrap may stand between its words. */
export function patternSource(pattern: string): string {
  return pattern.replace(/ /g, '\\s+');
}

/** Alternation of phrases, longest first so that `to rule out` wins over `rule out`. */
export function alternation(phrases: readonly string[]): string {
  return [...phrases].sort((a, b) => b.length - a.length).map(phraseSource).join('|');
}
