/**
 * Ingest progress for people: a live bar on a terminal (cli-progress), plain log lines
 * otherwise (CI logs, files), each with letters done, rate, failures and time left.
 */
import cliProgress from 'cli-progress';
import type { IngestProgress } from './ingest.js';

export interface ProgressReporter {
  update(p: IngestProgress): void;
  /** Ends the display (idempotent); later updates are ignored on a terminal. */
  stop(): void;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * Letters per second over the letters that needed work (skips are near-free and would flatter it),
 * counted when extracted: `stored` waits for the commit.
 */
function rateOf(p: IngestProgress): number {
  const worked = p.done - p.skipped;
  return p.elapsedMs > 0 ? (worked * 1000) / p.elapsedMs : 0;
}

function etaMs(p: IngestProgress): number {
  const rate = rateOf(p);
  const left = p.total - p.done;
  if (left <= 0) return 0;
  return rate > 0 ? (left / rate) * 1000 : Number.NaN;
}

export function progressLine(p: IngestProgress): string {
  const pct = p.total > 0 ? ((100 * p.done) / p.total).toFixed(1) : '100.0';
  return (
    `ingest: ${p.done}/${p.total} (${pct}%) | ${rateOf(p).toFixed(1)} letters/s | stored ${p.stored}` +
    ` | skipped ${p.skipped} | failed ${p.failed} | elapsed ${formatDuration(p.elapsedMs)} | ETA ${formatDuration(etaMs(p))}`
  );
}

/** A bar on a TTY; otherwise a log line every `intervalMs` and one at the end. */
export function createProgressReporter(
  stream: NodeJS.WriteStream = process.stderr,
  options: { intervalMs?: number; tty?: boolean } = {},
): ProgressReporter {
  const tty = options.tty ?? stream.isTTY === true;
  if (tty) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: 'ingest [{bar}] {percentage}% | {value}/{total} | {rate}/s | failed {failed} | skipped {skipped} | ETA {etaText}',
        hideCursor: true,
        barsize: 30,
        fps: 5,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    let stopped = false;
    return {
      update(p) {
        if (stopped) return;
        const payload = { rate: rateOf(p).toFixed(1), failed: p.failed, skipped: p.skipped, etaText: formatDuration(etaMs(p)) };
        if (!started) {
          bar.start(p.total, p.done, payload);
          started = true;
        } else bar.update(p.done, payload);
      },
      stop() {
        if (started && !stopped) bar.stop();
        stopped = true;
      },
    };
  }
  const intervalMs = options.intervalMs ?? 5000;
  let last = -Infinity;
  let latest: IngestProgress | null = null;
  let lastPrinted: IngestProgress | null = null;
  return {
    update(p) {
      latest = p;
      const now = performance.now();
      if (now - last >= intervalMs) {
        last = now;
        lastPrinted = p;
        stream.write(`${progressLine(p)}\n`);
      }
    },
    stop() {
      if (latest && latest !== lastPrinted) stream.write(`${progressLine(latest)}\n`);
    },
  };
}
