import { spawn } from 'node:child_process';
import { storeCounts, storeRows } from '../run-imr.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest, type IngestOptions } from '../../src/ingest/ingest.js';
import { Store } from '../../src/store/store.js';

const FAKE = new URL('./fixtures/fake-extractor.ts', import.meta.url).href;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const root = mkdtempSync(path.join(os.tmpdir(), 'imr-ingest-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dirs = 0;
function letters(count: number, prefix = 'l', body = (i: number) => `letter ${prefix}${i}\nservices: ${(i % 3) + 1}\n`): string[] {
  const dir = path.join(root, `d${dirs++}`);
  mkdirSync(dir, { recursive: true });
  return Array.from({ length: count }, (_, i) => {
    const file = path.join(dir, `${prefix}${String(i).padStart(3, '0')}.txt`);
    writeFileSync(file, body(i));
    return file;
  });
}

const run = (db: string, files: readonly string[], extra: Partial<IngestOptions> = {}) =>
  ingest({ db, files, workers: 2, extractorUrl: FAKE, extractorVersion: 'fake-1', flushIntervalMs: 50, ...extra });

describe('ingest', () => {
  it('is idempotent: ingesting the same letters twice adds nothing the second time', async () => {
    const db = path.join(root, 'twice.duckdb');
    const files = letters(30);
    const first = await run(db, files);
    expect(first).toMatchObject({ total: 30, done: 30, stored: 30, skipped: 0, failed: 0, interrupted: false });
    const once = await storeCounts(db);
    expect(once).toMatchObject({ letters: 30, services: 60, files: 30, failures: 0 });
    const second = await run(db, files);
    expect(second).toMatchObject({ total: 30, done: 30, stored: 0, skipped: 30, failed: 0 });
    expect(await storeCounts(db)).toEqual(once);
  });

  it('a re-run over stored letters, then new ones, then stored again (chunks grow over stored ones): each new letter stored once, the rest skipped', async () => {
    const db = path.join(root, 'growing-chunks.duckdb');
    const stored = letters(40, 's');
    await run(db, stored, { chunkSize: 2 });
    const fresh = letters(9, 'n');
    const files = [...stored, ...fresh, ...stored.slice(0, 7), ...letters(3, 'm')];
    const seen: number[] = [];
    const second = await run(db, files, { chunkSize: 2, onProgress: (p) => seen.push(p.done) });
    expect(second).toMatchObject({ total: 59, done: 59, stored: 12, skipped: 47, failed: 0 });
    expect(seen.at(-1)).toBe(59);
    expect(await storeCounts(db)).toMatchObject({ letters: 52, files: 52, failures: 0 });
  });

  it('reports the workers it renewed on purpose (here every 4 letters), and loses no letter by it', async () => {
    const db = path.join(root, 'renewed.duckdb');
    const s = await run(db, letters(20, 'w'), { maxTasksPerWorker: 4 });
    expect(s).toMatchObject({ stored: 20, failed: 0, workerReplacements: 0 });
    // 20 letters, 4 a worker: at least 3 workers retire with nothing left in their queue.
    expect(s.workersRecycled).toBeGreaterThanOrEqual(3);
    expect((await storeCounts(db)).letters).toBe(20);
  });

  it('many small runs into one store leave one row group a table, not one a run (the run ends with a vacuum)', async () => {
    const db = path.join(root, 'small-runs.duckdb');
    const all = letters(24, 'r');
    for (let i = 0; i < all.length; i += 4) expect((await run(db, all.slice(i, i + 4))).vacuumError).toBeNull();
    const groups = await storeRows(db, `SELECT count(DISTINCT row_group_id)::INT FROM pragma_storage_info('letters')`);
    expect(groups).toEqual([[1]]);
    expect((await storeCounts(db)).letters).toBe(24);
  }, 30_000);

  it('a closing vacuum that fails is reported in the summary, and the run\'s letters stay stored', async () => {
    const store = await Store.open(path.join(root, 'vacuum-fails.duckdb'));
    const checkpoint = store.checkpoint.bind(store);
    store.checkpoint = async (options = {}) => {
      if (options.vacuum) throw new Error('no room to vacuum');
      return checkpoint(options);
    };
    try {
      const s = await ingest({ db: store, files: letters(5, 'v'), workers: 2, extractorUrl: FAKE, extractorVersion: 'fake-1', flushIntervalMs: 50 });
      expect(s).toMatchObject({ stored: 5, failed: 0, vacuumError: 'no room to vacuum' });
      expect((await store.counts()).letters).toBe(5);
    } finally {
      store.close();
    }
  });

  it('stores a letter once however many names it has, and records each name', async () => {
    const db = path.join(root, 'dupes.duckdb');
    const [a] = letters(1, 'orig');
    const copies = letters(3, 'copy', () => 'letter orig0\nservices: 1\n');
    const s = await run(db, [a!, ...copies]);
    expect(s).toMatchObject({ stored: 1, skipped: 3 });
    expect(await storeCounts(db)).toMatchObject({ letters: 1, files: 4 });
  });

  it('a name met after its letter was committed in the same run is skipped, not extracted again', async () => {
    const db = path.join(root, 'late-dupe.duckdb');
    const [a] = letters(1, 'first');
    const slow = letters(12, 'slow', (i) => `SLOW 20\nletter slow${i}\nservices: 1\n`);
    const [b] = letters(1, 'late', () => 'letter first0\nservices: 1\n');
    // One chunk, one worker, every letter committed at once: `first` is committed long before the
    // loop reaches `late` (the same bytes), whose chunk lookup said "not stored".
    const s = await run(db, [a!, ...slow, b!], { workers: 1, batchSize: 1, flushIntervalMs: 1, chunkSize: 64 });
    expect(s).toMatchObject({ stored: 13, skipped: 1, failed: 0 });
    expect(await storeCounts(db)).toMatchObject({ letters: 13, files: 14 });
  });

  it('resumes after an interruption: finished letters are kept, the rest done next time, none twice', async () => {
    const db = path.join(root, 'resume.duckdb');
    const files = letters(40, 'r', (i) => `SLOW 20\nletter r${i}\n`);
    const controller = new AbortController();
    const first = await run(db, files, {
      batchSize: 5,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done >= 12) controller.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    expect(first.stored).toBeGreaterThanOrEqual(12);
    expect(first.stored).toBeLessThan(40);
    const kept = (await storeCounts(db)).letters!;
    expect(kept).toBe(first.stored); // everything finished before the stop was committed

    const second = await run(db, files, { batchSize: 5 });
    expect(second).toMatchObject({ stored: 40 - kept, skipped: kept, failed: 0, interrupted: false });
    expect(await storeCounts(db)).toMatchObject({ letters: 40, services: 80, files: 40 });
  });

  it('resumes after a hard kill: committed batches survive, the next run completes the set', async () => {
    const db = path.join(root, 'killed.duckdb');
    const files = letters(60, 'k', (i) => `SLOW 80\nletter k${i}\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/ingest/fixtures/run-ingest.ts', db, '4', ...files], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const done = Math.max(0, ...[...out.matchAll(/done (\d+)/g)].map((m) => Number(m[1])));
        if (done >= 16 && child.exitCode === null && !child.killed) {
          // Give the batch of the first letters time to commit, then kill without warning.
          setTimeout(() => child.kill("SIGKILL"), 100);
        }
      });
      child.on('exit', () => resolve());
    });
    expect(out).not.toContain('finished');
    const kept = (await storeCounts(db)).letters!;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(60);

    const second = await run(db, files);
    expect(second).toMatchObject({ stored: 60 - kept, skipped: kept, failed: 0 });
    expect(await storeCounts(db)).toMatchObject({ letters: 60, services: 120, files: 60 });
  }, 60_000);

  it('puts every failure in the failures table and goes on with the batch', async () => {
    const db = path.join(root, 'failures.duckdb');
    const good = letters(6);
    const bad = letters(4, 'bad', (i) => ['CRASH\n', 'FAIL\n', 'HANG\n', ''][i]!);
    const missing = path.join(root, 'no-such-letter.txt');
    const s = await run(db, [bad[0]!, ...good.slice(0, 3), bad[1]!, bad[2]!, missing, bad[3]!, ...good.slice(3)], {
      timeoutMs: 1500,
      unmatched: [{ input: 'nothing/*.pdf', reason: 'glob matched no files' }],
    });
    expect(s).toMatchObject({ total: 12, stored: 6, failed: 6, interrupted: false });
    expect(s.workerReplacements).toBe(2);
    const failures = await storeRows(db, `SELECT file, sha256 IS NOT NULL, code, extractor_version, failed_at IS NOT NULL FROM failures ORDER BY file`);
    expect(failures).toEqual(
      [
        [bad[0], true, 'internal', 'fake-1', true],
        [bad[1], true, 'not-an-imr-letter', 'fake-1', true],
        [bad[2], true, 'timeout', 'fake-1', true],
        [bad[3], true, 'empty', 'fake-1', true],
        ['nothing/*.pdf', false, 'not-found', 'fake-1', true],
        [missing, false, 'not-found', 'fake-1', true],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const reasons = await storeRows(db, `SELECT reason FROM failures WHERE code = 'internal'`);
    expect(String(reasons[0]![0])).toMatch(/worker crashed/);

    // Known failures are not retried by default (a timeout costs its full budget every time)...
    const again = await run(db, [...bad.slice(0, 2), ...good], { timeoutMs: 1500 });
    expect(again).toMatchObject({ stored: 0, failed: 0, skipped: 8, skippedFailures: 2 });
    expect((await storeCounts(db)).failures).toBe(6);
    // ...unless asked; and a letter that now extracts leaves the failures table.
    writeFileSync(bad[1]!, 'fixed now\n');
    const retried = await run(db, [bad[0]!, bad[1]!], { retryFailed: true });
    expect(retried).toMatchObject({ stored: 1, failed: 1 });
    expect(await storeRows(db, `SELECT file FROM failures WHERE file = '${bad[1]}'`)).toEqual([]);
    expect(await storeCounts(db)).toMatchObject({ letters: 7, failures: 5 });
  }, 30_000);

  it('--reextract replaces letters stored by another extractor version, and only those', async () => {
    const db = path.join(root, 'reextract.duckdb');
    const files = letters(10);
    await run(db, files.slice(0, 6));
    const before = await storeCounts(db);
    process.env.FAKE_EXTRACTOR_VERSION = 'fake-2';
    try {
      const plain = await run(db, files, { extractorVersion: 'fake-2' });
      expect(plain).toMatchObject({ stored: 4, skipped: 6, reextracted: 0 });
      const re = await run(db, files, { extractorVersion: 'fake-2', reextract: true });
      expect(re).toMatchObject({ stored: 6, reextracted: 6, skipped: 4 });
      const again = await run(db, files, { extractorVersion: 'fake-2', reextract: true });
      expect(again).toMatchObject({ stored: 0, skipped: 10 });
    } finally {
      delete process.env.FAKE_EXTRACTOR_VERSION;
    }
    expect(await storeRows(db, `SELECT extractor_version, count(*) FROM letters GROUP BY 1`)).toEqual([['fake-2', 10]]);
    // Letters 6..9 carry 1, 2, 3 and 1 services.
    expect((await storeCounts(db)).services).toBe(before.services! + 7);
  });
});
