/**
 * `imr export`: every table to `<dir>/<table>.parquet` (or `.csv`), for engines beyond one
 * machine, and the `records` view (sha256, record JSON) as `records.<format>`, so that engines
 * without the view still have each letter's whole record. Parquet keeps the column types (DATE,
 * INTEGER, JSON as text); CSV has a header row.
 */
import { mkdirSync } from 'node:fs';
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
}

export async function exportStore(store: Store, dir: string, format: ExportFormat, options: ExportOptions = {}): Promise<ExportedTable[]> {
  mkdirSync(dir, { recursive: true });
  const counts = await store.counts();
  const out: ExportedTable[] = [];
  const rowsOf = (table: Exportable) => counts[table === 'records' ? 'letters' : table];
  for (const table of options.tables ?? EXPORTABLE) {
    const file = path.join(dir, `${table}.${format}`);
    const how = format === 'parquet' ? `(FORMAT parquet, COMPRESSION zstd)` : `(FORMAT csv, HEADER true)`;
    // Ordered by key so that two exports of the same store are byte-for-byte comparable.
    const order = table === 'files' ? 'path' : table === 'failures' ? 'file' : table === 'letters' || table === 'records' ? 'sha256' : 'ALL';
    await store.exec(`COPY (SELECT * FROM ${table} ORDER BY ${order}) TO ${sqlString(file)} ${how}`);
    out.push({ table, file, rows: rowsOf(table) });
  }
  return out;
}
