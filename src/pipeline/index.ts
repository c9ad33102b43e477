/**
 * The pipeline: read → normalise → detect format → sectionise → item blocks → letter document →
 * extract → assemble → validate. Every stage is a pure function of the previous stage's output;
 * this file only wires them. Extractors return values with spans (`Found`); `assemble` turns them
 * into the record and its evidence in one step.
 */
import { createHash } from 'node:crypto';
import { createLetterDoc } from '../document/index.js';
import { LetterError } from '../errors.js';
import { extractDiagnoses } from '../extract/diagnoses/index.js';
import { extractHeader } from '../extract/header/index.js';
import { extractImaging } from '../extract/imaging/index.js';
import { extractInjury } from '../extract/injury/index.js';
import { extractMedications } from '../extract/medications/index.js';
import { extractPatient } from '../extract/patient/index.js';
import { extractReviewer } from '../extract/reviewer/index.js';
import { extractServices } from '../extract/services/index.js';
import { timingOf } from '../extract/timing/index.js';
import { normalizeText } from '../normalize/index.js';
import { DEFAULT_PDF_ENGINE, DEFAULT_READ_LIMITS, readBytesWithin, readLetterBytes, readLetterFile, textTooLarge, type PdfEngineName, type ReadLimits } from '../read/index.js';
import { ImrRecord, SCHEMA_VERSION, type Evidence, type Format, type Source } from '../record/schema.js';
import { detectFormat, imrSignalCount, sectionize } from '../sections/index.js';
import { findItemBlocks } from '../sections/items.js';
import { assemble } from './assemble.js';
import { EXTRACTOR_VERSION } from './version.js';
import { warning, type Warning } from '../warnings.js';

export { EXTRACTOR_VERSION } from './version.js';
export type { Warning, WarningCode } from '../warnings.js';

export interface Extraction {
  record: ImrRecord;
  /** The normalised text every span points into. */
  text: string;
  /** The record's warnings with their codes (and spans, where about one place). */
  warnings: Warning[];
}

const EXPECTED_SECTIONS: Record<Format, string[]> = {
  'dwc-header': ['header', 'reviewer', 'summary', 'decisions'],
  'dwc-prose': ['reviewer', 'summary', 'decisions'],
  'maximus-notice': ['reviewer', 'summary'],
  'maximus-documents': ['summary', 'decisions'],
  'medical-professional-review': ['issue', 'summary', 'rationale', 'reviewer'],
  unknown: [],
};

export interface ExtractTextOptions {
  /** Longer texts are refused with `too-large` (default DEFAULT_READ_LIMITS.maxTextChars). */
  maxTextChars?: number;
}

/**
 * Extracts a record from a letter's text. Throws LetterError: `invalid-record` if the record
 * fails the schema, `too-large` for a text over the length limit (extraction time grows with
 * length), `empty`, `not-an-imr-letter`.
 */
export function extractText(rawText: string, source: Partial<Source> = {}, readWarnings: readonly Warning[] = [], options: ExtractTextOptions = {}): Extraction {
  const file = source.path ?? '<text>';
  const maxTextChars = options.maxTextChars ?? DEFAULT_READ_LIMITS.maxTextChars;
  if (rawText.length > maxTextChars) throw textTooLarge(file, rawText.length, maxTextChars);
  const { text } = normalizeText(rawText);
  const warnings: Warning[] = [...readWarnings];
  if (text.trim() === '') throw new LetterError('empty', file, 'no text left after normalisation');
  const format = detectFormat(text);
  if (format === 'unknown' && imrSignalCount(text) < 2) {
    throw new LetterError('not-an-imr-letter', file, 'the text carries none of the marks of an IMR determination letter');
  }
  if (format === 'unknown') warnings.push(warning('unknown-format', 'unknown letter format: parsed with generic rules'));
  const sections = sectionize(text, format);
  for (const name of EXPECTED_SECTIONS[format]) {
    if (!sections.some((s) => s.name === name)) warnings.push(warning('missing-section', `missing section: ${name}`));
  }
  // A decision line whose request text is gone (a damaged or cut letter: `: Upheld` alone) cannot
  // become a service (the schema wants a request); it is dropped with a warning, not the letter.
  const blocks = findItemBlocks(text, sections, format);
  const items = blocks.filter((item) => item.request.text !== '');
  for (const item of blocks) {
    if (item.request.text === '') {
      warnings.push(warning('decision-without-request', `decision with no request text skipped (at character ${item.decisionSpan[0]})`, item.decisionSpan));
    }
  }
  if (items.length === 0) warnings.push(warning('no-items', 'no disputed items found in the decision section'));
  const doc = createLetterDoc(text, format, sections, items);

  const header = extractHeader(doc);
  const injuryDate = header.injuryDate;
  const conflicting = header.injuryDatesInText.find((d) => d.value !== injuryDate?.value);
  if (injuryDate && conflicting) {
    warnings.push(warning('injury-date-conflict', `injury date conflict: header says ${injuryDate.value}, text says ${conflicting.value}`, conflicting.span));
  }
  const evidence: Evidence = {};
  const fields = assemble(
    {
      caseNumber: header.caseNumber,
      dates: header.dates,
      priority: header.priority,
      reviewer: extractReviewer(doc),
      patient: extractPatient(doc),
      injury: { date: injuryDate, ...extractInjury(doc, injuryDate?.value ?? null) },
      diagnoses: extractDiagnoses(doc),
      imaging: extractImaging(doc),
      medications: extractMedications(doc),
      services: extractServices(doc),
    },
    evidence,
  );
  const candidate = {
    schemaVersion: SCHEMA_VERSION,
    extractorVersion: EXTRACTOR_VERSION,
    source: {
      path: file,
      sha256: source.sha256 ?? createHash('sha256').update(rawText).digest('hex'),
      kind: source.kind ?? 'text',
      pages: source.pages ?? null,
      engine: source.engine ?? null,
    },
    format,
    ...fields,
    timing: timingOf(fields.dates, fields.injury.date),
    sections,
    evidence,
    warnings: warnings.map((w) => w.message),
  };
  const parsed = ImrRecord.safeParse(candidate);
  if (!parsed.success) {
    throw new LetterError('invalid-record', file, 'the extracted record failed schema validation', parsed.error.issues);
  }
  return { record: parsed.data, text, warnings };
}

export interface ExtractFileOptions {
  /** Size, time and length limits per letter; unset ones take DEFAULT_READ_LIMITS. */
  limits?: Partial<ReadLimits>;
  /** The engine that reads PDFs (default DEFAULT_PDF_ENGINE); the record's `source.engine` says which one did. */
  pdfEngine?: PdfEngineName;
}

/** Reads and extracts one letter file. Throws LetterError naming the file and the reason. */
export async function extractFile(file: string, options: ExtractFileOptions = {}): Promise<Extraction> {
  const maxBytes = options.limits?.maxBytes ?? DEFAULT_READ_LIMITS.maxBytes;
  return extractBytes(file, readBytesWithin(file, maxBytes), options);
}

/**
 * Extracts a letter from bytes already read (an ingest reads each file once, to hash it, and
 * hands the same bytes on). `file` is the name the record and errors give.
 */
export async function extractBytes(file: string, bytes: Uint8Array, options: ExtractFileOptions = {}): Promise<Extraction> {
  const limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  const raw = await readLetterBytes(file, bytes, limits, options.pdfEngine ?? DEFAULT_PDF_ENGINE);
  return extractText(raw.rawText, raw.source, raw.warnings, { maxTextChars: limits.maxTextChars });
}

/** A letter file's normalised text (what a record's spans point into), without extracting it. */
export async function normalizedTextOf(file: string, pdfEngine: PdfEngineName = DEFAULT_PDF_ENGINE): Promise<string> {
  return normalizeText((await readLetterFile(file, DEFAULT_READ_LIMITS, pdfEngine)).rawText).text;
}
