/**
 * The record side of the viewer: every field of the extracted record, each value that has
 * evidence a button that takes the reader to it in the letter. With a gold record the pane shows
 * prediction and gold side by side, list items paired the way the scorer pairs them, and marks
 * each row same / lenient / wrong / missed / spurious.
 */
import { normDate, normText } from '../eval/normalize.js';
import { pairItems, type Pairing } from '../eval/pair.js';
import type { GoldRecord } from '../record/gold.js';
import type { ImrRecord } from '../record/schema.js';
import { clip, esc } from './html.js';
import { fieldClass, fieldOf, fieldStyle, fieldVars } from './fields.js';
import { itemLabel } from './spans.js';

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

type Scalar = string | number | null | undefined;
const str = (v: Scalar): string | null => (v === null || v === undefined ? null : String(v));

function compare(a: string | null, b: string | null, date = false): RowStatus {
  const n = (x: string | null) => (x === null ? null : date ? normDate(x) : normText(x));
  const p = n(a);
  const g = n(b);
  if (p === g) return p === null ? 'none' : 'same';
  if (g === null) return 'spurious';
  if (p === null) return 'miss';
  return 'wrong';
}

/** Values inferred rather than read from one place: no evidence span is expected. */
const DERIVED = /\.(?:category|modality)$/;

function cellHtml(c: Cell | null, spanKeys: ReadonlySet<string>): string {
  if (!c || c.text === null) return '<span class="null">none</span>';
  const shown = c.max ? clip(c.text, c.max) : c.text;
  const full = shown !== c.text ? ` title="${esc(clip(c.text, 1200))}"` : '';
  if (c.key && spanKeys.has(c.key)) {
    const field = fieldOf(c.key);
    return `<button type="button" class="go ${fieldClass(field)}" data-target="${esc(c.key)}" style="${fieldVars(field)}"${full}>${esc(shown)}</button>`;
  }
  const flag = c.key && !DERIVED.test(c.key);
  return `<span class="plain"${full}>${esc(shown)}</span>${flag ? '<span class="noev" title="this value has no evidence span">no span</span>' : ''}`;
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

/** Rows of one string list (prediction items carry `<prefix>.<i>` evidence keys), paired with gold. */
function stringListRows(label: string, prefix: string, pred: readonly string[] | null, gold: readonly string[] | null | undefined): Row[] {
  const p = pred ?? [];
  if (gold === undefined || gold === null) {
    return p.map((text, i) => ({ label, pred: { text, key: `${prefix}.${i}` }, gold: null, status: 'none' as RowStatus }));
  }
  return pairedRows(pairItems(gold, p), (gi, pi) => ({
    label,
    pred: pi === null ? null : { text: p[pi]!, key: `${prefix}.${pi}` },
    gold: gi === null ? null : { text: gold[gi]! },
    status: 'none',
  }));
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

/** A matched item whose attributes differ is shown as `wrong`. */
const withAttributes = (b: Block): Block =>
  (b.status === 'same' || b.status === 'lenient') && worst(b.rows) === 'wrong' ? { ...b, status: 'wrong' } : b;

/** Scalars the scorer does not score (shown side by side, never marked). */
const UNSCORED = new Set(['injury.mechanism']);

function scalarRow(label: string, key: string, pred: Scalar, gold: Scalar | undefined, sideBySide: boolean, date = false): Row {
  const p = str(pred);
  const g = gold === undefined ? null : str(gold);
  const status = sideBySide && !UNSCORED.has(key) ? compare(p, g, date) : 'none';
  return { label, pred: { text: p, key }, gold: sideBySide ? { text: g } : null, status };
}

const worst = (rows: readonly Row[]): RowStatus =>
  rows.some((r) => r.status === 'wrong' || r.status === 'miss' || r.status === 'spurious') ? 'wrong' : rows.some((r) => r.status === 'lenient') ? 'lenient' : 'same';

function buildGroups(record: ImrRecord | null, gold: GoldRecord | null | undefined): Group[] {
  const sbs = gold !== undefined && gold !== null;
  const r = record;
  const g = gold ?? undefined;
  const groups: Group[] = [];

  groups.push({
    title: 'Letter',
    rows: [
      { label: 'format', pred: { text: r?.format ?? null }, gold: sbs ? { text: g!.format } : null, status: sbs ? compare(r?.format ?? null, g!.format) : 'none' },
      ...(r
        ? [
            { label: 'source', pred: { text: r.source.path }, gold: 'na' as const, status: 'none' as RowStatus },
            { label: 'kind / pages', pred: { text: `${r.source.kind}${r.source.pages ? `, ${r.source.pages} page(s)` : ''}${r.source.engine ? `, read by ${r.source.engine}` : ''}` }, gold: 'na' as const, status: 'none' as RowStatus },
            { label: 'sha256', pred: { text: r.source.sha256 }, gold: 'na' as const, status: 'none' as RowStatus },
            { label: 'extractor', pred: { text: r.extractorVersion }, gold: 'na' as const, status: 'none' as RowStatus },
          ]
        : []),
    ],
    blocks: [],
  });

  groups.push({
    title: 'Header',
    rows: [
      scalarRow('case number', 'caseNumber', r?.caseNumber, g?.caseNumber, sbs),
      scalarRow('date assigned', 'dates.assigned', r?.dates.assigned, g?.dates.assigned, sbs, true),
      scalarRow('decision date', 'dates.decision', r?.dates.decision, g?.dates.decision, sbs, true),
      scalarRow('UR denial date', 'dates.urDenial', r?.dates.urDenial, g?.dates.urDenial, sbs, true),
      scalarRow('application received', 'dates.applicationReceived', r?.dates.applicationReceived, g?.dates.applicationReceived, sbs, true),
      scalarRow('priority', 'priority', r?.priority, g?.priority, sbs),
    ],
    blocks: [],
  });

  groups.push({
    title: 'Patient and injury',
    rows: [
      scalarRow('age', 'patient.age', r?.patient.age, g?.patient.age, sbs),
      scalarRow('sex', 'patient.sex', r?.patient.sex, g?.patient.sex, sbs),
      scalarRow('injury date', 'injury.date', r?.injury.date, g?.injury.date, sbs, true),
      scalarRow('employer', 'injury.employer', r?.injury.employer, g?.injury.employer, sbs),
      scalarRow('mechanism', 'injury.mechanism', r?.injury.mechanism, g?.injury.mechanism, sbs),
    ],
    blocks: [],
  });

  groups.push({
    title: 'Reviewer',
    rows: [
      ...stringListRows('licensure', 'reviewer.licensure', r?.reviewer.licensure ?? null, g?.reviewer.licensure),
      ...stringListRows('specialty', 'reviewer.specialties', r?.reviewer.specialties ?? null, g?.reviewer.specialties),
    ],
    blocks: [],
    empty: 'no licensure or specialty',
  });

  groups.push({
    title: 'Diagnoses',
    rows: stringListRows(
      'diagnosis',
      'diagnoses',
      r ? r.diagnoses.map((d) => d.text) : null,
      g ? g.diagnoses.map((d) => d.text) : undefined,
    ).map((row, i) => ({ ...row, label: `diagnosis ${i + 1}` })),
    blocks: [],
    empty: 'no diagnoses',
  });

  const pi = r?.imaging ?? [];
  const gi = g?.imaging ?? [];
  const imagingPairing: Pairing = sbs
    ? pairItems(
        gi.map((x) => x.bodyRegion ?? ''),
        pi.map((x) => x.bodyRegion ?? ''),
        { compatible: (a, b) => gi[a]!.modality === pi[b]!.modality, tieBreak: (a, b) => Number(gi[a]!.date === pi[b]!.date) },
      )
    : { pairs: [], missed: [], spurious: pi.map((_, i) => i) };
  groups.push({
    title: 'Imaging',
    rows: [],
    blocks: pairedRows(imagingPairing, (ga, pa) => {
      const p = pa === null ? null : pi[pa]!;
      const q = ga === null ? null : gi[ga]!;
      const k = (attr: string) => (pa === null ? undefined : `imaging.${pa}.${attr}`);
      const row = (label: string, attr: string, pv: string | null | undefined, gv: string | null | undefined, date = false): Row => ({
        label,
        pred: p ? { text: pv ?? null, key: k(attr) } : null,
        gold: sbs ? (q ? { text: gv ?? null } : null) : null,
        status: sbs && p && q ? compare(pv ?? null, gv ?? null, date) : 'none',
      });
      const rows = [
        row('modality', 'modality', p?.modality, q?.modality),
        row('body region', 'bodyRegion', p?.bodyRegion, q?.bodyRegion),
        row('date', 'date', p?.date, q?.date, true),
        { ...row('findings', 'findings', p?.findings, q?.findings), ...(p ? { pred: { text: p.findings, key: k('findings'), max: 220 } } : {}) },
      ];
      const title = pa !== null ? itemLabel(`imaging.${pa}`) : `gold imaging ${(ga ?? 0) + 1}`;
      return { title, ...(pa !== null ? { key: `imaging.${pa}` } : {}), rows, status: 'none' as RowStatus };
    }, sbs).map(withAttributes),
    empty: 'no imaging',
  });

  groups.push({
    title: 'Medications',
    rows: stringListRows('medication', 'medications', r?.medications ?? null, g?.medications).map((row, i) => ({ ...row, label: `medication ${i + 1}` })),
    blocks: [],
    empty: 'no medications',
  });

  const ps = r?.services ?? [];
  const gs = g?.services ?? [];
  const servicePairing: Pairing = sbs
    ? pairItems(
        gs.map((s) => s.request),
        ps.map((s) => s.request),
        { tieBreak: (a, b) => Number(gs[a]!.decision === ps[b]!.decision) + Number(gs[a]!.category === ps[b]!.category) },
      )
    : { pairs: [], missed: [], spurious: ps.map((_, i) => i) };
  groups.push({
    title: 'Disputed services',
    rows: [],
    blocks: pairedRows(servicePairing, (ga, pa) => {
      const p = pa === null ? null : ps[pa]!;
      const q = ga === null ? null : gs[ga]!;
      const k = (attr: string) => (pa === null ? undefined : `services.${pa}.${attr}`);
      const row = (label: string, attr: string, pv: string | null | undefined, gv: string | null | undefined, scored = true, max?: number): Row => ({
        label,
        pred: p ? { text: pv ?? null, key: k(attr), ...(max ? { max } : {}) } : null,
        gold: sbs ? (q ? { text: gv ?? null, ...(max ? { max } : {}) } : null) : null,
        status: sbs && p && q && scored ? compare(pv ?? null, gv ?? null) : 'none',
      });
      const cite = (x: { guidelines?: readonly { source: string; title: string | null; section: string | null }[] } | null) =>
        x?.guidelines ? x.guidelines.map((c) => [c.source, c.title, c.section].filter(Boolean).join(' · ')).join('; ') || null : null;
      const rows = [
        row('request', 'request', p?.request, q?.request),
        row('decision', 'decision', p?.decision, q?.decision),
        row('category', 'category', p?.category, q?.category),
        row('original request', 'originalRequest', p?.originalRequest, q?.originalRequest),
        row('authorized portion', 'authorizedPortion', p?.authorizedPortion, q?.authorizedPortion),
        row('claims administrator guideline', 'claimsAdministratorGuideline', p?.claimsAdministratorGuideline, q?.claimsAdministratorGuideline, false, 160),
        row('reviewer guideline', 'reviewerGuideline', p?.reviewerGuideline, q?.reviewerGuideline, false, 160),
        { ...row('guidelines cited', 'guidelines', cite(p), cite(q), false), pred: p ? { text: cite(p) } : null },
        row('rationale', 'rationale', p?.rationale, q?.rationale, false, 220),
      ];
      const title = pa !== null ? `${itemLabel(`services.${pa}`)}: ${clip(p!.request, 60)}` : `gold service ${(ga ?? 0) + 1}: ${clip(q!.request, 60)}`;
      return { title, ...(pa !== null ? { key: `services.${pa}` } : {}), rows, status: 'none' as RowStatus };
    }, sbs).map(withAttributes),
    empty: 'no disputed services',
  });

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
