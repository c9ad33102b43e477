/**
 * Context of a target mention inside its sentence, after the ConText algorithm
 * (Harkema et al.; medspaCy's context component): negated, hypothetical (rule-out,
 * suspected), belonging to someone else, or requested rather than done. Cues and
 * terminators are data (vocab/context-cues.json); each extractor decides which flags exclude.
 */
import cues from '../vocab/context-cues.json' with { type: 'json' };
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

/** Cue and terminator positions of the sentences of the text last seen (several targets share a sentence). */
let cache: { text: string; sentences: Map<string, { hits: CueHit[]; terminators: number[] }> } = { text: '', sentences: new Map() };

function cuesOf(text: string, sentStart: number, sentEnd: number): { hits: CueHit[]; terminators: number[] } {
  if (cache.text !== text) cache = { text, sentences: new Map() };
  const key = `${sentStart}:${sentEnd}`;
  const known = cache.sentences.get(key);
  if (known) return known;
  const sentence = text.slice(sentStart, sentEnd);
  const hits = COMPILED.flatMap((c) => [...sentence.matchAll(c.re)].map((m) => ({ flag: c.flag, direction: c.direction, start: m.index, end: m.index + m[0].length })));
  const terminators = [...sentence.matchAll(TERMINATORS)].map((m) => m.index);
  const found = { hits, terminators };
  cache.sentences.set(key, found);
  return found;
}

export interface ContextOptions {
  /** Characters a forward cue may reach; a backward cue reaches the same distance back. */
  window?: number;
}

/**
 * Flags that apply to `[targetStart, targetEnd)` within the sentence `[sentStart, sentEnd)` of `text`.
 */
export function contextOf(
  text: string,
  sentStart: number,
  sentEnd: number,
  targetStart: number,
  targetEnd: number,
  options: ContextOptions = {},
): Set<ContextFlag> {
  const window = options.window ?? WINDOW;
  const { hits, terminators } = cuesOf(text, sentStart, sentEnd);
  const tStart = targetStart - sentStart;
  const tEnd = targetEnd - sentStart;
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

/** Whether a sentence is about the request, its review or the plan (vocab/context-cues.json). */
export const REQUEST_SENTENCE = new RegExp(cues.requestSentence, 'i');
