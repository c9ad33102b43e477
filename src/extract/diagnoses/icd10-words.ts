/**
 * The one word normaliser behind ICD-10-CM matching: official titles, index terms, synonym
 * rules and diagnosis text all go through `words`, so that a text and a title compare word for
 * word. Lower case, punctuation gone, spinal levels written alike (`L4-5` = `l4-l5`), simple
 * plural and `-ing` endings folded, filler words (`of`, `the`) dropped. `with`, `without`,
 * `and`, `or`, `not` stay: they change the meaning of a code.
 */

/** Words that never change which code a phrase names. */
const FILLER = new Set(['a', 'an', 'the', 'of', 'in', 'to', 'at', 'on', 'for', 'his', 'her', 'their', 'is', 'nos', 'nec']);

/** `L4-5`, `l4-L5`, `C5/6`, `L5-S1` → `l4-l5`, `c5-c6`, `l5-s1`: one spelling per spinal level. */
const SPINAL_LEVEL = /\b([ctls])(\d{1,2})\s*[-/]\s*([ctls]?)(\d{1,2})\b/gi;

export function foldLevels(text: string): string {
  return text.replace(SPINAL_LEVEL, (_m, a: string, n: string, b: string, k: string) => `${a.toLowerCase()}${n} ${(b || a).toLowerCase()}${k}`);
}

/** Folds one word: plural `-s`/`-ies`, and `-ing` on longer words, so `strains` = `strain`, `crushing` = `crush`. */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  if (word.length >= 7 && word.endsWith('ing')) return word.slice(0, -3);
  return word;
}

/**
 * The normalised words of a phrase, in order. `variants` maps a folded word to the words it
 * stands for (`tendonitis` → `tendinitis`, `cts` → `carpal tunnel syndrome`), applied after folding.
 */
export function words(text: string, variants: Variants = NO_VARIANTS): string[] {
  let t = text.toLowerCase();
  // Cheap tests first: this runs on every title and index term at load.
  if (/[\u2018\u2019]/.test(t)) t = t.replace(/[\u2018\u2019]/g, "'");
  if (t.includes("'")) t = t.replace(/'s\b/g, '');
  // `finger(s)`, `toe(s)` in titles: the plural marker, folded like any plural.
  if (t.includes('(s)')) t = t.replace(/\(s\)/g, '');
  if (/\d/.test(t)) t = foldLevels(t);
  const out: string[] = [];
  for (const raw of t.split(NON_WORD)) {
    if (raw === '') continue;
    const folded = stem(raw);
    const replaced = variants.get(folded);
    if (replaced) {
      for (const w of replaced) if (!FILLER.has(w)) out.push(w);
    } else if (!FILLER.has(folded)) out.push(folded);
  }
  return out;
}

const NON_WORD = /[^a-z0-9]+/;
/** Folded word → the words it stands for. */
export type Variants = ReadonlyMap<string, readonly string[]>;

const NO_VARIANTS: Variants = new Map();

/** Variants as `words` wants them: each replacement split into words, each folded and replaced once (`hnp` → `herniated` → `herniation`). */
export function variantMap(variants: Record<string, string>): Map<string, string[]> {
  const once = new Map(Object.entries(variants).map(([from, to]) => [from, to.split(/\s+/).filter(Boolean)]));
  return new Map([...once].map(([from, to]) => [from, to.flatMap((w) => once.get(stem(w)) ?? [stem(w)])]));
}

/** A set of words as one string key, independent of order and repetition. */
export function bagKey(ws: Iterable<string>): string {
  return [...new Set(ws)].sort().join(' ');
}

/**
 * A 30-bit hash of a word bag, equal for equal `bagKey`s whatever the order: the sum of each
 * distinct word's FNV-1a hash. A small-integer key for the large lookups; a hit is checked
 * against the words themselves.
 */
export function bagHash(ws: readonly string[]): number {
  let sum = 0;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (ws.indexOf(w) === i) sum = (sum + wordHash(w)) | 0;
  }
  return sum & BAG_HASH_MASK;
}

export const BAG_HASH_MASK = 0x3fffffff;

/** One word's share of `bagHash`: a bag's hash is the sum of its distinct words' (modulo 2^30). */
export function wordHash(w: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
  return h;
}
