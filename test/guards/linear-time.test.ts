/**
 * Extraction time stays linear in the text's length on adversarial input: each text below is
 * 200,000 characters of one pattern that some stage once took quadratic (or worse) time on,
 * from a few seconds to minutes: normaliser hyphen rejoining, item-block outcome rows and
 * numbered determinations, prose credentials, per-mention imaging and medication cues. Each
 * now takes well under a second; the bound is loose so a loaded CI machine does not flake, and
 * tight enough that a quadratic regression (tens of seconds here) fails.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/pipeline/index.js';
import { LetterError } from '../../src/errors.js';

const PREFIX = {
  unknown: 'IMR Upheld medically necessary\n',
  header: 'Case Number: CM16-0000001\nDate Assigned: 1/1/2016\nHOW THE IMR FINAL DETERMINATION WAS MADE\nCLINICAL CASE SUMMARY\n',
  notice: 'MAXIMUS FEDERAL SERVICES, INC.\nNotice of Independent Medical Review Determination\nCase Summary:\n',
  documents: 'MAXIMUS FEDERAL SERVICES, INC.\nIMR DECISION(S) AND RATIONALE(S)\nCLINICAL CASE SUMMARY\n',
} as const;

const CASES: [keyof typeof PREFIX, string, string][] = [
  ['unknown', '', 'a'],
  ['header', '', 'a-\n'],
  ['header', '', 'ab-\ncd '],
  ['header', '', 'x: Upheld\n'],
  ['unknown', '', 'a\nb: Upheld\n'],
  ['header', '', 'Board Certified in '],
  ['header', '', 'licensed in '],
  ['header', '', 'Certification(s)/Specialty: a &\n'],
  ['header', '', 'MRI '],
  ['header', '', 'x-ray on '],
  ['header', '', '1/1/2016 MRI '],
  ['header', '', 'no MRI '],
  ['header', '', 'Norco '],
  ['header', '', 'taking Norco '],
  ['unknown', '1 ', '. '],
  ['notice', '', '1) x\n'],
  ['documents', '', '1) x\n'],
  ['header', '', 'Radiographs were taken and revealed '],
  ['unknown', '', '\f'],
  ['header', '', 'diagnosed with a, '],
  ['header', '', 'notmedically isnot '],
  ['header', '', 'peer-\nreviewed '],
];

const LENGTH = 200_000;
const BOUND_MS = 5_000;

describe('extraction time on adversarial text', () => {
  it.each(CASES)(`%s letter, then %j, then %j repeated to ${LENGTH} characters: under ${BOUND_MS} ms`, (prefix, head, fragment) => {
    const text = PREFIX[prefix] + head + fragment.repeat(Math.ceil(LENGTH / fragment.length));
    const started = performance.now();
    try {
      extractText(text, { path: 'adversarial.txt' });
    } catch (err) {
      if (!(err instanceof LetterError)) throw err;
    }
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
  });
});
