/**
 * A full disk under the store. Two ways, so that the behaviour is tested everywhere:
 *
 * - injected: a store whose commit or closing checkpoint throws DuckDB's own words for a full disk
 *   (as a full tmpfs made DuckDB 1.5 say them), on any machine;
 * - for real: the store on a small tmpfs that fills up, through the real `imr ingest`. That needs
 *   root and a system that allows mounts; elsewhere (CI containers, say) it skips with a message.
 *
 * In both, letters count as stored only once committed, the message says in plain words that the
 * disk is full, what is safe and how to go on, and a re-run with room stores the rest, each once.
 */
import { storeCounts } from '../run-imr.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, statfsSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { diskFullWhileWriting, isDiskFull } from '../../src/cli/disk-full.js';
import { summaryText } from '../../src/cli/commands/ingest.js';
import { ingest, type IngestOptions, type IngestProgress } from '../../src/ingest/ingest.js';
import { Store } from '../../src/store/store.js';

vi.setConfig({ testTimeout: 120_000 });

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FAKE = new URL('../ingest/fixtures/fake-extractor.ts', import.meta.url);
const root = mkdtempSync(path.join(os.tmpdir(), 'imr-disk-full-'));
const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts) spawnSync('umount', ['-l', m]);
  rmSync(root, { recursive: true, force: true });
});

/** DuckDB's words when a commit cannot write its WAL (a full tmpfs, DuckDB 1.5). */
const commitError = (db: string) => `TransactionContext Error: Failed to commit: Could not write file "${db}.wal": No space left on device`;
/** ...and when a checkpoint cannot write the store file. */
const checkpointError = (db: string) =>
  'FATAL Error: Failed: database has been invalidated because of a previous fatal error. The database must be restarted prior to being used again.\n' +
  `Original error: "Failed to create checkpoint because of error: Could not write file "${db}": No space left on device"`;

let dirs = 0;
/** Letters for the fake extractor, each with 20 services: a few KB a letter in the store. */
function letters(count: number): string[] {
  const dir = path.join(root, `letters${dirs++}`);
  mkdirSync(dir);
  return Array.from({ length: count }, (_, i) => {
    const file = path.join(dir, `l${String(i).padStart(3, '0')}.txt`);
    writeFileSync(file, `letter ${dirs}-${i}\nservices: 20\n${'x'.repeat(3000)}\n`);
    return file;
  });
}

const options = (db: string | Store, files: readonly string[], extra: Partial<IngestOptions> = {}): IngestOptions => ({
  db,
  files,
  workers: 2,
  extractorUrl: FAKE.href,
  extractorVersion: 'fake-1',
  flushIntervalMs: 50,
  batchSize: 5,
  ...extra,
});

describe('isDiskFull', () => {
  it('knows a full disk in DuckDB\'s words and in Node\'s, and nothing else', () => {
    expect(isDiskFull(new Error(commitError('/s/imr.duckdb')))).toBe(true);
    expect(isDiskFull(new Error(checkpointError('/s/imr.duckdb')))).toBe(true);
    expect(isDiskFull(Object.assign(new Error('write failed'), { code: 'ENOSPC' }))).toBe(true);
    expect(isDiskFull(new Error('IO Error: Could not set lock on file "/s/imr.duckdb": Conflicting lock is held'))).toBe(false);
    expect(isDiskFull(new Error('FATAL Error: Failed: database has been invalidated because of a previous fatal error.'))).toBe(false);
  });
});

describe('a full disk, injected', () => {
  it('a commit that finds the disk full: only committed letters count as stored, the message says what is safe, a re-run stores the rest once', async () => {
    const db = path.join(root, 'commit.duckdb');
    const files = letters(40);
    const store = await Store.open(db);
    const write = store.write.bind(store);
    let writes = 0;
    let committed = 0;
    store.write = async (batch) => {
      if (++writes > 2) throw new Error(commitError(db));
      await write(batch);
      committed += batch.letters.length;
    };
    let last: IngestProgress | null = null;
    let ahead = 0;
    const onProgress = (p: IngestProgress) => {
      last = p;
      ahead = Math.max(ahead, p.stored - committed);
    };
    try {
      const err = await ingest(options(store, files, { onProgress })).then(
        () => null,
        (e: unknown) => e,
      );
      expect((err as Error).message).toBe(commitError(db));
      expect(committed).toBeGreaterThan(0);
      expect(committed).toBeLessThan(files.length);
      expect(ahead).toBe(0); // never claimed a letter before its commit
      const stored = (last as IngestProgress | null)!.stored;
      expect(stored).toBe(committed);
      expect((await store.counts()).letters).toBe(committed);

      const message = diskFullWhileWriting(db, stored, err);
      expect(message).toMatch(/^imr ingest: the disk holding the store is full, so the run stopped\.$/m);
      expect(message).toContain(`safe: ${committed} letter${committed === 1 ? '' : 's'} this run stored, and all stored before, are committed in ${db} and its write-ahead log ${db}.wal`);
      expect(message).toContain('then run the same command again: it resumes, extracting only the letters not stored yet');
      expect(message).toContain(`details: ${commitError(db)}`);

      store.write = write; // room again
      const again = await ingest(options(store, files));
      expect(again).toMatchObject({ stored: files.length - committed, skipped: committed, failed: 0 });
      expect(await store.counts()).toMatchObject({ letters: files.length, files: files.length, failures: 0 });
    } finally {
      store.close();
    }
  });

  it('a closing checkpoint that finds the disk full: the summary says plainly that every letter is committed', async () => {
    const db = path.join(root, 'checkpoint.duckdb');
    const files = letters(12);
    const store = await Store.open(db);
    const checkpoint = store.checkpoint.bind(store);
    store.checkpoint = async (o = {}) => {
      if (o.vacuum) throw new Error(checkpointError(db));
      return checkpoint(o);
    };
    try {
      const summary = await ingest(options(store, files));
      expect(summary).toMatchObject({ stored: 12, failed: 0, vacuumError: checkpointError(db) });
      expect((await store.counts()).letters).toBe(12);
      const text = summaryText(summary);
      expect(text).toContain(`  the disk holding the store is full: the closing checkpoint could not write ${db}.\n`);
      expect(text).toContain(`  safe: every letter of this run is committed, in ${db} and its write-ahead log ${db}.wal (keep the two together).\n`);
      expect(text).toContain('then run the same command again: it stores nothing twice');
      expect(text).not.toContain("the store's closing vacuum failed");
    } finally {
      store.close();
    }
  });
});

/** A tmpfs of `size` mounted at a new folder, or why it cannot be. */
function mountTmpfs(size: string): { dir: string } | { why: string } {
  const dir = mkdtempSync(path.join(root, 'tmpfs-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return { why: (r.stderr || r.error?.message || `mount exited ${r.status}`).trim() };
  mounts.push(dir);
  return { dir };
}

/** Fills the file system holding `dir` to within `leaveBytes` of full. */
function fill(dir: string, leaveBytes: number): string {
  const filler = path.join(dir, 'filler');
  const fd = openSync(filler, 'w');
  const block = Buffer.alloc(4096, 1);
  try {
    for (;;) {
      const { bavail, bsize } = statfsSync(dir);
      if (bavail * bsize <= leaveBytes) break;
      try {
        writeSync(fd, block, 0, Math.min(block.length, bavail * bsize - leaveBytes));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
        throw err;
      }
    }
  } finally {
    closeSync(fd);
  }
  return filler;
}

const probe = mountTmpfs('1m');
const canMount = 'dir' in probe;
if (!canMount) console.warn(`disk-full tests on a tmpfs: skipped, cannot mount one here (${probe.why}); the injected faults above cover the same behaviour`);

describe.skipIf(!canMount)('a full disk, for real (a small tmpfs)', () => {
  it('imr ingest whose commits fill the disk: stops with the plain message, the store holds exactly the letters it says, a re-run with room stores the rest once', async () => {
    const mnt = (mountTmpfs('2m') as { dir: string }).dir;
    const db = path.join(mnt, 'imr.duckdb');
    (await Store.open(db)).close();
    const filler = fill(mnt, 160 * 1024);
    const dir = path.dirname(letters(300)[0]!);
    const imr = () =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'ingest', dir, '--db', db, '--workers', '2', '--batch-size', '10'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, FORCE_COLOR: '0', IMR_EXTRACTOR_MODULE: fileURLToPath(FAKE) },
        timeout: 120_000,
      });
    const r = imr();
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^imr ingest: the disk holding the store is full, so the run stopped\.$/m);
    expect(r.stderr).toContain('No space left on device');
    expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
    const said = Number(/safe: (\d+) letters? this run stored/.exec(r.stderr)?.[1]);
    expect(said).toBeGreaterThan(0);
    expect(said).toBeLessThan(300);
    // No progress line ever claimed more than was committed.
    const claimed = [...r.stderr.matchAll(/\| stored (\d+) \|/g)].map((m) => Number(m[1]));
    expect(Math.max(...claimed)).toBe(said);

    rmSync(filler);
    execFileSync('mount', ['-o', 'remount,size=16m', mnt]);
    expect((await storeCounts(db)).letters).toBe(said);
    const again = imr();
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^ {2}stored {6}${300 - said}$`, 'm'));
    expect(await storeCounts(db)).toMatchObject({ letters: 300, files: 300, failures: 0 });
  });

  it('a closing checkpoint that finds the disk full: every letter is committed, and a re-run with room folds the log into the store', async () => {
    const mnt = (mountTmpfs('4m') as { dir: string }).dir;
    const db = path.join(mnt, 'imr.duckdb');
    const files = letters(30);
    const store = await Store.open(db);
    const checkpoint = store.checkpoint.bind(store);
    let filler: string | null = null;
    // The letters are committed (in the WAL); then the disk fills up just before the closing checkpoint.
    store.checkpoint = async (o = {}) => {
      if (o.vacuum) filler = fill(mnt, 0);
      return checkpoint(o);
    };
    let summary;
    try {
      summary = await ingest(options(store, files));
    } finally {
      try {
        store.close();
      } catch {
        // DuckDB's close after the failed checkpoint: the database was invalidated
      }
    }
    expect(summary).toMatchObject({ stored: 30, failed: 0 });
    expect(isDiskFull(summary.vacuumError)).toBe(true);
    expect(summaryText(summary)).toContain(`the disk holding the store is full: the closing checkpoint could not write ${db}.`);
    expect(existsSync(`${db}.wal`)).toBe(true);

    rmSync(filler!);
    expect((await storeCounts(db)).letters).toBe(30);
    const again = await ingest(options(db, files));
    expect(again).toMatchObject({ stored: 0, skipped: 30, vacuumError: null });
    expect(existsSync(`${db}.wal`)).toBe(false);
    expect(await storeCounts(db)).toMatchObject({ letters: 30, files: 30 });
  });
});
