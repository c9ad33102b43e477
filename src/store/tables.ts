/**
 * The store's tables, derived from the record schema (src/record/fields.ts): the record's own
 * fields are columns of `letters`; each list is a table of its own, a row per item, keyed by the
 * letter's sha256, its parent item's position (for a list inside a list) and its own position
 * (`idx`); an object inside a row (`dates`, a service's `normalized`) is flattened into columns.
 * Columns the store adds for analysts (`year`, counts) are declared here beside them; the
 * bookkeeping tables (`files`, `failures`) too. Pure: no database.
 */
import { RECORD_FIELDS, valueAt, type FieldNode, type Leaf, type ObjectList, type StringList } from '../record/fields.js';
import type { ImrRecord } from '../record/schema.js';
import { icd10Title } from '../extract/diagnoses/icd10.js';
import { icd10Chapters } from '../vocab/index.js';

export type Cell = string | number | boolean | null;
/** How a value is appended: integers, booleans, everything else as text DuckDB casts. */
export type ColumnKind = 'int' | 'bool' | 'text';

export interface Column {
  name: string;
  /** SQL type with constraint (`VARCHAR NOT NULL`). */
  sqlType: string;
  kind: ColumnKind;
  /** The field it stores (undefined for keys and columns the store derives). */
  field?: Leaf;
  /** Which end of a span (`span_start` / `span_end`). */
  spanEnd?: 0 | 1;
}

/** Where a list item sits: the indices of its ancestors' items and its own. */
interface Place {
  record: ImrRecord;
  /** The item (for `letters`, the record). */
  item: unknown;
  /** Indices from the outermost list in. */
  indices: readonly number[];
}

export interface Table {
  name: string;
  /** The list it stores (undefined for `letters` and the bookkeeping tables). */
  node?: ObjectList | StringList;
  /** Its parent list's table, for a list inside list items. */
  parent?: Table;
  /** Key columns: `sha256`, the parents' `<item>_idx`, `idx`. */
  keys: readonly string[];
  columns: readonly Column[];
  /** Values of the columns the store derives, by column name. */
  derived: Readonly<Record<string, (place: Place) => Cell>>;
}

const SQL_TYPE: Record<Leaf['value'], [string, ColumnKind]> = {
  string: ['VARCHAR', 'text'],
  int: ['INTEGER', 'int'],
  number: ['DOUBLE', 'text'],
  boolean: ['BOOLEAN', 'bool'],
  date: ['DATE', 'text'],
  span: ['INTEGER', 'int'],
  json: ['JSON', 'text'],
};

const keyColumn = (name: string): Column => ({ name, sqlType: name === 'sha256' ? 'VARCHAR NOT NULL' : 'INTEGER NOT NULL', kind: name === 'sha256' ? 'text' : 'int' });
const derivedColumn = (name: string, sqlType: string): Column => ({ name, sqlType, kind: sqlType.startsWith('INTEGER') ? 'int' : 'text' });

/**
 * The columns of the leaves under `nodes` (groups flattened), and the lists found there. A leaf
 * inside an object that may be null (a service's drug), or added after record version 1, may be
 * NULL in its column whatever its own type says.
 */
function columnsOf(nodes: readonly FieldNode[], orNull = false): { columns: Column[]; lists: (ObjectList | StringList)[] } {
  const columns: Column[] = [];
  const lists: (ObjectList | StringList)[] = [];
  for (const n of nodes) {
    const nullable = (own: boolean) => own || orNull || (n.meta?.since ?? 1) > 1;
    if (n.kind === 'group') {
      const inner = columnsOf(n.fields, nullable(n.nullable));
      columns.push(...inner.columns);
      lists.push(...inner.lists);
    } else if (n.kind === 'objects' || n.kind === 'strings') {
      lists.push(n);
    } else if (n.value === 'span') {
      const notNull = nullable(n.nullable) ? '' : ' NOT NULL';
      columns.push({ name: `${n.column}_start`, sqlType: `INTEGER${notNull}`, kind: 'int', field: n, spanEnd: 0 });
      columns.push({ name: `${n.column}_end`, sqlType: `INTEGER${notNull}`, kind: 'int', field: n, spanEnd: 1 });
    } else {
      const [type, kind] = SQL_TYPE[n.value];
      columns.push({ name: n.column, sqlType: `${type}${nullable(n.nullable) ? '' : ' NOT NULL'}`, kind, field: n });
    }
  }
  return { columns, lists };
}

/** `services` → `service_idx`: how a child table points at its parent's items. */
const itemKey = (table: string) => `${table.replace(/ies$/, 'y').replace(/s$/, '')}_idx`;

/**
 * Derived columns per table, by table name: added after the record's columns. They are
 * conveniences for analysts, never part of the record (the `records` view leaves them out).
 */
const DERIVED: Readonly<Record<string, readonly [Column, (place: Place) => Cell][]>> = {
  letters: [
    [derivedColumn('year', 'INTEGER'), ({ record }) => yearOf(record)],
    [derivedColumn('n_services', 'INTEGER NOT NULL'), ({ record }) => record.services.length],
    [derivedColumn('n_upheld', 'INTEGER NOT NULL'), ({ record }) => record.services.filter((s) => s.decision === 'upheld').length],
    [derivedColumn('n_overturned', 'INTEGER NOT NULL'), ({ record }) => record.services.filter((s) => s.decision === 'overturned').length],
    [derivedColumn('n_warnings', 'INTEGER NOT NULL'), ({ record }) => record.warnings.length],
    // Set by the writer's caller when the letter was extracted for the store (rows.ts).
    [derivedColumn('ingested_at', 'TIMESTAMP NOT NULL'), () => null],
  ],
  diagnoses: [
    [derivedColumn('icd10_category', 'VARCHAR'), ({ item }) => codeOf(item)?.slice(0, 3) ?? null],
    [derivedColumn('icd10_category_title', 'VARCHAR'), ({ item }) => { const c = codeOf(item); return c ? icd10Title(c.slice(0, 3)) : null; }],
    [derivedColumn('icd10_chapter', 'INTEGER'), ({ item }) => { const c = codeOf(item); return c ? icd10ChapterOf(c)?.chapter ?? null : null; }],
  ],
};

const codeOf = (item: unknown): string | null => (item as ImrRecord['diagnoses'][number]).icd10?.code ?? null;

/** The ICD-10-CM chapter of a code (its first three characters against the chapters' ranges). */
export function icd10ChapterOf(code: string): { chapter: number; title: string } | null {
  const category = code.slice(0, 3);
  return icd10Chapters.chapters.find((c) => category >= c.first && category <= c.last) ?? null;
}

/** The decision year, else the assignment year, else the year in a `CMyy-` case number. */
export function yearOf(record: Pick<ImrRecord, 'dates' | 'caseNumber'>): number | null {
  const fromDate = (d: string | null) => (d ? Number(d.slice(0, 4)) : null);
  const y = fromDate(record.dates.decision) ?? fromDate(record.dates.assigned);
  if (y !== null) return y;
  const m = /^[A-Z]{2}(\d{2})-\d+/i.exec(record.caseNumber ?? '');
  return m ? 2000 + Number(m[1]) : null;
}

function table(name: string, keys: string[], own: Column[], node?: ObjectList | StringList, parent?: Table): Table {
  const derived = DERIVED[name] ?? [];
  return {
    name,
    node,
    parent,
    keys,
    columns: [...keys.map(keyColumn), ...own, ...derived.map(([c]) => c)],
    derived: Object.fromEntries(derived.map(([c, f]) => [c.name, f])),
  };
}

function listTables(list: ObjectList | StringList, parent: Table | undefined, parentKeys: string[]): Table[] {
  const keys = [...parentKeys, 'idx'];
  if (list.kind === 'strings') {
    return [table(list.table, keys, [{ name: list.column, sqlType: 'VARCHAR NOT NULL', kind: 'text' }], list, parent)];
  }
  const { columns, lists } = columnsOf(list.fields);
  const own = table(list.table, keys, columns, list, parent);
  const childKeys = [...parentKeys, itemKey(list.table)];
  return [own, ...lists.flatMap((l) => listTables(l, own, childKeys))];
}

function recordTables(): Table[] {
  const { columns, lists } = columnsOf(RECORD_FIELDS);
  // The letter's key first: `sha256` (the record's source.sha256).
  const sha = columns.find((c) => c.name === 'sha256')!;
  const letters = table('letters', [], [sha, ...columns.filter((c) => c !== sha)]);
  return [letters, ...lists.flatMap((l) => listTables(l, undefined, ['sha256']))];
}

/** Tables made from records, `letters` first, parents before children. */
export const RECORD_TABLES: readonly Table[] = recordTables();

/** The files read and the failures met, kept beside the letters (written by the ingest). */
export const BOOKKEEPING_TABLES: readonly Table[] = [
  {
    name: 'files',
    keys: [],
    derived: {},
    columns: [derivedColumn('path', 'VARCHAR NOT NULL'), derivedColumn('sha256', 'VARCHAR NOT NULL'), derivedColumn('seen_at', 'TIMESTAMP NOT NULL')],
  },
  {
    name: 'failures',
    keys: [],
    derived: {},
    columns: [
      derivedColumn('file', 'VARCHAR NOT NULL'),
      derivedColumn('sha256', 'VARCHAR'),
      derivedColumn('code', 'VARCHAR NOT NULL'),
      derivedColumn('reason', 'VARCHAR NOT NULL'),
      derivedColumn('extractor_version', 'VARCHAR NOT NULL'),
      derivedColumn('failed_at', 'TIMESTAMP NOT NULL'),
    ],
  },
];

export const ALL_TABLES: readonly Table[] = [...RECORD_TABLES, ...BOOKKEEPING_TABLES];
export const tableNamed = (name: string): Table => {
  const t = ALL_TABLES.find((x) => x.name === name);
  if (!t) throw new Error(`no store table ${name}`);
  return t;
};

/** The items of a list table under a record, with their places (parents before children). */
export function placesOf(t: Table, record: ImrRecord): Place[] {
  if (!t.node) return [{ record, item: record, indices: [] }];
  const parents = t.parent ? placesOf(t.parent, record) : [{ record, item: record, indices: [] }];
  return parents.flatMap((p) => {
    const list = (valueAt(p.item, t.node!.rowPath) ?? []) as unknown[];
    return list.map((item, i) => ({ record, item, indices: [...p.indices, i] }));
  });
}

/** A value as a cell: dates and JSON as text, everything else as it is. */
function cell(column: Column, place: Place): Cell {
  const f = column.field;
  if (!f) return null;
  const v = valueAt(place.item, f.rowPath);
  if (v === undefined || v === null) return null;
  if (column.spanEnd !== undefined) return (v as [number, number])[column.spanEnd];
  if (f.value === 'json') return JSON.stringify(v);
  return v as Cell;
}

/** The row of one place: keys, the record's columns, the derived ones. */
export function rowOf(t: Table, place: Place): Cell[] {
  const keys = [place.record.source.sha256, ...place.indices];
  const keyCount = t.keys.length;
  return t.columns.map((c, i) => {
    if (i < keyCount) return keys[i] ?? null;
    const derive = t.derived[c.name];
    if (derive) return derive(place);
    if (t.node?.kind === 'strings' && !c.field) return place.item as string;
    return cell(c, place);
  });
}
