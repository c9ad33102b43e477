/**
 * `imr ingest <inputs...>`: extract letters in parallel into the analyst store.
 * Idempotent (keyed by sha256) and resumable; failures go to the `failures` table.
 * Exit 0 when every letter is stored, 1 when some failed, 2 for bad usage, 130 when interrupted.
 */
import { existsSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { IngestProgress, IngestSummary } from '../../ingest/ingest.js';
import { defaultWorkerCount } from '../../ingest/pool.js';
import { createProgressReporter, formatDuration } from '../../ingest/progress.js';
import { DEFAULT_DB } from '../../store/defaults.js';
import { diskFullAtCheckpoint, diskFullWhileWriting, isDiskFull } from '../disk-full.js';
import type { PdfEngineName } from '../../read/engines/names.js';
import { expandInputs } from '../inputs.js';
import { pdfEngineOption } from '../pdf-engine-option.js';

interface IngestCliOptions {
  db: string;
  workers: number;
  reextract?: boolean;
  retryFailed?: boolean;
  timeout: number;
  batchSize: number;
  json?: boolean;
  quiet?: boolean;
  pdfEngine: PdfEngineName;
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

export function register(program: Command): void {
  const workers = defaultWorkerCount();
  program
    .command('ingest')
    .description('Extract letters in parallel into the analyst store (DuckDB); safe to re-run and to resume')
    .argument('<inputs...>', 'letter files, folders, globs, or @file listing one input per line')
    .option('--db <file>', 'the store', DEFAULT_DB)
    .addOption(new Option('-w, --workers <n>', 'extraction workers').argParser(positiveInt).default(workers, `all cores, ${workers} here`))
    .option('--reextract', 're-process letters stored by another extractor version')
    .option('--retry-failed', 'retry letters that already failed under this extractor version')
    .option('--timeout <seconds>', 'per-letter time limit', positiveNumber, 60)
    .option('--batch-size <n>', 'letters committed per transaction', positiveInt, 500)
    .option('--json', 'print the summary as JSON')
    .option('-q, --quiet', 'no progress output')
    .addOption(pdfEngineOption())
    .action(async (inputs: string[], options: IngestCliOptions) => {
      process.exitCode = await runIngest(inputs, options);
    });
}

export function summaryText(s: IngestSummary): string {
  const lines = [
    `${s.interrupted ? 'interrupted' : 'done'}: ${s.done}/${s.total} letters in ${formatDuration(s.elapsedMs)} with ${s.workers} worker(s)`,
    `  stored      ${s.stored}${s.reextracted ? ` (${s.reextracted} re-extracted)` : ''}`,
    `  skipped     ${s.skipped} (already in the store${s.skippedFailures ? `; ${s.skippedFailures} earlier failures, see --retry-failed` : ''})`,
    `  failed      ${s.failed}${s.failed ? ' (see: imr query "SELECT * FROM failures")' : ''}`,
    `  rate        ${s.lettersPerSecond.toFixed(1)} letters/s`,
    `  store       ${s.db}`,
  ];
  if (s.workerReplacements) lines.push(`  workers replaced after a crash or timeout: ${s.workerReplacements}`);
  if (s.workersRecycled) lines.push(`  workers renewed (heap or letter-count limit): ${s.workersRecycled}`);
  if (s.vacuumError && isDiskFull(s.vacuumError)) lines.push(...diskFullAtCheckpoint(s.db, s.vacuumError));
  else if (s.vacuumError) lines.push(`  the store's closing vacuum failed (letters are stored; the next run that stores anything tries again): ${s.vacuumError}`);
  if (s.interrupted) lines.push('  run the same command again to continue where this run stopped');
  return `${lines.join('\n')}\n`;
}

async function runIngest(inputs: string[], options: IngestCliOptions): Promise<number> {
  const { files, unmatched } = await expandInputs(inputs);
  if (files.length === 0 && unmatched.length === 0) {
    process.stderr.write('imr ingest: no letters to ingest\n');
    return 2;
  }
  for (const u of unmatched) process.stderr.write(`imr ingest: not found: ${u.input} (${u.reason})\n`);
  if (files.length === 0) {
    // Mistyped paths only: nothing to store, so no store is opened (or created), as `extract` writes nothing.
    process.stderr.write(`imr ingest: nothing to ingest; ${existsSync(options.db) ? `${options.db} left as it was` : `no store created at ${options.db}`}\n`);
    return 1;
  }
  const controller = new AbortController();
  const reporter = options.quiet ? null : createProgressReporter(process.stderr);
  /** The last progress seen: what the run had committed when an error stopped it. */
  let latest: IngestProgress | null = null;
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    if (process.stderr.isTTY) reporter?.stop(); // the bar would draw over the message
    process.stderr.write(`\nimr ingest: ${signal}: committing finished letters and stopping (again to quit at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const { ingest } = await import('../../ingest/ingest.js');
    const summary = await ingest({
      files,
      unmatched,
      db: options.db,
      workers: options.workers,
      reextract: options.reextract,
      retryFailed: options.retryFailed,
      timeoutMs: options.timeout * 1000,
      batchSize: options.batchSize,
      pdfEngine: options.pdfEngine,
      signal: controller.signal,
      onProgress: (p) => {
        latest = p;
        reporter?.update(p);
      },
    });
    reporter?.stop();
    process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : summaryText(summary));
    if (summary.interrupted) return 130;
    return summary.failed > 0 ? 1 : 0;
  } catch (err) {
    reporter?.stop();
    const stored = (latest as IngestProgress | null)?.stored ?? 0;
    process.stderr.write(isDiskFull(err) ? `${diskFullWhileWriting(options.db, stored, err)}\n` : `imr ingest: ${(err as Error).message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
