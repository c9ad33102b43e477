/**
 * The words the normaliser knows: English (SCOWL, generated into vocab/english-words.json with
 * the ICD-10-CM table's words) and the project's own medical vocabulary (drug names, body
 * regions, specialties, imaging, tests, service categories, medications), read from the loaded
 * vocabularies so that a word added there is known here too. Built once, on first use.
 */
import { DRUG_LEXICON } from '../extract/services/drug-lexicon.js';
import {
  bodyRegions,
  diagnosisCues,
  englishWords,
  imaging,
  medications,
  runTogether,
  serviceCategories,
  specialties,
  testModalities,
} from '../vocab/index.js';

/** What the normaliser may ask of a word (lower case). */
export interface WordLexicon {
  /** Any word, of any length or frequency: a token that is one is never split. */
  isWord(word: string): boolean;
  /** A common word or a function word: what a short half of a split must be. */
  isCommon(word: string): boolean;
  /** A word that may be a long half of a split: English and single-word drug names, not ICD-10-CM or pattern words. */
  isHalf(word: string): boolean;
}

const KNOWN = 1;
const HALF = 2;
const COMMON = 4;

/** The words (4 letters or more) in a vocabulary's values; `$comment` keys explain, they are not vocabulary. */
function wordsIn(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    for (const w of value.toLowerCase().match(/[a-z]{4,}/g) ?? []) into.add(w);
  } else if (Array.isArray(value)) {
    for (const v of value) wordsIn(v, into);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('$comment')) continue;
      wordsIn(k, into);
      wordsIn(v, into);
    }
  }
}

export function buildWordLexicon(): WordLexicon {
  // One map of flags, not a set per kind: the lists hold some 120,000 words, built once per process.
  const flags = new Map<string, number>();
  const mark = (word: string, flag: number) => flags.set(word, (flags.get(word) ?? 0) | flag);
  const each = (list: string, flag: number) => {
    if (list !== '') for (const w of list.split(' ')) mark(w, flag);
  };
  each(englishWords.common, KNOWN | HALF | COMMON);
  for (const w of runTogether.functionWords) mark(w, KNOWN | HALF | COMMON);
  each(englishWords.other, KNOWN | HALF);
  each(englishWords.medical, KNOWN);
  for (const w of runTogether.extraWords) mark(w, KNOWN);
  for (const key of DRUG_LEXICON.byName.keys()) if (/^[a-z]+$/.test(key)) mark(key, KNOWN | HALF);
  for (const names of Object.values(medications.drugs)) for (const n of names) if (/^[A-Za-z]+$/.test(n)) mark(n.toLowerCase(), KNOWN | HALF);
  // Pattern sources give fragments too (`radicul` of `radicul\w*`): harmless here, where a
  // known word only stops a split.
  const medical = new Set<string>();
  for (const vocab of [bodyRegions, specialties, imaging, testModalities, serviceCategories, diagnosisCues, medications]) wordsIn(vocab, medical);
  for (const entry of DRUG_LEXICON.entries) wordsIn(entry.names, medical);
  for (const w of medical) mark(w, KNOWN);
  const has = (word: string, flag: number) => ((flags.get(word) ?? 0) & flag) !== 0;
  return {
    isWord: (w) => has(w, KNOWN),
    isCommon: (w) => has(w, COMMON),
    isHalf: (w) => has(w, HALF),
  };
}

let lexicon: WordLexicon | null = null;

/** The lexicon, built on first use (some tens of milliseconds, once per process). */
export function wordLexicon(): WordLexicon {
  lexicon ??= buildWordLexicon();
  return lexicon;
}
