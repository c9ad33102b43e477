/**
 * `imr show <letter> [-o letter.html] [--gold gold.json]`: extracts one letter and writes the
 * viewer page (src/report/viewer.ts): the letter with its evidence highlighted beside the record.
 * Exit 0 when written, 1 when the letter cannot be read or extracted, 2 for bad usage.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { PdfEngineName } from '../../read/engines/names.js';
import { pdfEngineOption } from '../pdf-engine-option.js';

interface ShowOptions {
  output?: string;
  gold?: string;
  pdfEngine: PdfEngineName;
}

/** `letter.pdf` → `letter.html` in the working folder. */
export function defaultViewerPath(letter: string): string {
  return `${path.basename(letter).replace(/\.[^.]+$/, '') || 'letter'}.html`;
}

export function register(program: Command): void {
  program
    .command('show')
    .description('Write a self-contained HTML page: the letter with every extracted value highlighted beside the record')
    .argument('<letter>', 'a letter file (PDF or text)')
    .option('-o, --output <file>', 'where to write the page (default: <letter name>.html here; "-" for stdout)')
    .option('--gold <gold.json>', 'a gold annotation file to show beside the prediction')
    .addOption(pdfEngineOption())
    .action(async (letter: string, options: ShowOptions) => {
      process.exitCode = await runShow(letter, options);
    });
}

async function runShow(letter: string, options: ShowOptions): Promise<number> {
  const [{ GoldFile }, { toLetterError }, { renderViewer }] = await Promise.all([
    import('../../record/gold.js'),
    import('../../errors.js'),
    import('../../report/viewer.js'),
  ]);
  let gold = null;
  if (options.gold) {
    try {
      gold = GoldFile.parse(JSON.parse(readFileSync(options.gold, 'utf8'))).record;
    } catch (err) {
      process.stderr.write(`imr show: ${options.gold} is not a gold file: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
      return 2;
    }
  }
  const { extractFile } = await import('../../pipeline/index.js');
  let html: string;
  try {
    const { record, text } = await extractFile(letter, { pdfEngine: options.pdfEngine });
    html = renderViewer({ record, text, gold });
  } catch (err) {
    const e = toLetterError(letter, err).toJSON();
    process.stderr.write(`${JSON.stringify({ error: e.code, file: e.file, reason: e.reason })}\n`);
    return 1;
  }
  const out = options.output ?? defaultViewerPath(letter);
  if (out === '-') {
    process.stdout.write(html);
    return 0;
  }
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  writeFileSync(out, html);
  process.stderr.write(`wrote ${out}\n`);
  return 0;
}
