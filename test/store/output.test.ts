import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { exportStore } from '../../src/store/export.js';
import { formatCsv, formatJson, formatTable } from '../../src/store/output.js';
import { computeStats, renderStats, statsJson, statsSections } from '../../src/store/stats.js';
import { Store, readerResult, type QueryResult } from '../../src/store/store.js';
import { TABLES } from '../../src/store/schema.js';
import { letterRowSet } from '../../src/store/rows.js';
import { tableNamed } from '../../src/store/tables.js';
import { makeRecord, service } from './records.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'imr-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const result: QueryResult = {
  columns: ['name', 'n', 'note'],
  types: ['VARCHAR', 'BIGINT', 'JSON'],
  rows: [
    ['a, "quoted"', 12, '{"k":1}'],
    ['b', 3, null],
  ],
};

describe('query output formats', () => {
  it('table: aligned, numbers right, NULL shown, a row count', () => {
    expect(formatTable(result)).toBe(
      ['name          n  note', '-----------  --  -------', 'a, "quoted"  12  {"k":1}', 'b             3  NULL', '(2 rows)', ''].join('\n'),
    );
    expect(formatTable({ ...result, rows: [['x'.repeat(80), 1, null]] }, { maxWidth: 10 })).toContain(`${'x'.repeat(9)}…`);
  });

  it('table: a result of 300,000 rows renders (column widths without spreading every row into one call)', () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => [`r${i}`, i, null]);
    const out = formatTable({ ...result, rows });
    expect(out.endsWith('(300000 rows)\n')).toBe(true);
    expect(out.split('\n')[1]).toBe(`${'-'.repeat(7)}  ${'-'.repeat(6)}  ----`);
  });

  it('csv: RFC 4180 quoting, empty for NULL', () => {
    expect(formatCsv(result)).toBe('name,n,note\r\n"a, ""quoted""",12,"{""k"":1}"\r\nb,3,\r\n');
  });

  it('json: row objects, JSON columns embedded', () => {
    expect(JSON.parse(formatJson(result))).toEqual([
      { name: 'a, "quoted"', n: 12, note: { k: 1 } },
      { name: 'b', n: 3, note: null },
    ]);
  });
});

async function smallStore(file: string, seeds: string[]): Promise<Store> {
  const store = await Store.open(file);
  await store.write({
    letters: seeds.map((seed, i) =>
      letterRowSet(makeRecord({
        seed,
        path: `${seed}.pdf`,
        decision: i % 2 ? '2017-05-05' : '2016-05-05',
        services: [
          service('MRI of the lumbar spine', i % 2 ? 'overturned' : 'upheld', {
            category: 'imaging',
            guidelines: [{ source: 'MTUS', title: 'Low Back Complaints 2004', section: null, topic: 'low back' }],
          }),
        ],
      })),
    ),
    files: seeds.map((seed) => ({ path: `${seed}.pdf`, sha256: makeRecord({ seed }).source.sha256 })),
    failures: [{ file: 'bad.pdf', sha256: null, code: 'corrupt', reason: 'damaged', extractorVersion: 'test-1', failedAt: new Date() }],
  });
  return store;
}

describe('stats', () => {
  it('answers each common question', async () => {
    const store = await smallStore(path.join(dir, 'stats.duckdb'), ['a', 'b', 'c']);
    try {
      const stats = await computeStats(store, { top: 5 });
      const json = statsJson(stats) as Record<string, any>;
      expect(json.overview).toMatchObject({ letters: 3, services: 3, upheld: 2, overturned: 1, upheld_rate: 0.6667, failures: 1, letters_with_warnings: 0, extractor_versions: 'test-1' });
      expect(json.byYear.map((r: any) => [r.year, r.letters, r.services])).toEqual([
        [2016, 2, 2],
        [2017, 1, 1],
      ]);
      expect(json.ratesByCategory).toEqual([{ category: 'imaging', services: 3, upheld: 2, overturned: 1, upheld_rate: 0.6667, overturned_rate: 0.3333 }]);
      expect(json.ratesBySpecialty[0]).toMatchObject({ specialty: 'Family Practice', services: 3 });
      expect(json.ratesByYear.map((r: any) => [r.year, r.overturned_rate])).toEqual([
        [2016, 0],
        [2017, 1],
      ]);
      expect(json.ratesByBodyRegion[0]).toMatchObject({ body_region: 'unspecified', services: 3 });
      expect(json.topRequests[0]).toMatchObject({ concept_key: 'other:unspecified', services: 3, example_request: 'MRI of the lumbar spine' });
      expect(json.topGuidelines[0]).toMatchObject({ guideline: 'MTUS · low back', citations: 3, letters: 3 });
      expect(json.ratesByIcd10Chapter[0]).toMatchObject({ icd10_chapter: 19, services: 3 });
      expect(json.timingByQuarter.map((r: any) => [r.quarter, r.letters])).toEqual([
        ['2016-Q2', 2],
        ['2017-Q2', 1],
      ]);
      expect(json.failures).toEqual([{ code: 'corrupt', files: 1 }]);
      const text = renderStats(stats);
      expect(text.startsWith('Overall\n=======\n3 letters, 3 disputed services: 2 upheld (66.7 %), 1 overturned (33.3 %)\n')).toBe(true);
      for (const s of statsSections({ top: 5 })) expect(text).toContain(s.title);
    } finally {
      store.close();
    }
  });
});

describe('export', () => {
  it('writes every table to Parquet and CSV that read back with the same rows', async () => {
    const store = await smallStore(path.join(dir, 'export.duckdb'), ['a', 'b']);
    const counts = await store.counts();
    const pq = path.join(dir, 'pq');
    const csv = path.join(dir, 'csv');
    try {
      const written = await exportStore(store, pq, 'parquet');
      await exportStore(store, `${pq}-parts`, 'parquet', { tables: ['records'], recordsPerPart: 1 });
      await exportStore(store, csv, 'csv');
      expect(written.map((w) => path.basename(w.file))).toEqual([...TABLES, 'records'].map((t) => `${t}.parquet`));
    } finally {
      store.close();
    }
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      for (const table of TABLES) {
        const r = readerResult(await c.runAndReadAll(`SELECT count(*) FROM read_parquet('${path.join(pq, `${table}.parquet`)}')`));
        expect([table, r.rows[0]![0]]).toEqual([table, counts[table]]);
      }
      // Types survive the trip, and each letter's whole record is there.
      const r = readerResult(
        await c.runAndReadAll(
          `SELECT typeof(date_decision), year, json_extract_string(record, '$.source.path'), json_array_length(record, '$.services')
           FROM read_parquet('${pq}/letters.parquet') JOIN read_parquet('${pq}/records.parquet') USING (sha256) ORDER BY 3`,
        ),
      );
      expect(r.rows).toEqual([
        ['DATE', 2016, 'a.pdf', 1],
        ['DATE', 2017, 'b.pdf', 1],
      ]);
      const records = readerResult(await c.runAndReadAll(`SELECT count(*) FROM read_parquet('${pq}/records.parquet')`));
      expect(records.rows).toEqual([[counts.letters]]);
      // Rebuilt part by part (as a big store is), the records file is the same, in sha256 order.
      const parted = readerResult(
        await c.runAndReadAll(
          `SELECT a.sha256, a.record::VARCHAR = b.record::VARCHAR FROM read_parquet('${pq}/records.parquet') a
           FULL JOIN read_parquet('${pq}-parts/records.parquet') b USING (sha256) ORDER BY 1`,
        ),
      );
      expect(parted.rows.map(([, same]) => same)).toEqual([true, true]);
      const order = readerResult(await c.runAndReadAll(`SELECT list(sha256) FROM read_parquet('${pq}-parts/records.parquet')`));
      expect(order.rows[0]![0]).toEqual(parted.rows.map(([sha]) => sha));
      const join = readerResult(
        await c.runAndReadAll(
          `SELECT l.year, s.decision FROM read_parquet('${pq}/letters.parquet') l JOIN read_parquet('${pq}/services.parquet') s USING (sha256) ORDER BY 1`,
        ),
      );
      expect(join.rows).toEqual([
        [2016, 'upheld'],
        [2017, 'overturned'],
      ]);
    } finally {
      c.closeSync();
      db.closeSync();
    }
    expect(readFileSync(path.join(csv, 'services.csv'), 'utf8').split('\n')[0]).toBe(tableNamed('services').columns.map((c) => c.name).join(','));
    expect(readFileSync(path.join(csv, 'services.csv'), 'utf8')).toMatch(/^sha256,idx,request,decision,/);
  });

  it('shards: stores built from separate file lists export to Parquet that queries as one', async () => {
    const shards = [
      ['s1a', 's1b'],
      ['s2a', 's2b', 's2c'],
    ];
    for (const [i, seeds] of shards.entries()) {
      const store = await smallStore(path.join(dir, `shard${i}.duckdb`), seeds);
      try {
        await exportStore(store, path.join(dir, 'sharded', `shard=${i}`), 'parquet');
      } finally {
        store.close();
      }
    }
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      const glob = path.join(dir, 'sharded', '*', 'letters.parquet');
      const r = readerResult(
        await c.runAndReadAll(`SELECT shard, count(*) FROM read_parquet('${glob}', hive_partitioning = true) GROUP BY shard ORDER BY shard`),
      );
      expect(r.rows).toEqual([
        [0, 2],
        [1, 3],
      ]);
    } finally {
      c.closeSync();
      db.closeSync();
    }
  });
});
