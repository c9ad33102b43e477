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

/**
 * Bump when the tables change shape; `Store.open` refuses a store of another version, except the
 * older ones listed in MIGRATIONS (below), which a writer upgrades in place.
 * 1 → 2: the three keys lost their PRIMARY KEY declarations (same columns and rows).
 * 2 → 3: `letters.record` (the whole record as JSON) gave way to the columns `letters.sections`
 *   and `letters.evidence` (the two parts of the record no table held) and the view `records`,
 *   which rebuilds the record from the tables. The JSON repeated what the tables hold and was
 *   half the cost of writing a letter.
 * 3 → 4: `letters.engine`, the PDF engine that read the letter (record.source.engine); NULL for
 *   text letters and for letters stored before the column.
 */
export const STORE_SCHEMA_VERSION = 4;

export const TABLES = [
  'letters',
  'services',
  'guidelines',
  'diagnoses',
  'imaging',
  'medications',
  'reviewer_specialties',
  'reviewer_licensure',
  'warnings',
  'files',
  'failures',
] as const;
export type TableName = (typeof TABLES)[number];

/** What `imr export` writes: the tables, then the records rebuilt from them (the `records` view). */
export const EXPORTABLE = [...TABLES, 'records'] as const;
export type Exportable = (typeof EXPORTABLE)[number];

/** Tables whose rows belong to one letter and are replaced with it on re-extraction. */
export const LETTER_CHILD_TABLES = [
  'services',
  'guidelines',
  'diagnoses',
  'imaging',
  'medications',
  'reviewer_specialties',
  'reviewer_licensure',
  'warnings',
] as const satisfies readonly TableName[];

/**
 * Every table's columns in order, with SQL type and constraint: the one definition that both the
 * DDL below and the writer's appender (rows.ts COLUMNS) follow, so the two cannot drift apart.
 */
export const TABLE_COLUMNS: Record<TableName, ReadonlyArray<readonly [name: string, sqlType: string]>> = {
  letters: [
    ['sha256', 'VARCHAR NOT NULL'],
    ['path', 'VARCHAR NOT NULL'], ['kind', 'VARCHAR NOT NULL'], ['pages', 'INTEGER'],
    ['format', 'VARCHAR NOT NULL'], ['case_number', 'VARCHAR'], ['date_assigned', 'DATE'],
    ['date_decision', 'DATE'], ['date_ur_denial', 'DATE'], ['date_application_received', 'DATE'],
    ['year', 'INTEGER'], ['priority', 'VARCHAR'], ['patient_age', 'INTEGER'], ['patient_sex', 'VARCHAR'],
    ['injury_date', 'DATE'], ['injury_employer', 'VARCHAR'], ['injury_mechanism', 'VARCHAR'],
    ['body_region', 'VARCHAR'], ['n_services', 'INTEGER NOT NULL'], ['n_upheld', 'INTEGER NOT NULL'],
    ['n_overturned', 'INTEGER NOT NULL'], ['n_warnings', 'INTEGER NOT NULL'],
    ['schema_version', 'INTEGER NOT NULL'], ['extractor_version', 'VARCHAR NOT NULL'],
    ['ingested_at', 'TIMESTAMP NOT NULL'],
    // record.sections ([{name, start, end}]) and record.evidence ({field path: [start, end]}), as
    // JSON: one small value each, where a row per section or span would cost more to write than
    // the rest of the letter (measured: about 29 rows a letter took a 20,000-letter ingest from 904 to 823 letters/s).
    ['sections', 'JSON NOT NULL'], ['evidence', 'JSON NOT NULL'],
    // Last, where ALTER TABLE ... ADD COLUMN puts it in a store migrated from schema 3.
    ['engine', 'VARCHAR'],
  ],
  services: [
    ['sha256', 'VARCHAR NOT NULL'], ['idx', 'INTEGER NOT NULL'], ['request', 'VARCHAR NOT NULL'],
    ['request_key', 'VARCHAR NOT NULL'], ['decision', 'VARCHAR NOT NULL'], ['category', 'VARCHAR NOT NULL'],
    ['body_region', 'VARCHAR'], ['original_request', 'VARCHAR'], ['authorized_portion', 'VARCHAR'],
    ['claims_administrator_guideline', 'VARCHAR'], ['reviewer_guideline', 'VARCHAR'],
    ['rationale', 'VARCHAR'], ['span_start', 'INTEGER NOT NULL'], ['span_end', 'INTEGER NOT NULL'],
  ],
  guidelines: [
    ['sha256', 'VARCHAR NOT NULL'], ['service_idx', 'INTEGER NOT NULL'], ['idx', 'INTEGER NOT NULL'],
    ['source', 'VARCHAR NOT NULL'], ['title', 'VARCHAR'], ['section', 'VARCHAR'],
  ],
  diagnoses: [
    ['sha256', 'VARCHAR NOT NULL'], ['idx', 'INTEGER NOT NULL'], ['text', 'VARCHAR NOT NULL'],
    ['body_region', 'VARCHAR'], ['span_start', 'INTEGER NOT NULL'], ['span_end', 'INTEGER NOT NULL'],
  ],
  imaging: [
    ['sha256', 'VARCHAR NOT NULL'], ['idx', 'INTEGER NOT NULL'], ['modality', 'VARCHAR NOT NULL'],
    ['body_region', 'VARCHAR'], ['date', 'DATE'], ['findings', 'VARCHAR'],
    ['span_start', 'INTEGER NOT NULL'], ['span_end', 'INTEGER NOT NULL'],
  ],
  medications: [
    ['sha256', 'VARCHAR NOT NULL'], ['idx', 'INTEGER NOT NULL'], ['name', 'VARCHAR NOT NULL'],
  ],
  reviewer_specialties: [
    ['sha256', 'VARCHAR NOT NULL'], ['idx', 'INTEGER NOT NULL'], ['specialty', 'VARCHAR NOT NULL'],
  ],
  reviewer_licensure: [
    ['sha256', 'VARCHAR NOT NULL'], ['idx', 'INTEGER NOT NULL'], ['state', 'VARCHAR NOT NULL'],
  ],
  warnings: [
    ['sha256', 'VARCHAR NOT NULL'], ['idx', 'INTEGER NOT NULL'], ['warning', 'VARCHAR NOT NULL'],
  ],
  files: [
    ['path', 'VARCHAR NOT NULL'], ['sha256', 'VARCHAR NOT NULL'], ['seen_at', 'TIMESTAMP NOT NULL'],
  ],
  failures: [
    ['file', 'VARCHAR NOT NULL'], ['sha256', 'VARCHAR'], ['code', 'VARCHAR NOT NULL'],
    ['reason', 'VARCHAR NOT NULL'], ['extractor_version', 'VARCHAR NOT NULL'],
    ['failed_at', 'TIMESTAMP NOT NULL'],
  ],
};

/** `CREATE TABLE` for `table` as it is now, under `name` (the migrations build a table beside the old one). */
function createTable(table: TableName, name: string = table, ifNotExists = true): string {
  const columns = TABLE_COLUMNS[table].map(([col, type]) => `${col} ${type}`).join(',\n    ');
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
function rebuildTable(table: TableName, computed: Readonly<Record<string, string>> = {}): string[] {
  const columns = TABLE_COLUMNS[table].map(([name]) => computed[name] ?? name).join(', ');
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
  engine: 'NULL',
});

/** Schema 3 → 4: the `engine` column, NULL for the letters already stored (no rewrite of the table). */
const ADD_ENGINE: readonly string[] = ['ALTER TABLE letters ADD COLUMN engine VARCHAR'];

/**
 * Older store schema version → the statements that bring it to STORE_SCHEMA_VERSION, run in one
 * transaction by a writer that opens it (an ingest, or `imr upgrade`). Readers refuse an older
 * store until then.
 */
export const MIGRATIONS: Readonly<Record<string, readonly string[]>> = {
  '1': [...RECORD_TO_COLUMNS, ...rebuildTable('files'), ...rebuildTable('failures')],
  '2': RECORD_TO_COLUMNS,
  '3': ADD_ENGINE,
};

/** A rate column pair over a `decision` column, for the views below. */
const RATES = `
    count(*) AS services,
    count(*) FILTER (WHERE decision = 'upheld') AS upheld,
    count(*) FILTER (WHERE decision = 'overturned') AS overturned,
    round(count(*) FILTER (WHERE decision = 'upheld') / count(*), 4) AS upheld_rate,
    round(count(*) FILTER (WHERE decision = 'overturned') / count(*), 4) AS overturned_rate`;

/**
 * A child table's items grouped per letter (and per `by`, e.g. per service): the JSON `item` of
 * each row in `idx` order, as `items`. Grouped once and joined, rather than a subquery per
 * letter: a lookup of one letter then reads only its own rows (measured on 100,000 letters:
 * 28 ms against 370 ms for correlated subqueries, which scanned every child table whole).
 */
const grouped = (table: string, item: string, by = '') =>
  `(SELECT c.sha256${by}, list(${item} ORDER BY c.idx) AS items FROM ${table} c GROUP BY c.sha256${by})`;

/** The `items` of the grouped rows joined as `alias`; `[]` for a letter without any. */
const items = (alias: string) => `coalesce(${alias}.items, []::JSON[])`;

/**
 * The record of each letter, rebuilt from the tables: the same JSON as `imr extract` writes
 * (test/store/records-view.test.ts holds the two equal), keys in the record's own order. A
 * filter on `sha256` reaches every table's scan (DuckDB pushes it through the joins), so a
 * lookup or a range of letters reads only their rows.
 */
const RECORDS = `
    SELECT l.sha256, json_object(
      'schemaVersion', l.schema_version,
      'extractorVersion', l.extractor_version,
      'source', json_object('path', l.path, 'sha256', l.sha256, 'kind', l.kind, 'pages', l.pages, 'engine', l.engine),
      'format', l.format,
      'caseNumber', l.case_number,
      'dates', json_object('assigned', CAST(l.date_assigned AS VARCHAR), 'decision', CAST(l.date_decision AS VARCHAR),
                           'urDenial', CAST(l.date_ur_denial AS VARCHAR),
                           'applicationReceived', CAST(l.date_application_received AS VARCHAR)),
      'priority', l.priority,
      'reviewer', json_object('licensure', ${items('rl')}, 'specialties', ${items('rs')}),
      'patient', json_object('age', l.patient_age, 'sex', l.patient_sex),
      'injury', json_object('date', CAST(l.injury_date AS VARCHAR), 'employer', l.injury_employer, 'mechanism', l.injury_mechanism),
      'diagnoses', ${items('dx')},
      'imaging', ${items('im')},
      'medications', ${items('md')},
      'services', ${items('sv')},
      'sections', l.sections,
      'evidence', l.evidence,
      'warnings', ${items('wn')}
    ) AS record
    FROM letters l
    LEFT JOIN ${grouped('reviewer_licensure', 'to_json(c.state)')} rl USING (sha256)
    LEFT JOIN ${grouped('reviewer_specialties', 'to_json(c.specialty)')} rs USING (sha256)
    LEFT JOIN ${grouped('diagnoses', `json_object('text', c.text, 'span', [c.span_start, c.span_end])`)} dx USING (sha256)
    LEFT JOIN ${grouped('imaging', `json_object('modality', c.modality, 'bodyRegion', c.body_region,
        'date', CAST(c.date AS VARCHAR), 'findings', c.findings, 'span', [c.span_start, c.span_end])`)} im USING (sha256)
    LEFT JOIN ${grouped('medications', 'to_json(c.name)')} md USING (sha256)
    LEFT JOIN (
      SELECT s.sha256, list(json_object('request', s.request, 'decision', s.decision,
          'originalRequest', s.original_request, 'authorizedPortion', s.authorized_portion, 'category', s.category,
          'claimsAdministratorGuideline', s.claims_administrator_guideline, 'reviewerGuideline', s.reviewer_guideline,
          'guidelines', ${items('g')}, 'rationale', s.rationale, 'span', [s.span_start, s.span_end]) ORDER BY s.idx) AS items
      FROM services s
      LEFT JOIN ${grouped('guidelines', `json_object('source', c.source, 'title', c.title, 'section', c.section)`, ', c.service_idx')} g
        ON g.sha256 = s.sha256 AND g.service_idx = s.idx
      GROUP BY s.sha256
    ) sv USING (sha256)
    LEFT JOIN ${grouped('warnings', 'to_json(c.warning)')} wn USING (sha256)`;

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
