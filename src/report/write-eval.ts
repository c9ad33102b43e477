/**
 * `imr eval --html report.html`: writes the report page and, beside it in `report_files/`, one
 * viewer page per letter that differs from its gold (gold and prediction side by side, the
 * scorer's differences at the top). It renders what the evaluation run hands it (each letter's
 * gold, record and text: `EvalReport.letters`) and writes files; it reads and extracts nothing.
 * The agreement study has no spans and no viewer pages.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EvalReport } from '../eval/run.js';
import { docAnchor, renderEvalReport } from './eval-page.js';
import { renderViewer } from './viewer.js';

export interface EvalHtmlOptions {
  subtitle?: string;
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

/** Writes the report page at `outFile` and the viewer pages in `<name>_files/` beside it. */
export function writeEvalHtml(report: EvalReport, outFile: string, options: EvalHtmlOptions = {}): EvalHtmlResult {
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
    mkdirSync(filesDir, { recursive: true });
    const used = new Set<string>();
    for (const doc of differing) {
      const letter = report.letters.get(doc.id);
      if (!letter) {
        skipped.push({ id: doc.id, reason: 'letter not found' });
        continue;
      }
      let name = pageName(doc.id);
      for (let n = 2; used.has(name.toLowerCase()); n++) name = `${pageName(doc.id)}_${n}`;
      used.add(name.toLowerCase());
      const html = renderViewer({
        record: letter.record,
        text: letter.text,
        gold: letter.gold,
        issues: doc.issues,
        notes: [...(doc.note ? [doc.note] : []), ...letter.notes],
        title: doc.id,
        back: { href: `../${path.basename(out)}#${docAnchor(doc.id)}`, label: 'evaluation report' },
      });
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
