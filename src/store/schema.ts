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
import { icd10Chapters } from '../vocab/index.js';

/** A string as an SQL literal. */
const sqlLiteral = (s: string) => `'${s.replaceAll("'", "''")}'`;

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
 * 4 → 5: record version 2: services gain the normalised columns (concept_key, modality,
 *   laterality, visits, drug_*) and the tables service_body_regions and service_ingredients;
 *   guidelines gain topic, diagnoses the ICD-10-CM code, title, category and chapter, letters
 *   the timing; the store's own guesses (request_key, body_region) give way to them.
 */
export const STORE_SCHEMA_VERSION = 5;

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
 * Rebuilds a table to its current definition, keeping its rows: columns are matched by name
 * (`BY NAME`: a column the old table lacks is NULL), `exclude` names old columns the table no
 * longer has (whether or not this old table has them), and `computed` gives an expression for a column taken from something else. A
 * leftover `<table>__new` is dropped first: its rows must not join the table's.
 */
function rebuildTable(table: string, exclude: readonly string[] = [], computed: Readonly<Record<string, string>> = {}): string[] {
  const extra = Object.entries(computed).map(([name, expr]) => `, ${expr} AS ${name}`).join('');
  return [
    `DROP TABLE IF EXISTS ${table}__new`,
    createTable(table, `${table}__new`, false),
    `INSERT INTO ${table}__new BY NAME SELECT ${exclude.length ? `COLUMNS(c -> c NOT IN (${exclude.map(sqlLiteral).join(', ')}))` : '*'}${extra} FROM ${table}`,
    `DROP TABLE ${table}`,
    `ALTER TABLE ${table}__new RENAME TO ${table}`,
  ];
}

/** Columns store schemas 1-4 derived that the record now carries (concept_key, body regions) or that went. */
const OLD_DERIVED: Readonly<Record<string, readonly string[]>> = {
  letters: ['body_region'],
  services: ['request_key', 'body_region'],
  diagnoses: ['body_region'],
};

/** The record tables that store schemas 1-4 had (the others are created empty). */
const OLD_TABLES = ['letters', 'services', 'guidelines', 'diagnoses', 'imaging', 'medications', 'reviewer_specialties', 'reviewer_licensure', 'warnings', 'files', 'failures'];

/**
 * Schema 2 → 3: `letters` rebuilt with `sections` and `evidence` taken from its record JSON,
 * without the JSON. A record DuckDB cannot read as JSON (schema 2 stored whatever it was given,
 * half surrogate pairs included) gets `[]` and `{}` rather than block the upgrade for good.
 */
const RECORD_TO_COLUMNS: readonly string[] = rebuildTable('letters', ['record', ...OLD_DERIVED.letters!], {
  sections: `coalesce(TRY(record->'$.sections'), '[]')`,
  evidence: `coalesce(TRY(record->'$.evidence'), '{}')`,
});

/** The other old tables rebuilt to today's columns, by name. */
const REBUILD_OTHERS = (except: readonly string[]): string[] =>
  OLD_TABLES.filter((t) => !except.includes(t)).flatMap((t) => rebuildTable(t, OLD_DERIVED[t] ?? []));

/**
 * Older store schema version → the statements that bring it to STORE_SCHEMA_VERSION, run in one
 * transaction by a writer that opens it (an ingest, or `imr upgrade`). Readers refuse an older
 * store until then. The version-2 columns of letters stored before are NULL: `imr upgrade`
 * re-extracts those letters from their files afterwards.
 */
export const MIGRATIONS: Readonly<Record<string, readonly string[]>> = {
  '1': [...RECORD_TO_COLUMNS, ...REBUILD_OTHERS(['letters'])],
  '2': [...RECORD_TO_COLUMNS, ...REBUILD_OTHERS(['letters'])],
  '3': REBUILD_OTHERS([]),
  '4': REBUILD_OTHERS([]),
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

/** The chapter title of an `icd10_chapter` number (src/vocab/icd10cm-chapters.json), as SQL. */
const CHAPTER_TITLE = `CASE icd10_chapter ${icd10Chapters.chapters.map((c) => `WHEN ${c.chapter} THEN ${sqlLiteral(c.title)}`).join(' ')} END`;

/**
 * Views for the common questions of IMR outcome studies (volume and uphold rates by type of
 * service, drug group and ingredient, treatment concept, diagnosis chapter and category, body
 * region; processing time and claim age over time). Letters stored by an older extractor and not
 * re-extracted have no version-2 values (NULL): they count as `unspecified` where a view groups by one.
 */
export const VIEWS: Readonly<Record<string, string>> = {
  /** One row per letter: `sha256` and `record`, the whole record as JSON (see RECORDS). */
  records: RECORDS,
  /** One row per disputed service with the letter's context: the table most questions start from. */
  service_decisions: `
    SELECT s.sha256, s.idx, l.case_number, l.year, quarter(l.date_decision) AS quarter, l.date_decision,
           l.format, l.priority, l.patient_age, l.patient_sex, s.request, s.concept_key, s.decision,
           s.category, s.modality, s.laterality, s.visits, s.drug_group, s.drug_compound,
           s.original_request, s.authorized_portion, l.days_to_decision, l.claim_age_days, l.extractor_version
    FROM services s JOIN letters l USING (sha256)`,
  /** The whole store in one row: letters, services, and the share of services upheld and overturned. */
  overview: `
    SELECT (SELECT count(*) FROM letters) AS letters, ${RATES},
           (SELECT count(*) FROM failures) AS failures,
           (SELECT min(date_decision) FROM letters) AS first_decision,
           (SELECT max(date_decision) FROM letters) AS last_decision
    FROM services`,
  letters_by_year: `
    SELECT l.year, count(*) AS letters, sum(l.n_services) AS services,
           sum(l.n_upheld) AS upheld, sum(l.n_overturned) AS overturned,
           round(sum(l.n_overturned) / nullif(sum(l.n_services), 0), 4) AS overturned_rate
    FROM letters l GROUP BY l.year ORDER BY l.year NULLS LAST`,
  decision_rates_by_year: `
    SELECT year, ${RATES} FROM service_decisions GROUP BY year ORDER BY year NULLS LAST`,
  /** Outcomes by type of service. */
  decision_rates_by_category: `
    SELECT category, ${RATES} FROM service_decisions GROUP BY category ORDER BY services DESC, category`,
  /** A service naming two regions counts under both; one naming none under `unspecified`. */
  decision_rates_by_body_region: `
    SELECT coalesce(r.region, 'unspecified') AS body_region, ${RATES}
    FROM service_decisions sd LEFT JOIN service_body_regions r ON r.sha256 = sd.sha256 AND r.service_idx = sd.idx
    GROUP BY 1 ORDER BY services DESC, body_region`,
  /** A letter reviewed by a doubly certified reviewer counts under both specialties. */
  decision_rates_by_specialty: `
    SELECT rs.specialty, ${RATES}
    FROM service_decisions sd JOIN reviewer_specialties rs USING (sha256)
    GROUP BY rs.specialty ORDER BY services DESC, rs.specialty`,
  /** Requests grouped by treatment concept (`drug:acetaminophen+hydrocodone`, `imaging:mri:lumbar spine`). */
  top_requests: `
    SELECT coalesce(concept_key, 'unspecified') AS concept_key, mode(category) AS category, ${RATES},
           count(DISTINCT sha256) AS letters, min(request) AS example_request
    FROM service_decisions GROUP BY 1 ORDER BY services DESC, concept_key`,
  /** Pharmacy requests by drug group; compounded and multi-agent topical products are the group `compound`. */
  decision_rates_by_drug_group: `
    SELECT coalesce(drug_group, 'unspecified') AS drug_group, ${RATES}
    FROM service_decisions WHERE category = 'pharmacy' GROUP BY 1 ORDER BY services DESC, drug_group`,
  /** Pharmacy requests by active ingredient, compounds apart: a compound counts under each of its ingredients. */
  decision_rates_by_ingredient: `
    SELECT i.ingredient, sd.drug_compound AS compound, ${RATES}
    FROM service_decisions sd JOIN service_ingredients i ON i.sha256 = sd.sha256 AND i.service_idx = sd.idx
    GROUP BY i.ingredient, sd.drug_compound ORDER BY services DESC, i.ingredient, compound`,
  /** Coded diagnoses with their category and chapter. */
  diagnoses_coded: `
    SELECT d.sha256, d.idx, d.text, d.icd10_code, d.icd10_title, d.icd10_category, d.icd10_category_title,
           d.icd10_chapter, ${CHAPTER_TITLE} AS icd10_chapter_title
    FROM diagnoses d WHERE d.icd10_code IS NOT NULL`,
  /** A letter's services count once under each ICD-10-CM chapter its coded diagnoses fall in. */
  decision_rates_by_icd10_chapter: `
    SELECT dc.icd10_chapter, dc.icd10_chapter_title, ${RATES}
    FROM service_decisions sd
    JOIN (SELECT DISTINCT sha256, icd10_chapter, icd10_chapter_title FROM diagnoses_coded) dc USING (sha256)
    GROUP BY dc.icd10_chapter, dc.icd10_chapter_title ORDER BY services DESC, dc.icd10_chapter`,
  /** A letter's services count once under each ICD-10-CM category (first three characters) of its coded diagnoses. */
  decision_rates_by_icd10_category: `
    SELECT dc.icd10_category, dc.icd10_category_title, ${RATES}
    FROM service_decisions sd
    JOIN (SELECT DISTINCT sha256, icd10_category, icd10_category_title FROM diagnoses_coded) dc USING (sha256)
    GROUP BY dc.icd10_category, dc.icd10_category_title ORDER BY services DESC, dc.icd10_category`,
  /** Processing time (application received to decision) and claim age (injury to decision) by quarter of decision. */
  timing_by_quarter: `
    SELECT year(date_decision) AS year, quarter(date_decision) AS quarter, count(*) AS letters,
           median(days_to_decision) AS median_days_to_decision, round(avg(days_to_decision), 1) AS mean_days_to_decision,
           median(claim_age_days) AS median_claim_age_days, round(avg(claim_age_days), 1) AS mean_claim_age_days
    FROM letters WHERE date_decision IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
  /** The same by year of decision. */
  timing_by_year: `
    SELECT year(date_decision) AS year, count(*) AS letters,
           median(days_to_decision) AS median_days_to_decision, round(avg(days_to_decision), 1) AS mean_days_to_decision,
           median(claim_age_days) AS median_claim_age_days, round(avg(claim_age_days), 1) AS mean_claim_age_days
    FROM letters WHERE date_decision IS NOT NULL GROUP BY 1 ORDER BY 1`,
  /** Citations by guideline source and topic (`ODG Low Back` and `ODG Low Back Chapter` are one topic). */
  guideline_citations: `
    SELECT g.source, coalesce(g.topic, g.title, '') AS topic, count(*) AS citations,
           count(DISTINCT g.sha256) AS letters, min(g.title) AS example_title
    FROM guidelines g GROUP BY 1, 2 ORDER BY citations DESC, g.source, topic`,
  failures_by_code: `
    SELECT code, count(*) AS files, max(failed_at) AS last_failed_at
    FROM failures GROUP BY code ORDER BY files DESC, code`,
};
