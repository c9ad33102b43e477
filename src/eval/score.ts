/**
 * The scorer (../shared/RECORD.md, "Scoring"): pure functions from (gold, prediction) pairs to
 * counts, and from counts to precision/recall/F1. Both sides are `Scorable`, a shape that gold
 * records and extracted records both satisfy, so annotator B can be scored against annotator A
 * with the very same code.
 *
 * - Scalars: equal after normalisation (dates as ISO, text by `normText`). A scalar counts toward
 *   precision when predicted non-null and toward recall when gold non-null; strict = lenient.
 * - Lists: paired one to one (`pairItems`); strict = normalised texts equal, lenient = token F1 >= 0.5.
 *   The text of an item: diagnoses `text`, services `request`, medications and reviewer lists the
 *   string, imaging `bodyRegion` (null reads as empty). Imaging pairs also need the same modality;
 *   the date and findings are scored over matched pairs (`imaging.date`, `imaging.findings`), so a
 *   wording difference in findings costs findings F1, not the study itself.
 * - Measures over matched pairs: services decision/category/originalRequest/authorizedPortion and
 *   imaging date accuracy, imaging findings mean token F1; format accuracy over letters.
 */
import { normDate, normText, tokenF1 } from './normalize.js';
import { pairItems, type Pairing } from './pair.js';

export interface ScorableImaging {
  readonly modality: string;
  readonly bodyRegion: string | null;
  readonly date: string | null;
  readonly findings: string | null;
}

export interface ScorableService {
  readonly request: string;
  readonly decision: string;
  readonly category: string;
  readonly originalRequest: string | null;
  readonly authorizedPortion: string | null;
}

/** What the scorer reads: satisfied by both `GoldRecord` and `ImrRecord`. */
export interface Scorable {
  readonly format: string | null;
  readonly caseNumber: string | null;
  readonly dates: {
    readonly assigned: string | null;
    readonly decision: string | null;
    readonly urDenial: string | null;
    readonly applicationReceived: string | null;
  };
  readonly priority: string | null;
  readonly reviewer: { readonly licensure: readonly string[]; readonly specialties: readonly string[] };
  readonly patient: { readonly age: number | null; readonly sex: string | null };
  readonly injury: { readonly date: string | null; readonly employer: string | null };
  readonly diagnoses: readonly { readonly text: string }[];
  readonly imaging: readonly ScorableImaging[];
  readonly medications: readonly string[];
  readonly services: readonly ScorableService[];
}

/** Stands in for a letter the extractor produced no record for: everything missed, format wrong. */
export const EMPTY_PREDICTION: Scorable = {
  format: null,
  caseNumber: null,
  dates: { assigned: null, decision: null, urDenial: null, applicationReceived: null },
  priority: null,
  reviewer: { licensure: [], specialties: [] },
  patient: { age: null, sex: null },
  injury: { date: null, employer: null },
  diagnoses: [],
  imaging: [],
  medications: [],
  services: [],
};

type ScalarValue = string | number | null;
const SCALARS = {
  caseNumber: (r: Scorable) => r.caseNumber,
  'dates.assigned': (r: Scorable) => r.dates.assigned,
  'dates.decision': (r: Scorable) => r.dates.decision,
  'dates.urDenial': (r: Scorable) => r.dates.urDenial,
  'dates.applicationReceived': (r: Scorable) => r.dates.applicationReceived,
  priority: (r: Scorable) => r.priority,
  'patient.age': (r: Scorable) => r.patient.age,
  'patient.sex': (r: Scorable) => r.patient.sex,
  'injury.date': (r: Scorable) => r.injury.date,
  'injury.employer': (r: Scorable) => r.injury.employer,
} satisfies Record<string, (r: Scorable) => ScalarValue>;
export type ScalarField = keyof typeof SCALARS;
export const SCALAR_FIELDS = Object.keys(SCALARS) as ScalarField[];

export const LIST_FIELDS = [
  'reviewer.licensure',
  'reviewer.specialties',
  'diagnoses',
  'imaging',
  'medications',
  'services',
] as const;
export type ListField = (typeof LIST_FIELDS)[number];

export type Field = ScalarField | ListField;
export const FIELDS: readonly Field[] = [...SCALAR_FIELDS, ...LIST_FIELDS];

export const MEASURES = [
  'format',
  'services.decision',
  'services.category',
  'services.originalRequest',
  'services.authorizedPortion',
  'imaging.date',
  'imaging.findings',
] as const;
export type Measure = (typeof MEASURES)[number];

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

function normScalar(field: ScalarField, value: ScalarValue): string | null {
  if (value === null) return null;
  if (typeof value === 'number') return String(value);
  return field.startsWith('dates.') || field === 'injury.date' ? normDate(value) : normText(value);
}

const show = (v: ScalarValue): string | null => (v === null ? null : String(v));

function scoreScalar(field: ScalarField, gold: Scorable, pred: Scorable, issues: Issue[]): Counts {
  const g = normScalar(field, SCALARS[field](gold));
  const p = normScalar(field, SCALARS[field](pred));
  const hit = g !== null && g === p;
  if (!hit && (g !== null || p !== null)) {
    const kind = g === null ? 'spurious' : p === null ? 'miss' : 'wrong';
    issues.push({ field, kind, gold: show(SCALARS[field](gold)), pred: show(SCALARS[field](pred)) });
  }
  const n = Number(hit);
  return { gold: Number(g !== null), pred: Number(p !== null), strict: n, lenient: n };
}

const imagingLabel = (i: ScorableImaging): string =>
  `${i.modality} ${i.bodyRegion ?? '(no region)'}${i.date ? ` ${i.date}` : ''}: ${i.findings ?? '(no findings)'}`;
const serviceLabel = (s: ScorableService): string => `${s.request} [${s.decision}, ${s.category}]`;

/** Counts and issues of one paired list. */
function listCounts<T>(
  field: ListField,
  pairing: Pairing,
  gold: readonly T[],
  pred: readonly T[],
  label: (item: T) => string,
  issues: Issue[],
): Counts {
  for (const p of pairing.pairs) {
    if (!p.strict) issues.push({ field, kind: 'lenient', gold: label(gold[p.gold]!), pred: label(pred[p.pred]!) });
  }
  for (const i of pairing.missed) issues.push({ field, kind: 'miss', gold: label(gold[i]!), pred: null });
  for (const i of pairing.spurious) issues.push({ field, kind: 'spurious', gold: null, pred: label(pred[i]!) });
  return {
    gold: gold.length,
    pred: pred.length,
    strict: pairing.pairs.filter((p) => p.strict).length,
    lenient: pairing.pairs.length,
  };
}

function scoreStrings(field: ListField, gold: readonly string[], pred: readonly string[], issues: Issue[]): Counts {
  return listCounts(field, pairItems(gold, pred), gold, pred, (s) => s, issues);
}

/** Accuracy of one attribute over matched pairs; a difference is a `wrong` issue. */
function attributeAccuracy<T>(
  measure: Measure,
  pairing: Pairing,
  gold: readonly T[],
  pred: readonly T[],
  get: (item: T) => string | null,
  label: (item: T) => string,
  issues: Issue[],
): Ratio {
  let sum = 0;
  for (const p of pairing.pairs) {
    const g = get(gold[p.gold]!);
    const v = get(pred[p.pred]!);
    const norm = (x: string | null) => (x === null ? null : measure === 'imaging.date' ? normDate(x) : normText(x));
    if (norm(g) === norm(v)) sum++;
    else issues.push({ field: measure, kind: 'wrong', gold: g, pred: v, context: label(gold[p.gold]!) });
  }
  return { sum, n: pairing.pairs.length };
}

/** Scores one letter. `pred` null means the extractor produced no record (everything is missed). */
export function scoreDocument(id: string, gold: Scorable, pred: Scorable | null): DocumentScore {
  const p = pred ?? EMPTY_PREDICTION;
  const issues: Issue[] = [];
  const fields = {} as Record<Field, Counts>;
  for (const f of SCALAR_FIELDS) fields[f] = scoreScalar(f, gold, p, issues);

  fields['reviewer.licensure'] = scoreStrings('reviewer.licensure', gold.reviewer.licensure, p.reviewer.licensure, issues);
  fields['reviewer.specialties'] = scoreStrings('reviewer.specialties', gold.reviewer.specialties, p.reviewer.specialties, issues);
  const diagnoses = (r: Scorable) => r.diagnoses.map((d) => d.text);
  fields.diagnoses = scoreStrings('diagnoses', diagnoses(gold), diagnoses(p), issues);
  fields.medications = scoreStrings('medications', gold.medications, p.medications, issues);

  const gi = gold.imaging;
  const pi = p.imaging;
  const imaging = pairItems(
    gi.map((i) => i.bodyRegion ?? ''),
    pi.map((i) => i.bodyRegion ?? ''),
    {
      compatible: (g, q) => gi[g]!.modality === pi[q]!.modality,
      tieBreak: (g, q) => Number(gi[g]!.date === pi[q]!.date) + tokenF1(gi[g]!.findings, pi[q]!.findings),
    },
  );
  fields.imaging = listCounts('imaging', imaging, gi, pi, imagingLabel, issues);

  const gs = gold.services;
  const ps = p.services;
  const services = pairItems(
    gs.map((s) => s.request),
    ps.map((s) => s.request),
    { tieBreak: (g, q) => Number(gs[g]!.decision === ps[q]!.decision) + Number(gs[g]!.category === ps[q]!.category) },
  );
  fields.services = listCounts('services', services, gs, ps, serviceLabel, issues);

  const formatOk = p.format !== null && p.format === gold.format;
  if (!formatOk) issues.push({ field: 'format', kind: 'wrong', gold: gold.format, pred: p.format });

  let findingsSum = 0;
  for (const pair of imaging.pairs) {
    const g = gi[pair.gold]!;
    const f1 = tokenF1(g.findings, pi[pair.pred]!.findings);
    findingsSum += f1;
    if (f1 < 1) {
      issues.push({
        field: 'imaging.findings',
        kind: 'wrong',
        gold: g.findings,
        pred: pi[pair.pred]!.findings,
        context: `${g.modality} ${g.bodyRegion ?? '(no region)'}${g.date ? ` ${g.date}` : ''}; token F1 ${f1.toFixed(2)}`,
      });
    }
  }

  const measures: Record<Measure, Ratio> = {
    format: { sum: Number(formatOk), n: 1 },
    'services.decision': attributeAccuracy('services.decision', services, gs, ps, (s) => s.decision, serviceLabel, issues),
    'services.category': attributeAccuracy('services.category', services, gs, ps, (s) => s.category, serviceLabel, issues),
    'services.originalRequest': attributeAccuracy('services.originalRequest', services, gs, ps, (s) => s.originalRequest, serviceLabel, issues),
    'services.authorizedPortion': attributeAccuracy('services.authorizedPortion', services, gs, ps, (s) => s.authorizedPortion, serviceLabel, issues),
    'imaging.date': attributeAccuracy('imaging.date', imaging, gi, pi, (i) => i.date, imagingLabel, issues),
    'imaging.findings': { sum: findingsSum, n: imaging.pairs.length },
  };
  return { id, fields, measures, issues };
}

/** Micro-averaged figures over documents (one document gives that document's figures). */
export function summarize(documents: readonly DocumentScore[]): Summary {
  const fields = {} as Record<Field, FieldSummary>;
  for (const f of FIELDS) {
    const c: Counts = { gold: 0, pred: 0, strict: 0, lenient: 0 };
    for (const d of documents) {
      c.gold += d.fields[f].gold;
      c.pred += d.fields[f].pred;
      c.strict += d.fields[f].strict;
      c.lenient += d.fields[f].lenient;
    }
    fields[f] = { ...c, strictScore: prf(c.strict, c.gold, c.pred), lenientScore: prf(c.lenient, c.gold, c.pred) };
  }
  const measures = {} as Summary['measures'];
  for (const m of MEASURES) {
    const sum = documents.reduce((s, d) => s + d.measures[m].sum, 0);
    const n = documents.reduce((s, d) => s + d.measures[m].n, 0);
    measures[m] = { sum, n, value: n > 0 ? sum / n : null };
  }
  return { documents: documents.length, fields, measures };
}
