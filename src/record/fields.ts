/**
 * The record schema as a tree of described fields: what the scorer, the store, the viewer and the
 * coverage report iterate over. Walking fails loudly on a field without metadata, so a field added
 * to the schema cannot go unscored, unstored or unshown by accident (test/record/fields.test.ts).
 */
import { z } from 'zod';
import { fieldMeta, type FieldMeta } from './meta.js';
import { ImrRecord, IsoDate, Span } from './schema.js';

export type ValueKind = 'string' | 'int' | 'number' | 'boolean' | 'date' | 'span' | 'json';

interface NodeBase {
  /** The property name. */
  key: string;
  /** Dotted path from the record, list items without an index: `services.guidelines.title`. */
  path: string;
  /** Keys from the object of the table row it belongs to (`['normalized', 'drug', 'group']`). */
  rowPath: readonly string[];
  meta: FieldMeta;
}

/** A value in one column (a span takes two). */
export interface Leaf extends NodeBase {
  kind: 'leaf';
  value: ValueKind;
  nullable: boolean;
  /** The field's zod type inside its `.nullable()` (enum values, patterns). */
  type: z.ZodType;
  /** The column name in the store. */
  column: string;
}

/** A list of strings: a table of its own with one value column. */
export interface StringList extends NodeBase {
  kind: 'strings';
  table: string;
  column: string;
  /** The items' zod type (an enum for body regions). */
  item: z.ZodType;
}

/** A list of objects: a table of its own, a row per item. */
export interface ObjectList extends NodeBase {
  kind: 'objects';
  table: string;
  fields: readonly FieldNode[];
}

/** An object inside a row (`dates`, `normalized`): its fields are columns of the same row. */
export interface Group extends Omit<NodeBase, 'meta'> {
  kind: 'group';
  nullable: boolean;
  meta: FieldMeta | undefined;
  fields: readonly FieldNode[];
}

export type FieldNode = Leaf | StringList | ObjectList | Group;

const snake = (parts: readonly string[]) => parts.join('_').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** The schema inside `.nullable()` / `.optional()` wrappers, and whether it may be null. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; nullable: boolean } {
  let inner = schema;
  let nullable = false;
  for (;;) {
    if (inner instanceof z.ZodNullable) nullable = true;
    else if (!(inner instanceof z.ZodOptional)) return { inner, nullable };
    inner = (inner as z.ZodNullable<z.ZodType> | z.ZodOptional<z.ZodType>).unwrap() as z.ZodType;
  }
}

function valueKind(inner: z.ZodType, meta: FieldMeta): ValueKind | null {
  if (meta.store?.json) return 'json';
  // Span and its copies (each list item's span is a copy of Span, with its own metadata).
  if (inner === Span || (inner._zod.def.type === 'tuple' && (inner as z.ZodTuple)._zod.def.items.length === 2)) return 'span';
  if (inner === IsoDate) return 'date';
  const type = inner._zod.def.type;
  if (type === 'number') return (inner as z.ZodNumber).isInt ? 'int' : 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'string' || type === 'enum') return 'string';
  if (type === 'literal') return typeof (inner as z.ZodLiteral).value === 'number' ? 'int' : 'string';
  return null;
}

function walkObject(object: z.ZodObject, pathParts: readonly string[], rowParts: readonly string[]): FieldNode[] {
  return Object.entries(object.shape).map(([key, schema]) => walk(key, schema as z.ZodType, [...pathParts, key], [...rowParts, key]));
}

function walk(key: string, schema: z.ZodType, pathParts: readonly string[], rowParts: readonly string[]): FieldNode {
  const path = pathParts.join('.');
  const meta = fieldMeta.get(schema);
  const { inner, nullable } = unwrap(schema);
  if (inner instanceof z.ZodObject && !meta?.store?.json) {
    return { kind: 'group', key, path, rowPath: rowParts, nullable, meta, fields: walkObject(inner, pathParts, rowParts) };
  }
  if (!meta) throw new Error(`record field ${path} has no metadata: describe it in src/record/schema.ts (label, score, store)`);
  if (inner instanceof z.ZodArray && !meta.store?.json) {
    const element = unwrap(inner.element as z.ZodType).inner;
    const table = meta.store?.table;
    if (!table) throw new Error(`record list ${path} names no store table`);
    if (element instanceof z.ZodObject) {
      return { kind: 'objects', key, path, rowPath: rowParts, meta, table, fields: walkObject(element, pathParts, []) };
    }
    return { kind: 'strings', key, path, rowPath: rowParts, meta, table, column: meta.store?.column ?? 'value', item: element };
  }
  const value = valueKind(inner, meta);
  if (!value) throw new Error(`record field ${path}: no store column type for a zod ${inner._zod.def.type}`);
  return { kind: 'leaf', key, path, rowPath: rowParts, meta, value, nullable, type: inner, column: meta.store?.column ?? snake(rowParts) };
}

/** The field tree of an object schema, in schema order; throws on a field without metadata. */
export function fieldTree(schema: z.ZodObject): FieldNode[] {
  return walkObject(schema, [], []);
}

/** The record's field tree, in schema order. */
export const RECORD_FIELDS: readonly FieldNode[] = fieldTree(ImrRecord);

/** Every node of a tree, depth first in schema order (groups included). */
export function flattenFields(nodes: readonly FieldNode[] = RECORD_FIELDS): FieldNode[] {
  return nodes.flatMap((n) => [n, ...(n.kind === 'group' || n.kind === 'objects' ? flattenFields(n.fields) : [])]);
}

/** The described fields (every node but metadata-less groups), by path. */
export function describedFields(nodes: readonly FieldNode[] = RECORD_FIELDS): Map<string, Exclude<FieldNode, Group> | (Group & { meta: FieldMeta })> {
  const out = new Map<string, Exclude<FieldNode, Group> | (Group & { meta: FieldMeta })>();
  for (const n of flattenFields(nodes)) if (n.meta) out.set(n.path, n as Exclude<FieldNode, Group> | (Group & { meta: FieldMeta }));
  return out;
}

/** A value at a row path inside an object (`['normalized', 'drug', 'group']`); undefined when a step is missing. */
export function valueAt(object: unknown, rowPath: readonly string[]): unknown {
  let v: unknown = object;
  for (const k of rowPath) {
    if (v === null || v === undefined || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** A record with nothing in it: scalars null, lists empty, objects with their fields so emptied. */
export function emptyRecord(nodes: readonly FieldNode[] = RECORD_FIELDS): Record<string, unknown> {
  return Object.fromEntries(
    nodes.map((n) => [n.key, n.kind === 'group' ? emptyRecord(n.fields) : n.kind === 'leaf' && n.value !== 'json' ? null : n.kind === 'leaf' ? {} : []]),
  );
}
