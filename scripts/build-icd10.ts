// Builds the project's compact ICD-10-CM table (src/vocab/icd10cm-*.tsv and icd10cm.meta.json)
// from the official FY2026 code table and the flattened FY2025 alphabetic index.
// Usage: npx tsx scripts/build-icd10.ts [--source <dir>] [--out <dir>]
//   --source  folder holding codes.tsv and index_terms_fy2025.tsv
//             (default: IMR_SHARED_ICD10, else ../shared/icd10cm from the repository root)
//   --out     where the three files go (default: src/vocab)
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const BUILD_COMMAND = 'npx tsx scripts/build-icd10.ts';
export const OUTPUT_FILES = { codes: 'icd10cm-codes.tsv', index: 'icd10cm-index.tsv', meta: 'icd10cm.meta.json' } as const;
const CODES_INPUT = 'codes.tsv';
const INDEX_INPUT = 'index_terms_fy2025.tsv';

/** The shared ICD-10-CM folder: IMR_SHARED_ICD10, else ../shared/icd10cm from the repository root. */
export function sharedIcd10Dir(): string {
  return path.resolve(REPO_ROOT, process.env.IMR_SHARED_ICD10 ?? '../shared/icd10cm');
}

export function sharedIcd10Available(dir = sharedIcd10Dir()): boolean {
  return existsSync(path.join(dir, CODES_INPUT)) && existsSync(path.join(dir, INDEX_INPUT));
}

export interface BuiltTable {
  /** File name → file text, exactly as committed. */
  files: Record<string, string>;
}

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/**
 * Injury and poisoning codes (chapters S and T) are written without the 7th character and the
 * placeholder X's (RECORD.md): S161XXA stands for S161, S83241A for S83241.
 */
function injuryStem(code: string): string {
  return code.slice(0, 6).replace(/X+$/, '');
}

/** External causes (V00-Y99) say how an injury happened, not what the worker has: never a diagnosis code. */
const isExternalCause = (code: string) => /^[VWXY]/.test(code);
const isExtendedInjuryCode = (code: string) => code.length === 7 && /^[ST]/.test(code);

function parseTsv(text: string, file: string, columns: string[]): string[][] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const header = lines.shift()?.split('\t');
  if (!header || columns.some((c, i) => header[i] !== c)) throw new Error(`${file}: expected columns ${columns.join(', ')}, found ${header?.join(', ')}`);
  return lines.map((line, i) => {
    const cells = line.split('\t');
    if (cells.length !== header.length) throw new Error(`${file}: line ${i + 2} has ${cells.length} cells, expected ${header.length}`);
    return cells;
  });
}

export function buildIcd10Table(sourceDir: string): BuiltTable {
  const codesBytes = readFileSync(path.join(sourceDir, CODES_INPUT));
  const indexBytes = readFileSync(path.join(sourceDir, INDEX_INPUT));

  // Codes: every code the matcher can return. 7-character S/T codes give way to their stem
  // (always a header row of the official table), external causes are left out.
  const codeRows = parseTsv(codesBytes.toString('utf8'), CODES_INPUT, ['code', 'title', 'billable']);
  const official = new Set(codeRows.map((r) => r[0]!));
  const kept: string[] = [];
  const keptCodes = new Set<string>();
  let droppedInjury = 0;
  let droppedExternal = 0;
  for (const [code, title, billable] of codeRows as [string, string, string][]) {
    if (isExternalCause(code)) { droppedExternal++; continue; }
    if (isExtendedInjuryCode(code)) {
      if (!official.has(injuryStem(code))) throw new Error(`${CODES_INPUT}: ${code} has no stem ${injuryStem(code)} in the table`);
      droppedInjury++;
      continue;
    }
    kept.push(`${code}\t${title}\t${billable}`);
    keptCodes.add(code);
  }

  // Index: the terms that name a code, with their ancestors (kept without a code, so that the
  // term path can be rebuilt from the levels in document order). The code is mapped like the codes
  // above and the term kept only when its code is in the compact table. See-references are left
  // out: the matcher follows no references.
  const indexRows = parseTsv(indexBytes.toString('utf8'), INDEX_INPUT, ['row', 'letter', 'level', 'path', 'term', 'nemod', 'code', 'see', 'see_also']);
  interface Term { level: number; term: string; nemod: string; code: string; keep: boolean }
  const terms: Term[] = [];
  const ancestors: Term[] = [];
  let indexWithCode = 0;
  let indexDropped = 0;
  for (const [, , levelText, termPath, term, nemod, rawCode] of indexRows as string[][]) {
    const level = Number(levelText);
    if (!Number.isInteger(level) || level < 0 || level > ancestors.length) throw new Error(`${INDEX_INPUT}: bad level ${levelText} at ${termPath}`);
    if (termPath!.split(' > ').length !== level + 1) throw new Error(`${INDEX_INPUT}: path ${termPath} does not have ${level + 1} levels`);
    if (term!.includes('\t')) throw new Error(`${INDEX_INPUT}: tab inside term ${termPath}`);
    ancestors.length = level;
    let code = '';
    if (rawCode) {
      indexWithCode++;
      code = rawCode.replace(/-$/, '').replace('.', '');
      if (isExtendedInjuryCode(code)) code = injuryStem(code);
      if (!keptCodes.has(code)) { indexDropped++; code = ''; }
    }
    const entry: Term = { level, term: term!, nemod: nemod!, code, keep: code !== '' };
    if (entry.keep) for (const a of ancestors) a.keep = true;
    ancestors.push(entry);
    terms.push(entry);
  }
  const indexOut = terms.filter((t) => t.keep).map((t) => `${t.level}\t${t.term}\t${t.nemod}\t${t.code}`);
  const indexCodes = terms.filter((t) => t.code !== '').length;

  const codesText = `code\ttitle\tbillable\n${kept.join('\n')}\n`;
  const indexText = `level\tterm\tnemod\tcode\n${indexOut.join('\n')}\n`;
  const meta = {
    description: 'Compact ICD-10-CM table for diagnosis coding: what codeDiagnosis can return, and the index terms it matches. Built, not edited: rebuild with the command below.',
    codeSet: 'ICD-10-CM',
    fiscalYear: 2026,
    indexFiscalYear: 2025,
    source: {
      codes: 'CMS/CDC ICD-10-CM FY2026 code descriptions in tabular order (icd10cm_order_2026.txt), as codes.tsv (code without dot, long title, billable); public domain',
      index: 'ICD-10-CM FY2025 Alphabetic Index to Diseases and Injuries, flattened (third-party: wbdill/Python-sandbox01 ICD10CM_2025_Index.csv), as index_terms_fy2025.tsv; see its SOURCE.md',
    },
    inputs: { [CODES_INPUT]: sha256(codesBytes), [INDEX_INPUT]: sha256(indexBytes) },
    outputs: { [OUTPUT_FILES.codes]: sha256(codesText), [OUTPUT_FILES.index]: sha256(indexText) },
    buildCommand: BUILD_COMMAND,
    rules: [
      'codes: every row of codes.tsv except 7-character codes of chapters S and T (written as their stem without the 7th character and placeholder X, a header row of the table) and external causes V00-Y99',
      'index: terms that name a code (mapped the same way, kept only when in the codes file) and their ancestor terms, in document order; level 0 is a main term, and a term path is the terms of its ancestors and itself; see-references dropped',
    ],
    counts: {
      officialCodes: codeRows.length,
      codes: kept.length,
      droppedInjury7thCharacter: droppedInjury,
      droppedExternalCauses: droppedExternal,
      indexRows: indexRows.length,
      indexRowsWithCode: indexWithCode,
      indexTermsKept: indexOut.length,
      indexTermsWithCode: indexCodes,
      indexRowsDroppedCodeNotKept: indexDropped,
    },
  };
  return {
    files: {
      [OUTPUT_FILES.codes]: codesText,
      [OUTPUT_FILES.index]: indexText,
      [OUTPUT_FILES.meta]: `${JSON.stringify(meta, null, 2)}\n`,
    },
  };
}

function main(argv: string[]): void {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sourceDir = path.resolve(arg('--source') ?? sharedIcd10Dir());
  const outDir = path.resolve(arg('--out') ?? path.join(REPO_ROOT, 'src', 'vocab'));
  if (!sharedIcd10Available(sourceDir)) {
    console.error(`no ${CODES_INPUT} and ${INDEX_INPUT} in ${sourceDir} (use --source or IMR_SHARED_ICD10)`);
    process.exit(1);
  }
  const built = buildIcd10Table(sourceDir);
  for (const [name, text] of Object.entries(built.files)) {
    writeFileSync(path.join(outDir, name), text);
    console.log(`wrote ${path.join(outDir, name)} (${text.length} bytes)`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
