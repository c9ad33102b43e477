/**
 * What a new user met at the command line, through the real CLI (a fresh `node --import tsx`
 * process each): a reader that stops reading (`| head -1`), a mistyped path, a file that is not a
 * store, the help text, and records indented for reading.
 */
import { imr as run } from '../run-imr.js';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeSmallCorpus } from '../ingest/letters.js';

vi.setConfig({ testTimeout: 120_000 });

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'imr-new-user-'));
const db = path.join(dir, 'imr.duckdb');
const letters = path.join(dir, 'letters');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CLI = ['--import', 'tsx', 'src/cli/main.ts'];
const ENV = { ...process.env, FORCE_COLOR: '0' };

const imr = (...args: string[]) => run(args);

/**
 * Runs `imr <args>` and closes its stdout after the first line, as `| head -1` does. The outputs
 * asked for here are far larger than a pipe's buffer, so the command is still writing when the
 * pipe closes.
 */
function imrHead1(...args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; firstLine: string; stderr: string }> {
  const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('\n')) child.stdout.destroy();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, firstLine: out.split('\n', 1)[0]!, stderr })),
  );
}

beforeAll(() => {
  writeSmallCorpus(letters);
  const r = imr('ingest', letters, '--db', db, '--workers', '1', '--quiet');
  expect(r.code).toBe(0);
}, 120_000);

describe('a reader that stops reading (| head -1)', () => {
  it('ends extract, query and eval --json quietly, with exit code 0', async () => {
    const runs = await Promise.all([
      imrHead1('extract', 'corpus'),
      imrHead1('query', 'SELECT range AS n FROM range(300000)', '--db', db, '--format', 'csv'),
      imrHead1('eval', '--only', 'corpus', '--json'),
    ]);
    const [extract, query, evalJson] = runs;
    expect(JSON.parse(extract!.firstLine)).toHaveProperty('caseNumber');
    expect(query!.firstLine).toBe('n\r'); // CSV lines end in CRLF
    expect(evalJson!.firstLine).toBe('{');
    for (const r of runs) {
      expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
      expect([r.code, r.signal]).toEqual([0, null]);
    }
  });
});

describe('imr ingest with a mistyped path', () => {
  it('says not found, as extract does, and creates no store when nothing is left to ingest', () => {
    const fresh = path.join(dir, 'fresh.duckdb');
    const typo = path.join(dir, 'leters');
    const r = imr('ingest', typo, path.join(dir, 'nothing', '*.pdf'), '--db', fresh);
    expect(r.stderr).toContain(`imr ingest: not found: ${typo} (no such file or folder)\n`);
    expect(r.stderr).toContain(`imr ingest: not found: ${path.join(dir, 'nothing', '*.pdf')} (glob matched no files)\n`);
    expect(r.stderr).toContain(`imr ingest: nothing to ingest; no store created at ${fresh}\n`);
    expect(r.stdout).toBe('');
    expect(existsSync(fresh)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('fresh'))).toEqual([]);
    // extract's answer to the same path, and its exit code
    const extract = imr('extract', typo);
    expect(JSON.parse(extract.stderr)).toEqual({ error: 'not-found', file: typo, reason: 'no such file or folder' });
    expect(r.code).toBe(extract.code);
    expect(r.code).toBe(1);
  });

  it('leaves an existing store as it was', () => {
    const before = statSync(db).mtimeMs;
    const r = imr('ingest', path.join(dir, 'leters'), '--db', db);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`imr ingest: nothing to ingest; ${db} left as it was\n`);
    expect(statSync(db).mtimeMs).toBe(before);
  });

  it('still ingests the letters that exist, naming the missing one', () => {
    const r = imr('ingest', letters, path.join(dir, 'leters'), '--db', db, '--json', '--quiet');
    expect(r.stderr).toBe(`imr ingest: not found: ${path.join(dir, 'leters')} (no such file or folder)\n`);
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 4, skipped: 3, failed: 1 });
    expect(r.code).toBe(1);
  });
});

describe('a read command given a file that is not a store', () => {
  it('stats, query, export and upgrade say so plainly, or that the file does not exist', () => {
    const notStore = path.join(ROOT, 'package.json');
    const missing = path.join(dir, 'absent.duckdb');
    const commands: Array<[string, string[]]> = [
      ['stats', ['stats']],
      ['query', ['query', 'SELECT 1']],
      ['export', ['export', '--csv', path.join(dir, 'out')]],
      ['upgrade', ['upgrade']],
    ];
    for (const [name, args] of commands) {
      const r = imr(...args, '--db', notStore);
      expect(r.code, name).toBe(1);
      expect(r.stderr, name).toMatch(new RegExp(`^imr ${name}: ${notStore.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not an imr store: it is not a DuckDB database file`));
      expect(r.stderr, name).not.toMatch(/Catalog Error/);
      const absent = imr(...args, '--db', missing);
      expect(absent.stderr, name).toContain(`imr ${name}: no store at ${missing}: the file does not exist`);
    }
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});

describe('imr ingest --help', () => {
  it('states the workers default once', () => {
    const line = imr('ingest', '--help').stdout.split('\n').find((l) => l.includes('--workers'))!;
    expect(line).toMatch(/extraction workers \(default: all cores, \d+ here\)$/);
    expect(line.match(/default/g)).toHaveLength(1);
  });
});

describe('imr extract --pretty', () => {
  it('indents each record for reading: one JSON value after another, the same records, spans on one line', () => {
    const plain = imr('extract', letters);
    const pretty = imr('extract', letters, '--pretty');
    expect(pretty.code).toBe(0);
    const records = plain.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(records).toHaveLength(3);
    // Each record starts at a line that is `{` and ends at a line that is `}`.
    const values = pretty.stdout.split(/(?<=^\})\n/m).filter((v) => v.trim()).map((v) => JSON.parse(v));
    expect(values).toEqual(records);
    expect(pretty.stdout).toMatch(/^ {2}"caseNumber": "CM16-0100001",$/m);
    expect(pretty.stdout).toMatch(/^ {6}"span": \[\d+, \d+\]$/m);
  });
});
