/** Words that text extraction ran together, split where the word list says both halves are words. */
import { describe, expect, it } from 'vitest';
import { splitRunTogether, splitRunTogetherWords } from '../../src/normalize/run-together.js';
import { normalizeText } from '../../src/normalize/index.js';
import { buildWordList } from '../../scripts/build-word-list.js';
import { readFileSync } from 'node:fs';
import { extract, allSpans } from '../helpers.js';
import { extractText } from '../../src/pipeline/index.js';
import { parseVocab } from '../../src/vocab/index.js';

describe('splitting run-together words', () => {
  it('splits a token that is no word into two words', () => {
    expect(splitRunTogether('notmedically')).toEqual(['not', 'medically']);
    expect(splitRunTogether('medicallynecessary')).toEqual(['medically', 'necessary']);
    expect(splitRunTogether('ofinjury')).toEqual(['of', 'injury']);
    expect(splitRunTogether('theinjured')).toEqual(['the', 'injured']);
    expect(splitRunTogether('isnot')).toEqual(['is', 'not']);
    expect(splitRunTogether('underfluoroscopy')).toEqual(['under', 'fluoroscopy']);
    expect(splitRunTogether('rightring')).toEqual(['right', 'ring']);
    expect(splitRunTogether('andappropriate')).toEqual(['and', 'appropriate']);
    expect(splitRunTogether('lowback')).toEqual(['low', 'back']);
  });

  it('keeps the case of a capitalised token, and splits one only after a function word', () => {
    expect(splitRunTogether('Theinjured')).toEqual(['The', 'injured']);
    // A capitalised token that is no word is mostly a name whose parts happen to be words.
    expect(splitRunTogether('Hillcrest')).toBeNull();
    expect(splitRunTogether('Greenfield')).toBeNull();
  });

  it('never splits a word, a drug name (even misspelt) or a name the lists know', () => {
    for (const word of ['carpenter', 'therapist', 'notable', 'together', 'Medicare', 'radiculopathy', 'osteonecrosis', 'photocontact']) {
      expect(splitRunTogether(word), word).toBeNull();
    }
    for (const drug of ['Norco', 'Lidoderm', 'gabapentin', 'Cyclobenzaprine', 'Ketaprofen']) expect(splitRunTogether(drug), drug).toBeNull();
  });

  it('leaves prefixed words, word-forming endings and two-letter second halves whole', () => {
    expect(splitRunTogether('subluxation')).toBeNull(); // sub | luxation
    expect(splitRunTogether('Indiscriminant')).toBeNull(); // In | discriminant (a misspelling)
    expect(splitRunTogether('arthroscopically')).toBeNull(); // arthroscopic | ally
    expect(splitRunTogether('habitus')).toBeNull(); // habit | us
    expect(splitRunTogether('longus')).toBeNull(); // long | us
    expect(splitRunTogether('tation')).toBeNull(); // tat | ion: short rare words match by chance
  });

  it('leaves a token with two readings whole, unless one is beside a function word', () => {
    expect(splitRunTogether('sprainstrain')).toBeNull(); // sprain strain, or sprains train
    expect(splitRunTogether('ofthe')).toEqual(['of', 'the']);
  });

  it('tries only tokens standing alone: codes, case numbers, compounds and addresses stay as printed', () => {
    const text = 'L5-S1 and CM13-0921654 and 4mgtablets and sprain/strainx and www.notmedically.com and anti-notmedically';
    expect(splitRunTogetherWords(text)).toBe(text);
    expect(splitRunTogetherWords('“Theinjured worker (notmedically) isnot.')).toBe('“The injured worker (not medically) is not.');
  });

  it('only inserts spaces: the text without spaces is unchanged', () => {
    const text = 'The request isnot medicallynecessary; the mechanism ofinjury was a fall onto theleft knee.';
    const split = splitRunTogetherWords(text);
    expect(split).not.toBe(text);
    expect(split.replace(/ /g, '')).toBe(text.replace(/ /g, ''));
  });
});

describe('line-end hyphens and the word list', () => {
  it('keeps the hyphen between two words whose join is no word, joins a word broken by hyphenation', () => {
    expect(normalizeText('the peer-\nreviewed literature').text).toBe('the peer-reviewed literature');
    expect(normalizeText('a lumbar sprain-\nstrain').text).toBe('a lumbar sprain-strain');
    expect(normalizeText('the documen-\ntation was').text).toBe('the documentation was');
    expect(normalizeText('radiculo-\npathy').text).toBe('radiculopathy');
  });
});

describe('spans after splitting', () => {
  const letter = [
    'MAXIMUS FEDERAL SERVICES, INC.',
    'Notice of Independent Medical Review Determination',
    'Dated: 10/29/2013',
    'Final Determination',
    '1) MAXIMUS Federal Services, Inc. has determined the request for trigger finger injection, rightring',
    'finger is medicallynecessary and appropriate.',
    '2) MAXIMUS Federal Services, Inc. has determined the request for hinged knee brace isnot medically',
    'necessary and appropriate.',
    'Medical Qualifications of the Expert Reviewer:',
    'The Expert Reviewer is Board Certified in Family Practice and is licensed to practice in California.',
    'Case Summary:',
    'The patient is a 46 year old female. The mechanism ofinjury was lifting.',
  ].join('\n');

  it('every span points at its value in the normalised (split) text', () => {
    const { record, text } = extractText(letter, { path: 'inline.txt' });
    expect(record.services.map((s) => [s.request, s.decision])).toEqual([
      ['trigger finger injection, right ring finger', 'overturned'],
      ['hinged knee brace', 'upheld'],
    ]);
    for (const s of record.services) expect(text.slice(...s.span)).toContain(s.request.split(' ')[0]);
    const request = record.evidence['services.0.request']!;
    expect(text.slice(request[0], request[1]).replace(/\s+/g, ' ')).toBe('trigger finger injection, right ring finger');
    for (const { key, span } of allSpans(extract(letter))) {
      expect(span[0], key).toBeGreaterThanOrEqual(0);
      expect(span[1], key).toBeLessThanOrEqual(text.length);
    }
  });
});

describe('the word list', () => {
  it('refuses a list that is not sorted, since it is searched by halving', () => {
    expect(() => parseVocab('english-words.json', { common: 'able back', other: 'zebra apple', medical: '' })).toThrow(/english-words\.json: other: words must be sorted/);
    expect(() => parseVocab('english-words.json', { common: 'able Back', other: '', medical: '' })).toThrow(/lower-case words/);
  });

  it('is what scripts/build-word-list.ts builds from its sources (rerun the script when this fails)', () => {
    expect(readFileSync(new URL('../../src/vocab/english-words.json', import.meta.url), 'utf8')).toBe(buildWordList());
  });
});
