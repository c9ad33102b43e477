/**
 * HTML building blocks shared by the report pages: escaping, JSON embedding, and the page shell.
 * Every page is one self-contained file: inline CSS and JS, no external resource, and a
 * Content-Security-Policy that forbids any network access from the page.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or attribute value (quotes escaped too, so it is safe in both). */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * A value as JSON for a `<script type="application/json">` block: `<`, `>`, `&` and the two line
 * separators are written as \u escapes, so no string in the data can close the script element.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Cuts a one-line rendering of `s` to `max` characters with an ellipsis. */
export function clip(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, Math.max(0, max - 1))}…` : flat;
}

/** The page's Content-Security-Policy: inline style and script only, nothing fetched. */
export const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export interface PageParts {
  title: string;
  css: string;
  body: string;
  /** Inline script run at the end of the body. */
  script?: string;
}

/** Styles every page shares: type, colours, tables, the header bar. */
export const BASE_CSS = `
:root { color-scheme: light; --fg: #1d2330; --muted: #5d6575; --line: #d9dde5; --bg: #f6f7f9; --panel: #fff;
  --accent: #2457c5; --upheld: #b4462f; --overturned: #2f8a4c; --warn-bg: #fff4d6; --warn-line: #e0b84a; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
h1 { font-size: 18px; margin: 0; }
h2 { font-size: 16px; margin: 24px 0 8px; }
h3 { font-size: 14px; margin: 16px 0 6px; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
.muted { color: var(--muted); }
.topbar { background: var(--panel); border-bottom: 1px solid var(--line); padding: 10px 16px; }
.topbar .sub { color: var(--muted); font-size: 12.5px; margin-top: 2px; }
.wrap { max-width: 1180px; margin: 0 auto; padding: 8px 16px 40px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; margin: 10px 0; }
.card > h2:first-child { margin-top: 0; }
table.data { border-collapse: collapse; width: 100%; font-size: 13px; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
table.data th { background: #eef1f5; font-weight: 600; }
table.data td.num, table.data th.num { text-align: right; font-variant-numeric: tabular-nums; }
.warnings { background: var(--warn-bg); border: 1px solid var(--warn-line); border-radius: 6px; padding: 6px 12px; margin: 8px 0; }
.warnings ul { margin: 4px 0; padding-left: 20px; }
details > summary { cursor: pointer; color: var(--muted); font-size: 12.5px; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
`;

export function page(parts: PageParts): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(parts.title)}</title>
<style>${BASE_CSS}${parts.css}</style>
</head>
<body>
${parts.body}
${parts.script ? `<script>${parts.script.replace(/<\/script/gi, '<\\/script')}</script>` : ''}
</body>
</html>
`;
}
