/**
 * Context of a target mention inside its sentence, after the ConText algorithm
 * (Harkema et al.; medspaCy's context component): negated, hypothetical (rule-out,
 * suspected), belonging to someone else, or requested rather than done. Cues and
 * terminators are data (vocab/context-cues.json); each extractor decides which flags exclude.
 */
import { contextCues as cues } from '../vocab/index.js';
import { phraseSource } from '../text/patterns.js';

export type ContextFlag = 'negated' | 'hypothetical' | 'otherExperiencer' | 'requested';
const FLAGS: ContextFlag[] = ['negated', 'hypothetical', 'otherExperiencer', 'requested'];

/** One combined pattern per flag and direction: a sentence is scanned 8 times, not once per cue. */
interface CompiledCues {
  flag: ContextFlag;
  direction: 'forward' | 'backward';
  re: RegExp;
}

const boundedAlternation = (phrases: string[]) =>
  new RegExp(`(?<![A-Za-z])(?:${[...phrases].sort((a, b) => b.length - a.length).map(phraseSource).join('|')})(?![A-Za-z])`, 'gi');

const COMPILED: CompiledCues[] = FLAGS.flatMap((flag) =>
  (['forward', 'backward'] as const)
    .filter((direction) => cues[flag][direction].length > 0)
    .map((direction) => ({ flag, direction, re: boundedAlternation(cues[flag][direction]) })),
);
const TERMINATORS = boundedAlternation(cues.terminators);
/** Forward cues reach at most this many characters (about eight words), as in ConText's window. */
const WINDOW = 60;

interface CueHit {
  flag: ContextFlag;
  direction: 'forward' | 'backward';
  start: number;
  end: number;
}

export interface ContextOptions {
  /** Characters a forward cue may reach; a backward cue reaches the same distance back. */
  window?: number;
}

interface SentenceCues {
  hits: CueHit[];
  terminators: number[];
}

/** `[start, end)` offsets into the letter's text. */
export interface TextRange {
  start: number;
  end: number;
}

/** Cue and terminator positions of one sentence (relative to its start). */
function cuesOf(sentence: string): SentenceCues {
  const hits = COMPILED.flatMap((c) => [...sentence.matchAll(c.re)].map((m) => ({ flag: c.flag, direction: c.direction, start: m.index, end: m.index + m[0].length })));
  const terminators = [...sentence.matchAll(TERMINATORS)].map((m) => m.index);
  return { hits, terminators };
}

/** The flags a sentence's cues put on `target`. */
function flagsFor({ hits, terminators }: SentenceCues, sentence: TextRange, target: TextRange, window: number): Set<ContextFlag> {
  const tStart = target.start - sentence.start;
  const tEnd = target.end - sentence.start;
  const flags = new Set<ContextFlag>();
  for (const cue of hits) {
    if (flags.has(cue.flag)) continue;
    if (cue.start < tEnd && cue.end > tStart) continue; // the cue is inside the target itself
    if (cue.direction === 'forward' && cue.end <= tStart) {
      if (tStart - cue.end <= window && !terminators.some((t) => t >= cue.end && t < tStart)) flags.add(cue.flag);
    } else if (cue.direction === 'backward' && cue.start >= tEnd) {
      if (cue.start - tEnd <= window && !terminators.some((t) => t >= tEnd && t < cue.start)) flags.add(cue.flag);
    }
  }
  return flags;
}

/** Context flags of targets within the sentences of one text. */
export type ContextMatcher = (sentence: TextRange, target: TextRange, options?: ContextOptions) => Set<ContextFlag>;

/**
 * A matcher for the sentences of `text`: each sentence's cues are found once, however many
 * targets it holds (the letter document owns one per letter).
 */
export function contextMatcher(text: string): ContextMatcher {
  const bySentence = new Map<string, SentenceCues>();
  return (sentence, target, options = {}) => {
    const key = `${sentence.start}:${sentence.end}`;
    let cues = bySentence.get(key);
    if (!cues) {
      cues = cuesOf(text.slice(sentence.start, sentence.end));
      bySentence.set(key, cues);
    }
    return flagsFor(cues, sentence, target, options.window ?? WINDOW);
  };
}

/** Whether a sentence is about the request, its review or the plan (vocab/context-cues.json). */
export const REQUEST_SENTENCE = new RegExp(cues.requestSentence, 'i');
