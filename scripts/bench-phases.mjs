/**
 * The measured side of `npm run bench` (scripts/bench.ts): each phase runs in a process of its
 * own, started with plain `node` on the compiled package (dist/), so that what is measured is
 * what `imr` runs: no TypeScript loader in the process or its workers. One JSON line out.
 *
 *   --phase extract --list <json> --rounds R     raw text by each engine vs full extraction with each, text twins
 *   --phase solo --list <txt> --part k --parts n [--engine E]  part k of n, extracted in this process
 *   --phase ingest --list <txt> --workers N --db <file> [--engine E]
 *   --phase raw --list <txt> --engine pdf-parse|pdfium   raw text extraction alone (a whole process, timed from outside)
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


/**
 * Raw text extraction, nothing else: the text of a PDF's pages by one engine, called as its users
 * call it. pdf-parse: one getText() a document. PDFium: the engine module (src/read/engines/
 * pdfium.ts), which is PDFium's C API and nothing more (open, each page's text, close).
 */
async function rawExtractor(engine) {
  if (engine === 'pdf-parse') {
    const { PDFParse } = await import('pdf-parse');
    return async (file) => {
      const parser = new PDFParse({ data: new Uint8Array(readFileSync(file)), verbosity: 0 });
      try {
        return (await parser.getText()).text.length;
      } finally {
        await parser.destroy();
      }
    };
  }
  if (engine === 'pdfium') {
    const { readWithPdfium } = await dist('read/engines/pdfium.js');
    const limits = { timeoutMs: 60_000, maxPages: 10_000 };
    return async (file) => (await readWithPdfium(file, readFileSync(file), limits)).pages.join('\f').length;
  }
  throw new Error(`unknown engine: ${engine}`);
}

/** Raw text extraction of every PDF of the list, in a process of its own (the bench times the whole process from outside). */
async function phaseRaw(listFile, engine) {
  const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
  const raw = await rawExtractor(engine);
  let chars = 0;
  for (const f of files) chars += await raw(f);
  return { letters: files.length, chars };
}

/**
 * Per letter, in one warmed-up process: raw text extraction by each engine and full extraction
 * (read → record) with each engine, the four alternating letter by letter (each round starts the
 * rotation one further), so that load on the machine hits them alike; then full extraction of
 * the text twins.
 */
async function phaseExtract(listFile, rounds) {
  const { extractFile } = await dist('pipeline/index.js');
  const { pdfs, texts } = JSON.parse(readFileSync(listFile, 'utf8'));
  const measures = {
    rawPdfParse: await rawExtractor('pdf-parse'),
    rawPdfium: await rawExtractor('pdfium'),
    fullPdfium: (f) => extractFile(f, { pdfEngine: 'pdfium' }),
    fullPdfParse: (f) => extractFile(f, { pdfEngine: 'pdf-parse' }),
  };
  const names = Object.keys(measures);
  const timeOne = async (fn) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    return { wall: performance.now() - t0, cpu: cpuMs(process.cpuUsage(c0)) };
  };
  // Warm-up: JIT, pdf.js, PDFium and the pipeline's vocabularies.
  for (const f of pdfs.slice(0, 10)) for (const name of names) await measures[name](f);
  for (const f of texts.slice(0, 10)) await extractFile(f);

  const roundsOut = [];
  for (let r = 0; r < rounds; r++) {
    const sums = Object.fromEntries(names.flatMap((n) => [[`${n}Wall`, 0], [`${n}Cpu`, 0]]));
    for (const [i, f] of pdfs.entries()) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(i + r + k) % names.length];
        const t = await timeOne(() => measures[name](f));
        sums[`${name}Wall`] += t.wall;
        sums[`${name}Cpu`] += t.cpu;
      }
    }
    sums.fullTextWall = 0;
    sums.fullTextCpu = 0;
    for (const f of texts) {
      const t = await timeOne(() => extractFile(f));
      sums.fullTextWall += t.wall;
      sums.fullTextCpu += t.cpu;
    }
    roundsOut.push(sums);
  }
  const msPerLetter = {};
  for (const key of Object.keys(roundsOut[0])) {
    msPerLetter[key] = median(roundsOut.map((x) => x[key])) / (key.startsWith('fullText') ? texts.length : pdfs.length);
  }
  return { letters: pdfs.length, rounds, msPerLetter, peakRssMb: peakRssMb() };
}

/**
 * The machine's own ceiling for N-way parallel extraction: part `part` of `parts` of the list,
 * extracted one letter after another in this process, timed from the first letter to the last
 * (module loading and a 10-letter warm-up excluded). N such processes run at once with nothing shared between them; if
 * they cannot reach N × one process, no ingest can.
 */
async function phaseSolo(listFile, part, parts, pdfEngine) {
  const { extractFile } = await dist('pipeline/index.js');
  const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean).filter((_, i) => i % parts === part);
  const options = pdfEngine ? { pdfEngine } : {};
  for (const f of files.slice(0, 10)) await extractFile(f, options); // warm-up, as in the extraction phase
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const f of files) await extractFile(f, options);
  return { letters: files.length, wallMs: performance.now() - t0, cpuMs: cpuMs(process.cpuUsage(c0)) };
}

/** Windows (by letters done) of the scale run's peak RSS and rate, to show whether memory or time per letter keeps growing. */
const RSS_WINDOWS = [1000, 5000, 10000, 20000, 50000, 100000, 200000, 300000, 500000, 1000000];

/** One ingest into a fresh store; wall time, rate, CPU use and this process's peak RSS. */
async function phaseIngest(listFile, workers, db, pdfEngine) {
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
    ...(pdfEngine ? { pdfEngine } : {}),
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
    engine: pdfEngine ?? null,
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
  raw: () => phaseRaw(args.list, args.engine),
  solo: () => phaseSolo(args.list, Number(args.part), Number(args.parts), args.engine),
  ingest: () => phaseIngest(args.list, Number(args.workers), args.db, args.engine),
};
if (!phases[args.phase]) throw new Error(`unknown phase: ${args.phase}`);
console.log(JSON.stringify(await phases[args.phase]()));
