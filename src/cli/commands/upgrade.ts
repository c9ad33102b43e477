/**
 * `imr upgrade`: bring a store written by an older imr up to date, in place. First the tables
 * (the store schema, one transaction; an ingest does the same when it opens an older store), then
 * the letters: letters stored by an older extractor (record version 1 has none of the version-2
 * fields) are extracted again from their files, as `imr ingest --reextract` would. A letter whose
 * files are gone keeps what it had, and the summary says how many.
 * Exit 0 when done, 1 when the store cannot be upgraded or some letters failed.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { DEFAULT_DB } from '../../store/defaults.js';
import type { PdfEngineName } from '../../read/engines/names.js';
import { pdfEngineOption } from '../pdf-engine-option.js';

interface UpgradeOptions {
  db: string;
  reextract: boolean;
  pdfEngine: PdfEngineName;
}

export function register(program: Command): void {
  program
    .command('upgrade')
    .description('Upgrade a store written by an older imr: its tables, then its older letters extracted again from their files')
    .option('--db <file>', 'the store', DEFAULT_DB)
    .option('--no-reextract', 'upgrade the tables only; letters keep the values an older extractor gave them')
    .addOption(pdfEngineOption())
    .action(async (options: UpgradeOptions) => {
      process.exitCode = await runUpgrade(options);
    });
}

async function runUpgrade(options: UpgradeOptions): Promise<number> {
  const [{ Store }, { EXTRACTOR_VERSION }] = await Promise.all([import('../../store/store.js'), import('../../pipeline/version.js')]);
  let paths: string[];
  let older: number;
  try {
    const store = await Store.open(options.db, { create: false });
    try {
      const { from, to } = store.opened;
      process.stdout.write(from === to ? `${options.db}: already at store schema ${to}\n` : `${options.db}: upgraded store schema ${from} to ${to}\n`);
      // One existing file per letter made by another extractor version.
      const r = await store.query(`
        SELECT l.sha256, list(f.path ORDER BY f.path) AS paths
        FROM letters l LEFT JOIN files f USING (sha256)
        WHERE l.extractor_version <> '${EXTRACTOR_VERSION.replaceAll("'", "''")}'
        GROUP BY l.sha256`);
      older = r.rows.length;
      paths = r.rows.flatMap(([, p]) => {
        const found = ((p ?? []) as (string | null)[]).find((x) => x !== null && existsSync(x));
        return found ? [found] : [];
      });
    } finally {
      store.close();
    }
  } catch (err) {
    process.stderr.write(`imr upgrade: ${(err as Error).message}\n`);
    return 1;
  }
  if (older === 0 || !options.reextract) {
    if (older > 0) process.stdout.write(`${older} letter(s) keep the values an older extractor gave them (--no-reextract)\n`);
    return 0;
  }
  const gone = older - paths.length;
  const { ingest } = await import('../../ingest/ingest.js');
  const summary = await ingest({ db: options.db, files: paths, reextract: true, pdfEngine: options.pdfEngine });
  process.stdout.write(
    `${summary.reextracted} letter(s) extracted again by extractor ${EXTRACTOR_VERSION}` +
      (summary.failed > 0 ? `; ${summary.failed} failed (see the failures table)` : '') +
      (gone > 0 ? `; ${gone} letter(s) whose files are gone keep the values an older extractor gave them` : '') +
      '\n',
  );
  return summary.failed > 0 ? 1 : 0;
}
