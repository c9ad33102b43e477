/**
 * Reviewer licensure and specialties: from the `State(s) of Licensure:` and
 * `Certification(s)/Specialty:` lines, or from prose (`Board Certified in X and is licensed
 * to practice in Y`, `Board Certified in X with a subspecialty in Y`, `Medical Qualifications of the
 * Expert Reviewer: ...`).
 */
import { specialties as specialtiesVocab, states as statesVocab } from '../../vocab/index.js';
import { foldWhitespace } from '../../text/spans.js';
import type { LetterDoc } from '../../document/index.js';
import { found, type Found } from '../found.js';
import { patternSource } from '../../text/patterns.js';

export interface ReviewerFields {
  licensure: Found<string>[];
  specialties: Found<string>[];
}

const ABBREVIATIONS = statesVocab.states as Record<string, string>;
const FULL_NAMES = new Map(Object.values(ABBREVIATIONS).map((n) => [n.toLowerCase(), n]));
const STATE_NAMES = [...FULL_NAMES.values()].sort((a, b) => b.length - a.length);
const STATE_RE = new RegExp(`\\b(${STATE_NAMES.map(patternSource).join('|')}|${Object.keys(ABBREVIATIONS).join('|')})\\b`, 'g');
const SPECIALTIES = new Set(specialtiesVocab.specialties.map((s) => s.toLowerCase()));

const LICENSURE_LINE = /^State\(s\)\s+of\s+Licensure\s*:[ ]*(.*)$/im;
const SPECIALTY_LINE = /^Certification\(s\)\s*\/\s*Specialty\s*:[ ]*(.*)$/im;
const PROSE_SPECIALTY = /\bBoard[- ]Certified\s+(?:in|by\s+the\s+American\s+Board\s+of)\s+([\s\S]{1,500}?)(?=,?\s+and\s+(?:is\s+)?(?:licensed|holds|has)\b|[.;]|,\s*(?:is\s+)?licensed|\s+with\s|\s+who\s)/i;
const PROSE_LICENSURE = /\blicensed\s+(?:to\s+practice\s+)?(?:medicine\s+)?in\s+(?:the\s+states?\s+of\s+)?([\s\S]{1,1000}?)(?=[.;]|\s+(?:He|She|The|and\s+(?:is|has))\b)/i;
/** Right after the board certification: `with a subspecialty in Y` names a second specialty (RECORD.md, older layouts). */
const PROSE_SUBSPECIALTY = /,?\s+with\s+(?:a\s+)?sub-?specialt(?:y|ies)\s+(?:certification\s+)?in\s+([\s\S]{1,200}?)(?=,?\s+and\s+(?:is\s+)?(?:licensed|holds|has)\b|[.;]|,\s*(?:is\s+)?licensed|\s+who\s)/iy;
const QUALIFICATIONS_SPECIALTY = /(?:specialt(?:y|ies)\s*:|certified\s+in)\s*([^.\n]+)/i;

export function extractReviewer(doc: LetterDoc): ReviewerFields {
  const { text } = doc;
  const licensure: Found<string>[] = [];
  const specialties: Found<string>[] = [];

  const lic = LICENSURE_LINE.exec(text);
  if (lic) pushStates(text, lic.index + lic[0].length - lic[1]!.length, lic.index + lic[0].length, licensure);
  else {
    const prose = PROSE_LICENSURE.exec(text);
    if (prose) {
      const start = prose.index + prose[0].lastIndexOf(prose[1]!);
      pushStates(text, start, start + prose[1]!.length, licensure);
    }
  }

  const spec = SPECIALTY_LINE.exec(text);
  if (spec) {
    const start = spec.index + spec[0].length - spec[1]!.length;
    let end = spec.index + spec[0].length;
    // A list that wraps continues on the next line when this one ends mid-name (`&`, `,`, `and`).
    // A list that wraps continues on the next line: a short line that is neither a
    // heading (all capitals) nor a `Label:` line (`Occupational\nMedicine`).
    for (;;) {
      const nextEnd = text.indexOf('\n', end + 1);
      const next = text.slice(end + 1, nextEnd === -1 ? text.length : nextEnd).trim();
      const endsMidName = /(?:&|,|\band|\bof)\s*$/i.test(text.slice(Math.max(start, end - 40), end));
      const looksLikeContinuation = next.length > 0 && next.length <= 60 && !next.includes(':') && next !== next.toUpperCase() && /^[A-Z&]/.test(next);
      if (end >= text.length || !(endsMidName || looksLikeContinuation)) break;
      end = nextEnd === -1 ? text.length : nextEnd;
    }
    splitSpecialties(text, start, end, specialties, false);
  } else {
    const board = PROSE_SPECIALTY.exec(text);
    const prose = board ?? QUALIFICATIONS_SPECIALTY.exec(text);
    if (prose) {
      const start = prose.index + prose[0].lastIndexOf(prose[1]!);
      splitSpecialties(text, start, start + prose[1]!.length, specialties, true);
    }
    if (board) {
      PROSE_SUBSPECIALTY.lastIndex = board.index + board[0].length;
      const sub = PROSE_SUBSPECIALTY.exec(text);
      if (sub) {
        const start = sub.index + sub[0].lastIndexOf(sub[1]!);
        splitSpecialties(text, start, start + sub[1]!.length, specialties, true);
      }
    }
  }
  return { licensure, specialties };
}

function pushStates(text: string, start: number, end: number, out: Found<string>[]): void {
  const region = text.slice(start, end);
  for (const m of region.matchAll(STATE_RE)) {
    const printed = foldWhitespace(m[1]!);
    const name = FULL_NAMES.get(printed.toLowerCase()) ?? ABBREVIATIONS[printed];
    if (!name || out.some((f) => f.value === name)) continue;
    out.push(found(name, [start + m.index, start + m.index + m[0].length]));
  }
}

/** Split on commas; in prose also on `and` when both halves are known specialties. */
function splitSpecialties(text: string, start: number, end: number, out: Found<string>[], prose: boolean): void {
  const parts: { s: number; e: number }[] = [];
  let s = start;
  for (let i = start; i <= end; i++) {
    if (i === end || text[i] === ',' || text[i] === ';') {
      parts.push({ s, e: i });
      s = i + 1;
    }
  }
  for (const p of parts) {
    const pieces = prose ? splitOnAnd(text, p.s, p.e) : [p];
    for (const piece of pieces) {
      let a = piece.s;
      let b = piece.e;
      while (a < b && /[\s,.]/.test(text[a]!)) a++;
      while (b > a && /[\s,.]/.test(text[b - 1]!)) b--;
      // A leading `and` / `the` is left out of the value, and so out of its span too.
      const lead = /^(?:and|the)\s+/i.exec(text.slice(a, b));
      if (lead) a += lead[0].length;
      const and = /^and\s+/i.exec(text.slice(a, b));
      if (and) a += and[0].length;
      const value = foldWhitespace(text.slice(a, b));
      if (value) out.push(found(value, [a, b]));
    }
  }
}

function splitOnAnd(text: string, s: number, e: number): { s: number; e: number }[] {
  const whole = foldWhitespace(text.slice(s, e)).replace(/^and\s+/i, '');
  if (SPECIALTIES.has(whole.toLowerCase())) return [{ s, e }];
  const m = /\s+and\s+/i.exec(text.slice(s, e));
  if (!m) return [{ s, e }];
  const left = foldWhitespace(text.slice(s, s + m.index));
  const right = foldWhitespace(text.slice(s + m.index + m[0].length, e));
  if (SPECIALTIES.has(left.toLowerCase()) || SPECIALTIES.has(right.toLowerCase())) {
    return [{ s, e: s + m.index }, { s: s + m.index + m[0].length, e }];
  }
  return [{ s, e }];
}
