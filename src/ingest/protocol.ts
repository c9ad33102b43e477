/** Messages between the ingest's main thread and its extraction workers. */
import type { PdfEngineName } from '../read/engines/names.js';
import type { LetterRowSet } from '../store/rows.js';

export interface WorkerInit {
  /** Module URL exporting `extractBytes(path, bytes, options)`: the pipeline by default, a stand-in in tests. */
  extractorUrl: string;
  /** The engine that reads PDFs. */
  pdfEngine: PdfEngineName;
}

export interface TaskMessage {
  type: 'task';
  id: number;
  file: string;
  /** The file's bytes, read (and hashed) once by the main thread. */
  bytes: Uint8Array;
}

export interface TaskFailure {
  code: string;
  reason: string;
  /** sha256 of the file when it was read far enough to know it. */
  sha256: string | null;
}

/** A worker's answer about one letter: the record as the store's rows (made in the worker so the main thread only appends), or why not. */
export type LetterAnswer = { type: 'result'; id: number; letter: LetterRowSet } | { type: 'error'; id: number; error: TaskFailure };

export type WorkerMessage =
  | { type: 'ready' }
  /**
   * Every answer carries the worker's heap in use (MB: V8's heap, garbage not yet collected
   * included, and external memory), which the pool watches to replace a worker that grows.
   */
  | (LetterAnswer & { heapMb: number });
