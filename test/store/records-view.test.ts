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
import { FORMATS, ImrRecord, MODALITIES, SERVICE_CATEGORIES } from '../../src/record/schema.js';
import { letterRowSet } from '../../src/store/rows.js';
import { Store, sqlString } from '../../src/store/store.js';
import { runs } from '../properties/arbitraries.js';
import { makeRecord } from './records.js';

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
    // Text as it leaves the pipeline: whole Unicode code points, without NUL, which the
    // normaliser strips with the other control characters (src/normalize/index.ts).
    const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\u0000'));
    const someText = text.filter((s) => s.length > 0);
    const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
    const span = fc.tuple(fc.nat(100_000), fc.nat(5_000)).map(([s, n]): [number, number] => [s, s + n]);
    const date = maybe(fc.date({ min: new Date('1950-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
    const service = fc.record({
      request: someText,
      decision: fc.constantFrom('upheld' as const, 'overturned' as const),
      originalRequest: maybe(text),
      authorizedPortion: maybe(text),
      category: fc.constantFrom(...SERVICE_CATEGORIES),
      claimsAdministratorGuideline: maybe(text),
      reviewerGuideline: maybe(text),
      guidelines: fc.array(fc.record({ source: fc.constantFrom('MTUS' as const, 'ACOEM' as const, 'ODG' as const, 'other' as const), title: maybe(text), section: maybe(text) }), { maxLength: 3 }),
      rationale: maybe(text),
      span,
    });
    const record = fc.record({
      seed: fc.string({ minLength: 1, maxLength: 12 }),
      pages: maybe(fc.integer({ min: 1, max: 400 })),
      format: fc.constantFrom(...FORMATS),
      caseNumber: maybe(text),
      dates: fc.record({ assigned: date, decision: date, urDenial: date, applicationReceived: date }),
      priority: maybe(fc.constantFrom('standard' as const, 'expedited' as const)),
      reviewer: fc.record({ licensure: fc.array(someText, { maxLength: 3 }), specialties: fc.array(someText, { maxLength: 3 }) }),
      patient: fc.record({ age: maybe(fc.integer({ min: 0, max: 120 })), sex: maybe(fc.constantFrom('male' as const, 'female' as const)) }),
      injury: fc.record({ date, employer: maybe(text), mechanism: maybe(text) }),
      diagnoses: fc.array(fc.record({ text: someText, span }), { maxLength: 5 }),
      imaging: fc.array(fc.record({ modality: fc.constantFrom(...MODALITIES), bodyRegion: maybe(text), date, findings: maybe(text), span }), { maxLength: 3 }),
      medications: fc.array(someText, { maxLength: 4 }),
      services: fc.array(service, { maxLength: 4 }),
      sections: fc.array(fc.record({ name: text, start: fc.nat(9_000), end: fc.nat(9_000) }), { maxLength: 5 }),
      evidence: fc.dictionary(fc.string({ minLength: 1, maxLength: 30 }), span, { maxKeys: 8 }),
      warnings: fc.array(text, { maxLength: 3 }),
    });
    const store = await Store.open(path.join(dir, 'generated.duckdb'));
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 5 }), async (seeds) => {
          const records = seeds.map(({ seed, pages, ...fields }, i) => {
            const base = makeRecord({ seed: `${seed}#${i}` });
            return ImrRecord.parse({ ...base, ...fields, source: { ...base.source, kind: pages === null ? 'text' : 'pdf', pages } });
          });
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
