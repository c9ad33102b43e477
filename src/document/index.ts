/**
 * The letter document: what flows from the structure stages to every extractor. It holds the
 * normalised text and what was found in it (format, sections, item blocks), and computes the
 * shared views of the text once per letter: the narrative range, its sentences, the context cues
 * of each sentence, where dates start. Extractors read it and return values with spans; nothing
 * is cached outside it, so two letters never share state.
 */
import { contextMatcher, type ContextFlag, type ContextMatcher, type ContextOptions, type TextRange } from '../context/index.js';
import type { Format, Section } from '../record/schema.js';
import type { ItemBlock } from '../sections/items.js';
import { DATE_PATTERN_SOURCE } from '../text/dates.js';
import { splitSentences, type SentenceSpan } from '../text/sentences.js';

export type { TextRange } from '../context/index.js';
export type { SentenceSpan } from '../text/sentences.js';

export interface LetterDoc {
  readonly text: string;
  readonly format: Format;
  readonly sections: readonly Section[];
  readonly items: readonly ItemBlock[];
  /**
   * The narrative part of the letter: the case summary (cut where the first item begins, when a
   * page break pushed an item into it), else everything before the first item.
   */
  readonly narrative: TextRange;
  /** Each item's rationale, in item order (items without one left out). */
  readonly rationales: readonly TextRange[];
  /** Where every printed date starts, in text order. */
  readonly dateStarts: readonly number[];
  /** The first section of the given names, in the order asked. */
  section(...names: string[]): Section | undefined;
  /** The sentences of a range of the text (split once per range). */
  sentences(range: TextRange): readonly SentenceSpan[];
  /** ConText flags (negated, hypothetical, ...) of `target` within `sentence`. */
  context(sentence: TextRange, target: TextRange, options?: ContextOptions): ReadonlySet<ContextFlag>;
}

const ANY_DATE = new RegExp(DATE_PATTERN_SOURCE, 'gi');

class Letter implements LetterDoc {
  readonly narrative: TextRange;
  readonly rationales: readonly TextRange[];
  private readonly matcher: ContextMatcher;
  private readonly sentencesByRange = new Map<string, readonly SentenceSpan[]>();
  private dates: readonly number[] | null = null;

  constructor(
    readonly text: string,
    readonly format: Format,
    readonly sections: readonly Section[],
    readonly items: readonly ItemBlock[],
  ) {
    this.matcher = contextMatcher(text);
    this.rationales = items.flatMap((it) => (it.rationale ? [{ start: it.rationale.span[0], end: it.rationale.span[1] }] : []));
    const summary = this.section('summary');
    const firstItem = items[0]?.span[0];
    if (!summary) this.narrative = { start: 0, end: firstItem ?? text.length };
    else {
      const cut = firstItem !== undefined && firstItem > summary.start + 20 ? Math.min(summary.end, firstItem) : summary.end;
      this.narrative = { start: summary.start, end: cut };
    }
  }

  get dateStarts(): readonly number[] {
    this.dates ??= [...this.text.matchAll(ANY_DATE)].map((m) => m.index);
    return this.dates;
  }

  section(...names: string[]): Section | undefined {
    for (const name of names) {
      const s = this.sections.find((x) => x.name === name);
      if (s) return s;
    }
    return undefined;
  }

  sentences(range: TextRange): readonly SentenceSpan[] {
    const key = `${range.start}:${range.end}`;
    let found = this.sentencesByRange.get(key);
    if (!found) {
      found = splitSentences(this.text, range.start, range.end);
      this.sentencesByRange.set(key, found);
    }
    return found;
  }

  context(sentence: TextRange, target: TextRange, options?: ContextOptions): ReadonlySet<ContextFlag> {
    return this.matcher(sentence, target, options);
  }
}

export function createLetterDoc(text: string, format: Format, sections: readonly Section[], items: readonly ItemBlock[]): LetterDoc {
  return new Letter(text, format, sections, items);
}
