/**
 * The letter viewer: one self-contained page with the normalised letter on the left (every
 * evidence span drawn in place, coloured by field, sections outlined) and the record on the
 * right. Clicking a value in the record scrolls to its evidence and flashes it; clicking a marker
 * in the letter does the same for the record; hovering a marker shows its field and value.
 * Warnings (the record's, plus anything the page itself noticed) are shown at the top.
 *
 * How spans are drawn and counted is defined in ./spans.ts.
 */
import type { Issue } from '../eval/score.js';
import type { GoldRecord } from '../record/gold.js';
import type { ImrRecord } from '../record/schema.js';
import { clip, esc, jsonForScript, page } from './html.js';
import { fieldStyle, sortFields } from './fields.js';
import { legendHtml, renderRecordPane } from './record-pane.js';
import { itemLabel, markText, recordSpans } from './markers.js';

export interface ViewerInput {
  /** The extracted record; null when there is none (the extraction failed). */
  record: ImrRecord | null;
  /** The normalised text the record's spans point into; null when the letter could not be read. */
  text: string | null;
  /** Page title; defaults to the letter's file name. */
  title?: string;
  /** A gold record to show beside the prediction. */
  gold?: GoldRecord | null;
  /** The scorer's differences for this letter, listed at the top. */
  issues?: readonly Issue[];
  /** Further notes from the caller, shown with the warnings (e.g. why there is no record). */
  notes?: readonly string[];
  /** A link back (e.g. to the evaluation report). */
  back?: { href: string; label: string };
}

/** Resolves a field path (`services.2.request`) in a record. */
export function valueAt(record: unknown, key: string): unknown {
  let cur: unknown = record;
  for (const part of key.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** A value as one line of text for the tooltip. */
export function displayValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'object') return String(v);
  const o = v as Record<string, unknown>;
  if (typeof o.text === 'string') return o.text;
  if (typeof o.request === 'string') return `${o.request} (${String(o.decision)})`;
  if (typeof o.modality === 'string') {
    const head = [o.modality, o.bodyRegion, o.date].filter((x) => typeof x === 'string' && x).join(' ');
    return typeof o.findings === 'string' ? `${head}: ${o.findings}` : head;
  }
  return JSON.stringify(v);
}

const ISSUE_KIND_TEXT: Record<Issue['kind'], string> = { miss: 'missed', spurious: 'spurious', wrong: 'wrong', lenient: 'lenient' };

function issuesHtml(issues: readonly Issue[]): string {
  if (issues.length === 0) return '<div class="evalbox ok">Evaluation: the prediction matches the gold in every scored field.</div>';
  const count = (k: Issue['kind']) => issues.filter((i) => i.kind === k).length;
  const summary = (['miss', 'spurious', 'wrong', 'lenient'] as const).map((k) => `${count(k)} ${ISSUE_KIND_TEXT[k]}`).join(', ');
  const items = issues
    .map((i) => {
      const what =
        i.kind === 'miss'
          ? `gold <q>${esc(i.gold)}</q> not found`
          : i.kind === 'spurious'
            ? `predicted <q>${esc(i.pred)}</q> not in gold`
            : `gold <q>${esc(i.gold ?? 'null')}</q>, predicted <q>${esc(i.pred ?? 'null')}</q>`;
      return `<li class="is-${i.kind}"><span class="badge b-${i.kind === 'miss' ? 'miss' : i.kind}">${ISSUE_KIND_TEXT[i.kind]}</span> <code>${esc(i.field)}</code>${i.context ? ` <span class="muted">[${esc(clip(i.context, 120))}]</span>` : ''}: ${what}</li>`;
    })
    .join('');
  return `<details class="evalbox" open><summary>Evaluation against gold: ${summary}</summary><ul>${items}</ul></details>`;
}

const VIEWER_CSS = `
body { height: 100vh; display: flex; flex-direction: column; overflow: hidden; }
.topbar { display: flex; flex-direction: column; gap: 6px; }
.topbar .back { font-size: 12.5px; }
.legend { display: flex; flex-wrap: wrap; gap: 3px 4px; }
.chip { font: 11.5px system-ui, sans-serif; border: 1px solid #d3d7df; background: #fff; border-radius: 10px; padding: 1px 8px 1px 5px; cursor: pointer; color: var(--fg); }
.chip i { display: inline-block; width: 10px; height: 10px; border-radius: 3px; margin-right: 4px; vertical-align: -1px;
  background: hsl(var(--h) var(--s) 80%); border: 1px solid hsl(var(--h) var(--s) 38%); }
.chip.off { opacity: .45; text-decoration: line-through; }
.notices { padding: 0 16px; max-height: 24vh; overflow: auto; flex: none; }
.notices .warnings, .notices .evalbox { margin: 6px 0; }
.nowarn { color: var(--muted); font-size: 12.5px; margin: 6px 0; }
.evalbox { background: #eef3ff; border: 1px solid #b7c8ef; border-radius: 6px; padding: 6px 12px; font-size: 13px; }
.evalbox.ok { background: #eaf6ee; border-color: #a9d6b7; }
.evalbox ul { margin: 4px 0; padding-left: 18px; }
.evalbox q { quotes: "“" "”"; }
.split { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr); gap: 0; border-top: 1px solid var(--line); }
.split.sbs { grid-template-columns: minmax(0, 1fr) minmax(0, 1.15fr); }
.pane { overflow: auto; min-height: 0; position: relative; }
.pane-letter { background: #fff; border-right: 1px solid var(--line); }
.pane-record { padding: 4px 14px 30px; }
.pane h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 10px 0 4px; }
.letter { white-space: pre-wrap; overflow-wrap: anywhere; font: 12px/1.65 ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; padding: 12px 12px 40px; margin: 0; }
.letter .sec { border: 1px solid #c5cbd6; border-radius: 6px; padding: 12px 10px 8px; margin: 14px 0 10px; position: relative; }
.letter .sec::before { content: attr(data-section); position: absolute; top: -9px; left: 10px; background: #fff; padding: 0 6px;
  font: 600 10.5px/16px system-ui, sans-serif; letter-spacing: .06em; text-transform: uppercase; color: #6b7385; }
.letter .nlb { display: none; }
.letter mark.ev { color: inherit; background: hsl(var(--h) var(--s) 87%); border-bottom: 2px solid hsl(var(--h) var(--s) 42%); border-radius: 2px; cursor: pointer; }
.letter mark.ev.long { background: hsl(var(--h) var(--s) 95%); border-bottom: 1px dotted hsl(var(--h) var(--s) 45%); }
.letter mark.ev mark.ev { border-bottom-style: double; border-bottom-width: 3px; }
.letter mark.ev.empty::before { content: "▏"; color: hsl(var(--h) var(--s) 35%); font-weight: 700; }
.letter .blk { border: 1.5px dashed hsl(var(--h) 55% 50%); border-radius: 4px; -webkit-box-decoration-break: clone; box-decoration-break: clone; cursor: pointer; }
.letter .blk[data-label]::before { content: attr(data-label); display: inline-block; white-space: nowrap; font: 600 10px/14px system-ui, sans-serif; color: #fff; background: hsl(var(--h) 55% 45%); border-radius: 7px; padding: 0 5px; margin-right: 4px; vertical-align: 1px; }
.letter .blk.blkd { display: block; border: 1.5px solid hsl(var(--h) 50% 62%); border-left-width: 5px; background: hsl(var(--h) 60% 98.5%); padding: 8px 10px 6px; margin: 12px 0 8px; position: relative; }
.letter .blk.blkd[data-label]::before { position: absolute; top: -8px; right: 10px; margin: 0; }
.letter [data-off] { background: transparent !important; border-color: transparent !important; }
.letter .blk[data-off]::before { display: none; }
.letter .ev.hover { outline: 2px solid hsl(var(--h) 80% 40%); outline-offset: 1px; }
@keyframes flash { 0%, 35% { background-color: hsl(var(--h) 95% 62%); box-shadow: 0 0 0 4px hsl(var(--h) 95% 55% / .55); } 100% { box-shadow: 0 0 0 0 transparent; } }
.flash { animation: flash 1.8s ease-out; }
.tip { position: fixed; z-index: 10; max-width: 420px; background: #1f2533; color: #fff; font: 12.5px/1.4 system-ui, sans-serif; padding: 6px 9px; border-radius: 5px; pointer-events: none; box-shadow: 0 3px 12px rgba(0,0,0,.25); }
.tip b { color: hsl(var(--h, 210) 90% 78%); font-weight: 600; }
.tip .k { color: #aab3c5; font-family: ui-monospace, monospace; font-size: 11px; }
.group h3 { font-size: 13px; margin: 14px 0 4px; border-bottom: 1px solid var(--line); padding-bottom: 2px; }
table.rec { width: 100%; border-collapse: collapse; font-size: 13px; table-layout: fixed; }
table.rec th[scope=row] { width: 30%; text-align: left; font-weight: 500; color: var(--muted); padding: 2px 8px 2px 0; vertical-align: top; }
table.rec.sbs th[scope=row] { width: 22%; }
table.rec thead th { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); text-align: left; font-weight: 600; }
table.rec td { padding: 2px 6px 2px 0; vertical-align: top; overflow-wrap: anywhere; }
table.rec td.gold { border-left: 1px solid var(--line); padding-left: 8px; }
tr.st-wrong td, tr.st-miss td, tr.st-spurious td { background: #fdf0ee; }
tr.st-lenient td { background: #fff8e6; }
.block { border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px 6px; margin: 8px 0; background: #fff; }
.block.st-wrong, .block.st-miss, .block.st-spurious { border-color: #e2a79b; }
.block.st-lenient { border-color: #e6c77a; }
.block-title { margin-bottom: 3px; }
button.go { font: inherit; text-align: left; border: 0; border-bottom: 2px solid hsl(var(--h) var(--s) 42%); background: hsl(var(--h) var(--s) 90%); border-radius: 3px; padding: 0 4px; cursor: pointer; color: inherit; max-width: 100%; }
button.go:hover, button.go:focus-visible { background: hsl(var(--h) var(--s) 80%); outline: none; }
button.go.item { font-weight: 600; }
button.go.flash { animation: flash 1.8s ease-out; }
.item { font-weight: 600; }
.plain { color: var(--fg); }
.noev { font-size: 10.5px; color: #8a5a00; background: #fff1cc; border-radius: 6px; padding: 0 5px; margin-left: 6px; }
.null { color: #9aa1ad; font-style: italic; }
.badge { display: inline-block; font: 600 10px/15px system-ui, sans-serif; border-radius: 7px; padding: 0 6px; margin-left: 6px; vertical-align: 1px; text-transform: uppercase; letter-spacing: .03em; }
.b-wrong, .b-miss { background: #f6d3cc; color: #8b2d1b; }
.b-spurious { background: #e8dcf7; color: #5a2e8f; }
.b-lenient { background: #fbe9b9; color: #7a5700; }
ul.sections { list-style: none; padding: 0; margin: 0; font-size: 13px; }
button.go-sec { font: inherit; background: none; border: 1px solid #c5cbd6; border-radius: 4px; padding: 0 6px; cursor: pointer; text-transform: uppercase; font-size: 11px; letter-spacing: .05em; }
.small { font-size: 12.5px; }
.nolet { padding: 20px; color: var(--muted); }
`;

/* Browser side. Kept as plain ES2017 so it runs in any current browser without a build. */
const VIEWER_JS = `
(function () {
  var values = JSON.parse(document.getElementById('values').textContent);
  var letterPane = document.querySelector('.pane-letter');
  var recordPane = document.querySelector('.pane-record');
  var tip = document.getElementById('tip');
  function fragments(key) { return document.querySelectorAll('.letter [data-key="' + CSS.escape(key) + '"]'); }
  function flash(els) {
    els.forEach(function (el) { el.classList.remove('flash'); void el.offsetWidth; el.classList.add('flash'); });
  }
  function reveal(el, pane) {
    var paneRect = pane.getBoundingClientRect();
    var r = el.getBoundingClientRect();
    var tall = r.height > paneRect.height * 0.7;
    el.scrollIntoView({ block: tall ? 'start' : 'center', inline: 'nearest', behavior: 'instant' });
  }
  document.addEventListener('click', function (e) {
    var t = e.target;
    var go = t.closest && t.closest('button.go[data-target]');
    if (go) {
      var key = go.getAttribute('data-target');
      var first = document.getElementById('ev-' + key);
      if (!first) return;
      reveal(first, letterPane);
      flash(Array.prototype.slice.call(fragments(key)));
      return;
    }
    var sec = t.closest && t.closest('button.go-sec[data-section-target]');
    if (sec) {
      var s = document.getElementById(sec.getAttribute('data-section-target'));
      if (s) { reveal(s, letterPane); }
      return;
    }
    var chip = t.closest && t.closest('button.chip[data-field]');
    if (chip) {
      var off = chip.classList.toggle('off');
      document.querySelectorAll('.letter [data-field="' + CSS.escape(chip.getAttribute('data-field')) + '"]').forEach(function (el) {
        if (off) el.setAttribute('data-off', ''); else el.removeAttribute('data-off');
      });
      return;
    }
    var mark = t.closest && t.closest('.letter [data-key]');
    if (mark) {
      var btn = recordPane.querySelector('button.go[data-target="' + CSS.escape(mark.getAttribute('data-key')) + '"]');
      if (btn) { reveal(btn, recordPane); flash([btn]); }
    }
  });
  var current = null;
  function hide() {
    tip.hidden = true;
    if (current) fragments(current).forEach(function (el) { el.classList.remove('hover'); });
    current = null;
  }
  letterPane.addEventListener('mouseover', function (e) {
    var mark = e.target.closest && e.target.closest('[data-key]');
    if (!mark) { hide(); return; }
    var key = mark.getAttribute('data-key');
    if (key !== current) {
      hide();
      current = key;
      fragments(key).forEach(function (el) { el.classList.add('hover'); });
      var v = values[key] || { label: key, value: '' };
      tip.style.setProperty('--h', mark.style.getPropertyValue('--h'));
      tip.innerHTML = '';
      var b = document.createElement('b'); b.textContent = v.label; tip.appendChild(b);
      var k = document.createElement('span'); k.className = 'k'; k.textContent = '  ' + key; tip.appendChild(k);
      if (v.value) { var d = document.createElement('div'); d.className = 'v'; d.textContent = v.value; tip.appendChild(d); }
      tip.hidden = false;
    }
  });
  letterPane.addEventListener('mousemove', function (e) {
    if (tip.hidden) return;
    var x = Math.min(e.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    var y = e.clientY + 18;
    if (y + tip.offsetHeight > window.innerHeight - 8) y = e.clientY - tip.offsetHeight - 12;
    tip.style.left = x + 'px'; tip.style.top = y + 'px';
  });
  letterPane.addEventListener('mouseleave', hide);
})();
`;

/** The viewer page for one letter. */
export function renderViewer(input: ViewerInput): string {
  const { record, text } = input;
  const spans = record ? recordSpans(record) : [];
  const marked = text !== null ? markText(text, spans, record?.sections ?? []) : null;
  const spanKeys = new Set(spans.map((s) => s.key));
  const title = input.title ?? (record ? record.source.path.split(/[\\/]/).pop() ?? record.source.path : 'letter');

  const values: Record<string, { label: string; value: string }> = {};
  for (const s of spans) {
    const base = fieldStyle(s.field).label;
    const label = s.kind === 'block' || /^[a-z]+\.\d+$/i.test(s.key) ? `${base} (${itemLabel(s.key)})` : base;
    values[s.key] = { label, value: clip(displayValue(valueAt(record, s.key)), 300) };
  }

  const warnings = [...(record?.warnings ?? []), ...(marked?.problems ?? []), ...(input.notes ?? [])];
  const warningsHtml =
    warnings.length > 0
      ? `<div class="warnings" id="warnings"><b>${warnings.length} warning${warnings.length === 1 ? '' : 's'}</b><ul>${warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></div>`
      : '<div class="nowarn" id="warnings">No warnings.</div>';
  const sideBySide = input.gold !== undefined && input.gold !== null;
  const evalHtml = input.issues ? issuesHtml(input.issues) : '';

  const sub = record
    ? [
        record.format,
        record.caseNumber ?? 'no case number',
        `${spans.length} evidence span${spans.length === 1 ? '' : 's'}`,
        `${record.sections.length} section${record.sections.length === 1 ? '' : 's'}`,
        `extractor ${record.extractorVersion}`,
      ].join(' · ')
    : 'no extracted record';
  const fields = sortFields(spans.map((s) => s.field));
  const letterHtml = marked
    ? `<div class="letter" id="letter">${marked.html}</div>`
    : '<div class="nolet">The letter text is not available.</div>';

  const body = `
<header class="topbar">
  <div>
    ${input.back ? `<div class="back"><a href="${esc(input.back.href)}">← ${esc(input.back.label)}</a></div>` : ''}
    <h1>${esc(title)}</h1>
    <div class="sub">${esc(sub)}</div>
  </div>
  <div class="legend" aria-label="fields">${legendHtml(fields)}</div>
</header>
<div class="notices">${warningsHtml}${evalHtml}</div>
<main class="split${sideBySide ? ' sbs' : ''}">
  <section class="pane pane-letter" aria-label="letter"><h2 style="padding:0 18px">Normalised letter</h2>${letterHtml}</section>
  <section class="pane pane-record" aria-label="record"><h2>${sideBySide ? 'Prediction and gold' : 'Extracted record'}</h2>${renderRecordPane({ record, gold: input.gold ?? null, spanKeys })}</section>
</main>
<div class="tip" id="tip" hidden></div>
<script type="application/json" id="values">${jsonForScript(values)}</script>`;
  return page({ title: `${title} · imr show`, css: VIEWER_CSS, body, script: VIEWER_JS });
}
