import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExtractPool, PoolBrokenError } from '../../src/ingest/pool.js';

const FAKE = new URL('./fixtures/fake-extractor.ts', import.meta.url).href;
const BROKEN = new URL('./fixtures/broken-extractor.ts', import.meta.url).href;
const dir = mkdtempSync(path.join(os.tmpdir(), 'imr-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function letter(name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, body);
  return file;
}

/** Runs a file through the pool as the ingest does: its bytes read once, here. */
const runFile = (pool: ExtractPool, file: string) => pool.run(file, readFileSync(file));

describe('ExtractPool', () => {
  it('extracts, and survives crashes, uncaught errors, hangs and typed failures letter by letter', async () => {
    const pool = new ExtractPool({ size: 2, timeoutMs: 1500, extractorUrl: FAKE });
    try {
      const files = {
        good1: letter('good1.txt', 'a letter\nservices: 3\n'),
        crash: letter('crash.txt', 'CRASH\n'),
        throwLater: letter('throw.txt', 'THROW-LATER\n'),
        hang: letter('hang.txt', 'HANG\n'),
        fail: letter('fail.txt', 'FAIL\n'),
        good2: letter('good2.txt', 'another letter\n'),
      };
      const outcomes = await Promise.all(Object.values(files).map((f) => runFile(pool, f)));
      const by = Object.fromEntries(Object.keys(files).map((k, i) => [k, outcomes[i]!]));
      expect(by.good1!.status).toBe('ok');
      expect(by.good1!.status === 'ok' && by.good1!.letter.rows.services).toHaveLength(3);
      expect(by.good2!.status).toBe('ok');
      expect(by.crash).toMatchObject({ status: 'failed', error: { code: 'internal' } });
      expect(by.crash!.status === 'failed' && by.crash!.error.reason).toMatch(/worker crashed: .*code 7/);
      expect(by.throwLater).toMatchObject({ status: 'failed', error: { code: 'internal' } });
      expect(by.throwLater!.status === 'failed' && by.throwLater!.error.reason).toMatch(/boom in worker/);
      expect(by.hang).toMatchObject({ status: 'failed', error: { code: 'timeout' } });
      expect(by.fail).toMatchObject({ status: 'failed', error: { code: 'not-an-imr-letter', reason: 'told to fail' } });
      expect(pool.replacements).toBe(3);
      // Replacements took over: the pool still works.
      const after = await runFile(pool, letter('good3.txt', 'x\n'));
      expect(after.status).toBe('ok');
    } finally {
      await pool.close();
    }
  });

  it('a letter waiting behind one that kills or hangs its worker is not blamed: it runs on the replacement', async () => {
    const pool = new ExtractPool({ size: 1, timeoutMs: 1500, extractorUrl: FAKE });
    try {
      const outcomes = await Promise.all(
        [letter('c1.txt', 'CRASH\n'), letter('after-crash.txt', 'fine\n'), letter('h1.txt', 'HANG\n'), letter('after-hang.txt', 'fine too\n')].map((f) =>
          runFile(pool, f),
        ),
      );
      expect(outcomes.map((o) => (o.status === 'failed' ? o.error.code : o.status))).toEqual(['internal', 'ok', 'timeout', 'ok']);
    } finally {
      await pool.close();
    }
  });

  it('recycles workers after maxTasksPerWorker letters without losing any', async () => {
    const pool = new ExtractPool({ size: 1, extractorUrl: FAKE, maxTasksPerWorker: 2 });
    try {
      const files = Array.from({ length: 5 }, (_, i) => letter(`r${i}.txt`, `letter ${i}\n`));
      const outcomes = await Promise.all(files.map((f) => runFile(pool, f)));
      expect(outcomes.map((o) => o.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
      expect(pool.recycled).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('replaces a worker whose heap passes recycleHeapMb (a leak), finishing its letters first', async () => {
    const pool = new ExtractPool({ size: 1, extractorUrl: FAKE, recycleHeapMb: 64 });
    try {
      // Each letter leaks 20 MB: the worker passes 64 MB on its third or fourth letter.
      const files = Array.from({ length: 8 }, (_, i) => letter(`leak${i}.txt`, `LEAK 20\nletter ${i}\n`));
      const outcomes = await Promise.all(files.map((f) => runFile(pool, f)));
      expect(outcomes.map((o) => o.status)).toEqual(Array(8).fill('ok'));
      expect(pool.recycled).toBeGreaterThanOrEqual(2);
      expect(pool.replacements).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('keeps a worker whose heap stays under recycleHeapMb', async () => {
    const pool = new ExtractPool({ size: 1, extractorUrl: FAKE });
    try {
      const files = Array.from({ length: 8 }, (_, i) => letter(`small${i}.txt`, `LEAK 1\nletter ${i}\n`));
      expect((await Promise.all(files.map((f) => runFile(pool, f)))).map((o) => o.status)).toEqual(Array(8).fill('ok'));
      expect(pool.recycled).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('gives up when the extractor cannot load, instead of respawning forever', async () => {
    const pool = new ExtractPool({ size: 1, extractorUrl: BROKEN });
    try {
      await expect(runFile(pool, letter('b.txt', 'x\n'))).rejects.toBeInstanceOf(PoolBrokenError);
    } finally {
      await pool.close({ abort: true });
    }
  });

  it('close({abort}) cancels letters still queued or running', async () => {
    const pool = new ExtractPool({ size: 1, extractorUrl: FAKE });
    const slow = letter('slow.txt', 'SLOW 5000\n');
    const runs = [runFile(pool, slow), runFile(pool, slow)];
    await new Promise((r) => setTimeout(r, 300));
    await pool.close({ abort: true });
    expect((await Promise.all(runs)).map((o) => o.status)).toEqual(['cancelled', 'cancelled']);
  });
});
