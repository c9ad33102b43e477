/**
 * A full disk under the store, said in plain words. DuckDB reports it in its own terms (`Failed to
 * commit: Could not write file "…imr.duckdb.wal": No space left on device`, or after a checkpoint
 * that could not write, `database has been invalidated because of a previous fatal error`, with
 * the original error after it); people need to hear that the disk is full, what is safe, and how
 * to go on.
 *
 * What is safe rests on how the store writes (store.ts): each batch is one transaction, logged in
 * `<db>.wal` when it commits and folded into `<db>` at a checkpoint. A commit that cannot write
 * leaves the batches before it whole; a checkpoint that cannot write leaves them in the WAL, which
 * the next open of the store replays. So the letters counted as stored are in the two files, and
 * the next run extracts the rest (the ingest is keyed by sha256: nothing is stored twice).
 */

/** Whether an error (DuckDB's or Node's) says the file system had no room left. */
export function isDiskFull(err: unknown): boolean {
  const text = err instanceof Error ? `${err.message} ${(err as NodeJS.ErrnoException).code ?? ''}` : String(err);
  return /No space left on device|\bENOSPC\b|not enough space on the disk/i.test(text);
}

function storeFiles(db: string): string {
  return `${db} and its write-ahead log ${db}.wal (keep the two together)`;
}

const CONTINUE = 'free space on that disk (or move both files to a larger disk and pass --db), then run the same command again';

/** The error itself (DuckDB's words, as a rule), its lines indented under the plain text. */
function original(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return `  details: ${message.split('\n').join('\n    ')}`;
}

/**
 * For a run stopped because a write found the disk full. `stored`: the letters this run committed
 * (IngestProgress.stored, which counts only committed letters).
 */
export function diskFullWhileWriting(db: string, stored: number, err: unknown): string {
  return [
    `imr ingest: the disk holding the store is full, so the run stopped.`,
    `  safe: ${stored === 1 ? '1 letter' : `${stored} letters`} this run stored, and all stored before, are committed in ${storeFiles(db)}; ` +
      'letters not yet committed are not in it (no letter is stored in part).',
    `  to continue: ${CONTINUE}: it resumes, extracting only the letters not stored yet.`,
    original(err),
  ].join('\n');
}

/** For a run whose letters were all committed when its closing checkpoint found the disk full (lines of the summary). */
export function diskFullAtCheckpoint(db: string, err: unknown): string[] {
  return [
    `  the disk holding the store is full: the closing checkpoint could not write ${db}.`,
    `  safe: every letter of this run is committed, in ${storeFiles(db)}.`,
    `  to continue: ${CONTINUE}: it stores nothing twice, and the checkpoint folds the log into ${db}.`,
    original(err),
  ];
}
