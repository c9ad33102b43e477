/**
 * Sentence boundaries with offsets, tuned for clinical letters: a period ends a sentence
 * unless it belongs to an abbreviation (`Dr.`, `e.g.`, `s/p`), a decimal (`32.28`), or an
 * initial; a blank line or a heading line always ends one. Cheap enough for the hot path
 * (whole-letter NLP libraries are reserved for short snippets).
 */
import { abbreviations } from '../vocab/index.js';

export interface SentenceSpan {
  start: number;
  end: number;
}

const ABBREVIATIONS = new Set(abbreviations.sentenceAbbreviations);

/** The sentences of `[from, to)` of `text` (the letter document splits each range once). */
export function splitSentences(text: string, from = 0, to = text.length): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  let start = skipSpace(text, from, to);
  for (let i = start; i < to; i++) {
    const c = text[i]!;
    let boundaryEnd = -1;
    if (c === '\n' && (text[i + 1] === '\n' || endsHeadingLine(text, start, i))) boundaryEnd = i;
    else if ((c === '.' || c === '?' || c === '!') && isSentenceEnd(text, i, to)) {
      boundaryEnd = i + 1;
      while (boundaryEnd < to && /["')\]]/.test(text[boundaryEnd]!)) boundaryEnd++;
    }
    if (boundaryEnd < 0 && i - start >= MAX_SENTENCE_CHARS) boundaryEnd = runOnCut(text, start, i);
    if (boundaryEnd >= 0) {
      if (boundaryEnd > start) out.push(trimmed(text, start, boundaryEnd));
      start = skipSpace(text, boundaryEnd, to);
      i = start - 1;
    }
  }
  if (start < to) {
    const last = trimmed(text, start, to);
    if (last.end > last.start) out.push(last);
  }
  return out.filter((s) => s.end > s.start);
}

/**
 * No real sentence is near this long (the longest in the letters is under 2,000 characters);
 * a run-on without stops (a table, a list, garbage) is cut here so that the per-sentence work
 * of the extractors (cues, mentions) stays bounded on huge inputs.
 */
const MAX_SENTENCE_CHARS = 4000;

/** Where to cut a run-on sentence at `i`: the last space in its second half, else `i`. */
function runOnCut(text: string, start: number, i: number): number {
  for (let cut = i; cut > start + MAX_SENTENCE_CHARS / 2; cut--) if (/\s/.test(text[cut]!)) return cut;
  return i;
}

/**
 * A line that is a heading (capitals) or an introduction ending in a colon (`... including all
 * medical records:`) ends its sentence at the line break: the next line starts a new one.
 */
function endsHeadingLine(text: string, sentenceStart: number, lineEnd: number): boolean {
  const lineStart = Math.max(sentenceStart, text.lastIndexOf('\n', lineEnd - 1) + 1);
  const line = text.slice(lineStart, lineEnd).trim();
  if (line === '') return false;
  return line.endsWith(':') || (/[A-Z]{3}/.test(line) && line === line.toUpperCase());
}

function isSentenceEnd(text: string, i: number, to: number): boolean {
  const next = text[i + 1];
  if (next === undefined || i + 1 >= to) return true;
  if (!/\s/.test(next) && !/["')\]]/.test(next)) return false; // 32.28, e.g.x, www.x
  // The word before the period.
  let j = i - 1;
  while (j >= 0 && /[A-Za-z.]/.test(text[j]!)) j--;
  const word = text.slice(j + 1, i).toLowerCase();
  if (ABBREVIATIONS.has(word)) return false;
  if (/^[a-z]$/i.test(word) && j >= 0 && text[j] !== ' ' ) return false;
  // Next non-space must not be lowercase (a lowercase continuation is not a new sentence).
  let k = i + 1;
  while (k < to && /[\s"')\]]/.test(text[k]!)) k++;
  return k >= to || !/[a-z]/.test(text[k]!);
}

function skipSpace(text: string, i: number, to: number): number {
  while (i < to && /\s/.test(text[i]!)) i++;
  return i;
}

function trimmed(text: string, start: number, end: number): SentenceSpan {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}
