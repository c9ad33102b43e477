/**
 * One ingest into a fresh store, timing the store's calls: how much of each letter goes to the
 * ingest's lookups (stored versions, failures, known paths, per chunk of files) and to batch
 * writes, next to the letters per second, how busy the main thread's event loop was per letter
 * (the main thread shares the cores with the workers) and peak RSS. For choosing chunk and
 * batch sizes.
 *
 *   npm run build && node scripts/ingest-store-time.mjs <list.txt> [--chunk 1024] [--workers 2] [--db /tmp/x.duckdb]
 */
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { Store } = await import(path.join(ROOT, 'dist/store/store.js'));
const { ingest } = await import(path.join(ROOT, 'dist/ingest/index.js'));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    chunk: { type: 'string' },
    workers: { type: 'string', default: '2' },
    db: { type: 'string', default: path.join(os.tmpdir(), 'imr-ingest-store-time.duckdb') },
  },
});
if (positionals.length !== 1) throw new Error('usage: ingest-store-time.mjs <list.txt> [--chunk N] [--workers N] [--db file]');
const files = readFileSync(positionals[0], 'utf8').split('\n').filter(Boolean);
rmSync(values.db, { force: true });
rmSync(`${values.db}.wal`, { force: true });

const ms = { lookups: 0, writes: 0 };
for (const [method, kind] of [['storedVersions', 'lookups'], ['failuresOf', 'lookups'], ['knownPaths', 'lookups'], ['write', 'writes']]) {
  const original = Store.prototype[method];
  Store.prototype[method] = async function (...args) {
    const t0 = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      ms[kind] += performance.now() - t0;
    }
  };
}
const elu0 = performance.eventLoopUtilization();
const t0 = performance.now();
await ingest({ db: values.db, files, workers: Number(values.workers), ...(values.chunk ? { chunkSize: Number(values.chunk) } : {}) });
const seconds = (performance.now() - t0) / 1000;
const elu = performance.eventLoopUtilization(elu0);
const perLetter = (total) => Math.round((total / files.length) * 1000);
console.log(
  `${files.length} letters, ${Math.round(files.length / seconds)}/s; lookups ${perLetter(ms.lookups)} µs a letter, ` +
    `writes ${perLetter(ms.writes)} µs a letter (wall time in the store's calls); main event loop busy ${perLetter(elu.active)} µs a letter; ` +
    `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
);
