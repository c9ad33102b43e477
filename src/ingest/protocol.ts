/** Messages between the ingest's main thread and its extraction workers. */
import type { ImrRecord } from '../record/schema.js';

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
  | { type: 'result'; id: number; record: ImrRecord }
  | { type: 'error'; id: number; error: TaskFailure };
