/**
 * Readers waiting for a store that an ingest holds leave a marker file in `<db>.readers/`; the
 * ingest (lease.ts) steps aside when it sees one. A marker names its process, so a reader that
 * died waiting does not hold the ingest back.
 */
import { mkdirSync, readdirSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The folder where readers waiting for `dbPath` leave their markers. */
export function readerQueue(dbPath: string): string {
  return `${path.resolve(dbPath)}.readers`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A marker older than this is stale whatever its process: readers give up after a minute
 * (READER_WAIT_MS), and a reader killed while waiting may have its pid reused.
 */
const MARKER_MAX_AGE_MS = 2 * 60_000;

/** Whether a live reader waits for `dbPath`; markers of readers that died or gave up long ago are removed. */
export function readersWaiting(dbPath: string): boolean {
  const queue = readerQueue(dbPath);
  let names: string[];
  try {
    names = readdirSync(queue);
  } catch {
    return false;
  }
  let waiting = false;
  const now = Date.now();
  for (const name of names) {
    const [pidText, sinceText] = name.split('-');
    const pid = Number(pidText);
    const since = Number(sinceText);
    if (Number.isInteger(pid) && pid > 0 && now - since < MARKER_MAX_AGE_MS && alive(pid)) waiting = true;
    else {
      try {
        unlinkSync(path.join(queue, name));
      } catch {
        // another process removed it first
      }
    }
  }
  return waiting;
}

/** A reader's place in the queue: call the returned function once the wait is over. */
export function joinReaderQueue(dbPath: string): () => void {
  const queue = readerQueue(dbPath);
  const marker = path.join(queue, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  // Another reader leaving may remove the folder between mkdir and write: try again then.
  let written = false;
  for (let attempt = 0; attempt < 3 && !written; attempt++) {
    try {
      mkdirSync(queue, { recursive: true });
      writeFileSync(marker, '');
      written = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') break;
    }
  }
  if (!written) return () => undefined; // a read-only folder: the reader still waits, only less politely
  return () => {
    try {
      unlinkSync(marker);
      rmdirSync(queue);
    } catch {
      // other readers still wait, or the marker is already gone
    }
  };
}
