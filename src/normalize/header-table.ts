/**
 * The dwc-header field table is printed in two columns, so text extraction interleaves
 * labels and values (`Priority: Standard Application\nReceived:\n11/03/2016`). Rebuild it as
 * one `Label: value` line per known label, in print order.
 */
import { headerLabels as header } from '../vocab/index.js';

const LABEL_PATTERN = new RegExp(
  `(${header.labels.map((l) => l.label.split(' ').join('\\s+')).join('|')})\\s*:`,
  'gi',
);
const END_OF_TABLE = new RegExp(header.endOfTable, 'm');
const CANONICAL = new Map(header.labels.map((l) => [l.label.toLowerCase(), l.label]));

export function rebuildHeaderTable(text: string): string {
  const end = text.search(END_OF_TABLE);
  if (end <= 0) return text;
  const region = text.slice(0, end);
  const matches = [...region.matchAll(LABEL_PATTERN)];
  if (matches.length < 3) return text; // not a field table
  const lines: string[] = [];
  const lead = region.slice(0, matches[0]!.index).replace(/\s+/g, ' ').trim();
  if (lead) lines.push(lead);
  matches.forEach((m, i) => {
    const valueEnd = i + 1 < matches.length ? matches[i + 1]!.index : region.length;
    const value = region.slice(m.index + m[0].length, valueEnd).replace(/\s+/g, ' ').trim();
    const label = CANONICAL.get(m[1]!.replace(/\s+/g, ' ').toLowerCase()) ?? m[1]!;
    lines.push(value ? `${label}: ${value}` : `${label}:`);
  });
  return `${lines.join('\n')}\n${text.slice(end)}`;
}
