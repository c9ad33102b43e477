/**
 * Medications the worker takes or is prescribed, names as written, no dose. Names come
 * from a lexicon (vocab/medications.json, brand and generic); a misspelt name that is
 * close to a lexicon entry (`Ketaprofen`) is caught with Jaro-Winkler distance (natural).
 * A drug mentioned only as the disputed request, or negated, is not a medication.
 */
import distance from 'natural/lib/natural/distance/index.js';
import vocab from '../../vocab/medications.json' with { type: 'json' };
import { contextOf, REQUEST_SENTENCE } from '../../context/index.js';
import { splitSentences } from '../../text/sentences.js';
import type { Found, LetterDoc } from '../doc.js';
import { narrativeRange } from '../doc.js';
import { alternation } from '../../text/patterns.js';

const GENERIC_OF = new Map<string, string>();
for (const [generic, names] of Object.entries(vocab.drugs as Record<string, string[]>)) {
  for (const n of names) GENERIC_OF.set(n.toLowerCase(), generic);
}
const NAMES = [...GENERIC_OF.keys()].sort((a, b) => b.length - a.length);
const SUFFIX = `(?:\\s+(?:${alternation(vocab.formulationSuffixes)}))*`;
const NAME_RE = new RegExp(`(?<![A-Za-z])(${alternation(NAMES)})${SUFFIX}(?![A-Za-z])`, 'gi');
/** Candidate misspellings: capitalised or drug-suffixed words not in the lexicon. */
const WORD_RE = /(?<![A-Za-z])([A-Za-z]{7,})(?![A-Za-z])/g;
const DRUG_SUFFIX = /(?:profen|prophen|azepam|codone|morphone|prazole|apine|oxetine|triptan|pril|sartan|statin|olol|idine|amine|adol|aprine|enac|oxib|lac|done|pam|zole)$/i;
const FUZZY_NAMES = NAMES.filter((n) => /^[a-z]+$/.test(n) && n.length >= 7);
const CURRENT = new RegExp(vocab.currentCues, 'i');
const NOT_PROVIDED = /\bmedications?\b[^.]{0,40}\b(?:not (?:provided|documented|listed|available|submitted)|unknown)/i;

export function extractMedications(doc: LetterDoc): Found<string>[] {
  const { text } = doc;
  const range = narrativeRange(doc);
  const out: Found<string>[] = [];
  const seenGeneric = new Set<string>();
  for (const sent of splitSentences(text, range.start, range.end)) {
    const sentence = text.slice(sent.start, sent.end);
    if (NOT_PROVIDED.test(sentence)) continue;
    const aboutRequest = REQUEST_SENTENCE.test(sentence);
    for (const hit of mentionsIn(sentence)) {
      const start = sent.start + hit.index;
      const end = start + hit.printed.length;
      // In a plan or request sentence a drug counts only when the words before it say it is taken.
      const current = CURRENT.test(text.slice(sent.start, start));
      if (aboutRequest && !current) continue;
      const flags = contextOf(text, sent.start, sent.end, start, end);
      if (flags.has('negated') || flags.has('hypothetical') || flags.has('otherExperiencer')) continue;
      if (flags.has('requested') && !current) continue;
      if (seenGeneric.has(hit.generic)) continue;
      seenGeneric.add(hit.generic);
      out.push({ value: hit.printed.replace(/\s+/g, ' '), span: [start, end] });
    }
  }
  return out;
}

interface Mention {
  index: number;
  printed: string;
  generic: string;
}

function mentionsIn(sentence: string): Mention[] {
  const out: Mention[] = [];
  const taken: [number, number][] = [];
  for (const m of sentence.matchAll(NAME_RE)) {
    const generic = GENERIC_OF.get(m[1]!.toLowerCase().replace(/\s+/g, ' '))!;
    out.push({ index: m.index, printed: m[0], generic });
    taken.push([m.index, m.index + m[0].length]);
  }
  for (const m of sentence.matchAll(WORD_RE)) {
    const word = m[1]!;
    if (taken.some(([a, b]) => m.index >= a && m.index < b)) continue;
    // Drug-like endings, or long words (misspellings of long generic names are still close).
    if (GENERIC_OF.has(word.toLowerCase()) || (!DRUG_SUFFIX.test(word) && word.length < 10)) continue;
    let best = '';
    let bestScore = 0;
    for (const name of FUZZY_NAMES) {
      const score = distance.JaroWinklerDistance(word.toLowerCase(), name);
      if (score > bestScore) { bestScore = score; best = name; }
    }
    // Misspellings keep the name's opening; long words without a drug ending need a closer match.
    const threshold = DRUG_SUFFIX.test(word) ? 0.9 : 0.95;
    if (bestScore >= threshold && best.slice(0, 3) === word.slice(0, 3).toLowerCase()) out.push({ index: m.index, printed: word, generic: GENERIC_OF.get(best)! });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** Whether a text names a drug from the lexicon (used to categorise pharmacy requests). */
export function namesDrug(text: string): boolean {
  return new RegExp(NAME_RE.source, 'i').test(text);
}
