/**
 * The analyst store's tables and views (DuckDB). The README section "The analyst store" documents them for users;
 * keep the two in step.
 *
 * Every letter is keyed by `sha256` (of the file bytes, as in `record.source.sha256`); every
 * child table carries `sha256` plus its position(s) in the record, so `(sha256, idx)` is unique
 * and joins back to `letters`. The keys (`letters.sha256`, `files.path`, `failures.file`) are
 * unique, kept so by the writer (delete-then-append in one transaction), not declared as
 * PRIMARY KEYs: DuckDB holds a key's ART index wholly in memory, about 14 MB per 100,000
 * letters, so a declared key made the ingest's memory grow with the store. The writer's
 * lookups (`WHERE sha256 IN (...)`) scan the key column instead: about 8 µs a letter slower at
 * 100,000 letters, measured.
 */

/**
 * Bump when the tables change shape; `Store.open` refuses a store of another version, except the
 * older ones listed in MIGRATIONS (below), which a writer upgrades in place.
 * 1 → 2: the three keys lost their PRIMARY KEY declarations (same columns and rows).
 */
export const STORE_SCHEMA_VERSION = 2;

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
    ['ingested_at', 'TIMESTAMP NOT NULL'], ['record', 'JSON NOT NULL'],
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
 * Rebuilds a table to its current definition, keeping its rows (the columns must not have
 * changed). A leftover `<table>__new` is dropped first: its rows must not join the table's.
 */
function rebuildTable(table: TableName): string[] {
  return [
    `DROP TABLE IF EXISTS ${table}__new`,
    createTable(table, `${table}__new`, false),
    `INSERT INTO ${table}__new SELECT * FROM ${table}`,
    `DROP TABLE ${table}`,
    `ALTER TABLE ${table}__new RENAME TO ${table}`,
  ];
}

export interface Migration {
  /** Run in one transaction by a writer that opens a store of this older version. */
  statements: readonly string[];
  /** The older store's tables read exactly as the current ones, so readers need not wait for a writer to upgrade it. */
  readsAsCurrent: boolean;
}

/** Older store schema version → how to bring it to STORE_SCHEMA_VERSION. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '1': { statements: (['letters', 'files', 'failures'] as const).flatMap(rebuildTable), readsAsCurrent: true },
};

/** A rate column pair over a `decision` column, for the views below. */
const RATES = `
    count(*) AS services,
    count(*) FILTER (WHERE decision = 'upheld') AS upheld,
    count(*) FILTER (WHERE decision = 'overturned') AS overturned,
    round(count(*) FILTER (WHERE decision = 'upheld') / count(*), 4) AS upheld_rate,
    round(count(*) FILTER (WHERE decision = 'overturned') / count(*), 4) AS overturned_rate`;

export const VIEWS: Readonly<Record<string, string>> = {
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
