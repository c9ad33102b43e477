/**
 * The compact ICD-10-CM table and the synonym file: the committed table is what the build script
 * makes of ../shared/icd10cm (skipped, with a message, where that folder is absent), its
 * recorded hashes hold, every code the synonym rules name is in it, and a bad data file fails
 * naming the file and where.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIcd10Table as buildCompactTable, OUTPUT_FILES, sharedIcd10Available, sharedIcd10Dir } from '../../scripts/build-icd10.js';
import { ICD10_SYNONYMS_FILE, parseSynonyms, synonymCodes } from '../../src/extract/diagnoses/icd10.js';
import { buildIcd10Table, childrenOf, ICD10_CODES_FILE, loadIcd10Table, withoutDot } from '../../src/extract/diagnoses/icd10-table.js';
import { variantMap } from '../../src/extract/diagnoses/icd10-words.js';

const VOCAB = path.dirname(ICD10_CODES_FILE);
const committed = (name: string) => readFileSync(path.join(VOCAB, name), 'utf8');
const synonyms = parseSynonyms(JSON.parse(readFileSync(ICD10_SYNONYMS_FILE, 'utf8')));
const variants = variantMap(synonyms.variants);

const shared = sharedIcd10Available();
if (!shared) console.warn(`SKIP ICD-10-CM rebuild check: no codes.tsv and index_terms_fy2025.tsv in ${sharedIcd10Dir()} (set IMR_SHARED_ICD10)`);

describe('compact ICD-10-CM table', () => {
  it.skipIf(!shared)('is what scripts/build-icd10.ts makes of the shared files', () => {
    const built = buildCompactTable(sharedIcd10Dir());
    for (const name of Object.values(OUTPUT_FILES)) expect(committed(name), `${name}: rebuild with npx tsx scripts/build-icd10.ts`).toBe(built.files[name]);
  });

  it('records its source, fiscal year, build command and the hashes of what it holds', () => {
    const meta = JSON.parse(committed(OUTPUT_FILES.meta));
    expect(meta).toMatchObject({ codeSet: 'ICD-10-CM', fiscalYear: 2026, indexFiscalYear: 2025, buildCommand: 'npx tsx scripts/build-icd10.ts' });
    expect(Object.keys(meta.inputs).sort()).toEqual(['codes.tsv', 'index_terms_fy2025.tsv']);
    for (const name of [OUTPUT_FILES.codes, OUTPUT_FILES.index]) {
      expect(meta.outputs[name]).toBe(createHash('sha256').update(committed(name)).digest('hex'));
    }
  });

  const table = loadIcd10Table(variants);

  it('holds injury codes without the 7th character, and no external causes', () => {
    expect(table.position.has('S161')).toBe(true);
    expect(table.position.has('S83241')).toBe(true);
    expect(table.code.some((c) => c.length === 7 && /^[ST]/.test(c))).toBe(false);
    expect(table.code.some((c) => /^[VWXY]/.test(c))).toBe(false);
    expect(table.title[table.position.get('S83241')!]).toBe('Other tear of medial meniscus, current injury, right knee');
  });

  it('finds each code\'s children by tabular order: every code is a child of its nearest shorter code', () => {
    const misplaced: string[] = [];
    for (const [at, c] of table.code.entries()) {
      let parent = -1;
      for (let n = c.length - 1; n >= 3 && parent < 0; n--) parent = table.position.get(c.slice(0, n)) ?? -1;
      if (parent >= 0 && !childrenOf(table, parent).includes(at)) misplaced.push(c);
    }
    expect(misplaced).toEqual([]);
    expect(childrenOf(table, table.position.get('M5416')!)).toEqual([]);
    expect(childrenOf(table, table.position.get('G560')!).map((at) => table.code[at])).toEqual(['G5600', 'G5601', 'G5602', 'G5603']);
  });

  it('has every code the synonym rules name', () => {
    const named = synonymCodes(synonyms);
    expect(named.length).toBeGreaterThan(100);
    expect(named.filter(({ code }) => !table.position.has(withoutDot(code)))).toEqual([]);
  });
});

describe('a bad data file fails at load, naming the file and the place', () => {
  const codes = 'code\ttitle\tbillable\nM54\tDorsalgia\t0\nM541\tRadiculopathy\t0\n';
  const index = 'level\tterm\tnemod\tcode\n0\tRadiculopathy\t\tM541\n';
  it('a malformed code line', () => {
    expect(() => buildIcd10Table(codes.replace('M541\t', 'M5.41\t'), index, variants, { codes: 'codes.tsv', index: 'index.tsv' })).toThrow(/^codes\.tsv: line 3: expected code/);
  });
  it('an index term under no parent, or naming a code the table lacks', () => {
    expect(() => buildIcd10Table(codes, `${index}2\tlumbar\t\tM541\n`, variants, { codes: 'codes.tsv', index: 'index.tsv' })).toThrow(/^index\.tsv: line 3: level 2 under level 0/);
    expect(() => buildIcd10Table(codes, `${index}1\tlumbar\t\tM5416\n`, variants, { codes: 'codes.tsv', index: 'index.tsv' })).toThrow(/^index\.tsv: line 3: code M5416 is not in codes\.tsv/);
  });
  it('a wrong header', () => {
    expect(() => buildIcd10Table(codes.replace('billable', 'valid'), index, variants, { codes: 'codes.tsv', index: 'index.tsv' })).toThrow(/^codes\.tsv: header must be/);
  });
  it('a synonym rule naming an unknown site, or a code without a site map', () => {
    const bad = structuredClone(synonyms) as { rules: { sites?: Record<string, string | null> }[] };
    bad.rules.find((r) => r.sites)!.sites!['elbow-pit'] = 'M54.16';
    expect(() => parseSynonyms(bad)).toThrow(new RegExp(`^${ICD10_SYNONYMS_FILE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: rules\\.\\d+\\.sites\\.elbow-pit: unknown site elbow-pit`));
    expect(() => parseSynonyms({ ...synonyms, rules: [{ id: 'x', slots: [['pain']] }] })).toThrow(/rules\.0\.code: a rule without a site map needs a code/);
  });
  it('a first-named pair naming an unknown rule or a word of no slot, a level of an unknown region, a bad rewrite', () => {
    const pair = { id: 'pair', slots: [['sprain'], ['strain']], firstNamed: { sprain: 'no-such-rule', twist: 'pair' } };
    expect(() => parseSynonyms({ ...synonyms, rules: [pair] })).toThrow(/rules\.0\.firstNamed\.sprain: unknown rule no-such-rule/);
    expect(() => parseSynonyms({ ...synonyms, rules: [pair] })).toThrow(/rules\.0\.firstNamed\.twist: twist is in no slot/);
    expect(() => parseSynonyms({ ...synonyms, siteLevels: { 'c5-c6': { region: 'upper-neck', absorbs: [] } } })).toThrow(/siteLevels\.c5-c6\.region: unknown site upper-neck/);
    expect(() => parseSynonyms({ ...synonyms, rewrites: [{ pattern: '(', to: '', why: 'x' }] })).toThrow(/rewrites\.0\.pattern: bad pattern/);
  });
});
