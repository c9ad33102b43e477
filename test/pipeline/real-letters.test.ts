/**
 * Every real letter in ../shared/corpus extracts with no error into a valid record of the
 * right format, with every field its header table states and a decision for every disputed
 * item. Counts are asserted, not snapshots. Skips (with a message) where ../shared is absent.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_CORPUS, sharedCorpusAvailable } from '../paths.js';
import { extractFile, type Extraction } from '../../src/pipeline/index.js';
import { ImrRecord } from '../../src/record/schema.js';
import { normalizeText } from '../../src/normalize/index.js';
import { allSpans } from '../helpers.js';

const available = sharedCorpusAvailable('real-letter tests');

describe.skipIf(!available)('the real letters', () => {
  const dir = path.join(SHARED_CORPUS, 'dwc-2016-2017');
  const files = available ? readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort() : [];
  const results = new Map<string, Extraction>();

  it('all 154 dwc-header letters extract into valid records', { timeout: 120_000 }, async () => {
    expect(files.length).toBe(154);
    const failures: string[] = [];
    for (const f of files) {
      try {
        results.set(f, await extractFile(path.join(dir, f)));
      } catch (err) {
        failures.push(`${f}: ${String(err)}`);
      }
    }
    expect(failures).toEqual([]);
    for (const { record } of results.values()) expect(ImrRecord.safeParse(record).success).toBe(true);
    expect([...results.values()].filter((r) => r.record.format === 'dwc-header').length).toBe(154);
  });

  it('fills every field the header table states', () => {
    const missing: string[] = [];
    for (const [f, { record: r }] of results) {
      const check = (name: string, v: unknown) => (v === null || (Array.isArray(v) && v.length === 0)) && missing.push(`${f}: ${name}`);
      check('caseNumber', r.caseNumber);
      check('dates.assigned', r.dates.assigned);
      check('dates.decision', r.dates.decision);
      check('dates.urDenial', r.dates.urDenial);
      check('dates.applicationReceived', r.dates.applicationReceived);
      check('injury.date', r.injury.date);
      check('priority', r.priority);
      check('reviewer.licensure', r.reviewer.licensure);
      check('reviewer.specialties', r.reviewer.specialties);
      expect(r.caseNumber).toBe(f.replace('.pdf', ''));
    }
    expect(missing).toEqual([]);
  });

  it('finds a decision for every disputed item (one service per decision line)', () => {
    let decisionLines = 0;
    let services = 0;
    for (const { record, text } of results.values()) {
      // An independent count: lines ending in `Upheld`/`Overturned` after a colon.
      const lines = text.match(/:\s*\n?\s*(?:Upheld|Overturned)\s*(?:\n|$)/gi) ?? [];
      expect(record.services.length).toBe(lines.length);
      expect(record.services.length).toBeGreaterThan(0);
      decisionLines += lines.length;
      services += record.services.length;
    }
    expect(services).toBe(decisionLines);
  });

  it('keeps every span inside the normalised text', () => {
    for (const { record, text } of results.values()) {
      for (const { key, span } of allSpans(record)) {
        expect(span[0], key).toBeGreaterThanOrEqual(0);
        expect(span[1], key).toBeLessThanOrEqual(text.length);
        expect(span[1], key).toBeGreaterThan(span[0]);
      }
      for (const d of record.diagnoses) expect(text.slice(...d.span).replace(/\s+/g, ' ')).toBe(d.text);
      for (const [i, s] of record.services.entries()) expect(text.slice(...record.evidence[`services.${i}.request`]!).replace(/\s+/g, ' ')).toBe(s.request);
    }
  });

  it('extracts the seed letter (dwc-prose) with its prose credentials', async () => {
    const seedDir = path.join(SHARED_CORPUS, 'seed');
    const seed = readdirSync(seedDir).filter((f) => f.endsWith('.txt'));
    expect(seed.length).toBeGreaterThan(0);
    for (const f of seed) {
      const { record } = await extractFile(path.join(seedDir, f));
      expect(record.format).toBe('dwc-prose');
      expect(record.reviewer.specialties.length).toBeGreaterThan(0);
      expect(record.reviewer.licensure.length).toBeGreaterThan(0);
      expect(record.services.length).toBe((normalizeText(readFileSync(path.join(seedDir, f), 'utf8')).text.match(/:\s*(?:Upheld|Overturned)\s*$/gim) ?? []).length);
    }
  });
});
