/**
 * `imr stats`: the questions analysts of IMR outcomes ask first (the overall uphold rate, then
 * volume and outcome by type of service, drug group, ingredient, treatment concept, diagnosis,
 * body region, reviewer, year, and processing time), each one query over the store's views.
 * Each section says how it is best drawn, so the text and HTML pages follow one list.
 */
import { formatTable } from './output.js';
import type { QueryResult, Store } from './store.js';

/**
 * How a section is drawn: `rates` upheld/overturned shares per row (first column labels it);
 * `counts` upheld and overturned as counts; `bars` one bar per row of `value`; `cards` the one row
 * as figures; `table` no chart.
 */
export type ChartKind = 'rates' | 'counts' | 'bars' | 'cards' | 'table';

export interface StatsSection {
  key: string;
  title: string;
  sql: string;
  chart: ChartKind;
  /** For `bars`: the column drawn. */
  value?: string;
  /** How a row without a label is named. */
  none?: string;
}

export interface StatsOptions {
  /** Rows shown in the "top" sections. */
  top?: number;
}

const RATE_COLUMNS = 'services, upheld, overturned, upheld_rate, overturned_rate';

export function statsSections(options: StatsOptions = {}): StatsSection[] {
  const top = Math.max(1, Math.floor(options.top ?? 15));
  return [
    {
      key: 'overview',
      title: 'Overall',
      chart: 'cards',
      sql: `SELECT letters, ${RATE_COLUMNS}, failures, first_decision, last_decision,
                   (SELECT count(*) FILTER (WHERE n_warnings > 0) FROM letters) AS letters_with_warnings,
                   (SELECT string_agg(DISTINCT extractor_version, ', ' ORDER BY extractor_version) FROM letters) AS extractor_versions
            FROM overview`,
    },
    { key: 'byYear', title: 'Letters and services by year', chart: 'counts', none: 'no date', sql: `SELECT * FROM letters_by_year` },
    { key: 'ratesByCategory', title: 'Outcome by type of service', chart: 'rates', none: 'no category', sql: `SELECT category, ${RATE_COLUMNS} FROM decision_rates_by_category` },
    {
      key: 'ratesByDrugGroup',
      title: 'Pharmacy requests: outcome by drug group',
      chart: 'rates',
      sql: `SELECT drug_group, ${RATE_COLUMNS} FROM decision_rates_by_drug_group`,
    },
    {
      key: 'ratesByIngredient',
      title: `Pharmacy requests: top ${top} ingredients (compounds apart)`,
      chart: 'rates',
      sql: `SELECT ingredient || CASE WHEN compound THEN ' (in compounds)' ELSE '' END AS ingredient, ${RATE_COLUMNS}
            FROM decision_rates_by_ingredient LIMIT ${top}`,
    },
    {
      key: 'topRequests',
      title: `Top ${top} treatment concepts`,
      chart: 'counts',
      sql: `SELECT concept_key, category, ${RATE_COLUMNS}, letters, example_request FROM top_requests LIMIT ${top}`,
    },
    {
      key: 'ratesByIcd10Chapter',
      title: 'Outcome by ICD-10-CM chapter of the letter’s diagnoses',
      chart: 'rates',
      sql: `SELECT icd10_chapter_title AS chapter, icd10_chapter, ${RATE_COLUMNS} FROM decision_rates_by_icd10_chapter`,
    },
    {
      key: 'ratesByIcd10Category',
      title: `Outcome by ICD-10-CM category: top ${top}`,
      chart: 'rates',
      sql: `SELECT icd10_category || ' ' || coalesce(icd10_category_title, '') AS category, ${RATE_COLUMNS}
            FROM decision_rates_by_icd10_category LIMIT ${top}`,
    },
    { key: 'ratesByBodyRegion', title: 'Outcome by body region', chart: 'rates', none: 'unspecified', sql: `SELECT body_region, ${RATE_COLUMNS} FROM decision_rates_by_body_region` },
    { key: 'ratesBySpecialty', title: 'Outcome by reviewer specialty', chart: 'rates', none: 'no specialty', sql: `SELECT specialty, ${RATE_COLUMNS} FROM decision_rates_by_specialty` },
    { key: 'ratesByYear', title: 'Outcome by year of decision', chart: 'rates', none: 'no date', sql: `SELECT year, ${RATE_COLUMNS} FROM decision_rates_by_year` },
    {
      key: 'timingByQuarter',
      title: 'Processing time and claim age by quarter (days, median)',
      chart: 'bars',
      value: 'median_days_to_decision',
      sql: `SELECT year || '-Q' || quarter AS quarter, letters, median_days_to_decision, mean_days_to_decision,
                   median_claim_age_days, mean_claim_age_days FROM timing_by_quarter`,
    },
    {
      key: 'topGuidelines',
      title: `Top ${top} cited guideline topics`,
      chart: 'bars',
      value: 'citations',
      sql: `SELECT source || ' · ' || topic AS guideline, citations, letters, example_title FROM guideline_citations LIMIT ${top}`,
    },
    {
      key: 'byFormat',
      title: 'Letters by format',
      chart: 'bars',
      value: 'letters',
      sql: `SELECT format, count(*) AS letters FROM letters GROUP BY format ORDER BY letters DESC, format`,
    },
    { key: 'failures', title: 'Failures by code', chart: 'bars', value: 'files', sql: `SELECT code, files FROM failures_by_code` },
  ];
}

export type Stats = Record<string, { title: string; section: StatsSection; result: QueryResult }>;

export async function computeStats(store: Store, options: StatsOptions = {}): Promise<Stats> {
  const out: Stats = {};
  for (const section of statsSections(options)) {
    out[section.key] = { title: section.title, section, result: await store.query(section.sql) };
  }
  return out;
}

/** The overall figures as one line a person reads first. */
function overallLine(r: QueryResult): string {
  const x = Object.fromEntries(r.columns.map((c, i) => [c, r.rows[0]?.[i]]));
  const pct = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)} %` : '-');
  return `${x.letters} letters, ${x.services} disputed services: ${x.upheld} upheld (${pct(x.upheld_rate)}), ${x.overturned} overturned (${pct(x.overturned_rate)})\n`;
}

export function renderStats(stats: Stats): string {
  return Object.values(stats)
    .map(({ title, section, result }) => {
      const head = `${title}\n${'='.repeat(title.length)}\n`;
      return section.key === 'overview' ? `${head}${overallLine(result)}${formatTable(result, { maxWidth: 50 })}` : `${head}${formatTable(result, { maxWidth: 50 })}`;
    })
    .join('\n');
}

/** `{ section: [row objects] }`, for `imr stats --json`. */
export function statsJson(stats: Stats): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(stats).map(([key, { result }]) => {
      const rows = result.rows.map((row) => Object.fromEntries(row.map((v, i) => [result.columns[i], v])));
      return [key, key === 'overview' ? (rows[0] ?? {}) : rows];
    }),
  );
}
