/**
 * Why a file given as the store is not one, in plain words. DuckDB's own words for a JSON or CSV
 * file are `Catalog Error: Cannot launch in-memory database in read-only mode!`, and for a folder
 * `Could not read from file`. Asked only once DuckDB has refused the file or found no store in it:
 * before, a store an ingest is still creating (an empty file under DuckDB's lock) would look like
 * no store at all to a reader that ought to wait for it.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** A DuckDB database file starts with an 8-byte checksum, then these bytes. */
const DUCKDB_MAGIC = Buffer.from('DUCK');
const DUCKDB_MAGIC_OFFSET = 8;

/** Why `file` cannot be a store (a folder, an empty file, not a DuckDB file), or null when it may be one. */
export function whyNotAStore(file: string): string | null {
  let info;
  try {
    info = statSync(file);
  } catch {
    return null; // gone, or not ours to look at: DuckDB's message stands
  }
  if (info.isDirectory()) return 'it is a folder (--db names the store file)';
  if (!info.isFile()) return 'it is not a regular file';
  if (info.size === 0) return 'it is an empty file';
  const head = Buffer.alloc(DUCKDB_MAGIC_OFFSET + DUCKDB_MAGIC.length);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const read = readSync(fd, head, 0, head.length, 0);
    if (read < head.length || !head.subarray(DUCKDB_MAGIC_OFFSET).equals(DUCKDB_MAGIC)) return 'it is not a DuckDB database file';
  } finally {
    closeSync(fd);
  }
  return null;
}
