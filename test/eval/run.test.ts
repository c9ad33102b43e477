import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GoldEntry, LetterTarget } from '../../src/eval/gold.js';
import { resolveTargets } from '../../src/eval/gold.js';
import { renderMarkdown, renderText } from '../../src/eval/render.js';
import { evaluateTargets, extractorPredictor, readRecords, recordsPredictor } from '../../src/eval/run.js';
import type { GoldRecord } from '../../src/record/gold.js';
import { goldWithMedications } from '../helpers.js';

const gold: GoldRecord = goldWithMedications(['Norco']);
const target = (id: string, kind: LetterTarget['kind']): LetterTarget => ({
  id,
  goldFile: `annotations/${id}.json`,
  kind,
  set: id.split('/')[0]!,
  letterPath: `/nowhere/${id}.txt`,
  sha256: id.padEnd(64, '0').replace(/[^0-9a-f]/g, '0'),
  variant: false,
  gold,
});

describe('evaluateTargets', () => {
  it('groups real and seed letters apart from our corpus, and turns an extraction error into an empty prediction', async () => {
    const targets = [target('real/a', 'real'), target('seed/b', 'seed'), target('corpus/c', 'corpus')];
    const report = await evaluateTargets(
      'extract',
      targets,
      extractorPredictor(async (file) => {
        if (file.includes('corpus')) throw new Error('boom');
        return { record: { ...gold, medications: ['Norco', 'Soma'] } };
      }),
    );
    expect(report.groups.map((g) => [g.name, g.summary.documents])).toEqual([
      ['real', 2],
      ['corpus', 1],
    ]);
    const real = report.groups[0]!.summary.fields.medications;
    expect(real).toMatchObject({ gold: 2, pred: 4, lenient: 2 });
    const failed = report.documents.find((d) => d.id === 'corpus/c')!;
    expect(failed.note).toBe('extraction failed: boom');
    expect(failed.summary.fields.caseNumber!.lenientScore.recall).toBe(0);
    const text = renderText(report);
    expect(text).toContain('spurious  medications: Soma');
    expect(text).toContain('corpus/c: lenient F1 0.000');
    expect(renderMarkdown(report)).toContain('| medications | 2 | 4 |');
  });
});

describe('--pred records', () => {
  it('ignores lines that are not records and reports gold letters without a record', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'imr-eval-'));
    const file = path.join(dir, 'records.jsonl');
    writeFileSync(file, '{"not":"a record"}\nnot json\n\n');
    const { bySha, problems } = readRecords(file);
    expect(bySha.size).toBe(0);
    expect(problems.map((p) => p.file)).toEqual([`${file}:1`, `${file}:2`]);
    const report = await evaluateTargets('pred', [target('real/a', 'real')], recordsPredictor(bySha));
    expect(report.documents[0]!.note).toMatch(/^no record with source.sha256/);
  });
});

describe('resolveTargets', () => {
  const saved = process.env.IMR_SHARED_CORPUS;
  afterEach(() => {
    if (saved === undefined) delete process.env.IMR_SHARED_CORPUS;
    else process.env.IMR_SHARED_CORPUS = saved;
  });

  it('skips a gold whose letter is missing, with a message naming where it looked', () => {
    process.env.IMR_SHARED_CORPUS = '/nonexistent/corpus';
    const entry: GoldEntry = {
      id: 'real/CM16-0000001',
      file: 'annotations/real/CM16-0000001.json',
      set: 'real',
      kind: 'real',
      gold: {
        schemaVersion: 1,
        letter: { corpus: 'shared', path: 'dwc-2016-2017/CM16-0000001.pdf', sha256: '0'.repeat(64) },
        annotator: 'test',
        record: gold,
      },
    };
    const { targets, problems } = resolveTargets([entry], { shared: '/nonexistent/corpus', project: '/nonexistent/project' });
    expect(targets).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^skipped: letter not found at .*nonexistent\/corpus\/dwc-2016-2017\/CM16-0000001\.pdf \(shared corpus root/);
  });
});
