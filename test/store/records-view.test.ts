/**
 * The `records` view rebuilds each letter's record from the store's tables (the store keeps no
 * copy of the record JSON). These tests hold the rebuilt record equal to the one extracted: for
 * every letter of the project's corpus, and for generated records with awkward values.
 */
import fc from 'fast-check';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractFile } from '../../src/pipeline/index.js';
import type { ImrRecord } from '../../src/record/schema.js';
import { letterRowSet } from '../../src/store/rows.js';
import { Store, sqlString } from '../../src/store/store.js';
import { runs } from '../properties/arbitraries.js';
import { makeRecord, sha } from './records.js';
import { recordArbitrary } from '../properties/record-arbitrary.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'imr-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CORPUS = path.resolve(import.meta.dirname, '../../corpus');
const corpusLetters = readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(txt|pdf)$/.test(f) && !f.endsWith('README.md'))
  .map((f) => path.join(CORPUS, f))
  .sort();

async function rebuilt(store: Store, sha256: string): Promise<unknown> {
  const r = await store.query(`SELECT record FROM records WHERE sha256 = ${sqlString(sha256)}`);
  expect(r.rows, `one record for ${sha256}`).toHaveLength(1);
  return JSON.parse(String(r.rows[0]![0]));
}

describe('records view', () => {
  it('gives back, for every letter of the corpus (text and PDF), the record the pipeline extracted', async () => {
    expect(corpusLetters.length).toBeGreaterThan(20);
    const records: ImrRecord[] = [];
    for (const file of corpusLetters) records.push((await extractFile(file)).record);
    const store = await Store.open(path.join(dir, 'corpus.duckdb'));
    try {
      await store.write({ letters: records.map((r) => letterRowSet(r)), files: [], failures: [] });
      for (const record of records) expect(await rebuilt(store, record.source.sha256), record.source.path).toEqual(record);
      const all = await store.query(`SELECT count(*), count(DISTINCT sha256) FROM records`);
      expect(all.rows).toEqual([[records.length, records.length]]);
    } finally {
      store.close();
    }
  }, 60_000);

  it('keeps empty lists as [], absent values as null, and an empty evidence map as {}', async () => {
    const bare: ImrRecord = {
      ...makeRecord({ seed: 'bare', caseNumber: null, decision: null, specialties: [], licensure: [], services: [], diagnoses: [], medications: [] }),
      imaging: [],
      sections: [],
      evidence: {},
      priority: null,
      patient: { age: null, sex: null },
      injury: { date: null, employer: null, mechanism: null },
    };
    const store = await Store.open(path.join(dir, 'bare.duckdb'));
    try {
      await store.write({ letters: [letterRowSet(bare)], files: [], failures: [] });
      expect(await rebuilt(store, bare.source.sha256)).toEqual(bare);
    } finally {
      store.close();
    }
  });

  it('round-trips generated records: any text (quotes, backslashes, newlines, non-Latin), dotted evidence keys, many items', async () => {
    // Records generated from the schema's field tree: every field, any Unicode text (no NUL, which the normaliser strips).
    const store = await Store.open(path.join(dir, 'generated.duckdb'));
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(recordArbitrary, { minLength: 1, maxLength: 5 }), async (generated) => {
          // Each its own key: the sha256 is the letter's identity in the store.
          const records = generated.map((r, i) => ({ ...r, source: { ...r.source, sha256: sha(`${r.source.sha256}#${i}`) } }));
          await store.write({ letters: records.map((r) => letterRowSet(r)), files: [], failures: [] });
          for (const r of records) expect(await rebuilt(store, r.source.sha256)).toEqual(r);
        }),
        { numRuns: runs(40) },
      );
    } finally {
      store.close();
    }
  }, 120_000);
});
