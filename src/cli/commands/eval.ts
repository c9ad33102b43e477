/**
 * `imr eval`: scores records against the gold annotations and prints the figures, then every miss
 * and spurious item letter by letter. It reports and exits 0; the quality gate is test/eval/gate.test.ts.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { settings } from '../../config/index.js';
import { GOLD_KINDS, type GoldKind } from '../../eval/kinds.js';
import type { EvalReport } from '../../eval/run.js';
import type { PdfEngineName } from '../../read/engines/names.js';
import { pdfEngineOption } from '../pdf-engine-option.js';

interface EvalOptions {
  gold: string;
  pred?: string;
  json?: boolean;
  markdown?: string;
  only?: GoldKind;
  agreement?: string;
  html?: string;
  pdfEngine: PdfEngineName;
}

async function runEval(opts: EvalOptions): Promise<EvalReport> {
  const { loadGold, resolveTargets } = await import('../../eval/gold.js');
  const { evaluateAgreement, evaluateTargets, extractorPredictor, readRecords, recordsPredictor } = await import('../../eval/run.js');
  if (opts.agreement) return evaluateAgreement(path.resolve(opts.agreement));
  const goldDir = path.resolve(opts.gold);
  const { entries, problems } = loadGold(goldDir);
  const chosen = opts.only ? entries.filter((e) => e.kind === opts.only) : entries;
  // Project letters are named relative to the folder that holds the gold folder (the repository).
  const resolved = resolveTargets(chosen, { shared: settings.sharedCorpus, project: path.dirname(goldDir) });
  problems.push(...resolved.problems);
  const { extractFile, normalizedTextOf } = await import('../../pipeline/index.js');
  if (opts.pred) {
    const { bySha, problems: recordProblems } = readRecords(opts.pred);
    problems.push(...recordProblems);
    return evaluateTargets('pred', resolved.targets, recordsPredictor(bySha, normalizedTextOf), problems);
  }
  return evaluateTargets('extract', resolved.targets, extractorPredictor((file) => extractFile(file, { pdfEngine: opts.pdfEngine })), problems);
}

export function register(program: Command): void {
  program
    .command('eval')
    .description('score records against the gold annotations (precision, recall, F1 per field; misses and spurious items)')
    .option('--gold <dir>', 'gold annotations folder', 'annotations')
    .option('--pred <records.jsonl>', 'score these records (matched to gold by source.sha256) instead of running the extractor')
    .option('--json', 'print the full report as JSON')
    .option('--markdown <out.md>', 'also write the report as Markdown to this file')
    .addOption(new Option('--only <kind>', 'only gold of one kind').choices(GOLD_KINDS))
    .option('--agreement <dir>', 'score the agreement study: <CASE>.b.json against <CASE>.a.json')
    .option('--html <report.html>', 'also write the report as a page, with a viewer page per differing letter in <report>_files/')
    .addOption(pdfEngineOption())
    .action(async (opts: EvalOptions) => {
      const report = await runEval(opts);
      const { renderMarkdown, renderText } = await import('../../eval/render.js');
      if (opts.markdown) writeFileSync(opts.markdown, renderMarkdown(report));
      // --html: the report page and the letters' viewer pages (src/report/write-eval.ts).
      if (opts.html) {
        const { writeEvalHtml } = await import('../../report/write-eval.js');
        const html = writeEvalHtml(report, opts.html);
        process.stderr.write(`wrote ${opts.html} and ${html.pages.size} viewer page(s)${html.skipped.length ? `; no page for ${html.skipped.length} letter(s)` : ''}\n`);
      }
      const { letters: _letters, ...json } = report;
      process.stdout.write(opts.json ? `${JSON.stringify(json, null, 2)}\n` : renderText(report));
    });
}
