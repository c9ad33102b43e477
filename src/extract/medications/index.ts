/**
 * Medications the worker takes or is prescribed, names as written, no dose. Names come
 * from a lexicon (vocab/medications.json, brand and generic); a misspelt name that is
 * close to a lexicon entry (`Ketaprofen`) is caught with Jaro-Winkler distance (natural).
 * A drug mentioned only as the disputed request, or negated, is not a medication.
 */
import distance from 'natural/lib/natural/distance/index.js';
import { medications as vocab } from '../../vocab/index.js';
import { REQUEST_SENTENCE } from '../../context/index.js';
import type { LetterDoc } from '../../document/index.js';
import { found, type Found } from '../found.js';
import { alternation } from '../../text/patterns.js';

const GENERIC_OF = new Map<string, string>();
for (const [generic, names] of Object.entries(vocab.drugs as Record<string, string[]>)) {
  for (const n of names) GENERIC_OF.set(n.toLowerCase(), generic);
}
/** A name as its lowercase word tokens (`Hydrocodone/APAP` → hydrocodone apap, `Tylenol #3` → tylenol 3). */
const tokensOf = (s: string) => s.toLowerCase().match(/[a-z0-9]+/g) ?? [];
/** Lexicon names by their first token, longest first: a word lookup instead of one huge alternation. */
const BY_FIRST_TOKEN = new Map<string, { tokens: string[]; generic: string }[]>();
for (const [name, generic] of GENERIC_OF) {
  const tokens = tokensOf(name);
  const list = BY_FIRST_TOKEN.get(tokens[0]!) ?? [];
  list.push({ tokens, generic });
  BY_FIRST_TOKEN.set(tokens[0]!, list.sort((x, y) => y.tokens.length - x.tokens.length));
}
const SUFFIX = new RegExp(`(?:\\s+(?:${alternation(vocab.formulationSuffixes)}))*(?![A-Za-z])`, 'iy');
const WORD_RE = /[A-Za-z0-9]+/g;
const DRUG_SUFFIX = /(?:profen|prophen|azepam|codone|morphone|prazole|apine|oxetine|triptan|pril|sartan|statin|olol|idine|amine|adol|aprine|enac|oxib|lac|done|pam|zole)$/i;
/** Single-word lexicon names for misspelling checks, by their first three letters. */
const FUZZY_BY_PREFIX = new Map<string, string[]>();
for (const name of GENERIC_OF.keys()) {
  if (!/^[a-z]+$/.test(name) || name.length < 7) continue;
  FUZZY_BY_PREFIX.set(name.slice(0, 3), [...(FUZZY_BY_PREFIX.get(name.slice(0, 3)) ?? []), name]);
}
const CURRENT = new RegExp(vocab.currentCues, 'i');
const NOT_PROVIDED = /\bmedications?\b[^.]{0,40}\b(?:not (?:provided|documented|listed|available|submitted)|unknown)/i;

export function extractMedications(doc: LetterDoc): Found<string>[] {
  const { text } = doc;
  const range = doc.narrative;
  const out: Found<string>[] = [];
  const seenGeneric = new Set<string>();
  for (const sent of doc.sentences(range)) {
    const sentence = text.slice(sent.start, sent.end);
    if (NOT_PROVIDED.test(sentence)) continue;
    const aboutRequest = REQUEST_SENTENCE.test(sentence);
    // Found once per sentence, not once per mention: a sentence with many drug names stays linear.
    const currentCue = CURRENT.exec(sentence);
    const currentCueEnd = currentCue ? currentCue.index + currentCue[0].length : Infinity;
    for (const hit of mentionsIn(sentence)) {
      const start = sent.start + hit.index;
      const end = start + hit.printed.length;
      // In a plan or request sentence a drug counts only when the words before it say it is taken.
      const current = currentCueEnd <= hit.index;
      if (aboutRequest && !current) continue;
      const flags = doc.context(sent, { start, end });
      if (flags.has('negated') || flags.has('hypothetical') || flags.has('otherExperiencer')) continue;
      if (flags.has('requested') && !current) continue;
      if (seenGeneric.has(hit.generic)) continue;
      seenGeneric.add(hit.generic);
      out.push(found(hit.printed.replace(/\s+/g, ' '), [start, end]));
    }
  }
  return out;
}

interface Mention {
  index: number;
  printed: string;
  generic: string;
}

/** The longest lexicon name: how many words a match may need to look ahead. */
const MAX_NAME_TOKENS = Math.max(...[...BY_FIRST_TOKEN.values()].flat().map((c) => c.tokens.length));
const NEXT_WORD = /[A-Za-z0-9]+/g;

function mentionsIn(sentence: string): Mention[] {
  const out: Mention[] = [];
  // Words are walked one by one and only looked ahead from when a lexicon name starts there:
  // most words of a letter start none, so no per-word objects are made.
  const word = WORD_RE;
  word.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = word.exec(sentence)) !== null) {
    const lower = m[0].toLowerCase();
    const candidates = BY_FIRST_TOKEN.get(lower);
    if (candidates) {
      const following = wordsAfter(sentence, m.index + m[0].length, MAX_NAME_TOKENS - 1);
      const hit = candidates.find((c) => c.tokens.every((t, k) => (k === 0 ? lower : following[k - 1]?.lower) === t));
      if (hit) {
        const lastEnd = hit.tokens.length === 1 ? m.index + m[0].length : following[hit.tokens.length - 2]!.end;
        SUFFIX.lastIndex = lastEnd;
        const suffix = SUFFIX.exec(sentence);
        const end = lastEnd + (suffix ? suffix[0].length : 0);
        out.push({ index: m.index, printed: sentence.slice(m.index, end), generic: hit.generic });
        word.lastIndex = lastEnd;
        continue;
      }
    }
    const fuzzy = misspeltDrug(lower);
    if (fuzzy) out.push({ index: m.index, printed: m[0], generic: fuzzy });
  }
  return out;
}

function wordsAfter(sentence: string, from: number, n: number): { lower: string; end: number }[] {
  const out: { lower: string; end: number }[] = [];
  NEXT_WORD.lastIndex = from;
  let m: RegExpExecArray | null;
  while (out.length < n && (m = NEXT_WORD.exec(sentence)) !== null) out.push({ lower: m[0].toLowerCase(), end: m.index + m[0].length });
  return out;
}

/** A misspelt lexicon name (`Ketaprofen`): same first three letters, close by Jaro-Winkler. */
function misspeltDrug(word: string): string | null {
  if (word.length < 7 || GENERIC_OF.has(word) || !/^[a-z]+$/.test(word)) return null;
  const drugLike = DRUG_SUFFIX.test(word);
  if (!drugLike && word.length < 10) return null;
  let best = '';
  let bestScore = 0;
  for (const name of FUZZY_BY_PREFIX.get(word.slice(0, 3)) ?? []) {
    const score = distance.JaroWinklerDistance(word, name);
    if (score > bestScore) {
      bestScore = score;
      best = name;
    }
  }
  // Long words without a drug ending need a closer match.
  return bestScore >= (drugLike ? 0.9 : 0.95) ? GENERIC_OF.get(best)! : null;
}

/** Whether a text names a drug from the lexicon (used to categorise pharmacy requests). */
export function namesDrug(text: string): boolean {
  return mentionsIn(text).length > 0;
}
