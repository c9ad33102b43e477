/**
 * The words the normaliser knows: English (SCOWL, generated into vocab/english-words.json with
 * the ICD-10-CM table's words) and the project's own medical vocabulary (drug names, body
 * regions, specialties, imaging, tests, service categories, medication cues), read from the loaded
 * vocabularies so that a word added there is known here too. Built once, on first use.
 */
import { DRUG_LEXICON } from '../extract/services/drug-lexicon.js';
import {
  bodyRegions,
  diagnosisCues,
  englishWords,
  imaging,
  medicationCues,
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

/**
 * A sorted word list searched by halving: the generated lists are sorted (their schema checks
 * it), and searching them costs less at start than hashing some 110,000 words into a set.
 */
class SortedWords {
  constructor(private readonly words: readonly string[]) {}
  has(word: string): boolean {
    let lo = 0;
    let hi = this.words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const w = this.words[mid]!;
      if (w === word) return true;
      if (w < word) lo = mid + 1;
      else hi = mid;
    }
    return false;
  }
}

export function buildWordLexicon(): WordLexicon {
  const english = englishWords();
  const list = (words: string) => new SortedWords(words === '' ? [] : words.split(' '));
  const common = list(english.common);
  const other = list(english.other);
  const medical = list(english.medical);
  const functionWords = new Set(runTogether.functionWords);
  const drugs = new Set<string>();
  // Pattern sources give fragments too (`radicul` of `radicul\w*`): harmless here, where a
  // known word only stops a split.
  const project = new Set<string>(runTogether.extraWords);
  for (const key of DRUG_LEXICON.byName.keys()) {
    if (/^[a-z]+$/.test(key)) drugs.add(key);
    else for (const part of key.split(' ')) if (/^[a-z]{4,}$/.test(part)) project.add(part);
  }
  for (const vocab of [bodyRegions, specialties, imaging, testModalities, serviceCategories, diagnosisCues, medicationCues]) wordsIn(vocab, project);
  const isCommon = (w: string) => functionWords.has(w) || common.has(w);
  const isHalf = (w: string) => isCommon(w) || other.has(w) || drugs.has(w);
  return {
    isWord: (w) => isHalf(w) || medical.has(w) || project.has(w),
    isCommon,
    isHalf,
  };
}

let lexicon: WordLexicon | null = null;

/** The lexicon, built on first use (some tens of milliseconds, once per process). */
export function wordLexicon(): WordLexicon {
  lexicon ??= buildWordLexicon();
  return lexicon;
}
