/** Turning vocabulary phrases (data) into regex sources: one way, used by every stage. */

/** The phrase as a literal regex source, with any run of spaces matching any whitespace (line wraps). */
export function phraseSource(phrase: string): string {
  return phrase.replace(/[.*+?^${}()|[\]\\/#]/g, '\\$&').replace(/ +/g, '\\s+');
}

/** Alternation of phrases, longest first so that `to rule out` wins over `rule out`. */
export function alternation(phrases: readonly string[]): string {
  return [...phrases].sort((a, b) => b.length - a.length).map(phraseSource).join('|');
}
