/**
 * Small charts as inline SVG strings, generated here (no charting library, nothing fetched).
 * All charts are horizontal bar charts with a label column: they read well with long labels
 * (service requests, guideline titles) and need no axis layout. Every bar carries a `<title>`
 * with its exact figures, which the browser shows on hover.
 */
import { clip, esc } from './html.js';

const WIDTH = 780;
const ROW = 24;
const BAR = 15;
const FONT = 12;
/** Rough width of one character at 12px in the UI font: for clipping labels, not layout. */
const CHAR = 6.4;

export const PALETTE = {
  upheld: '#c0553a',
  overturned: '#2f8a4c',
  strict: '#2457c5',
  lenient: '#9db6ea',
  neutral: '#5b6b8c',
  track: '#eef1f5',
} as const;

const fmtNum = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(3).replace(/0+$/, '').replace(/\.$/, ''));
export const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(x === 1 || x === 0 ? 0 : 1)}%`);

function svgOpen(height: number, label: string): string {
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${esc(label)}" style="max-width:100%;height:auto">`;
}

function labelText(x: number, y: number, text: string, width: number, anchor: 'start' | 'end' = 'end'): string {
  const max = Math.max(4, Math.floor(width / CHAR));
  const shown = clip(text, max);
  return `<text x="${x}" y="${y}" font-size="${FONT}" text-anchor="${anchor}" dominant-baseline="central" fill="#2b3140">${shown !== text ? `<title>${esc(text)}</title>` : ''}${esc(shown)}</text>`;
}

export interface BarRow {
  label: string;
  value: number;
  /** Text shown after the bar (default: the value). */
  text?: string;
  /** Hover text (default: label and text). */
  title?: string;
}

export interface BarOptions {
  /** Accessible name of the chart. */
  name: string;
  color?: string;
  /** Scale maximum (default: the largest value). */
  max?: number;
  labelWidth?: number;
}

/** One bar per row. */
export function barChart(rows: readonly BarRow[], opts: BarOptions): string {
  const labelWidth = opts.labelWidth ?? 260;
  const textWidth = 110;
  const x0 = labelWidth + 10;
  const span = WIDTH - x0 - textWidth;
  const max = opts.max ?? Math.max(0, ...rows.map((r) => r.value));
  const height = rows.length * ROW + 8;
  const out = [svgOpen(height, opts.name)];
  rows.forEach((r, i) => {
    const y = 4 + i * ROW;
    const cy = y + ROW / 2;
    const w = max > 0 ? Math.max(r.value > 0 ? 1 : 0, (r.value / max) * span) : 0;
    const text = r.text ?? fmtNum(r.value);
    out.push(
      `<g class="bar-row">`,
      `<title>${esc(r.title ?? `${r.label}: ${text}`)}</title>`,
      labelText(labelWidth, cy, r.label, labelWidth),
      `<rect x="${x0}" y="${cy - BAR / 2}" width="${span}" height="${BAR}" fill="${PALETTE.track}" rx="2"/>`,
      `<rect class="bar" x="${x0}" y="${cy - BAR / 2}" width="${w.toFixed(1)}" height="${BAR}" fill="${opts.color ?? PALETTE.neutral}" rx="2"/>`,
      `<text x="${x0 + span + 6}" y="${cy}" font-size="${FONT}" dominant-baseline="central" fill="#2b3140">${esc(text)}</text>`,
      `</g>`,
    );
  });
  out.push('</svg>');
  return out.join('');
}

export interface StackSeries {
  name: string;
  color: string;
}

export interface StackRow {
  label: string;
  /** One value per series. */
  values: readonly number[];
  /** Text after the bar. */
  text?: string;
  title?: string;
}

export interface StackOptions {
  name: string;
  series: readonly StackSeries[];
  /** `share`: each bar is 100% wide and split by share; `count`: bar length is the total. */
  mode: 'share' | 'count';
  labelWidth?: number;
}

/** Stacked bars (e.g. upheld / overturned), as shares of each row or as counts. */
export function stackedChart(rows: readonly StackRow[], opts: StackOptions): string {
  const labelWidth = opts.labelWidth ?? 240;
  const textWidth = 190;
  const x0 = labelWidth + 10;
  const span = WIDTH - x0 - textWidth;
  const totals = rows.map((r) => r.values.reduce((a, b) => a + b, 0));
  const max = Math.max(0, ...totals);
  const legendHeight = 22;
  const height = legendHeight + rows.length * ROW + 8;
  const out = [svgOpen(height, opts.name)];
  let lx = x0;
  for (const s of opts.series) {
    out.push(
      `<rect x="${lx}" y="5" width="11" height="11" rx="2" fill="${s.color}"/>`,
      `<text x="${lx + 16}" y="11" font-size="${FONT}" dominant-baseline="central" fill="#2b3140">${esc(s.name)}</text>`,
    );
    lx += 30 + s.name.length * CHAR;
  }
  rows.forEach((r, i) => {
    const y = legendHeight + 4 + i * ROW;
    const cy = y + ROW / 2;
    const total = totals[i]!;
    const full = opts.mode === 'share' ? span : max > 0 ? (total / max) * span : 0;
    out.push(`<g class="bar-row"><title>${esc(r.title ?? `${r.label}: ${r.values.map((v, j) => `${opts.series[j]?.name} ${v}`).join(', ')}`)}</title>`);
    out.push(labelText(labelWidth, cy, r.label, labelWidth));
    if (opts.mode === 'share') out.push(`<rect x="${x0}" y="${cy - BAR / 2}" width="${span}" height="${BAR}" fill="${PALETTE.track}" rx="2"/>`);
    let x = x0;
    r.values.forEach((v, j) => {
      const w = total > 0 ? (v / total) * full : 0;
      if (w > 0) out.push(`<rect class="bar" x="${x.toFixed(1)}" y="${cy - BAR / 2}" width="${w.toFixed(1)}" height="${BAR}" fill="${opts.series[j]?.color ?? PALETTE.neutral}"/>`);
      x += w;
    });
    const tx = opts.mode === 'share' ? x0 + span + 6 : x0 + full + 6;
    out.push(`<text x="${tx.toFixed(1)}" y="${cy}" font-size="${FONT}" dominant-baseline="central" fill="#2b3140">${esc(r.text ?? String(total))}</text></g>`);
  });
  out.push('</svg>');
  return out.join('');
}

export interface PrfRow {
  label: string;
  strict: { precision: number | null; recall: number | null; f1: number | null };
  lenient: { precision: number | null; recall: number | null; f1: number | null };
  /** Counts shown at the end of the row, e.g. `gold 12 · pred 11`. */
  note?: string;
}

/**
 * Precision, recall and F1 per row as three bar tracks. The dark bar is the strict figure; the
 * light bar behind it reaches the lenient figure (lenient ≥ strict). "–": nothing to score.
 */
export function prfChart(rows: readonly PrfRow[], name: string): string {
  const labelWidth = 190;
  const noteWidth = 120;
  const x0 = labelWidth + 12;
  const col = (WIDTH - x0 - noteWidth) / 3;
  const track = col - 62;
  const head = 22;
  const height = head + rows.length * ROW + 8;
  const out = [svgOpen(height, name)];
  const metrics = ['precision', 'recall', 'f1'] as const;
  const titles = { precision: 'precision', recall: 'recall', f1: 'F1' };
  metrics.forEach((m, k) =>
    out.push(`<text x="${x0 + k * col}" y="11" font-size="${FONT}" font-weight="600" dominant-baseline="central" fill="#5d6575">${titles[m]}</text>`),
  );
  out.push(`<text x="${WIDTH - noteWidth + 4}" y="11" font-size="${FONT}" font-weight="600" dominant-baseline="central" fill="#5d6575">items</text>`);
  rows.forEach((r, i) => {
    const cy = head + 4 + i * ROW + ROW / 2;
    out.push(`<g class="prf-row">`, labelText(labelWidth, cy, r.label, labelWidth));
    metrics.forEach((m, k) => {
      const x = x0 + k * col;
      const s = r.strict[m];
      const l = r.lenient[m];
      out.push(`<g class="prf-cell"><title>${esc(`${r.label} ${titles[m]}: strict ${s === null ? '–' : s.toFixed(3)}, lenient ${l === null ? '–' : l.toFixed(3)}`)}</title>`);
      out.push(`<rect x="${x}" y="${cy - BAR / 2}" width="${track}" height="${BAR}" fill="${PALETTE.track}" rx="2"/>`);
      if (l !== null) out.push(`<rect class="bar lenient" x="${x}" y="${cy - BAR / 2}" width="${(l * track).toFixed(1)}" height="${BAR}" fill="${PALETTE.lenient}" rx="2"/>`);
      if (s !== null) out.push(`<rect class="bar strict" x="${x}" y="${cy - BAR / 2}" width="${(s * track).toFixed(1)}" height="${BAR}" fill="${PALETTE.strict}" rx="2"/>`);
      const shown = s === null ? '–' : s === l ? s.toFixed(2) : `${s.toFixed(2)}/${l!.toFixed(2)}`;
      out.push(`<text x="${x + track + 4}" y="${cy}" font-size="11" dominant-baseline="central" fill="#2b3140">${esc(shown)}</text></g>`);
    });
    if (r.note) out.push(`<text x="${WIDTH - noteWidth + 4}" y="${cy}" font-size="11" dominant-baseline="central" fill="#5d6575">${esc(r.note)}</text>`);
    out.push('</g>');
  });
  out.push('</svg>');
  return out.join('');
}
