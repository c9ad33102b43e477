/**
 * `imr extract <inputs...>`: one JSON record per line (stdout or -o), or with --pretty each record
 * indented over several lines, for people (one JSON value after another). A letter that fails
 * yields a typed error line on stderr (and in --errors), and the batch goes on.
 * Exit 0 when every letter succeeded, 1 when some failed, 2 for bad usage.
 */
import type { Command } from 'commander';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { PdfEngineName } from '../../read/engines/names.js';
import { expandInputs } from '../inputs.js';
import { pdfEngineOption } from '../pdf-engine-option.js';

interface ExtractOptions {
  output?: string;
  withText?: boolean;
  errors?: string;
  pretty?: boolean;
  pdfEngine: PdfEngineName;
}

export function register(program: Command): void {
  program
    .command('extract')
    .description('Extract records from letters (PDF or text): files, folders, globs or @list.txt')
    .argument('<inputs...>', 'letter files, folders, globs, or @file listing one input per line')
    .option('-o, --output <file>', 'write JSONL records here instead of stdout')
    .option('--with-text', 'include the normalised text (`text`) that spans point into')
    .option('--errors <file>', 'also write one JSON error per failed letter to this JSONL file')
    .option('--pretty', 'indent each record for reading (one JSON value after another, no longer one a line)')
    .addOption(pdfEngineOption())
    .action(async (inputs: string[], options: ExtractOptions) => {
      process.exitCode = await runExtract(inputs, options);
    });
}

/**
 * JSON indented for reading, with arrays of numbers (spans, `[start, end]`) kept on one line.
 * Only the indented form is touched: a newline never occurs inside a JSON string, so text that
 * looks like an array inside a value is left as it is.
 */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\[\n\s*(-?\d[\d.eE+-]*(?:,\n\s*-?\d[\d.eE+-]*)*)\n\s*\]/g, (_, items: string) =>
    `[${items.split(/,\n\s*/).join(', ')}]`,
  );
}

async function runExtract(inputs: string[], options: ExtractOptions): Promise<number> {
  const [{ extractFile }, { toLetterError }] = await Promise.all([import('../../pipeline/index.js'), import('../../errors.js')]);
  const { files, unmatched } = await expandInputs(inputs);
  const out: NodeJS.WritableStream = options.output ? createWriteStream(options.output) : process.stdout;
  const errOut: WriteStream | null = options.errors ? createWriteStream(options.errors) : null;
  let failed = 0;
  const reportError = (e: { file: string; code: string; reason: string }) => {
    failed++;
    const line = JSON.stringify({ error: e.code, file: e.file, reason: e.reason });
    process.stderr.write(`${line}\n`);
    errOut?.write(`${line}\n`);
  };
  for (const u of unmatched) reportError({ file: u.input, code: 'not-found', reason: u.reason });
  for (const file of files) {
    try {
      const { record, text } = await extractFile(file, { pdfEngine: options.pdfEngine });
      const value = options.withText ? { ...record, text } : record;
      const line = options.pretty ? prettyJson(value) : JSON.stringify(value);
      if (!out.write(`${line}\n`)) await new Promise((r) => out.once('drain', r));
    } catch (err) {
      reportError(toLetterError(file, err).toJSON());
    }
  }
  await Promise.all(
    [options.output ? out : null, errOut].filter(Boolean).map((s) => new Promise((r) => (s as WriteStream).end(r))),
  );
  if (files.length === 0 && unmatched.length === 0) return 2;
  return failed > 0 ? 1 : 0;
}
