/**
 * The analyst commands end to end, through the real CLI and the real pipeline, on a small
 * corpus of text letters written here (plus one bad file).
 */
import { imr as run } from '../run-imr.js';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXPORTABLE, STORE_SCHEMA_VERSION } from '../../src/store/schema.js';
import { statsSections } from '../../src/store/stats.js';
import { EXTRACTOR_VERSION } from '../../src/pipeline/version.js';
import { writeSmallCorpus } from './letters.js';

// Each command is a fresh `node --import tsx` process (a second or two on a small machine).
vi.setConfig({ testTimeout: 60_000 });

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'imr-cli-'));
const db = path.join(dir, 'imr.duckdb');
const letters = path.join(dir, 'letters');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const imr = (...args: string[]) => run(args);

let firstIngest: ReturnType<typeof imr>;
beforeAll(() => {
  writeSmallCorpus(letters);
  writeFileSync(path.join(letters, 'blank.txt'), ' \n\n ');
  firstIngest = imr('ingest', letters, '--db', db, '--workers', '2');
}, 120_000);

describe('imr ingest', () => {
  it('stores the letters, records the bad file, reports progress as log lines off a terminal', () => {
    expect(firstIngest.code).toBe(1); // some letters failed
    expect(firstIngest.stdout).toMatch(/^done: 4\/4 letters in \d+s with 2 worker\(s\)$/m);
    expect(firstIngest.stdout).toMatch(/^ {2}stored {6}3$/m);
    expect(firstIngest.stdout).toMatch(/^ {2}failed {6}1 \(see: imr query "SELECT \* FROM failures"\)$/m);
    expect(firstIngest.stderr).toMatch(/^ingest: 4\/4 \(100\.0%\) \| [\d.]+ letters\/s \| stored 3 \| skipped 0 \| failed 1 \| elapsed \d+s \| ETA 0s$/m);
  });

  it('a second run adds nothing (--json summary)', () => {
    const r = imr('ingest', letters, '--db', db, '--json', '--quiet');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 4, stored: 0, skipped: 4, skippedFailures: 1, failed: 0, interrupted: false, workers: 2 });
  });

  it('exits 2 on bad usage', () => {
    expect(imr('ingest', '--db', db).code).toBe(2);
    expect(imr('ingest', letters, '--db', db, '--workers', '0').code).toBe(2);
  });
});

describe('imr query', () => {
  const sql = 'SELECT case_number, year, n_services, n_upheld FROM letters ORDER BY case_number';

  it('prints a table by default', () => {
    const r = imr('query', sql, '--db', db);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'case_number   year  n_services  n_upheld',
        '------------  ----  ----------  --------',
        'CM16-0100001  2016           2         1',
        'CM17-0100002  2017           1         1',
        'CM17-0100003  2017           3         2',
        '(3 rows)',
        '',
      ].join('\n'),
    );
  });

  it('prints CSV and JSON', () => {
    const csv = imr('query', sql, '--db', db, '--format', 'csv');
    expect(csv.stdout).toBe('case_number,year,n_services,n_upheld\r\nCM16-0100001,2016,2,1\r\nCM17-0100002,2017,1,1\r\nCM17-0100003,2017,3,2\r\n');
    const json = imr('query', `SELECT file, code FROM failures`, '--db', db, '-f', 'json');
    expect(JSON.parse(json.stdout)).toEqual([{ file: path.join(letters, 'blank.txt'), code: 'empty' }]);
  });

  it('--memory-limit sets DuckDB\'s limit for the command, and a size it cannot read is bad usage', () => {
    const r = imr('query', `SELECT current_setting('memory_limit') AS m`, '--db', db, '--memory-limit', '300MB', '-f', 'csv');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('m\r\n286.1 MiB\r\n'); // 300 MB in DuckDB's units
    const bad = imr('export', '--db', db, '--csv', path.join(dir, 'never'), '--memory-limit', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--memory-limit.*'lots' is invalid\. expected a size such as 512MB/);
    expect(existsSync(path.join(dir, 'never'))).toBe(false);
  });

  it('reports bad SQL and a missing store with exit 1', () => {
    const bad = imr('query', 'SELECT nope FROM letters', '--db', db);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^imr query: .*nope/m);
    const missing = imr('query', 'SELECT 1', '--db', path.join(dir, 'absent.duckdb'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no store at/);
    expect(existsSync(path.join(dir, 'absent.duckdb'))).toBe(false);
  });
});

describe('imr stats', () => {
  it('answers the common questions as tables', () => {
    const r = imr('stats', '--db', db);
    expect(r.code).toBe(0);
    // The overall figures first, then a section per question.
    expect(r.stdout).toMatch(/^Overall\n=+\n3 letters, 6 disputed services: 4 upheld \(66\.7 %\), 2 overturned \(33\.3 %\)\n/);
    for (const { title } of statsSections()) expect(r.stdout).toContain(`${title}\n${'='.repeat(title.length)}\n`);
    expect(r.stdout).toMatch(/^2017 +2 +4 +3 +1 +0\.25$/m);
  });

  it('and as JSON', () => {
    const r = imr('stats', '--db', db, '--json', '--top', '3');
    const s = JSON.parse(r.stdout);
    expect(s.overview).toMatchObject({ letters: 3, services: 6, upheld: 4, overturned: 2, failures: 1 });
    expect(s.byYear).toEqual([
      { year: 2016, letters: 1, services: 2, upheld: 1, overturned: 1, overturned_rate: 0.5 },
      { year: 2017, letters: 2, services: 4, upheld: 3, overturned: 1, overturned_rate: 0.25 },
    ]);
    expect(s.ratesByCategory.find((c: { category: string }) => c.category === 'imaging')).toMatchObject({ services: 2, upheld: 1, overturned: 1 });
    expect(s.ratesBySpecialty.map((x: { specialty: string }) => x.specialty).sort()).toEqual(
      ['Family Practice', 'Orthopedic Surgery', 'Pain Management', 'Physical Medicine & Rehabilitation'],
    );
    expect(s.topRequests).toHaveLength(3);
    expect(s.topRequests.slice(0, 2)).toMatchObject([
      { concept_key: 'drug:acetaminophen+hydrocodone', services: 2 },
      { concept_key: 'imaging:mri:lumbar spine', services: 2 },
    ]);
    expect(s.ratesByDrugGroup).toMatchObject([{ drug_group: 'opioid', services: 2 }]);
    expect(s.topGuidelines[0]).toMatchObject({ guideline: 'MTUS · chronic pain medical treatment', citations: 3 });
    expect(s.failures).toEqual([{ code: 'empty', files: 1 }]);
  });
});

describe('imr export', () => {
  it('writes Parquet that reads back with the store\'s rows', async () => {
    const out = path.join(dir, 'parquet');
    const r = imr('export', '--parquet', out, '--db', db);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(EXPORTABLE.length);
    expect(r.stdout).toContain(`${path.join(out, 'letters.parquet')}\t3 rows`);
    expect(r.stdout).toContain(`${path.join(out, 'records.parquet')}\t3 rows`);
    const duck = await DuckDBInstance.create(':memory:');
    const c = await duck.connect();
    try {
      const services = await c.runAndReadAll(
        `SELECT l.case_number, s.request, s.decision FROM read_parquet('${out}/services.parquet') s
         JOIN read_parquet('${out}/letters.parquet') l USING (sha256) ORDER BY 1, s.idx`,
      );
      expect(services.getRowsJS()).toEqual([
        ['CM16-0100001', 'MRI of the lumbar spine', 'upheld'],
        ['CM16-0100001', 'Norco 10/325mg #60', 'overturned'],
        ['CM17-0100002', 'Physical therapy 12 sessions for the right knee', 'upheld'],
        ['CM17-0100003', 'MRI of the lumbar spine', 'overturned'],
        ['CM17-0100003', 'Acupuncture 6 sessions', 'upheld'],
        ['CM17-0100003', 'Norco 10/325mg #90', 'upheld'],
      ]);
    } finally {
      c.closeSync();
      duck.closeSync();
    }
  });

  it('writes CSV, and wants a target', () => {
    const out = path.join(dir, 'csv');
    expect(imr('export', '--csv', out, '--db', db, '--tables', 'letters,failures').code).toBe(0);
    expect(existsSync(path.join(out, 'letters.csv'))).toBe(true);
    expect(existsSync(path.join(out, 'services.csv'))).toBe(false);
    expect(imr('export', '--db', db).code).toBe(2);
    expect(imr('export', '--csv', out, '--db', db, '--tables', 'nope').code).toBe(2);
  });
});

describe('imr upgrade', () => {
  it('upgrades a store an older imr wrote, which the read commands refuse until then', async () => {
    const old = path.join(dir, 'schema2.duckdb');
    copyFileSync(db, old);
    // What schema 2 wrote: the record JSON as the last column of letters, in place of sections and evidence; no records view.
    const duck = await DuckDBInstance.create(old);
    const c = await duck.connect();
    try {
      for (const sql of [
        `ALTER TABLE letters ADD COLUMN record JSON`,
        `UPDATE letters SET record = (SELECT r.record FROM records r WHERE r.sha256 = letters.sha256)`,
        `DROP VIEW records`,
        `ALTER TABLE letters DROP COLUMN sections`,
        `ALTER TABLE letters DROP COLUMN evidence`,
        `ALTER TABLE letters DROP COLUMN engine`,
        `UPDATE store_meta SET value = '2' WHERE key = 'store_schema_version'`,
      ]) {
        await c.run(sql);
      }
    } finally {
      c.closeSync();
      duck.closeSync();
    }
    const refused = imr('query', 'SELECT count(*) FROM letters', '--db', old);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`has store schema 2; this imr reads schema ${STORE_SCHEMA_VERSION} (\`imr upgrade --db ${old}\` upgrades it)`);

    const up = imr('upgrade', '--db', old);
    expect([up.code, up.stdout]).toEqual([0, `${old}: upgraded store schema 2 to ${STORE_SCHEMA_VERSION}\n`]);
    const q = (file: string) => imr('query', "SELECT sha256, record->>'$.caseNumber' FROM records ORDER BY 1", '--db', file, '--format', 'csv');
    expect(q(old).stdout).toBe(q(db).stdout);
    expect(q(old).stdout.trim().split('\n')).toHaveLength(4);
    expect(imr('upgrade', '--db', old).stdout).toBe(`${old}: already at store schema ${STORE_SCHEMA_VERSION}\n`);
    expect(imr('upgrade', '--db', path.join(dir, 'none.duckdb')).code).toBe(1);
  });

  it('extracts again, from their files, the letters an older extractor stored (record version 1), and only those', async () => {
    const old = path.join(dir, 'version1.duckdb');
    copyFileSync(db, old);
    // What store schema 4 and record version 1 left: no version-2 values, an older extractor's version.
    const duck = await DuckDBInstance.create(old);
    const c = await duck.connect();
    try {
      const one = `(SELECT min(sha256) FROM letters)`;
      for (const sql of [
        `UPDATE letters SET schema_version = 1, extractor_version = '0.1.0', days_to_decision = NULL, claim_age_days = NULL WHERE sha256 <> ${one}`,
        `UPDATE services SET concept_key = NULL, modality = NULL, drug_group = NULL WHERE sha256 IN (SELECT sha256 FROM letters WHERE schema_version = 1)`,
        `DELETE FROM service_ingredients WHERE sha256 IN (SELECT sha256 FROM letters WHERE schema_version = 1)`,
      ]) {
        await c.run(sql);
      }
    } finally {
      c.closeSync();
      duck.closeSync();
    }
    const up = imr('upgrade', '--db', old);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toBe(`${old}: already at store schema ${STORE_SCHEMA_VERSION}\n2 letter(s) extracted again by extractor ${EXTRACTOR_VERSION}\n`);
    const q = (file: string) =>
      imr('query', 'SELECT l.sha256, l.schema_version, l.days_to_decision, s.concept_key, s.drug_group FROM letters l JOIN services s USING (sha256) ORDER BY 1, s.idx', '--db', file, '--format', 'csv').stdout;
    expect(q(old)).toBe(q(db));
    expect(imr('upgrade', '--db', old).stdout).toBe(`${old}: already at store schema ${STORE_SCHEMA_VERSION}\n`);
  });
});
