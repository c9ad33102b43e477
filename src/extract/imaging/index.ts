/**
 * Imaging studies already performed: modality, body region, date and findings as written.
 * A mention counts only when the letter says it was done (a result, a date, `had`,
 * `prior`); requested, planned, ruled-out or negated imaging is a service or nothing
 * (ConText flags). A study mentioned twice with the same region and date is one item.
 */
import { imaging as vocab } from '../../vocab/index.js';
import type { Modality } from '../../record/schema.js';
import { REQUEST_SENTENCE } from '../../context/index.js';
import { DATE_PATTERN_SOURCE, parseDate } from '../../text/dates.js';
import { dropLeading, spanned } from '../../text/spans.js';
import type { LetterDoc } from '../../document/index.js';
import { found, type Found } from '../found.js';
import type { Span } from '../../record/schema.js';
import { alternation } from '../../text/patterns.js';

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
const MODALITY_RE = new RegExp(`(?<![A-Za-z])(?:${vocab.modalities.map((m) => m.pattern.replace(/ /g, '\\s+')).join('|')})(?![A-Za-z])`, 'gi');
const MODALITY_TESTS = vocab.modalities.map((m) => ({ modality: m.modality as Modality, re: new RegExp(`^(?:${m.pattern.replace(/ /g, '\\s+')})$`, 'i') }));
const modalityOf = (printed: string): Modality => MODALITY_TESTS.find((t) => t.re.test(printed))?.modality ?? 'other';
const LATERALITY = `(?:(?:${vocab.lateralities.join('|')})\\s+)?`;
const REGION = `(?:${[...vocab.bodyRegions].sort((a, b) => b.length - a.length).map((r) => r.replace(/ /g, '\\s+')).join('|')})`;
/** `of the right shoulder`, `of her lumbar spine`, `to the left knee` right after the modality. */
const REGION_AFTER = new RegExp(`^\\s*(?:scans?\\s+|stud(?:y|ies)\\s+|films?\\s+|imaging\\s+|images\\s+)?(?:(?:of|to|for|at)\\s+)?(?:the\\s+|his\\s+|her\\s+|their\\s+)?(${LATERALITY}${REGION}(?:\\s*,\\s*(?:and\\s+)?${LATERALITY}${REGION})*(?:\\s+and\\s+${LATERALITY}${REGION})?)(?![A-Za-z])`, 'i');
/** A comma list of regions (`left ankle, right elbow, and right wrist`) is one study per region; `pelvis and left hip` is one. */
const REGION_LIST_SEPARATOR = /\s*,\s*(?:and\s+)?/;
/** `right shoulder x-rays`, `Lumbar MRI`, `cervical spine MRI` right before it. */
const REGION_BEFORE = new RegExp(`(?<![A-Za-z])(${LATERALITY}${REGION})\\s+(?:(?:spine|joint)\\s+)?$`, 'i');
const RESULT = new RegExp(`(?<![A-Za-z])(?:${alternation(vocab.resultVerbs)})(?![A-Za-z])\\s*:?`, 'i');
const PLAIN_RESULT = new RegExp(`^[^.]{0,60}?(?<![A-Za-z])(?:was|were)\\s+(?:reportedly\\s+|essentially\\s+|otherwise\\s+)?(normal|unremarkable|negative|within\\s+normal\\s+limits)(?![A-Za-z])`, 'i');
const PERFORMED = new RegExp(`(?<![A-Za-z])(?:${alternation(vocab.performedCues)})(?![A-Za-z])`, 'i');
const DATE_NEAR = new RegExp(`^[^.;]{0,80}?(?:dated|on|from|of|done\\s+on|performed\\s+on|obtained\\s+on|taken\\s+on|in)\\s+(${DATE_PATTERN_SOURCE})`, 'i');
const DATE_BEFORE = new RegExp(`(${DATE_PATTERN_SOURCE})\\s*,?\\s*(?:[A-Za-z]+\\s+){0,3}$`, 'i');
const DISCUSSION = new RegExp(`(?<![A-Za-z])(?:${alternation(vocab.discussionCues)})(?![A-Za-z])`, 'i');
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
const LEADING_FINDING_NOISE = /^(?:(?:that|which|the\s+following|findings\s+of|evidence\s+of\s+(?=no\b))\s*:?\s*)?(?:(?:that\s+)?(?:the\s+(?:patient|injured\s+worker|claimant|worker)|he|she)\s+(?:had|has|was\s+found\s+to\s+have)\s+(?:an?\s+)?)?(?:to\s+(?:show|reveal|demonstrate)\s+)?/i;
/** How many sentences a dated visit's account runs on for. */
const VISIT_REACH = 4;

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

function findStudies(doc: LetterDoc): FoundImaging[] {
  const { text } = doc;
  // The summary tells the worker's story; a rationale counts only for studies it reports with a result or a date.
  const ranges = [
    { ...doc.narrative, rationale: false },
    ...doc.items.flatMap((it) => (it.rationale ? [{ start: it.rationale.span[0], end: it.rationale.span[1], rationale: true }] : [])),
  ];
  const found: FoundImaging[] = [];
  for (const range of ranges) {
    let visitDate: string | null = null;
    let visitAge = 0;
    // Sentences without a modality word cannot hold a study, but may open a dated visit.
    MODALITY_RE.lastIndex = range.start;
    const firstMention = MODALITY_RE.exec(text);
    MODALITY_RE.lastIndex = 0; // matchAll below copies lastIndex
    if (!firstMention || firstMention.index >= range.end) continue;
    for (const sent of doc.sentences(range)) {
      const sentence = text.slice(sent.start, sent.end);
      const opener = visitOpener(sentence);
      if (opener) {
        visitDate = parseDate(opener);
        visitAge = 0;
      } else if (++visitAge > VISIT_REACH) visitDate = null;
      const mentions = [...sentence.matchAll(MODALITY_RE)];
      if (mentions.length === 0) continue;
      // Tested once per sentence, not once per mention: a sentence with many mentions stays linear.
      const historySentence = HISTORY.test(sentence);
      const aboutRequest = REQUEST_SENTENCE.test(sentence);
      const discussion = range.rationale && DISCUSSION.test(sentence);
      const performedCue = PERFORMED.exec(sentence);
      const performedCueEnd = performedCue ? sent.start + performedCue.index + performedCue[0].length : Infinity;
      mentions.forEach((m, i) => {
        const modality = modalityOf(m[0]);
        const start = sent.start + m.index;
        const end = start + m[0].length;
        // Where this mention's own words stop: the next mention or the sentence end.
        const reachEnd = i + 1 < mentions.length ? sent.start + mentions[i + 1]!.index : sent.end;
        const flags = doc.context(sent, { start, end });
        const after = text.slice(end, reachEnd);
        const resultMatch = RESULT.exec(after);
        const result = resultMatch && resultMatch.index <= vocab.resultWindow ? resultMatch : null;
        const plain = PLAIN_RESULT.exec(after);
        if (flags.has('negated') || flags.has('otherExperiencer')) return;
        if ((flags.has('requested') || flags.has('hypothetical') || aboutRequest) && !result && !plain) return;
        const ownDate = DATE_NEAR.exec(after) ?? null;
        const performed = range.rationale
          ? (result || plain || ownDate) && !discussion
          : result || plain || ownDate || performedCueEnd <= reachEnd || historySentence;
        if (!performed) return;
        // Only a date starting within 25 characters counts, so 80 characters back is enough to look.
        const beforeBase = Math.max(sent.start, start - 80);
        const dateBefore = DATE_BEFORE.exec(text.slice(beforeBase, start));
        if (/^\s*(?:guided|guidance)\b/i.test(after)) return; // `ultrasound guided injection` is a procedure
        const regionAfter = REGION_AFTER.exec(after);
        const regionBefore = regionAfter ? null : REGION_BEFORE.exec(text.slice(Math.max(sent.start, start - 40), start));
        let bodyRegion: string | null = null;
        let regionSpan: Span | undefined;
        if (regionAfter) {
          const rs = end + regionAfter.index + regionAfter[0].lastIndexOf(regionAfter[1]!);
          const v = spanned(text, rs, rs + regionAfter[1]!.length);
          bodyRegion = v.text;
          regionSpan = v.span;
        } else if (regionBefore) {
          const base = Math.max(sent.start, start - 40);
          const v = spanned(text, base + regionBefore.index, base + regionBefore.index + regionBefore[1]!.length);
          bodyRegion = v.text;
          regionSpan = v.span;
        }
        let date: string | null = null;
        let dateSpan: Span | undefined;
        const resultAt = result ? result.index : plain ? plain.index + plain[0].lastIndexOf(plain[1]!) : after.length;
        if (ownDate && ownDate.index < resultAt) {
          const ds = end + ownDate.index + ownDate[0].lastIndexOf(ownDate[1]!);
          date = parseDate(ownDate[1]!);
          dateSpan = [ds, ds + ownDate[1]!.length];
        } else if (dateBefore && beforeBase + dateBefore.index >= start - 25) {
          date = parseDate(dateBefore[1]!);
          const ds = beforeBase + dateBefore.index;
          dateSpan = [ds, ds + dateBefore[1]!.length];
        } else if (visitDate && !historySentence) {
          date = visitDate;
        }
        let findings: string | null = null;
        let findingsSpan: Span | undefined;
        if (result) {
          const fs = end + result.index + result[0].length;
          const v = dropLeading(text, spanned(text, fs, reachEnd, /[\s.,;:]/), LEADING_FINDING_NOISE);
          if (v.text && !/^(?:and|or)$/i.test(v.text)) {
            findings = v.text.replace(/\s+(?:and|with)$/i, '');
            // The dropped trailing `and` / `with` leaves the span as well as the value.
            const dangling = /\s+(?:and|with)$/i.exec(text.slice(v.span[0], v.span[1]));
            findingsSpan = dangling ? [v.span[0], v.span[1] - dangling[0].length] : v.span;
          }
        } else if (plain) {
          const ps = end + plain.index + plain[0].lastIndexOf(plain[1]!);
          findings = plain[1]!.replace(/\s+/g, ' ').toLowerCase();
          findingsSpan = [ps, ps + plain[1]!.length];
        }
        const spanEnd = findingsSpan ? findingsSpan[1] : regionSpan ? Math.max(end, regionSpan[1]) : end;
        for (const region of splitRegions(text, bodyRegion, regionSpan)) {
          found.push({ modality, bodyRegion: region.text, date, findings, span: [start, spanEnd], evidence: { bodyRegion: region.span, date: dateSpan, findings: findingsSpan } });
        }
      });
    }
  }
  return dedupe(found);
}

function splitRegions(text: string, region: string | null, span: Span | undefined): { text: string | null; span: Span | undefined }[] {
  if (!region || !span || !region.includes(',')) return [{ text: region, span }];
  const out: { text: string | null; span: Span | undefined }[] = [];
  let from = span[0];
  const raw = text.slice(span[0], span[1]);
  for (const m of [...raw.matchAll(new RegExp(REGION_LIST_SEPARATOR.source, 'g')), null]) {
    const to = m ? span[0] + m.index : span[1];
    const v = spanned(text, from, to);
    if (v.text) out.push({ text: v.text, span: v.span });
    if (m) from = span[0] + m.index + m[0].length;
  }
  return out;
}

/** Same modality and region, dates equal or one missing: one study; keep what each mention adds. */
function dedupe(items: FoundImaging[]): FoundImaging[] {
  const out: FoundImaging[] = [];
  // `Lumbar MRI` and `MRI of the lumbar spine` name one region.
  const region = (r: string | null) => (r ?? '').toLowerCase().replace(/^(?:the|his|her)\s+/, '').replace(/\s+spine$/, '');
  for (const item of items) {
    const same = out.find(
      (o) =>
        o.modality === item.modality &&
        // A mention without a region (`the MRI did not show one`) refers back to the study already named.
        ((region(o.bodyRegion) === region(item.bodyRegion) && (o.date === item.date || !o.date || !item.date)) || !o.bodyRegion || !item.bodyRegion),
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
