/**
 * Faults, for real (issue 5): the `imr ingest` CLI as a child process, the real pipeline, real
 * letters (our corpus letters, many variants of them, their PDFs, and every hard input).
 *
 * - SIGKILL part-way, three times at different points, then a run to the end: every letter is
 *   in the store exactly once (no letter, file or child row twice, none lost), every bad file is
 *   in `failures` once with its reason code, and the store is whole after each kill.
 * - `imr query` and `imr stats` (and a reader polling in-process) run while an ingest writes, and
 *   every read sees whole batches: counts only grow, child rows match their letters.
 * - Workers that crash, throw after the fact or hang on a letter are replaced; those letters go
 *   to `failures`; every other letter is stored.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { extractFile } from '../../src/pipeline/index.js';
import { LetterError } from '../../src/errors.js';
import { Store } from '../../src/store/store.js';
import { writeHardInputs } from '../fixtures/hard-inputs.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), 'imr-faults-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Expected {
  path: string;
  /** The record's sha256 and counts, or the failure code. */
  record?: { sha256: string; services: number; diagnoses: number };
  code?: string;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

/** Our corpus letters as text (several variants each, distinct bytes) and as PDFs. */
function writeCorpusVariants(dir: string, variantsPerLetter: number, names = (i: number) => `v${i}`): string[] {
  mkdirSync(dir, { recursive: true });
  const corpus = path.join(ROOT, 'corpus');
  const out: string[] = [];
  for (const file of listFiles(corpus).sort()) {
    const base = path.basename(file).replace(/\.(txt|pdf)$/, '');
    if (file.endsWith('.pdf')) {
      const p = path.join(dir, `${base}.pdf`);
      copyFileSync(file, p);
      out.push(p);
      continue;
    }
    if (!file.endsWith('.txt')) continue;
    const text = readFileSync(file, 'latin1');
    for (let i = 0; i < variantsPerLetter; i++) {
      const n = out.length;
      const caseNumber = `CM16-9${String(n).padStart(6, '0')}`;
      const variant = /CM1\d-\d{7}/.test(text) ? text.replace(/CM1\d-\d{7}/g, caseNumber) : `${text}\n${' '.repeat(n + 1)}\n`;
      const p = path.join(dir, `${base}-${names(i)}.txt`);
      writeFileSync(p, Buffer.from(variant, 'latin1'));
      out.push(p);
    }
  }
  return out;
}

/** What the pipeline makes of each file, in-process: the ground truth the store must match. */
async function groundTruth(files: string[]): Promise<Expected[]> {
  const out: Expected[] = [];
  for (const file of files) {
    try {
      const { record } = await extractFile(file);
      out.push({ path: file, record: { sha256: record.source.sha256, services: record.services.length, diagnoses: record.diagnoses.length } });
    } catch (err) {
      if (!(err instanceof LetterError)) throw err;
      out.push({ path: file, code: err.code });
    }
  }
  return out;
}

interface Run {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout: () => string;
  stderr: () => string;
}

function imr(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exit, stdout: () => stdout, stderr: () => stderr };
}

async function read<T>(db: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await Store.open(db, { readOnly: true, waitMs: 30_000 });
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

const rows = (store: Store, sql: string) => store.query(sql).then((r) => r.rows);

/**
 * Whole batches only: child rows match their letters' counts, no child row lacks its letter,
 * every letter has its file row.
 */
async function checkWhole(store: Store): Promise<number> {
  const [[letters, services, nServices, orphanDiagnoses, orphanFiles, lettersWithoutFile]] = (await rows(
    store,
    `SELECT (SELECT count(*) FROM letters), (SELECT count(*) FROM services), (SELECT coalesce(sum(n_services), 0) FROM letters),
            (SELECT count(*) FROM diagnoses d WHERE NOT EXISTS (SELECT 1 FROM letters l WHERE l.sha256 = d.sha256)),
            (SELECT count(*) FROM files f WHERE NOT EXISTS (SELECT 1 FROM letters l WHERE l.sha256 = f.sha256)),
            (SELECT count(*) FROM letters l WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.sha256 = l.sha256))`,
  )) as [number[]];
  expect(services).toBe(nServices);
  expect(orphanDiagnoses).toBe(0);
  expect(orphanFiles).toBe(0);
  expect(lettersWithoutFile).toBe(0);
  return letters!;
}

/** The store holds exactly the ground truth: each letter once, each bad file once with its code. */
async function checkComplete(db: string, expected: Expected[]): Promise<void> {
  await read(db, async (store) => {
    await checkWhole(store);
    const good = expected.filter((e) => e.record);
    const bySha = new Map(good.map((e) => [e.record!.sha256, e.record!]));
    const letters = await rows(store, 'SELECT sha256, n_services, (SELECT count(*) FROM diagnoses d WHERE d.sha256 = l.sha256) FROM letters l');
    expect(letters.length).toBe(bySha.size);
    for (const [sha, services, diagnoses] of letters) {
      const want = bySha.get(String(sha));
      expect(want, `unexpected letter ${sha}`).toBeDefined();
      expect([services, diagnoses]).toEqual([want!.services, want!.diagnoses]);
    }
    const files = new Map((await rows(store, 'SELECT path, sha256 FROM files')).map(([p, s]) => [String(p), String(s)]));
    expect(files.size).toBe(good.length);
    for (const e of good) expect(files.get(e.path), e.path).toBe(e.record!.sha256);
    const failures = await rows(store, 'SELECT file, code FROM failures ORDER BY file');
    const bad = expected.filter((e) => e.code).map((e) => [e.path, e.code]);
    expect(failures).toEqual(bad.sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    // Nothing lost: every input is a stored file or a failure.
    expect(new Set([...files.keys(), ...failures.map(([f]) => String(f))])).toEqual(new Set(expected.map((e) => e.path)));
  });
}

describe('imr ingest under faults', () => {
  const letters = path.join(root, 'letters');
  let expected: Expected[] = [];

  beforeAll(async () => {
    const files = [...writeCorpusVariants(path.join(letters, 'corpus'), 8), ...(await writeHardInputs(path.join(letters, 'hard'))).map((i) => i.path)];
    expected = await groundTruth(files);
  });

  it('SIGKILLed three times part-way and run again: every letter stored exactly once, none lost', async () => {
    const db = path.join(root, 'killed.duckdb');
    const total = new Set(expected.flatMap((e) => (e.record ? [e.record.sha256] : []))).size;
    expect(total).toBeGreaterThan(150);
    const kills: { at: number; stored: number }[] = [];
    for (const fraction of [0.15, 0.45, 0.75]) {
      const run = imr(['ingest', letters, '--db', db, '--workers', '2', '--batch-size', '5', '--quiet', '--json']);
      let exited = false;
      void run.exit.then(() => (exited = true));
      // Watch the store (readers may open it between batches) and kill once enough is committed.
      for (;;) {
        await new Promise((r) => setTimeout(r, 200));
        if (exited) break;
        const stored = await read(db, (s) => checkWhole(s)).catch(() => 0);
        if (stored >= fraction * total) break;
      }
      expect(exited, `the run finished before the ${fraction} kill point`).toBe(false);
      run.child.kill('SIGKILL');
      expect((await run.exit).signal).toBe('SIGKILL');
      expect(run.stdout()).toBe(''); // it never got to its summary
      // Whatever was committed is whole.
      const stored = await read(db, checkWhole);
      expect(stored).toBeLessThan(total);
      kills.push({ at: fraction, stored });
    }
    expect(kills.map((k) => k.stored)).toEqual([...kills.map((k) => k.stored)].sort((a, b) => a - b));
    console.info(`SIGKILLed with ${kills.map((k) => k.stored).join(', ')} of ${total} letters committed`);

    const last = imr(['ingest', letters, '--db', db, '--workers', '2', '--batch-size', '5', '--quiet', '--json']);
    const { code } = await last.exit;
    expect(code, last.stderr()).toBe(1); // the hard inputs that are errors
    const summary = JSON.parse(last.stdout()) as { total: number; stored: number; failed: number; skipped: number; interrupted: boolean };
    expect(summary.interrupted).toBe(false);
    expect(summary.total).toBe(expected.length);
    await checkComplete(db, expected);

    // And once more: nothing to do, nothing changes.
    const again = imr(['ingest', letters, '--db', db, '--workers', '2', '--quiet', '--json']);
    expect((await again.exit).code).toBe(0);
    expect(JSON.parse(again.stdout())).toMatchObject({ stored: 0, failed: 0, total: expected.length });
    await checkComplete(db, expected);
  });

  it('imr query and imr stats run while an ingest writes, and see whole batches', async () => {
    const db = path.join(root, 'concurrent.duckdb');
    const run = imr(['ingest', letters, '--db', db, '--workers', '2', '--batch-size', '10', '--quiet', '--json']);
    let exited = false;
    void run.exit.then(() => (exited = true));
    const seen: number[] = [];
    const cli: { command: string; code: number | null; duringIngest: boolean; out: string }[] = [];

    // An in-process reader, polling.
    const poller = (async () => {
      while (!exited) {
        const n = await read(db, checkWhole).catch((err: Error) => (/no store at/.test(err.message) ? null : Promise.reject(err)));
        if (n !== null) seen.push(n);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    // The analyst commands, one after another, for as long as the ingest runs.
    const consistency = `SELECT (SELECT count(*) FROM letters) AS letters,
      (SELECT count(*) FROM services) = (SELECT coalesce(sum(n_services), 0) FROM letters) AS services_whole`;
    while (!exited) {
      for (const args of [['query', consistency, '--db', db, '--format', 'json'], ['stats', '--db', db, '--json']]) {
        if (exited) break;
        const q = imr(args);
        const { code } = await q.exit;
        cli.push({ command: args[0]!, code, duringIngest: !exited, out: q.stdout() });
        if (code !== 0 && /no store at/.test(q.stderr())) continue; // asked before the first batch created it
        expect(code, q.stderr()).toBe(0);
      }
    }
    await poller;
    expect((await run.exit).code).toBe(1);

    expect(seen.length).toBeGreaterThan(5);
    expect(seen).toEqual([...seen].sort((a, b) => a - b)); // committed letters only ever grow
    const during = cli.filter((c) => c.duringIngest && c.code === 0);
    expect(during.length, JSON.stringify(cli.map((c) => [c.command, c.code, c.duringIngest]))).toBeGreaterThan(0);
    for (const c of during.filter((x) => x.command === 'query')) {
      expect(JSON.parse(c.out)).toEqual([expect.objectContaining({ services_whole: true })]);
    }
    await checkComplete(db, expected);
  });

  it('a bad file under a second name is a failure too, in the same run or a later one (never in neither table)', async () => {
    const dir = path.join(root, 'bad-twice');
    mkdirSync(dir);
    const bad = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog');
    for (const name of ['a.pdf', 'b.pdf']) writeFileSync(path.join(dir, name), bad);
    const db = path.join(root, 'bad-twice.duckdb');
    const first = imr(['ingest', dir, '--db', db, '--workers', '2', '--quiet', '--json']);
    expect((await first.exit).code).toBe(1);
    expect(JSON.parse(first.stdout())).toMatchObject({ stored: 0, failed: 2, skipped: 0 });
    writeFileSync(path.join(dir, 'c.pdf'), bad);
    const second = imr(['ingest', dir, '--db', db, '--workers', '2', '--quiet', '--json']);
    expect((await second.exit).code).toBe(0); // nothing new failed: known failures are skipped
    expect(JSON.parse(second.stdout())).toMatchObject({ stored: 0, failed: 0, skippedFailures: 3 });
    const failures = await read(db, (s) => rows(s, 'SELECT file, code FROM failures ORDER BY file'));
    expect(failures.map(([f, c]) => [path.basename(String(f)), c])).toEqual([['a.pdf', 'corrupt'], ['b.pdf', 'corrupt'], ['c.pdf', 'corrupt']]);
  });

  it('workers that crash, throw or hang on a letter are replaced; those letters are failures; the rest are stored', async () => {
    const dir = path.join(root, 'crashing');
    const good = writeCorpusVariants(path.join(dir, 'good'), 2);
    // Good letters under fault-triggering names (the fault extractor goes by the name).
    mkdirSync(path.join(dir, 'faulty'));
    const letter = readFileSync(path.join(ROOT, 'corpus/dwc-header/shoulder-mri-emg.txt'), 'latin1');
    ['crash-worker-1', 'crash-worker-2', 'throw-later', 'hang'].forEach((fault, i) =>
      writeFileSync(path.join(dir, 'faulty', `${fault}.txt`), Buffer.from(letter.replace(/CM1\d-\d{7}/g, `CM17-800000${i}`), 'latin1')),
    );
    const db = path.join(root, 'crashing.duckdb');
    const run = imr(['ingest', dir, '--db', db, '--workers', '2', '--timeout', '5', '--quiet', '--json'], {
      IMR_EXTRACTOR_MODULE: path.join(ROOT, 'test/fixtures/fault-extractor.ts'),
    });
    const { code } = await run.exit;
    expect(code, run.stderr()).toBe(1);
    const summary = JSON.parse(run.stdout()) as { stored: number; failed: number; workerReplacements: number };
    expect(summary).toMatchObject({ stored: good.length, failed: 4 });
    expect(summary.workerReplacements).toBeGreaterThanOrEqual(4);
    await read(db, async (store) => {
      await checkWhole(store);
      const failures = await rows(store, 'SELECT file, code, reason FROM failures ORDER BY file');
      expect(failures.map(([f, c]) => [path.basename(String(f)), c])).toEqual([
        ['crash-worker-1.txt', 'internal'],
        ['crash-worker-2.txt', 'internal'],
        ['hang.txt', 'timeout'],
        ['throw-later.txt', 'internal'],
      ]);
      for (const [, , reason] of failures) expect(String(reason)).toMatch(/worker crashed|longer than/);
      const files = (await rows(store, 'SELECT path FROM files')).map(([p]) => String(p)).sort();
      expect(files).toEqual([...good].sort());
    });
  });
});
