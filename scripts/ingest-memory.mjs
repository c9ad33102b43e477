/**
 * Where an ingest's memory is, as it goes: a real ingest (the compiled package, 2 workers by
 * default) of a list of files, printing every N letters the process RSS and its peak so far,
 * the main thread's V8 heap (collected first when run with --expose-gc, so `used` is the live
 * heap) and the resident anonymous memory from /proc/self/smaps, split into large mappings
 * (4 MB and more: DuckDB's buffer pool, the allocators' arenas) and small ones (mostly V8 heap
 * pages of the main thread and the workers). Linux only (smaps).
 *
 *   npm run build && node --expose-gc scripts/ingest-memory.mjs <list.txt> [--every 4000] [--workers 2] [--db F]
 */
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { ingest } = await import(path.join(ROOT, 'dist', 'ingest', 'index.js'));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    every: { type: 'string', default: '4000' },
    workers: { type: 'string', default: '2' },
    db: { type: 'string', default: path.join(os.tmpdir(), 'imr-ingest-memory.duckdb') },
  },
});
if (!positionals[0]) throw new Error('usage: node --expose-gc scripts/ingest-memory.mjs <list.txt> [--every N] [--workers N] [--db F]');
const files = readFileSync(positionals[0], 'utf8').split('\n').filter(Boolean);
const every = Number(values.every);
rmSync(values.db, { force: true });
rmSync(`${values.db}.wal`, { force: true });

const MB = (bytes) => Math.round(bytes / 2 ** 20);
/** Resident anonymous memory (bytes) in mappings of 4 MB and more, and in smaller ones. */
function anonymous() {
  const out = { large: 0, small: 0 };
  let bucket = null;
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const mapping = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) {
      const size = parseInt(mapping[2], 16) - parseInt(mapping[1], 16);
      bucket = mapping[3] === '' ? (size >= 4 * 2 ** 20 ? 'large' : 'small') : null;
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && bucket) out[bucket] += Number(rss[1]) * 1024;
  }
  return out;
}

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
console.log(`# ${files.length} letters, ${values.workers} workers${globalThis.gc ? ', main heap collected before each line' : ' (run with --expose-gc for the live heap)'}`);
console.log('letters\tRSS MB\tpeak MB\tmain heap total MB\tmain heap used MB\tanon large MB\tanon small MB');
let next = every;
await ingest({
  db: values.db,
  files,
  workers: Number(values.workers),
  onProgress: (p) => {
    if (p.done < next) return;
    next += every;
    globalThis.gc?.();
    const m = process.memoryUsage();
    const anon = anonymous();
    console.log([p.done, MB(m.rss), MB(peak), MB(m.heapTotal), MB(m.heapUsed), MB(anon.large), MB(anon.small)].join('\t'));
  },
});
clearInterval(sampler);
console.log(`# peak RSS of the whole run: ${MB(process.resourceUsage().maxRSS * 1024)} MB`);
rmSync(values.db, { force: true });
rmSync(`${values.db}.wal`, { force: true });
