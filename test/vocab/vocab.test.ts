/** Every vocabulary file is parsed with a schema at load, and a bad one fails naming the file and the path inside it. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVocab, SCHEMAS, VocabError } from '../../src/vocab/index.js';
import { REPO_ROOT } from '../paths.js';

/** Vocabularies parsed by their own modules (big tables with their own loaders and schemas). */
const OWN_LOADERS = new Set(['drugs.json', 'icd10-synonyms.json', 'icd10cm.meta.json', 'engine-text.json']);

describe('vocabularies', () => {
  it('every JSON file in src/vocab has a schema', () => {
    const files = readdirSync(path.join(REPO_ROOT, 'src', 'vocab')).filter((f) => f.endsWith('.json'));
    for (const f of files) if (!OWN_LOADERS.has(f)) expect(Object.keys(SCHEMAS), `${f} has no schema in src/vocab/index.ts`).toContain(f);
  });

  it('a bad file fails at load, naming the file and where in it', () => {
    expect(() => parseVocab('states.json', { states: { CA: 'California', Cal: 'California' } })).toThrow(VocabError);
    expect(() => parseVocab('states.json', { states: { CA: 'California', Cal: 'California' } })).toThrow(/^src\/vocab\/states.json: states.Cal: /);
    expect(() => parseVocab('service-categories.json', { stripPrefixes: [], rules: [{ category: 'pharmacy', patterns: ['(unclosed'] }] })).toThrow(
      'src/vocab/service-categories.json: rules.0.patterns.0: not a valid regular expression',
    );
    expect(() => parseVocab('body-regions.json', { regions: [{ id: 'knee', patterns: ['knees?'] }], laterality: { left: [], right: [], bilateral: [] } })).toThrow(
      /src\/vocab\/body-regions.json: regions: every canonical region needs its words/,
    );
    expect(() => parseVocab('abbreviations.json', { sentenceAbbreviations: ['dr'], extra: 1 })).toThrow('src/vocab/abbreviations.json: extra: unknown key');
  });
});
