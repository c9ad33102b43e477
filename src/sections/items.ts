/**
 * Per-item blocks of the decision section: for each disputed item, its request line, the
 * decision, the modification preface (original request / authorised portion), both
 * guideline texts and the rationale, each with its span. Two layouts exist:
 * - decision lines `<request>: Upheld|Overturned` followed by labelled paragraphs
 *   (dwc-header, dwc-prose, maximus-documents, medical-professional-review, unknown);
 * - determination sentences `N) MAXIMUS Federal Services, Inc. has determined the request
 *   for X is [not] medically necessary and appropriate` (maximus-notice).
 * Page breaks and repeated headings inside a block are stepped over.
 */
import type { Decision, Section, Span } from '../record/schema.js';
import { itemLabels as labels } from '../vocab/index.js';
import { foldWhitespace, spanned, trimSpan, type SpannedText } from '../text/spans.js';
import { anyHeadingFor } from './layouts.js';
import type { Format } from '../record/schema.js';
import { alternation } from '../text/patterns.js';
import { findModifiedTo } from './modified-to.js';

export interface ItemBlock {
  span: Span;
  request: SpannedText;
  decision: Decision;
  decisionSpan: Span;
  originalRequest: SpannedText | null;
  authorizedPortion: SpannedText | null;
  claimsAdministratorGuideline: SpannedText | null;
  reviewerGuideline: SpannedText | null;
  rationale: SpannedText | null;
}

const UPHELD = new Set(labels.decisionWords.upheld.map((w) => w.toLowerCase().replace(/\s+/g, ' ')));
const DECISION_WORDS = alternation([...labels.decisionWords.upheld, ...labels.decisionWords.overturned]);
/** A colon, then the decision word ending its line (it may sit alone on the next line). */
const DECISION_LINE = new RegExp(`:[ ]*\\n?[ ]*(${DECISION_WORDS})[ ]*(?=\\n|$)`, 'gi');
const LABEL_RES = {
  claimsAdministratorGuideline: new RegExp(`^(?:${alternation(labels.claimsAdministratorGuideline)})\\s*:`, 'gim'),
  reviewerGuideline: new RegExp(`^(?:${alternation(labels.reviewerGuideline)})\\s*:`, 'gim'),
  rationale: new RegExp(`^(?:${alternation(labels.rationale)})\\s*:`, 'gim'),
} as const;
type LabelName = keyof typeof LABEL_RES;
/** Any item label at a line start (one pattern, tested line by line while walking back over a request). */
const ANY_LABEL = new RegExp(`^(?:${alternation([...labels.claimsAdministratorGuideline, ...labels.reviewerGuideline, ...labels.rationale])})\\s*:`, 'i');
const MODIFICATION = new RegExp(alternation(labels.modificationCues), 'i');
const INTRO = labels.introLines.map((l) => l.toLowerCase());
const ENDS_SENTENCE = /[.:;!?]["')\]]*$/;
/** A `Label: value` line of a letter's header block (`Priority: Standard`). */
const HEADER_FIELD = /^[A-Z][\w ()/'-]{1,40}:\s*\S/;
/** A line that is itself a decision line ends the previous item. */
const ENDS_DECISION = new RegExp(`:\\s*(?:${DECISION_WORDS})\\s*$`, 'i');
const REQUEST_PREFIX = /(?:The\s+remaining\s+IMR\s+eligible\s+portion\s+of\s+the\s+original\s+request|The\s+original\s+request)\s*,?\s*(?:is\s+|was\s+)?/gi;
const ORIGINAL = /(?:^|[.;]\s+)([^.;]+?)\s+was\s+the\s+original\s+request/i;
const AUTHORIZED_BY = /(?:^|[.;]\s+)([^.;]+?)\s+(?:was|were)\s+authorized\s+by\s+the\s+Claims\s+Administrator/i;
const ADMINISTRATOR_AUTHORIZED = /The\s+Claims\s+Administrator\s+(?:authorized|modified\s+the\s+request\s+to)\s+([\s\S]+?)(?:,\s*leaving|\.\s|\.$)/i;

export function findItemBlocks(text: string, sections: Section[], format: Format): ItemBlock[] {
  if (format === 'maximus-notice' || format === 'maximus-documents') {
    const found = findDeterminations(text, sections);
    if (found.length > 0) return found;
  }
  const items = findDecisionLines(text, sections, format);
  if (format === 'medical-professional-review') return withSectionTexts(text, sections, items);
  if (format === 'unknown' && items.length === 0) return findOutcomeRows(text);
  return items;
}

/** `1  Lidoderm 5% patch #30  Denial upheld`, `Item 1 - Lidoderm 5% patch #30. Outcome: denial upheld.` */
const OUTCOME_ROW = /(?:^|\n)[ ]*(?:Item[ ]+)?(\d{1,3})[ ]*[-\u2013.)]?[ ]+([^\n]{1,500}?)[ .]{1,200}(?:Outcome:[ ]*)?(?:(?:the[ ]+)?denial[ ]+(?:is[ ]+|was[ ]+)?)?(upheld|overturned)\.?[ ]*(?=\n|$)/gi;

/**
 * Layouts we have not seen (`unknown`): numbered rows that end in an outcome. The first row
 * of each number gives request and decision; a later row of the same number opens that
 * item's labelled guideline and rationale paragraphs.
 */
function findOutcomeRows(text: string): ItemBlock[] {
  const rows = [...text.matchAll(OUTCOME_ROW)].map((m) => {
    const start = m.index + (m[0].startsWith('\n') ? 1 : 0);
    const requestStart = m.index + m[0].indexOf(m[2]!, m[0].indexOf(m[1]!) + m[1]!.length);
    const wordStart = m.index + m[0].lastIndexOf(m[3]!);
    return { n: Number(m[1]), start, end: m.index + m[0].length, requestStart, requestEnd: requestStart + m[2]!.length, wordStart, word: m[3]! };
  });
  const firsts = rows.filter((r, i) => rows.findIndex((x) => x.n === r.n) === i);
  return firsts.map((r) => {
    const detail = rows.find((x) => x.n === r.n && x !== r);
    const next = detail ? rows.find((x) => x.start > detail.start && x.n !== r.n) : undefined;
    const parts = detail ? labelledParts(text, detail.end, next?.start ?? text.length) : { claimsAdministratorGuideline: null, reviewerGuideline: null, rationale: null };
    return {
      span: trimSpan(text, r.start, r.end, /\s/),
      request: spanned(text, r.requestStart, r.requestEnd, /[\s.,;:]/),
      decision: r.word.toLowerCase() === 'upheld' ? 'upheld' : 'overturned',
      decisionSpan: [r.wordStart, r.wordStart + r.word.length],
      originalRequest: null,
      authorizedPortion: null,
      ...parts,
    };
  });
}

interface Line {
  start: number;
  end: number;
  text: string;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    out.push({ start, end, text: text.slice(start, end) });
    if (nl === -1) return out;
    start = nl + 1;
  }
}

function findDecisionLines(text: string, sections: Section[], format: Format): ItemBlock[] {
  const decisions = sections.find((s) => s.name === 'decisions');
  // Items may begin before the decisions heading (a heading pushed into a block), never before
  // the summary; the issue list (medical-professional-review) comes first of all.
  const starts = sections.filter((s) => ['issue', 'summary', 'decisions'].includes(s.name)).map((s) => s.start);
  const searchFrom = starts.length ? Math.min(...starts) : 0;
  const lines = linesOf(text);
  const anyHeading = anyHeadingFor(format);
  const isTransparent = (l: Line) => anyHeading.test(l.text) || INTRO.includes(l.text.trim().toLowerCase());
  const lineIndexAt = (offset: number) => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid]!.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const heads: { requestStart: number; colon: number; decision: Decision; decisionSpan: Span; end: number }[] = [];
  DECISION_LINE.lastIndex = searchFrom;
  for (let m = DECISION_LINE.exec(text); m; m = DECISION_LINE.exec(text)) {
    const colon = m.index;
    const word = m[1]!;
    const wordStart = m.index + m[0].indexOf(word);
    const li = lineIndexAt(colon);
    const first = requestFirstLine(lines, li, isTransparent);
    if (first === null) continue;
    heads.push({
      requestStart: lines[first]!.start,
      colon,
      decision: UPHELD.has(word.toLowerCase().replace(/\s+/g, ' ')) ? 'upheld' : 'overturned',
      decisionSpan: [wordStart, wordStart + word.length],
      end: m.index + m[0].length,
    });
  }
  return heads.map((h, i) => {
    // The last item runs to the end of the section its decision line is in (the decision
    // section; for medical-professional-review the short issue list).
    const home = sections.find((s) => s.start <= h.colon && h.colon < s.end);
    const sectionEnd = home && home.name !== 'summary' ? home.end : decisions?.end ?? text.length;
    const blockEnd = i + 1 < heads.length ? heads[i + 1]!.requestStart : Math.max(sectionEnd, h.end);
    return buildBlock(text, h.requestStart, h.colon, h.decision, h.decisionSpan, h.end, blockEnd, lines, isTransparent);
  });
}

/**
 * The first line of the request ending at line `li`: walk back while the previous line
 * runs on (no sentence end), stepping over a heading pushed into the block, and through a
 * modification preface. Returns null when the "request" would be a whole paragraph.
 */
function requestFirstLine(lines: Line[], li: number, isTransparent: (l: Line) => boolean): number | null {
  let first = li;
  let i = li - 1;
  while (i >= 0) {
    const prev = lines[i]!;
    const t = prev.text.trim();
    if (t === '') break;
    if (isTransparent(prev)) {
      // Step over headings/intro only when the text above them runs on into this item.
      // A blank line is a paragraph break: never step over one.
      let j = i - 1;
      while (j >= 0 && isTransparent(lines[j]!)) j--;
      const above = j >= 0 ? lines[j]!.text.trim() : '';
      if (above !== '' && !ENDS_SENTENCE.test(above) && !isLabelLine(above) && !HEADER_FIELD.test(above)) {
        i = j;
        continue;
      }
      break;
    }
    if (isLabelLine(t) || ENDS_DECISION.test(t)) break;
    const runsOn = !ENDS_SENTENCE.test(t);
    const blockSoFar = lines.slice(first, li + 1).map((l) => l.text).join(' ');
    const partOfPreface = MODIFICATION.test(t) && MODIFICATION.test(blockSoFar + ' ' + t) && /original request|authorized/i.test(blockSoFar + ' ' + t);
    if (!runsOn && !partOfPreface) break;
    first = i;
    i--;
  }
  if (li - first > 8) return null;
  return first;
}

function isLabelLine(line: string): boolean {
  return ANY_LABEL.test(line.trim());
}

/** The lines lying wholly inside `[from, to)` (lines are in text order: a binary search, not a scan of every line per item). */
function linesWithin(lines: Line[], from: number, to: number): Line[] {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]!.start < from) lo = mid + 1;
    else hi = mid;
  }
  const out: Line[] = [];
  for (let i = lo; i < lines.length && lines[i]!.end <= to; i++) out.push(lines[i]!);
  return out;
}

function buildBlock(
  text: string,
  requestStart: number,
  colon: number,
  decision: Decision,
  decisionSpan: Span,
  headEnd: number,
  blockEnd: number,
  lines: Line[],
  isTransparent: (l: Line) => boolean,
): ItemBlock {
  const head = text.slice(requestStart, colon);
  // The request proper: after the modification preface's last `original request,` when present.
  let requestFrom = requestStart;
  for (const m of head.matchAll(REQUEST_PREFIX)) requestFrom = requestStart + m.index + m[0].length;
  let requestTo = colon;
  const tail = text.slice(requestFrom, colon);
  const isForm = /\s+is\s*$/i.exec(tail);
  if (isForm && requestFrom !== requestStart) requestTo = colon - isForm[0].length;
  // A heading pushed between request lines is not part of the request: its text is left
  // out of the value (the span still covers the whole request, heading included).
  const pushedIn = linesWithin(lines, requestFrom, requestTo).filter(isTransparent);
  // One pushed in before the request's first words or after its last is outside the span too.
  let valueFrom = requestFrom;
  let valueTo = requestTo;
  for (const l of pushedIn) if (text.slice(valueFrom, l.start).trim() === '') valueFrom = Math.min(l.end, valueTo);
  for (const l of [...pushedIn].reverse()) if (l.end <= valueTo && text.slice(l.end, valueTo).trim() === '') valueTo = Math.max(l.start, valueFrom);
  let request = spanned(text, valueFrom, valueTo, /[\s,;:]/);
  if (pushedIn.length > 0) {
    // Cut each heading out where it stands (the same words may also sit inside a request line).
    let value = '';
    let at = request.span[0];
    for (const l of pushedIn) {
      const from = Math.max(l.start, at);
      const to = Math.min(l.end, request.span[1]);
      if (from >= to) continue;
      value += `${text.slice(at, from)} `;
      at = to;
    }
    value += text.slice(at, request.span[1]);
    request = { text: foldWhitespace(value), span: request.span };
  }

  let originalRequest: SpannedText | null = null;
  let authorizedPortion: SpannedText | null = null;
  if (requestFrom !== requestStart) {
    const preface = text.slice(requestStart, requestFrom);
    originalRequest = capture(text, requestStart, preface, ORIGINAL);
    authorizedPortion = capture(text, requestStart, preface, AUTHORIZED_BY) ?? capture(text, requestStart, preface, ADMINISTRATOR_AUTHORIZED);
  }

  const found = labelledParts(text, headEnd, blockEnd);
  return {
    span: trimSpan(text, requestStart, blockEnd, /\s/),
    request,
    decision,
    decisionSpan,
    originalRequest,
    authorizedPortion,
    claimsAdministratorGuideline: found.claimsAdministratorGuideline,
    reviewerGuideline: found.reviewerGuideline,
    rationale: found.rationale,
  };
}

function capture(text: string, base: number, slice: string, re: RegExp): SpannedText | null {
  const m = re.exec(slice);
  if (!m || m[1] === undefined) return null;
  const start = base + m.index + m[0].indexOf(m[1]);
  return spanned(text, start, start + m[1].length);
}

/** Each label's paragraph runs to the next label or the end of the block. */
function labelledParts(text: string, from: number, to: number): Record<LabelName, SpannedText | null> {
  const region = text.slice(from, to);
  const hits: { name: LabelName; start: number; valueStart: number }[] = [];
  for (const name of Object.keys(LABEL_RES) as LabelName[]) {
    const re = new RegExp(LABEL_RES[name].source, 'gim');
    const m = re.exec(region);
    if (m) hits.push({ name, start: from + m.index, valueStart: from + m.index + m[0].length });
  }
  hits.sort((a, b) => a.start - b.start);
  const out: Record<LabelName, SpannedText | null> = { claimsAdministratorGuideline: null, reviewerGuideline: null, rationale: null };
  hits.forEach((h, i) => {
    const end = i + 1 < hits.length ? hits[i + 1]!.start : to;
    const value = spanned(text, h.valueStart, end, /\s/);
    out[h.name] = value.text ? value : null;
  });
  return out;
}

const LEADS = new RegExp(`^(?:${alternation(labels.determinationLead)})\\s+`, 'i');
/** One numbered determination: `N)` or `N.` then text up to `is [not] medically necessary ...`; no colon, no blank line inside. */
const DETERMINATION = /(?:^|\n)[ ]*\d{1,3}[ ]*[).][ ]+((?:(?!\n[ ]*\n)[^:]){1,1000}?)[\s,]+(?:is|was|are|were)\s+(not\s+)?medically\s+necessary(?:\s+and\s+appropriate)?/g;

/**
 * maximus-notice, maximus-documents: the numbered list of determinations gives request and
 * decision; the guideline and rationale groups that follow (one per item, in order, each
 * opened by a claims-administrator guideline label) give the rest.
 */
function findDeterminations(text: string, sections: Section[]): ItemBlock[] {
  const decisions = sections.find((s) => s.name === 'decisions');
  const summary = sections.find((s) => s.name === 'summary');
  const from = decisions?.start ?? 0;
  const to = decisions?.end ?? text.length;
  const heads: { span: Span; request: SpannedText; decision: Decision; decisionSpan: Span; preface: { start: number; end: number } }[] = [];
  DETERMINATION.lastIndex = from;
  for (let m = DETERMINATION.exec(text); m && m.index < to; m = DETERMINATION.exec(text)) {
    const bodyStart = m.index + m[0].indexOf(m[1]!);
    let requestFrom = bodyStart;
    const lead = LEADS.exec(m[1]!);
    if (lead) requestFrom += lead[0].length;
    const body = text.slice(requestFrom, bodyStart + m[1]!.length);
    let prefaceEnd = requestFrom;
    for (const p of body.matchAll(REQUEST_PREFIX)) prefaceEnd = requestFrom + p.index + p[0].length;
    const notAt = m[2] ? m.index + m[0].lastIndexOf(m[2]) : -1;
    const necessaryAt = m.index + m[0].search(/medically\s+necessary/i);
    const decisionStart = notAt >= 0 ? notAt : necessaryAt;
    heads.push({
      span: trimSpan(text, bodyStart, m.index + m[0].length, /\s/),
      request: spanned(text, prefaceEnd, bodyStart + m[1]!.length, /[\s,;:]/),
      decision: m[2] ? 'upheld' : 'overturned',
      decisionSpan: [decisionStart, m.index + m[0].length],
      preface: { start: requestFrom, end: prefaceEnd },
    });
  }
  // The per-item groups, each opened by a claims-administrator guideline label: either
  // interleaved (each right after its determination) or all after the list, in order.
  const caLabel = new RegExp(LABEL_RES.claimsAdministratorGuideline.source, 'gim');
  const allGroups = [...text.matchAll(caLabel)].map((g) => g.index);
  const interleaved = heads.length > 1 && allGroups.some((g) => g > heads[0]!.span[1] && g < heads[1]!.span[0]);
  const afterList = allGroups.filter((g) => g > (heads[heads.length - 1]?.span[1] ?? from));
  const groupStarts = interleaved ? heads.map((h) => allGroups.find((g) => g > h.span[1])) : afterList;
  /** Where group i ends: the next head or group (or the numbered `N) Regarding ...` line above it), or its section's end. */
  const groupEnd = (i: number, gStart: number) => {
    const next = interleaved ? heads[i + 1]?.span[0] : afterList[i + 1];
    let end = next ?? text.length;
    if (!interleaved && next !== undefined) {
      const prevLineStart = text.lastIndexOf('\n', next - 2) + 1;
      if (/^\s*\d{1,3}\s*[).]/.test(text.slice(prevLineStart, next))) end = prevLineStart;
    }
    const section = sections.find((s) => s.start <= gStart && gStart < s.end);
    return Math.min(end, section?.end ?? text.length);
  };
  return heads.map((h, i) => {
    const gStart = groupStarts[i];
    let parts: Record<LabelName, SpannedText | null> = { claimsAdministratorGuideline: null, reviewerGuideline: null, rationale: null };
    if (gStart !== undefined && (i + 1 >= heads.length || !interleaved || gStart < heads[i + 1]!.span[0])) {
      parts = labelledParts(text, gStart, groupEnd(i, gStart));
    }
    const preface = text.slice(h.preface.start, h.preface.end);
    let originalRequest = h.preface.end > h.preface.start ? capture(text, h.preface.start, preface, ORIGINAL) : null;
    let authorizedPortion = h.preface.end > h.preface.start ? capture(text, h.preface.start, preface, AUTHORIZED_BY) ?? capture(text, h.preface.start, preface, ADMINISTRATOR_AUTHORIZED) : null;
    if (!originalRequest && !authorizedPortion) {
      // No preface: an older notice states the modification in the summary (`X is modified to Y`).
      const modified = findModifiedTo(text, summary?.start ?? 0, summary?.end ?? text.length, h.request);
      if (modified) ({ originalRequest, authorizedPortion } = modified);
    }
    return {
      span: h.span,
      request: h.request,
      decision: h.decision,
      decisionSpan: h.decisionSpan,
      originalRequest,
      authorizedPortion,
      ...parts,
    };
  });
}

/**
 * medical-professional-review: decision lines sit under ISSUE AT DISPUTE; the reviewer's
 * guidelines and the rationale are whole sections, shared by the letter's items.
 */
function withSectionTexts(text: string, sections: Section[], items: ItemBlock[]): ItemBlock[] {
  const reviewerGuideline = sectionParts(text, sections, 'guidelines', items.length);
  const rationale = sectionParts(text, sections, 'rationale', items.length);
  return items.map((it, i) => ({
    ...it,
    reviewerGuideline: it.reviewerGuideline ?? reviewerGuideline[i] ?? null,
    rationale: it.rationale ?? rationale[i] ?? null,
  }));
}

/**
 * A section's body for each of `n` items: numbered parts (`1. <request>: text`) when the
 * section has one per item, else the whole body for every item.
 */
function sectionParts(text: string, sections: Section[], name: string, n: number): (SpannedText | null)[] {
  const s = sections.find((x) => x.name === name);
  if (!s) return [];
  const headingEnd = text.indexOf('\n', s.start);
  const bodyStart = headingEnd === -1 ? s.end : headingEnd + 1;
  const numbered = [...text.slice(bodyStart, s.end).matchAll(/(?:^|\n)[ ]*\d{1,3}[ ]*[.)][ ]+(?:[^:\n]{1,200}:[ ]+)?/g)];
  if (n > 1 && numbered.length === n) {
    return numbered.map((m, i) => {
      const start = bodyStart + m.index + m[0].length;
      const end = i + 1 < numbered.length ? bodyStart + numbered[i + 1]!.index : s.end;
      const v = spanned(text, start, end, /\s/);
      return v.text ? v : null;
    });
  }
  const whole = spanned(text, bodyStart, s.end, /\s/);
  return Array.from({ length: n }, () => (whole.text ? whole : null));
}
