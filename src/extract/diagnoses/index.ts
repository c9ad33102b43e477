/**
 * Diagnoses: the conditions a diagnosis statement lists (`being treated for the diagnoses
 * of A, B and C`, `Diagnoses include A; B; C`, `diagnosed with A`). The list is split on
 * commas, semicolons and the final `and`, except inside one condition (ICD-style coded
 * descriptions, site lists sharing a head noun). Hedged, ruled-out and negated items, and
 * procedures (`status post ...`), are dropped (vocab/diagnosis-cues.json).
 */
import { diagnosisCues as cues } from '../../vocab/index.js';
import { dropLeading, spanned, type SpannedText } from '../../text/spans.js';
import type { LetterDoc } from '../../document/index.js';
import type { Diagnosis } from '../../record/schema.js';
import { codeDiagnosis } from './icd10.js';
import { alternation } from '../../text/patterns.js';

const TRIGGER = new RegExp(`(?<![A-Za-z])(?:${cues.triggerPatterns.join('|')}|${alternation(cues.triggers)})(?:\\s+(?:documented|noted|listed|reported|given|recorded)\\s+as)?(?:\\s+(?:the\\s+)?(?:following|diagnoses\\s+of))?\\s*:?`, 'gi');
const EXCLUDED = new RegExp(`^(?:${alternation(cues.excludedPrefixes)})(?![A-Za-z])`, 'i');
const CODED_TAIL = new RegExp(`^(?:${alternation(cues.codedTails)})$`, 'i');
const SITE_WORD = new Set(cues.siteWords);
const DEPENDENT = new Set(cues.dependentWords);
const PAIRED = new Set(cues.pairedConditionWords);
const CONDITION = new RegExp(`(?:${cues.conditionWords})`, 'i');
const STOP = new RegExp(`\\s(?:${alternation(cues.stopPhrases)})(?![A-Za-z])`, 'i');
const ARTICLE = /^(?:a|an|the|his|her|their)\s+/i;
/** Things a "treated for" clause names that are not conditions. */
const NOT_A_CONDITION = /^(?:(?:his|her|the)\s+)?(?:complaints?|symptoms?|pain management|injur(?:y|ies) (?:to|of) (?:his|her)|industrial injur|work(?:-| )related injur|this|an? (?:industrial|work)|follow[- ]?up|evaluation|physical therapy|medications?)\b/i;

export function extractDiagnoses(doc: LetterDoc): Diagnosis[] {
  const { text } = doc;
  const narrative = doc.narrative;
  const out: Diagnosis[] = [];
  const seen = new Set<string>();
  for (const sentence of doc.sentences(narrative)) {
    const s = text.slice(sentence.start, sentence.end);
    TRIGGER.lastIndex = 0;
    const m = TRIGGER.exec(s);
    if (!m) continue;
    const listStart = sentence.start + m.index + m[0].length;
    // A trigger that is itself negated or hedged (`no diagnosis of`, `to rule out`) opens no list.
    if (doc.context(sentence, { start: sentence.start + m.index, end: listStart }).has('negated')) continue;
    let listEnd = sentence.end;
    const stop = STOP.exec(text.slice(listStart, listEnd));
    if (stop) listEnd = listStart + stop.index;
    for (const item of splitConditions(text, listStart, listEnd)) {
      const key = item.text.toLowerCase();
      if (seen.has(key) || !isCondition(item.text)) continue;
      seen.add(key);
      out.push({ text: item.text, icd10: codeDiagnosis(item.text), span: item.span });
    }
  }
  return out;
}

function isCondition(value: string): boolean {
  return value.length >= 3 && value.length <= 200 && !EXCLUDED.test(value) && !NOT_A_CONDITION.test(value) && /[a-z]/i.test(value);
}

/** Splits `[start, end)` into conditions, keeping coded descriptions and shared-head site lists whole. */
export function splitConditions(text: string, start: number, end: number): SpannedText[] {
  const pieces: { s: number; e: number; sep: string }[] = [];
  let s = start;
  let depth = 0;
  const region = text.slice(start, end);
  const sepRe = /(\()|(\))|;|,\s*and\s+|,|\s+and\s+/g;
  for (let m = sepRe.exec(region); m; m = sepRe.exec(region)) {
    if (m[1]) { depth++; continue; }
    if (m[2]) { depth = Math.max(0, depth - 1); continue; }
    if (depth > 0) continue;
    pieces.push({ s, e: start + m.index, sep: m[0].trim().toLowerCase() });
    s = start + m.index + m[0].length;
  }
  pieces.push({ s, e: end, sep: '' });

  // Merge pieces that are not conditions on their own: a bare site list attaches forward
  // (`left buttock and left thigh sciatic pain`); a piece with no condition word, or one
  // opening on a paired word (`strain and sprain`), attaches back (`muscle, fascia and tendon`).
  const merged: { s: number; e: number }[] = [];
  let carry: number | null = null;
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!;
    const piece = text.slice(p.s, p.e).trim();
    const words = piece.split(/\s+/).filter(Boolean).map((w) => w.toLowerCase().replace(/[^a-z-]/g, ''));
    if (words.length === 0) continue;
    const prev = merged[merged.length - 1];
    const prevSep = i > 0 ? pieces[i - 1]!.sep : '';
    const start: number = carry ?? p.s;
    const onlySites = words.every((w) => SITE_WORD.has(w) || DEPENDENT.has(w) || w === 'and' || w === 'or');
    const prevWords = prev ? text.slice(prev.s, prev.e).trim().toLowerCase().split(/\s+/) : [];
    const prevLast = prevWords[prevWords.length - 1]?.replace(/[^a-z-]/g, '') ?? '';
    // `contusion of face, scalp and neck`: sites continuing a site list attach back.
    if (onlySites && carry === null && prev && prevSep !== ';' && (SITE_WORD.has(prevLast) || DEPENDENT.has(prevLast))) {
      prev.e = p.e;
      continue;
    }
    if (onlySites && i + 1 < pieces.length) {
      carry = start;
      continue;
    }
    const carried = carry !== null;
    carry = null;
    const codedTail = prev && prevSep === ',' && CODED_TAIL.test(piece.replace(/[.]$/, ''));
    const noCondition = prev && prevSep !== ';' && !CONDITION.test(piece) && (DEPENDENT.has(words[0]!) || SITE_WORD.has(words[0]!));
    // `strain and sprain with impingement` pairs; `strain of knee` names its own site.
    const paired = prev && PAIRED.has(words[0]!) && !/^(?:of|to|at|in)$/.test(words[1] ?? '') && (PAIRED.has(prevLast) || words.length === 1) && prevSep !== ';';
    if (!carried && prev && (codedTail || noCondition || paired)) prev.e = p.e;
    else merged.push({ s: start, e: p.e });
  }
  return merged
    .map((p) => ({ s: p.s, e: p.s + trailingClauseAt(text.slice(p.s, p.e)) }))
    .map((p) => dropLeading(text, spanned(text, p.s, p.e, /[\s.,;:"'“”]/), ARTICLE))
    .filter((x) => x.text.length > 0);
}

/** Where a condition's own words end: before a procedure clause (`status post ...`) or a trailing date. */
function trailingClauseAt(piece: string): number {
  const m = /\s+(?:status[\s-]+post\b|s\/p\b|(?:in\s+|on\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4,5}\b)/i.exec(piece);
  return m ? m.index : piece.length;
}
