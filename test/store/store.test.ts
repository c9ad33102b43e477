import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ImrRecord } from '../../src/record/schema.js';
import { Store, sqlString, type FailureRow } from '../../src/store/store.js';
import { STORE_SCHEMA_VERSION, TABLES } from '../../src/store/schema.js';
import { tableNamed } from '../../src/store/tables.js';

/** A table's columns as [name, SQL type] pairs. */
const columnsOfTable = (table: string) => tableNamed(table).columns.map((c) => [c.name, c.sqlType] as const);
/** A row as an object of its table's column names. */
const named = (table: string, row: readonly unknown[]) => Object.fromEntries(tableNamed(table).columns.map((c, i) => [c.name, row[i]]));
import { letterRowSet, recordRows } from '../../src/store/rows.js';
import { makeRecord, service, sha } from './records.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'imr-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let store: Store;
let n = 0;
beforeEach(async () => {
  store = await Store.open(path.join(dir, `s${n++}.duckdb`));
});
afterEach(() => store.close());

/** Reads a DuckDB file as it is, past Store (which refuses what these tests build): `read` runs a query and gives its rows. */
async function readRaw(file: string, work: (read: (sql: string) => Promise<unknown[][]>) => Promise<void>): Promise<void> {
  const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const c = await db.connect();
  try {
    await work(async (sql) => (await c.runAndReadAll(sql)).getRowsJS());
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

const fail = (file: string, sha256: string | null, code = 'corrupt'): FailureRow => ({
  file,
  sha256,
  code,
  reason: 'damaged PDF',
  extractorVersion: 'test-1',
  failedAt: new Date('2024-01-02T03:04:05Z'),
});

describe('record rows', () => {
  it('maps every list of the record to its table, keyed by sha256 and position', () => {
    const r = makeRecord({ seed: 'a', diagnoses: ['lumbar strain', 'right shoulder impingement'], warnings: ['w1'] });
    const rows = recordRows(r, new Date('2024-01-01T00:00:00Z'));
    expect(rows.letters).toHaveLength(1);
    expect(named('letters', rows.letters![0]!)).toMatchObject({ sha256: sha('a'), path: 'a.txt', kind: 'text', pages: null, format: 'dwc-header', year: 2016 });
    const pick = (row: readonly unknown[]) => {
      const n = named('services', row);
      return [n.sha256, n.idx, n.request, n.concept_key, n.decision, n.category, n.modality, n.drug_group, n.drug_compound, n.drug_quantity];
    };
    expect(rows.services!.map(pick)).toEqual([
      [sha('a'), 0, 'MRI of the lumbar spine', 'imaging:mri:lumbar spine', 'upheld', 'imaging', 'mri', null, null, null],
      [sha('a'), 1, 'Norco 10/325mg #60', 'drug:acetaminophen+hydrocodone', 'overturned', 'pharmacy', null, 'opioid', false, 60],
    ]);
    // A service's list fields are tables of their own, keyed by the service's position.
    expect(rows.service_body_regions).toEqual([[sha('a'), 0, 0, 'lumbar spine']]);
    expect(rows.service_ingredients).toEqual([
      [sha('a'), 1, 0, 'acetaminophen'],
      [sha('a'), 1, 1, 'hydrocodone'],
    ]);
    expect(rows.guidelines).toEqual([
      [sha('a'), 0, 0, 'MTUS', 'Low Back Complaints 2004', 'Special Studies', 'low back'],
      [sha('a'), 1, 0, 'MTUS', 'Chronic Pain Medical Treatment 2016', 'Opioids', 'chronic pain medical treatment'],
      [sha('a'), 1, 1, 'ODG', 'Pain', null, 'pain'],
    ]);
    const dx = (d: readonly unknown[]) => named('diagnoses', d);
    expect(rows.diagnoses!.map((d) => [dx(d).text, dx(d).icd10_code, dx(d).icd10_category, dx(d).icd10_chapter])).toEqual([
      ['lumbar strain', 'S39.012', 'S39', 19],
      ['right shoulder impingement', null, null, null],
    ]);
    expect(named('letters', rows.letters![0]!)).toMatchObject({ days_to_decision: 30, claim_age_days: 57 });
    expect(rows.warnings).toEqual([[sha('a'), 0, 'w1']]);
  });
});

describe('Store', () => {
  it('stores a batch whole and counts rows per table', async () => {
    await store.write({ letters: [makeRecord({ seed: 'a' }), makeRecord({ seed: 'b', specialties: ['Psychiatry', 'Neurology'] })].map((r) => letterRowSet(r)), files: [], failures: [] });
    const counts = await store.counts();
    expect(counts).toMatchObject({
      letters: 2,
      services: 4,
      guidelines: 6,
      diagnoses: 2,
      imaging: 2,
      medications: 2,
      reviewer_specialties: 3,
      reviewer_licensure: 2,
      warnings: 0,
    });
    const r = await store.query(
      `SELECT year, date_decision, record->>'$.caseNumber' AS cn FROM letters JOIN records USING (sha256) ORDER BY sha256 LIMIT 1`,
    );
    expect(r.rows).toEqual([[2016, '2016-12-09', 'CM16-0000001']]);
    expect(r.types).toEqual(['INTEGER', 'DATE', 'VARCHAR']);
  });

  it('writing the same letters again replaces them: row counts do not change', async () => {
    const batch = { letters: [makeRecord({ seed: 'a' }), makeRecord({ seed: 'b' })].map((r) => letterRowSet(r)), files: [{ path: 'a.txt', sha256: sha('a') }], failures: [] };
    await store.write(batch);
    const first = await store.counts();
    await store.write(batch);
    expect(await store.counts()).toEqual(first);
  });

  it('a re-extracted letter replaces every child row of the old one', async () => {
    await store.write({ letters: [makeRecord({ seed: 'a', extractorVersion: 'old' })].map((r) => letterRowSet(r)), files: [], failures: [] });
    await store.write({
      letters: [makeRecord({ seed: 'a', extractorVersion: 'new', services: [service('Acupuncture 6 sessions', 'upheld', { category: 'acupuncture' })] })].map((r) => letterRowSet(r)),
      files: [],
      failures: [],
    });
    const counts = await store.counts();
    expect(counts.letters).toBe(1);
    expect(counts.services).toBe(1);
    expect(counts.guidelines).toBe(0);
    expect([...(await store.storedVersions([sha('a'), sha('zzz')])).entries()]).toEqual([[sha('a'), 'new']]);
  });

  it('keeps one failure per file, and forgets it once the letter is stored', async () => {
    await store.write({ letters: [], files: [], failures: [fail('bad.pdf', sha('bad')), fail('gone.pdf', null, 'not-found')] });
    await store.write({ letters: [], files: [], failures: [fail('bad.pdf', sha('bad'), 'timeout')] });
    let r = await store.query(`SELECT file, sha256, code, reason, extractor_version, failed_at FROM failures ORDER BY file`);
    expect(r.rows).toEqual([
      ['bad.pdf', sha('bad'), 'timeout', 'damaged PDF', 'test-1', '2024-01-02 03:04:05'],
      ['gone.pdf', null, 'not-found', 'damaged PDF', 'test-1', '2024-01-02 03:04:05'],
    ]);
    expect([...(await store.failuresOf([sha('bad')])).keys()]).toEqual([sha('bad')]);
    // The same bytes now extract (a fixed extractor): the failure row goes.
    await store.write({ letters: [makeRecord({ seed: 'bad', path: 'bad.pdf' })].map((r) => letterRowSet(r)), files: [], failures: [] });
    r = await store.query(`SELECT file FROM failures`);
    expect(r.rows).toEqual([['gone.pdf']]);
  });

  it('answers lookups alike with the fingerprints it kept up to date and with ones read afresh', async () => {
    // No query between the writes: `query` and `exec` drop the fingerprints, and these writes
    // must keep them right on their own.
    const letters = (seeds: string[], version = 'v1') => seeds.map((seed) => letterRowSet(makeRecord({ seed, extractorVersion: version })));
    await store.write({ letters: letters(['a', 'b']), files: [{ path: 'a.txt', sha256: sha('a') }, { path: 'copy-of-a.txt', sha256: sha('a') }], failures: [fail('bad.pdf', sha('bad'))] });
    await store.write({ letters: letters(['c']), files: [], failures: [fail('gone.pdf', null, 'not-found')] });
    await store.write({ letters: letters(['a'], 'v2'), files: [], failures: [] }); // re-extracted
    await store.write({ letters: [letterRowSet(makeRecord({ seed: 'bad', path: 'bad.pdf' }))], files: [], failures: [] }); // now extracts
    const shas = ['a', 'b', 'c', 'bad', 'never'].map(sha);
    const paths = ['a.txt', 'copy-of-a.txt', 'b.txt', 'bad.pdf', 'gone.pdf', 'never.txt'];
    const answers = async (s: Store) => ({
      versions: [...(await s.storedVersions(shas)).entries()].sort(),
      failed: [...(await s.failuresOf(shas)).keys()].sort(),
      paths: [...(await s.knownPaths(paths))].sort(),
      counts: await s.counts(),
    });
    const kept = await answers(store);
    expect(kept.versions).toEqual([[sha('a'), 'v2'], [sha('b'), 'v1'], [sha('bad'), 'test-1'], [sha('c'), 'v1']].sort());
    expect(kept.failed).toEqual([]);
    expect(kept.paths).toEqual(['a.txt', 'copy-of-a.txt']);
    expect(kept.counts).toMatchObject({ letters: 4, files: 2, failures: 1 });
    const file = store.path;
    store.close();
    store = await Store.open(file);
    expect(await answers(store)).toEqual(kept);
  });

  it('reads its keys again after SQL of its own (exec, query): a row added there is found', async () => {
    await store.write({ letters: [letterRowSet(makeRecord({ seed: 'a' }))], files: [], failures: [] });
    expect((await store.storedVersions([sha('b')])).size).toBe(0); // fingerprints read, without b
    await store.exec(`INSERT INTO letters SELECT * REPLACE (${sqlString(sha('b'))} AS sha256) FROM letters`);
    await store.exec(`INSERT INTO files VALUES ('b.txt', ${sqlString(sha('b'))}, now())`);
    expect([...(await store.storedVersions([sha('b')])).keys()]).toEqual([sha('b')]);
    expect([...(await store.knownPaths(['b.txt']))]).toEqual(['b.txt']);
    // And a write replaces it rather than storing it twice.
    await store.write({ letters: [letterRowSet(makeRecord({ seed: 'b' }))], files: [{ path: 'b.txt', sha256: sha('b') }], failures: [] });
    expect(await store.counts()).toMatchObject({ letters: 2, files: 1 });
  });

  it('calls made at once see each other whole: a lookup whose fingerprints load alongside a write does not lose its keys', async () => {
    // Enough file names that reading the fingerprints takes a while, started alongside a write.
    await store.exec(`INSERT INTO files SELECT 'p' || i, 'x', now() FROM range(200000) t(i)`);
    const r = letterRowSet(makeRecord({ seed: 'race' }));
    await Promise.all([
      store.write({ letters: [r], files: [{ path: 'race.txt', sha256: r.sha256 }], failures: [] }),
      store.storedVersions(['other']),
      store.knownPaths(['other']),
      store.failuresOf(['other']),
    ]);
    expect((await store.storedVersions([r.sha256])).size).toBe(1);
    expect([...(await store.knownPaths(['race.txt']))]).toEqual(['race.txt']);
    await store.write({ letters: [r], files: [{ path: 'race.txt', sha256: r.sha256 }], failures: [] });
    const c = await store.counts();
    expect([c.letters, c.files]).toEqual([1, 200_001]);
  });

  it('a name with half a surrogate pair is found after a reopen (DuckDB gives it back with U+FFFD)', async () => {
    const lone = 'dir/\uD800x.txt';
    await store.write({ letters: [], files: [{ path: lone, sha256: sha('a') }], failures: [fail(`${lone}.pdf`, null)] });
    const file = store.path;
    store.close();
    store = await Store.open(file);
    expect((await store.knownPaths([lone])).size).toBe(1);
    // And the writer replaces it rather than adding a second row.
    await store.write({ letters: [], files: [{ path: lone, sha256: sha('a') }], failures: [fail(`${lone}.pdf`, null, 'timeout')] });
    expect(await store.counts()).toMatchObject({ files: 1, failures: 1 });
  });

  it('a file that failed and now reads as a stored letter\'s bytes leaves failures as it joins files', async () => {
    await store.write({ letters: [letterRowSet(makeRecord({ seed: 'a' }))], files: [{ path: 'a.txt', sha256: sha('a') }], failures: [fail('copy.pdf', sha('broken'))] });
    await store.write({ letters: [], files: [{ path: 'copy.pdf', sha256: sha('a') }], failures: [] });
    expect(await store.counts()).toMatchObject({ letters: 1, files: 2, failures: 0 });
  });

  it('checkpoint({ vacuum: true }) merges the row groups a store without vacuum left, then keeps the store\'s own setting', async () => {
    const file = store.path;
    store.close();
    store = await Store.open(file, { config: { max_vacuum_tasks: '0' } });
    const groups = async () => (await store.query(`SELECT count(DISTINCT row_group_id)::INT FROM pragma_storage_info('letters')`)).rows;
    for (const seed of ['a', 'b']) {
      await store.write({ letters: [letterRowSet(makeRecord({ seed }))], files: [], failures: [] });
      await store.checkpoint();
    }
    expect(await groups()).toEqual([[2]]); // a new row group after each checkpoint, none merged
    await store.write({ letters: [letterRowSet(makeRecord({ seed: 'c' }))], files: [], failures: [] });
    await store.checkpoint({ vacuum: true });
    expect(await groups()).toEqual([[1]]);
    expect((await store.query(`SELECT current_setting('max_vacuum_tasks')::INT`)).rows).toEqual([[0]]);
  });

  it('rolls back a batch that fails, leaving the store as it was', async () => {
    await store.write({ letters: [makeRecord({ seed: 'a' })].map((r) => letterRowSet(r)), files: [], failures: [] });
    const before = await store.counts();
    const bad = makeRecord({ seed: 'b' });
    (bad as { format: unknown }).format = null; // NOT NULL column: the append fails mid-batch
    await expect(store.write({ letters: [makeRecord({ seed: 'c' }), bad].map((r) => letterRowSet(r)), files: [], failures: [] })).rejects.toThrow();
    expect(await store.counts()).toEqual(before);
  });

  it('answers the common questions through its views', async () => {
    await store.write({
      letters: [
        makeRecord({ seed: 'a', specialties: ['Orthopedic Surgery'] }),
        makeRecord({
          seed: 'b',
          decision: '2017-03-01',
          caseNumber: 'CM17-0000002',
          specialties: ['Orthopedic Surgery', 'Pain Management'],
          services: [
            service('MRI of the lumbar spine without contrast', 'overturned', {
              category: 'imaging',
              normalized: { modality: 'mri', bodyRegions: ['lumbar spine'], laterality: null, visits: null, drug: null, conceptKey: 'imaging:mri:lumbar spine' },
            }),
          ],
        }),
        makeRecord({ seed: 'c', decision: null, caseNumber: 'CM15-0000003', services: [] }),
      ].map((r) => letterRowSet(r)),
      files: [],
      failures: [],
    });
    const q = async (sql: string) => (await store.query(sql)).rows;
    expect(await q(`SELECT year, letters, services, upheld, overturned FROM letters_by_year`)).toEqual([
      [2015, 1, 0, 0, 0],
      [2016, 1, 2, 1, 1],
      [2017, 1, 1, 0, 1],
    ]);
    expect(await q(`SELECT category, services, upheld, overturned, upheld_rate FROM decision_rates_by_category`)).toEqual([
      ['imaging', 2, 1, 1, 0.5],
      ['pharmacy', 1, 0, 1, 0],
    ]);
    expect(await q(`SELECT specialty, services, overturned_rate FROM decision_rates_by_specialty`)).toEqual([
      ['Orthopedic Surgery', 3, 0.6667],
      ['Pain Management', 1, 1],
    ]);
    // The Norco request names no region.
    expect(await q(`SELECT body_region, services FROM decision_rates_by_body_region`)).toEqual([
      ['lumbar spine', 2],
      ['unspecified', 1],
    ]);
    // Two wordings of one MRI are one treatment concept.
    expect(await q(`SELECT concept_key, services, letters FROM top_requests`)).toEqual([
      ['imaging:mri:lumbar spine', 2, 2],
      ['drug:acetaminophen+hydrocodone', 1, 1],
    ]);
    expect(await q(`SELECT drug_group, services, overturned FROM decision_rates_by_drug_group`)).toEqual([['opioid', 1, 1]]);
    expect(await q(`SELECT ingredient, compound, services FROM decision_rates_by_ingredient`)).toEqual([
      ['acetaminophen', false, 1],
      ['hydrocodone', false, 1],
    ]);
    expect(await q(`SELECT source, topic, citations, letters FROM guideline_citations`)).toEqual([
      ['MTUS', 'chronic pain medical treatment', 1, 1],
      ['MTUS', 'low back', 1, 1],
      ['ODG', 'pain', 1, 1],
    ]);
    // Each letter's first diagnosis is coded S39.012 (chapter 19); letter c has no services.
    expect(await q(`SELECT icd10_chapter, icd10_chapter_title, services FROM decision_rates_by_icd10_chapter`)).toEqual([
      [19, 'Injury, poisoning and certain other consequences of external causes', 3],
    ]);
    expect(await q(`SELECT icd10_category, icd10_category_title, services FROM decision_rates_by_icd10_category`)).toEqual([
      ['S39', 'Other and unspecified injuries of abdomen, lower back, pelvis and external genitals', 3],
    ]);
    expect(await q(`SELECT letters, services, upheld, overturned, upheld_rate, overturned_rate FROM overview`)).toEqual([[3, 3, 1, 2, 0.3333, 0.6667]]);
    expect(await q(`SELECT year, quarter, letters, median_days_to_decision, median_claim_age_days FROM timing_by_quarter`)).toEqual([
      [2016, 4, 1, 30, 57],
      [2017, 1, 1, 30, 57],
    ]);
  });

  it('opens read-only only an existing store, and refuses writes through it', async () => {
    await expect(Store.open(path.join(dir, 'none.duckdb'), { readOnly: true })).rejects.toThrow(/no store at/);
    const file = path.join(dir, 'ro.duckdb');
    const w = await Store.open(file);
    await w.write({ letters: [makeRecord({ seed: 'a' })].map((r) => letterRowSet(r)), files: [], failures: [] });
    w.close();
    const ro = await Store.open(file, { readOnly: true });
    try {
      expect((await ro.counts()).letters).toBe(1);
      await expect(ro.write({ letters: [makeRecord({ seed: 'b' })].map((r) => letterRowSet(r)), files: [], failures: [] })).rejects.toThrow(/read-only/);
      await expect(ro.query(`DELETE FROM letters`)).rejects.toThrow(/read-only/i);
    } finally {
      ro.close();
    }
  });

  it('re-creates its views when they changed since the store was made, and only then', async () => {
    const file = path.join(dir, 'views.duckdb');
    const a = await Store.open(file);
    await a.exec(`DROP VIEW top_requests`);
    a.close();
    const b = await Store.open(file); // definition unchanged: left alone, so the dropped view stays dropped
    await expect(b.query(`SELECT * FROM top_requests`)).rejects.toThrow();
    await b.exec(`UPDATE store_meta SET value = 'older' WHERE key = 'definition'`);
    b.close();
    const c = await Store.open(file); // an older definition: views made again
    try {
      expect((await c.query(`SELECT count(*) FROM top_requests`)).rows).toEqual([[0]]);
    } finally {
      c.close();
    }
  });

  it('declares no key as PRIMARY KEY: its in-memory index would grow with the store; the writer keeps keys unique', async () => {
    const r = await store.query(`SELECT table_name FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE') ORDER BY 1`);
    expect(r.rows.flat()).toEqual(['store_meta']);
    const batch = { letters: [makeRecord({ seed: 'a' })].map((x) => letterRowSet(x)), files: [{ path: 'a.txt', sha256: sha('a') }, { path: 'a.txt', sha256: sha('a') }], failures: [fail('x.pdf', null), fail('x.pdf', null)] };
    await store.write(batch);
    await store.write(batch);
    const keys = await store.query(`SELECT (SELECT count(*) FROM letters), (SELECT count(*) FROM files), (SELECT count(*) FROM failures)`);
    expect(keys.rows).toEqual([[1, 1, 1]]);
  });

  /**
   * Turns a store into what an older schema made. Schema 2: `letters` ends with `record`, the
   * record as JSON, instead of `sections` and `evidence`, and there is no `records` view. Schema 1: the same, with the
   * three keys declared PRIMARY KEY. `badFailure` adds a failure without a code, which the
   * upgrade cannot copy into the rebuilt `failures` (code is NOT NULL), the last table it rebuilds.
   */
  async function makeOldStore(s: Store, version: 1 | 2, records: readonly ImrRecord[], badFailure = false): Promise<void> {
    for (const table of ['letters', 'files', 'failures'] as const) {
      const kept = columnsOfTable(table).filter(([name]) => table !== 'letters' || (name !== 'sections' && name !== 'evidence' && name !== 'engine'));
      const columns = kept.map(([name, type], i) =>
        `${name} ${i === 0 && version === 1 ? 'VARCHAR PRIMARY KEY' : badFailure && name === 'code' ? 'VARCHAR' : type}`,
      );
      if (table === 'letters') columns.push('record JSON NOT NULL');
      await s.exec(`CREATE TABLE ${table}_old (${columns.join(', ')})`);
      if (table === 'letters') {
        // As schema 2 wrote them: through an appender, which does not check the JSON it is given.
        const appender = await s.connection.createAppender('letters_old');
        for (const r of records) {
          const full = named('letters', recordRows(r, new Date('2024-01-01T00:00:00Z')).letters![0]!);
          const row = [...kept.map(([name]) => full[name] as string | number | null), JSON.stringify(r)];
          row.forEach((cell, i) => (cell === null ? appender.appendNull() : kept[i]?.[1].startsWith('INTEGER') ? appender.appendInteger(Number(cell)) : appender.appendVarchar(String(cell))));
          appender.endRow();
        }
        appender.flushSync();
        appender.closeSync();
      } else {
        await s.exec(`INSERT INTO ${table}_old SELECT ${kept.map(([name]) => name).join(', ')} FROM ${table}`);
      }
      await s.exec(`DROP TABLE ${table} CASCADE`);
      await s.exec(`ALTER TABLE ${table}_old RENAME TO ${table}`);
    }
    if (badFailure) await s.exec(`INSERT INTO failures VALUES ('bad2.pdf', NULL, NULL, 'r', 'test-1', now())`);
    await s.exec(`DROP VIEW records`);
    await s.exec(`UPDATE store_meta SET value = '${version}' WHERE key = 'store_schema_version'`);
  }
  const declaredKeys = `SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' AND table_name <> 'store_meta' ORDER BY 1`;
  const versionOf = async (s: Store) => (await s.query(`SELECT value FROM store_meta WHERE key = 'store_schema_version'`)).rows;
  const columnsOf = async (s: Store, table: string) =>
    (await s.query(`SELECT column_name FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`)).rows.flat();
  const sampleRecords = [
    makeRecord({ seed: 'a' }),
    { ...makeRecord({ seed: 'b' }), evidence: { 'services.1.rationale': [5, 9] as [number, number], caseNumber: [0, 12] as [number, number] } },
  ];
  const sample = { letters: sampleRecords.map((x) => letterRowSet(x)), files: [{ path: 'a.txt', sha256: sha('a') }], failures: [fail('bad.pdf', null)] };

  for (const version of [1, 2] as const) {
    it(`upgrades a schema-${version} store in place: sections and evidence out of the record JSON, which leaves letters; rows kept`, async () => {
      const file = path.join(dir, `v${version}.duckdb`);
      const old = await Store.open(file);
      await old.write(sample);
      const before = await old.counts();
      await makeOldStore(old, version, sampleRecords);
      expect((await old.query(declaredKeys)).rows.flat()).toEqual(version === 1 ? ['failures', 'files', 'letters'] : []);
      // A leftover from an earlier attempt must not add its rows.
      await old.exec(`CREATE TABLE letters__new AS SELECT * FROM letters`);
      old.close();

      await expect(Store.open(file, { readOnly: true })).rejects.toThrow(
        new RegExp(`has store schema ${version}; this imr reads schema ${STORE_SCHEMA_VERSION} \\(\`imr upgrade --db .*v${version}.duckdb\` upgrades it\\)`),
      );

      const writer = await Store.open(file);
      try {
        expect(writer.opened).toEqual({ from: version, to: STORE_SCHEMA_VERSION });
        expect(await versionOf(writer)).toEqual([[String(STORE_SCHEMA_VERSION)]]);
        expect((await writer.query(declaredKeys)).rows).toEqual([]);
        expect(await columnsOf(writer, 'letters')).toEqual(columnsOfTable('letters').map(([name]) => name));
        expect(await writer.counts()).toEqual(before);
        for (const r of sampleRecords) {
          const got = await writer.query(`SELECT record FROM records WHERE sha256 = ${sqlString(r.source.sha256)}`);
          expect(JSON.parse(String(got.rows[0]![0]))).toEqual(r);
        }
        // NOT NULL survives the rebuild.
        await expect(writer.exec(`INSERT INTO files VALUES (NULL, 'x', now())`)).rejects.toThrow(/NOT NULL/i);
        await writer.write({ letters: [makeRecord({ seed: 'a' })].map((x) => letterRowSet(x)), files: [], failures: [] });
        expect(await writer.counts()).toEqual(before);
      } finally {
        writer.close();
      }
      const again = await Store.open(file);
      expect(again.opened).toEqual({ from: STORE_SCHEMA_VERSION, to: STORE_SCHEMA_VERSION });
      again.close();
    });
  }

  it('upgrades a schema-3 store in place: letters gain `engine`, NULL for the letters already stored, and new letters keep theirs', async () => {
    const file = path.join(dir, 'v3.duckdb');
    const old = await Store.open(file);
    await old.write(sample);
    const before = await old.counts();
    await old.exec(`DROP VIEW records`);
    await old.exec(`ALTER TABLE letters DROP COLUMN engine`);
    await old.exec(`UPDATE store_meta SET value = '3' WHERE key = 'store_schema_version'`);
    old.close();
    await expect(Store.open(file, { readOnly: true })).rejects.toThrow(`has store schema 3; this imr reads schema ${STORE_SCHEMA_VERSION} (\`imr upgrade`);

    const writer = await Store.open(file);
    try {
      expect(writer.opened).toEqual({ from: 3, to: STORE_SCHEMA_VERSION });
      expect(await columnsOf(writer, 'letters')).toEqual(columnsOfTable('letters').map(([name]) => name));
      expect(await writer.counts()).toEqual(before);
      expect((await writer.query(`SELECT count(*) FROM letters WHERE engine IS NULL`)).rows).toEqual([[2]]);
      for (const r of sampleRecords) {
        const got = await writer.query(`SELECT record FROM records WHERE sha256 = ${sqlString(r.source.sha256)}`);
        expect(JSON.parse(String(got.rows[0]![0]))).toEqual(r);
      }
      const pdf = makeRecord({ seed: 'pdf' });
      const read = { ...pdf, source: { ...pdf.source, path: 'pdf.pdf', kind: 'pdf' as const, pages: 2, engine: 'pdfium' as const } };
      await writer.write({ letters: [letterRowSet(read)], files: [], failures: [] });
      expect((await writer.query(`SELECT engine FROM letters WHERE sha256 = ${sqlString(read.source.sha256)}`)).rows).toEqual([['pdfium']]);
      const got = await writer.query(`SELECT record FROM records WHERE sha256 = ${sqlString(read.source.sha256)}`);
      expect(JSON.parse(String(got.rows[0]![0]))).toEqual(read);
    } finally {
      writer.close();
    }
  });

  it('upgrades a big store under the ingest\'s 64 MB memory limit (raised for the upgrade, then set back)', async () => {
    const file = path.join(dir, 'v2-big.duckdb');
    const old = await Store.open(file);
    const rationale = 'The guideline criteria were not met for this request. '.repeat(60);
    const records = Array.from({ length: 3000 }, (_, i) =>
      makeRecord({ seed: `big${i}`, services: [service(`Request ${i}`, 'upheld', { rationale }), service(`Other ${i}`, 'overturned', { rationale })] }),
    );
    for (let i = 0; i < records.length; i += 500) {
      await old.write({ letters: records.slice(i, i + 500).map((r) => letterRowSet(r)), files: [], failures: [] });
    }
    await makeOldStore(old, 2, records);
    old.close();
    const writer = await Store.open(file, { config: { memory_limit: '64MB', threads: '1' } });
    try {
      expect(writer.opened).toEqual({ from: 2, to: STORE_SCHEMA_VERSION });
      expect((await writer.query(`SELECT current_setting('memory_limit')`)).rows).toEqual([['61.0 MiB']]);
      const got = await writer.query(`SELECT record FROM records WHERE sha256 = ${sqlString(records[2999]!.source.sha256)}`);
      expect(JSON.parse(String(got.rows[0]![0]))).toEqual(records[2999]);
    } finally {
      writer.close();
    }
  }, 60_000);

  it('an old record JSON that DuckDB cannot read does not block the upgrade: its letter keeps its rows, without sections or evidence', async () => {
    const file = path.join(dir, 'v2-lone.duckdb');
    const old = await Store.open(file);
    // Schema 2 stored a half surrogate pair as the JSON escape \ud800, which DuckDB's JSON reader refuses.
    const records = [makeRecord({ seed: 'fine' }), makeRecord({ seed: 'lone', caseNumber: 'CM16-\uD800' })];
    await old.write({ letters: records.map((r) => letterRowSet(r)), files: [], failures: [] });
    await makeOldStore(old, 2, records);
    old.close();
    const writer = await Store.open(file);
    try {
      expect(writer.opened).toEqual({ from: 2, to: STORE_SCHEMA_VERSION });
      const rows = await writer.query(`SELECT sha256, record FROM records ORDER BY sha256`);
      const bySha = new Map(rows.rows.map(([sha, record]) => [String(sha), JSON.parse(String(record))]));
      expect(bySha.get(records[0]!.source.sha256)).toEqual(records[0]);
      expect(bySha.get(records[1]!.source.sha256)).toMatchObject({ caseNumber: 'CM16-\uFFFD', sections: [], evidence: {}, services: records[1]!.services });
    } finally {
      writer.close();
    }
  });

  it('says in plain words that a file is not a store, or does not exist, and leaves it as it was', async () => {
    const other = path.join(dir, 'not-stores');
    mkdirSync(other);
    const files: Record<string, [string | null, RegExp]> = {
      // DuckDB's own answer for this one: `Catalog Error: Cannot launch in-memory database in read-only mode!`
      'package.json': ['{"name": "x"}\n', /is not an imr store: it is not a DuckDB database file/],
      'notes.txt': ['a note, long enough to hold a header\n', /is not an imr store: it is not a DuckDB database file/],
      'empty.duckdb': ['', /is not an imr store: it is an empty file/],
      folder: [null, /is not an imr store: it is a folder/],
    };
    for (const [name, [content]] of Object.entries(files)) {
      if (content === null) mkdirSync(path.join(other, name));
      else writeFileSync(path.join(other, name), content);
    }
    for (const [name, [content, message]] of Object.entries(files)) {
      const file = path.join(other, name);
      for (const options of [{ readOnly: true }, { create: false }, {}]) {
        const opened = Store.open(file, options);
        await expect(opened, `${name} ${JSON.stringify(options)}`).rejects.toThrow(message);
        await expect(opened).rejects.not.toThrow(/Catalog Error|IO Error/);
      }
      if (content !== null) expect(readFileSync(file, 'utf8')).toBe(content);
    }
    expect(readdirSync(other).sort()).toEqual(Object.keys(files).sort()); // no .wal, nothing created
    for (const options of [{ readOnly: true }, { create: false }]) {
      await expect(Store.open(path.join(other, 'none.duckdb'), options)).rejects.toThrow(/^no store at .*none\.duckdb: the file does not exist/);
    }
  });

  it('will not write into a DuckDB database that is not an imr store', async () => {
    const file = path.join(dir, 'other.duckdb');
    const raw = await DuckDBInstance.create(file);
    const c = await raw.connect();
    await c.run(`CREATE TABLE accounts (id INTEGER)`);
    c.closeSync();
    raw.closeSync();
    await expect(Store.open(file)).rejects.toThrow(/is not an imr store: a DuckDB database without the store_meta table; imr will not write into it/);
    await expect(Store.open(file, { readOnly: true })).rejects.toThrow(/is not an imr store: a DuckDB database without the store_meta table$/);
    await readRaw(file, async (read) => {
      expect(await read(`SELECT table_name FROM information_schema.tables`)).toEqual([['accounts']]);
    });
  });

  it('an upgrade that fails part-way changes nothing', async () => {
    const file = path.join(dir, 'v1-broken.duckdb');
    const old = await Store.open(file);
    await old.write(sample);
    const before = await old.counts();
    // The last table rebuilt cannot be copied: by then letters and files are done.
    await makeOldStore(old, 1, sampleRecords, true);
    old.close();
    await expect(Store.open(file)).rejects.toThrow(new RegExp(`upgrading store schema 1 to ${STORE_SCHEMA_VERSION} failed, nothing changed`));
    await readRaw(file, async (read) => {
      expect(await read(`SELECT value FROM store_meta WHERE key = 'store_schema_version'`)).toEqual([['1']]);
      expect((await read(declaredKeys)).flat()).toEqual(['failures', 'files', 'letters']);
      expect((await read(`SELECT count(*) FROM letters WHERE record IS NOT NULL`)).flat()).toEqual([BigInt(before.letters!)]);
      expect((await read(`SELECT count(*) FROM failures`)).flat()).toEqual([BigInt(before.failures! + 1)]);
    });
  });

  it('refuses a store of a schema it does not know, for writing and for reading', async () => {
    const file = path.join(dir, 'future.duckdb');
    const s = await Store.open(file);
    await s.exec(`UPDATE store_meta SET value = '99' WHERE key = 'store_schema_version'`);
    await s.exec(`DELETE FROM store_meta WHERE key = 'definition'`);
    s.close();
    await expect(Store.open(file)).rejects.toThrow(`has store schema 99; this imr writes schema ${STORE_SCHEMA_VERSION}`);
    await expect(Store.open(file, { readOnly: true })).rejects.toThrow(`has store schema 99; this imr reads schema ${STORE_SCHEMA_VERSION}`);
  });

  it('has every documented table', async () => {
    const r = await store.query(`SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1`);
    expect(r.rows.flat()).toEqual([...TABLES, 'store_meta'].sort());
  });
});
