/**
 * `imr stats --html`: the analyst questions from the store as charts. Input is exactly what
 * `computeStats` returns (one query result per section, and how the section is drawn): the
 * overall figures as cards, then each section as a chart with its data table underneath.
 */
import type { Stats, StatsSection } from '../store/stats.js';
import type { QueryResult } from '../store/store.js';
import { clip, esc, page } from './html.js';
import { PALETTE, barChart, pct, stackedChart } from './svg.js';

type Row = Record<string, unknown>;

const rowsOf = (r: QueryResult): Row[] => r.rows.map((row) => Object.fromEntries(row.map((v, i) => [r.columns[i], v])));
const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : 0);
const rate = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
const label = (v: unknown, none = 'unknown'): string => (v === null || v === undefined || v === '' ? none : String(v));
const has = (r: QueryResult, ...cols: string[]): boolean => cols.every((c) => r.columns.includes(c));

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function dataTable(r: QueryResult): string {
  if (r.rows.length === 0) return '<p class="muted small">No rows.</p>';
  const numeric = r.types.map((t) => /INT|FLOAT|DOUBLE|DECIMAL/.test(t));
  const head = r.columns.map((c, i) => `<th${numeric[i] ? ' class="num"' : ''}>${esc(c)}</th>`).join('');
  const body = r.rows
    .map((row) => `<tr>${row.map((v, i) => `<td${numeric[i] ? ' class="num"' : ''}>${v === null ? '<span class="muted">NULL</span>' : esc(clip(cellText(v), 200))}</td>`).join('')}</tr>`)
    .join('');
  return `<table class="data"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const DECISIONS = [
  { name: 'upheld', color: PALETTE.upheld },
  { name: 'overturned', color: PALETTE.overturned },
];

/** Upheld / overturned shares per row of a `decision_rates_by_*` view. */
function ratesChart(r: QueryResult, name: string, none: string): string | null {
  if (!has(r, 'upheld', 'overturned', 'services')) return null;
  const key = r.columns[0]!;
  return stackedChart(
    rowsOf(r).map((x) => {
      const n = num(x.services);
      const up = rate(x.upheld_rate) ?? (n > 0 ? num(x.upheld) / n : null);
      return {
        label: label(x[key], none),
        values: [num(x.upheld), num(x.overturned)],
        text: `${pct(up)} upheld · n=${n}`,
        title: `${label(x[key], none)}: ${num(x.upheld)} upheld, ${num(x.overturned)} overturned of ${n} (${pct(up)} upheld)`,
      };
    }),
    { name, series: DECISIONS, mode: 'share' },
  );
}

/** Upheld and overturned counts per row (letters by year, top treatment concepts). */
function countsChart(r: QueryResult, name: string, none: string): string | null {
  if (!has(r, 'upheld', 'overturned', 'services')) return null;
  const key = r.columns[0]!;
  return stackedChart(
    rowsOf(r).map((x) => ({
      label: label(x[key], none),
      values: [num(x.upheld), num(x.overturned)],
      text: `${x.letters === undefined ? '' : `${num(x.letters)} letters · `}${num(x.services)} services · ${pct(rate(x.overturned_rate))} overturned`,
    })),
    { name, series: DECISIONS, mode: 'count', labelWidth: 300 },
  );
}

/** One bar per row: the section's value column, labelled by the first column. */
function barsChart(r: QueryResult, name: string, valueCol: string, none: string): string | null {
  if (!has(r, valueCol) || r.columns.length < 2) return null;
  const key = r.columns[0]!;
  return barChart(
    rowsOf(r).map((x) => ({ label: label(x[key], none), value: num(x[valueCol]), text: String(num(x[valueCol])) })),
    { name, color: PALETTE.strict, labelWidth: 300 },
  );
}

function overviewCards(r: QueryResult): string {
  const x = rowsOf(r)[0] ?? {};
  const shown = (k: string, v: unknown) =>
    v === null || v === undefined ? '–' : k.endsWith('_rate') && typeof v === 'number' ? pct(v) : typeof v === 'number' ? v.toLocaleString('en-US') : String(v);
  const cards = Object.entries(x)
    .map(([k, v]) => `<div class="num-card"><div class="v">${esc(shown(k, v))}</div><div class="k">${esc(k.replace(/_/g, ' '))}</div></div>`)
    .join('');
  return `<div class="cards">${cards}</div>`;
}

function chartFor(section: StatsSection, r: QueryResult): string | null {
  if (r.rows.length === 0) return null;
  const none = section.none ?? 'unknown';
  switch (section.chart) {
    case 'rates':
      return ratesChart(r, section.title, none);
    case 'counts':
      return countsChart(r, section.title, none);
    case 'bars':
      return barsChart(r, section.title, section.value ?? r.columns[1]!, none);
    default:
      return null;
  }
}

const STATS_CSS = `
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.num-card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 130px; }
.num-card .v { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.num-card .k { font-size: 12px; color: var(--muted); }
.small { font-size: 12.5px; }
svg.chart { display: block; margin: 6px 0; }
nav.toc { font-size: 12.5px; margin: 6px 0 0; }
nav.toc a { margin-right: 12px; }
`;

export interface StatsPageOptions {
  title?: string;
  /** Shown under the title (e.g. the store's path). */
  subtitle?: string;
}

/** The stats page. */
export function renderStatsPage(stats: Stats, options: StatsPageOptions = {}): string {
  const title = options.title ?? 'imr stats';
  // Sections in the order computeStats lists them (the order analysts ask); the overview as cards on top.
  const shown = Object.entries(stats)
    .filter(([, s]) => s.section.chart !== 'cards')
    .map(([key, { title: t, section, result }]) => ({ key, title: t, chart: chartFor(section, result), result }));
  const sections = shown
    .map(
      (s) => `<section class="card stat" id="${esc(s.key)}" data-section="${esc(s.key)}">
<h2>${esc(s.title)}</h2>
${s.chart ?? dataTable(s.result)}
${s.chart ? `<details><summary>data (${s.result.rows.length} row${s.result.rows.length === 1 ? '' : 's'})</summary>${dataTable(s.result)}</details>` : ''}
</section>`,
    )
    .join('\n');
  const toc = shown.map((s) => `<a href="#${esc(s.key)}">${esc(s.title)}</a>`).join('');
  const body = `
<header class="topbar"><h1>${esc(title)}</h1>${options.subtitle ? `<div class="sub">${esc(options.subtitle)}</div>` : ''}<nav class="toc">${toc}</nav></header>
<div class="wrap">
${Object.entries(stats)
  .filter(([, s]) => s.section.chart === 'cards')
  .map(([key, s]) => `<section class="stat" id="${esc(key)}" data-section="${esc(key)}"><h2>${esc(s.title)}</h2>${overviewCards(s.result)}</section>`)
  .join('\n')}
${sections}
</div>`;
  return page({ title, css: STATS_CSS, body });
}
