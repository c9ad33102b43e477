/**
 * Case number, the four dates, priority and the header's injury date. The dwc-header table
 * is read label by label (vocab/header-labels.json); other formats state dates in prose
 * (vocab/date-phrases.json).
 */
import type { Dates, Span } from '../../record/schema.js';
import header from '../../vocab/header-labels.json' with { type: 'json' };
import phrases from '../../vocab/date-phrases.json' with { type: 'json' };
import { DATE_PATTERN_SOURCE, parseDate } from '../../text/dates.js';
import type { Found, LetterDoc } from '../doc.js';

export interface HeaderFields {
  caseNumber: Found<string> | null;
  dates: { [K in keyof Dates]: Found<string> | null };
  priority: Found<'standard' | 'expedited'> | null;
  /** Date of injury from the header table or a stated phrase. */
  injuryDate: Found<string> | null;
  /** Every other injury date stated in the text, to flag conflicts. */
  injuryDatesInText: Found<string>[];
}

const CASE_NUMBER = /\b(CM\d{2}-\d{5,8}|[A-Z]{2}\d{2}-\d{5,8})\b/;
const CASE_LABEL = /(?:IMR\s+)?Case\s+(?:Number|No\.?|#)\s*:?\s*([A-Z]{1,3}\d{2}-?\d{4,8})/i;

/** One `Label: value` line pattern per header label, compiled once. */
const LABEL_LINE = new Map(header.labels.map((l) => [l.label, new RegExp(`^${l.label.split(' ').join('\\s+')}\\s*:[ ]*(.*)$`, 'im')]));

function labelValue(text: string, label: string): { value: string; span: Span } | null {
  const re = LABEL_LINE.get(label)!;
  const m = re.exec(text);
  if (!m || !m[1]) return null;
  const start = m.index + m[0].length - m[1].length;
  const value = m[1].trim();
  return value ? { value, span: [start, start + value.length] } : null;
}

function dateAt(text: string, at: { value: string; span: Span } | null): Found<string> | null {
  if (!at) return null;
  const m = new RegExp(DATE_PATTERN_SOURCE, 'i').exec(at.value);
  if (!m) return null;
  const iso = parseDate(m[0]);
  if (!iso) return null;
  const start = at.span[0] + m.index;
  return { value: iso, span: [start, start + m[0].length] };
}

const compiledPhrases = (key: keyof typeof phrases) =>
  (phrases[key] as string[]).map((p) => new RegExp(p.replace(/ /g, '\\s+').replace('{date}', `(${DATE_PATTERN_SOURCE})`), 'gim'));
const PHRASES = {
  'dates.urDenial': compiledPhrases('dates.urDenial'),
  'dates.applicationReceived': compiledPhrases('dates.applicationReceived'),
  'dates.assigned': compiledPhrases('dates.assigned'),
  'dates.decision': compiledPhrases('dates.decision'),
  'injury.date': compiledPhrases('injury.date'),
};

function phraseDates(text: string, key: keyof typeof PHRASES): Found<string>[] {
  const out: Found<string>[] = [];
  for (const re of PHRASES[key]) {
    for (const m of text.matchAll(re)) {
      const printed = m[1]!;
      const iso = parseDate(printed);
      if (!iso) continue;
      const start = m.index + m[0].lastIndexOf(printed);
      out.push({ value: iso, span: [start, start + printed.length] });
    }
  }
  return out.sort((a, b) => a.span[0] - b.span[0]);
}

export function extractHeader(doc: LetterDoc): HeaderFields {
  const { text } = doc;
  const headerSection = doc.sections.find((s) => s.name === 'header');
  const table = doc.format === 'dwc-header' && headerSection ? text.slice(0, headerSection.end) : '';
  const fromTable = (field: string) => {
    const label = header.labels.find((l) => l.field === field)!.label;
    return table ? labelValue(table, label) : null;
  };

  let caseNumber: Found<string> | null = null;
  const caseAt = fromTable('caseNumber');
  if (caseAt) caseNumber = { value: caseAt.value.split(/\s+/)[0]!, span: [caseAt.span[0], caseAt.span[0] + caseAt.value.split(/\s+/)[0]!.length] };
  else {
    const m = CASE_LABEL.exec(text) ?? CASE_NUMBER.exec(text);
    if (m) {
      const start = m.index + m[0].lastIndexOf(m[1]!);
      caseNumber = { value: m[1]!, span: [start, start + m[1]!.length] };
    }
  }

  const firstPhrase = (key: keyof typeof PHRASES) => phraseDates(text, key)[0] ?? null;
  const dates = {
    assigned: dateAt(text, fromTable('dates.assigned')) ?? (table ? null : firstPhrase('dates.assigned')),
    decision: dateAt(text, fromTable('dates.decision')) ?? (table ? null : firstPhrase('dates.decision')),
    urDenial: dateAt(text, fromTable('dates.urDenial')) ?? (table ? null : firstPhrase('dates.urDenial')),
    applicationReceived: dateAt(text, fromTable('dates.applicationReceived')) ?? (table ? null : firstPhrase('dates.applicationReceived')),
  };

  let priority: HeaderFields['priority'] = null;
  const priorityAt = fromTable('priority');
  const pm = priorityAt ? /\b(standard|expedited)\b/i.exec(priorityAt.value) : /\b(?:Priority\s*:\s*|an?\s+)(standard|expedited)\b(?:\s+(?:review|IMR))?/i.exec(table ? '' : text);
  if (pm) {
    const start = priorityAt ? priorityAt.span[0] + pm.index : pm.index + pm[0].indexOf(pm[1]!);
    priority = { value: pm[1]!.toLowerCase() as 'standard' | 'expedited', span: [start, start + pm[1]!.length] };
  }

  const injuryDatesInText = phraseDates(text, 'injury.date').filter((d) => !headerSection || table === '' || d.span[0] >= headerSection.end);
  const injuryDate = dateAt(text, fromTable('injury.date')) ?? injuryDatesInText[0] ?? null;
  return { caseNumber, dates, priority, injuryDate, injuryDatesInText };
}
