/**
 * Employer and mechanism of injury, as written, when the letter states them
 * (`while employed by Pacific Gas & Electric Company`; the mechanism: ./mechanism.ts).
 * Published letters usually redact the employer.
 */
import { spanned } from '../../text/spans.js';
import type { LetterDoc } from '../../document/index.js';
import { found, type Found } from '../found.js';
import { extractMechanism } from './mechanism.js';

export interface InjuryFields {
  employer: Found<string> | null;
  mechanism: Found<string> | null;
}

/** An employer's name: capitalised words (with `&`, `of`, `and`, `the`), and a company suffix. */
const WORD = String.raw`\p{Lu}[\p{L}\d&'-]*(?:\.(?=\p{L}))?`;
const GAP = String.raw`(?:[ \t]+|[ \t]*\n[ \t]*)`;
const NAME = String.raw`(${WORD}(?:${GAP}(?:${WORD}|&|of|and|the))*(?:,?${GAP}(?:Inc|LLC|L\.L\.C|Corp|Corporation|Co|Company|Ltd|LP|LLP)\b\.?)?)`;
const OCCUPATION = String.raw`(?:as\s+an?\s+[a-z][a-z -]{0,40}?\s+)?`;
const EMPLOYER_PATTERNS = [
  /\bEmployer\s*:[ ]*([^\n]+)/i,
  new RegExp(String.raw`\b(?:employed|works|worked|working|hired)\s+${OCCUPATION}(?:by|for|at|with)\s+${NAME}`, 'u'),
  new RegExp(String.raw`\b(?:operator|driver|worker|employee|clerk|technician|nurse|assistant|laborer|mechanic|officer|teacher|cashier|carpenter|electrician|manager|aide|cook|custodian|janitor|housekeeper|attendant|agent|representative|supervisor|landscaper|painter|plumber|welder|machinist|installer|loader|packer|stocker|cutter|guard|server|dishwasher|firefighter|deputy|caregiver)\s+(?:for|at|with)\s+${NAME}`, 'u'),
];
const REDACTED = /redact|withheld|\[.*\]|^\(.*\)$|^x{3,}$|^\*+$|^employer$|^(?:his|her|their|the|a|an)\b|^(?:He|She|The|This|On|In)$/i;

/** `injuryDate` (ISO), when known, lets the mechanism be read from an event told on that date. */
export function extractInjury(doc: LetterDoc, injuryDate: string | null): InjuryFields {
  const { text } = doc;
  let employer: Found<string> | null = null;
  for (const re of EMPLOYER_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const start = m.index + m[0].lastIndexOf(m[1]!);
    const v = spanned(text, start, start + m[1]!.length);
    if (v.text && !REDACTED.test(v.text)) employer = found(v.text, v.span);
    break;
  }
  return { employer, mechanism: extractMechanism(doc, injuryDate) };
}
