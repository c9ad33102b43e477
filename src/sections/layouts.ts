/** Which of the known letter layouts a normalised text is (vocab/formats.json). */
import type { Format } from '../record/schema.js';
import { formats } from '../vocab/index.js';

export interface HeadingRule {
  name: string;
  re: RegExp;
}

export interface FormatRule {
  id: Format;
  requires: string[];
  headings: HeadingRule[];
}

const compileHeadings = (hs: { name: string; pattern: string }[]): HeadingRule[] =>
  hs.map((h) => ({ name: h.name, re: new RegExp(`^(?:${h.pattern})`, 'i') }));

export const FORMAT_RULES: FormatRule[] = formats.formats.map((f) => ({
  id: f.id as Format,
  requires: f.requires.map((r) => r.toLowerCase()),
  headings: compileHeadings(f.headings),
}));

export const UNKNOWN_HEADINGS = compileHeadings(formats.unknownHeadings);
const IMR_SIGNALS = formats.imrSignals.map((s) => new RegExp(`\\b${s.replace(/[()]/g, '\\$&')}\\b`, 'i'));

export function detectFormat(text: string): Format {
  const lower = text.toLowerCase();
  for (const rule of FORMAT_RULES) {
    if (rule.requires.every((r) => lower.includes(r))) return rule.id;
  }
  return 'unknown';
}

export function headingsFor(format: Format): HeadingRule[] {
  return FORMAT_RULES.find((f) => f.id === format)?.headings ?? UNKNOWN_HEADINGS;
}

/** Any heading of a format, as one pattern: whether a line is a heading in one test, not one per heading. */
const ANY_HEADING = new Map<Format, RegExp>();
export function anyHeadingFor(format: Format): RegExp {
  let re = ANY_HEADING.get(format);
  if (!re) {
    re = new RegExp(headingsFor(format).map((h) => `(?:${h.re.source})`).join('|'), 'i');
    ANY_HEADING.set(format, re);
  }
  return re;
}

/** How many distinct IMR signal words the text carries (0 means it is some other document). */
export function imrSignalCount(text: string): number {
  return IMR_SIGNALS.filter((re) => re.test(text)).length;
}
