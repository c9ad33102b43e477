/**
 * The ingest's lease holds the store open between batches and steps aside for a reader in
 * another process: at once when the writer is idle, and the writer gets the store back after.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreLease } from '../../src/store/lease.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'imr-lease-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Opens the store read-only in another process (as `imr query` does) and prints the letter count. */
function readInChild(db: string, waitMs: number): Promise<{ code: number | null; out: string }> {
  const script = `
    const { Store } = await import(${JSON.stringify(path.join(ROOT, 'src/store/store.ts'))});
    try {
      const s = await Store.open(${JSON.stringify(db)}, { readOnly: true, waitMs: ${waitMs} });
      const r = await s.query('SELECT count(*) AS n FROM letters');
      s.close();
      console.log('letters', r.rows[0][0]);
    } catch (e) { console.log('error', e.message); process.exitCode = 3; }`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out: out.trim() })));
}

describe('store lease', () => {
  it('holds the store between uses, lets a waiting reader in, and takes the store back', async () => {
    const db = path.join(dir, 'held.duckdb');
    const lease = StoreLease.of(db);
    try {
      await lease.use(async () => undefined);
      // Held: a reader that will not wait is refused.
      const refused = await readInChild(db, 0);
      expect(refused.code).toBe(3);
      expect(refused.out).toMatch(/in use by another process/);
      // A reader that waits gets in while the writer is idle.
      const reader = await readInChild(db, 20_000);
      expect(reader).toEqual({ code: 0, out: 'letters 0' });
      // And the writer works again afterwards.
      const n = await lease.use(async (s) => (await s.counts()).letters);
      expect(n).toBe(0);
    } finally {
      lease.close();
    }
  }, 60_000);
});
