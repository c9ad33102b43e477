/**
 * Bulk ingest: letter files → worker pool → records as rows → the store, with the main thread as the
 * store's single writer.
 *
 * Idempotent and resumable, keyed by sha256 of the file bytes: files are hashed in chunks, the
 * store is asked which of those letters it already holds, and only the rest are extracted.
 * Results are committed in batches (one transaction each), so an interrupted run — Ctrl-C,
 * a kill, a crash — loses at most the batch in flight, and the next run picks up from there.
 * `reextract` also re-processes letters stored by another extractor version; `retryFailed`
 * retries letters that failed under the current version (by default they are skipped).
 *
 * Memory is bounded by the chunk size, the letters in flight and the write batch, not by the
 * number of letters ingested, with one exception: the store's key fingerprints (store.ts), 8
 * bytes a key, about 16 bytes a stored letter (its sha256 and its file name): 16 MB at 1,000,000.
 */
import { createHash } from 'node:crypto';
import { settings } from '../config/index.js';
import type { PdfEngineName } from '../read/engines/names.js';
import { DEFAULT_MAX_BYTES, readBytesWithin } from '../read/bytes.js';
import { LetterError } from '../errors.js';
import { EXTRACTOR_VERSION } from '../pipeline/version.js';
import { StoreLease } from '../store/lease.js';
import type { LetterRowSet } from '../store/rows.js';
import type { FailureRow, LetterFailure, Store, WriteBatch } from '../store/store.js';
import { ExtractPool, defaultWorkerCount, type TaskOutcome } from './pool.js';

export interface IngestOptions {
  /** Letter files (already expanded from folders, globs and lists). */
  files: readonly string[];
  /** Inputs that named no file; recorded as `not-found` failures. */
  unmatched?: ReadonlyArray<{ input: string; reason: string }>;
  /** Store path, or an open store (left open). */
  db: string | Store;
  workers?: number;
  reextract?: boolean;
  retryFailed?: boolean;
  /** Per-letter budget (ms). */
  timeoutMs?: number;
  /** Records per transaction; default 500. */
  batchSize?: number;
  /** Longest a finished letter waits before it is committed (ms); default 2000. */
  flushIntervalMs?: number;
  /**
   * Files hashed and looked up together; default 256. A lookup asks DuckDB only about letters
   * the store's key fingerprints say may be stored (store.ts), so for new letters it costs no
   * scan whatever the chunk's size; stored letters (a re-run, a resume) are scanned for once per
   * chunk, and chunks of them grow up to 16 times this (MAX_CHUNK_GROWTH). (Before the
   * fingerprints, 1,024 took a 100,000-letter ingest's lookups from 74-81 to 31 µs a letter, but
   * peak RSS rose 10-35 MB.)
   */
  chunkSize?: number;
  /** Extractor module for the workers (tests); default the pipeline. */
  extractorUrl?: string;
  /** The engine that reads PDFs; default DEFAULT_PDF_ENGINE (src/read/engines). */
  pdfEngine?: PdfEngineName;
  /** The version the extractor stamps on records; default EXTRACTOR_VERSION. */
  extractorVersion?: string;
  maxTasksPerWorker?: number;
  /** Aborting stops the run cleanly: letters finished so far are committed, the rest are left for the next run. */
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
}

export interface IngestProgress {
  /** Letters this run will account for (files plus unmatched inputs). */
  total: number;
  /**
   * Accounted for so far: extracted, skipped or failed. At the end of a run that was not stopped
   * by an error, stored + skipped + failed; before, it runs ahead of `stored` by the letters
   * waiting to be committed.
   */
  done: number;
  /**
   * Stored this run (new or re-extracted): counted once committed, so that a run stopped by an
   * error (a full disk) never claims letters the store does not hold.
   */
  stored: number;
  /** Of `stored`, letters that replaced a record from another extractor version. */
  reextracted: number;
  /** Already in the store (or a duplicate of a letter in this run). */
  skipped: number;
  /** Skipped because they failed before under this extractor version (see `retryFailed`). */
  skippedFailures: number;
  /** Failed this run (recorded in the failures table). */
  failed: number;
  elapsedMs: number;
}

export interface IngestSummary extends IngestProgress {
  db: string;
  workers: number;
  interrupted: boolean;
  /** Workers replaced after a crash or a timeout. */
  workerReplacements: number;
  /** Workers renewed on purpose: heap past its limit, or letters done past maxTasksPerWorker (see pool.ts). */
  workersRecycled: number;
  /** Why the run's closing checkpoint with vacuum failed (its letters are stored all the same), or null. */
  vacuumError: string | null;
  /** Letters extracted per second of wall time (stored + failed this run). */
  lettersPerSecond: number;
}

/**
 * DuckDB settings for the ingest's writer: a bounded buffer pool, so that the store's memory does
 * not grow with its size; one DuckDB thread, so that the cores go to extraction; checkpoints at
 * 256 MB of WAL rather than 16 MB (every ~2,000 letters made a 20,000-letter text ingest 10 %
 * slower in its second half; every ~26,000, it is 741 -> 792/s); and no vacuum at checkpoints.
 * DuckDB 1.5 starts a new row group for what is appended after a checkpoint, and its vacuum
 * merges those small row groups again and again as the store grows: in the store alone over
 * 300,000 letters, writes (checkpoints included) rose from 6.7 to 9.8 s per 50,000 letters with
 * vacuum and stayed at 6.0-6.7 s without (scripts/store-growth.mjs). Never vacuuming is no
 * answer either: 300 runs of 100 letters left 300 row groups a table and a 767 MB file (32 MB
 * with vacuum), and queries 3 times slower. So a run that stored anything ends with one
 * checkpoint with vacuum (ingestInto), which merges its row groups: 100 runs of 50 letters leave
 * 3 row groups, as with vacuum throughout; 300,000 letters in one run (one measurement) ingest
 * at 1,420/s (1,274-1,351 with vacuum throughout) into a file of 1,415 MB (1,342-1,353).
 */
export const WRITER_CONFIG: Readonly<Record<string, string>> = settings.writer;

/**
 * How far chunks grow while no letter of a chunk needs extracting (already stored, a known
 * failure, unreadable: a re-run or a resume; see ingestInto). Measured
 * on a 100,000-letter store, looking up stored letters: 61 µs a letter in chunks of 256, 25 in
 * 1,024, 15 in 4,096 (RSS +7 MB), 14 in 16,384 (+39 MB).
 */
const MAX_CHUNK_GROWTH = 16;

/**
 * A file's bytes and their sha256 (read synchronously, size limit first: see readBytesWithin), or
 * why it cannot be read. The bytes go to the worker that extracts the letter: each file is read once.
 */
function readAndHash(file: string, keepBytes = true): { sha256: string; bytes: Uint8Array | null } | { code: string; reason: string } {
  try {
    const bytes = readBytesWithin(file, DEFAULT_MAX_BYTES);
    return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: keepBytes ? bytes : null };
  } catch (err) {
    if (err instanceof LetterError) return { code: err.code, reason: err.reason };
    return { code: 'unreadable', reason: (err as Error).message };
  }
}

/**
 * Reads and hashes files, giving the event loop a turn every few so that workers' results (and
 * Ctrl-C) are taken in between; stops early, with fewer hashes than files, once `stop` says so.
 * `keepBytes` false drops each file's bytes once hashed: a grown chunk (a re-run over stored
 * letters, see MAX_CHUNK_GROWTH) would otherwise hold thousands of letters' bytes at once for
 * the few, if any, it extracts; those few are read again when sent.
 */
async function hashAll(files: readonly string[], stop: () => boolean, keepBytes: boolean): Promise<Array<ReturnType<typeof readAndHash>>> {
  const out: Array<ReturnType<typeof readAndHash>> = [];
  for (let i = 0; i < files.length && !stop(); i++) {
    if (i % 16 === 15) await new Promise((r) => setImmediate(r));
    out.push(readAndHash(files[i]!, keepBytes));
  }
  return out;
}

export async function ingest(options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  // The store is held for the whole run and stepped away from when a reader waits (see
  // StoreLease). Opened here first: a bad store fails fast.
  const store = typeof options.db === 'string' ? StoreLease.of(options.db, { config: WRITER_CONFIG }) : StoreLease.borrow(options.db);
  await store.use(async () => undefined);
  let failed = true;
  try {
    const summary = await ingestInto(store, options, started);
    failed = false;
    return summary;
  } finally {
    // A close that throws must not hide the error that ended the run.
    try {
      store.close();
    } catch (err) {
      if (!failed) throw err;
    }
  }
}

async function ingestInto(store: StoreLease, options: IngestOptions, started: number): Promise<IngestSummary> {
  const version = options.extractorVersion ?? EXTRACTOR_VERSION;
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const flushIntervalMs = options.flushIntervalMs ?? 2000;
  const chunkSize = Math.max(1, options.chunkSize ?? 256);
  const workers = Math.max(1, Math.floor(options.workers ?? defaultWorkerCount()));
  const unmatched = options.unmatched ?? [];

  const progress: IngestProgress = {
    total: options.files.length + unmatched.length,
    done: 0,
    stored: 0,
    reextracted: 0,
    skipped: 0,
    skippedFailures: 0,
    failed: 0,
    elapsedMs: 0,
  };
  const report = () => {
    progress.elapsedMs = performance.now() - started;
    options.onProgress?.({ ...progress });
  };

  // All store access goes through one chain: one writer, and no read lands inside a write's transaction.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn);
    chain = p.catch(() => undefined);
    return p;
  };

  let buffer: WriteBatch = { letters: [], files: [], failures: [] };
  let buffered = 0;
  let writeError: unknown = null;
  /** sha256s handed to a worker or waiting in the buffer, not yet committed. */
  const uncommitted = new Set<string>();
  /**
   * Letters committed since the current chunk was looked up (sha256 → extractor version): the
   * lookup could not see them, and without this a later name of one would be extracted again.
   * Cleared at each lookup, so it holds at most about a chunk's worth.
   */
  const committedSinceLookup = new Map<string, string>();
  /** Other names of a letter in flight, waiting for its outcome; outcomes of letters not yet committed. */
  const sameBytes = new Map<string, string[]>();
  const outcomeOf = new Map<string, { ok: true; sha256: string } | { ok: false; code: string; reason: string }>();
  let flushTimer: NodeJS.Timeout | null = null;
  /** Extracted letters that replace another version's record, counted as re-extracted once committed. */
  const replacingLetters = new Set<LetterRowSet>();

  /** Batches handed to the store and not yet committed (a reader's turn can hold them up). */
  let writesQueued = 0;
  const flush = (): Promise<void> => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    // After a failed write the run is ending: what is not committed is redone by the next run.
    if (buffered === 0 || writeError) return chain.then(() => undefined);
    const batch = buffer;
    buffer = { letters: [], files: [], failures: [] };
    buffered = 0;
    writesQueued++;
    return serial(async () => {
      await store.use((s) => s.write(batch));
      for (const l of batch.letters) {
        progress.stored++;
        if (replacingLetters.delete(l)) progress.reextracted++;
        committedSinceLookup.set(l.sha256, version);
        uncommitted.delete(l.sha256);
        outcomeOf.delete(l.sha256);
      }
      for (const f of batch.failures) {
        if (!f.sha256) continue;
        uncommitted.delete(f.sha256);
        outcomeOf.delete(f.sha256);
      }
      if (batch.letters.length > 0) report();
    })
      .catch((err) => {
        writeError ??= err;
      })
      .finally(() => {
        writesQueued--;
      });
  };
  const buffer1 = (add: (b: WriteBatch) => void) => {
    add(buffer);
    buffered++;
    if (buffered >= batchSize) void flush();
    else if (!flushTimer) flushTimer = setTimeout(() => void flush(), flushIntervalMs);
  };
  const failure = (file: string, sha256: string | null, code: string, reason: string): FailureRow => ({
    file,
    sha256,
    code,
    reason,
    extractorVersion: version,
    failedAt: new Date(),
  });

  for (const u of unmatched) {
    buffer1((b) => b.failures.push(failure(u.input, null, 'not-found', u.reason)));
    progress.failed++;
    progress.done++;
  }

  const pool = new ExtractPool({
    size: workers,
    timeoutMs: options.timeoutMs,
    extractorUrl: options.extractorUrl,
    pdfEngine: options.pdfEngine,
    maxTasksPerWorker: options.maxTasksPerWorker,
  });
  const inFlightLimit = workers * 4;
  const inFlight = new Set<Promise<void>>();
  let interrupted = false;
  const aborted = () => options.signal?.aborted === true;
  const onAbort = () => {
    interrupted = true;
    void pool.close({ abort: true });
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  /**
   * The same bytes under other names met while their letter was still being extracted wait for
   * its outcome: stored, they become more names of the letter; failed, each is a failure too (a
   * file is never left out of both `files` and `failures`).
   */
  const settleDuplicate = (file: string, sha256: string) => {
    const known = outcomeOf.get(sha256)!;
    if (known.ok) {
      buffer1((b) => b.files.push({ path: file, sha256: known.sha256 }));
      return;
    }
    buffer1((b) => b.failures.push(failure(file, sha256, known.code, known.reason)));
    progress.skipped--;
    progress.failed++;
  };

  const handle = (outcome: TaskOutcome, sha256: string, replacing: boolean) => {
    if (outcome.status === 'cancelled') {
      uncommitted.delete(sha256);
      sameBytes.delete(sha256); // left for the next run, like their letter
      return;
    }
    if (outcome.status === 'ok') {
      const { letter } = outcome;
      if (letter.sha256 !== sha256) uncommitted.add(letter.sha256); // the file changed since hashing
      if (replacing) replacingLetters.add(letter);
      buffer1((b) => {
        b.letters.push(letter);
        b.files.push({ path: outcome.file, sha256: letter.sha256 });
      });
      outcomeOf.set(sha256, { ok: true, sha256: letter.sha256 });
    } else {
      buffer1((b) => b.failures.push(failure(outcome.file, sha256, outcome.error.code, outcome.error.reason)));
      progress.failed++;
      outcomeOf.set(sha256, { ok: false, code: outcome.error.code, reason: outcome.error.reason });
    }
    for (const file of sameBytes.get(sha256) ?? []) settleDuplicate(file, sha256);
    sameBytes.delete(sha256);
    progress.done++;
    report();
  };

  let fatal: unknown = null;
  try {
    report();
    let size = chunkSize;
    for (let i = 0; i < options.files.length && !aborted() && !fatal && !writeError; ) {
      const chunk = options.files.slice(i, i + size);
      i += chunk.length;
      let extracting = 0;
      const hashes = await hashAll(chunk, aborted, size === chunkSize);
      if (hashes.length < chunk.length) break; // interrupted while hashing: the rest is for the next run
      const shas = hashes.flatMap((h) => ('sha256' in h ? [h.sha256] : []));
      const [stored, failed, knownPaths] = await serial(() =>
        store.use(async (s) => {
          committedSinceLookup.clear();
          return [
            await s.storedVersions(shas),
            options.retryFailed ? new Map<string, LetterFailure>() : await s.failuresOf(shas),
            await s.knownPaths(chunk),
          ] as const;
        }),
      );

      for (let j = 0; j < chunk.length && !aborted() && !fatal && !writeError; j++) {
        const file = chunk[j]!;
        const h = hashes[j]!;
        if (!('sha256' in h)) {
          buffer1((b) => b.failures.push(failure(file, null, h.code, h.reason)));
          progress.failed++;
          progress.done++;
          report();
          continue;
        }
        const sha = h.sha256;
        const storedVersion = stored.get(sha) ?? committedSinceLookup.get(sha);
        const replacing = storedVersion !== undefined && options.reextract === true && storedVersion !== version;
        const skip =
          uncommitted.has(sha) ||
          (storedVersion !== undefined && !replacing) ||
          (storedVersion === undefined && failed.get(sha)?.version === version);
        if (skip) {
          const earlier = failed.get(sha);
          if (uncommitted.has(sha)) {
            // Its letter is in flight (or waiting to be committed) under another name.
            if (outcomeOf.has(sha)) settleDuplicate(file, sha);
            else sameBytes.set(sha, [...(sameBytes.get(sha) ?? []), file]);
          } else if (storedVersion !== undefined) {
            if (!knownPaths.has(file)) buffer1((b) => b.files.push({ path: file, sha256: sha }));
          } else if (earlier) {
            // A known failure; under a new name it is recorded as that name's failure too.
            progress.skippedFailures++;
            if (!earlier.files.includes(file)) buffer1((b) => b.failures.push(failure(file, sha, earlier.code, earlier.reason)));
          }
          progress.skipped++;
          progress.done++;
          report();
          continue;
        }
        uncommitted.add(sha);
        while (inFlight.size >= inFlightLimit) await Promise.race(inFlight);
        // While the store is held up (a reader's turn), stop taking letters rather than pile up records.
        while (writesQueued > 1) await chain;
        if (aborted()) {
          uncommitted.delete(sha);
          break;
        }
        // A grown chunk dropped its bytes: the letter is read again to be sent.
        const reread = h.bytes ? null : readAndHash(file);
        if (reread && 'code' in reread) {
          // Gone or unreadable since it was hashed: a failure like any unreadable file.
          uncommitted.delete(sha);
          buffer1((b) => b.failures.push(failure(file, sha, reread.code, reread.reason)));
          progress.failed++;
          progress.done++;
          report();
          continue;
        }
        const bytes = h.bytes ?? (reread as { bytes: Uint8Array }).bytes;
        const p: Promise<void> = pool.run(file, bytes).then(
          (outcome) => handle(outcome, sha, replacing),
          (err) => {
            fatal ??= err;
          },
        );
        const tracked = p.finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
        extracting++;
      }
      // Letters already stored (a re-run, a resume) are looked up, each chunk with a scan of the
      // key columns: while chunks have nothing to extract, they grow, and the scans are fewer.
      size = extracting === 0 ? Math.min(size * 2, chunkSize * MAX_CHUNK_GROWTH) : chunkSize;
    }
    await Promise.all(inFlight);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (aborted()) interrupted = true;
    await pool.close({ abort: interrupted || fatal !== null });
    await Promise.all(inFlight);
    await flush();
    await chain;
  }
  if (fatal) throw fatal;
  if (writeError) throw writeError;
  // The run's checkpoints left small row groups (no vacuum while writing, see WRITER_CONFIG): one
  // checkpoint with DuckDB's vacuum merges them, so that many small runs do not leave a row group
  // each. An interrupted run leaves that to the next. Every letter is committed by now, so a
  // failure here is reported, not thrown: the next run that stores anything vacuums again.
  let vacuumError: string | null = null;
  if (!interrupted && progress.stored + progress.failed > 0) {
    try {
      await store.use((s) => s.checkpoint({ vacuum: true }));
    } catch (err) {
      vacuumError = (err as Error).message;
    }
  }
  report();
  const seconds = progress.elapsedMs / 1000;
  return {
    ...progress,
    db: store.path,
    workers,
    interrupted,
    workerReplacements: pool.replacements,
    workersRecycled: pool.recycled,
    vacuumError,
    lettersPerSecond: seconds > 0 ? (progress.stored + progress.failed) / seconds : 0,
  };
}
