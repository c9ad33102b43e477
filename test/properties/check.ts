/** What every extraction must satisfy, whatever the input (used by the property tests). */
import { expect } from 'vitest';
import { extractText, type Extraction } from '../../src/pipeline/index.js';
import { LetterError } from '../../src/errors.js';
import { ImrRecord } from '../../src/record/schema.js';
import { allSpans } from '../helpers.js';
import { fold } from './arbitraries.js';

/** Codes extractText may throw on text; anything else (invalid-record, a TypeError...) is a bug. */
const TEXT_ERRORS = new Set(['empty', 'not-an-imr-letter', 'too-large']);

/** Extracts, or returns the LetterError; any other throw fails the property. */
export function extractOrError(text: string): Extraction | LetterError {
  try {
    return extractText(text, { path: 'property.txt' });
  } catch (err) {
    if (err instanceof LetterError && TEXT_ERRORS.has(err.code)) return err;
    throw err;
  }
}

/** `want` is the request's words in order inside `got` (a heading pushed into a request is in its span, not its value). */
export function wordsWithin(want: string, got: string): boolean {
  const w = want.split(' ');
  const g = got.split(' ');
  if (w[0] !== g[0] || w[w.length - 1] !== g[g.length - 1]) return false;
  let j = 0;
  for (const word of g) if (j < w.length && word === w[j]) j++;
  return j === w.length;
}

export function checkExtraction({ record, text }: Extraction): void {
  const parsed = ImrRecord.safeParse(record);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);

  for (const { key, span } of allSpans(record)) {
    expect(span[0], key).toBeGreaterThanOrEqual(0);
    expect(span[0], key).toBeLessThanOrEqual(span[1]);
    expect(span[1], key).toBeLessThanOrEqual(text.length);
  }
  for (const s of record.sections) {
    expect(s.start).toBeLessThanOrEqual(s.end);
    expect(s.end).toBeLessThanOrEqual(text.length);
  }
  const at = (span: [number, number] | undefined) => (span ? fold(text.slice(span[0], span[1])) : undefined);

  // Each value slices out of the text at its span (whitespace folded).
  record.diagnoses.forEach((d, i) => expect(at(d.span), `diagnoses.${i}`).toBe(d.text));
  record.medications.forEach((m, i) => expect(at(record.evidence[`medications.${i}`]), `medications.${i}`).toBe(m));
  record.reviewer.specialties.forEach((s, i) => expect(at(record.evidence[`reviewer.specialties.${i}`]), `reviewer.specialties.${i}`).toBe(s));
  if (record.caseNumber !== null) expect(at(record.evidence.caseNumber)).toBe(record.caseNumber);
  record.imaging.forEach((im, i) => {
    const region = record.evidence[`imaging.${i}.bodyRegion`];
    if (im.bodyRegion !== null && region) expect(at(region), `imaging.${i}.bodyRegion`).toBe(im.bodyRegion);
    // A plain result is given in lower case (`Normal` → normal).
    const findings = record.evidence[`imaging.${i}.findings`];
    if (im.findings !== null && findings) expect(at(findings)!.toLowerCase(), `imaging.${i}.findings`).toBe(im.findings.toLowerCase());
  });
  record.services.forEach((s, i) => {
    const request = at(record.evidence[`services.${i}.request`])!;
    expect(wordsWithin(s.request, request), `services.${i}.request: ${JSON.stringify(s.request)} vs ${JSON.stringify(request)}`).toBe(true);
    for (const k of ['rationale', 'reviewerGuideline', 'claimsAdministratorGuideline', 'originalRequest', 'authorizedPortion'] as const) {
      const span = record.evidence[`services.${i}.${k}`];
      if (s[k] === null) expect(span, `services.${i}.${k} has evidence but no value`).toBeUndefined();
      else expect(at(span), `services.${i}.${k}`).toBe(s[k]);
    }
  });

  // Never a silently empty record.
  if (record.services.length === 0) expect(record.warnings).toContain('no disputed items found in the decision section');
}

/** Same input, same record: also after another letter went through (the stages keep per-text caches). */
export function checkDeterministic(text: string, other: string): void {
  const first = extractOrError(text);
  extractOrError(other);
  const again = extractOrError(text);
  if (first instanceof LetterError) {
    expect(again).toBeInstanceOf(LetterError);
    expect((again as LetterError).toJSON()).toEqual(first.toJSON());
  } else {
    expect(again).toEqual(first);
  }
}
