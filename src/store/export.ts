/**
 * `imr export`: every table to `<dir>/<table>.parquet` (or `.csv`), for engines beyond one
 * machine, and the `records` view (sha256, record JSON) as `records.<format>`, so that engines
 * without the view still have each letter's whole record. Parquet keeps the column types (DATE,
 * INTEGER, JSON as text); CSV has a header row.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { EXPORTABLE, type Exportable } from './schema.js';
import { sqlString, type Store } from './store.js';

export type ExportFormat = 'parquet' | 'csv';

export interface ExportedTable {
  table: Exportable;
  file: string;
  rows: number;
}

export interface ExportOptions {
  /** Tables (or `records`) to write; default all. */
  tables?: readonly Exportable[];
  /** Rebuild the records this many letters or so at a time; default RECORDS_PER_PART. */
  recordsPerPart?: number;
}

/**
 * Letters per part when the records are rebuilt for an export. Rebuilding holds a part's records
 * and their child rows in memory at once: a whole 20,000-letter store in one query peaked at
 * 664 MB, so a big store is rebuilt part by part (by the leading hex digits of sha256, which
 * spread letters evenly) and the parts joined into one file in key order.
 */
const RECORDS_PER_PART = 10_000;

/**
 * Parquet as written: zstd, row groups of 16,384 rows. DuckDB's default (122,880) buffers a row
 * group of records JSON in memory: a 100,000-letter export then failed under a 512 MB limit.
 */
const PARQUET = `(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 16384)`;

export async function exportStore(store: Store, dir: string, format: ExportFormat, options: ExportOptions = {}): Promise<ExportedTable[]> {
  mkdirSync(dir, { recursive: true });
  const counts = await store.counts();
  const out: ExportedTable[] = [];
  const how = format === 'parquet' ? PARQUET : `(FORMAT csv, HEADER true)`;
  for (const table of options.tables ?? EXPORTABLE) {
    const file = path.join(dir, `${table}.${format}`);
    if (table === 'records') {
      await exportRecords(store, file, how, counts.letters ?? 0, options.recordsPerPart ?? RECORDS_PER_PART);
      out.push({ table, file, rows: counts.letters ?? 0 });
      continue;
    }
    // Ordered by key so that two exports of the same store are byte-for-byte comparable.
    const order = table === 'files' ? 'path' : table === 'failures' ? 'file' : table === 'letters' ? 'sha256' : 'ALL';
    await store.exec(`COPY (SELECT * FROM ${table} ORDER BY ${order}) TO ${sqlString(file)} ${how}`);
    out.push({ table, file, rows: counts[table] ?? 0 });
  }
  return out;
}

/** The `records` view to one file in sha256 order, rebuilt `perPart` letters or so at a time. */
async function exportRecords(store: Store, file: string, how: string, letters: number, perPart: number): Promise<void> {
  let digits = 0;
  while (letters / 16 ** digits > perPart && digits < 4) digits++;
  if (digits === 0) {
    await store.exec(`COPY (SELECT * FROM records ORDER BY sha256) TO ${sqlString(file)} ${how}`);
    return;
  }
  const parts = mkdtempSync(path.join(path.dirname(file), '.records-parts-'));
  try {
    const prefixes = Array.from({ length: 16 ** digits }, (_, i) => i.toString(16).padStart(digits, '0'));
    const partFiles: string[] = [];
    for (const prefix of prefixes) {
      const part = path.join(parts, `${prefix}.parquet`);
      // After the hex digits of the prefix come only hex digits, all below `g`.
      const range = `sha256 >= ${sqlString(prefix)} AND sha256 < ${sqlString(`${prefix}g`)}`;
      await store.exec(`COPY (SELECT * FROM records WHERE ${range} ORDER BY sha256) TO ${sqlString(part)} ${PARQUET}`);
      partFiles.push(part);
    }
    // Read back in prefix order, each part already sorted: the whole file is in sha256 order without a sort.
    await store.exec(`COPY (SELECT * FROM read_parquet([${partFiles.map(sqlString).join(', ')}])) TO ${sqlString(file)} ${how}`);
  } finally {
    rmSync(parts, { recursive: true, force: true });
  }
}
