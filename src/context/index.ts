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

interface CompiledCue {
  flag: ContextFlag;
  direction: 'forward' | 'backward';
  re: RegExp;
}

const phrase = (p: string) => new RegExp(`(?<![A-Za-z])${phraseSource(p)}(?![A-Za-z])`, 'gi');

const COMPILED: CompiledCue[] = FLAGS.flatMap((flag) =>
  (['forward', 'backward'] as const).flatMap((direction) =>
    cues[flag][direction].map((p) => ({ flag, direction, re: phrase(p) })),
  ),
);
const TERMINATORS = cues.terminators.map(phrase);
/** Forward cues reach at most this many characters (about eight words), as in ConText's window. */
const WINDOW = 60;

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
  const sentence = text.slice(sentStart, sentEnd);
  const tStart = targetStart - sentStart;
  const tEnd = targetEnd - sentStart;
  const terminators = TERMINATORS.flatMap((re) => [...sentence.matchAll(re)].map((m) => m.index));
  const flags = new Set<ContextFlag>();
  for (const cue of COMPILED) {
    if (flags.has(cue.flag)) continue;
    for (const m of sentence.matchAll(cue.re)) {
      const cueStart = m.index;
      const cueEnd = m.index + m[0].length;
      if (cueStart < tEnd && cueEnd > tStart) continue; // the cue is inside the target itself
      if (cue.direction === 'forward' && cueEnd <= tStart) {
        if (tStart - cueEnd <= window && !terminators.some((t) => t >= cueEnd && t < tStart)) flags.add(cue.flag);
      } else if (cue.direction === 'backward' && cueStart >= tEnd) {
        if (cueStart - tEnd <= window && !terminators.some((t) => t >= tEnd && t < cueStart)) flags.add(cue.flag);
      }
      if (flags.has(cue.flag)) break;
    }
  }
  return flags;
}

/** Whether a sentence is about the request, its review or the plan (vocab/context-cues.json). */
export const REQUEST_SENTENCE = new RegExp(cues.requestSentence, 'i');
