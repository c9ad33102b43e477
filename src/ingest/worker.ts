/**
 * An extraction worker: loads the extractor once, then turns each `task` (a file's name and the
 * bytes the main thread read) into a
 * record, and the record into the store's rows, or into a typed failure. It never touches the
 * store: rows go back to the main thread, the single writer.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { ImrRecord } from '../record/schema.js';
import { letterRowSet } from '../store/rows.js';
import type { LetterAnswer, TaskMessage, WorkerInit, WorkerMessage } from './protocol.js';

interface Extractor {
  extractBytes(path: string, bytes: Uint8Array, options: { pdfEngine: WorkerInit['pdfEngine'] }): Promise<{ record: ImrRecord }>;
}

const port = parentPort;
if (!port) throw new Error('ingest worker: must run in a worker thread');

const init = workerData as WorkerInit & { validate: boolean };
const extractor = (await import(init.extractorUrl)) as Extractor;

function failure(err: unknown): { code: string; reason: string } {
  if (err && typeof err === 'object' && 'code' in err && 'reason' in err) {
    return { code: String((err as { code: unknown }).code), reason: String((err as { reason: unknown }).reason) };
  }
  return { code: 'internal', reason: err instanceof Error ? err.message : String(err) };
}

/** This worker's heap in use (MB): V8's heap, garbage not yet collected included, and external memory. */
function heapMb(): number {
  const h = getHeapStatistics();
  return (h.used_heap_size + h.external_memory) / 2 ** 20;
}

const post = (answer: LetterAnswer) => port.postMessage({ ...answer, heapMb: heapMb() } satisfies WorkerMessage);

async function extractOne(task: TaskMessage): Promise<void> {
  try {
    const { record } = await extractor.extractBytes(task.file, task.bytes, { pdfEngine: init.pdfEngine });
    if (init.validate) {
      const parsed = ImrRecord.safeParse(record);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        post({
          type: 'error',
          id: task.id,
          error: { code: 'invalid-record', reason: `record failed the schema at ${issue?.path.join('.')}: ${issue?.message}`, sha256: null },
        });
        return;
      }
    }
    post({ type: 'result', id: task.id, letter: letterRowSet(record) });
  } catch (err) {
    post({ type: 'error', id: task.id, error: { ...failure(err), sha256: null } });
  }
}

// Letters are done strictly one after another, in the order sent: the pool times the first
// one and pins a crash on it.
const waiting: TaskMessage[] = [];
let busy = false;
async function pump(): Promise<void> {
  if (busy) return;
  busy = true;
  while (waiting.length > 0) await extractOne(waiting.shift()!);
  busy = false;
}

port.on('message', (task: TaskMessage) => {
  waiting.push(task);
  void pump();
});

port.postMessage({ type: 'ready' } satisfies WorkerMessage);
