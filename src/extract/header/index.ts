/**
 * Case number, the four dates, priority and the header's injury date. The dwc-header table
 * is read label by label (vocab/header-labels.json); other formats state dates in prose
 * (vocab/date-phrases.json).
 */
import type { Dates, Span } from '../../record/schema.js';
import { datePhrases as phrases, headerLabels as header } from '../../vocab/index.js';
import { CASE_NUMBER } from '../../text/case-number.js';
import { DATE_PATTERN_SOURCE, parseDate } from '../../text/dates.js';
import type { LetterDoc } from '../../document/index.js';
import { found, type Found } from '../found.js';
import { patternSource } from '../../text/patterns.js';

export interface HeaderFields {
  caseNumber: Found<string> | null;
  dates: { [K in keyof Dates]: Found<string> | null };
  priority: Found<'standard' | 'expedited'> | null;
  /** Date of injury from the header table or a stated phrase. */
  injuryDate: Found<string> | null;
  /** Every other injury date stated in the text, to flag conflicts. */
  injuryDatesInText: Found<string>[];
}

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

/** One date anywhere in a header value (not global: exec keeps no state between calls). */
const ONE_DATE = new RegExp(DATE_PATTERN_SOURCE, 'i');

function dateAt(text: string, at: { value: string; span: Span } | null): Found<string> | null {
  if (!at) return null;
  const m = ONE_DATE.exec(at.value);
  if (!m) return null;
  const iso = parseDate(m[0]);
  if (!iso) return null;
  const start = at.span[0] + m.index;
  return found(iso, [start, start + m[0].length]);
}

/**
 * Every phrase names a date (`... on {date}`), so a phrase is tried only where a date starts:
 * its words before the date become a lookbehind and its words after a lookahead, run sticky at
 * each date of the letter (a few tests per date instead of a dozen scans of the whole letter).
 * A hit is then confirmed by the phrase's whole pattern, scanning on from where that phrase's
 * last match ended: so, as in a plain left-to-right scan, a date inside text the phrase already
 * matched (`injured her back on 1/2/2015 and was seen on 3/4/2016`) is not a second hit.
 */
interface CompiledPhrase {
  at: RegExp;
  whole: RegExp;
}
const compiledPhrases = (key: keyof typeof phrases): CompiledPhrase[] =>
  (phrases[key] as string[]).map((p) => {
    const source = patternSource(p);
    const [before, after = ''] = source.split('{date}');
    return {
      at: new RegExp(`(?<=${before})(?:${DATE_PATTERN_SOURCE})(?=${after})`, 'imy'),
      whole: new RegExp(source.replace('{date}', `(${DATE_PATTERN_SOURCE})`), 'dgim'),
    };
  });
const PHRASES = {
  'dates.urDenial': compiledPhrases('dates.urDenial'),
  'dates.applicationReceived': compiledPhrases('dates.applicationReceived'),
  'dates.assigned': compiledPhrases('dates.assigned'),
  'dates.decision': compiledPhrases('dates.decision'),
  'injury.date': compiledPhrases('injury.date'),
};

/** Dates a field's phrases state, at the letter's dates (the document finds where dates start once). */
function phraseDates(doc: LetterDoc, key: keyof typeof PHRASES): Found<string>[] {
  const { text } = doc;
  const out: Found<string>[] = [];
  const scannedTo = PHRASES[key].map(() => 0);
  for (const at of doc.dateStarts) {
    PHRASES[key].forEach((phrase, i) => {
      if (at < scannedTo[i]!) return;
      phrase.at.lastIndex = at;
      if (!phrase.at.test(text)) return;
      phrase.whole.lastIndex = scannedTo[i]!;
      const m = phrase.whole.exec(text);
      if (!m) {
        scannedTo[i] = text.length;
        return;
      }
      const printed = m[1]!;
      const start = m.indices![1]![0];
      if (start !== at) return; // the scan lines up elsewhere; it is met again at its own date
      scannedTo[i] = m.index + m[0].length;
      const iso = parseDate(printed);
      if (iso) out.push(found(iso, [start, start + printed.length]));
    });
  }
  return out;
}

export function extractHeader(doc: LetterDoc): HeaderFields {
  const { text } = doc;
  const headerSection = doc.section('header');
  const table = doc.format === 'dwc-header' && headerSection ? text.slice(0, headerSection.end) : '';
  const fromTable = (field: string) => {
    const label = header.labels.find((l) => l.field === field)!.label;
    return table ? labelValue(table, label) : null;
  };

  let caseNumber: Found<string> | null = null;
  const caseAt = fromTable('caseNumber');
  if (caseAt) caseNumber = found(caseAt.value.split(/\s+/)[0]!, [caseAt.span[0], caseAt.span[0] + caseAt.value.split(/\s+/)[0]!.length]);
  else {
    const m = CASE_LABEL.exec(text) ?? CASE_NUMBER.exec(text);
    if (m) {
      const start = m.index + m[0].lastIndexOf(m[1]!);
      caseNumber = found(m[1]!, [start, start + m[1]!.length]);
    }
  }

  const firstPhrase = (key: keyof typeof PHRASES) => phraseDates(doc, key)[0] ?? null;
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
    priority = found(pm[1]!.toLowerCase() as 'standard' | 'expedited', [start, start + pm[1]!.length]);
  }

  const injuryDatesInText = phraseDates(doc, 'injury.date').filter((d) => !headerSection || table === '' || d.span[0] >= headerSection.end);
  const injuryDate = dateAt(text, fromTable('injury.date')) ?? injuryDatesInText[0] ?? null;
  return { caseNumber, dates, priority, injuryDate, injuryDatesInText };
}
