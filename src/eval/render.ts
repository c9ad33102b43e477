/** Rendering an evaluation report as plain text (terminal) or Markdown. */
import { FIELDS, MEASURES, isMean, measureTitle, type Issue, type Summary } from './score.js';
import type { EvalReport, ScoredDocument } from './run.js';

export const fmt = (x: number | null): string => (x === null ? '-' : x.toFixed(3));

const HEAD = ['field', 'gold', 'pred', 'TP', 'P', 'R', 'F1', 'TP~', 'P~', 'R~', 'F1~'];

function fieldRows(s: Summary): string[][] {
  return FIELDS.map((f) => {
    const x = s.fields[f]!;
    const st = x.strictScore;
    const le = x.lenientScore;
    return [f, `${x.gold}`, `${x.pred}`, `${x.strict}`, fmt(st.precision), fmt(st.recall), fmt(st.f1), `${x.lenient}`, fmt(le.precision), fmt(le.recall), fmt(le.f1)];
  });
}

function measureRows(s: Summary): string[][] {
  return MEASURES.map((m) => {
    const x = s.measures[m]!;
    const count = isMean(m) ? `n=${x.n}` : `${x.sum}/${x.n}`;
    return [measureTitle(m), fmt(x.value), count];
  });
}

function pad(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}

function issueLine(i: Issue): string {
  switch (i.kind) {
    case 'miss':
      return `miss      ${i.field}: ${i.gold}`;
    case 'spurious':
      return `spurious  ${i.field}: ${i.pred}`;
    case 'wrong':
      return `wrong     ${i.field}${i.context ? ` [${i.context}]` : ''}: gold ${i.gold ?? 'null'} | pred ${i.pred ?? 'null'}`;
    case 'lenient':
      return `lenient   ${i.field}: gold ${i.gold} ~ pred ${i.pred}`;
  }
}

/** A letter's overall lenient F1 (micro over every field) and its issue counts. */
export function documentFigures(d: ScoredDocument): { f1: number | null; miss: number; spurious: number; wrong: number; lenient: number } {
  let gold = 0;
  let pred = 0;
  let tp = 0;
  for (const f of FIELDS) {
    gold += d.summary.fields[f]!.gold;
    pred += d.summary.fields[f]!.pred;
    tp += d.summary.fields[f]!.lenient;
  }
  const count = (k: Issue['kind']) => d.issues.filter((i) => i.kind === k).length;
  return { f1: gold + pred > 0 ? (2 * tp) / (gold + pred) : null, miss: count('miss'), spurious: count('spurious'), wrong: count('wrong'), lenient: count('lenient') };
}

function docHeadline(d: ScoredDocument): string {
  const x = documentFigures(d);
  return `${d.id}: lenient F1 ${fmt(x.f1)} over all fields; ${x.miss} miss, ${x.spurious} spurious, ${x.wrong} wrong, ${x.lenient} lenient-only${d.note ? `; ${d.note}` : ''}`;
}

const legend =
  'TP/P/R/F1: strict (normalised text equal); TP~/P~/R~/F1~: lenient (token F1 >= 0.5). Micro over all items; "-" = nothing to score.';

export function renderText(report: EvalReport): string {
  const out: string[] = [];
  for (const g of report.groups) {
    out.push(`== ${g.title}: ${g.summary.documents} letter file(s) ==`, ...pad([HEAD, ...fieldRows(g.summary)]), '');
    out.push(...pad(measureRows(g.summary)).map((l) => `  ${l}`), '');
  }
  out.push(legend, '');
  if (report.problems.length > 0) {
    out.push('== not scored ==', ...report.problems.map((p) => `${p.file}: ${p.message}`), '');
  }
  out.push('== misses and spurious items, letter by letter ==');
  for (const d of report.documents) {
    if (d.issues.length === 0 && !d.note) continue;
    out.push(docHeadline(d), ...d.issues.map((i) => `  ${issueLine(i)}`));
  }
  const clean = report.documents.filter((d) => d.issues.length === 0 && !d.note).length;
  out.push(`(${clean} of ${report.documents.length} letter file(s) without any difference)`);
  return out.join('\n') + '\n';
}

const mdRow = (cells: string[]): string => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
const mdTable = (head: string[], rows: string[][]): string[] => [
  mdRow(head),
  mdRow(head.map((_, i) => (i === 0 ? '---' : '---:'))),
  ...rows.map(mdRow),
];

export function renderMarkdown(report: EvalReport): string {
  const out: string[] = [`# imr eval (${report.mode})`, '', legend, ''];
  for (const g of report.groups) {
    out.push(`## ${g.title}: ${g.summary.documents} letter file(s)`, '');
    out.push(...mdTable(HEAD, fieldRows(g.summary)), '');
    out.push(...mdTable(['measure', 'value', 'count'], measureRows(g.summary)), '');
  }
  if (report.problems.length > 0) {
    out.push('## Not scored', '', ...report.problems.map((p) => `- \`${p.file}\`: ${p.message}`), '');
  }
  out.push('## Misses and spurious items, letter by letter', '');
  for (const d of report.documents) {
    if (d.issues.length === 0 && !d.note) continue;
    out.push(`### ${d.id}`, '', docHeadline(d), '', ...d.issues.map((i) => `- ${issueLine(i).replace(/ {2,}/, ' ')}`), '');
  }
  return out.join('\n');
}
