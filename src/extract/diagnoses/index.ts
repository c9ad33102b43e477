/**
 * Diagnoses: the conditions a diagnosis statement lists (`being treated for the diagnoses
 * of A, B and C`, `Diagnoses include A; B; C`, `diagnosed with A`). The list is split on
 * commas, semicolons and the final `and`, except inside one condition (ICD-style coded
 * descriptions, site lists sharing a head noun). Hedged, ruled-out and negated items, and
 * procedures (`status post ...`), are dropped (vocab/diagnosis-cues.json).
 */
import cues from '../../vocab/diagnosis-cues.json' with { type: 'json' };
import { contextOf } from '../../context/index.js';
import { dropLeading, spanned, type SpannedText } from '../../text/spans.js';
import { splitSentences } from '../../text/sentences.js';
import type { Found, LetterDoc } from '../doc.js';
import { narrativeRange } from '../doc.js';

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/ /g, '\\s+');
const TRIGGER = new RegExp(`(?<![A-Za-z])(?:${[...cues.triggers].sort((a, b) => b.length - a.length).map(esc).join('|')})(?:\\s+(?:documented|noted|listed|reported|given|recorded)\\s+as)?(?:\\s+(?:the\\s+)?(?:following|diagnoses\\s+of))?\\s*:?`, 'gi');
const EXCLUDED = new RegExp(`^(?:${cues.excludedPrefixes.map(esc).join('|')})(?![A-Za-z])`, 'i');
const CODED_TAIL = new RegExp(`^(?:${cues.codedTails.map(esc).join('|')})$`, 'i');
const SITE_WORD = new Set(cues.siteWords);
const STOP = new RegExp(`\\s(?:${cues.stopPhrases.map(esc).join('|')})(?![A-Za-z])`, 'i');
const ARTICLE = /^(?:a|an|the|his|her|their|other)\s+/i;
/** Things a "treated for" clause names that are not conditions. */
const NOT_A_CONDITION = /^(?:(?:his|her|the)\s+)?(?:complaints?|symptoms?|pain management|injur(?:y|ies) (?:to|of) (?:his|her)|industrial injur|work(?:-| )related injur|this|an? (?:industrial|work)|follow[- ]?up|evaluation|physical therapy|medications?)\b/i;

export function extractDiagnoses(doc: LetterDoc): Found<string>[] {
  const { text } = doc;
  const narrative = narrativeRange(doc);
  const out: Found<string>[] = [];
  const seen = new Set<string>();
  for (const sentence of splitSentences(text, narrative.start, narrative.end)) {
    const s = text.slice(sentence.start, sentence.end);
    TRIGGER.lastIndex = 0;
    const m = TRIGGER.exec(s);
    if (!m) continue;
    const listStart = sentence.start + m.index + m[0].length;
    // A trigger that is itself negated or hedged (`no diagnosis of`, `to rule out`) opens no list.
    if (contextOf(text, sentence.start, sentence.end, sentence.start + m.index, listStart).has('negated')) continue;
    let listEnd = sentence.end;
    const stop = STOP.exec(text.slice(listStart, listEnd));
    if (stop) listEnd = listStart + stop.index;
    for (const item of splitConditions(text, listStart, listEnd)) {
      const key = item.text.toLowerCase();
      if (seen.has(key) || !isCondition(item.text)) continue;
      seen.add(key);
      out.push({ value: item.text, span: item.span });
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
  const sepRe = /(\()|(\))|;|,\s*(?:and|or)\s+|,|\s+and\s+|\s+or\s+/g;
  for (let m = sepRe.exec(region); m; m = sepRe.exec(region)) {
    if (m[1]) { depth++; continue; }
    if (m[2]) { depth = Math.max(0, depth - 1); continue; }
    if (depth > 0) continue;
    pieces.push({ s, e: start + m.index, sep: m[0].trim().toLowerCase() });
    s = start + m.index + m[0].length;
  }
  pieces.push({ s, e: end, sep: '' });

  // Merge pieces that are not conditions on their own.
  const merged: { s: number; e: number }[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!;
    const words = text.slice(p.s, p.e).trim().split(/\s+/).filter(Boolean);
    const prev = merged[merged.length - 1];
    const prevSep = i > 0 ? pieces[i - 1]!.sep : '';
    const wordsText = words.join(' ');
    const codedTail = prev && prevSep === ',' && CODED_TAIL.test(wordsText.replace(/[.]$/, ''));
    // `muscle, fascia and tendon of ...`, `sprain and strain`: a one-word piece joins its neighbour.
    const loneWord = prev && words.length === 1 && !/^(?:pain|anxiety|depression|insomnia|obesity|hypertension|diabetes|headaches?|vertigo|gastritis|fibromyalgia|radiculopathy|sciatica|tinnitus|stress|gerd)$/i.test(wordsText);
    const prevIsSites = prev && text.slice(prev.s, prev.e).trim().split(/[\s,]+/).every((w) => SITE_WORD.has(w.toLowerCase()) || /^(?:and|or)$/i.test(w));
    if (prev && (codedTail || loneWord || prevIsSites)) prev.e = p.e;
    else if (words.length > 0) merged.push({ s: p.s, e: p.e });
  }
  return merged
    .map((p) => dropLeading(text, spanned(text, p.s, p.e, /[\s.,;:]/), ARTICLE))
    .filter((x) => x.text.length > 0);
}
