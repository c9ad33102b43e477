/**
 * How the store's write path behaves as it grows: batches of 500 letters (records of our own
 * corpus letters, each copy under a new sha256) are written one after another into a fresh
 * store, with a CHECKPOINT every 4 batches, printing per-batch lookup, write and checkpoint time
 * and the process RSS. DuckDB rewrites the partly filled last row group at each checkpoint, so
 * checkpoint time grows with the store until a row group fills (see the README, "Speed").
 *
 *   npm run build && node scripts/store-growth.mjs [letters=40000] [--wal 16MB]
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(path.join(ROOT, 'dist', p));
const { extractFile } = await dist('pipeline/index.js');
const { Store } = await dist('store/store.js');
const { letterRowSet } = await dist('store/rows.js');

const letters = Number(process.argv[2] ?? 40000);
const walAt = process.argv.indexOf('--wal');
const config = { memory_limit: '64MB', threads: '1', ...(walAt > 0 ? { checkpoint_threshold: process.argv[walAt + 1] } : {}) };

const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.txt') ? [path.join(d, e.name)] : []));
const records = [];
for (const f of walk(path.join(ROOT, 'corpus')).sort()) records.push((await extractFile(f)).record);

const dir = mkdtempSync(path.join(os.tmpdir(), 'imr-store-growth-'));
const store = await Store.open(path.join(dir, 'growth.duckdb'), { config });
console.log('letters\tlookup ms\twrite ms\tcheckpoint ms\trss MB');
try {
  for (let b = 0; b * 500 < letters; b++) {
    const batch = [];
    for (let k = 0; k < 500; k++) {
      const i = b * 500 + k;
      const r = records[i % records.length];
      const sha256 = createHash('sha256').update(`copy ${i}`).digest('hex');
      batch.push(letterRowSet({ ...r, source: { ...r.source, path: `/letters/${String(i).padStart(7, '0')}.txt`, sha256 } }));
    }
    const t0 = performance.now();
    await store.storedVersions(batch.map((l) => l.sha256));
    await store.knownPaths(batch.map((l) => l.path));
    const t1 = performance.now();
    await store.write({ letters: batch, files: batch.map((l) => ({ path: l.path, sha256: l.sha256 })), failures: [] });
    const t2 = performance.now();
    let checkpoint = 0;
    if ((b + 1) % 4 === 0) {
      await store.checkpoint();
      checkpoint = performance.now() - t2;
      console.log([(b + 1) * 500, Math.round(t1 - t0), Math.round(t2 - t1), Math.round(checkpoint), Math.round(process.memoryUsage.rss() / 2 ** 20)].join('\t'));
    }
  }
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
