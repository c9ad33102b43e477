/** `imr query "<SQL>"`: run SQL against the store (read-only) and print the result. */
import { Option, type Command } from 'commander';
import { OUTPUT_FORMATS, formatResult, type OutputFormat } from '../../store/output.js';
import { TABLES, VIEWS } from '../../store/schema.js';
import { readStoreOptions, withReadStore, type ReadStoreOptions } from '../read-store.js';

interface QueryCliOptions extends ReadStoreOptions {
  format: OutputFormat;
  maxWidth: string;
}

export function register(program: Command): void {
  readStoreOptions(program.command('query'))
    .summary('Run SQL against the store (tables, views: imr query --help)')
    .description(`Run SQL against the store: tables ${TABLES.join(', ')}; views ${Object.keys(VIEWS).join(', ')} (README: The analyst store)`)
    .argument('<sql>', 'the SQL (quote it)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .option('--max-width <n>', 'table format: cut cells longer than this (0: never)', '60')
    .action((sql: string, options: QueryCliOptions) =>
      withReadStore('query', options, async (store) => {
        const result = await store.query(sql);
        process.stdout.write(formatResult(result, options.format, { maxWidth: Number(options.maxWidth) || 0 }));
      }),
    );
}
