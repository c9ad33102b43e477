/**
 * The read-only commands' one way into the store: opened read-only (waiting up to a minute for an
 * ingest to let readers in), used, closed. DuckDB is loaded here, on use, not when the CLI starts.
 */
import type { Store } from '../store/store.js';

/** Runs `work` on the store; an error is printed as `imr <command>: <message>` and sets exit code 1. */
export async function withReadStore(command: string, db: string, work: (store: Store) => Promise<void>): Promise<void> {
  let store: Store | null = null;
  try {
    const [{ Store: StoreClass }, { READER_WAIT_MS }] = await Promise.all([import('../store/store.js'), import('../store/lease.js')]);
    store = await StoreClass.open(db, { readOnly: true, waitMs: READER_WAIT_MS });
    await work(store);
  } catch (err) {
    process.stderr.write(`imr ${command}: ${(err as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    store?.close();
  }
}
