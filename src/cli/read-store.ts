/**
 * The read-only commands' one way into the store: opened read-only (waiting up to a minute for an
 * ingest to let readers in), used, closed. DuckDB is loaded here, on use, not when the CLI starts.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_DB } from '../store/defaults.js';
import { bytesOf } from '../store/size.js';
import type { Store } from '../store/store.js';

export interface ReadStoreOptions {
  db: string;
  /** DuckDB's memory_limit for this command (default DuckDB's: 80 % of RAM). */
  memoryLimit?: string;
}

/** `--memory-limit`: a size DuckDB reads (512MB, 2GB, 1.5GiB), checked here so that a typo gets a plain message. */
function memorySize(value: string): string {
  if (Number.isNaN(bytesOf(value))) throw new InvalidArgumentError('expected a size such as 512MB or 2GB');
  return value;
}

/** The options every read command takes: `--db` and `--memory-limit`. */
export function readStoreOptions(command: Command): Command {
  return command
    .option('--db <file>', 'the store', DEFAULT_DB)
    .option('--memory-limit <size>', "DuckDB's memory limit for this command, e.g. 512MB (default: 80 % of RAM; DuckDB spills to disk past it)", memorySize);
}

/** Runs `work` on the store; an error is printed as `imr <command>: <message>` and sets exit code 1. */
export async function withReadStore(command: string, options: ReadStoreOptions, work: (store: Store) => Promise<void>): Promise<void> {
  let store: Store | null = null;
  try {
    const [{ Store: StoreClass }, { READER_WAIT_MS }] = await Promise.all([import('../store/store.js'), import('../store/lease.js')]);
    store = await StoreClass.open(options.db, {
      readOnly: true,
      waitMs: READER_WAIT_MS,
      ...(options.memoryLimit ? { config: { memory_limit: options.memoryLimit } } : {}),
    });
    await work(store);
  } catch (err) {
    process.stderr.write(`imr ${command}: ${(err as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    store?.close();
  }
}
