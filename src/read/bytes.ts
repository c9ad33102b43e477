/** A letter file's bytes, with the size limit checked first (a module of its own: the ingest's main thread hashes with it without loading pdf.js). */
import { readFileSync, statSync } from 'node:fs';
import { LetterError } from '../errors.js';

/** Files above this are refused before reading (bytes). */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/**
 * The file's bytes, refusing a file over `maxBytes` before reading it. Synchronous on purpose:
 * letters are small, and the async path (open, stat, read, close as four thread-pool round
 * trips) costs ten times the CPU of the read itself, which is visible per letter in a bulk
 * ingest. Each ingest worker reads one letter at a time, so nothing waits behind the read.
 */
export function readBytesWithin(file: string, maxBytes: number): Buffer {
  try {
    // stat before open: opening a FIFO would wait for a writer.
    const info = statSync(file);
    if (!info.isFile()) throw new LetterError('unreadable', file, 'not a regular file');
    if (info.size > maxBytes) throw new LetterError('too-large', file, `${info.size} bytes is over the ${maxBytes}-byte limit`);
    return readFileSync(file);
  } catch (err) {
    if (err instanceof LetterError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new LetterError(code === 'ENOENT' ? 'not-found' : 'unreadable', file, (err as Error).message);
  }
}
