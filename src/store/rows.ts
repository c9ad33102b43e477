/**
 * A record to the rows of the store's tables (tables.ts). Pure: no database here, so the mapping
 * is tested on its own and the writer only appends.
 */
import type { ImrRecord } from '../record/schema.js';
import { placesOf, RECORD_TABLES, rowOf, type Cell } from './tables.js';

export type { Cell } from './tables.js';
export type Row = Cell[];

/** Rows of each record table, by table name. */
export type LetterRows = Record<string, Row[]>;

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

const LETTERS = RECORD_TABLES[0]!;
const INGESTED_AT = LETTERS.columns.findIndex((c) => c.name === 'ingested_at');
const PATH = LETTERS.columns.findIndex((c) => c.name === 'path');

/** Every record table's rows for one record; `path` names the file it was read under. */
export function recordRows(record: ImrRecord, ingestedAt: Date, path = record.source.path): LetterRows {
  const rows: LetterRows = {};
  for (const t of RECORD_TABLES) rows[t.name] = placesOf(t, record).map((place) => rowOf(t, place));
  const letter = rows.letters![0]!;
  letter[INGESTED_AT] = sqlTimestamp(ingestedAt);
  letter[PATH] = path;
  return rows;
}
