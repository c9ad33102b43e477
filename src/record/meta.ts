/**
 * What the record schema says about each of its fields besides its type: how a person calls it,
 * how the evaluation scores it, where the store keeps it, and how the viewer colours it. The
 * schema (schema.ts) registers this on every field; the scorer, the store, the viewer and the
 * coverage report read it from there (fields.ts walks the schema), so a field is described once.
 */
import { z } from 'zod';

/**
 * How the evaluation scores a field (../shared/RECORD.md, "Scoring"):
 * - `field`: a scalar of the letter, precision/recall/F1 (strict = lenient = equal after normalisation);
 * - `text`: a free-text scalar, strict when equal, lenient when token F1 >= 0.5;
 * - `accuracy`: share of equal values, over letters (a top-level field) or over matched list items
 *   (`over: 'stated'`: only the pairs where gold or prediction states a value);
 * - `tokenF1`: mean token F1 over matched list items (findings);
 * - `list`: items paired one to one by their text (the `itemText` attributes joined, or the string itself), precision/recall/F1
 *   strict and lenient; `sameValue`: attributes a pair must share; `tieBreak`: attributes that decide
 *   between equally good pairings;
 * - `icd10`: code precision and coverage, at code and at category level;
 * - `none`: not scored, and why.
 */
export type ScoreRule =
  | { kind: 'field' }
  | { kind: 'text' }
  | { kind: 'accuracy'; over?: 'stated' }
  | { kind: 'tokenF1' }
  | { kind: 'list'; itemText?: readonly string[]; sameValue?: readonly string[]; tieBreak?: readonly string[] }
  | { kind: 'icd10' }
  | { kind: 'none'; why: string };

/**
 * Where the store keeps a field. Scalars become columns of the table of the object they sit in
 * (`letters` for the record's own fields); a list becomes a table of its own (`table`), keyed by
 * the letter's sha256 and the item's position (and its parent item's, for a list inside a list).
 * `column` names the column (default: the path in snake case); for a list of strings, the
 * column of the value. `json`: kept whole as a JSON column.
 */
export interface StoreRule {
  table?: string;
  column?: string;
  json?: boolean;
}

export interface FieldMeta {
  /** What a person calls the field (viewer legend, reports). */
  label: string;
  /** One sentence on what the field holds (the generated record reference). */
  description?: string;
  score: ScoreRule;
  store?: StoreRule;
  /**
   * The record version that added the field (default 1). The store keeps a later field's column
   * nullable: letters stored by an older extractor have no value for it until re-extracted.
   */
  since?: number;
  /** Not read from one place of the letter's text (computed, or about the file): no evidence span is expected. */
  derived?: boolean;
  /** Viewer colour: hue 0-360 and saturation (percent, default 78). */
  hue?: number;
  sat?: number;
}

/** The registry the record schema's fields are described in. */
export const fieldMeta = z.registry<FieldMeta>();

/** Registers `meta` on `schema` and returns it (so a field reads `described(z.string(), {...})`). */
export function described<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
  fieldMeta.add(schema, meta);
  return schema;
}

export const notScored = (why: string): ScoreRule => ({ kind: 'none', why });
