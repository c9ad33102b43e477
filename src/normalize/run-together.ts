/**
 * Words that text extraction ran together (`notmedically`, `ofinjury`, `Theinjured`,
 * `underfluoroscopy`) are split where a word list says both halves are words. The rules
 * (vocab/run-together.json):
 * - only a token of letters standing alone (between spaces or ordinary punctuation: not part of
 *   a code like `L5-S1`, a case number, an address, a hyphenated or slashed compound) is tried,
 *   lower case or capitalised, of 5 to 40 letters;
 * - a token that is itself a word (English, ICD-10-CM, the project's medical vocabulary) or a drug
 *   name, even a misspelt one, is never split;
 * - a split leaves two words: a 2-letter half must be a function word and come first, a 3- or
 *   4-letter half a common word, a longer half any word; a prefix is not a first word
 *   (`sub|luxation`) nor a word-forming ending a second (`arthroscopic|ally`);
 * - a capitalised token is mostly a name (`Hillcrest`): it is split only after a function word
 *   (`The|injured`);
 * - of the splits left, one beside a function word wins (the longest first word first); else a
 *   split is made only when it is the only one (`sprainstrain`: `sprain strain` or `sprains train`).
 * Inserting a space moves later text by one character; spans point into the normaliser's output,
 * so they stay consistent (RECORD.md: the normaliser may repair run-together words).
 */
import { misspeltDrugName } from '../extract/services/drug-lexicon.js';
import { runTogether as rules } from '../vocab/index.js';
import { wordLexicon, type WordLexicon } from './words.js';

const FUNCTION_WORDS = new Set(rules.functionWords);
const PREFIXES = new Set(rules.prefixes);
const SUFFIX_WORDS = new Set(rules.suffixWords);

/** A token of letters with nothing but whitespace or ordinary punctuation on either side. */
const STANDALONE = /(?<=^|[\s("'\u201C\u2018[])[A-Za-z]+(?=$|[\s.,;:!?)"'\u201D\u2019\]])/g;

function isHalf(word: string, first: boolean, words: WordLexicon): boolean {
  if (word.length <= 2) return first && FUNCTION_WORDS.has(word);
  if (word.length <= rules.commonHalfMaxLength) return words.isCommon(word);
  return words.isHalf(word);
}

/**
 * The two words a run-together token stands for, as printed (case kept), or null when it is
 * to stay whole.
 */
export function splitRunTogether(token: string, words: WordLexicon = wordLexicon()): [string, string] | null {
  if (token.length < rules.minTokenLength || token.length > rules.maxTokenLength) return null;
  const capitalised = /^[A-Z][a-z]+$/.test(token);
  if (!capitalised && !/^[a-z]+$/.test(token)) return null;
  const lower = token.toLowerCase();
  if (words.isWord(lower)) return null;
  const splits: number[] = [];
  for (let at = lower.length - 3; at >= 2; at--) {
    const first = lower.slice(0, at);
    const second = lower.slice(at);
    if (capitalised && !FUNCTION_WORDS.has(first)) continue;
    if (PREFIXES.has(first) && !FUNCTION_WORDS.has(second)) continue;
    if (SUFFIX_WORDS.has(second)) continue;
    if (isHalf(first, true, words) && isHalf(second, false, words)) splits.push(at);
  }
  // Extraction most often loses the space beside a function word: such a split wins, the longest
  // first word first. Otherwise only a split with no rival: `sprainstrain` reads as
  // `sprain strain` and as `sprains train`, and nothing tells which.
  const at = splits.find((i) => FUNCTION_WORDS.has(lower.slice(0, i)) || FUNCTION_WORDS.has(lower.slice(i))) ?? (splits.length === 1 ? splits[0] : undefined);
  if (at === undefined) return null;
  // A misspelt drug name is a name, not two words (checked last: the rarest case, the dearest test).
  if (misspeltDrugName(lower)) return null;
  return [token.slice(0, at), token.slice(at)];
}

/** The text with every run-together token split by one space. */
export function splitRunTogetherWords(text: string, words: WordLexicon = wordLexicon()): string {
  return text.replace(STANDALONE, (token) => {
    const parts = splitRunTogether(token, words);
    return parts ? `${parts[0]} ${parts[1]}` : token;
  });
}
