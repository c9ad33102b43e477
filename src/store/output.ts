/** Query results as an aligned text table, CSV (RFC 4180) or JSON. */
import type { QueryResult } from './store.js';

export const OUTPUT_FORMATS = ['table', 'csv', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export interface TableOptions {
  /** Longer cells are cut to this many characters with an ellipsis (0: never). */
  maxWidth?: number;
}

export function formatTable(result: QueryResult, options: TableOptions = {}): string {
  const maxWidth = options.maxWidth ?? 60;
  const clip = (s: string) => {
    const flat = s.replace(/\s+/g, ' ');
    return maxWidth > 0 && flat.length > maxWidth ? `${flat.slice(0, maxWidth - 1)}…` : flat;
  };
  const header = result.columns.map(clip);
  const body = result.rows.map((row) => row.map((v) => (v === null ? 'NULL' : clip(cellText(v)))));
  const numeric = result.types.map((t) => /^(?:TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|U\w*INT|FLOAT|DOUBLE|DECIMAL)/.test(t));
  // A loop, not Math.max(...column): spreading hundreds of thousands of rows overflows the stack.
  const widths = header.map((h) => h.length);
  for (const row of body) row.forEach((cell, i) => (widths[i] = Math.max(widths[i]!, cell.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  out.push(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`);
  return `${out.join('\n')}\n`;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function formatCsv(result: QueryResult): string {
  const lines = [result.columns.map(csvField).join(',')];
  for (const row of result.rows) lines.push(row.map((v) => csvField(cellText(v))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** An array of row objects; JSON-typed columns are embedded as JSON, not as strings. */
export function formatJson(result: QueryResult): string {
  const objects = result.rows.map((row) =>
    Object.fromEntries(
      row.map((v, i) => {
        let value = v;
        if (result.types[i] === 'JSON' && typeof v === 'string') {
          try {
            value = JSON.parse(v);
          } catch {
            // leave as text
          }
        }
        return [result.columns[i], value];
      }),
    ),
  );
  return `${JSON.stringify(objects, null, 2)}\n`;
}

export function formatResult(result: QueryResult, format: OutputFormat, options: TableOptions = {}): string {
  switch (format) {
    case 'csv':
      return formatCsv(result);
    case 'json':
      return formatJson(result);
    default:
      return formatTable(result, options);
  }
}
