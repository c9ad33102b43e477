/**
 * How the injury happened, as written: `lifting a 90-pound bag of concrete mix`, `cumulative
 * trauma`, `slipped on a wet floor and fell onto her left knee`. The cues, their order and the
 * trimming rules are data (vocab/injury-mechanism.json); this module only applies them: the
 * first cue that finds a phrase wins, and the phrase runs from the cue to its sentence's end.
 */
import { injuryMechanism as vocab } from '../../vocab/index.js';
import type { LetterDoc, SentenceSpan, TextRange } from '../../document/index.js';
import { DATE_PATTERN_SOURCE, parseDate } from '../../text/dates.js';
import { spanned } from '../../text/spans.js';
import { found, type Found } from '../found.js';
import { patternSource } from '../../text/patterns.js';

/**
 * A cue: the mechanism starts at its `phrase` group when it has one, else where its match ends.
 * `onDate` asks that its date (group 1) be the injury date.
 */
interface Cue {
  re: RegExp;
  wholeLetter: boolean;
  onDate: boolean;
  /** Also tried in the rationales when the case summary tells nothing. */
  inRationales: boolean;
}

const withDate = (p: string) => p.replace(/\{date\}/g, DATE_PATTERN_SOURCE);
/** Verb patterns as one alternation. */
const anyOf = (patterns: readonly string[]) => patterns.map(patternSource).join('|');
const cue = (pattern: string, options: Partial<Omit<Cue, 're'>> = {}): Cue => ({
  re: new RegExp(withDate(pattern), 'gid'),
  wholeLetter: options.wholeLetter ?? false,
  onDate: options.onDate ?? false,
  inRationales: options.inRationales ?? false,
});

const CUES: Cue[] = [
  ...vocab.stated.map((p) => cue(p, { wholeLetter: true })),
  ...vocab.injuredWhen.map((p) => cue(p, { inRationales: true })),
  cue(vocab.datedEvent.replace('{verbs}', anyOf(vocab.injuryVerbs)), { onDate: true }),
  cue(vocab.struckWorker.replace('{passiveVerbs}', anyOf(vocab.passiveVerbs))),
  ...vocab.repetitive.map((p) => cue(p)),
  cue(vocab.attributedTo),
];
const LEADING = new RegExp(vocab.leading, 'i');
const ENDINGS = vocab.endings.map((p) => new RegExp(withDate(p), 'i'));
const NOT_STATED = new RegExp(vocab.notStated, 'i');
const EDGE = /[\s.,;:"'“”‘’()]/;

/**
 * The mechanism of injury, or null when the letter does not state one. `injuryDate` (ISO), when
 * known, keeps an event told on another date (a later fall, a visit) from being taken for it.
 */
export function extractMechanism(doc: LetterDoc, injuryDate: string | null): Found<string> | null {
  const everything: TextRange = { start: 0, end: doc.text.length };
  // A stated mechanism anywhere first; then the other cues in the case summary; then an injury
  // said to have happened while or when, in the rationales (where some letters alone tell it).
  // Sentences are those of the summary or rationale a phrase starts in (split once per letter).
  const known = [doc.narrative, ...doc.rationales];
  const sentencesAt = (at: number) => doc.sentences(known.find((r) => r.start <= at && at < r.end) ?? everything);
  for (const c of CUES) {
    const phrase = firstPhrase(doc, c, c.wholeLetter ? everything : doc.narrative, injuryDate, sentencesAt);
    if (phrase) return phrase;
  }
  for (const range of doc.rationales) {
    for (const c of CUES) {
      if (!c.inRationales) continue;
      const phrase = firstPhrase(doc, c, range, injuryDate, sentencesAt);
      if (phrase) return phrase;
    }
  }
  return null;
}

type SentencesAt = (at: number) => readonly SentenceSpan[];

function firstPhrase(doc: LetterDoc, c: Cue, range: TextRange, injuryDate: string | null, sentencesAt: SentencesAt): Found<string> | null {
  const { text } = doc;
  c.re.lastIndex = range.start;
  try {
    for (let m = c.re.exec(text); m && m.index < range.end; m = c.re.exec(text)) {
      if (m[0].length === 0) c.re.lastIndex++;
      if (c.onDate && injuryDate && parseDate(m[1] ?? '') !== injuryDate) continue;
      const start = m.indices?.groups?.['phrase']?.[0] ?? m.index + m[0].length;
      const phrase = phraseAt(doc, sentencesAt(start), start);
      if (phrase) return phrase;
    }
    return null;
  } finally {
    c.re.lastIndex = 0;
  }
}

/** The mechanism phrase that starts at `start`: to its sentence's end, trimmed by the rules. */
function phraseAt(doc: LetterDoc, sentences: readonly SentenceSpan[], start: number): Found<string> | null {
  const { text } = doc;
  const sentence = sentences.find((s) => s.start <= start && start < s.end);
  if (!sentence) return null;
  let from = start;
  let to = sentence.end;
  const lead = LEADING.exec(text.slice(from, to));
  if (lead) from += lead[0].length;
  const rest = text.slice(from, to);
  for (const re of ENDINGS) {
    const end = re.exec(rest);
    if (end && end.index > 0) to = Math.min(to, from + end.index);
  }
  const value = spanned(text, from, to, EDGE);
  if (!value.text || value.text.length > vocab.maxLength || NOT_STATED.test(value.text)) return null;
  return found(value.text, value.span);
}
