/** Messages between the ingest's main thread and its extraction workers. */
import type { LetterRowSet } from '../store/rows.js';

export interface WorkerInit {
  /** Module URL exporting `extractFile(path)`: the pipeline by default, a stand-in in tests. */
  extractorUrl: string;
}

export interface TaskMessage {
  type: 'task';
  id: number;
  file: string;
}

export interface TaskFailure {
  code: string;
  reason: string;
  /** sha256 of the file when it was read far enough to know it. */
  sha256: string | null;
}

export type WorkerMessage =
  | { type: 'ready' }
  /** The record as the store's rows, made in the worker so the main thread only appends. */
  | { type: 'result'; id: number; letter: LetterRowSet }
  | { type: 'error'; id: number; error: TaskFailure };
