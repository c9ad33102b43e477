/**
 * The measured side of `npm run bench` (scripts/bench.ts): each phase runs in a process of its
 * own, started with plain `node` on the compiled package (dist/), so that what is measured is
 * what `imr` runs: no TypeScript loader in the process or its workers. One JSON line out.
 *
 *   --phase extract --list <json> --rounds R     raw pdf-parse vs full extraction, text twins
 *   --phase solo --list <txt> --part k --parts n part k of n, extracted in this process
 *   --phase ingest --list <txt> --workers N --db <file>
 */
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(path.join(ROOT, 'dist', p));

const cpuMs = (u) => (u.user + u.system) / 1000;
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};


/** Raw pdf-parse vs full extraction of the same PDFs, and full extraction of their text twins. */
async function phaseExtract(listFile, rounds) {
  const { PDFParse } = await import('pdf-parse');
  const { extractFile } = await dist('pipeline/index.js');
  const { pdfs, texts } = JSON.parse(readFileSync(listFile, 'utf8'));
  const raw = async (file) => {
    const parser = new PDFParse({ data: new Uint8Array(readFileSync(file)), verbosity: 0 });
    try {
      return await parser.getText();
    } finally {
      await parser.destroy();
    }
  };
  const timeOne = async (fn) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    return { wall: performance.now() - t0, cpu: cpuMs(process.cpuUsage(c0)) };
  };
  // Warm-up: JIT, pdf.js and the pipeline's vocabularies.
  for (const f of pdfs.slice(0, 10)) {
    await raw(f);
    await extractFile(f);
  }
  for (const f of texts.slice(0, 10)) await extractFile(f);

  const roundsOut = [];
  for (let r = 0; r < rounds; r++) {
    let rawWall = 0, rawCpu = 0, fullWall = 0, fullCpu = 0;
    for (const [i, f] of pdfs.entries()) {
      // Alternate which goes first, so neither always runs on a warmer cache.
      const order = (i + r) % 2 === 0 ? ['raw', 'full'] : ['full', 'raw'];
      for (const which of order) {
        const t = await timeOne(() => (which === 'raw' ? raw(f) : extractFile(f)));
        if (which === 'raw') {
          rawWall += t.wall;
          rawCpu += t.cpu;
        } else {
          fullWall += t.wall;
          fullCpu += t.cpu;
        }
      }
    }
    let textWall = 0, textCpu = 0;
    for (const f of texts) {
      const t = await timeOne(() => extractFile(f));
      textWall += t.wall;
      textCpu += t.cpu;
    }
    roundsOut.push({ rawWall, rawCpu, fullWall, fullCpu, textWall, textCpu });
  }
  const per = (key, n) => median(roundsOut.map((r) => r[key])) / n;
  return {
    letters: pdfs.length,
    rounds,
    msPerLetter: {
      rawPdfParseWall: per('rawWall', pdfs.length),
      rawPdfParseCpu: per('rawCpu', pdfs.length),
      fullPdfWall: per('fullWall', pdfs.length),
      fullPdfCpu: per('fullCpu', pdfs.length),
      fullTextWall: per('textWall', texts.length),
      fullTextCpu: per('textCpu', texts.length),
    },
    peakRssMb: peakRssMb(),
  };
}

/**
 * The machine's own ceiling for N-way parallel extraction: part `part` of `parts` of the list,
 * extracted one letter after another in this process, timed from the first letter to the last
 * (module loading and a 10-letter warm-up excluded). N such processes run at once with nothing shared between them; if
 * they cannot reach N × one process, no ingest can.
 */
async function phaseSolo(listFile, part, parts) {
  const { extractFile } = await dist('pipeline/index.js');
  const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean).filter((_, i) => i % parts === part);
  for (const f of files.slice(0, 10)) await extractFile(f); // warm-up, as in the extraction phase
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const f of files) await extractFile(f);
  return { letters: files.length, wallMs: performance.now() - t0, cpuMs: cpuMs(process.cpuUsage(c0)) };
}

/** Windows (by letters done) of the scale run's peak RSS and rate, to show whether memory or time per letter keeps growing. */
const RSS_WINDOWS = [1000, 5000, 10000, 20000, 50000, 100000, 200000, 300000, 500000, 1000000];

/** One ingest into a fresh store; wall time, rate, CPU use and this process's peak RSS. */
async function phaseIngest(listFile, workers, db) {
  const { ingest } = await dist('ingest/index.js');
  const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  // Peak RSS and rate within windows of letters done: [0, 1k), [1k, 5k), ...
  const windows = [];
  const bounds = [...RSS_WINDOWS.filter((w) => w < files.length), files.length];
  let done = 0;
  const sample = () => {
    const rss = process.memoryUsage.rss() / 2 ** 20;
    const upTo = bounds.find((w) => done < w) ?? files.length;
    const last = windows.at(-1);
    const now = performance.now();
    if (!last || last.upTo !== upTo) {
      if (last) last.lettersPerSecond = (done - last.from) / ((now - last.startedMs) / 1000);
      windows.push({ upTo, peakRssMb: rss, from: done, startedMs: now });
    } else last.peakRssMb = Math.max(last.peakRssMb, rss);
  };
  const sampler = setInterval(sample, 100);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  sample(); // opens the first window now
  const summary = await ingest({
    db,
    files,
    workers,
    batchSize: 500,
    onProgress: (p) => {
      done = p.done;
    },
  });
  const wallMs = performance.now() - t0;
  const cpu = cpuMs(process.cpuUsage(c0));
  sample();
  clearInterval(sampler);
  const last = windows.at(-1);
  if (last) last.lettersPerSecond = (done - last.from) / ((performance.now() - last.startedMs) / 1000);
  for (const w of windows) delete w.startedMs;
  const ingestPeakRssMb = peakRssMb(); // before the counts below open the store again
  const { Store } = await dist('store/index.js');
  const store = await Store.open(db, { readOnly: true });
  const counts = await store.counts();
  store.close();
  return {
    letters: files.length,
    workers,
    wallMs,
    lettersPerSecond: (summary.stored + summary.failed) / (wallMs / 1000),
    /** CPU seconds (all threads of this process) per wall second: how many cores the run kept busy. */
    coresBusy: cpu / wallMs,
    stored: summary.stored,
    failed: summary.failed,
    rows: { letters: counts.letters, services: counts.services },
    peakRssMb: ingestPeakRssMb,
    rssWindows: windows,
    dbBytes: existsSync(db) ? statSync(db).size : 0,
  };
}

const args = Object.fromEntries(
  process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])),
);
const phases = {
  extract: () => phaseExtract(args.list, Number(args.rounds ?? 3)),
  solo: () => phaseSolo(args.list, Number(args.part), Number(args.parts)),
  ingest: () => phaseIngest(args.list, Number(args.workers), args.db),
};
if (!phases[args.phase]) throw new Error(`unknown phase: ${args.phase}`);
console.log(JSON.stringify(await phases[args.phase]()));
