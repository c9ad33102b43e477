/**
 * Evidence spans and how the viewer draws them in the letter.
 *
 * The spans of a record (the definition the browser test checks):
 *   one span per entry of `record.evidence` (keyed by its field path), plus the `span` of every
 *   item of a list whose items carry one (`diagnoses.<i>`, `imaging.<i>`, `services.<i>`).
 *   Sections are not spans: they are outlined, not counted.
 *
 * Each span is drawn as exactly one evidence marker: an element of the letter with `data-key`
 * equal to the span's key. The marker is
 *   - a block (outlined box) when the span is a list item's span and the record has evidence
 *     for a part of that item (`services.2` with `services.2.request`, ...): the whole passage
 *     the item was read from, with its values highlighted inside;
 *   - a value (coloured highlight) otherwise.
 * Spans nest as elements. If two spans cross (neither holds the other), the later one is split
 * into fragments at the crossing; every fragment carries the same `data-key`, the first has the
 * id `ev-<key>` and the others `data-cont`. So:
 *   markers in the page = elements with `data-key` and without `data-cont` = spans in the record,
 * and the text of a marker's fragments, joined, is exactly `text.slice(start, end)`. The letter
 * element's textContent is the normalised text, character for character.
 */
import { esc } from './html.js';
import { fieldClass, fieldOf, fieldStyle, fieldVars } from './fields.js';

export type SpanKind = 'block' | 'value';

export interface EvidenceSpan {
  /** Field path: `dates.decision`, `services.2.request`, `diagnoses.0`, `services.2`. */
  key: string;
  /** The key without list indices: `services.request`. */
  field: string;
  start: number;
  end: number;
  kind: SpanKind;
}

/** What the viewer needs of a record to find its spans. */
export interface SpannedRecord {
  readonly evidence: Readonly<Record<string, readonly [number, number]>>;
  readonly [list: string]: unknown;
}

export interface SectionRange {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

const isSpan = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number';

/** The list-item spans of a record: every top-level list whose items carry `span`. */
function itemSpans(record: SpannedRecord): { key: string; span: [number, number] }[] {
  const out: { key: string; span: [number, number] }[] = [];
  for (const [list, value] of Object.entries(record)) {
    if (list === 'evidence' || !Array.isArray(value)) continue;
    value.forEach((item: unknown, i) => {
      const span = item && typeof item === 'object' ? (item as { span?: unknown }).span : undefined;
      if (isSpan(span)) out.push({ key: `${list}.${i}`, span });
    });
  }
  return out;
}

/** Every span of the record (see the module comment), evidence entries first, then list items. */
export function recordSpans(record: SpannedRecord): EvidenceSpan[] {
  const evidence = Object.entries(record.evidence).map(([key, span]) => ({ key, span: [span[0], span[1]] as [number, number] }));
  const items = itemSpans(record);
  const evidenceKeys = evidence.map((e) => e.key);
  const spans: EvidenceSpan[] = evidence.map(({ key, span }) => ({ key, field: fieldOf(key), start: span[0], end: span[1], kind: 'value' }));
  for (const { key, span } of items) {
    const hasParts = evidenceKeys.some((k) => k.startsWith(`${key}.`));
    spans.push({ key, field: fieldOf(key), start: span[0], end: span[1], kind: hasParts ? 'block' : 'value' });
  }
  return spans;
}

/** A human name for a list item key: `services.0` → `service 1`. */
export function itemLabel(key: string): string {
  const m = /^([A-Za-z]+)\.(\d+)$/.exec(key);
  if (!m) return key;
  return `${fieldStyle(m[1]!).label} ${Number(m[2]) + 1}`;
}

type RangeKind = 'section' | SpanKind;

interface Range {
  kind: RangeKind;
  /** Span key, or the section's index for sections. */
  key: string;
  field: string;
  name: string;
  start: number;
  end: number;
  order: number;
}

interface El {
  range: Range;
  part: number;
  parent: El | null;
  children: (El | string)[];
  /** Drawn as a block box (sections always; block spans when they sit on whole lines). */
  display: boolean;
  /** The text this element (this fragment) holds: `[start, end)`. */
  start: number;
  end: number;
}

const KIND_RANK: Record<RangeKind, number> = { section: 0, block: 1, value: 2 };

export interface MarkedText {
  /** The letter as HTML (to go inside an element with `white-space: pre-wrap`). */
  html: string;
  /** Number of fragments each span key was drawn in (1 unless spans cross). */
  fragments: Map<string, number>;
  /** Spans that had to be clamped into the text, in words. */
  problems: string[];
}

/** Draws the text with every span and section as nested elements (see the module comment). */
export function markText(text: string, spans: readonly EvidenceSpan[], sections: readonly SectionRange[] = []): MarkedText {
  const len = text.length;
  const problems: string[] = [];
  const clamp = (what: string, start: number, end: number): [number, number] => {
    const s = Math.min(Math.max(0, start), len);
    const e = Math.min(Math.max(s, end), len);
    if (s !== start || e !== end) problems.push(`${what} [${start}, ${end}) lies outside the text (${len} characters); drawn as [${s}, ${e})`);
    return [s, e];
  };
  const ranges: Range[] = [];
  sections.forEach((sec, i) => {
    const [start, end] = clamp(`section ${sec.name}`, sec.start, sec.end);
    if (end > start) ranges.push({ kind: 'section', key: String(i), field: '', name: sec.name, start, end, order: 0 });
  });
  for (const sp of spans) {
    const [start, end] = clamp(`span ${sp.key}`, sp.start, sp.end);
    ranges.push({ kind: sp.kind, key: sp.key, field: sp.field, name: sp.key, start, end, order: 0 });
  }
  // Canonical order: sections outermost (they tile the letter); then earlier start, longer range,
  // block before value, key. For ranges that nest, this is the nesting order.
  const notSection = (r: Range) => Number(r.kind !== 'section');
  ranges.sort(
    (a, b) =>
      notSection(a) - notSection(b) ||
      a.start - b.start ||
      b.end - a.end ||
      KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
      a.key.localeCompare(b.key, 'en', { numeric: true }),
  );
  ranges.forEach((r, i) => (r.order = i));

  const nonEmpty = ranges.filter((r) => r.end > r.start);
  const emptyAt = new Map<number, Range[]>();
  for (const r of ranges) if (r.end === r.start && r.kind !== 'section') emptyAt.set(r.start, [...(emptyAt.get(r.start) ?? []), r]);
  const cuts = [...new Set([0, len, ...emptyAt.keys(), ...nonEmpty.flatMap((r) => [r.start, r.end])])].sort((a, b) => a - b);

  const root: El = { range: { kind: 'section', key: '', field: '', name: '', start: 0, end: len, order: -1 }, part: 0, parent: null, children: [], display: true, start: 0, end: len };
  const stack: El[] = [];
  const parts = new Map<string, number>();
  const open = (range: Range, at: number): El => {
    const parent = stack[stack.length - 1] ?? root;
    const part = parts.get(range.key + range.kind) ?? 0;
    parts.set(range.key + range.kind, part + 1);
    const el: El = { range, part, parent, children: [], display: range.kind === 'section', start: at, end: at };
    parent.children.push(el);
    return el;
  };
  const top = (): El => stack[stack.length - 1] ?? root;
  const putEmpty = (pos: number) => {
    for (const r of emptyAt.get(pos) ?? []) open(r, pos);
  };

  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!;
    const b = cuts[i + 1]!;
    const active = nonEmpty.filter((r) => r.start <= a && r.end >= b);
    let keep = 0;
    while (keep < stack.length && keep < active.length && stack[keep]!.range === active[keep]) keep++;
    stack.length = keep;
    for (const r of active.slice(keep)) stack.push(open(r, a));
    putEmpty(a);
    top().children.push(text.slice(a, b));
    for (const el of stack) el.end = b;
  }
  if (len === 0) putEmpty(0);
  else putEmpty(len);

  const fragments = new Map<string, number>();
  for (const sp of spans) fragments.set(sp.key, parts.get(sp.key + sp.kind) ?? 0);

  // Block spans (or a fragment of one) on whole lines, directly inside a section or another
  // block box, become block boxes themselves.
  const atLineStart = (p: number) => p === 0 || text[p - 1] === '\n';
  const atLineEnd = (p: number) => p === len || text[p] === '\n' || text[p - 1] === '\n';
  const decide = (el: El) => {
    for (const c of el.children) {
      if (typeof c === 'string') continue;
      if (c.range.kind === 'block' && el.display && c.end > c.start && atLineStart(c.start) && atLineEnd(c.end)) c.display = true;
      decide(c);
    }
  };
  decide(root);

  return { html: serialize(root.children), fragments, problems };
}

function endsWithNewline(el: El): boolean {
  const last = el.children[el.children.length - 1];
  if (last === undefined) return false;
  return typeof last === 'string' ? last.endsWith('\n') : endsWithNewline(last);
}

function serialize(children: readonly (El | string)[]): string {
  let out = '';
  let hideNewline = false;
  for (const c of children) {
    if (typeof c === 'string') {
      // A block box already ends its line: the newline right after it would draw an empty line.
      if (hideNewline && c.startsWith('\n')) out += `<span class="nlb">\n</span>${esc(c.slice(1))}`;
      else out += esc(c);
      hideNewline = false;
      continue;
    }
    out += element(c);
    hideNewline = c.display && !endsWithNewline(c);
  }
  return out;
}

function element(el: El): string {
  const r = el.range;
  const inner = serialize(el.children);
  if (r.kind === 'section') {
    return `<div class="sec" data-section="${esc(r.name)}" id="sec-${esc(r.key)}${el.part ? `-${el.part}` : ''}">${inner}</div>`;
  }
  const id = el.part === 0 ? ` id="ev-${esc(r.key)}"` : ' data-cont';
  const cls = [
    'ev',
    r.kind === 'block' ? 'blk' : 'val',
    fieldClass(r.field),
    el.display ? 'blkd' : '',
    r.start === r.end ? 'empty' : '',
    r.kind === 'value' && r.end - r.start > 240 ? 'long' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const label = r.kind === 'block' ? ` data-label="${esc(itemLabel(r.key))}${el.part > 0 ? ' (continued)' : ''}"` : '';
  const tag = r.kind === 'value' ? 'mark' : 'span';
  return `<${tag} class="${cls}" data-key="${esc(r.key)}" data-field="${esc(r.field)}" style="${fieldVars(r.field)}"${id}${label}>${inner}</${tag}>`;
}
