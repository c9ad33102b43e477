/**
 * `imr upgrade`: bring a store written by an older imr to the current store schema, in place.
 * An ingest does the same when it opens an older store; this is the way for a store that only
 * gets read (`query`, `stats` and `export` refuse a store that needs upgrading).
 */
import type { Command } from 'commander';
import { DEFAULT_DB } from '../../store/defaults.js';

export function register(program: Command): void {
  program
    .command('upgrade')
    .description('Upgrade a store written by an older imr to the current store schema (one transaction; the file may grow)')
    .option('--db <file>', 'the store', DEFAULT_DB)
    .action(async (options: { db: string }) => {
      const { Store } = await import('../../store/store.js');
      try {
        const store = await Store.open(options.db, { create: false });
        const { from, to } = store.opened;
        store.close();
        process.stdout.write(from === to ? `${options.db}: already at store schema ${to}\n` : `${options.db}: upgraded store schema ${from} to ${to}\n`);
      } catch (err) {
        process.stderr.write(`imr upgrade: ${(err as Error).message}\n`);
        process.exitCode = 1;
      }
    });
}
