/** Small helpers for values read out of the normalised text with their spans. */
import type { Span } from '../record/schema.js';

/** A printed value folded to one line: line breaks and runs of spaces become one space. */
export function foldWhitespace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Narrows `[start, end)` past surrounding whitespace and the given edge characters. */
export function trimSpan(text: string, start: number, end: number, edge = /[\s.,;:]/): Span {
  while (start < end && edge.test(text[start]!)) start++;
  while (end > start && edge.test(text[end - 1]!)) end--;
  return [start, end];
}

export interface SpannedText {
  text: string;
  span: Span;
}

/** The folded text of a span, trimmed of edge punctuation, with the narrowed span. */
export function spanned(text: string, start: number, end: number, edge?: RegExp): SpannedText {
  const span = trimSpan(text, start, end, edge);
  return { text: foldWhitespace(text.slice(span[0], span[1])), span };
}

/** Drops a leading pattern (an article, a hedge) from a spanned value, moving its span start. */
export function dropLeading(text: string, value: SpannedText, re: RegExp): SpannedText {
  const m = re.exec(text.slice(value.span[0], value.span[1]));
  if (!m || m.index !== 0 || m[0].length === 0) return value;
  return spanned(text, value.span[0] + m[0].length, value.span[1]);
}
