/** Every gold file validates against GoldFile, and names its letter (and variants) by the right sha256. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANNOTATIONS, LETTER_ROOTS, REPO_ROOT } from '../paths.js';
import { evaluateAgreement } from '../../src/eval/run.js';
import { goldKind, letterRoot, listGoldFiles, loadGold, readGoldFile, sha256File, shaMismatch } from '../../src/eval/gold.js';

/** The agreement studies: the first 15 real letters, and 15 letters of the third held-out set. */
const AGREEMENT_DIRS = [path.join(ANNOTATIONS, 'agreement'), path.join(ANNOTATIONS, 'agreement', 'heldout3')].filter((d) => existsSync(d));
const files = [
  ...listGoldFiles(ANNOTATIONS),
  ...AGREEMENT_DIRS.flatMap((d) => readdirSync(d).filter((n) => n.endsWith('.json')).map((n) => path.join(d, n))),
];

describe('gold files', () => {
  it('are found (and bookkeeping files are not gold)', () => {
    expect(files.length).toBeGreaterThan(0);
    const names = listGoldFiles(ANNOTATIONS).map((f) => path.relative(ANNOTATIONS, f));
    expect(names).not.toContain('sample.json');
    expect(names.some((n) => n.startsWith('agreement'))).toBe(false);
  });

  it.each(files.map((f) => [path.relative(REPO_ROOT, f), f]))('%s validates and its letters match their sha256', (_rel, file) => {
    const r = readGoldFile(file);
    if ('problem' in r) expect.fail(r.problem.message);
    const root = letterRoot(r.gold, LETTER_ROOTS);
    const refs = [r.gold.letter, ...(r.gold.letter.variants ?? [])];
    for (const ref of refs) {
      const letter = path.resolve(root, ref.path);
      if (!existsSync(letter)) continue; // e.g. no ../shared here: nothing to check
      const actual = sha256File(letter);
      if (actual !== ref.sha256) expect.fail(shaMismatch(ref, actual));
    }
  });

  it('sorts gold into kinds by the letter it names', () => {
    const kinds = new Set(loadGold(ANNOTATIONS).entries.map((e) => `${e.id.split('/')[0]}:${e.kind}`));
    for (const k of kinds) expect(['real:real', 'heldout:real', 'heldout2:real', 'heldout3:real', 'seed:seed', 'corpus:corpus']).toContain(k);
    const g = (corpus: 'shared' | 'project', p: string) =>
      goldKind({ letter: { corpus, path: p, sha256: '0'.repeat(64) } } as Parameters<typeof goldKind>[0]);
    expect([g('shared', 'dwc-2016-2017/X.pdf'), g('shared', 'seed/x.txt'), g('project', 'corpus/a.txt')]).toEqual(['real', 'seed', 'corpus']);
  });

  it.each(AGREEMENT_DIRS.map((d) => [path.relative(REPO_ROOT, d), d]))('the agreement study in %s pairs every A with its B', (_rel, dir) => {
    const report = evaluateAgreement(dir);
    expect(report.problems).toEqual([]);
    expect(report.documents.length).toBe(readdirSync(dir).filter((n) => n.endsWith('.a.json')).length);
    expect(report.documents.length).toBeGreaterThanOrEqual(15);
  });
});
