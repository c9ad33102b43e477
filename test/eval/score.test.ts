import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { GoldRecord } from '../../src/record/gold.js';
import type { ImrRecord } from '../../src/record/schema.js';
import { normDate, normText, tokenF1 } from '../../src/eval/compare.js';
import { pairItems } from '../../src/eval/pair.js';
import {
  EMPTY_PREDICTION,
  FIELDS,
  prf,
  scoreDocument,
  summarize,
  type Scorable,
} from '../../src/eval/score.js';

type ScorableImaging = Scorable['imaging'][number];
type ScorableService = Scorable['services'][number];

// Both record shapes must be scorable without conversion.
const _gold: (g: GoldRecord) => Scorable = (g) => g;
const _pred: (r: ImrRecord) => Scorable = (r) => r;
void _gold;
void _pred;

type Draft = Omit<Partial<Scorable>, 'diagnoses'> & { diagnoses?: string[] };
/** A record with nothing in it but what the test names. */
function rec(d: Draft = {}): Scorable {
  return { ...EMPTY_PREDICTION, format: 'dwc-header', ...d, diagnoses: (d.diagnoses ?? []).map((text) => ({ text })) };
}
const service = (request: string, s: Partial<ScorableService> = {}): ScorableService => ({
  request,
  decision: 'upheld',
  category: 'imaging',
  originalRequest: null,
  authorizedPortion: null,
  ...s,
});
const image = (modality: ScorableImaging['modality'], bodyRegion: string | null, i: Partial<ScorableImaging> = {}): ScorableImaging => ({
  modality,
  bodyRegion,
  date: null,
  findings: null,
  ...i,
});

const FULL: Scorable = rec({
  caseNumber: 'CM16-0904417',
  dates: { assigned: '2016-11-09', decision: '2016-12-09', urDenial: '2016-11-03', applicationReceived: '2016-11-03' },
  priority: 'standard',
  reviewer: { licensure: ['California', 'North Carolina'], specialties: ['Family Practice'] },
  patient: { age: 48, sex: 'male' },
  injury: { date: '2016-10-13', employer: null, mechanism: null },
  diagnoses: ['right shoulder contusion', 'cervical strain'],
  imaging: [image('x-ray', 'right shoulder', { date: '2016-10-13', findings: 'rotator cuff tendinopathy' })],
  medications: ['Norco', 'Ativan'],
  services: [service('MRI of the right shoulder'), service('Physical therapy 6 sessions', { category: 'physical-therapy', decision: 'overturned' })],
});

const counts = (g: Scorable, p: Scorable | null, field: (typeof FIELDS)[number]) => scoreDocument('t', g, p).fields[field]!;
const lenient = (g: Scorable, p: Scorable | null, field: (typeof FIELDS)[number]) =>
  summarize([scoreDocument('t', g, p)]).fields[field]!.lenientScore;

describe('normalisation', () => {
  it('folds case, whitespace, edge punctuation and leading articles', () => {
    expect(normText('  The Right\n Shoulder  Contusion. ')).toBe('right shoulder contusion');
    expect(normText('a "lumbar strain";')).toBe('lumbar strain');
    expect(normText('L4-5 disc')).toBe('l4-5 disc');
    expect(normText('Physical Medicine & Rehabilitation')).toBe('physical medicine & rehabilitation');
  });
  it('reads dates as ISO', () => {
    expect(normDate('2016-12-09')).toBe('2016-12-09');
    expect(normDate('12/9/2016')).toBe('2016-12-09');
    expect(normDate('1-7-14')).toBe('2014-01-07');
    expect(normDate('3/4/98')).toBe('1998-03-04');
  });
  it('token F1 is a multiset overlap on word tokens', () => {
    expect(tokenF1('lumbar disc herniation at L4-5', 'disc herniation at L4-5')).toBeCloseTo(10 / 11);
    expect(tokenF1('lumbar strain', 'cervical sprain')).toBe(0);
    expect(tokenF1(null, '')).toBe(1);
    expect(tokenF1(null, 'normal')).toBe(0);
    expect(tokenF1('pain pain', 'pain')).toBeCloseTo(2 / 3);
  });
});

describe('prf', () => {
  it('is null where there is nothing to score', () => {
    expect(prf(0, 0, 0)).toEqual({ precision: null, recall: null, f1: null });
    expect(prf(0, 3, 0)).toEqual({ precision: null, recall: 0, f1: 0 });
    expect(prf(0, 0, 2)).toEqual({ precision: 0, recall: null, f1: 0 });
    expect(prf(2, 4, 3)).toEqual({ precision: 2 / 3, recall: 0.5, f1: 4 / 7 });
  });
});

describe('scoreDocument', () => {
  it('perfect prediction: every field and measure is 1, no issues', () => {
    const doc = scoreDocument('perfect', FULL, FULL);
    expect(doc.issues).toEqual([]);
    const s = summarize([doc]);
    for (const f of FIELDS) {
      const x = s.fields[f]!;
      expect(x.strict).toBe(x.gold);
      expect(x.pred).toBe(x.gold);
      if (x.gold > 0) expect(x.strictScore).toEqual({ precision: 1, recall: 1, f1: 1 });
    }
    expect(s.fields['injury.employer']!.lenientScore).toEqual({ precision: null, recall: null, f1: null });
    for (const m of Object.values(s.measures)) if (m.n > 0) expect(m.value).toBe(1);
    expect(Object.values(s.measures).filter((m) => m.n > 0).length).toBeGreaterThan(5);
    expect(s.measures['services.decision']!).toMatchObject({ sum: 2, n: 2 });
  });

  it('empty prediction (no record): everything missed, recall 0, precision undefined, format wrong', () => {
    const doc = scoreDocument('empty', FULL, null);
    const s = summarize([doc]);
    expect(s.fields.diagnoses!).toMatchObject({ gold: 2, pred: 0, strict: 0, lenient: 0 });
    expect(s.fields.diagnoses!.lenientScore).toEqual({ precision: null, recall: 0, f1: 0 });
    expect(s.fields.caseNumber!.lenientScore).toEqual({ precision: null, recall: 0, f1: 0 });
    expect(s.measures.format!).toMatchObject({ sum: 0, n: 1, value: 0 });
    expect(s.measures['services.decision']!.value).toBeNull();
    expect(doc.issues.filter((i) => i.kind === 'miss')).toHaveLength(9 + 3 + 2 + 1 + 2 + 2);
    // A record with empty fields scores the same as no record at all, except for the format.
    expect(scoreDocument('e', FULL, rec()).fields).toEqual(doc.fields);
  });

  it('all spurious: gold empty, prediction full: precision 0, recall undefined', () => {
    const s = summarize([scoreDocument('spurious', rec(), FULL)]);
    expect(s.fields.services!).toMatchObject({ gold: 0, pred: 2, strict: 0, lenient: 0 });
    expect(s.fields.services!.lenientScore).toEqual({ precision: 0, recall: null, f1: 0 });
    expect(s.fields['dates.decision']!.strictScore).toEqual({ precision: 0, recall: null, f1: 0 });
    expect(scoreDocument('s', rec(), FULL).issues.every((i) => i.kind === 'spurious')).toBe(true);
  });

  it('partial overlap: 2 of 4 gold found among 3 predicted', () => {
    const g = rec({ diagnoses: ['lumbar strain', 'cervical strain', 'depression', 'anxiety'] });
    const p = rec({ diagnoses: ['Lumbar strain.', 'cervical strain', 'hypertension'] });
    expect(counts(g, p, 'diagnoses')).toEqual({ gold: 4, pred: 3, strict: 2, lenient: 2 });
    const score = lenient(g, p, 'diagnoses');
    expect(score.precision).toBeCloseTo(2 / 3);
    expect(score.recall).toBeCloseTo(1 / 2);
    expect(score.f1).toBeCloseTo(4 / 7);
    const issues = scoreDocument('t', g, p).issues;
    expect(issues.filter((i) => i.kind === 'miss').map((i) => i.gold)).toEqual(['depression', 'anxiety']);
    expect(issues.filter((i) => i.kind === 'spurious').map((i) => i.pred)).toEqual(['hypertension']);
  });

  it('duplicates: an item predicted three times is one match and two spurious items', () => {
    const g = rec({ medications: ['Norco'] });
    const p = rec({ medications: ['Norco', 'norco', 'Norco.'] });
    expect(counts(g, p, 'medications')).toEqual({ gold: 1, pred: 3, strict: 1, lenient: 1 });
    const score = lenient(g, p, 'medications');
    expect(score).toEqual({ precision: 1 / 3, recall: 1, f1: 0.5 });
    expect(scoreDocument('t', g, p).issues.filter((i) => i.kind === 'spurious')).toHaveLength(2);
    // ... and the same on the gold side: one gold item repeated is one match, one miss.
    expect(counts(rec({ medications: ['Norco', 'Norco'] }), rec({ medications: ['Norco'] }), 'medications')).toEqual({
      gold: 2,
      pred: 1,
      strict: 1,
      lenient: 1,
    });
  });

  it('lenient matches token F1 >= 0.5 that strict does not', () => {
    const g = rec({ diagnoses: ['lumbar disc herniation at L4-5', 'lumbar strain', 'right knee pain'] });
    const p = rec({ diagnoses: ['disc herniation at L4-5', 'cervical sprain', 'knee'] });
    // 'knee' vs 'right knee pain': F1 = 2*1/(1+3) = 0.5, on the threshold.
    expect(counts(g, p, 'diagnoses')).toEqual({ gold: 3, pred: 3, strict: 0, lenient: 2 });
    const s = summarize([scoreDocument('t', g, p)]).fields.diagnoses!;
    expect(s.strictScore.f1).toBe(0);
    expect(s.lenientScore.f1).toBeCloseTo(2 / 3);
    expect(scoreDocument('t', g, p).issues.filter((i) => i.kind === 'lenient')).toHaveLength(2);
  });

  it('pairs strict matches before lenient ones, one to one', () => {
    const pairing = pairItems(['low back pain'], ['low back pain radiating to leg', 'Low back pain']);
    expect(pairing.pairs).toEqual([{ gold: 0, pred: 1, strict: true, similarity: 1 }]);
    expect(pairing.spurious).toEqual([0]);
  });

  it('normalisation is symmetric: swapping gold and prediction swaps precision and recall', () => {
    const g = rec({ diagnoses: ['The Right Shoulder Contusion.'], medications: ['Norco', 'Ativan'] });
    const p = rec({ diagnoses: ['right  shoulder contusion'], medications: ['norco'] });
    expect(counts(g, p, 'diagnoses')).toEqual({ gold: 1, pred: 1, strict: 1, lenient: 1 });
    expect(counts(p, g, 'diagnoses')).toEqual({ gold: 1, pred: 1, strict: 1, lenient: 1 });
    const ab = lenient(g, p, 'medications');
    const ba = lenient(p, g, 'medications');
    expect(ab).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3 });
    expect(ba).toEqual({ precision: ab.recall, recall: ab.precision, f1: ab.f1 });
  });

  it('symmetric for any lists (property)', () => {
    const word = fc.constantFrom('lumbar', 'Lumbar', 'strain', 'the', 'pain', 'L4-5', 'knee', 'right', '.', ',');
    const item = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
    const list = fc.array(item, { maxLength: 5 });
    fc.assert(
      fc.property(list, list, (a, b) => {
        const ab = counts(rec({ medications: a }), rec({ medications: b }), 'medications');
        const ba = counts(rec({ medications: b }), rec({ medications: a }), 'medications');
        expect(ab.strict).toBe(ba.strict);
        expect(ab.lenient).toBeLessThanOrEqual(Math.min(a.length, b.length));
        expect(ab.strict).toBeLessThanOrEqual(ab.lenient);
      }),
    );
  });

  it('scalars: null handling, case and date normalisation', () => {
    const g = rec({ caseNumber: null, priority: 'Standard' as 'standard', patient: { age: 48, sex: null } });
    const p = rec({ caseNumber: 'CM16-1', priority: 'standard', patient: { age: null, sex: null } });
    expect(counts(g, p, 'caseNumber')).toEqual({ gold: 0, pred: 1, strict: 0, lenient: 0 });
    expect(counts(g, p, 'patient.age')).toEqual({ gold: 1, pred: 0, strict: 0, lenient: 0 });
    expect(counts(g, p, 'patient.sex')).toEqual({ gold: 0, pred: 0, strict: 0, lenient: 0 });
    expect(counts(g, p, 'priority')).toEqual({ gold: 1, pred: 1, strict: 1, lenient: 1 });
    const d = (decision: string) => ({ assigned: null, decision, urDenial: null, applicationReceived: null });
    expect(counts(rec({ dates: d('2016-12-09') }), rec({ dates: d('12/9/2016') }), 'dates.decision').strict).toBe(1);
    const wrong = scoreDocument('t', rec({ dates: d('2016-12-09') }), rec({ dates: d('2016-12-08') }));
    expect(wrong.fields['dates.decision']!).toEqual({ gold: 1, pred: 1, strict: 0, lenient: 0 });
    expect(wrong.issues).toContainEqual({ field: 'dates.decision', kind: 'wrong', gold: '2016-12-09', pred: '2016-12-08' });
    const issues = scoreDocument('t', g, p).issues.map((i) => `${i.kind} ${i.field}`);
    expect(issues).toEqual(['spurious caseNumber', 'miss patient.age']);
  });

  it('imaging: a pair needs the same modality; date and findings are scored over matched pairs', () => {
    const g = rec({
      imaging: [
        image('mri', 'lumbar spine', { date: '2016-01-02', findings: 'L4-5 disc protrusion with stenosis' }),
        image('x-ray', 'right shoulder', { findings: 'normal' }),
      ],
    });
    const p = rec({
      imaging: [
        image('ct', 'lumbar spine', { date: '2016-01-02' }),
        image('mri', 'the lumbar spine', { date: '2016-01-03', findings: 'disc protrusion at L4-5' }),
        image('x-ray', 'right shoulder', { findings: 'normal' }),
      ],
    });
    const doc = scoreDocument('t', g, p);
    expect(doc.fields.imaging!).toEqual({ gold: 2, pred: 3, strict: 2, lenient: 2 });
    expect(doc.issues.filter((i) => i.kind === 'spurious').map((i) => i.pred)).toEqual(['ct lumbar spine [2016-01-02, -]']);
    expect(doc.measures['imaging.date']!).toEqual({ sum: 1, n: 2 });
    // findings: 'l4 5 disc protrusion with stenosis' vs 'disc protrusion at l4 5': 4 shared of 6 + 5 tokens.
    expect(doc.measures['imaging.findings']!.n).toBe(2);
    expect(doc.measures['imaging.findings']!.sum).toBeCloseTo(8 / 11 + 1);
    // Modality mismatch alone: no pair at all.
    const only = scoreDocument('t', rec({ imaging: [image('mri', 'knee')] }), rec({ imaging: [image('x-ray', 'knee')] }));
    expect(only.fields.imaging!).toEqual({ gold: 1, pred: 1, strict: 0, lenient: 0 });
    expect(only.issues.map((i) => i.kind)).toEqual(['miss', 'spurious']);
  });

  it('imaging: among equally similar studies the one with the same date is paired', () => {
    const g = rec({ imaging: [image('mri', 'lumbar spine', { date: '2015-01-01' }), image('mri', 'lumbar spine', { date: '2016-06-01' })] });
    const p = rec({ imaging: [image('mri', 'lumbar spine', { date: '2016-06-01' }), image('mri', 'lumbar spine', { date: '2015-01-01' })] });
    expect(scoreDocument('t', g, p).measures['imaging.date']!).toEqual({ sum: 2, n: 2 });
  });

  it('services: decision, category and modified-request accuracy over matched pairs only', () => {
    const g = rec({
      services: [
        service('Acupuncture 6 sessions', { category: 'acupuncture', originalRequest: 'Acupuncture 18 sessions', authorizedPortion: 'Acupuncture 6 sessions' }),
        service('MRI lumbar spine', { decision: 'overturned' }),
        service('Norco 10/325 #60', { category: 'pharmacy' }),
      ],
    });
    const p = rec({
      services: [
        service('acupuncture 6 sessions', { category: 'physical-therapy', originalRequest: 'Acupuncture 18 sessions' }),
        service('MRI of the lumbar spine', { decision: 'upheld' }),
        service('Home health aide', { category: 'home-health' }),
      ],
    });
    const doc = scoreDocument('t', g, p);
    expect(doc.fields.services!).toEqual({ gold: 3, pred: 3, strict: 1, lenient: 2 });
    expect(doc.measures['services.decision']!).toEqual({ sum: 1, n: 2 });
    expect(doc.measures['services.category']!).toEqual({ sum: 1, n: 2 });
    expect(doc.measures['services.originalRequest']!).toEqual({ sum: 2, n: 2 });
    expect(doc.measures['services.authorizedPortion']!).toEqual({ sum: 1, n: 2 });
    expect(doc.issues.filter((i) => i.field === 'services.decision')).toEqual([
      { field: 'services.decision', kind: 'wrong', gold: 'overturned', pred: 'upheld', context: 'MRI lumbar spine [overturned, imaging]' },
    ]);
  });

  it('format accuracy over letters', () => {
    expect(scoreDocument('t', FULL, { ...FULL, format: 'dwc-prose' }).measures.format!).toEqual({ sum: 0, n: 1 });
  });
});

describe('summarize', () => {
  it('is micro over documents: counts add up before dividing', () => {
    const a = scoreDocument('a', rec({ medications: ['Norco'] }), rec({ medications: ['Norco'] }));
    const b = scoreDocument('b', rec({ medications: ['Ativan', 'Soma', 'Motrin'] }), rec({ medications: [] }));
    const s = summarize([a, b]).fields.medications!;
    expect(s).toMatchObject({ gold: 4, pred: 1, strict: 1, lenient: 1 });
    expect(s.lenientScore).toEqual({ precision: 1, recall: 0.25, f1: 0.4 });
    expect(summarize([a, b]).documents).toBe(2);
  });
});
