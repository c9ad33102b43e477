/**
 * The scorer (../shared/RECORD.md, "Scoring"): pure functions from (gold, prediction) pairs to
 * counts, and from counts to precision/recall/F1. What is scored, and how, is read from the
 * record schema's field metadata (src/record/meta.ts), so a new field is scored by describing it.
 * Gold records and extracted records are both `Scorable`, so annotator B can be scored against
 * annotator A with the very same code.
 *
 * - `field` scalars: equal after normalisation (dates as ISO, text by `normText`); counted toward
 *   precision when predicted non-null and toward recall when gold non-null; strict = lenient.
 *   `text` scalars: strict when equal, lenient when token F1 >= 0.5.
 * - Lists: paired one to one (`pairItems`); strict = normalised texts equal, lenient = token F1
 *   >= 0.5. A pair may have to share attributes (`sameValue`, imaging modality); ties go to the
 *   pair sharing more `tieBreak` attributes. A list inside list items (a service's guidelines) is
 *   paired within each matched pair of its parents.
 * - Attributes of matched pairs: `accuracy` (lists of strings compared as sets) and `tokenF1`
 *   (mean). A gold item that does not annotate an attribute (a version-1 gold file) is not
 *   counted for it.
 * - `icd10`: over matched diagnoses whose gold is annotated: precision of the predicted codes at
 *   code and at 3-character category level, coverage (share of gold diagnoses given a code) and
 *   recall (share of coded gold diagnoses given the same code).
 */
import { emptyRecord, RECORD_FIELDS, valueAt, type FieldNode, type Leaf, type ObjectList, type StringList } from '../record/fields.js';
import type { GoldRecord } from '../record/gold.js';
import type { ScoreRule } from '../record/meta.js';
import { normDate, normText, tokenF1 } from './compare.js';
import { pairItems, type Pairing } from './pair.js';

/** What the scorer reads: a gold record; an extracted record is one too (it has more in it). */
export type Scorable = GoldRecord;

/** Stands in for a letter the extractor produced no record for: everything missed, format wrong. */
export const EMPTY_PREDICTION = emptyRecord() as unknown as Scorable;

type Counted = 'field' | 'text' | 'list';
type Measured = 'accuracy' | 'tokenF1' | 'icd10';

/** Item counts of one field. `strict`/`lenient` are true positives (matched pairs). */
export interface Counts {
  gold: number;
  pred: number;
  strict: number;
  lenient: number;
}

/** A sum over `n` observations: an accuracy (sum = correct) or a mean (sum of scores). */
export interface Ratio {
  sum: number;
  n: number;
}

/** The four figures of a code field (`diagnoses.icd10`), each a ratio. */
export const ICD10_PARTS = ['code', 'category', 'coverage', 'recall'] as const;

interface Scored {
  path: string;
  label: string;
  rule: ScoreRule;
}

function scoredNodes(nodes: readonly FieldNode[], kinds: readonly ScoreRule['kind'][]): Scored[] {
  const out: Scored[] = [];
  for (const n of nodes) {
    if (n.meta && kinds.includes(n.meta.score.kind)) out.push({ path: n.path, label: n.meta.label, rule: n.meta.score });
    if (n.kind === 'group' || n.kind === 'objects') out.push(...scoredNodes(n.fields, kinds));
  }
  return out;
}

const COUNTED = scoredNodes(RECORD_FIELDS, ['field', 'text', 'list'] satisfies Counted[]);
const MEASURED = scoredNodes(RECORD_FIELDS, ['accuracy', 'tokenF1', 'icd10'] satisfies Measured[]);

/** Fields scored by precision/recall/F1, in schema order. */
export const FIELDS: readonly string[] = COUNTED.map((s) => s.path);
export type Field = string;

/** Figures over matched items or letters (accuracies, means, code figures), in schema order. */
export const MEASURES: readonly string[] = MEASURED.flatMap((s) => (s.rule.kind === 'icd10' ? ICD10_PARTS.map((p) => `${s.path}.${p}`) : [s.path]));
export type Measure = string;

const TITLE_OF = new Map<string, string>(
  MEASURED.flatMap((s): [string, string][] => {
    if (s.rule.kind === 'icd10') {
      return [
        [`${s.path}.code`, `${s.label}: precision, code`],
        [`${s.path}.category`, `${s.label}: precision, 3-character category`],
        [`${s.path}.coverage`, `${s.label}: coverage (gold items given a code)`],
        [`${s.path}.recall`, `${s.label}: recall, code`],
      ];
    }
    const over = s.path.includes('.') ? 'matched' : 'letters';
    return [[s.path, `${s.label} ${s.rule.kind === 'tokenF1' ? 'token F1 (mean' : 'accuracy ('}${s.rule.kind === 'tokenF1' ? `, ${over})` : `${over})`}`]];
  }),
);
/** A measure as reports name it (`service decision accuracy (matched)`). */
export const measureTitle = (m: Measure): string => TITLE_OF.get(m) ?? m;
/** Measures that are means, not counts of correct items (reports print `n=` for them). */
export const isMean = (m: Measure): boolean => MEASURED.some((s) => s.path === m && s.rule.kind === 'tokenF1');

/**
 * One reportable difference. `miss`: gold value not found; `spurious`: predicted value not in gold;
 * `wrong`: a scalar or an attribute of a matched pair differs (a scalar `wrong` is one miss and one
 * spurious in the counts); `lenient`: a pair matched leniently but not strictly.
 */
export interface Issue {
  field: Field | Measure;
  kind: 'miss' | 'spurious' | 'wrong' | 'lenient';
  gold: string | null;
  pred: string | null;
  /** For `wrong` attributes of a matched pair: which item (the gold item's label). */
  context?: string;
}

export interface DocumentScore {
  id: string;
  fields: Record<Field, Counts>;
  measures: Record<Measure, Ratio>;
  issues: Issue[];
}

export interface Prf {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface FieldSummary extends Counts {
  strictScore: Prf;
  lenientScore: Prf;
}

export interface Summary {
  documents: number;
  fields: Record<Field, FieldSummary>;
  measures: Record<Measure, Ratio & { value: number | null }>;
}

/** P = tp/pred, R = tp/gold, F1 = 2tp/(gold+pred); null where the denominator is 0 (nothing to score). */
export function prf(tp: number, gold: number, pred: number): Prf {
  return {
    precision: pred > 0 ? tp / pred : null,
    recall: gold > 0 ? tp / gold : null,
    f1: gold + pred > 0 ? (2 * tp) / (gold + pred) : null,
  };
}

type Value = unknown;
const isEmpty = (v: Value): boolean => v === null || v === undefined || (Array.isArray(v) && v.length === 0);

/** A value as compared: dates as ISO, text normalised, lists as sorted sets of normalised strings. */
export function comparable(v: Value, date: boolean): string | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return JSON.stringify([...new Set(v.map((x) => normText(String(x))))].sort());
  if (typeof v === 'string') return date ? normDate(v) : normText(v);
  return String(v);
}

export const shown = (v: Value): string | null => (v === null || v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v));

/** The text an item is paired by: its `itemText` attributes joined, or the string itself. */
function itemText(node: ObjectList | StringList, item: Value): string {
  if (node.kind === 'strings') return String(item);
  const rule = node.meta.score;
  const keys = rule.kind === 'list' ? rule.itemText ?? [] : [];
  return keys.map((k) => (item as Record<string, Value>)[k]).filter((v) => v !== null && v !== undefined).join(' ');
}

/** How an item is named in issues: its shared attributes, its text, its tie-break attributes. */
function itemLabel(node: ObjectList | StringList, item: Value): string {
  if (node.kind === 'strings') return String(item);
  const rule = node.meta.score.kind === 'list' ? node.meta.score : { sameValue: [], tieBreak: [] };
  const attrs = (keys: readonly string[] | undefined) => (keys ?? []).map((k) => shown((item as Record<string, Value>)[k]) ?? '-');
  const head = [...attrs(rule.sameValue), itemText(node, item) || '(none)'].join(' ');
  const tail = attrs(rule.tieBreak);
  return tail.length > 0 ? `${head} [${tail.join(', ')}]` : head;
}

const leafOf = (node: ObjectList, key: string): Leaf | undefined => node.fields.find((f): f is Leaf => f.kind === 'leaf' && f.key === key);

/**
 * Pairs gold and predicted items of a list one to one, as its score rule says (the viewer pairs
 * them the same way): by their text, among pairs sharing `sameValue`, ties to the pair sharing
 * more `tieBreak` attributes.
 */
export function pairList(node: ObjectList | StringList, gold: readonly Value[], pred: readonly Value[]): Pairing {
  const rule = node.meta.score;
  const same = rule.kind === 'list' ? rule.sameValue ?? [] : [];
  const ties = rule.kind === 'list' ? rule.tieBreak ?? [] : [];
  const attr = (item: Value, key: string) => (item as Record<string, Value>)[key];
  const tieScore = (g: Value, p: Value) =>
    ties.reduce((s, k) => {
      const leaf = node.kind === 'objects' ? leafOf(node, k) : undefined;
      if (leaf?.meta.score.kind === 'tokenF1') return s + tokenF1(shown(attr(g, k)), shown(attr(p, k)));
      return s + Number(comparable(attr(g, k), leaf?.value === 'date') === comparable(attr(p, k), leaf?.value === 'date'));
    }, 0);
  return pairItems(
    gold.map((i) => itemText(node, i)),
    pred.map((i) => itemText(node, i)),
    {
      compatible: (gi, pi) => same.every((k) => comparable(attr(gold[gi], k), false) === comparable(attr(pred[pi], k), false)),
      tieBreak: (gi, pi) => tieScore(gold[gi], pred[pi]),
    },
  );
}

/** Accumulates one document's counts, measures and issues. */
class DocumentScorer {
  readonly fields: Record<Field, Counts> = Object.fromEntries(FIELDS.map((f) => [f, { gold: 0, pred: 0, strict: 0, lenient: 0 }]));
  readonly measures: Record<Measure, Ratio> = Object.fromEntries(MEASURES.map((m) => [m, { sum: 0, n: 0 }]));
  readonly issues: Issue[] = [];

  /** The record's own fields (not inside a list). */
  topLevel(nodes: readonly FieldNode[], gold: Value, pred: Value): void {
    for (const node of nodes) {
      const g = valueAt(gold, [node.key]);
      const p = valueAt(pred, [node.key]);
      const rule = node.meta?.score;
      if (node.kind === 'group') this.topLevel(node.fields, g, p);
      else if (node.kind === 'leaf' && (rule?.kind === 'field' || rule?.kind === 'text')) this.scalar(node, g, p);
      else if (node.kind === 'leaf' && rule?.kind === 'accuracy') this.letterAccuracy(node, g, p);
      else if ((node.kind === 'objects' || node.kind === 'strings') && rule?.kind === 'list') {
        this.list(node, (g ?? []) as Value[], (p ?? []) as Value[]);
      }
    }
  }

  private scalar(node: Leaf, gold: Value, pred: Value): void {
    const date = node.value === 'date';
    const g = comparable(gold, date);
    const p = comparable(pred, date);
    const strict = g !== null && g === p;
    const lenient = strict || (node.meta.score.kind === 'text' && g !== null && p !== null && tokenF1(g, p) >= 0.5);
    if (!strict && (g !== null || p !== null)) {
      const kind = g === null ? 'spurious' : p === null ? 'miss' : 'wrong';
      this.issues.push({ field: node.path, kind, gold: shown(gold), pred: shown(pred) });
    }
    const c = this.fields[node.path]!;
    c.gold += Number(g !== null);
    c.pred += Number(p !== null);
    c.strict += Number(strict);
    c.lenient += Number(lenient);
  }

  private letterAccuracy(node: Leaf, gold: Value, pred: Value): void {
    const ok = pred !== null && pred !== undefined && comparable(gold, false) === comparable(pred, false);
    if (!ok) this.issues.push({ field: node.path, kind: 'wrong', gold: shown(gold), pred: shown(pred) });
    const m = this.measures[node.path]!;
    m.sum += Number(ok);
    m.n += 1;
  }

  /** Pairs a list, counts it, and scores its items' attributes over the matched pairs. */
  private list(node: ObjectList | StringList, gold: readonly Value[], pred: readonly Value[]): void {
    const pairing = pairList(node, gold, pred);
    this.count(node, pairing, gold, pred);
    if (node.kind === 'objects') {
      const pairs = pairing.pairs.map((p) => ({ g: gold[p.gold], p: pred[p.pred], label: itemLabel(node, gold[p.gold]) }));
      this.attributes(node.fields, pairs);
    }
  }

  private count(node: ObjectList | StringList, pairing: Pairing, gold: readonly Value[], pred: readonly Value[]): void {
    const label = (i: Value) => itemLabel(node, i);
    for (const p of pairing.pairs) {
      if (!p.strict) this.issues.push({ field: node.path, kind: 'lenient', gold: label(gold[p.gold]), pred: label(pred[p.pred]) });
    }
    for (const i of pairing.missed) this.issues.push({ field: node.path, kind: 'miss', gold: label(gold[i]), pred: null });
    for (const i of pairing.spurious) this.issues.push({ field: node.path, kind: 'spurious', gold: null, pred: label(pred[i]) });
    const c = this.fields[node.path]!;
    c.gold += gold.length;
    c.pred += pred.length;
    c.strict += pairing.pairs.filter((p) => p.strict).length;
    c.lenient += pairing.pairs.length;
  }

  /** Attributes of matched pairs (`label` names the gold item in issues). */
  private attributes(nodes: readonly FieldNode[], pairs: readonly { g: Value; p: Value; label: string }[]): void {
    for (const node of nodes) {
      const rule = node.meta?.score;
      const sub = pairs
        .map((x) => ({ g: valueAt(x.g, [node.key]), p: valueAt(x.p, [node.key]), label: x.label }))
        // A gold item that does not annotate the attribute (version-1 gold) is not counted for it.
        .filter((x) => x.g !== undefined);
      if (node.kind === 'group') {
        if (rule?.kind === 'icd10') this.codes(node.path, sub);
        // Inside a group the gold states (drug, code), its attributes are scored; a null one is not.
        else this.attributes(node.fields, sub.filter((x) => x.g !== null));
      } else if (node.kind === 'objects' && rule?.kind === 'list') {
        for (const x of sub) this.list(node, (x.g ?? []) as Value[], (x.p ?? []) as Value[]);
      } else if (rule?.kind === 'accuracy' || rule?.kind === 'tokenF1') {
        this.accuracy(node as Leaf | StringList, rule, sub);
      }
    }
  }

  private accuracy(node: Leaf | StringList, rule: Extract<ScoreRule, { kind: 'accuracy' | 'tokenF1' }>, pairs: readonly { g: Value; p: Value; label: string }[]): void {
    const m = this.measures[node.path]!;
    const date = node.kind === 'leaf' && node.value === 'date';
    const kind = rule.kind;
    for (const { g, p, label } of pairs) {
      if (rule.kind === 'accuracy' && rule.over === 'stated' && isEmpty(g) && isEmpty(p)) continue;
      const score = kind === 'tokenF1' ? tokenF1(shown(g), shown(p)) : Number(comparable(g, date) === comparable(p ?? null, date));
      m.sum += score;
      m.n += 1;
      if (score < 1) {
        const context = kind === 'tokenF1' ? `${label}; token F1 ${score.toFixed(2)}` : label;
        this.issues.push({ field: node.path, kind: 'wrong', gold: shown(g), pred: shown(p), context });
      }
    }
  }

  private codes(path: string, pairs: readonly { g: Value; p: Value; label: string }[]): void {
    const codeOf = (v: Value) => (v && typeof v === 'object' ? String((v as { code: unknown }).code) : null);
    const m = (part: (typeof ICD10_PARTS)[number]) => this.measures[`${path}.${part}`]!;
    for (const { g, p, label } of pairs) {
      const gc = codeOf(g);
      const pc = codeOf(p);
      m('coverage').n += 1;
      if (pc !== null) {
        m('coverage').sum += 1;
        m('code').n += 1;
        m('code').sum += Number(pc === gc);
        m('category').n += 1;
        m('category').sum += Number(gc !== null && pc.slice(0, 3) === gc.slice(0, 3));
      }
      if (gc !== null) {
        m('recall').n += 1;
        m('recall').sum += Number(pc === gc);
      }
      if (pc !== gc) this.issues.push({ field: `${path}.code`, kind: 'wrong', gold: gc, pred: pc, context: label });
    }
  }
}

/** Scores one letter. `pred` null means the extractor produced no record (everything is missed). */
export function scoreDocument(id: string, gold: Scorable, pred: Scorable | null): DocumentScore {
  const scorer = new DocumentScorer();
  scorer.topLevel(RECORD_FIELDS, gold, pred ?? EMPTY_PREDICTION);
  return { id, fields: scorer.fields, measures: scorer.measures, issues: scorer.issues };
}

/** Micro-averaged figures over documents (one document gives that document's figures). */
export function summarize(documents: readonly DocumentScore[]): Summary {
  const fields = {} as Record<Field, FieldSummary>;
  for (const f of FIELDS) {
    const c: Counts = { gold: 0, pred: 0, strict: 0, lenient: 0 };
    for (const d of documents) {
      c.gold += d.fields[f]!.gold;
      c.pred += d.fields[f]!.pred;
      c.strict += d.fields[f]!.strict;
      c.lenient += d.fields[f]!.lenient;
    }
    fields[f] = { ...c, strictScore: prf(c.strict, c.gold, c.pred), lenientScore: prf(c.lenient, c.gold, c.pred) };
  }
  const measures = {} as Summary['measures'];
  for (const m of MEASURES) {
    const sum = documents.reduce((s, d) => s + d.measures[m]!.sum, 0);
    const n = documents.reduce((s, d) => s + d.measures[m]!.n, 0);
    measures[m] = { sum, n, value: n > 0 ? sum / n : null };
  }
  return { documents: documents.length, fields, measures };
}
