/**
 * codeDiagnosis: ICD-10-CM codes for diagnosis wording (own wording, not letter text). Each
 * synonym rule, the side and `unspecified` logic, the injury-code form, the title and index
 * routes, and the refusals.
 */
import { describe, expect, it } from 'vitest';
import { codeDiagnosis, explainDiagnosisCode } from '../../src/extract/diagnoses/icd10.js';

const code = (text: string) => codeDiagnosis(text)?.code ?? null;

describe('codeDiagnosis: workers\' compensation wording (synonym rules)', () => {
  it.each([
    // radiculopathy by spinal region; radiculitis and radicular pain are radiculopathy in the index
    ['lumbar radiculopathy', 'M54.16'],
    ['radiculitis of the cervical spine', 'M54.12'],
    ['chronic radicular pain, lumbosacral', 'M54.17'],
    ['radiculopathy', 'M54.10'],
    // strain and sprain by site (README: cervical strain S16.1, lumbar strain S39.012, lumbar sprain S33.5)
    ['cervical strain', 'S16.1'],
    ['strain of the neck muscles', 'S16.1'],
    ['acute lumbar strain', 'S39.012'],
    ['paraspinal muscle strain of the low back', 'S39.012'],
    ['thoracic spine strain', 'S29.012'],
    ['lumbar sprain', 'S33.5'],
    ['sprain of the cervical spine', 'S13.4'],
    ['sprain of the thoracic spine', 'S23.3'],
    ['sacroiliac joint sprain', 'S33.6'],
    // carpal tunnel syndrome (README: CTS G56.0x)
    ['CTS', 'G56.00'],
    ['left CTS', 'G56.02'],
    ['carpal tunnel syndrome of both wrists', 'G56.03'],
    ['cubital tunnel syndrome on the left', 'G56.22'],
    // knee
    ['internal derangement of the right knee', 'M23.91'],
    ['internal derangement, knee', 'M23.90'],
    ['tear of the medial meniscus, left knee', 'S83.242'],
    ['lateral meniscus tear of the right knee', 'S83.281'],
    // shoulder
    ['rotator cuff tear, left shoulder', 'M75.102'],
    ['full thickness rotator cuff tear of the right shoulder', 'M75.121'],
    ['partial rotator cuff tear', 'M75.110'],
    ['left shoulder impingement', 'M75.42'],
    ['subacromial impingement syndrome', 'M75.40'],
    // discs by region, with and without radiculopathy; FY2026 splits lumbar and lumbosacral
    ['disc herniation at L4-5 with radiculopathy', 'M51.16'],
    ['L5-S1 disc protrusion with radiculopathy', 'M51.17'],
    ['herniated nucleus pulposus, lumbar, with radiculitis', 'M51.16'],
    ['cervical disc herniation with radiculopathy', 'M50.10'],
    ['lumbar disc bulge', 'M51.26'],
    ['L5-S1 disc protrusion without radiculopathy', 'M51.27'],
    ['HNP of the cervical spine', 'M50.20'],
    ['degenerative disc disease of the lumbar spine', 'M51.369'],
    ['cervical DDD', 'M50.30'],
    // pain in a joint or limb by site and side; spine regions
    ['pain in the left wrist', 'M25.532'],
    ['ankle pain', 'M25.579'],
    ['right hand pain', 'M79.641'],
    ['arm pain', 'M79.603'],
    ['chronic low back pain', 'M54.50'],
    ['LBP', 'M54.50'],
    ['neck pain', 'M54.2'],
    ['mid back pain', 'M54.6'],
    ['low back pain with sciatica on the right', 'M54.41'],
    ['sciatica', 'M54.30'],
    // other common wording
    ['myofascial pain syndrome', 'M79.18'],
    ['cervical myofascial pain', 'M79.18'],
    ['chronic pain syndrome', 'G89.4'],
    ['depression', 'F32.A'],
    ['major depression', 'F32.9'],
    ['anxiety', 'F41.9'],
    ['generalized anxiety disorder', 'F41.1'],
    ['insomnia', 'G47.00'],
    ['lateral epicondylitis of the left elbow', 'M77.12'],
    ['tennis elbow', 'M77.10'],
    ['medial epicondylitis', 'M77.00'],
    ['trigger finger, right ring finger', 'M65.341'],
    ['plantar fasciitis', 'M72.2'],
    ['segmental dysfunction of the lumbar spine', 'M99.03'],
    ['paraspinal muscle spasm, lumbar', 'M62.830'],
    ['fracture of the distal radius, left', 'S52.502'],
  ])('%s → %s', (text, expected) => expect(code(text)).toBe(expected));

  it('says which rule gave the code', () => {
    expect(explainDiagnosisCode('lumbar radiculopathy')).toMatchObject({ source: 'rule', detail: 'radiculopathy' });
  });
});

describe('codeDiagnosis: side and unspecified', () => {
  it.each([
    // no side stated: the unspecified child
    ['knee pain', 'M25.569'],
    ['shoulder strain', 'S46.919'],
    ['wrist sprain', 'S63.509'],
    // a side stated: that child
    ['right shoulder strain', 'S46.911'],
    ['left knee sprain', 'S83.92'],
    ['left ankle sprain', 'S93.402'],
    ['sprain of the left index finger', 'S63.611'],
    ['right-sided hip strain', 'S76.011'],
    // written after the condition, in a parenthesis, or as rt/lt
    ['carpal tunnel syndrome (right)', 'G56.01'],
    ['rt knee pain', 'M25.561'],
    // both sides where the code set has a bilateral code
    ['left and right carpal tunnel syndrome', 'G56.03'],
    ['bilateral CTS', 'G56.03'],
    // both sides where it has none: the code above, not the unspecified one
    ['bilateral knee pain', 'M25.56'],
    ['pain in both shoulders', 'M25.51'],
    ['left and right sided sciatica', 'M54.3'],
  ])('%s → %s', (text, expected) => expect(code(text)).toBe(expected));

  it('a side does not change a code the code set does not split by side', () => {
    expect(code('right lumbar radiculopathy')).toBe('M54.16');
    expect(code('left cervical strain')).toBe('S16.1');
  });
});

describe('codeDiagnosis: injury codes', () => {
  it('drops the placeholder X and 7th character, with the title of exactly that code', () => {
    expect(codeDiagnosis('neck strain')).toEqual({ code: 'S16.1', title: 'Strain of muscle, fascia and tendon at neck level' });
    expect(codeDiagnosis('medial meniscus tear, right knee')).toEqual({ code: 'S83.241', title: 'Other tear of medial meniscus, current injury, right knee' });
    expect(codeDiagnosis('sprain of lumbar spine')).toEqual({ code: 'S33.5', title: 'Sprain of ligaments of lumbar spine' });
  });
  it('reads an encounter (initial, subsequent, sequela) as the 7th character: not part of the code', () => {
    expect(code('Strain of muscle, fascia and tendon of lower back, initial encounter')).toBe('S39.012');
    expect(code('contusion of left knee, subsequent encounter')).toBe('S80.02');
    expect(code('lumbar strain, subsequent')).toBe('S39.012');
  });
  it('writes a header ending in a placeholder X as the code above it', () => {
    const result = codeDiagnosis('traumatic brain injury');
    expect(result?.code).toBe('S06.9');
    expect(result?.title).toBe('Unspecified intracranial injury');
  });
  it('never returns a 7-character injury code or a trailing X', () => {
    for (const text of ['concussion', 'right knee contusion', 'crush injury of the right foot', 'left elbow abrasion', 'fracture of right femur']) {
      const c = code(text);
      if (c) expect(c).toMatch(/^[A-Z][0-9A-Z]{2}(?:\.[0-9A-Z]{1,3})?$/);
      if (c) expect(c).not.toMatch(/X$/);
    }
  });
});

describe('codeDiagnosis: official titles and the index', () => {
  it('takes a text that is an official title, whatever its punctuation and articles', () => {
    expect(explainDiagnosisCode('Pain in the left shoulder')).toMatchObject({ result: { code: 'M25.512' }, source: 'title' });
    expect(code('strain of muscle, fascia, and tendon at neck level')).toBe('S16.1');
    expect(code('Other intervertebral disc displacement, lumbosacral region')).toBe('M51.27');
  });
  it('narrows a title that heads others to the child for unspecified', () => {
    expect(code('myalgia')).toBe('M79.10');
    expect(code('dorsalgia')).toBe('M54.9');
  });
  it('tells titles with the same words apart by their order', () => {
    expect(code('unspecified fracture of unspecified lumbar vertebra')).toBe('S32.009');
  });
  it('finds terms of the alphabetic index', () => {
    expect(explainDiagnosisCode('hypertension')).toMatchObject({ result: { code: 'I10' }, source: 'index' });
    expect(code('dyslipidemia')).toBe('E78.5');
    expect(code('right knee contusion')).toBe('S80.01');
    expect(code('left lower quadrant abdominal pain')).toBe('R10.32');
    expect(code('laceration of the left index finger')).toBe('S61.211');
  });
  it('takes an index code with a side it never splits on, or narrows by the side', () => {
    expect(code('primary osteoarthritis of the left knee')).toBe('M17.12');
    expect(code('bicipital tendinitis, both shoulders')).toBe('M75.2');
  });
  it('gives the official title of exactly the code returned', () => {
    expect(codeDiagnosis('low back pain')).toEqual({ code: 'M54.50', title: 'Low back pain, unspecified' });
    expect(codeDiagnosis('CTS')).toEqual({ code: 'G56.00', title: 'Carpal tunnel syndrome, unspecified upper limb' });
  });
});

describe('codeDiagnosis: refusals (no code is better than a wrong one)', () => {
  it.each([
    // status post, history, hedged, suspected, negated
    'status post lumbar fusion',
    's/p right knee arthroscopy',
    'post-operative shoulder pain',
    'history of depression',
    'rule out carpal tunnel syndrome',
    'r/o meniscus tear',
    'possible lumbar radiculopathy',
    'probable rotator cuff tear',
    'suspected disc herniation',
    'radiculopathy versus neuropathy',
    'lumbar radiculopathy?',
    'no radiculopathy',
    // too vague
    'industrial injury',
    'multiple body parts',
    'work-related injury of the left shoulder',
    'low back injury',
    'contusion',
    'muscle strain',
    // more than one code, or a combination the code set has no code for
    'lumbar sprain/strain',
    'cervical sprain and strain',
    'neck and low back pain',
    'cervical and lumbar strain',
    'right wrist and left knee pain',
    'medial and lateral meniscus tears of the left knee',
    'insomnia secondary to chronic pain',
    // a strain where the code set has none
    'knee strain',
    // an index code without the side the text states, in a category that has sides (M17.9 beside M17.11)
    'osteoarthritis of the right knee',
    // words that explain nothing
    '',
    'the',
  ])('%j → null', (text) => expect(codeDiagnosis(text)).toBeNull());

  it('says why', () => {
    expect(explainDiagnosisCode('status post lumbar fusion')).toMatchObject({ result: null, source: 'refused' });
    expect(explainDiagnosisCode('lumbar sprain/strain')).toMatchObject({ result: null, source: 'refused', detail: 'rule sprain-and-strain' });
    expect(explainDiagnosisCode('word salad of unknown terms')).toMatchObject({ result: null, source: 'none' });
  });
  it('keeps "not specified" and "not elsewhere classified" of official titles', () => {
    expect(code('unspecified rotator cuff tear or rupture of left shoulder, not specified as traumatic')).toBe('M75.102');
  });
});
