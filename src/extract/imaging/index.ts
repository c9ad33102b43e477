/**
 * Imaging studies already performed: modality, body region, date and findings as written.
 * A mention counts only when the letter says it was done (a result, a date, `had`, `prior`, a
 * treatment-to-date list); requested, planned, ruled-out or negated imaging is a service or
 * nothing (ConText flags). A study mentioned twice with the same region and date is one item,
 * and a bare mention (`x-rays` in a list) is the study named elsewhere when there is one.
 *
 * What a sentence leaves out may come from its neighbours: the date of the visit whose account
 * describes the study, or the date just printed (`on that date`, `the same day`); the findings
 * of a study named in the sentence before (`It revealed ...`); a spine study's findings that go
 * on level by level (`At L3-4 there was ...`).
 */
import { imaging as vocab } from '../../vocab/index.js';
import type { Modality } from '../../record/schema.js';
import { REQUEST_SENTENCE } from '../../context/index.js';
import { DATE_PATTERN_SOURCE, parseDate } from '../../text/dates.js';
import { dropLeading, spanned, type SpannedText } from '../../text/spans.js';
import type { LetterDoc, SentenceSpan, TextRange } from '../../document/index.js';
import { found, type Found } from '../found.js';
import type { Span } from '../../record/schema.js';
import { alternation, patternSource } from '../../text/patterns.js';

/** A study as found, with the spans of its parts (merged across mentions before it becomes an item). */
interface FoundImaging {
  modality: Modality;
  bodyRegion: string | null;
  date: string | null;
  findings: string | null;
  span: Span;
  evidence: { bodyRegion?: Span; date?: Span; findings?: Span };
}

/** Any modality name (one pattern, in vocabulary order); which one it was is looked up after. */
const MODALITY_RE = new RegExp(`(?<![A-Za-z])(?:${vocab.modalities.map((m) => patternSource(m.pattern)).join('|')})(?![A-Za-z])`, 'gi');
const MODALITY_TESTS = vocab.modalities.map((m) => ({ modality: m.modality as Modality, re: new RegExp(`^(?:${patternSource(m.pattern)})$`, 'i') }));
const modalityOf = (printed: string): Modality => MODALITY_TESTS.find((t) => t.re.test(printed))?.modality ?? 'other';
const LATERALITY = `(?:(?:${vocab.lateralities.map(patternSource).join('|')})\\s+)?`;
const REGION = `(?:${[...vocab.bodyRegions].sort((a, b) => b.length - a.length).map(patternSource).join('|')})`;
/** A side, then for a finger or toe which one (`right fifth finger`), then the region. */
const SIDED_REGION = `${LATERALITY}(?:(?:${vocab.regionOrdinals.join('|')})\\s+)?${REGION}`;
const REGION_LIST = `${SIDED_REGION}(?:\\s*,\\s*(?:and\\s+)?${SIDED_REGION})*(?:\\s+and\\s+${SIDED_REGION})?`;
/** `of the right shoulder`, `of her lumbar spine`, `to the left knee`, `were taken of the wrist` right after the modality. */
const REGION_AFTER = new RegExp(`^\\s*(?:(?:was|were)\\s+(?:taken|obtained|performed|done)\\s+(?=of\\s))?(?:scans?\\s+|stud(?:y|ies)\\s+|films?\\s+|imaging\\s+|images\\s+)?(?:(?:of|to|for|at)\\s+)?(?:the\\s+|his\\s+|her\\s+|their\\s+)?(${REGION_LIST})(?![A-Za-z])`, 'i');
/** `MRI, lumbar spine, dated ...`, `MRI dated 3/2/2015 of the lumbar spine`: the region after a comma or after the study's date. */
const REGION_AFTER_COMMA = new RegExp(`^\\s*,\\s*(?:the\\s+)?(${LATERALITY}${REGION})(?=\\s*(?:[,:(]|dated\\b|on\\b|from\\b|\\d))`, 'i');
const REGION_AFTER_DATE = new RegExp(`^\\s*,?\\s*(?:dated|on|from|of|(?:performed|obtained|done|taken)\\s+on)\\s+${DATE_PATTERN_SOURCE}\\s*,?\\s*(?:of|to|for)\\s+(?:the\\s+|his\\s+|her\\s+)?(${REGION_LIST})(?![A-Za-z])`, 'i');
/** A comma list of regions (`left ankle, right elbow, and right wrist`) is one study per region; `pelvis and left hip` is one. */
const REGION_LIST_SEPARATOR = /\s*,\s*(?:and\s+)?/;
/** `right shoulder x-rays`, `Lumbar MRI`, `cervical spine MRI` right before it. */
const REGION_BEFORE = new RegExp(`(?<![A-Za-z])(${LATERALITY}${REGION})\\s+(?:(?:spine|joint)\\s+)?$`, 'i');
/** `The right shoulder was imaged by MRI`: the region is the subject, the modality comes after. */
const REGION_SUBJECT = new RegExp(`(?<![A-Za-z])(${LATERALITY}${REGION})\\s+(?:was|were)\\s+(?:${alternation(vocab.imagedVerbs)})\\s+(?:by|with|using|on|via)\\s+(?:an?\\s+|the\\s+)?$`, 'i');
/** A cheap test before REGION_SUBJECT: most text before a mention has no `was imaged by`. */
const IMAGED_BY = new RegExp(`(?:was|were)\\s+(?:${alternation(vocab.imagedVerbs)})\\s+(?:by|with|using|on|via)\\s+(?:an?\\s+|the\\s+)?$`, 'i');
const RESULT = new RegExp(`(?<![A-Za-z])(?:${alternation(vocab.resultVerbs)})(?![A-Za-z])\\s*:?`, 'i');
/** `were not noted`, `is not indicated`: the result verb is negated, no result is reported. */
const NEGATED_RESULT = /(?<![A-Za-z])not\s+(?:been\s+)?$/i;
const PLAIN_RESULT = new RegExp(`^[^.]{0,60}?(?<![A-Za-z])(?:was|were)\\s+(?:reportedly\\s+|essentially\\s+|otherwise\\s+)?(normal|unremarkable|negative|clear|within\\s+normal\\s+limits)(?![A-Za-z])`, 'i');
/** `negative for fracture or effusion`, `normal except for ...`: the plain result goes on to the clause end. */
const PLAIN_RESULT_TAIL = /^\s+(?:for|except(?:\s+for)?|other\s+than|apart\s+from|aside\s+from|with\s+the\s+exception\s+of)\s+[^.;]+/i;
const PERFORMED = new RegExp(`(?<![A-Za-z])(?:${alternation(vocab.performedCues)})(?![A-Za-z])`, 'i');
const DATE_NEAR = new RegExp(`^[^.;]{0,80}?(?:dated|on|from|of|done\\s+on|performed\\s+on|obtained\\s+on|taken\\s+on|in)\\s+(${DATE_PATTERN_SOURCE})`, 'i');
/** A date printed right after the study and its region: `lumbar CT (3-21-13)`, `MRI of the lumbar spine 1/18/2017 showed`. */
const DATE_RIGHT_AFTER = new RegExp(`^\\s*(?:,\\s*)?\\(?\\s*(${DATE_PATTERN_SOURCE})\\s*\\)?(?![\\d/-])`, 'i');
/** A colon right after the study, its region and any date: what follows is the result. */
const COLON_RESULT = new RegExp(`^\\s*(?:,\\s*)?(?:\\(?\\s*${DATE_PATTERN_SOURCE}\\s*\\)?\\s*)?:\\s*(?=\\S)`, 'i');
const NOT_A_STUDY_AFTER = new RegExp(`^\\s*-?\\s*(?:${alternation(vocab.notAStudyAfter)})(?![A-Za-z])`, 'i');
const NOT_A_STUDY_BEFORE = new RegExp(`(?<![A-Za-z])(?:${alternation(vocab.notAStudyBefore)})\\s+$`, 'i');
const DATE_BEFORE = new RegExp(`(${DATE_PATTERN_SOURCE})\\s*,?\\s*(?:[A-Za-z]+\\s+){0,3}$`, 'i');
const ANY_DATE_AT = new RegExp(DATE_PATTERN_SOURCE, 'iy');
const SAME_DATE = new RegExp(`(?<![A-Za-z])(?:${alternation(vocab.sameDatePhrases)})(?![A-Za-z])`, 'i');
const DISCUSSION = new RegExp(`(?<![A-Za-z])(?:${alternation(vocab.discussionCues)})(?![A-Za-z])`, 'i');
const PRIOR = new RegExp(vocab.priorCue, 'i');
const VISIT_OPENERS = vocab.visitOpeners.map((p) => new RegExp(p.replace(/\{date\}/g, DATE_PATTERN_SOURCE), 'i'));
/** Every opener names a date, and every date has a digit: most sentences need no opener test. */
const visitOpener = (sentence: string): string | null => {
  if (!/\d/.test(sentence)) return null;
  for (const re of VISIT_OPENERS) {
    const m = re.exec(sentence);
    if (m?.[1]) return m[1];
  }
  return null;
};
const HISTORY = new RegExp(`(?:${alternation(vocab.historyOpeners)})`, 'i');
const LEADING_FINDING_NOISE = /^(?:(?:that|which|the\s+following|findings\s+of|evidence\s+of\s+(?=no\b))\s*:?\s*)?(?:(?:that\s+)?(?:the\s+(?:patient|injured\s+worker|claimant|worker)|he|she)\s+(?:had|has|was\s+found\s+to\s+have)\s+(?:an?\s+)?)?(?:to\s+(?:show|reveal|demonstrate)\s+|showing\s+|revealing\s+(?!for\b)|demonstrating\s+)?/i;
/** `revealed that the left wrist had a fracture`, `documented left knee has a tear`, `indicated there was a fracture`: the clause's subject is not the finding. */
const FINDING_SUBJECT = new RegExp(`^(?:that\\s+)?(?:(?:the\\s+|his\\s+|her\\s+)?(${LATERALITY}${REGION})\\s+(?:has|had|have|was|were|is|are)|there\\s+(?:was|were|is|are))\\s+`, 'i');
/** A clause about a test that is not imaging ends the findings (`..., Electrocardiogram revealed ...`). */
const OTHER_TEST_CLAUSE = new RegExp(`[,;]\\s+(?:and\\s+)?(?:an?\\s+|the\\s+)?(?:${alternation(vocab.otherTests)})(?![A-Za-z])`, 'i');
/** A clause about the worker or what became of the study ends the findings. */
const FINDINGS_END = new RegExp(vocab.findingsEnd, 'i');
const CONTINUATION = new RegExp(vocab.findingsContinuation, 'i');
const ATTRIBUTED = new RegExp(vocab.attributedOpener, 'i');
const QUOTE_OPEN = /^["“]/;
const QUOTE_CLOSE = /["”]/;
/** How many sentences a dated visit's account runs on for. */
const VISIT_REACH = 8;
/** How far back a `the same day` may look for the date it refers to. */
const SAME_DATE_REACH = 400;
/** How far a quoted report may run on past its sentence. */
const QUOTE_REACH = 600;

/** An imaging item of the record, its parts as `Found` where the text states them. */
export interface ImagingItem {
  modality: Modality;
  bodyRegion: Found<string> | null;
  date: Found<string> | string | null;
  findings: Found<string> | null;
  span: Span;
}

const withSpan = <T>(value: T | null, span: Span | undefined): Found<T> | T | null => (value !== null && span ? found(value, span) : value);

export function extractImaging(doc: LetterDoc): ImagingItem[] {
  return findStudies(doc).map((im) => ({
    modality: im.modality,
    bodyRegion: withSpan(im.bodyRegion, im.evidence.bodyRegion) as Found<string> | null,
    date: withSpan(im.date, im.evidence.date),
    findings: withSpan(im.findings, im.evidence.findings) as Found<string> | null,
    span: im.span,
  }));
}

interface Range extends TextRange {
  /** The summary tells the worker's story; a rationale counts only for studies it reports with a result, a date or as prior. */
  rationale: boolean;
}

function findStudies(doc: LetterDoc): FoundImaging[] {
  const { text } = doc;
  const ranges: Range[] = [
    { ...doc.narrative, rationale: false },
    ...doc.rationales.map((r) => ({ ...r, rationale: true })),
  ];
  const found: FoundImaging[] = [];
  for (const range of ranges) {
    // Sentences without a modality word cannot hold a study, but may open a dated visit.
    MODALITY_RE.lastIndex = range.start;
    const firstMention = MODALITY_RE.exec(text);
    MODALITY_RE.lastIndex = 0; // matchAll below copies lastIndex
    if (!firstMention || firstMention.index >= range.end) continue;
    let visitDate: string | null = null;
    let visitAge = 0;
    let previous: { sentence: string; studies: FoundImaging[] } | null = null;
    for (const sent of doc.sentences(range)) {
      const sentence = text.slice(sent.start, sent.end);
      const opener = visitOpener(sentence);
      if (opener) {
        visitDate = parseDate(opener);
        visitAge = 0;
      } else if (++visitAge > VISIT_REACH) visitDate = null;
      const mentions = [...sentence.matchAll(MODALITY_RE)];
      // A list introduced by a colon at the end of the sentence before belongs to that sentence.
      // (Tested only where it matters: for a sentence with a study, or while a visit's date runs on.)
      const historySentence =
        (mentions.length > 0 || visitDate !== null) &&
        (HISTORY.test(sentence) || (previous !== null && /:\s*$/.test(previous.sentence) && HISTORY.test(previous.sentence)));
      // A summary of treatment to date ends the account of the visit before it.
      if (historySentence && !opener) visitDate = null;
      const lastStudy: FoundImaging | undefined = previous?.studies.at(-1);
      // A sentence that goes on with the findings before hands that study on (`At L3-4 ... At L5-S1 ...`).
      const carried: FoundImaging[] = lastStudy && continueFindings(text, sent, lastStudy) ? [lastStudy] : [];
      const studies: FoundImaging[] = [];
      if (mentions.length === 0) {
        previous = { sentence, studies: carried };
        continue;
      }
      const context: SentenceContext = {
        range,
        sent,
        sentence,
        historySentence,
        visitDate: historySentence ? null : visitDate,
        aboutRequest: REQUEST_SENTENCE.test(sentence),
        performedCueEnd: performedCueEnd(sentence, sent.start),
      };
      for (let i = 0; i < mentions.length; i++) {
        const modality = modalityOf(mentions[i]![0]);
        const start = sent.start + mentions[i]!.index;
        let end = start + mentions[i]![0].length;
        let next = i + 1;
        // `magnetic resonance imaging (MRI) of the lumbar spine`: the abbreviation in brackets is part of the name.
        const abbreviation = next < mentions.length ? bracketed(text, end, sent.start + mentions[next]!.index, mentions[next]![0]) : null;
        if (abbreviation !== null && modalityOf(mentions[next]![0]) === modality) {
          end = abbreviation;
          next++;
        }
        // A study named again at the end of its own findings (`revealed unremarkable thoracic spine CT.`) is part of them.
        while (next < mentions.length && endsSentence(text, sent, mentions[next]!) && modalityOf(mentions[next]![0]) === modality) next++;
        const reachEnd = next < mentions.length ? sent.start + mentions[next]!.index : sent.end;
        studies.push(...readMention(doc, context, { modality, start, end }, reachEnd));
        i = next - 1;
      }
      found.push(...studies);
      previous = { sentence, studies: studies.length > 0 ? studies : carried };
    }
  }
  return dedupe(found);
}

interface SentenceContext {
  range: Range;
  sent: SentenceSpan;
  sentence: string;
  historySentence: boolean;
  visitDate: string | null;
  aboutRequest: boolean;
  /** Where the sentence's first performed cue (`had`, `prior`, `dated`) ends; Infinity when none. */
  performedCueEnd: number;
}

function performedCueEnd(sentence: string, base: number): number {
  const cue = PERFORMED.exec(sentence);
  return cue ? base + cue.index + cue[0].length : Infinity;
}

/** Where `(MRI)` ends when the next mention sits alone in brackets right after `end`; else null. */
function bracketed(text: string, end: number, nextStart: number, nextPrinted: string): number | null {
  if (!/^\s*\($/.test(text.slice(end, nextStart))) return null;
  const close = /^\s*\)/.exec(text.slice(nextStart + nextPrinted.length, nextStart + nextPrinted.length + 3));
  return close ? nextStart + nextPrinted.length + close[0].length : null;
}

/** Whether a mention is the last thing its sentence says. */
function endsSentence(text: string, sent: SentenceSpan, mention: RegExpMatchArray): boolean {
  return /^\s*[.;]?\s*$/.test(text.slice(sent.start + mention.index! + mention[0].length, sent.end));
}

/** The studies one modality mention stands for (several when it names a list of regions), or none. */
function readMention(doc: LetterDoc, ctx: SentenceContext, mention: { modality: Modality; start: number; end: number }, reachEnd: number): FoundImaging[] {
  const { text } = doc;
  const { sent, range } = ctx;
  const { modality, start, end } = mention;
  const flags = doc.context(sent, { start, end });
  if (flags.has('negated') || flags.has('otherExperiencer')) return [];
  const after = text.slice(end, reachEnd);
  const before = text.slice(Math.max(sent.start, start - 80), start);
  // `ultrasound guided injection` is a procedure; `therapeutic ultrasound`, `ultrasound treatment` are therapy.
  if (NOT_A_STUDY_AFTER.test(after) || NOT_A_STUDY_BEFORE.test(before)) return [];
  const regionAfter = regionAfterOf(text, end, after);
  const regionEnd = regionAfter ? regionAfter.span[1] : end;
  // `MRI lumbar spine 3/2/2015: L4-5 disc protrusion`: a date and a colon after the study open its findings.
  const colon = COLON_RESULT.exec(text.slice(regionEnd, reachEnd));
  const result = resultIn(after) ?? (colon ? { index: regionEnd - end + colon[0].length, length: 0 } : null);
  const plain = PLAIN_RESULT.exec(after);
  if ((flags.has('requested') || flags.has('hypothetical') || ctx.aboutRequest) && !result && !plain) return [];
  const ownDate = DATE_NEAR.exec(after) ?? null;
  const rightAfter = DATE_RIGHT_AFTER.exec(text.slice(regionEnd, Math.min(reachEnd, regionEnd + 40)));
  let performed: boolean;
  if (range.rationale) {
    // A rationale discusses guidelines and the request; only the clause around the mention says whether it reports a study.
    const clauseStart = sent.start + text.slice(sent.start, start).lastIndexOf(';') + 1;
    const semicolon = text.slice(end, sent.end).indexOf(';');
    const clauseEnd = semicolon >= 0 ? end + semicolon : sent.end;
    const discussion = DISCUSSION.test(text.slice(clauseStart, clauseEnd));
    performed = !discussion && Boolean(result || plain || ownDate || rightAfter || PRIOR.test(before));
  } else {
    performed = Boolean(result || plain || ownDate || rightAfter || ctx.performedCueEnd <= reachEnd || ctx.historySentence);
  }
  if (!performed) return [];
  const region = regionAfter ?? regionBeforeOf(text, sent, start);

  const resultAt = result ? result.index : plain ? plain.index + plain[0].lastIndexOf(plain[1]!) : after.length;
  const date = dateOf(doc, ctx, { start, end, regionEnd }, { ownDate, rightAfter }, resultAt);

  let findings: SpannedText | null = null;
  let subjectRegion: SpannedText | null = null;
  if (result) {
    const read = findingsFrom(text, end + result.index + result.length, reachEnd);
    findings = read.findings;
    subjectRegion = read.region;
  } else if (plain) {
    const ps = end + plain.index + plain[0].lastIndexOf(plain[1]!);
    const tail = PLAIN_RESULT_TAIL.exec(text.slice(ps + plain[1]!.length, reachEnd));
    const v = spanned(text, ps, ps + plain[1]!.length + (tail ? tail[0].length : 0));
    findings = { text: tail ? v.text : v.text.toLowerCase(), span: v.span };
  }
  const bodyRegion = region ?? subjectRegion;
  const spanEnd = Math.max(findings ? findings.span[1] : end, bodyRegion ? bodyRegion.span[1] : end);
  return splitRegions(text, bodyRegion).map((r) => ({
    modality,
    bodyRegion: r?.text ?? null,
    date: date?.value ?? null,
    findings: findings?.text ?? null,
    span: [start, Math.max(end, spanEnd)] as Span,
    evidence: { bodyRegion: r?.span, date: date?.span, findings: findings?.span },
  }));
}

/** The first result verb of a mention's own words, unless negated (`were not noted`). */
function resultIn(after: string): { index: number; length: number } | null {
  const m = RESULT.exec(after);
  if (!m || m.index > vocab.resultWindow || NEGATED_RESULT.test(after.slice(0, m.index))) return null;
  return { index: m.index, length: m[0].length };
}

/** The region named after the modality (`of the right shoulder`, `, lumbar spine,`, `dated ... of the knee`). */
function regionAfterOf(text: string, end: number, after: string): SpannedText | null {
  const regionAfter = REGION_AFTER.exec(after) ?? REGION_AFTER_COMMA.exec(after) ?? REGION_AFTER_DATE.exec(after);
  if (!regionAfter) return null;
  const rs = end + regionAfter.index + regionAfter[0].lastIndexOf(regionAfter[1]!);
  return spanned(text, rs, rs + regionAfter[1]!.length);
}

/** The region named before the modality, or as the subject of `was imaged by` (tried only for a performed study: the patterns end at the mention and cost more). */
function regionBeforeOf(text: string, sent: SentenceSpan, start: number): SpannedText | null {
  const base = Math.max(sent.start, start - 80);
  const before = text.slice(base, start);
  const near = before.slice(-40);
  const regionBefore = REGION_BEFORE.exec(near);
  if (regionBefore) {
    const rs = base + before.length - near.length + regionBefore.index;
    return spanned(text, rs, rs + regionBefore[1]!.length);
  }
  const subject = IMAGED_BY.test(before) ? REGION_SUBJECT.exec(before) : null;
  if (subject) return spanned(text, base + subject.index, base + subject.index + subject[1]!.length);
  return null;
}

/**
 * The study's date: its own (`dated`, `on`, in brackets right after it), one printed just before
 * it, the date just stated when the sentence says `on that date` / `the same day`, else the date
 * of the visit whose account describes it.
 */
function dateOf(
  doc: LetterDoc,
  ctx: SentenceContext,
  { start, end, regionEnd }: { start: number; end: number; regionEnd: number },
  { ownDate, rightAfter }: { ownDate: RegExpExecArray | null; rightAfter: RegExpExecArray | null },
  resultAt: number,
): { value: string | null; span?: Span } | null {
  const { text } = doc;
  const { sent } = ctx;
  if (ownDate && ownDate.index < resultAt) {
    const ds = end + ownDate.index + ownDate[0].lastIndexOf(ownDate[1]!);
    return { value: parseDate(ownDate[1]!), span: [ds, ds + ownDate[1]!.length] };
  }
  if (rightAfter && regionEnd - end + rightAfter.index < resultAt) {
    const ds = regionEnd + rightAfter[0].lastIndexOf(rightAfter[1]!);
    return { value: parseDate(rightAfter[1]!), span: [ds, ds + rightAfter[1]!.length] };
  }
  // Only a date starting within 25 characters counts, so 80 characters back is enough to look.
  const beforeBase = Math.max(sent.start, start - 80);
  const dateBefore = DATE_BEFORE.exec(text.slice(beforeBase, start));
  if (dateBefore && beforeBase + dateBefore.index >= start - 25) {
    const ds = beforeBase + dateBefore.index;
    return { value: parseDate(dateBefore[1]!), span: [ds, ds + dateBefore[1]!.length] };
  }
  const same = SAME_DATE.exec(ctx.sentence);
  if (same) {
    const last = lastDateBefore(doc, sent.start + same.index, Math.max(ctx.range.start, sent.start + same.index - SAME_DATE_REACH));
    if (last) return last;
  }
  return ctx.visitDate ? { value: ctx.visitDate } : null;
}

/** The last date printed in `[from, before)`, with its span. */
function lastDateBefore(doc: LetterDoc, before: number, from: number): { value: string | null; span: Span } | null {
  const starts = doc.dateStarts;
  // Binary search for the last date starting before `before`: a letter may print thousands of dates.
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! < before) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0 && starts[i]! >= from; i--) {
    const at = starts[i]!;
    ANY_DATE_AT.lastIndex = at;
    const m = ANY_DATE_AT.exec(doc.text);
    if (m && at + m[0].length <= before) return { value: parseDate(m[0]), span: [at, at + m[0].length] };
  }
  return null;
}

/**
 * The findings from a result verb to where the mention's words end: quoted findings run to the
 * closing quote; a clause about a test that is not imaging ends them; the clause's own subject
 * (`that the left wrist had`, `there was`) is left out, and a region it names is returned.
 */
function findingsFrom(text: string, from: number, to: number): { findings: SpannedText | null; region: SpannedText | null } {
  let start = from;
  while (start < to && /\s/.test(text[start]!)) start++;
  if (QUOTE_OPEN.test(text.slice(start, start + 1))) {
    const close = QUOTE_CLOSE.exec(text.slice(start + 1, start + 1 + QUOTE_REACH));
    if (close) {
      const v = spanned(text, start + 1, start + 1 + close.index, /[\s.,;:]/);
      return { findings: v.text ? v : null, region: null };
    }
    start++;
  }
  let end = to;
  for (const stop of [OTHER_TEST_CLAUSE, FINDINGS_END]) {
    const m = stop.exec(text.slice(start, end));
    if (m && m.index > 0) end = start + m.index;
  }
  let v = dropLeading(text, spanned(text, start, end, /[\s.,;:"“”]/), LEADING_FINDING_NOISE);
  let region: SpannedText | null = null;
  const subject = FINDING_SUBJECT.exec(text.slice(v.span[0], v.span[1]));
  if (subject) {
    if (subject[1]) {
      const rs = v.span[0] + subject[0].indexOf(subject[1]);
      region = spanned(text, rs, rs + subject[1].length);
    }
    v = spanned(text, v.span[0] + subject[0].length, v.span[1]);
  }
  if (!v.text || /^(?:and|or)$/i.test(v.text)) return { findings: null, region };
  // Words left dangling where the next study's name cut the findings (`..., and a`, `with`) leave the value and the span.
  const dangling = /(?:[\s,;]+(?:and|or|with|but|as\s+well\s+as))?(?:[\s,;]+(?:an?|the|his|her))?$/i.exec(text.slice(v.span[0], v.span[1]));
  if (dangling && dangling[0].length > 0) v = spanned(text, v.span[0], v.span[1] - dangling[0].length);
  return { findings: v, region };
}

/**
 * Findings that go on past the sentence of the study before: a sentence pointing back at it
 * (`It revealed ...`) gives a study without findings its findings; a spine level (`At L3-4 ...`)
 * right after the findings extends them.
 */
function continueFindings(text: string, sent: SentenceSpan, study: FoundImaging): boolean {
  const sentence = text.slice(sent.start, sent.end);
  if (!study.findings) {
    const pointer = ATTRIBUTED.exec(sentence);
    if (!pointer || pointer.index !== 0) return false;
    // `The MRI showed ...` after an x-ray points at another study.
    const named = new RegExp(MODALITY_RE.source, 'i').exec(pointer[0]);
    if (named && modalityOf(named[0]) !== study.modality) return false;
    const read = findingsFrom(text, sent.start + pointer[0].length, sent.end);
    if (!read.findings) return false;
    study.findings = read.findings.text;
    study.evidence.findings = read.findings.span;
    study.span = [study.span[0], Math.max(study.span[1], read.findings.span[1])];
    return true;
  }
  const findingsSpan = study.evidence.findings;
  if (!findingsSpan || !CONTINUATION.test(sentence)) return false;
  // Only right after the findings: nothing but the sentence end between them.
  if (!/^[\s.;"”]*$/.test(text.slice(findingsSpan[1], sent.start))) return false;
  const v = spanned(text, findingsSpan[0], sent.end);
  study.findings = v.text;
  study.evidence.findings = v.span;
  study.span = [study.span[0], Math.max(study.span[1], v.span[1])];
  return true;
}

/** One region, or each region of a comma list (`left ankle, right elbow, and right wrist`); `[null]` when none. */
function splitRegions(text: string, region: SpannedText | null): (SpannedText | null)[] {
  if (!region || !region.text.includes(',')) return [region];
  const out: SpannedText[] = [];
  const [s0, s1] = region.span;
  let from = s0;
  const raw = text.slice(s0, s1);
  for (const m of [...raw.matchAll(new RegExp(REGION_LIST_SEPARATOR.source, 'g')), null]) {
    const to = m ? s0 + m.index : s1;
    const v = spanned(text, from, to);
    if (v.text) out.push(v);
    if (m) from = s0 + m.index + m[0].length;
  }
  return out;
}

/**
 * Same modality, dates equal or one missing, and the same region or one missing: one study;
 * keep what each mention adds. A mention without a region (`the MRI did not show one`, `x-rays`
 * in a list) is the study already named, unless its date says it is another.
 */
function dedupe(items: FoundImaging[]): FoundImaging[] {
  const out: FoundImaging[] = [];
  // `Lumbar MRI` and `MRI of the lumbar spine` name one region.
  const region = (r: string | null) => (r ?? '').toLowerCase().replace(/^(?:the|his|her)\s+/, '').replace(/\s+spine$/, '');
  for (const item of items) {
    const same = out.find(
      (o) =>
        o.modality === item.modality &&
        (o.date === item.date || !o.date || !item.date) &&
        (region(o.bodyRegion) === region(item.bodyRegion) || !o.bodyRegion || !item.bodyRegion),
    );
    if (!same) {
      out.push(item);
      continue;
    }
    if (!same.bodyRegion && item.bodyRegion) { same.bodyRegion = item.bodyRegion; same.evidence.bodyRegion = item.evidence.bodyRegion; }
    if (!same.date && item.date) { same.date = item.date; same.evidence.date = item.evidence.date; }
    if (!same.findings && item.findings) { same.findings = item.findings; same.evidence.findings = item.evidence.findings; }
  }
  return out;
}
