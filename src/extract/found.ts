/**
 * A value read from the letter with the span of the text it was read from. Extractors return
 * their values as `Found` where the text states them; the record assembly (src/pipeline/assemble.ts)
 * turns every `Found` into its value and an evidence entry at its field path, in one place.
 */
import type { Span } from '../record/schema.js';

export class Found<T> {
  constructor(
    readonly value: T,
    readonly span: Span,
  ) {}
}

export const found = <T>(value: T, span: Span): Found<T> => new Found(value, span);
