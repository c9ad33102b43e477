/** `imr stats`: the common questions, each one query over the store's views. */
import { formatTable } from './output.js';
import type { QueryResult, Store } from './store.js';

export interface StatsSection {
  key: string;
  title: string;
  sql: string;
}

export interface StatsOptions {
  /** Rows shown in the "top" sections. */
  top?: number;
}

export function statsSections(options: StatsOptions = {}): StatsSection[] {
  const top = Math.max(1, Math.floor(options.top ?? 15));
  return [
    {
      key: 'overview',
      title: 'Store',
      sql: `SELECT (SELECT count(*) FROM letters) AS letters,
                   (SELECT count(*) FROM services) AS services,
                   (SELECT count(*) FROM failures) AS failures,
                   (SELECT count(*) FILTER (WHERE n_warnings > 0) FROM letters) AS letters_with_warnings,
                   (SELECT string_agg(DISTINCT extractor_version, ', ' ORDER BY extractor_version) FROM letters) AS extractor_versions`,
    },
    { key: 'byYear', title: 'Letters and services by year', sql: `SELECT * FROM letters_by_year` },
    {
      key: 'byFormat',
      title: 'Letters by format',
      sql: `SELECT format, count(*) AS letters FROM letters GROUP BY format ORDER BY letters DESC, format`,
    },
    { key: 'ratesByCategory', title: 'Upheld / overturned by service category', sql: `SELECT * FROM decision_rates_by_category` },
    { key: 'ratesBySpecialty', title: 'Upheld / overturned by reviewer specialty', sql: `SELECT * FROM decision_rates_by_specialty` },
    { key: 'ratesByYear', title: 'Upheld / overturned by year', sql: `SELECT * FROM decision_rates_by_year` },
    { key: 'ratesByBodyRegion', title: 'Upheld / overturned by body region', sql: `SELECT * FROM decision_rates_by_body_region` },
    {
      key: 'topRequests',
      title: `Top ${top} requested services`,
      sql: `SELECT request_key AS request, category, services, upheld, overturned, overturned_rate
            FROM top_requests LIMIT ${top}`,
    },
    {
      key: 'topGuidelines',
      title: `Top ${top} cited guidelines`,
      sql: `SELECT source, title, citations, letters FROM guideline_citations LIMIT ${top}`,
    },
    { key: 'failures', title: 'Failures by code', sql: `SELECT code, files FROM failures_by_code` },
  ];
}

export type Stats = Record<string, { title: string; result: QueryResult }>;

export async function computeStats(store: Store, options: StatsOptions = {}): Promise<Stats> {
  const out: Stats = {};
  for (const section of statsSections(options)) {
    out[section.key] = { title: section.title, result: await store.query(section.sql) };
  }
  return out;
}

export function renderStats(stats: Stats): string {
  return Object.values(stats)
    .map(({ title, result }) => `${title}\n${'='.repeat(title.length)}\n${formatTable(result, { maxWidth: 50 })}`)
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
