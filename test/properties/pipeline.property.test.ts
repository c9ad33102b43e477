/**
 * Property tests (fast-check) over the normaliser, the sectioniser and item blocks, and whole
 * extraction: on any input they return without throwing (or throw only a typed LetterError),
 * every record validates, every span lies in the text and slices to its value, and the same
 * input always gives the same result. Run counts are fixed below (FC_RUNS=10 multiplies them).
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { normalizeText } from '../../src/normalize/index.js';
import { FORMATS } from '../../src/record/schema.js';
import { detectFormat, sectionize } from '../../src/sections/index.js';
import { findItemBlocks } from '../../src/sections/items.js';
import { LetterError } from '../../src/errors.js';
import { anyString, CORPUS_LETTERS, fold, letterLike, runs, tokenString } from './arbitraries.js';
import { checkDeterministic, checkExtraction, extractOrError, wordsWithin } from './check.js';

export const RUNS = {
  normalizeAny: runs(1000),
  normalizeTokens: runs(500),
  sections: runs(500),
  extractAny: runs(300),
  extractTokens: runs(400),
  extractLetterLike: runs(200),
  deterministic: runs(100),
};

const anyInput = fc.oneof(anyString(), tokenString());

/** Inputs these properties once failed on, kept as fixed examples (each run tries them first). */
const FOUND: [string][] = (() => {
  const letter = CORPUS_LETTERS.find((l) => l.name === 'dwc-header/shoulder-mri-emg.txt')!.text;
  return [
    // A decision line whose request was lost: the record failed the schema (empty request).
    [letter.replace('Tramadol 50mg #60: Upheld', ': Upheld')],
    // A heading pushed into a request whose words also end the line above: the value lost the wrong copy.
    [letter.replace('MRI of the right shoulder without contrast: Overturned', 'MRI of the right shoulder withIMR ISSUES, DECISIONS AND RATIONALES\nIMR ISSUES, DECISIONS AND RATIONALES\nwithout contrast: Overturned')],
    // A pushed-in heading first in the request: the span began at the heading.
    [letter.replace('MRI of the right shoulder without contrast: Overturned', 'IMR ISSUES, DECISIONS AND RATIONALES\nMRI of the right shoulder without contrast: Overturned')],
    // Specialties read from prose, one after `, and`: the value dropped the `and`, the span kept it.
    [letter.replace(/^Certification\(s\)\/Specialty:.*\n/m, '')],
  ];
})();

// A few seconds at these counts; FC_RUNS soaks take longer.
vi.setConfig({ testTimeout: 30_000 * Math.max(1, Number(process.env.FC_RUNS ?? 1)) });

describe('normaliser', () => {
  it(`never throws; the text has no CR, form feed, tab, control character, half surrogate pair or edge blank line (${RUNS.normalizeAny} + ${RUNS.normalizeTokens} runs)`, () => {
    const property = (raw: string) => {
      const { text } = normalizeText(raw);
      expect(text).not.toMatch(/[\r\f\t\u0000-\u0008\u000b\u000e-\u001f\u007f\u00a0\u00ad]/);
      expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      expect(text).not.toMatch(/\n\n\n/);
      expect(text.startsWith('\n') || text.endsWith('\n')).toBe(false);
      expect(normalizeText(raw).text).toBe(text);
    };
    fc.assert(fc.property(anyString(), property), { numRuns: RUNS.normalizeAny });
    fc.assert(fc.property(tokenString(), property), { numRuns: RUNS.normalizeTokens });
  });

  it('a half surrogate pair becomes U+FFFD in place; a whole pair stays', () => {
    expect(normalizeText('Case CM16\uD800-0001 \uDC00 and \uD83D\uDE00').text).toBe('Case CM16\uFFFD-0001 \uFFFD and \uD83D\uDE00');
  });

  it('CRLF and CR line ends normalise like LF', () => {
    fc.assert(
      fc.property(letterLike, (raw) => {
        const lf = raw.replace(/\r\n?/g, '\n');
        const { text } = normalizeText(lf);
        expect(normalizeText(lf.replace(/\n/g, '\r\n')).text).toBe(text);
        expect(normalizeText(lf.replace(/\n/g, '\r')).text).toBe(text);
      }),
      { numRuns: RUNS.deterministic },
    );
  });
});

describe('sectioniser and item blocks', () => {
  it(`sections tile the text in order under each format; item spans lie in the text and slice to their values (${RUNS.sections} runs)`, () => {
    fc.assert(
      fc.property(fc.oneof(tokenString(), letterLike), fc.constantFrom(...FORMATS, null), (raw, forced) => {
        const { text } = normalizeText(raw);
        const format = forced ?? detectFormat(text);
        const sections = sectionize(text, format);
        if (text.length > 0) {
          expect(sections[0]!.start).toBe(0);
          expect(sections[sections.length - 1]!.end).toBe(text.length);
        }
        sections.forEach((s, i) => {
          expect(s.start).toBeLessThan(s.end);
          if (i > 0) expect(s.start).toBe(sections[i - 1]!.end);
        });
        expect(new Set(sections.map((s) => s.name)).size).toBe(sections.length);

        for (const item of findItemBlocks(text, sections, format)) {
          for (const span of [item.span, item.request.span, item.decisionSpan]) {
            expect(span[0]).toBeLessThanOrEqual(span[1]);
            expect(span[1]).toBeLessThanOrEqual(text.length);
          }
          // The request may be empty (`: Upheld` alone: the pipeline drops it with a warning).
          if (item.request.text) expect(wordsWithin(item.request.text, fold(text.slice(item.request.span[0], item.request.span[1])))).toBe(true);
          for (const part of [item.rationale, item.reviewerGuideline, item.claimsAdministratorGuideline, item.originalRequest, item.authorizedPortion]) {
            if (part) expect(fold(text.slice(part.span[0], part.span[1]))).toBe(part.text);
          }
        }
      }),
      { numRuns: RUNS.sections },
    );
  });
});

describe('extraction', () => {
  it(`any string: a valid record whose spans slice to their values, or a typed LetterError (${RUNS.extractAny} runs)`, () => {
    fc.assert(
      fc.property(anyString(2000), (raw) => {
        const result = extractOrError(raw);
        if (!(result instanceof LetterError)) checkExtraction(result);
      }),
      { numRuns: RUNS.extractAny },
    );
  });

  it(`strings of the pipeline's own trigger words: same (${RUNS.extractTokens} runs)`, () => {
    let records = 0;
    fc.assert(
      fc.property(tokenString(200), (raw) => {
        const result = extractOrError(raw);
        if (!(result instanceof LetterError)) {
          records++;
          checkExtraction(result);
        }
      }),
      { numRuns: RUNS.extractTokens },
    );
    expect(records).toBeGreaterThan(RUNS.extractTokens / 20); // enough of them look like letters to reach the extractors (~15%)
  });

  it(`corpus letters shuffled and damaged: same, and they mostly still yield records with services (${RUNS.extractLetterLike} runs)`, () => {
    let withServices = 0;
    fc.assert(
      fc.property(letterLike, (raw) => {
        const result = extractOrError(raw);
        if (result instanceof LetterError) return;
        checkExtraction(result);
        if (result.record.services.length > 0) withServices++;
      }),
      { numRuns: RUNS.extractLetterLike, examples: FOUND },
    );
    expect(withServices).toBeGreaterThan(RUNS.extractLetterLike / 2);
  });

  it(`is deterministic: the same input gives the same record, also after another letter (${RUNS.deterministic} runs)`, () => {
    fc.assert(fc.property(fc.oneof(letterLike, anyInput), letterLike, checkDeterministic), { numRuns: RUNS.deterministic });
  });
});
