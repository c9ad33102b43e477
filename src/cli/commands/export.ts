/** `imr export --parquet <dir>` / `--csv <dir>`: every table (and the records) as one file each, for other engines. */
import type { Command } from 'commander';
import { EXPORTABLE, type Exportable } from '../../store/schema.js';
import { readStoreOptions, withReadStore, type ReadStoreOptions } from '../read-store.js';

interface ExportCliOptions extends ReadStoreOptions {
  parquet?: string;
  csv?: string;
  tables?: string;
}

export function register(program: Command): void {
  readStoreOptions(program.command('export'))
    .description('Write every table of the store, and the records view, to <dir>/<table>.parquet (or .csv)')
    .option('--parquet <dir>', 'write Parquet files (zstd) here')
    .option('--csv <dir>', 'write CSV files (with header) here')
    .option('--tables <names>', `comma-separated subset of: ${EXPORTABLE.join(', ')}`)
    .action(async (options: ExportCliOptions) => {
      if (!options.parquet && !options.csv) {
        process.stderr.write('imr export: name --parquet <dir> and/or --csv <dir>\n');
        process.exitCode = 2;
        return;
      }
      let tables: Exportable[] | undefined;
      if (options.tables) {
        const names = options.tables.split(',').map((t) => t.trim()).filter(Boolean);
        const bad = names.filter((t) => !(EXPORTABLE as readonly string[]).includes(t));
        if (bad.length > 0) {
          process.stderr.write(`imr export: unknown table(s): ${bad.join(', ')}\n`);
          process.exitCode = 2;
          return;
        }
        tables = names as Exportable[];
      }
      await withReadStore('export', options, async (store) => {
        const { exportStore } = await import('../../store/export.js');
        for (const [format, dir] of [['parquet', options.parquet], ['csv', options.csv]] as const) {
          if (!dir) continue;
          for (const t of await exportStore(store, dir, format, { tables })) {
            process.stdout.write(`${t.file}\t${t.rows} rows\n`);
          }
        }
      });
    });
}
