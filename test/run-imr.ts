/**
 * Running the real `imr` command in tests, and reading a store they wrote: one way for every test
 * that needs it. Each run is a fresh `node --import tsx src/cli/main.ts` process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Store } from '../src/store/store.js';
import { REPO_ROOT } from './paths.js';

const CLI = ['--import', import.meta.resolve('tsx'), path.join(REPO_ROOT, 'src/cli/main.ts')];

export interface RunOptions {
  /** Where the command runs (default: the repository). */
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Runs `imr <args>` to its end. */
export function imr(args: readonly string[], options: RunOptions = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', ...options.env },
    timeout: options.timeoutMs ?? 180_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface Running {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout: () => string;
  stderr: () => string;
}

/** Starts `imr <args>` and returns at once (for tests that signal or cut it off). */
export function startImr(args: readonly string[], options: RunOptions = {}): Running {
  const child = spawn(process.execPath, [...CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, FORCE_COLOR: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exit, stdout: () => stdout, stderr: () => stderr };
}

/** Rows per table of a store, read-only. */
export async function storeCounts(db: string): Promise<Record<string, number>> {
  const store = await Store.open(db, { readOnly: true });
  try {
    return await store.counts();
  } finally {
    store.close();
  }
}

/** The rows of a query over a store, read-only. */
export async function storeRows(db: string, sql: string): Promise<unknown[][]> {
  const store = await Store.open(db, { readOnly: true });
  try {
    return (await store.query(sql)).rows;
  } finally {
    store.close();
  }
}
