/**
 * The evaluation report as a page: per group, precision / recall / F1 per field as bars (strict
 * dark, lenient light) and the matched-pair measures; then every letter with a difference, each
 * miss, spurious, wrong and lenient-only item listed, and the letter linked to its viewer page
 * (gold and prediction side by side) when one was written.
 */
import { FIELDS, MEASURES, isMean, measureTitle, type Issue, type Summary } from '../eval/score.js';
import type { EvalReport, ScoredDocument } from '../eval/run.js';
import { documentFigures } from '../eval/render.js';
import { clip, esc, page } from './html.js';
import { PALETTE, barChart, prfChart } from './svg.js';

export interface EvalPageOptions {
  /** The viewer page of a letter (relative URL), when one was written. */
  viewerHref?: (documentId: string) => string | undefined;
  title?: string;
  /** Shown under the title (e.g. the command line or the time of the run). */
  subtitle?: string;
  /** Why there are no viewer pages, when there are none. */
  viewerNote?: string;
}


const f3 = (x: number | null): string => (x === null ? '–' : x.toFixed(3));


function fieldTable(s: Summary): string {
  const rows = FIELDS.map((f) => {
    const x = s.fields[f]!;
    return `<tr><td>${esc(f)}</td><td class="num">${x.gold}</td><td class="num">${x.pred}</td><td class="num">${x.strict}</td><td class="num">${f3(x.strictScore.precision)}</td><td class="num">${f3(x.strictScore.recall)}</td><td class="num">${f3(x.strictScore.f1)}</td><td class="num">${x.lenient}</td><td class="num">${f3(x.lenientScore.precision)}</td><td class="num">${f3(x.lenientScore.recall)}</td><td class="num">${f3(x.lenientScore.f1)}</td></tr>`;
  }).join('');
  return `<table class="data"><thead><tr><th>field</th><th class="num">gold</th><th class="num">pred</th><th class="num">TP</th><th class="num">P</th><th class="num">R</th><th class="num">F1</th><th class="num">TP~</th><th class="num">P~</th><th class="num">R~</th><th class="num">F1~</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function groupHtml(g: EvalReport['groups'][number]): string {
  const s = g.summary;
  const prf = prfChart(
    FIELDS.map((f) => ({
      label: f,
      strict: s.fields[f]!.strictScore,
      lenient: s.fields[f]!.lenientScore,
      note: `gold ${s.fields[f]!.gold} · pred ${s.fields[f]!.pred}`,
    })),
    `precision, recall and F1 per field: ${g.title}`,
  );
  const measures = barChart(
    MEASURES.map((m) => {
      const x = s.measures[m]!;
      const text = x.value === null ? '–' : isMean(m) ? `${x.value.toFixed(3)} (n=${x.n})` : `${x.value.toFixed(3)} (${x.sum}/${x.n})`;
      return { label: measureTitle(m), value: x.value ?? 0, text };
    }),
    { name: `matched-pair measures: ${g.title}`, max: 1, color: PALETTE.strict, labelWidth: 220 },
  );
  return `<section class="card group" data-group="${esc(g.name)}">
<h2>${esc(g.title)} <span class="muted">· ${s.documents} letter file${s.documents === 1 ? '' : 's'}</span></h2>
<div class="key"><span class="sw" style="background:${PALETTE.strict}"></span>strict (normalised text equal) <span class="sw" style="background:${PALETTE.lenient}"></span>lenient (token F1 ≥ 0.5); labels read strict/lenient</div>
${prf}
<h3>Measures over matched pairs</h3>
${measures}
<details><summary>figures as a table</summary>${fieldTable(s)}</details>
</section>`;
}

const KIND_TEXT: Record<Issue['kind'], string> = { miss: 'miss', spurious: 'spurious', wrong: 'wrong', lenient: 'lenient' };

function issueRow(i: Issue): string {
  return `<tr class="is-${i.kind}"><td><span class="badge b-${i.kind}">${KIND_TEXT[i.kind]}</span></td><td><code>${esc(i.field)}</code>${i.context ? `<div class="muted small">${esc(clip(i.context, 160))}</div>` : ''}</td><td>${i.gold === null ? '<span class="null">–</span>' : esc(clip(i.gold, 300))}</td><td>${i.pred === null ? '<span class="null">–</span>' : esc(clip(i.pred, 300))}</td></tr>`;
}

export const docAnchor = (id: string): string => `doc-${id.replace(/[^A-Za-z0-9_-]+/g, '-')}`;

function documentHtml(d: ScoredDocument, href: string | undefined): string {
  const x = documentFigures(d);
  const kinds = [x.miss ? 'miss' : '', x.spurious ? 'spurious' : '', x.wrong ? 'wrong' : '', x.lenient ? 'lenient' : '', d.note ? 'note' : ''].filter(Boolean).join(' ');
  const link = href ? `<a class="viewer-link" href="${esc(href)}">open the letter: gold and prediction side by side →</a>` : '';
  return `<section class="card doc" id="${docAnchor(d.id)}" data-kinds="${kinds}">
<h3>${href ? `<a href="${esc(href)}">${esc(d.id)}</a>` : esc(d.id)}</h3>
<div class="muted small">lenient F1 ${f3(x.f1)} over all fields · ${x.miss} miss · ${x.spurious} spurious · ${x.wrong} wrong · ${x.lenient} lenient-only${d.variant ? ' · variant rendering' : ''}</div>
${d.note ? `<div class="warnings small">${esc(d.note)}</div>` : ''}
${d.issues.length > 0 ? `<table class="data issues"><thead><tr><th style="width:86px"></th><th style="width:24%">field</th><th style="width:36%">gold</th><th>prediction</th></tr></thead><tbody>${d.issues.map(issueRow).join('')}</tbody></table>` : ''}
${link}
</section>`;
}

const EVAL_CSS = `
.key { font-size: 12px; color: var(--muted); margin: 2px 0 6px; }
.sw { display: inline-block; width: 11px; height: 11px; border-radius: 2px; vertical-align: -1px; margin: 0 4px 0 10px; }
.badge { display: inline-block; font: 600 10px/15px system-ui, sans-serif; border-radius: 7px; padding: 0 6px; text-transform: uppercase; letter-spacing: .03em; }
.b-miss, .b-wrong { background: #f6d3cc; color: #8b2d1b; }
.b-spurious { background: #e8dcf7; color: #5a2e8f; }
.b-lenient { background: #fbe9b9; color: #7a5700; }
.null { color: #9aa1ad; }
.small { font-size: 12.5px; }
.filters { display: flex; gap: 6px; flex-wrap: wrap; margin: 6px 0 10px; }
.filters button { font: inherit; font-size: 12.5px; border: 1px solid var(--line); background: #fff; border-radius: 14px; padding: 2px 10px; cursor: pointer; }
.filters button[aria-pressed=true] { background: var(--accent); color: #fff; border-color: var(--accent); }
.doc h3 { margin: 0 0 2px; font-size: 14px; }
.doc .viewer-link { display: inline-block; margin-top: 6px; font-size: 12.5px; }
.doc[hidden] { display: none; }
table.overview td a { text-decoration: none; }
.issues { table-layout: fixed; }
.issues td { font-size: 12.5px; overflow-wrap: anywhere; }
svg.chart { display: block; margin: 4px 0; }
`;

const EVAL_JS = `
(function () {
  var buttons = document.querySelectorAll('.filters button[data-kind]');
  buttons.forEach(function (b) {
    b.addEventListener('click', function () {
      buttons.forEach(function (x) { x.setAttribute('aria-pressed', String(x === b)); });
      var kind = b.getAttribute('data-kind');
      document.querySelectorAll('.doc').forEach(function (d) {
        d.hidden = kind !== 'all' && (' ' + d.getAttribute('data-kinds') + ' ').indexOf(' ' + kind + ' ') < 0;
      });
    });
  });
})();
`;

/** The evaluation report page. */
export function renderEvalReport(report: EvalReport, options: EvalPageOptions = {}): string {
  const title = options.title ?? `imr eval (${report.mode})`;
  const withIssues = report.documents.filter((d) => d.issues.length > 0 || d.note);
  const clean = report.documents.length - withIssues.length;
  const href = (id: string) => options.viewerHref?.(id);
  const overviewRows = withIssues
    .map((d) => {
      const x = documentFigures(d);
      const h = href(d.id);
      return `<tr><td><a href="#${docAnchor(d.id)}">${esc(d.id)}</a></td><td class="num">${f3(x.f1)}</td><td class="num">${x.miss}</td><td class="num">${x.spurious}</td><td class="num">${x.wrong}</td><td class="num">${x.lenient}</td><td>${h ? `<a href="${esc(h)}">viewer</a>` : ''}</td></tr>`;
    })
    .join('');
  const problems =
    report.problems.length > 0
      ? `<section class="card"><h2>Not scored</h2><ul>${report.problems.map((p) => `<li><code>${esc(p.file)}</code>: ${esc(p.message)}</li>`).join('')}</ul></section>`
      : '';
  const body = `
<header class="topbar"><h1>${esc(title)}</h1><div class="sub">${esc(options.subtitle ?? `${report.documents.length} letter file(s) scored; ${withIssues.length} with differences, ${clean} without`)}</div></header>
<div class="wrap">
${report.groups.map(groupHtml).join('\n')}
${problems}
<section class="card" id="letters">
<h2>Misses and spurious items, letter by letter</h2>
<p class="muted small">${withIssues.length} of ${report.documents.length} letter file(s) differ from the gold; ${clean} match it in every scored field.${options.viewerNote ? ` ${esc(options.viewerNote)}` : ''}</p>
${withIssues.length > 0 ? `<table class="data overview"><thead><tr><th>letter</th><th class="num">lenient F1</th><th class="num">miss</th><th class="num">spurious</th><th class="num">wrong</th><th class="num">lenient</th><th></th></tr></thead><tbody>${overviewRows}</tbody></table>` : ''}
<div class="filters" role="group" aria-label="show letters with">
<button type="button" data-kind="all" aria-pressed="true">all</button><button type="button" data-kind="miss" aria-pressed="false">with misses</button><button type="button" data-kind="spurious" aria-pressed="false">with spurious items</button><button type="button" data-kind="wrong" aria-pressed="false">with wrong values</button>
</div>
</section>
${withIssues.map((d) => documentHtml(d, href(d.id))).join('\n')}
</div>`;
  return page({ title, css: EVAL_CSS, body, script: EVAL_JS });
}
