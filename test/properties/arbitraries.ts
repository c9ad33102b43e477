/**
 * Inputs for the property tests: any string at all; strings made of the words the pipeline keys
 * on (headings, labels, decision words, dates, drug and imaging names); and letter-like texts
 * built from the lines of our own corpus letters, shuffled and damaged the way archives and
 * PDF extraction damage them (lines lost, repeated, swapped, wrapped, joined, page breaks,
 * capitals, CRLF, a cut-off end).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

const CORPUS = fileURLToPath(new URL('../../corpus', import.meta.url));

function listTxt(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return listTxt(p);
    return e.isFile() && e.name.endsWith('.txt') ? [p] : [];
  });
}

/** Our own corpus letters (invented, in all five formats plus hard cases), as text. */
export const CORPUS_LETTERS: { name: string; text: string }[] = listTxt(CORPUS)
  .sort()
  .map((p) => ({ name: path.relative(CORPUS, p), text: new TextDecoder('utf-8').decode(readFileSync(p)).replace(/\r\n?/g, '\n') }));

const ALL_LINES = CORPUS_LETTERS.flatMap((l) => l.text.split('\n')).filter((l) => l.trim() !== '');

/** Words and phrases the formats, sections, item blocks and extractors look for. */
export const TOKENS = [
  'IMR', 'Independent Medical Review', 'Upheld', 'Overturned', 'Denial upheld', 'medically necessary', 'not medically necessary',
  'is not medically necessary and appropriate', 'MAXIMUS FEDERAL SERVICES, INC.', 'MAXIMUS Federal Services, Inc. has determined the request for',
  'Notice of Independent Medical Review Determination', 'IMR DECISION(S) AND RATIONALE(S)', 'MEDICAL PROFESSIONAL REVIEW', 'ISSUE AT DISPUTE:',
  'Case Number:', 'CM16-0904417', 'Date Assigned:', 'Date of Injury:', 'Decision Date:', 'UR Denial Date:', 'Priority:', 'Standard', 'Expedited',
  'Application Received:', 'HOW THE IMR FINAL DETERMINATION WAS MADE', 'CLINICAL CASE SUMMARY', 'IMR ISSUES, DECISIONS AND RATIONALES',
  'Case Summary:', 'DOCUMENTS REVIEWED', 'Claims Administrator guideline:', 'MAXIMUS guideline:', 'Decision rationale:',
  'Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids', 'ODG', 'ACOEM', 'The original request,', 'was the original request',
  'was authorized by the Claims Administrator', 'The remaining IMR eligible portion of the original request,', 'is:', '1)', '2.', 'Item 3 -',
  'State(s) of Licensure:', 'California', 'NC', 'Certification(s)/Specialty:', 'Board Certified in', 'Internal Medicine', 'licensed to practice in',
  'The injured worker is a', '48 year old', 'fifty-two-year-old', 'male', 'female', 'she', 'he', 'diagnosed with', 'Diagnoses include',
  'being treated for the diagnoses of', 'lumbar strain', 'status post', 'rule out', 'no evidence of', 'his mother', 'MRI of the lumbar spine',
  'x-rays of the right shoulder', 'revealed', 'showed', 'was normal', 'dated 10/13/2016', '10-30-', '2016', 'August 30, 2013', 'Norco', 'Ketaprofen',
  'Tramadol 50mg #60', 'requested', 'continue', 'utilization review', 'non-certified', 'Page 2 of 3', '-- 1 of 2 --', 'cumulative trauma',
  'while employed by', 'L4-', '5', 'electro-', 'diagnostic', '(', ')', ',', ';', ':', '.', ' and ', '&',
];

const SEPARATORS = ['\n', '\n\n', ' ', '  ', '\f', '\r\n', '\r', '\t', '\u00a0', '\u00ad', '-\n', '.\n', ': '];

/** Any UTF-16 string, lone surrogates and control characters included. */
export const anyString = (maxLength = 400) =>
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength });

/** Strings made of the pipeline's own trigger words, separators and random bits. */
export const tokenString = (maxParts = 120) =>
  fc
    .array(
      fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...TOKENS) },
        { weight: 4, arbitrary: fc.constantFrom(...SEPARATORS) },
        { weight: 2, arbitrary: fc.constantFrom(...ALL_LINES) },
        { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
        { weight: 1, arbitrary: anyString(8) },
      ),
      { maxLength: maxParts },
    )
    .map((parts) => parts.join(''));

type Op =
  | { op: 'drop' | 'duplicate' | 'upper' | 'pageBreak' | 'pageMarker' | 'join'; at: number }
  | { op: 'swap'; at: number; with: number }
  | { op: 'wrap'; at: number; col: number }
  | { op: 'borrow'; at: number; line: number }
  | { op: 'noise'; at: number; noise: string }
  | { op: 'cut'; at: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('drop', 'duplicate', 'upper', 'pageBreak', 'pageMarker', 'join'), at: fc.nat() }) as fc.Arbitrary<Op>,
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ op: fc.constant('wrap' as const), at: fc.nat(), col: fc.nat() }),
  fc.record({ op: fc.constant('borrow' as const), at: fc.nat(), line: fc.nat() }),
  fc.record({ op: fc.constant('noise' as const), at: fc.nat(), noise: tokenString(6) }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
);

function apply(lines: string[], op: Op): string[] {
  if (lines.length === 0) return lines;
  const i = op.at % lines.length;
  const out = [...lines];
  switch (op.op) {
    case 'drop':
      out.splice(i, 1);
      break;
    case 'duplicate':
      out.splice(i, 0, out[i]!);
      break;
    case 'upper':
      out[i] = out[i]!.toUpperCase();
      break;
    case 'pageBreak':
      out[i] = `\f${out[i]}`;
      break;
    case 'pageMarker':
      out.splice(i, 0, `Page ${i + 1} of ${lines.length}`, '\f');
      break;
    case 'join':
      if (i + 1 < out.length) out.splice(i, 2, `${out[i]} ${out[i + 1]}`);
      break;
    case 'swap': {
      const j = op.with % lines.length;
      [out[i], out[j]] = [out[j]!, out[i]!];
      break;
    }
    case 'wrap': {
      const line = out[i]!;
      const col = line.length ? op.col % line.length : 0;
      out.splice(i, 1, line.slice(0, col), line.slice(col));
      break;
    }
    case 'borrow':
      out.splice(i, 0, ALL_LINES[op.line % ALL_LINES.length]!);
      break;
    case 'noise':
      out[i] = `${out[i]}${op.noise}`;
      break;
    case 'cut':
      out.length = Math.max(1, i);
      break;
  }
  return out;
}

/** A corpus letter, damaged by a few random operations; sometimes with CRLF line ends. */
export const letterLike = fc
  .record({ letter: fc.nat(), ops: fc.array(opArb, { maxLength: 10 }), crlf: fc.boolean() })
  .map(({ letter, ops, crlf }) => {
    const base = CORPUS_LETTERS[letter % CORPUS_LETTERS.length]!;
    const text = ops.reduce(apply, base.text.split('\n')).join('\n');
    return crlf ? text.replace(/\n/g, '\r\n') : text;
  });

/** Folded whitespace, as values are printed. */
export const fold = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Runs in each property (FC_RUNS scales them all, e.g. FC_RUNS=10 for a deep soak). */
export function runs(n: number): number {
  const scale = Number(process.env.FC_RUNS ?? 1);
  return Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
