/** What every extractor receives: the normalised text and the structure found in it. */
import type { Format, Section, Span } from '../record/schema.js';
import type { ItemBlock } from '../sections/items.js';

export interface LetterDoc {
  text: string;
  format: Format;
  sections: Section[];
  items: ItemBlock[];
}

/** A value with the span of the text it was read from. */
export interface Found<T> {
  value: T;
  span: Span;
}

export function section(doc: LetterDoc, ...names: string[]): Section | undefined {
  for (const name of names) {
    const s = doc.sections.find((x) => x.name === name);
    if (s) return s;
  }
  return undefined;
}

/**
 * The narrative part of the letter: the case summary (cut where the first item begins, when a
 * page break pushed an item into it), else everything before the first item.
 */
export function narrativeRange(doc: LetterDoc): { start: number; end: number } {
  const summary = section(doc, 'summary');
  const firstItem = doc.items[0]?.span[0];
  if (!summary) return { start: 0, end: firstItem ?? doc.text.length };
  const cut = firstItem !== undefined && firstItem > summary.start + 20 ? Math.min(summary.end, firstItem) : summary.end;
  return { start: summary.start, end: cut };
}
