/**
 * The analyst store's tables and views (DuckDB). The README section "The analyst store" documents them for users;
 * keep the two in step.
 *
 * Every letter is keyed by `sha256` (of the file bytes, as in `record.source.sha256`); every
 * child table carries `sha256` plus its position(s) in the record, so `(sha256, idx)` is unique
 * and joins back to `letters`. The keys (`letters.sha256`, `files.path`, `failures.file`) are
 * unique, kept so by the writer (delete-then-append in one transaction), not declared as
 * PRIMARY KEYs: DuckDB holds a key's ART index wholly in memory, about 14 MB per 100,000
 * letters, so a declared key made the ingest's memory grow with the store. Instead the writer
 * keeps 52-bit fingerprints of the keys (key-filter.ts, 8 bytes a key) and asks DuckDB only
 * about keys that may be stored; those lookups (`WHERE sha256 IN (...)`) scan the key column.
 */

import { recordsViewSql } from './records-view.js';
import { ALL_TABLES, RECORD_TABLES, tableNamed } from './tables.js';

/**
 * Bump when the tables change shape; `Store.open` refuses a store of another version, except the
 * older ones listed in MIGRATIONS (below), which a writer upgrades in place.
 * 1 → 2: the three keys lost their PRIMARY KEY declarations (same columns and rows).
 * 2 → 3: `letters.record` (the whole record as JSON) gave way to the columns `letters.sections`
 *   and `letters.evidence` (the two parts of the record no table held) and the view `records`,
 *   which rebuilds the record from the tables. The JSON repeated what the tables hold and was
 *   half the cost of writing a letter.
 * 3 → 4: the tables' columns follow the record schema's order (the tables are now derived from
 *   it); the same columns and rows.
 */
export const STORE_SCHEMA_VERSION = 4;

/** Every table (tables.ts): the record's, then the bookkeeping ones. */
export const TABLES: readonly string[] = ALL_TABLES.map((t) => t.name);
export type TableName = string;

/** What `imr export` writes: the tables, then the records rebuilt from them (the `records` view). */
export const EXPORTABLE: readonly string[] = [...TABLES, 'records'];
export type Exportable = string;

/** Tables whose rows belong to one letter and are replaced with it on re-extraction. */
export const LETTER_CHILD_TABLES: readonly string[] = RECORD_TABLES.filter((t) => t.name !== 'letters').map((t) => t.name);

/** `CREATE TABLE` for `table` as it is now, under `name` (the migrations build a table beside the old one). */
function createTable(table: string, name: string = table, ifNotExists = true): string {
  const columns = tableNamed(table).columns.map((c) => `${c.name} ${c.sqlType}`).join(',\n    ');
  return `CREATE TABLE ${ifNotExists ? 'IF NOT EXISTS ' : ''}${name} (\n    ${columns}\n  )`;
}

export const DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
  ...TABLES.map((t) => createTable(t)),
];

/**
 * Rebuilds a table to its current definition, keeping its rows: each current column is taken by
 * name from the old table, or computed by the expression given for it in `computed` (columns
 * the old table has and the new one does not are left behind). A leftover `<table>__new` is
 * dropped first: its rows must not join the table's.
 */
function rebuildTable(table: string, computed: Readonly<Record<string, string>> = {}): string[] {
  const columns = tableNamed(table).columns.map((c) => computed[c.name] ?? c.name).join(', ');
  return [
    `DROP TABLE IF EXISTS ${table}__new`,
    createTable(table, `${table}__new`, false),
    `INSERT INTO ${table}__new SELECT ${columns} FROM ${table}`,
    `DROP TABLE ${table}`,
    `ALTER TABLE ${table}__new RENAME TO ${table}`,
  ];
}

/**
 * Schema 2 → 3: `letters` rebuilt with `sections` and `evidence` taken from its record JSON,
 * without the JSON. A record DuckDB cannot read as JSON (schema 2 stored whatever it was given,
 * half surrogate pairs included) gets `[]` and `{}` rather than block the upgrade for good.
 */
const RECORD_TO_COLUMNS: readonly string[] = rebuildTable('letters', {
  sections: `coalesce(TRY(record->'$.sections'), '[]')`,
  evidence: `coalesce(TRY(record->'$.evidence'), '{}')`,
});

/** Every other table rebuilt in today's column order (3 → 4: the columns now follow the record schema's order). */
const REORDER = (except: readonly string[]): string[] => TABLES.filter((t) => !except.includes(t)).flatMap((t) => rebuildTable(t));

/**
 * Older store schema version → the statements that bring it to STORE_SCHEMA_VERSION, run in one
 * transaction by a writer that opens it (an ingest, or `imr upgrade`). Readers refuse an older
 * store until then.
 */
export const MIGRATIONS: Readonly<Record<string, readonly string[]>> = {
  '1': [...RECORD_TO_COLUMNS, ...REORDER(['letters'])],
  '2': [...RECORD_TO_COLUMNS, ...REORDER(['letters'])],
  '3': REORDER([]),
};

/** A rate column pair over a `decision` column, for the views below. */
const RATES = `
    count(*) AS services,
    count(*) FILTER (WHERE decision = 'upheld') AS upheld,
    count(*) FILTER (WHERE decision = 'overturned') AS overturned,
    round(count(*) FILTER (WHERE decision = 'upheld') / count(*), 4) AS upheld_rate,
    round(count(*) FILTER (WHERE decision = 'overturned') / count(*), 4) AS overturned_rate`;

/**
 * The record of each letter, rebuilt from the tables: the same JSON as `imr extract` writes
 * (test/store/records-view.test.ts holds the two equal). Generated from the table plan
 * (records-view.ts). A filter on `sha256` reaches every table's scan (DuckDB pushes it through
 * the joins), so a lookup or a range of letters reads only their rows.
 */
const RECORDS = recordsViewSql();

export const VIEWS: Readonly<Record<string, string>> = {
  /** One row per letter: `sha256` and `record`, the whole record as JSON (see RECORDS). */
  records: RECORDS,
  /** One row per disputed service with the letter's context: the table most questions start from. */
  service_decisions: `
    SELECT s.sha256, s.idx, l.case_number, l.year, l.date_decision, l.format, l.priority,
           l.patient_age, l.patient_sex, s.request, s.request_key, s.decision, s.category,
           coalesce(s.body_region, l.body_region) AS body_region,
           s.original_request, s.authorized_portion, l.extractor_version
    FROM services s JOIN letters l USING (sha256)`,
  letters_by_year: `
    SELECT l.year, count(*) AS letters, sum(l.n_services) AS services,
           sum(l.n_upheld) AS upheld, sum(l.n_overturned) AS overturned,
           round(sum(l.n_overturned) / nullif(sum(l.n_services), 0), 4) AS overturned_rate
    FROM letters l GROUP BY l.year ORDER BY l.year NULLS LAST`,
  decision_rates_by_year: `
    SELECT year, ${RATES} FROM service_decisions GROUP BY year ORDER BY year NULLS LAST`,
  decision_rates_by_category: `
    SELECT category, ${RATES} FROM service_decisions GROUP BY category ORDER BY services DESC, category`,
  decision_rates_by_body_region: `
    SELECT coalesce(body_region, 'unspecified') AS body_region, ${RATES}
    FROM service_decisions GROUP BY 1 ORDER BY services DESC, body_region`,
  /** A letter reviewed by a doubly certified reviewer counts under both specialties. */
  decision_rates_by_specialty: `
    SELECT rs.specialty, ${RATES}
    FROM service_decisions sd JOIN reviewer_specialties rs USING (sha256)
    GROUP BY rs.specialty ORDER BY services DESC, rs.specialty`,
  top_requests: `
    SELECT request_key, mode(category) AS category, ${RATES}, count(DISTINCT sha256) AS letters
    FROM service_decisions GROUP BY request_key ORDER BY services DESC, request_key`,
  guideline_citations: `
    SELECT g.source, coalesce(g.title, '') AS title, count(*) AS citations,
           count(DISTINCT g.sha256) AS letters
    FROM guidelines g GROUP BY g.source, coalesce(g.title, '') ORDER BY citations DESC, g.source, title`,
  failures_by_code: `
    SELECT code, count(*) AS files, max(failed_at) AS last_failed_at
    FROM failures GROUP BY code ORDER BY files DESC, code`,
};
