/**
 * The injured worker's age and sex, from the first statement about them
 * (`The injured worker is a 48 year old male`, `now 39-year-old`, `aged 52`,
 * `a fifty-two-year-old woman`), else from the pronouns used for the worker.
 */
import { createRequire } from 'node:module';
import type { LetterDoc } from '../../document/index.js';
import { found, type Found } from '../found.js';

export interface PatientFields {
  age: Found<number> | null;
  sex: Found<'male' | 'female'> | null;
}

const AGE_PATTERNS = [
  /\b(\d{1,3})[- ]?(?:years?|yrs?|y\/o)[- ]?(?:old|of\s+age)?\b/i,
  /\baged?\s*:?\s+(\d{1,3})\b/i,
];
const WORD_AGE = /\b((?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|eighteen|nineteen)[- ]years?[- ]old\b/i;
const SEX_AFTER_AGE = /^[\s,-]*(?:years?[- ]old\s+|year[- ]old\s+)?(?:(?:right|left)[- ]hand(?:ed)?\s+|[a-z]+\s+)?\b(male|female|man|woman|gentleman|lady|boy|girl)\b/i;
const SEX_WORD = /\b(?:is|was|a|an)\s+(?:\d{1,3}[- ]?(?:years?|yrs?)[- ]?old\s+)?(?:[a-z-]+\s+){0,2}?(male|female|man|woman|gentleman|lady)\b/i;
/**
 * compromise reads number words (`fifty-two` → 52). It is loaded on first use: few letters
 * spell the age out, and loading it costs a third of a second of every process's (and every
 * ingest worker's) start.
 */
type Nlp = typeof import('compromise').default;
let nlp: Nlp | null = null;
const numberNlp = (): Nlp => (nlp ??= createRequire(import.meta.url)('compromise') as Nlp);

const SEX_OF: Record<string, 'male' | 'female'> = { male: 'male', man: 'male', gentleman: 'male', boy: 'male', female: 'female', woman: 'female', lady: 'female', girl: 'female' };

export function extractPatient(doc: LetterDoc): PatientFields {
  const { text } = doc;
  const narrative = doc.narrative;
  // The worker is described first in the summary; fall back to the whole letter.
  const ranges = [narrative, { start: 0, end: text.length }];
  let age: Found<number> | null = null;
  let sexNear: Found<'male' | 'female'> | null = null;
  for (const r of ranges) {
    const region = text.slice(r.start, r.end);
    const hit = firstAge(region);
    if (hit) {
      age = found(hit.value, [r.start + hit.start, r.start + hit.end]);
      const after = SEX_AFTER_AGE.exec(region.slice(hit.end, hit.end + 60));
      if (after) {
        const s = r.start + hit.end + after.index + after[0].lastIndexOf(after[1]!);
        sexNear = found(SEX_OF[after[1]!.toLowerCase()]!, [s, s + after[1]!.length]);
      }
      break;
    }
  }
  const sex = sexNear ?? sexWord(text, narrative) ?? sexFromPronouns(text, narrative);
  return { age, sex };
}

function firstAge(region: string): { value: number; start: number; end: number } | null {
  let best: { value: number; start: number; end: number } | null = null;
  for (const re of AGE_PATTERNS) {
    const m = re.exec(region);
    if (m && (!best || m.index < best.start)) {
      const value = Number(m[1]);
      if (value >= 14 && value <= 100) best = { value, start: m.index + m[0].indexOf(m[1]!), end: m.index + m[0].length };
    }
  }
  const w = WORD_AGE.exec(region);
  if (w && (!best || w.index < best.start)) {
    const got: unknown = numberNlp()(w[1]!.replace(/-/g, ' ')).numbers().get();
    const value = Array.isArray(got) ? got[0] : got;
    if (typeof value === 'number' && value >= 14 && value <= 100) best = { value, start: w.index, end: w.index + w[0].length };
  }
  return best;
}

function sexWord(text: string, r: { start: number; end: number }): Found<'male' | 'female'> | null {
  const m = SEX_WORD.exec(text.slice(r.start, r.end));
  if (!m) return null;
  const s = r.start + m.index + m[0].lastIndexOf(m[1]!);
  return found(SEX_OF[m[1]!.toLowerCase()]!, [s, s + m[1]!.length]);
}

/** Pronouns for the worker, ignoring the boilerplate `he/she`, `his/her`. */
function sexFromPronouns(text: string, r: { start: number; end: number }): Found<'male' | 'female'> | null {
  const region = text.slice(r.start, r.end);
  const count = (re: RegExp) => [...region.matchAll(re)];
  const male = count(/(?<![/\w])(he|him|his)(?![/\w])/gi);
  const female = count(/(?<![/\w])(she|her|hers)(?![/\w])/gi);
  const winner = male.length >= 2 && male.length > female.length * 3 ? male : female.length >= 2 && female.length > male.length * 3 ? female : null;
  if (!winner) return null;
  const m = winner[0]!;
  return found(winner === male ? 'male' : 'female', [r.start + m.index, r.start + m.index + m[0].length]);
}
