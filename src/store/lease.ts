/**
 * The ingest's hold on the store: it is opened for each lookup or batch write and closed right
 * after (closing checkpoints it), not held for the whole run. DuckDB lets one process write or
 * several read, never both at once, so this is what lets `imr query`, `imr stats` and
 * `imr export` run during an ingest: they open the store read-only between two batches and see
 * every batch committed so far, whole (a batch is one transaction). Each side waits for the
 * other's turn (Store.open `waitMs`).
 */
import { Store, type OpenOptions } from './store.js';

/** How long `query`, `stats` and `export` wait for an ingest's batch write to end. */
export const READER_WAIT_MS = 60_000;

/** How long the ingest waits for readers to let go before it gives up (a long export, say). */
export const WRITER_WAIT_MS = 10 * 60_000;

export class StoreLease {
  private constructor(
    readonly path: string,
    private readonly acquire: () => Promise<Store>,
    private readonly owned: boolean,
  ) {}

  /** Opens `dbPath` for each use and closes it after. */
  static of(dbPath: string, options: OpenOptions = {}): StoreLease {
    return new StoreLease(dbPath, () => Store.open(dbPath, { waitMs: WRITER_WAIT_MS, ...options }), true);
  }

  /** Uses a store the caller opened (and will close) as it is. */
  static borrow(store: Store): StoreLease {
    return new StoreLease(store.path, async () => store, false);
  }

  async use<T>(work: (store: Store) => Promise<T>): Promise<T> {
    const store = await this.acquire();
    try {
      return await work(store);
    } finally {
      if (this.owned) store.close();
    }
  }
}
