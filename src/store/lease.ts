/**
 * The ingest's hold on the store, and how readers get a turn during an ingest.
 *
 * DuckDB lets one process write or several read, never both at once. The ingest holds the store
 * open for the whole run (opening and closing it per batch cost a checkpoint each time and
 * blocked the main thread long enough to starve the workers). A reader that finds the store
 * locked (`imr query`, `imr stats`, `imr export`: Store.open with `waitMs`) leaves a marker file
 * in `<db>.readers/` while it waits; the ingest sees it between two batches (or within
 * WATCH_MS when idle), closes the store, and lets the readers in before it opens it again.
 * A reader sees every batch committed so far, whole (a batch is one transaction).
 */
import { readersWaiting } from './reader-queue.js';
import { Store, type OpenOptions } from './store.js';

/** How long `query`, `stats` and `export` wait for an ingest to let them in. */
export const READER_WAIT_MS = 60_000;

/** How long the ingest waits for readers to let go before it gives up (a long export, say). */
export const WRITER_WAIT_MS = 10 * 60_000;

/** How often an idle writer looks for waiting readers. */
const WATCH_MS = 200;

/** After letting readers in, how long the writer waits for them to open the store before it reopens it. */
const READERS_GRACE_MS = 5_000;

export class StoreLease {
  private store: Store | null = null;
  private busy = 0;
  private watcher: NodeJS.Timeout | null = null;

  private constructor(
    readonly path: string,
    private readonly options: OpenOptions,
    private readonly borrowed: Store | null,
  ) {}

  /** Holds `dbPath` open between uses, stepping aside for waiting readers. Call `close` at the end. */
  static of(dbPath: string, options: OpenOptions = {}): StoreLease {
    return new StoreLease(dbPath, { waitMs: WRITER_WAIT_MS, ...options }, null);
  }

  /** Uses a store the caller opened (and will close) as it is. */
  static borrow(store: Store): StoreLease {
    return new StoreLease(store.path, {}, store);
  }

  async use<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (this.borrowed) return work(this.borrowed);
    if (this.store && readersWaiting(this.path)) await this.stepAside();
    if (!this.store) {
      this.store = await Store.open(this.path, this.options);
      this.watch();
    }
    const store = this.store;
    this.busy++;
    try {
      return await work(store);
    } finally {
      this.busy--;
    }
  }

  /** Closes the store (its checkpoint makes the file whole without the WAL). */
  close(): void {
    if (this.watcher) clearInterval(this.watcher);
    this.watcher = null;
    this.store?.close();
    this.store = null;
  }

  /** An idle writer steps aside too: readers do not wait for the next batch. */
  private watch(): void {
    if (this.watcher) return;
    this.watcher = setInterval(() => {
      if (!this.store || this.busy > 0 || !readersWaiting(this.path)) return;
      try {
        this.close();
      } catch {
        // a close that fails leaves nothing to step aside from; the next use reopens or reports
        this.store = null;
      }
    }, WATCH_MS);
    this.watcher.unref();
  }

  /** Closes the store and gives the readers waiting now a moment to open it. */
  private async stepAside(): Promise<void> {
    this.close();
    const until = performance.now() + READERS_GRACE_MS;
    while (readersWaiting(this.path) && performance.now() < until) await new Promise((r) => setTimeout(r, 10));
  }
}
