/**
 * A record to the rows of the normalised tables. Pure: no database here, so the mapping is
 * tested on its own and the writer only appends.
 */
import type { ImrRecord } from '../record/schema.js';
import { bodyRegionOf, letterBodyRegion, requestKey, yearOf } from './derive.js';
import { TABLE_COLUMNS, TABLES, type TableName } from './schema.js';

/** How a value goes into its column: ints as integers, everything else as text DuckDB casts. */
export type ColumnKind = 'int' | 'text';
export type Cell = string | number | null;
export type Row = Cell[];

/** Column order of each table (schema.ts TABLE_COLUMNS); `int` columns are appended as integers. */
export const COLUMNS = {} as Record<TableName, ReadonlyArray<readonly [string, ColumnKind]>>;
for (const t of TABLES) COLUMNS[t] = TABLE_COLUMNS[t].map(([name, type]) => [name, type.startsWith('INTEGER') ? 'int' : 'text'] as const);

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
        record.schemaVersion, record.extractorVersion, sqlTimestamp(ingestedAt),
        JSON.stringify(record.sections), JSON.stringify(record.evidence), record.source.engine,
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
