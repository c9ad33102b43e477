/**
 * Employer and mechanism of injury, as written, when the letter states them
 * (`while employed by Pacific Gas & Electric Company`, `injured while lifting a box`,
 * `cumulative trauma`). Published letters usually redact the employer.
 */
import { dropLeading, spanned } from '../../text/spans.js';
import type { Found, LetterDoc } from '../doc.js';

export interface InjuryFields {
  employer: Found<string> | null;
  mechanism: Found<string> | null;
}

const EMPLOYER_PATTERNS = [
  /\bEmployer\s*:[ ]*([^\n]+)/i,
  /\bwhile\s+(?:employed|working)\s+(?:as\s+an?\s+[a-z][\w ,/-]{0,40}?\s+)?(?:by|for|at)\s+([A-Z][^.;\n]*?(?:\n[^.;\n]*?)?)(?=\s*(?:[.;]|,\s|\s+(?:as|when|on|in)\s))/,
  /\b(?:employed|works|worked)\s+(?:as\s+an?\s+[a-z][\w ,/-]{0,40}?\s+)?(?:by|for)\s+([A-Z][^.;\n]*?)(?=\s*(?:[.;]|,\s|\s+(?:as|when|on|in)\s))/,
];
const REDACTED = /redact|\[.*\]|^x{3,}$|^\*+$|^employer$|^(?:his|her|their|the)\b/i;

const MECHANISM_PATTERNS = [
  /\bmechanism\s+of\s+(?:the\s+)?injury\s+(?:was|is|:)\s+(?:(?:detailed|described|reported|documented|noted|listed)\s+as\s+)?([^.;\n]+(?:\n[^.;\n]+)?)/i,
  /\b(?:sustained|suffered|incurred)\s+an?\s+(?:[\w-]+\s+){0,3}?injur(?:y|ies)\b[^.]{0,80}?\b(?:while|when|after|as\s+a\s+result\s+of|due\s+to)\s+(?!(?:employed|working)\s+(?:by|for)\b)([^.;]+)/i,
  /\b(cumulative\s+trauma|continuous\s+trauma|repetitive\s+(?:motion|strain|trauma))\b/i,
];

export function extractInjury(doc: LetterDoc): InjuryFields {
  const { text } = doc;
  let employer: Found<string> | null = null;
  for (const re of EMPLOYER_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const start = m.index + m[0].lastIndexOf(m[1]!);
    const v = spanned(text, start, start + m[1]!.length);
    if (v.text && !REDACTED.test(v.text)) employer = { value: v.text, span: v.span };
    break;
  }
  let mechanism: Found<string> | null = null;
  for (const re of MECHANISM_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const start = m.index + m[0].lastIndexOf(m[1]!);
    const v = dropLeading(text, spanned(text, start, start + m[1]!.length), /^(?:a|an|the)\s+/i);
    if (v.text && v.text.length <= 160) {
      mechanism = { value: v.text, span: v.span };
      break;
    }
  }
  return { employer, mechanism };
}
