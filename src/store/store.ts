/**
 * The analyst store: one DuckDB file, written by one writer (the ingest's main thread), read by
 * `query`, `stats` and `export`. Writes are batched: each `write` is one transaction, so an
 * interrupted ingest leaves whole letters or none, and the next run resumes from what committed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
// Before DuckDB loads: how its allocator returns memory (see the module).
import './duckdb-memory.js';
import { DuckDBInstance, type DuckDBConnection, type DuckDBResultReader } from '@duckdb/node-api';
import { KeyFilter } from './key-filter.js';
import { whyNotAStore } from './not-a-store.js';
import { bytesOf } from './size.js';
import { sqlTimestamp, type LetterRowSet, type Row } from './rows.js';
import { tableNamed } from './tables.js';
import { joinReaderQueue } from './reader-queue.js';
import { DDL, LETTER_CHILD_TABLES, MIGRATIONS, STORE_SCHEMA_VERSION, TABLES, VIEWS, type TableName } from './schema.js';

export { DEFAULT_DB } from './defaults.js';

export class StoreError extends Error {
  override readonly name = 'StoreError';
}

export interface FailureRow {
  file: string;
  sha256: string | null;
  code: string;
  reason: string;
  extractorVersion: string;
  failedAt: Date;
}

/** A letter's recorded failure: under which extractor version, why, and the names it failed under. */
export interface LetterFailure {
  version: string;
  code: string;
  reason: string;
  files: string[];
}

export interface WriteBatch {
  /** Letters to store (letterRowSet); a letter already stored under the same sha256 is replaced whole. */
  letters: LetterRowSet[];
  /** Paths seen for stored letters (duplicates of one letter under several names included). */
  files: Array<{ path: string; sha256: string }>;
  failures: FailureRow[];
}

export interface QueryResult {
  columns: string[];
  /** DuckDB type of each column, as SQL (`VARCHAR`, `BIGINT`, `DATE`, ...). */
  types: string[];
  /** Values as JSON-safe JS: integers as numbers (as strings beyond 2^53), dates as ISO text. */
  rows: unknown[][];
}

export interface OpenOptions {
  readOnly?: boolean;
  /** Create the file (and its folder) when absent. Default: true unless readOnly. */
  create?: boolean;
  /** DuckDB settings (`memory_limit`, `threads`, ...) for this connection's database instance. */
  config?: Record<string, string>;
  /**
   * While another process holds the store (DuckDB allows one writer or several readers), retry
   * for up to this long (ms) before giving up. Default 0: fail at once.
   */
  waitMs?: number;
}

/**
 * DuckDB's memory limit while a writer with a smaller one upgrades an older store (see
 * Store.init). Measured: a 20,000-letter schema-2 store failed to upgrade under 64 and
 * 128 MB and passed under 256 MB, as did a 100,000-letter one (1.6 s).
 */
const MIGRATION_MEMORY_LIMIT = '1GB';

/** `'` doubled: DuckDB string literals have no backslash escapes. */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

function sqlList(values: readonly string[]): string {
  return values.map(sqlString).join(', ');
}

/** Fingerprints of the store's key columns (see key-filter.ts): what a lookup or a write need ask of DuckDB. */
interface StoredKeys {
  /** letters.sha256 */
  letters: KeyFilter;
  /** files.path */
  files: KeyFilter;
  /** failures.sha256 */
  failureShas: KeyFilter;
  /** failures.file */
  failureFiles: KeyFilter;
}

const KEY_COLUMNS: ReadonlyArray<[keyof StoredKeys, string]> = [
  ['letters', 'SELECT sha256 FROM letters'],
  ['files', 'SELECT path FROM files'],
  ['failureShas', 'SELECT sha256 FROM failures WHERE sha256 IS NOT NULL'],
  ['failureFiles', 'SELECT file FROM failures'],
];

export class Store {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly path: string,
    readonly readOnly: boolean,
  ) {}

  /**
   * The key columns' fingerprints, read at the first lookup or write and kept up to date by
   * `write`. A writer's `exec` and `query` drop them (to be read again at the next use): their SQL
   * may change the tables. Nothing else can: a writer holds its file alone. (SQL run on
   * `connection` directly is not seen; the store's own code does not write through it.)
   */
  private keys: StoredKeys | null = null;

  /**
   * The calls that read or change `keys` (lookups, write, exec, query) run one at a time: a load
   * of the fingerprints racing a write could otherwise install fingerprints without its keys.
   */
  private turn: Promise<unknown> = Promise.resolve();

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work);
    this.turn = run.catch(() => undefined);
    return run;
  }

  /** The store schema this store had when opened, and the one it has now (they differ after an upgrade). */
  opened: { from: number; to: number } = { from: STORE_SCHEMA_VERSION, to: STORE_SCHEMA_VERSION };

  static async open(dbPath: string, options: OpenOptions = {}): Promise<Store> {
    const readOnly = options.readOnly ?? false;
    const memory = dbPath === ':memory:';
    if (!memory) {
      const { existsSync } = await import('node:fs');
      if (!existsSync(dbPath)) {
        if (readOnly || options.create === false) {
          throw new StoreError(`no store at ${dbPath}: the file does not exist (run \`imr ingest\` first, or pass --db)`);
        }
        mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
      }
    }
    let instance: DuckDBInstance;
    const giveUpAt = performance.now() + (options.waitMs ?? 0);
    let leaveQueue: (() => void) | null = null;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          instance = await DuckDBInstance.create(dbPath, { ...(options.config ?? {}), ...(readOnly ? { access_mode: 'READ_ONLY' } : {}) });
          break;
        } catch (err) {
          const message = (err as Error).message;
          if (/lock/i.test(message)) {
            if (performance.now() < giveUpAt) {
              // Another process holds the store (an ingest): a reader says it waits, and the
              // ingest steps aside between two batches (see lease.ts). Short, jittered retries.
              if (readOnly) leaveQueue ??= joinReaderQueue(dbPath);
              await new Promise((r) => setTimeout(r, Math.min(20, 5 * 2 ** Math.min(attempt, 2)) + Math.random() * 10));
              continue;
            }
            throw new StoreError(`${dbPath} is in use by another process (an ingest still running?): ${message}`);
          }
          const why = memory ? null : whyNotAStore(dbPath);
          throw new StoreError(why ? `${dbPath} is not an imr store: ${why}` : `cannot open ${dbPath}: ${message}`);
        }
      }
    } finally {
      leaveQueue?.();
    }
    const connection = await instance.connect();
    const store = new Store(instance, connection, dbPath, readOnly);
    try {
      if (readOnly) await store.checkVersion();
      else await store.init(options.config?.memory_limit);
    } catch (err) {
      store.close();
      throw err;
    }
    return store;
  }

  /**
   * Creates what is missing, upgrades an older store, and (re)creates the views, all in one
   * transaction: a crash leaves the store as it was or wholly current, never a current schema
   * without its views. A store already at this schema with these views is left alone in one
   * query: the ingest reopens the store after every reader's turn (see lease.ts).
   */
  private async init(memoryLimit: string | undefined): Promise<void> {
    const definition = createHash('sha256').update(JSON.stringify([DDL, VIEWS])).digest('hex');
    const names = await this.tableNames();
    if (names.size > 0 && !names.has('store_meta')) {
      const why = whyNotAStore(this.path) ?? 'a DuckDB database without the store_meta table';
      throw new StoreError(`${this.path} is not an imr store: ${why}; imr will not write into it`);
    }
    let stored: string | null = null;
    if (names.has('store_meta')) {
      const r = await this.connection.runAndReadAll(`SELECT key, value FROM store_meta WHERE key IN ('store_schema_version', 'definition')`);
      const meta = new Map(r.getRowsJS().map(([k, v]) => [String(k), String(v)]));
      stored = meta.get('store_schema_version') ?? null;
      if (stored === String(STORE_SCHEMA_VERSION) && meta.get('definition') === definition) return;
    }
    // Upgrading copies whole tables in one transaction, which needs more memory than a batch of
    // letters: a writer's small limit (the ingest's 64 MB) is raised for it, then set back.
    const raise =
      memoryLimit !== undefined && bytesOf(memoryLimit) < bytesOf(MIGRATION_MEMORY_LIMIT) && stored !== null && stored !== String(STORE_SCHEMA_VERSION);
    if (raise) await this.connection.run(`SET memory_limit = ${sqlString(MIGRATION_MEMORY_LIMIT)}`);
    try {
      await this.initInTransaction(definition, stored);
    } finally {
      if (raise) await this.connection.run(`SET memory_limit = ${sqlString(memoryLimit)}`);
    }
  }

  /** init's one transaction: tables, upgrade, views and their definition. `version`: the store's schema, null for a new store. */
  private async initInTransaction(definition: string, version: string | null): Promise<void> {
    await this.inTransaction(async () => {
      for (const ddl of DDL) await this.connection.run(ddl);
      if (version === null) {
        await this.connection.run(
          `INSERT INTO store_meta VALUES ('store_schema_version', ${sqlString(String(STORE_SCHEMA_VERSION))}),
                                         ('created_at', ${sqlString(sqlTimestamp(new Date()))})`,
        );
      } else if (version !== String(STORE_SCHEMA_VERSION)) {
        await this.migrateFrom(version);
        this.opened = { from: Number(version), to: STORE_SCHEMA_VERSION };
      }
      for (const [name, sql] of Object.entries(VIEWS)) {
        await this.connection.run(`CREATE OR REPLACE VIEW ${name} AS ${sql}`);
      }
      await this.connection.run(`DELETE FROM store_meta WHERE key = 'definition'`);
      await this.connection.run(`INSERT INTO store_meta VALUES ('definition', ${sqlString(definition)})`);
    });
  }

  /** Upgrades a store of an older schema in place, inside init's transaction (all of it or none). */
  private async migrateFrom(version: string): Promise<void> {
    const migration = MIGRATIONS[version];
    if (!migration) throw new StoreError(`${this.path} has store schema ${version}; this imr writes schema ${STORE_SCHEMA_VERSION}`);
    try {
      for (const sql of migration) await this.connection.run(sql);
      await this.connection.run(
        `UPDATE store_meta SET value = ${sqlString(String(STORE_SCHEMA_VERSION))} WHERE key = 'store_schema_version'`,
      );
    } catch (err) {
      throw new StoreError(
        `${this.path}: upgrading store schema ${version} to ${STORE_SCHEMA_VERSION} failed, nothing changed: ${(err as Error).message}`,
      );
    }
  }

  private async checkVersion(): Promise<void> {
    if (!(await this.tableNames()).has('store_meta')) {
      throw new StoreError(`${this.path} is not an imr store: ${whyNotAStore(this.path) ?? 'a DuckDB database without the store_meta table'}`);
    }
    const version = await this.metaValue('store_schema_version');
    if (version === String(STORE_SCHEMA_VERSION)) return;
    const upgrade = version !== null && MIGRATIONS[version] ? ` (\`imr upgrade --db ${this.path}\` upgrades it)` : '';
    throw new StoreError(`${this.path} has store schema ${version}; this imr reads schema ${STORE_SCHEMA_VERSION}${upgrade}`);
  }

  /** The tables and views of the store's own database. */
  private async tableNames(): Promise<Set<string>> {
    const r = await this.connection.runAndReadAll(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_catalog = current_database()`,
    );
    return new Set(r.getRowsJS().map(([t]) => String(t)));
  }

  private async metaValue(key: string): Promise<string | null> {
    const r = await this.connection.runAndReadAll(`SELECT value FROM store_meta WHERE key = ${sqlString(key)}`);
    const v = r.getRowsJS()[0]?.[0];
    return typeof v === 'string' ? v : null;
  }

  /** Reads the key columns' fingerprints (once; see `keys`). */
  private async storedKeys(): Promise<StoredKeys> {
    if (this.keys) return this.keys;
    const keys: StoredKeys = { letters: new KeyFilter(), files: new KeyFilter(), failureShas: new KeyFilter(), failureFiles: new KeyFilter() };
    for (const [name, sql] of KEY_COLUMNS) {
      const result = await this.connection.stream(sql);
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        for (const key of chunk.getColumnValues(0)) keys[name].add(String(key));
      }
    }
    this.keys = keys;
    return keys;
  }

  /** sha256 → extractor version of the stored letters among `shas`. */
  storedVersions(shas: readonly string[]): Promise<Map<string, string>> {
    return this.inTurn(async () => {
      const out = new Map<string, string>();
      const maybe = (await this.storedKeys()).letters.filter(shas);
      if (maybe.length === 0) return out;
      const r = await this.connection.runAndReadAll(`SELECT sha256, extractor_version FROM letters WHERE sha256 IN (${sqlList(maybe)})`);
      for (const [sha, version] of r.getRowsJS()) out.set(String(sha), String(version));
      return out;
    });
  }

  /** sha256 → extractor version, code, reason and failed file names of recorded failures among `shas`. */
  failuresOf(shas: readonly string[]): Promise<Map<string, LetterFailure>> {
    return this.inTurn(async () => {
      const out = new Map<string, LetterFailure>();
      shas = (await this.storedKeys()).failureShas.filter(shas);
      if (shas.length === 0) return out;
      const r = await this.connection.runAndReadAll(
        `SELECT sha256, extractor_version, code, reason, file FROM failures WHERE sha256 IN (${sqlList(shas)}) ORDER BY failed_at`,
      );
      for (const [sha, version, code, reason, file] of r.getRowsJS()) {
        const known = out.get(String(sha)) ?? { version: String(version), code: String(code), reason: String(reason), files: [] };
        known.files.push(String(file));
        out.set(String(sha), known);
      }
      return out;
    });
  }

  /** The paths among `paths` already recorded in `files`. */
  knownPaths(paths: readonly string[]): Promise<Set<string>> {
    return this.inTurn(async () => {
      paths = (await this.storedKeys()).files.filter(paths);
      if (paths.length === 0) return new Set();
      const r = await this.connection.runAndReadAll(`SELECT path FROM files WHERE path IN (${sqlList(paths)})`);
      return new Set(r.getRowsJS().map(([p]) => String(p)));
    });
  }

  /** One transaction: replace the batch's letters whole, record their paths, update failures. */
  write(batch: WriteBatch): Promise<void> {
    return this.inTurn(async () => {
      if (this.readOnly) throw new StoreError('the store is open read-only');
      if (batch.letters.length === 0 && batch.files.length === 0 && batch.failures.length === 0) return;
      const now = new Date();
      const rows = new Map<TableName, Row[]>(TABLES.map((t) => [t, []]));
      const shas = new Set<string>();
      for (const letter of batch.letters) {
        if (shas.has(letter.sha256)) continue; // one letter, two names: keep the first
        shas.add(letter.sha256);
        for (const [table, tableRows] of Object.entries(letter.rows)) {
          const into = rows.get(table as TableName)!;
          for (const row of tableRows) into.push(row);
        }
      }
      const filePaths = new Set<string>();
      for (const f of batch.files) {
        if (filePaths.has(f.path)) continue;
        filePaths.add(f.path);
        rows.get('files')!.push([f.path, f.sha256, sqlTimestamp(now)]);
      }
      const failed = new Map<string, FailureRow>();
      for (const f of batch.failures) failed.set(f.file, f);
      for (const f of failed.values()) {
        rows.get('failures')!.push([f.file, f.sha256, f.code, f.reason, f.extractorVersion, sqlTimestamp(f.failedAt)]);
      }
      const storedPaths = batch.letters.map((l) => l.path);
      // Only keys that may be stored need DuckDB to find them: each search scans a key column.
      const keys = await this.storedKeys();
      const replacing = keys.letters.filter(shas);
      const failuresOut = {
        shas: keys.failureShas.filter(shas),
        files: keys.failureFiles.filter(new Set([...storedPaths, ...filePaths, ...failed.keys()])),
      };
      const pathsKnown = keys.files.filter(filePaths);

      await this.inTransaction(async () => {
        if (replacing.length > 0) {
          // Re-extraction replaces the letters already stored, whole (a fingerprint's rare false
          // positive deletes nothing).
          const replacingList = sqlList(replacing);
          for (const table of [...LETTER_CHILD_TABLES, 'letters'] as const) {
            await this.connection.run(`DELETE FROM ${table} WHERE sha256 IN (${replacingList})`);
          }
        }
        // A letter that now extracts is no longer a failure, under any of its names, and neither is
        // a file now recorded as a name of a stored letter; a failure recorded again replaces the
        // file's earlier one.
        const stale = [
          ...(failuresOut.shas.length > 0 ? [`sha256 IN (${sqlList(failuresOut.shas)})`] : []),
          ...(failuresOut.files.length > 0 ? [`file IN (${sqlList(failuresOut.files)})`] : []),
        ];
        if (stale.length > 0) await this.connection.run(`DELETE FROM failures WHERE ${stale.join(' OR ')}`);
        if (pathsKnown.length > 0) await this.connection.run(`DELETE FROM files WHERE path IN (${sqlList(pathsKnown)})`);
        for (const table of TABLES) {
          const tableRows = rows.get(table)!;
          if (tableRows.length > 0) await this.append(table, tableRows);
        }
      });
      try {
        for (const sha of shas) keys.letters.add(sha);
        for (const p of filePaths) keys.files.add(p);
        for (const f of failed.values()) {
          keys.failureFiles.add(f.file);
          if (f.sha256) keys.failureShas.add(f.sha256);
        }
      } catch {
        // Committed, but not all in the fingerprints (out of memory in a merge?): the write stands,
        // and the fingerprints are read again at the next use.
        this.keys = null;
      }
    });
  }

  /** Runs `work` in one transaction: committed whole, or rolled back and its error rethrown. */
  private async inTransaction(work: () => Promise<void>): Promise<void> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      await work();
      await this.connection.run('COMMIT');
    } catch (err) {
      await this.connection.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  private async append(table: TableName, rows: readonly Row[]): Promise<void> {
    const columns = tableNamed(table).columns;
    const appender = await this.connection.createAppender(table);
    try {
      for (const row of rows) {
        for (let i = 0; i < columns.length; i++) {
          const value = row[i];
          if (value === null || value === undefined) appender.appendNull();
          else if (columns[i]!.kind === 'int') appender.appendInteger(value as number);
          else if (columns[i]!.kind === 'bool') appender.appendBoolean(value as boolean);
          else appender.appendVarchar(String(value));
        }
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  /** Row counts of every table. */
  async counts(): Promise<Record<TableName, number>> {
    const sql = TABLES.map((t) => `SELECT ${sqlString(t)} AS t, count(*) AS n FROM ${t}`).join(' UNION ALL ');
    const r = await this.connection.runAndReadAll(sql);
    const out = Object.fromEntries(TABLES.map((t) => [t, 0])) as Record<TableName, number>;
    for (const [t, n] of r.getRowsJS()) out[t as TableName] = Number(n);
    return out;
  }

  query(sql: string): Promise<QueryResult> {
    return this.inTurn(async () => {
      if (!this.readOnly) this.keys = null;
      let reader: DuckDBResultReader;
      try {
        reader = await this.connection.runAndReadAll(sql);
      } catch (err) {
        throw new StoreError((err as Error).message);
      }
      return readerResult(reader);
    });
  }

  /** Runs statements that return nothing (COPY, CHECKPOINT, ...). */
  exec(sql: string): Promise<void> {
    return this.inTurn(async () => {
      if (!this.readOnly) this.keys = null;
      await this.connection.run(sql);
    });
  }

  /**
   * Writes what the WAL holds into the file. `vacuum`: this checkpoint with DuckDB's default
   * vacuum, whatever the store was opened with (the ingest's writer has none, see WRITER_CONFIG);
   * the store's own setting is back afterwards.
   */
  async checkpoint(options: { vacuum?: boolean } = {}): Promise<void> {
    if (this.readOnly) return;
    if (!options.vacuum) {
      await this.connection.run('CHECKPOINT');
      return;
    }
    const r = await this.connection.runAndReadAll(`SELECT current_setting('max_vacuum_tasks')::VARCHAR`);
    const own = String(r.getRowsJS()[0]![0]);
    await this.connection.run('RESET max_vacuum_tasks');
    try {
      await this.connection.run('CHECKPOINT');
    } finally {
      await this.connection.run(`SET max_vacuum_tasks = ${Number(own)}`);
    }
  }

  close(): void {
    try {
      this.connection.closeSync();
    } finally {
      this.instance.closeSync();
    }
  }
}

/** Integer-like and decimal types whose JSON form DuckDB gives as text. */
const NUMERIC_AS_TEXT = /^(?:BIGINT|HUGEINT|UBIGINT|UHUGEINT|DECIMAL)/;

export function readerResult(reader: DuckDBResultReader): QueryResult {
  const columns = reader.columnNames();
  const types = columns.map((_, i) => reader.columnLogicalType(i).alias ?? reader.columnType(i).toString());
  const rows = reader.getRowsJson().map((row) =>
    row.map((value, i) => {
      if (typeof value === 'string' && NUMERIC_AS_TEXT.test(types[i] ?? '')) {
        const n = Number(value);
        return Number.isSafeInteger(n) || (!Number.isInteger(n) && Number.isFinite(n)) ? n : value;
      }
      return value;
    }),
  );
  return { columns, types, rows };
}
