/**
 * `imr eval --html report.html`: writes the report page and, beside it in `report_files/`, one
 * viewer page per letter that differs from its gold (gold and prediction side by side, the
 * scorer's differences at the top). This is the only part of src/report that reads files; the
 * pages themselves come from the pure renderers.
 *
 * Where a viewer page's prediction and text come from:
 * - extractor runs: the letter is extracted again (deterministic: the same record the scorer saw);
 * - `--pred records.jsonl`: the record from the file, and its `text` when it was written with
 *   `imr extract --with-text`; otherwise the letter is read and normalised again, with a note when
 *   the record came from another extractor version (its spans may then not line up);
 * - the agreement study has no spans and no viewer pages.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadGold, resolveTargets, type LetterTarget } from '../eval/gold.js';
import type { EvalReport } from '../eval/run.js';
import type { PdfEngineName } from '../read/engines/names.js';
import { ImrRecord } from '../record/schema.js';
import { docAnchor, renderEvalReport } from './eval-page.js';
import { renderViewer } from './viewer.js';

export interface EvalHtmlOptions {
  /** The gold folder the report was scored against (to find each letter and its gold). */
  gold: string;
  /** The records file of a `--pred` run. */
  pred?: string;
  subtitle?: string;
  /** The engine that reads PDF letters for the viewer pages (the one the report was extracted with); default DEFAULT_PDF_ENGINE. */
  pdfEngine?: PdfEngineName;
}

export interface EvalHtmlResult {
  report: string;
  /** Viewer pages written, by document id. */
  pages: Map<string, string>;
  /** Letters that got no viewer page, and why. */
  skipped: { id: string; reason: string }[];
}

/**
 * A file name for a document id: `corpus/dwc-header/x` → `corpus_dwc-header_x`; a variant
 * rendering (`corpus/dwc-header/x @ corpus/dwc-header/x.pdf`) adds its extension: `..._x.pdf`.
 */
export function pageName(id: string): string {
  const [base = '', variant] = id.split(/\s*@\s*/);
  const ext = variant ? (/\.([A-Za-z0-9]+)$/.exec(variant)?.[1] ?? 'variant') : '';
  const name = `${base}${ext ? `.${ext}` : ''}`
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 150);
  return name || 'letter';
}

/** The records of a JSONL file by sha256, each with its `text` when the line has one. */
function readPredictions(file: string): Map<string, { record: ImrRecord; text: string | null }> {
  const out = new Map<string, { record: ImrRecord; text: string | null }>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const json = JSON.parse(line) as { text?: unknown };
      const parsed = ImrRecord.safeParse(json);
      if (parsed.success) out.set(parsed.data.source.sha256, { record: parsed.data, text: typeof json.text === 'string' ? json.text : null });
    } catch {
      // the scorer reports unreadable lines; they get no page here either
    }
  }
  return out;
}

/** The letter's normalised text, or null with the reason. */
async function normalisedText(file: string, pdfEngine?: PdfEngineName): Promise<{ text: string | null; note?: string }> {
  try {
    const { readLetterFile } = await import('../read/index.js');
    const { normalizeText } = await import('../normalize/index.js');
    return { text: normalizeText((await readLetterFile(file, undefined, pdfEngine)).rawText).text };
  } catch (err) {
    return { text: null, note: `the letter could not be read: ${err instanceof Error ? err.message : String(err)}` };
  }
}

async function viewerFor(
  report: EvalReport,
  target: LetterTarget,
  doc: EvalReport['documents'][number],
  preds: Map<string, { record: ImrRecord; text: string | null }> | null,
  back: string,
  pdfEngine?: PdfEngineName,
): Promise<string> {
  const notes: string[] = doc.note ? [doc.note] : [];
  let record: ImrRecord | null = null;
  let text: string | null = null;
  if (report.mode === 'extract') {
    const { extractFile } = await import('../pipeline/index.js');
    try {
      ({ record, text } = await extractFile(target.letterPath, pdfEngine ? { pdfEngine } : {}));
    } catch {
      const t = await normalisedText(target.letterPath, pdfEngine);
      text = t.text;
      if (t.note) notes.push(t.note);
    }
  } else {
    const p = preds?.get(target.sha256) ?? null;
    record = p?.record ?? null;
    text = p?.text ?? null;
    if (text === null) {
      const t = await normalisedText(target.letterPath, pdfEngine);
      text = t.text;
      if (t.note) notes.push(t.note);
      const { EXTRACTOR_VERSION } = await import('../pipeline/version.js');
      if (record && record.extractorVersion !== EXTRACTOR_VERSION) {
        notes.push(`the record was made by extractor ${record.extractorVersion} and the text normalised again by ${EXTRACTOR_VERSION}: spans may not line up (write records with \`imr extract --with-text\` to keep the text)`);
      }
    }
  }
  return renderViewer({ record, text, gold: target.gold, issues: doc.issues, notes, title: doc.id, back: { href: back, label: 'evaluation report' } });
}

/** Writes the report page at `outFile` and the viewer pages in `<name>_files/` beside it. */
export async function writeEvalHtml(report: EvalReport, outFile: string, options: EvalHtmlOptions): Promise<EvalHtmlResult> {
  const out = path.resolve(outFile);
  const base = path.basename(out).replace(/\.html?$/i, '');
  const filesDir = path.join(path.dirname(out), `${base}_files`);
  const pages = new Map<string, string>();
  const skipped: { id: string; reason: string }[] = [];
  const differing = report.documents.filter((d) => d.issues.length > 0 || d.note);
  let viewerNote: string | undefined;

  if (report.mode === 'agreement') {
    viewerNote = 'The agreement study compares two annotations without evidence spans, so it has no viewer pages.';
  } else if (differing.length > 0) {
    const { entries } = loadGold(path.resolve(options.gold));
    const targets = new Map(resolveTargets(entries).targets.map((t) => [t.id, t]));
    const preds = report.mode === 'pred' && options.pred ? readPredictions(options.pred) : null;
    mkdirSync(filesDir, { recursive: true });
    const used = new Set<string>();
    for (const doc of differing) {
      const target = targets.get(doc.id);
      if (!target) {
        skipped.push({ id: doc.id, reason: 'letter not found' });
        continue;
      }
      let name = pageName(doc.id);
      for (let n = 2; used.has(name.toLowerCase()); n++) name = `${pageName(doc.id)}_${n}`;
      used.add(name.toLowerCase());
      const html = await viewerFor(report, target, doc, preds, `../${path.basename(out)}#${docAnchor(doc.id)}`, options.pdfEngine);
      writeFileSync(path.join(filesDir, `${name}.html`), html);
      pages.set(doc.id, `${base}_files/${encodeURIComponent(name)}.html`);
    }
  }
  const html = renderEvalReport(report, {
    viewerHref: (id) => pages.get(id),
    ...(options.subtitle ? { subtitle: options.subtitle } : {}),
    ...(viewerNote ? { viewerNote } : {}),
  });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, html);
  return { report: out, pages, skipped };
}
