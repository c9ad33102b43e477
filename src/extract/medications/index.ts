/**
 * Medications the worker takes, was prescribed or was given, names as written, no dose. Names
 * come from the shared drug lexicon (vocab/drugs.json, through drug-lexicon.ts), so any drug it
 * knows is recognised, misspellings included. Whether a named drug is taken or only planned is
 * read from the cue nearest before it in its sentence (vocab/medication-cues.json): one cue
 * carries a coordinated list (`continue Norco, Soma and Motrin`) until another takes over
 * (`..., and to start Lyrica`). Without a cue, a drug in a sentence about the request or the
 * plan, or negated, is not a medication. One drug under two names is listed once, under the
 * name met first (RECORD.md).
 */
import { medicationCues as cues } from '../../vocab/index.js';
import { REQUEST_SENTENCE } from '../../context/index.js';
import type { LetterDoc, TextRange } from '../../document/index.js';
import { foldWhitespace } from '../../text/spans.js';
import { findDrugNames, type DrugEntry, type DrugMention } from '../services/drug-lexicon.js';
import { found, type Found } from '../found.js';

const bounded = (sources: readonly string[]) => new RegExp(`(?<![A-Za-z])(?:${sources.map((s) => `(?:${s})`).join('|')})(?![A-Za-z])`, 'gi');
const TAKEN = bounded(cues.takenCues);
const PLAN = bounded(cues.planCues);
const RATIONALE_USE = bounded(cues.rationaleUseCues);
const NOT_PROVIDED = new RegExp(cues.notProvided, 'i');
const WORKER = new RegExp(cues.worker, 'i');

/** What the nearest cue before a drug name says about it. */
type Status = 'taken' | 'plan' | 'none';

interface Cue {
  status: Exclude<Status, 'none'>;
  start: number;
  end: number;
}

export function extractMedications(doc: LetterDoc): Found<string>[] {
  const listed = new MedicationList();
  for (const sent of doc.sentences(doc.narrative)) {
    const sentence = doc.text.slice(sent.start, sent.end);
    if (NOT_PROVIDED.test(sentence)) continue;
    const mentions = drugMentions(doc.text, sent);
    if (mentions.length === 0) continue;
    const cueList = cuesIn(sentence, sent.start);
    const aboutRequest = REQUEST_SENTENCE.test(sentence);
    for (const m of mentions) {
      const flags = doc.context(sent, { start: m.start, end: m.end });
      if (flags.has('negated') || flags.has('hypothetical') || flags.has('otherExperiencer')) continue;
      const status = statusAt(cueList, m.start);
      if (status === 'plan') continue;
      if (status === 'none' && (aboutRequest || flags.has('requested'))) continue;
      listed.add(doc.text, m);
    }
  }
  // A rationale may report a drug the summary leaves out (a dose given once in an emergency room).
  for (const rationale of doc.rationales) {
    for (const sent of doc.sentences(rationale)) {
      const sentence = doc.text.slice(sent.start, sent.end);
      if (!WORKER.test(sentence)) continue;
      const uses = [...sentence.matchAll(RATIONALE_USE)].map((u) => sent.start + u.index + u[0].length);
      if (uses.length === 0) continue;
      for (const m of drugMentions(doc.text, sent)) {
        if (!uses.some((end) => end <= m.start && m.start - end <= cues.rationaleUseReach)) continue;
        const flags = doc.context(sent, { start: m.start, end: m.end });
        if (flags.has('negated') || flags.has('hypothetical') || flags.has('otherExperiencer')) continue;
        listed.add(doc.text, m);
      }
    }
  }
  return listed.items;
}

/**
 * Drug names of a sentence, with offsets into the letter; diagnostic agents (contrast, a
 * stress-test tracer) are not medications. The sentence is read on its own, so that a search
 * for the next word never runs past it.
 */
function drugMentions(text: string, range: TextRange): DrugMention[] {
  const shift = (m: DrugMention): DrugMention => ({ ...m, start: m.start + range.start, end: m.end + range.start, extendedEnd: m.extendedEnd + range.start });
  return findDrugNames(text.slice(range.start, range.end))
    .filter((m) => !m.entry.diagnostic)
    .map(shift);
}

/** Taken and plan cues of a sentence, as text offsets. */
function cuesIn(sentence: string, base: number): Cue[] {
  const out: Cue[] = [];
  for (const [re, status] of [
    [TAKEN, 'taken'],
    [PLAN, 'plan'],
  ] as const) {
    for (const m of sentence.matchAll(re)) out.push({ status, start: base + m.index, end: base + m.index + m[0].length });
  }
  return out;
}

/** The status the nearest cue ending before `at` gives; of two ending together, the longer. */
function statusAt(cueList: readonly Cue[], at: number): Status {
  let best: Cue | null = null;
  for (const c of cueList) {
    if (c.end > at) continue;
    if (!best || c.end > best.end || (c.end === best.end && c.start < best.start)) best = c;
  }
  return best?.status ?? 'none';
}

/** Medications in first-mention order, one per drug. */
class MedicationList {
  readonly items: Found<string>[] = [];
  private readonly generics = new Set<string>();
  private readonly ingredients = new Set<string>();

  add(text: string, m: DrugMention): void {
    if (this.isListed(m.entry)) return;
    this.generics.add(m.entry.generic);
    for (const i of m.entry.ingredients) this.ingredients.add(i);
    // The name as the lexicon knows it, with the salt or release words printed after it (`Orphenadrine Citrate ER`).
    this.items.push(found(foldWhitespace(text.slice(m.start, m.extendedEnd)), [m.start, m.extendedEnd]));
  }

  /**
   * Already listed: the same generic under another name (`Motrin` after `Ibuprofen`), or a
   * combination product whose every ingredient is listed already (`Duexis` after `Ibuprofen` and `Pepcid`).
   */
  private isListed(entry: DrugEntry): boolean {
    if (this.generics.has(entry.generic)) return true;
    return !entry.compound && entry.ingredients.length >= 2 && entry.ingredients.every((i) => this.ingredients.has(i));
  }
}
