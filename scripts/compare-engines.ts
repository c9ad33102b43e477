/**
 * Both PDF engines on every PDF letter we have: the real letters (../shared/corpus, when present)
 * and the project's own corpus (corpus/**.pdf). For each letter: whether the normalised texts
 * are the same, and every record field whose value differs between the engines, beside the gold
 * value where the letter has gold. `source.engine` is left out (it differs by design).
 *
 *   npx tsx scripts/compare-engines.ts [--json out.json] [--quiet] [files or folders...]
 *
 * Prints a summary and the differences; exits 0 (it reports, it does not judge: docs/PDF-ENGINES.md does).
 * Real letters' text is printed here for reading, never written into the project.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { settings } from '../src/config/index.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
import { loadGold, resolveTargets } from '../src/eval/gold.js';
import { extractFile, type Extraction } from '../src/pipeline/index.js';
import { PDF_ENGINES, type PdfEngineName } from '../src/read/index.js';

type Outcome = { ok: true; extraction: Extraction } | { ok: false; code: string; reason: string };

interface FieldDifference {
  field: string;
  values: Record<PdfEngineName, unknown>;
  /** The gold value at the same path, when the letter has gold and gold has that path. */
  gold?: unknown;
}

interface LetterComparison {
  file: string;
  outcomes: Record<PdfEngineName, string>;
  sameText: boolean;
  /** Where the normalised texts first differ, with a little context each side. */
  firstTextDifference?: { at: number } & Record<PdfEngineName, string>;
  differences: FieldDifference[];
  warnings: Record<PdfEngineName, string[]>;
}

function listPdfs(target: string): string[] {
  if (!existsSync(target)) return [];
  if (statSync(target).isFile()) return [target];
  const out: string[] = [];
  for (const e of readdirSync(target, { withFileTypes: true })) {
    const p = path.join(target, e.name);
    if (e.isDirectory()) out.push(...listPdfs(p));
    else if (e.name.toLowerCase().endsWith('.pdf')) out.push(p);
  }
  return out.sort();
}

/** Every leaf of a JSON value by dotted path (`services.0.request`); arrays' lengths as `<path>.length`. */
function leaves(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) {
    out.set(`${prefix}.length`, value.length);
    value.forEach((v, i) => leaves(v, `${prefix}.${i}`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, value);
  return out;
}

function recordFields(e: Extraction): Map<string, unknown> {
  const { source, ...rest } = e.record;
  const { engine: _engine, ...sourceRest } = source;
  return leaves({ source: sourceRest, ...rest });
}

async function outcome(file: string, engine: PdfEngineName): Promise<Outcome> {
  try {
    return { ok: true, extraction: await extractFile(file, { pdfEngine: engine }) };
  } catch (err) {
    const e = err as { code?: string; reason?: string; message?: string };
    return { ok: false, code: e.code ?? 'internal', reason: e.reason ?? e.message ?? String(err) };
  }
}

function compare(file: string, byEngine: Record<PdfEngineName, Outcome>, gold: Map<string, unknown> | null): LetterComparison {
  const [a, b] = PDF_ENGINES as [PdfEngineName, PdfEngineName];
  const oa = byEngine[a];
  const ob = byEngine[b];
  const describe = (o: Outcome) => (o.ok ? 'record' : `${o.code}: ${o.reason}`);
  const result: LetterComparison = {
    file: path.relative(REPO_ROOT, file),
    outcomes: { [a]: describe(oa), [b]: describe(ob) } as Record<PdfEngineName, string>,
    sameText: false,
    differences: [],
    warnings: { [a]: oa.ok ? oa.extraction.record.warnings : [], [b]: ob.ok ? ob.extraction.record.warnings : [] } as Record<PdfEngineName, string[]>,
  };
  if (!oa.ok || !ob.ok) {
    if (!oa.ok && !ob.ok && oa.code === ob.code) result.sameText = true;
    else result.differences.push({ field: '(outcome)', values: result.outcomes });
    return result;
  }
  const ta = oa.extraction.text;
  const tb = ob.extraction.text;
  result.sameText = ta === tb;
  if (!result.sameText) {
    let i = 0;
    while (i < ta.length && i < tb.length && ta[i] === tb[i]) i++;
    const around = (t: string) => JSON.stringify(t.slice(Math.max(0, i - 40), i + 40));
    result.firstTextDifference = { at: i, [a]: around(ta), [b]: around(tb) } as LetterComparison['firstTextDifference'];
  }
  const fa = recordFields(oa.extraction);
  const fb = recordFields(ob.extraction);
  for (const field of new Set([...fa.keys(), ...fb.keys()])) {
    const va = fa.get(field);
    const vb = fb.get(field);
    if (va === vb) continue;
    const goldPath = field.replace(/^(diagnoses\.\d+)\.text$/, '$1');
    const diff: FieldDifference = { field, values: { [a]: va, [b]: vb } as Record<PdfEngineName, unknown> };
    if (gold?.has(goldPath)) diff.gold = gold.get(goldPath);
    result.differences.push(diff);
  }
  return result;
}

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
  const quiet = args.includes('--quiet');
  const targets = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--json');
  const roots = targets.length > 0 ? targets : [path.join(settings.sharedCorpus, 'dwc-2016-2017'), path.join(REPO_ROOT, 'corpus')];
  const files = roots.flatMap(listPdfs);
  if (files.length === 0) throw new Error(`no PDFs under ${roots.join(', ')}`);

  // Gold by letter file (a gold letter or one of its variants), flattened like the records.
  const goldByFile = new Map<string, Map<string, unknown>>();
  const { entries } = loadGold(path.join(REPO_ROOT, 'annotations'));
  for (const t of resolveTargets(entries, { shared: settings.sharedCorpus, project: REPO_ROOT }).targets) goldByFile.set(path.resolve(t.letterPath), leaves(t.gold));

  const letters: LetterComparison[] = [];
  for (const file of files) {
    const byEngine = {} as Record<PdfEngineName, Outcome>;
    for (const engine of PDF_ENGINES) byEngine[engine] = await outcome(file, engine);
    letters.push(compare(file, byEngine, goldByFile.get(path.resolve(file)) ?? null));
  }

  const differing = letters.filter((l) => l.differences.length > 0);
  const textDiffering = letters.filter((l) => !l.sameText);
  const fallbacks = letters.filter((l) => Object.values(l.warnings).flat().some((w) => /could not open the PDF/.test(w)));
  process.stdout.write(
    `${files.length} PDFs; normalised text the same: ${letters.length - textDiffering.length}; ` +
      `records the same field by field: ${letters.length - differing.length}; ` +
      `field differences: ${differing.reduce((n, l) => n + l.differences.length, 0)} in ${differing.length} letter(s); ` +
      `fallbacks: ${fallbacks.length}\n`,
  );
  if (!quiet) {
    for (const l of letters) {
      if (l.sameText && l.differences.length === 0) continue;
      process.stdout.write(`\n== ${l.file}\n`);
      if (l.firstTextDifference) process.stdout.write(`  text differs at ${l.firstTextDifference.at}:\n${PDF_ENGINES.map((e) => `    ${e.padEnd(9)} ${l.firstTextDifference![e]}`).join('\n')}\n`);
      for (const d of l.differences) {
        process.stdout.write(`  ${d.field}\n${PDF_ENGINES.map((e) => `    ${e.padEnd(9)} ${JSON.stringify(d.values[e])}`).join('\n')}\n`);
        if ('gold' in d) process.stdout.write(`    ${'gold'.padEnd(9)} ${JSON.stringify(d.gold)}\n`);
      }
    }
  }
  if (json) writeFileSync(json, JSON.stringify({ files: files.length, letters }, null, 2));
}

await main();
