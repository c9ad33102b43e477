/**
 * The record side of the viewer: every field of the extracted record, each value that has
 * evidence a button that takes the reader to it in the letter. With a gold record the pane shows
 * prediction and gold side by side, list items paired the way the scorer pairs them, and marks
 * each row same / lenient / wrong / missed / spurious. The rows follow the record schema's field
 * tree (labels from its metadata), so a field added to the schema is shown without code here.
 */
import type { Pairing } from '../eval/pair.js';
import { comparable, pairList, shown } from '../eval/score.js';
import { flattenFields, RECORD_FIELDS, valueAt, type FieldNode, type ObjectList, type StringList } from '../record/fields.js';
import type { GoldRecord } from '../record/gold.js';
import type { ImrRecord } from '../record/schema.js';
import { clip, esc } from './html.js';
import { fieldClass, fieldOf, fieldStyle, fieldVars } from './fields.js';
import { itemLabel } from './markers.js';

export type RowStatus = 'same' | 'lenient' | 'wrong' | 'miss' | 'spurious' | 'none';

/** A value on one side: its text (null: none) and, for the prediction, its evidence key. */
interface Cell {
  text: string | null;
  key?: string;
  /** Cut the shown text to this length (the full text is in the letter). */
  max?: number;
}

interface Row {
  label: string;
  pred: Cell | null;
  /** `na`: gold has no such field (source, extractor version). */
  gold: Cell | null | 'na';
  status: RowStatus;
}

interface Block {
  title: string;
  /** Evidence key of the whole item (`services.0`), when it has a span. */
  key?: string;
  status: RowStatus;
  rows: Row[];
}

interface Group {
  title: string;
  rows: Row[];
  blocks: Block[];
  empty?: string;
}

export interface RecordPaneInput {
  record: ImrRecord | null;
  gold?: GoldRecord | null;
  /** Keys that have a marker in the letter (values with evidence). */
  spanKeys: ReadonlySet<string>;
}

/** The status of a value pair: both compared as the scorer compares them. */
function compare(pred: unknown, gold: unknown, date = false): RowStatus {
  const p = comparable(pred, date);
  const g = comparable(gold, date);
  if (p === g) return p === null || p === '[]' ? 'none' : 'same';
  if (g === null || g === '[]') return 'spurious';
  if (p === null || p === '[]') return 'miss';
  return 'wrong';
}

/** Fields whose values are computed rather than read from one place carry no evidence span. */
const DERIVED = new Set(flattenFields().filter((n) => n.meta?.derived).map((n) => n.path));

function cellHtml(c: Cell | null, spanKeys: ReadonlySet<string>): string {
  if (!c || c.text === null) return '<span class="null">none</span>';
  const shownText = c.max ? clip(c.text, c.max) : c.text;
  const full = shownText !== c.text ? ` title="${esc(clip(c.text, 1200))}"` : '';
  if (c.key && spanKeys.has(c.key)) {
    const field = fieldOf(c.key);
    return `<button type="button" class="go ${fieldClass(field)}" data-target="${esc(c.key)}" style="${fieldVars(field)}"${full}>${esc(shownText)}</button>`;
  }
  const flag = c.key && !DERIVED.has(fieldOf(c.key));
  return `<span class="plain"${full}>${esc(shownText)}</span>${flag ? '<span class="noev" title="this value has no evidence span">no span</span>' : ''}`;
}

const STATUS_TEXT: Record<RowStatus, string> = {
  same: '',
  none: '',
  lenient: 'lenient',
  wrong: 'wrong',
  miss: 'missed',
  spurious: 'spurious',
};

function rowHtml(r: Row, sideBySide: boolean, spanKeys: ReadonlySet<string>): string {
  const badge = STATUS_TEXT[r.status] ? `<span class="badge b-${r.status}">${STATUS_TEXT[r.status]}</span>` : '';
  const gold = sideBySide ? `<td class="gold">${r.gold === 'na' ? '' : cellHtml(r.gold, spanKeys)}</td>` : '';
  return `<tr class="st-${r.status}"><th scope="row">${esc(r.label)}${badge}</th><td class="pred">${cellHtml(r.pred, spanKeys)}</td>${gold}</tr>`;
}

function tableHtml(rows: readonly Row[], sideBySide: boolean, spanKeys: ReadonlySet<string>): string {
  if (rows.length === 0) return '';
  const head = sideBySide ? '<thead><tr><th></th><th>prediction</th><th>gold</th></tr></thead>' : '';
  return `<table class="rec${sideBySide ? ' sbs' : ''}">${head}<tbody>${rows.map((r) => rowHtml(r, sideBySide, spanKeys)).join('')}</tbody></table>`;
}

function blockHtml(b: Block, sideBySide: boolean, spanKeys: ReadonlySet<string>): string {
  const badge = STATUS_TEXT[b.status] ? ` <span class="badge b-${b.status}">${STATUS_TEXT[b.status]}</span>` : '';
  const title =
    b.key && spanKeys.has(b.key)
      ? `<button type="button" class="go item ${fieldClass(fieldOf(b.key))}" data-target="${esc(b.key)}" style="${fieldVars(fieldOf(b.key))}">${esc(b.title)}</button>`
      : `<span class="item">${esc(b.title)}</span>`;
  return `<div class="block st-${b.status}"><div class="block-title">${title}${badge}</div>${tableHtml(b.rows, sideBySide, spanKeys)}</div>`;
}

function groupHtml(g: Group, sideBySide: boolean, spanKeys: ReadonlySet<string>): string {
  const body =
    g.rows.length === 0 && g.blocks.length === 0
      ? `<p class="muted small">${esc(g.empty ?? 'none')}</p>`
      : tableHtml(g.rows, sideBySide, spanKeys) + g.blocks.map((b) => blockHtml(b, sideBySide, spanKeys)).join('');
  return `<section class="group"><h3>${esc(g.title)}</h3>${body}</section>`;
}

/**
 * Rows in gold order (matched and missed), then the spurious predictions, each with its pairing
 * status. Without gold (`sideBySide` false) every prediction is a row with no status.
 */
function pairedRows<T extends { status: RowStatus }>(
  pairing: Pairing,
  make: (gold: number | null, pred: number | null) => T,
  sideBySide = true,
): T[] {
  if (!sideBySide) return pairing.spurious.map((p) => ({ ...make(null, p), status: 'none' as RowStatus }));
  const byGold: { g: number; row: T }[] = [
    ...pairing.pairs.map((pair) => ({ g: pair.gold, row: { ...make(pair.gold, pair.pred), status: (pair.strict ? 'same' : 'lenient') as RowStatus } })),
    ...pairing.missed.map((g) => ({ g, row: { ...make(g, null), status: 'miss' as RowStatus } })),
  ].sort((a, b) => a.g - b.g);
  return [...byGold.map((x) => x.row), ...pairing.spurious.map((p) => ({ ...make(null, p), status: 'spurious' as RowStatus }))];
}

const worst = (rows: readonly Row[]): RowStatus =>
  rows.some((r) => r.status === 'wrong' || r.status === 'miss' || r.status === 'spurious') ? 'wrong' : rows.some((r) => r.status === 'lenient') ? 'lenient' : 'same';

/** A matched item whose attributes differ is shown as `wrong`. */
const withAttributes = (b: Block): Block =>
  (b.status === 'same' || b.status === 'lenient') && worst(b.rows) === 'wrong' ? { ...b, status: 'wrong' } : b;

/** Long free text is cut in the pane (the whole of it is in the letter). */
const MAX_SHOWN = 220;

/** What is shown of a list inside an item (a service's citations): its items' values joined. */
function joined(node: ObjectList | StringList, v: unknown): string | null {
  const items = (v ?? []) as unknown[];
  if (items.length === 0) return null;
  if (node.kind === 'strings') return items.join(', ');
  return items.map((i) => node.fields.map((f) => (f.kind === 'leaf' ? shown((i as Record<string, unknown>)[f.key]) : null)).filter(Boolean).join(' · ')).join('; ');
}

/**
 * Rows for the fields of one object: `pred` and `gold` the two objects (`gold` null: no gold
 * item; a field the gold does not annotate shows nothing on the gold side), `key` the evidence path of the prediction's object ('' for the
 * record itself, null when there is no prediction), `sbs` whether the pane shows gold beside it.
 */
function fieldRows(nodes: readonly FieldNode[], pred: unknown, gold: unknown, key: string | null, sbs: boolean): Row[] {
  const rows: Row[] = [];
  const at = (k: string) => (key === null ? undefined : key ? `${key}.${k}` : k);
  for (const n of nodes) {
    const p = valueAt(pred, [n.key]);
    const g = valueAt(gold, [n.key]);
    if (n.kind === 'group') {
      rows.push(...fieldRows(n.fields, p, g, key === null ? null : at(n.key)!, sbs));
      continue;
    }
    if (n.kind === 'leaf' && (n.value === 'span' || n.value === 'json')) continue;
    if (n.kind === 'strings') {
      // A row per item, each reaching its own evidence (`reviewer.licensure.1`, `services.0.normalized.bodyRegions.0`).
      const items = (p ?? []) as string[];
      rows.push(...stringListRows(n, pred === null || pred === undefined ? null : items, !sbs || gold === null || g === undefined ? undefined : ((g ?? []) as string[]), key === null ? null : at(n.key)!));
      continue;
    }
    const value = (v: unknown) => (n.kind === 'leaf' ? shown(v) : joined(n, v));
    const scored = n.meta.score.kind !== 'none' && gold !== null && g !== undefined;
    rows.push({
      label: n.meta.label,
      pred: pred === null || pred === undefined ? null : { text: value(p), ...(n.kind === 'leaf' ? { key: at(n.key), max: MAX_SHOWN } : {}) },
      gold: !sbs || gold === null ? null : g === undefined ? 'na' : { text: value(g), max: MAX_SHOWN },
      status: sbs && scored ? compare(n.kind === 'leaf' ? p : value(p), n.kind === 'leaf' ? g : value(g), n.kind === 'leaf' && n.value === 'date') : 'none',
    });
  }
  return rows;
}

/** A list of strings: a row per item, paired with gold; `key` the evidence path of the list (null: no prediction). */
function stringListRows(node: StringList, pred: readonly string[] | null, gold: readonly string[] | undefined, key: string | null = node.path): Row[] {
  const p = pred ?? [];
  const sbs = gold !== undefined;
  const pairing = sbs ? pairList(node, gold, p) : { pairs: [], missed: [], spurious: p.map((_, i) => i) };
  return pairedRows(
    pairing,
    (gi, pi) => ({
      label: `${node.meta.label} ${(pi ?? gi ?? 0) + 1}`,
      pred: pi === null ? null : { text: p[pi]!, ...(key === null ? {} : { key: `${key}.${pi}` }) },
      gold: sbs ? (gi === null ? null : { text: gold[gi]! }) : null,
      status: 'none' as RowStatus,
    }),
    sbs,
  );
}

/** A top-level list of objects: a block per item, paired with gold. */
function objectListBlocks(node: ObjectList, pred: readonly unknown[] | null, gold: readonly unknown[] | undefined): Block[] {
  const p = pred ?? [];
  const sbs = gold !== undefined;
  const pairing = sbs ? pairList(node, gold, p) : { pairs: [], missed: [], spurious: p.map((_, i) => i) };
  const itemRule = node.meta.score.kind === 'list' ? node.meta.score.itemText ?? [] : [];
  const titleText = (item: unknown) => clip(itemRule.map((k) => shown((item as Record<string, unknown>)[k])).filter(Boolean).join(' ') || '(none)', 60);
  return pairedRows(
    pairing,
    (gi, pi) => {
      const pItem = pi === null ? null : p[pi];
      const gItem = gi === null ? undefined : gold![gi];
      const key = pi === null ? null : `${node.path}.${pi}`;
      const rows = fieldRows(node.fields, pItem, gItem ?? null, key, sbs);
      const title = key !== null ? `${itemLabel(key)}: ${titleText(pItem)}` : `gold ${node.meta.label} ${(gi ?? 0) + 1}: ${titleText(gItem)}`;
      return { title, ...(key !== null ? { key } : {}), rows, status: 'none' as RowStatus };
    },
    sbs,
  ).map(withAttributes);
}

/** Fields kept out of the pane: bookkeeping the letter's header already shows, and offsets. */
const NOT_SHOWN = new Set(['schemaVersion', 'sections', 'evidence']);

const title = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

function buildGroups(record: ImrRecord | null, gold: GoldRecord | null | undefined): Group[] {
  const sbs = gold !== undefined && gold !== null;
  const g: unknown = sbs ? gold : undefined;
  const key = record ? '' : null;
  const groups: Group[] = [{ title: 'Letter', rows: [], blocks: [] }];
  for (const node of RECORD_FIELDS) {
    if (NOT_SHOWN.has(node.key)) continue;
    const pv = record ? valueAt(record, [node.key]) : null;
    const gv = valueAt(g, [node.key]);
    if (node.kind === 'leaf') groups[0]!.rows.push(...fieldRows([node], record, g, key, sbs));
    else if (node.kind === 'group') groups.push({ title: title(node.key), rows: fieldRows(node.fields, pv, gv, record ? node.key : null, sbs), blocks: [] });
    else if (node.kind === 'strings') {
      const rows = stringListRows(node, (pv ?? null) as string[] | null, sbs ? ((gv ?? []) as string[]) : undefined);
      groups.push({ title: title(node.key), rows, blocks: [], empty: `no ${node.meta.label}` });
    } else {
      const blocks = objectListBlocks(node, (pv ?? null) as unknown[] | null, sbs ? ((gv ?? []) as unknown[]) : undefined);
      groups.push({ title: title(node.key), rows: [], blocks, empty: `no ${node.meta.label}` });
    }
  }
  return groups;
}

/** The record pane's HTML. */
export function renderRecordPane(input: RecordPaneInput): string {
  const sideBySide = input.gold !== undefined && input.gold !== null;
  const groups = buildGroups(input.record, input.gold);
  const sections = input.record?.sections ?? [];
  const sectionList =
    sections.length > 0
      ? `<section class="group"><h3>Sections</h3><ul class="sections">${sections
          .map(
            (s, i) =>
              `<li><button type="button" class="go-sec" data-section-target="sec-${i}">${esc(s.name)}</button> <span class="muted mono">[${s.start}, ${s.end})</span></li>`,
          )
          .join('')}</ul></section>`
      : '';
  return groups.map((g) => groupHtml(g, sideBySide, input.spanKeys)).join('') + sectionList;
}

/** Legend chips for the fields that have markers in the letter. */
export function legendHtml(fields: readonly string[]): string {
  return fields
    .map((f) => `<button type="button" class="chip ${fieldClass(f)}" data-field="${esc(f)}" style="${fieldVars(f)}" title="show or hide ${esc(fieldStyle(f).label)}"><i></i>${esc(fieldStyle(f).label)}</button>`)
    .join('');
}
