/**
 * How the store's write path behaves as it grows, without extraction in the way: batches of 500
 * letters (records of our own corpus letters, each copy under a new sha256) are written one
 * after another into a fresh store opened with the ingest's settings (WRITER_CONFIG), printing
 * per window the lookup, write and checkpoint time, the peak RSS, DuckDB's own count of its
 * memory (duckdb_memory()) and the V8 heap. Checkpoints run without DuckDB's vacuum, as in an
 * ingest (WRITER_CONFIG); with it (IMR_DUCKDB_MAX_VACUUM_TASKS=100) their time grows with the
 * store (docs/SPEED-HISTORY.md).
 *
 *   npm run build && node scripts/store-growth.mjs [letters=40000] [options]
 *     --checkpoint-every B   also CHECKPOINT after every B batches (default 0: only DuckDB's own,
 *                            at the WAL threshold, as in an ingest)
 *     --wal 16MB             the WAL threshold (default: the ingest's)
 *     --every N              print a line every N letters (a multiple of 500; default 5000)
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(path.join(ROOT, 'dist', p));
const { extractFile } = await dist('pipeline/index.js');
const { WRITER_CONFIG } = await dist('ingest/ingest.js');
const { Store } = await dist('store/store.js');
const { letterRowSet } = await dist('store/rows.js');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'checkpoint-every': { type: 'string', default: '0' },
    wal: { type: 'string' },
    every: { type: 'string', default: '5000' },
  },
});
const letters = Number(positionals[0] ?? 40000);
const checkpointEvery = Number(values['checkpoint-every']);
const every = Number(values.every);
if (![letters, checkpointEvery, every].every(Number.isInteger) || every % 500 !== 0) {
  throw new Error('letters, --checkpoint-every and --every are whole numbers, --every a multiple of 500 (the batch size)');
}
const config = { ...WRITER_CONFIG, ...(values.wal ? { checkpoint_threshold: values.wal } : {}) };

const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.txt') ? [path.join(d, e.name)] : []));
const records = [];
for (const f of walk(path.join(ROOT, 'corpus')).sort()) records.push((await extractFile(f)).record);

const MB = (bytes) => Math.round(bytes / 2 ** 20);
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 5);

const dir = mkdtempSync(path.join(os.tmpdir(), 'imr-store-growth-'));
const store = await Store.open(path.join(dir, 'growth.duckdb'), { config });
console.log(`# ${JSON.stringify(config)}`);
console.log('letters\tlookup ms\twrite ms\tcheckpoint ms\tpeak RSS MB\tDuckDB MB\tV8 heap MB');
const window = { lookup: 0, write: 0, checkpoint: 0 };
try {
  for (let b = 0; b * 500 < letters; b++) {
    const batch = [];
    for (let k = 0; k < 500; k++) {
      const i = b * 500 + k;
      const r = records[i % records.length];
      const sha256 = createHash('sha256').update(`copy ${i}`).digest('hex');
      const set = letterRowSet({ ...r, source: { ...r.source, path: `/letters/${String(i).padStart(7, '0')}.txt`, sha256 } });
      batch.push(set);
    }
    const t0 = performance.now();
    await store.storedVersions(batch.map((l) => l.sha256));
    await store.knownPaths(batch.map((l) => l.path));
    const t1 = performance.now();
    await store.write({ letters: batch, files: batch.map((l) => ({ path: l.path, sha256: l.sha256 })), failures: [] });
    const t2 = performance.now();
    if (checkpointEvery > 0 && (b + 1) % checkpointEvery === 0) await store.checkpoint();
    Object.assign(window, { lookup: window.lookup + t1 - t0, write: window.write + t2 - t1, checkpoint: window.checkpoint + performance.now() - t2 });
    const done = (b + 1) * 500;
    if (done % every === 0 || done >= letters) {
      // On the connection, not store.query: a writer's query drops the store's key fingerprints (store.ts).
      const duck = (await store.connection.runAndReadAll(`SELECT sum(memory_usage_bytes) FROM duckdb_memory()`)).getRowsJS();
      console.log([done, ...Object.values(window).map(Math.round), MB(peakRss), MB(Number(duck[0][0])), MB(process.memoryUsage().heapTotal)].join('\t'));
      Object.assign(window, { lookup: 0, write: 0, checkpoint: 0 });
      peakRss = 0;
    }
  }
} finally {
  clearInterval(sampler);
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
