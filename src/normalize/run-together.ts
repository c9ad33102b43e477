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

/**
 * A token is a whole run of ASCII letters of the allowed length. Whether it stands alone is
 * checked on its neighbours (BEFORE and AFTER), which costs less than lookarounds on every word.
 */
const isLetter = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
/** What may stand before a standalone token: whitespace or an opening quote or bracket. */
const BEFORE = charTest(/[\s("'\u201C\u2018[]/);
/** What may stand after one: whitespace, ordinary punctuation, a closing quote or bracket. */
const AFTER = charTest(/[\s.,;:!?)"'\u201D\u2019\]]/);

/** A character class as a lookup by character code (the class tested once per code, on first sight). */
function charTest(cls: RegExp): (code: number) => boolean {
  const known = new Int8Array(0x10000).fill(-1);
  return (code) => {
    let ok = known[code]!;
    if (ok === -1) known[code] = ok = cls.test(String.fromCharCode(code)) ? 1 : 0;
    return ok === 1;
  };
}

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

/**
 * What each token came to, per lexicon: a letter repeats its words, and a batch its letters'
 * vocabulary, so most tokens are answered from here. Bounded: emptied when it grows past
 * MEMO_LIMIT distinct tokens (a corpus's vocabulary is far smaller).
 */
const MEMO_LIMIT = 200_000;
/** Token → its split (`of injury`), or '' for a token that stays whole. */
const memos = new WeakMap<WordLexicon, Map<string, string>>();

/** The text with every run-together token split by one space. */
export function splitRunTogetherWords(text: string, words: WordLexicon = wordLexicon()): string {
  let memo = memos.get(words);
  if (!memo) memos.set(words, (memo = new Map()));
  const seen = memo;
  // Most letters have no run-together word: the text is rebuilt only from the first split on.
  let out = '';
  let copied = 0;
  const { length } = text;
  for (let end = 0, start = 0; start < length; start = end + 1) {
    // The next whole run of letters, [start, end).
    while (start < length && !isLetter(text.charCodeAt(start))) start++;
    end = start;
    while (end < length && isLetter(text.charCodeAt(end))) end++;
    if (end - start < rules.minTokenLength || end - start > rules.maxTokenLength) continue;
    if (start > 0 && !BEFORE(text.charCodeAt(start - 1))) continue;
    if (end < length && !AFTER(text.charCodeAt(end))) continue;
    const token = text.slice(start, end);
    let split = seen.get(token);
    if (split === undefined) {
      const parts = splitRunTogether(token, words);
      split = parts ? `${parts[0]} ${parts[1]}` : '';
      if (seen.size >= MEMO_LIMIT) seen.clear();
      seen.set(token, split);
    }
    if (split === '') continue;
    out += text.slice(copied, start) + split;
    copied = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
