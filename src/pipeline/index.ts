/**
 * The pipeline: read → normalise → detect format → sectionise → item blocks → extract →
 * validate. Every stage is a pure function of the previous stage's output; this file only
 * wires them and assembles the record.
 */
import { ImrRecord, SCHEMA_VERSION, type Evidence, type Source } from '../record/schema.js';
import {
  readBytesWithin,
  readLetterBytes,
  type PdfEngineName,
  type ReadLimits,
  DEFAULT_PDF_ENGINE,
  DEFAULT_READ_LIMITS,
  LetterError,
  textTooLarge,
} from '../read/index.js';
import { normalizeText } from '../normalize/index.js';
import { detectFormat, imrSignalCount, sectionize } from '../sections/index.js';
import { findItemBlocks } from '../sections/items.js';
import type { LetterDoc, Found } from '../extract/doc.js';
import { extractHeader } from '../extract/header/index.js';
import { extractReviewer } from '../extract/reviewer/index.js';
import { extractPatient } from '../extract/patient/index.js';
import { extractInjury } from '../extract/injury/index.js';
import { extractDiagnoses } from '../extract/diagnoses/index.js';
import { extractImaging } from '../extract/imaging/index.js';
import { extractMedications } from '../extract/medications/index.js';
import { extractServices } from '../extract/services/index.js';
import { EXTRACTOR_VERSION } from './version.js';
import { createHash } from 'node:crypto';

export { EXTRACTOR_VERSION } from './version.js';

export interface Extraction {
  record: ImrRecord;
  /** The normalised text every span points into. */
  text: string;
}

const EXPECTED_SECTIONS: Record<string, string[]> = {
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
export function extractText(rawText: string, source: Partial<Source> = {}, readWarnings: string[] = [], options: ExtractTextOptions = {}): Extraction {
  const file = source.path ?? '<text>';
  const maxTextChars = options.maxTextChars ?? DEFAULT_READ_LIMITS.maxTextChars;
  if (rawText.length > maxTextChars) throw textTooLarge(file, rawText.length, maxTextChars);
  const { text, warnings: normWarnings } = normalizeText(rawText);
  const warnings = [...readWarnings, ...normWarnings];
  if (text.trim() === '') throw new LetterError('empty', file, 'no text left after normalisation');
  const format = detectFormat(text);
  if (format === 'unknown' && imrSignalCount(text) < 2) {
    throw new LetterError('not-an-imr-letter', file, 'the text carries none of the marks of an IMR determination letter');
  }
  if (format === 'unknown') warnings.push('unknown letter format: parsed with generic rules');
  const sections = sectionize(text, format);
  for (const name of EXPECTED_SECTIONS[format] ?? []) {
    if (!sections.some((s) => s.name === name)) warnings.push(`missing section: ${name}`);
  }
  // A decision line whose request text is gone (a damaged or cut letter: `: Upheld` alone) cannot
  // become a service (the schema wants a request); it is dropped with a warning, not the letter.
  const blocks = findItemBlocks(text, sections, format);
  const items = blocks.filter((item) => item.request.text !== '');
  for (const item of blocks) {
    if (item.request.text === '') warnings.push(`decision with no request text skipped (at character ${item.decisionSpan[0]})`);
  }
  if (items.length === 0) warnings.push('no disputed items found in the decision section');
  const doc: LetterDoc = { text, format, sections, items };

  const evidence: Evidence = {};
  const put = <T>(key: string, f: Found<T> | null): T | null => {
    if (!f) return null;
    evidence[key] = f.span;
    return f.value;
  };
  const header = extractHeader(doc);
  const reviewer = extractReviewer(doc);
  const patient = extractPatient(doc);
  const injury = extractInjury(doc);
  const injuryDate = put('injury.date', header.injuryDate);
  const conflicting = header.injuryDatesInText.find((d) => d.value !== injuryDate);
  if (injuryDate && conflicting) warnings.push(`injury date conflict: header says ${injuryDate}, text says ${conflicting.value}`);

  const diagnoses = extractDiagnoses(doc).map((d) => ({ text: d.value, span: d.span }));
  const imaging = extractImaging(doc).map((im, i) => {
    for (const [k, span] of Object.entries(im.evidence)) if (span) evidence[`imaging.${i}.${k}`] = span;
    return { modality: im.modality, bodyRegion: im.bodyRegion, date: im.date, findings: im.findings, span: im.span };
  });
  const medications = extractMedications(doc).map((m, i) => put(`medications.${i}`, m)!);
  const services = extractServices(doc, evidence);

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
    caseNumber: put('caseNumber', header.caseNumber),
    dates: {
      assigned: put('dates.assigned', header.dates.assigned),
      decision: put('dates.decision', header.dates.decision),
      urDenial: put('dates.urDenial', header.dates.urDenial),
      applicationReceived: put('dates.applicationReceived', header.dates.applicationReceived),
    },
    priority: put('priority', header.priority),
    reviewer: {
      licensure: reviewer.licensure.map((l, i) => put(`reviewer.licensure.${i}`, l)!),
      specialties: reviewer.specialties.map((s, i) => put(`reviewer.specialties.${i}`, s)!),
    },
    patient: { age: put('patient.age', patient.age), sex: put('patient.sex', patient.sex) },
    injury: { date: injuryDate, employer: put('injury.employer', injury.employer), mechanism: put('injury.mechanism', injury.mechanism) },
    diagnoses,
    imaging,
    medications,
    services,
    sections,
    evidence,
    warnings,
  };
  const parsed = ImrRecord.safeParse(candidate);
  if (!parsed.success) {
    throw new LetterError('invalid-record', file, 'the extracted record failed schema validation', parsed.error.issues);
  }
  return { record: parsed.data, text };
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
