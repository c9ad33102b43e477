/**
 * Sectioniser (after medspaCy's): headings of the letter's format, matched at line starts,
 * cut the normalised text into named sections. Text before the first heading is `header`.
 * A heading that recurs (a page break repeating it) does not open a second section.
 */
import type { Format, Section } from '../record/schema.js';
import { headingsFor } from './layouts.js';

export function sectionize(text: string, format: Format): Section[] {
  const rules = headingsFor(format);
  const starts: { name: string; start: number }[] = [];
  const seen = new Set<string>();
  let lineStart = 0;
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? text.length : nl;
    const line = text.slice(lineStart, lineEnd);
    // A long heading may wrap onto a second line in a PDF: try the two lines joined.
    const nextEnd = nl === -1 ? -1 : text.indexOf('\n', nl + 1);
    const twoLines = nl === -1 ? line : `${line} ${text.slice(nl + 1, nextEnd === -1 ? text.length : nextEnd)}`;
    const rule =
      line.length < 200
        ? rules.find((r) => r.re.test(line)) ?? (isCapitals(line) ? rules.find((r) => r.re.test(twoLines)) : undefined)
        : undefined;
    if (rule && !seen.has(rule.name)) {
      seen.add(rule.name);
      starts.push({ name: rule.name, start: lineStart });
    }
    if (nl === -1) break;
    lineStart = nl + 1;
  }
  const sections: Section[] = [];
  const first = starts[0]?.start ?? text.length;
  if (first > 0) sections.push({ name: 'header', start: 0, end: first });
  starts.forEach((s, i) => sections.push({ name: s.name, start: s.start, end: starts[i + 1]?.start ?? text.length }));
  return sections;
}

/** A heading-like line: letters in capitals only. */
function isCapitals(line: string): boolean {
  return /[A-Z]{3}/.test(line) && line === line.toUpperCase();
}


export { detectFormat, imrSignalCount } from './layouts.js';
