/**
 * A record to the rows of the normalised tables. Pure: no database here, so the mapping is
 * tested on its own and the writer only appends.
 */
import type { ImrRecord } from '../record/schema.js';
import { bodyRegionOf, letterBodyRegion, requestKey, yearOf } from './derive.js';
import type { TableName } from './schema.js';

/** How a value goes into its column: ints as integers, everything else as text DuckDB casts. */
export type ColumnKind = 'int' | 'text';
export type Cell = string | number | null;
export type Row = Cell[];

/** Column order of each table as created in schema.ts; `int` columns are appended as integers. */
export const COLUMNS: Record<TableName, ReadonlyArray<readonly [string, ColumnKind]>> = {
  letters: [
    ['sha256', 'text'], ['path', 'text'], ['kind', 'text'], ['pages', 'int'], ['format', 'text'],
    ['case_number', 'text'], ['date_assigned', 'text'], ['date_decision', 'text'], ['date_ur_denial', 'text'],
    ['date_application_received', 'text'], ['year', 'int'], ['priority', 'text'], ['patient_age', 'int'],
    ['patient_sex', 'text'], ['injury_date', 'text'], ['injury_employer', 'text'], ['injury_mechanism', 'text'],
    ['body_region', 'text'], ['n_services', 'int'], ['n_upheld', 'int'], ['n_overturned', 'int'], ['n_warnings', 'int'],
    ['schema_version', 'int'], ['extractor_version', 'text'], ['ingested_at', 'text'], ['record', 'text'],
  ],
  services: [
    ['sha256', 'text'], ['idx', 'int'], ['request', 'text'], ['request_key', 'text'], ['decision', 'text'],
    ['category', 'text'], ['body_region', 'text'], ['original_request', 'text'], ['authorized_portion', 'text'],
    ['claims_administrator_guideline', 'text'], ['reviewer_guideline', 'text'], ['rationale', 'text'],
    ['span_start', 'int'], ['span_end', 'int'],
  ],
  guidelines: [['sha256', 'text'], ['service_idx', 'int'], ['idx', 'int'], ['source', 'text'], ['title', 'text'], ['section', 'text']],
  diagnoses: [['sha256', 'text'], ['idx', 'int'], ['text', 'text'], ['body_region', 'text'], ['span_start', 'int'], ['span_end', 'int']],
  imaging: [
    ['sha256', 'text'], ['idx', 'int'], ['modality', 'text'], ['body_region', 'text'], ['date', 'text'],
    ['findings', 'text'], ['span_start', 'int'], ['span_end', 'int'],
  ],
  medications: [['sha256', 'text'], ['idx', 'int'], ['name', 'text']],
  reviewer_specialties: [['sha256', 'text'], ['idx', 'int'], ['specialty', 'text']],
  reviewer_licensure: [['sha256', 'text'], ['idx', 'int'], ['state', 'text']],
  warnings: [['sha256', 'text'], ['idx', 'int'], ['warning', 'text']],
  files: [['path', 'text'], ['sha256', 'text'], ['seen_at', 'text']],
  failures: [['file', 'text'], ['sha256', 'text'], ['code', 'text'], ['reason', 'text'], ['extractor_version', 'text'], ['failed_at', 'text']],
};

export type LetterRows = Record<Exclude<TableName, 'files' | 'failures'>, Row[]>;

/**
 * A letter as the store takes it: its key, the name it was read under, and its rows. Ingest
 * workers make these, so the main thread (the store's one writer) only appends.
 */
export interface LetterRowSet {
  sha256: string;
  path: string;
  rows: LetterRows;
}

/** The row set of a record; `ingestedAt` is when it was extracted for the store. */
export function letterRowSet(record: ImrRecord, ingestedAt: Date = new Date()): LetterRowSet {
  return { sha256: record.source.sha256, path: record.source.path, rows: recordRows(record, ingestedAt) };
}

/** A timestamp DuckDB reads as TIMESTAMP (UTC). */
export function sqlTimestamp(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

export function recordRows(record: ImrRecord, ingestedAt: Date, path = record.source.path): LetterRows {
  const sha = record.source.sha256;
  const upheld = record.services.filter((s) => s.decision === 'upheld').length;
  const region = letterBodyRegion(record);
  return {
    letters: [
      [
        sha, path, record.source.kind, record.source.pages, record.format, record.caseNumber,
        record.dates.assigned, record.dates.decision, record.dates.urDenial, record.dates.applicationReceived,
        yearOf(record), record.priority, record.patient.age, record.patient.sex,
        record.injury.date, record.injury.employer, record.injury.mechanism, region,
        record.services.length, upheld, record.services.length - upheld, record.warnings.length,
        record.schemaVersion, record.extractorVersion, sqlTimestamp(ingestedAt), JSON.stringify(record),
      ],
    ],
    services: record.services.map((s, i) => [
      sha, i, s.request, requestKey(s.request), s.decision, s.category,
      bodyRegionOf(s.request) ?? bodyRegionOf(s.originalRequest),
      s.originalRequest, s.authorizedPortion, s.claimsAdministratorGuideline, s.reviewerGuideline, s.rationale,
      s.span[0], s.span[1],
    ]),
    guidelines: record.services.flatMap((s, i) => s.guidelines.map((g, j): Row => [sha, i, j, g.source, g.title, g.section])),
    diagnoses: record.diagnoses.map((d, i) => [sha, i, d.text, bodyRegionOf(d.text), d.span[0], d.span[1]]),
    imaging: record.imaging.map((m, i) => [sha, i, m.modality, m.bodyRegion, m.date, m.findings, m.span[0], m.span[1]]),
    medications: record.medications.map((name, i) => [sha, i, name]),
    reviewer_specialties: record.reviewer.specialties.map((s, i) => [sha, i, s]),
    reviewer_licensure: record.reviewer.licensure.map((s, i) => [sha, i, s]),
    warnings: record.warnings.map((w, i) => [sha, i, w]),
  };
}
