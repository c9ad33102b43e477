/**
 * A pool of extraction workers over `worker_threads`.
 *
 * - Each worker works on one letter at a time, so a failure is always pinned to its letter;
 *   the next letter is already waiting in it (prefetch), so it never idles between two.
 * - A letter that takes longer than `timeoutMs` fails with `timeout`; its worker is terminated
 *   (it may be stuck in a synchronous loop) and replaced.
 * - A worker that dies (uncaught error, out of memory, process.exit) fails the letter it held
 *   with `internal` and is replaced; the batch goes on.
 * - A worker is replaced when the heap it reports after a letter passes `recycleHeapMb`, or
 *   after `maxTasksPerWorker` letters, so a leak cannot grow memory however long the run. Both
 *   are far above a healthy worker, whose heap in use, garbage included, peaked at 38 MB over
 *   6,000 text letters and 79 MB over 2,000 PDFs (scratch measurement, one worker). Each
 *   replacement costs a new worker's start and its cold, not yet optimised code: replacing
 *   workers every 1,000 letters, the old default, cost a 20,000-letter text ingest a third of
 *   its rate.
 * - A worker that dies before it is ready (the extractor cannot even load) is a broken pool, not
 *   a bad letter: after three such deaths in a row every pending `run` rejects.
 *
 * Workers run compiled JavaScript (dist/ingest/worker.js beside this module). When this module
 * itself runs from TypeScript source (tests under vitest, `tsx src/cli/main.ts`), the worker is
 * started from worker.ts through tsx's loader instead, so the source is always what runs.
 */
import { createRequire } from 'node:module';
import { settings } from '../config/index.js';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LetterRowSet } from '../store/rows.js';
import { DEFAULT_PDF_ENGINE, type PdfEngineName } from '../read/engines/names.js';
import type { TaskFailure, TaskMessage, WorkerInit, WorkerMessage } from './protocol.js';

export type TaskOutcome =
  | { status: 'ok'; file: string; letter: LetterRowSet }
  | { status: 'failed'; file: string; error: TaskFailure }
  | { status: 'cancelled'; file: string };

export interface PoolOptions {
  /** Worker count; default: available parallelism. */
  size?: number;
  /** Per-letter budget (ms); default 60 s. */
  timeoutMs?: number;
  /** Module URL exporting `extractBytes`; default the pipeline. */
  extractorUrl?: string;
  /** The engine that reads PDFs; default DEFAULT_PDF_ENGINE. */
  pdfEngine?: PdfEngineName;
  /** Check each record against the zod schema in the worker (the pipeline already does). */
  validate?: boolean;
  /** Replace a worker after this many letters; default 25,000. */
  maxTasksPerWorker?: number;
  /** Replace a worker whose heap in use (V8 heap and external memory) passes this (MB); default 256. */
  recycleHeapMb?: number;
  /** Heap limit of each worker (MB); a letter that blows it fails alone. Default 1024. */
  maxOldGenerationSizeMb?: number;
  /**
   * Cap on each worker's young generation (MB), where V8 puts new objects. Default 24, against
   * V8's own 48: a worker's young generation grows to its cap within a few thousand letters and
   * stays there. Measured on 924 PDFs, 2 workers, two runs each: peak RSS 367 -> 311-314 MB,
   * rate 100.6-104.1 -> 96.3-99.2 letters/s; a cap of 12 gave 287-291 MB at 95.4-95.9/s.
   */
  maxYoungGenerationSizeMb?: number;
}

export class PoolBrokenError extends Error {
  override readonly name = 'PoolBrokenError';
}

const RUNNING_FROM_SOURCE = import.meta.url.endsWith('.ts');

/**
 * The worker script, relative to this module (dist/ or src/). From source, a one-line bootstrap
 * registers tsx's loader inside the worker thread (Node 20 does not carry `--import` hooks into
 * workers) and then imports worker.ts.
 */
export function workerEntry(): { script: URL | string; eval: boolean } {
  if (RUNNING_FROM_SOURCE) {
    const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
    const target = new URL('./worker.ts', import.meta.url).href;
    return {
      script: `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`,
      eval: true,
    };
  }
  return { script: new URL('./worker.js', import.meta.url), eval: false };
}

/**
 * The pipeline, unless IMR_EXTRACTOR_MODULE names another module exporting `extractBytes` (a path
 * or URL): how the fault tests make a real `imr ingest` meet workers that crash or hang.
 */
export function defaultExtractorUrl(): string {
  const custom = settings.extractorModule;
  if (custom) return /^[a-z][a-z0-9+.-]+:/i.test(custom) ? custom : pathToFileURL(path.resolve(custom)).href;
  return new URL(RUNNING_FROM_SOURCE ? '../pipeline/index.ts' : '../pipeline/index.js', import.meta.url).href;
}

export function defaultWorkerCount(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

interface Task {
  id: number;
  file: string;
  bytes: Uint8Array;
  resolve: (outcome: TaskOutcome) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Terminated on purpose (timeout, recycling, close): its exit is expected. */
  retired: boolean;
  /** Start a replacement once this worker has exited (not before: their memory would add up). */
  respawn: boolean;
  /** Letters sent to this worker, in order; the first is the one it is working on. */
  tasks: Task[];
  /** The time limit of the first task (it starts when that task does). */
  timer: NodeJS.Timeout | null;
  done: number;
  /** Its heap passed `recycleHeapMb`: it takes no more letters and is replaced once idle. */
  heapFull: boolean;
  lastError: Error | null;
}

const MAX_STARTUP_FAILURES = 3;

/**
 * Letters sent to a worker ahead of the one it is working on, so that it never waits for the
 * main thread (busy appending a batch to the store, say) between two letters.
 */
const PREFETCH = 2;

export class ExtractPool {
  readonly size: number;
  private readonly timeoutMs: number;
  private readonly maxTasksPerWorker: number;
  private readonly recycleHeapMb: number;
  private readonly workerData: WorkerInit & { validate: boolean };
  private readonly resourceLimits: { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number };
  private readonly entry = workerEntry();
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private startupFailures = 0;
  private broken: Error | null = null;
  private closing = false;
  /** Workers replaced after a crash or timeout (for reports and tests). */
  replacements = 0;
  /** Workers replaced on purpose, by letter count or heap size (for reports and tests). */
  recycled = 0;

  constructor(options: PoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.size ?? defaultWorkerCount()));
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxTasksPerWorker = Math.max(1, options.maxTasksPerWorker ?? 25_000);
    this.recycleHeapMb = options.recycleHeapMb ?? 256;
    this.workerData = {
      extractorUrl: options.extractorUrl ?? defaultExtractorUrl(),
      pdfEngine: options.pdfEngine ?? DEFAULT_PDF_ENGINE,
      validate: options.validate ?? options.extractorUrl !== undefined,
    };
    this.resourceLimits = {
      maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 1024,
      maxYoungGenerationSizeMb: options.maxYoungGenerationSizeMb ?? 24,
    };
    for (let i = 0; i < this.size; i++) this.spawn();
  }

  /** Letters queued or running. */
  get pending(): number {
    let sent = 0;
    for (const s of this.slots) sent += s.tasks.length;
    return this.queue.length + sent;
  }

  /** Extracts one file from its bytes. Resolves with the outcome; rejects only when the pool is broken. */
  run(file: string, bytes: Uint8Array): Promise<TaskOutcome> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.closing) return Promise.resolve({ status: 'cancelled', file });
    return new Promise<TaskOutcome>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, file, bytes, resolve, reject });
      this.dispatch();
    });
  }

  private spawn(): void {
    const worker = new Worker(this.entry.script, {
      eval: this.entry.eval,
      workerData: this.workerData,
      resourceLimits: this.resourceLimits,
    });
    const slot: Slot = { worker, ready: false, retired: false, respawn: false, tasks: [], timer: null, done: 0, heapFull: false, lastError: null };
    this.slots.add(slot);
    worker.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
    worker.on('error', (err) => {
      slot.lastError = err;
    });
    worker.on('exit', (code) => this.onExit(slot, code));
  }

  private startTimer(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = slot.tasks.length > 0 ? setTimeout(() => this.onTimeout(slot), this.timeoutMs) : null;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.retired || slot.heapFull) continue;
      // A worker due for recycling gets no more than it will finish before then.
      while (this.queue.length > 0 && slot.tasks.length < PREFETCH && slot.done + slot.tasks.length < this.maxTasksPerWorker) {
        const task = this.queue.shift()!;
        slot.tasks.push(task);
        if (slot.tasks.length === 1) this.startTimer(slot);
        const message: TaskMessage = { type: 'task', id: task.id, file: task.file, bytes: task.bytes };
        slot.worker.postMessage(message);
      }
    }
  }

  /** Letters sent to a worker that will not do them go back to the front of the queue. */
  private requeue(tasks: Task[]): void {
    this.queue.unshift(...tasks);
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    if (m.type === 'ready') {
      slot.ready = true;
      this.startupFailures = 0;
      this.dispatch();
      return;
    }
    const task = slot.tasks[0];
    if (!task || task.id !== m.id || slot.retired) return; // a late answer for a task already timed out
    slot.tasks.shift();
    this.startTimer(slot);
    task.resolve(
      m.type === 'result' ? { status: 'ok', file: task.file, letter: m.letter } : { status: 'failed', file: task.file, error: m.error },
    );
    slot.done++;
    if (m.heapMb > this.recycleHeapMb) slot.heapFull = true;
    if ((slot.done >= this.maxTasksPerWorker || slot.heapFull) && slot.tasks.length === 0 && !this.closing) {
      this.recycled++;
      this.retire(slot, true);
    }
    this.dispatch();
  }

  private onTimeout(slot: Slot): void {
    const task = slot.tasks.shift();
    if (!task) return;
    slot.timer = null;
    task.resolve({
      status: 'failed',
      file: task.file,
      error: { code: 'timeout', reason: `extraction took longer than ${this.timeoutMs} ms (worker stopped)`, sha256: null },
    });
    this.requeue(slot.tasks.splice(0));
    this.replacements++;
    this.retire(slot, true);
    this.dispatch();
  }

  private retire(slot: Slot, respawn = false): void {
    slot.retired = true;
    slot.respawn = respawn;
    void slot.worker.terminate();
  }

  private onExit(slot: Slot, code: number): void {
    this.slots.delete(slot);
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const tasks = slot.tasks.splice(0);
    if (this.closing) {
      for (const t of tasks) t.resolve({ status: 'cancelled', file: t.file });
      return;
    }
    if (slot.retired) {
      this.requeue(tasks);
      if (slot.respawn && !this.broken) this.spawn();
      this.dispatch();
      return;
    }
    const why = slot.lastError ? slot.lastError.message : `worker exited with code ${code}`;
    if (!slot.ready) {
      // Died before it could take work: the extractor does not load. Not the letters' fault.
      this.requeue(tasks);
      this.startupFailures++;
      if (this.startupFailures >= MAX_STARTUP_FAILURES) {
        this.break(new PoolBrokenError(`extraction workers cannot start: ${why}`));
        return;
      }
    } else if (tasks.length > 0) {
      // The letter being worked on is the one that killed the worker; the ones queued behind it go elsewhere.
      const [task, ...rest] = tasks;
      const oom = /ERR_WORKER_OUT_OF_MEMORY|out of memory/i.test(`${(slot.lastError as NodeJS.ErrnoException | null)?.code ?? ''} ${why}`);
      task!.resolve({
        status: 'failed',
        file: task!.file,
        error: { code: 'internal', reason: oom ? `worker ran out of memory on this letter: ${why}` : `worker crashed: ${why}`, sha256: null },
      });
      this.requeue(rest);
    }
    this.replacements++;
    this.spawn();
    this.dispatch();
  }

  private break(err: Error): void {
    this.broken = err;
    for (const task of this.queue.splice(0)) task.reject(err);
    for (const slot of this.slots) {
      for (const task of slot.tasks.splice(0)) task.reject(err);
      this.retire(slot);
    }
  }

  /**
   * Stops the pool. Without `abort`, waits for queued and running letters first; with it,
   * queued and running letters resolve as `cancelled` and workers are terminated at once.
   */
  async close(options: { abort?: boolean } = {}): Promise<void> {
    if (!options.abort) {
      while (this.pending > 0 && !this.broken) await new Promise((r) => setTimeout(r, 20));
    }
    this.closing = true;
    for (const task of this.queue.splice(0)) task.resolve({ status: 'cancelled', file: task.file });
    const exits: Promise<unknown>[] = [];
    for (const slot of this.slots) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      exits.push(new Promise((r) => slot.worker.once('exit', r)));
      slot.retired = true;
      void slot.worker.terminate();
    }
    await Promise.all(exits);
  }
}
