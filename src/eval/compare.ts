/**
 * Normalisation and token similarity for scoring. Gold and prediction go through the very
 * same functions, so a score never depends on which side a value came from.
 */
import { WordTokenizer } from 'natural/lib/natural/tokenizers/index.js';

const tokenizer = new WordTokenizer();

const EDGE_JUNK = /^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu;
const LEADING_ARTICLE = /^(?:a|an|the)\s+/;

/** Lowercase, typographic quotes/dashes folded, whitespace folded, edge punctuation and leading articles stripped. */
export function normText(value: string): string {
  let s = value
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .toLowerCase()
    .replace(/\s+/g, ' ');
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(EDGE_JUNK, '').replace(LEADING_ARTICLE, '');
  }
  return s;
}

/** A date as ISO `YYYY-MM-DD`; accepts ISO or `M/D/YY(YY)` / `M-D-YY(YY)` (two-digit years 00-30 are 20xx). */
export function normDate(value: string): string {
  const s = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$/.exec(s);
  if (!m) return normText(s);
  const [, mo = '', d = '', y = ''] = m;
  const year = y.length === 4 ? y : `${Number(y) <= 30 ? '20' : '19'}${y}`;
  return `${year}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** Word tokens of the normalised text (natural's WordTokenizer: runs of letters and digits). */
export function tokens(value: string | null): string[] {
  if (value === null) return [];
  const s = normText(value);
  return s === '' ? [] : tokenizer.tokenize(s);
}

/**
 * Token-overlap F1 (multiset) between two texts. Two empty/null texts are identical (1);
 * one empty against one non-empty shares nothing (0).
 */
export function tokenF1(a: string | null, b: string | null): number {
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.length === 0 && tb.length === 0) return 1;
  if (ta.length === 0 || tb.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const t of ta) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of tb) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      overlap++;
      counts.set(t, n - 1);
    }
  }
  return (2 * overlap) / (ta.length + tb.length);
}
