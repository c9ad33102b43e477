/**
 * The quality gate: the extractor on the annotated real letters (annotations/real + seed) must keep
 * every field's lenient F1 and every measure at or above its floor in eval/floors.json.
 * Needs the shared corpus (../shared/corpus or IMR_SHARED_CORPUS); skipped, with a message, without it.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANNOTATIONS, FLOORS_FILE, LETTER_ROOTS, sharedCorpusAvailable } from '../paths.js';
import { checkFloors, readFloors, type FloorFailure } from '../../src/eval/floors.js';
import { loadGold, resolveTargets } from '../../src/eval/gold.js';
import { renderText } from '../../src/eval/render.js';
import { evaluateTargets, extractorPredictor, groupOf } from '../../src/eval/run.js';
import { EMPTY_PREDICTION, scoreDocument, summarize } from '../../src/eval/score.js';
import { extractFile } from '../../src/pipeline/index.js';

const available = sharedCorpusAvailable('eval gate');

describe('floors file', () => {
  it('names only fields and measures, and the check flags a figure below its floor', () => {
    const { floors } = readFloors(FLOORS_FILE);
    const empty = summarize([]);
    expect(checkFloors(empty, floors)).toEqual([]); // nothing scored: every figure is null, and every key is known
    const s = summarize([scoreDocument('t', { ...EMPTY_PREDICTION, medications: ['Norco', 'Soma'] }, { ...EMPTY_PREDICTION, medications: ['Norco'] })]);
    expect(checkFloors(s, { medications: 0.9 })).toEqual<FloorFailure[]>([
      { key: 'medications', floor: 0.9, value: 2 / 3, reason: '0.667 is below the floor 0.9' },
    ]);
    expect(checkFloors(s, { medications: 0.5, 'imaging.findings': 1 })).toEqual([]);
    expect(checkFloors(s, { medication: 0 })[0]?.reason).toBe('not a field or measure name');
  });
});

describe.skipIf(!available)('eval gate: real letters', () => {
  it('every field and measure reaches its floor (eval/floors.json)', async () => {
    const { entries, problems } = loadGold(ANNOTATIONS);
    const real = entries.filter((e) => groupOf(e) === 'real');
    const resolved = resolveTargets(real, LETTER_ROOTS);
    expect([...problems, ...resolved.problems].filter((p) => real.some((e) => e.file === p.file))).toEqual([]);
    expect(resolved.targets.length).toBeGreaterThan(0);

    const report = await evaluateTargets('extract', resolved.targets, extractorPredictor(extractFile));
    const group = report.groups.find((g) => g.name === 'real');
    expect(group).toBeDefined();
    const failures = checkFloors(group!.summary, readFloors(FLOORS_FILE).floors);
    if (failures.length > 0) console.log(renderText({ ...report, documents: [] }));
    expect(failures).toEqual([]);
  }, 300_000);
});

