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
    // the index's `Tear > meniscus > medial` names no code and the tabular has no unspecified medial tear: S83.2
    ['tear of the medial meniscus, left knee', 'S83.2'],
    ['lateral meniscus tear of the right knee', 'S83.2'],
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
    // FY2026 splits lumbar disc degeneration on back and leg pain, with no unspecified child: the level above
    ['degenerative disc disease of the lumbar spine', 'M51.36'],
    ['L5-S1 degenerative disc disease', 'M51.37'],
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
    expect(codeDiagnosis('complex tear of the medial meniscus, right knee')).toEqual({ code: 'S83.231', title: 'Complex tear of medial meniscus, current injury, right knee' });
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
    'neck and low back pain',
    'thoracic and lumbar sprain/strain',
    'cervical and lumbar strain',
    'right wrist and left knee pain',
    'medial and lateral meniscus tears of the left knee',
    'insomnia secondary to chronic pain',
    // a strain where the code set has none, also when named first beside a sprain
    'knee strain',
    'knee strain/sprain',
    // words that explain nothing
    '',
    'the',
  ])('%j → null', (text) => expect(codeDiagnosis(text)).toBeNull());

  it('says why', () => {
    expect(explainDiagnosisCode('status post lumbar fusion')).toMatchObject({ result: null, source: 'refused' });
    expect(explainDiagnosisCode('knee strain and sprain')).toMatchObject({ result: null, source: 'refused', detail: 'rule sprain-and-strain' });
    expect(explainDiagnosisCode('word salad of unknown terms')).toMatchObject({ result: null, source: 'none' });
  });
  it('keeps "not specified" and "not elsewhere classified" of official titles', () => {
    expect(code('unspecified rotator cuff tear or rupture of left shoulder, not specified as traumatic')).toBe('M75.102');
  });
});

describe('codeDiagnosis: conventions of annotations/README (index defaults, pairs, both sides)', () => {
  it.each([
    // two conditions of one site: the first one named, whichever order
    ['sprain and strain of the cervical spine', 'S13.4'],
    ['lumbosacral sprain/strain', 'S33.9'],
    ['thoracic strain/sprain', 'S29.012'],
    ['left knee sprain/strain', 'S83.92'],
    ['numbness and tingling in the hands', 'R20.0'],
    ['tingling and numbness of the left foot', 'R20.2'],
    // an index entry without a code: the unspecified code at its level, else the level above
    ['torn medial meniscus of the left knee', 'S83.2'],
    ['lateral meniscal tear', 'S83.2'],
    // a type the index names still takes it, by side
    ['bucket handle tear of the right medial meniscus', 'S83.211'],
    ['complex tear of the lateral meniscus, left knee', 'S83.272'],
    // the index's unspecified knee, with the side the text states
    ['meniscus tear, left knee', 'S83.207'],
    ['meniscus tear', 'S83.209'],
    // both sides where no code is bilateral: the level above
    ['bilateral meniscus tears', 'S83.20'],
    ['bilateral lateral epicondylitis', 'M77.1'],
    // a fracture not stated displaced or not is displaced; a stated one keeps its word
    ['fracture of the distal phalanx of the right thumb', 'S62.521'],
    ['non-displaced fracture of the distal phalanx of the right thumb', 'S62.524'],
    // the index's fractures are `Fracture, traumatic`: letters never say traumatic
    ['left wrist fracture', 'S62.102'],
    ['left rib fracture', 'S22.32'],
    // rib fractures, plural, are multiple fractures of ribs
    ['right rib fractures', 'S22.41'],
    ['fractures of the left ribs', 'S22.42'],
    // and a pathological one is not a traumatic one
    ['pathological fracture of the right femur', 'M84.451'],
    // a title that heads other codes: the child the index names
    ['Type 2 diabetes mellitus', 'E11.9'],
    ['chronic post-traumatic headache', 'G44.329'],
    ['opioid dependence', 'F11.20'],
    ['opiate dependency', 'F11.20'],
    ['opioid abuse', 'F11.10'],
    ['alcohol dependence', 'F10.20'],
    // …only a child that restates the title (not `Alcohol use, unspecified with unspecified alcohol-induced disorder`)
    ['Alcohol related disorders', 'F10'],
    // `not otherwise specified` is unspecified, not a negation
    ['major depressive disorder, not otherwise specified', 'F32.9'],
    ['unspecified anxiety disorder', 'F41.9'],
  ])('%s → %s', (text, expected) => expect(code(text)).toBe(expected));
});

describe('codeDiagnosis: reading titles and index terms', () => {
  it('reads `finger(s)` and `toe(s)` in titles as the plural they are', () => {
    expect(code('right toe pain')).toBe('M79.674');
    expect(code('stress fracture of the left fingers')).toBe('M84.345');
  });
  it('tries the implied `unilateral` only where the words the text says leave room', () => {
    expect(code('right idiopathic chronic gout of the ankle and foot without tophus')).toBe('M1A.0710');
  });
});

describe('codeDiagnosis: spinal levels and nerve roots', () => {
  it.each([
    // a level decides the region: L5-S1 is lumbosacral, also beside `lumbar`
    ['lumbar radiculopathy at L5-S1', 'M54.17'],
    ['lumbar disc protrusion at L5-S1', 'M51.27'],
    ['L3-4 disc herniation', 'M51.26'],
    ['T7-8 disc herniation', 'M51.24'],
    // a nerve root: C3-C7 cervical, L1-L4 lumbar, S1 lumbosacral (README); L5 and C8 are left alone
    ['right C6 radiculopathy', 'M54.12'],
    ['L4 radiculopathy', 'M54.16'],
    ['S1 radiculitis on the left', 'M54.17'],
    ['L5 radiculopathy', null],
    ['C8 radiculopathy', null],
    // cervical discs by level: high (C2-C4), C4-C5, C5-C6, C6-C7, cervicothoracic (C7-T1)
    ['C3-4 disc bulge', 'M50.21'],
    ['disc protrusion at C5-6 of the cervical spine', 'M50.222'],
    ['C4-5 disc herniation with radiculopathy', 'M50.121'],
    ['cervical degenerative disc disease at C6-C7', 'M50.323'],
    ['C7-T1 disc herniation', 'M50.23'],
    ['C5-6 radiculopathy', 'M54.12'],
    // two levels with two codes, or a root where a disc is meant: no code
    ['C5-6 and C6-7 disc herniations', null],
    ['L4-5 and L5-S1 disc protrusions', null],
    ['L4-5 and L5-S1 facet arthropathy', null],
    ['C6 disc herniation', null],
  ])('%s → %s', (text, expected) => expect(code(text)).toBe(expected));
});

describe('codeDiagnosis: more workers\' compensation wording', () => {
  it.each([
    // facet arthropathy and spondylosis by region (M47.81-), facet syndrome (M47.89-)
    ['facet arthropathy of the lumbar spine', 'M47.816'],
    ['L5-S1 facet arthropathy', 'M47.817'],
    ['cervical facet hypertrophy', 'M47.812'],
    ['facet joint arthritis', 'M47.819'],
    ['lumbar facet joint syndrome', 'M47.816'],
    ['lumbar facet syndrome', 'M47.896'],
    ['multilevel cervical spondylosis', 'M47.812'],
    ['spondylosis of the thoracolumbar spine', 'M47.815'],
    ['lumbar spondylosis with radiculopathy', 'M47.26'],
    ['cervical spondylosis with myelopathy', 'M47.12'],
    // spinal stenosis by region: `cervical stenosis` is the spine, not the cervix (N88.2)
    ['cervical stenosis', 'M48.02'],
    ['central canal stenosis at L4-5', 'M48.061'],
    ['lumbar spinal stenosis with neurogenic claudication', 'M48.062'],
    ['foraminal stenosis at L5-S1', null],
    ['grade 1 spondylolisthesis at L4-5', 'M43.16'],
    ['lumbosacral anterolisthesis', 'M43.17'],
    // osteoarthritis of a joint by side; knee and hip split unilateral and bilateral
    ['left knee osteoarthritis', 'M17.12'],
    ['osteoarthritis of both knees', 'M17.0'],
    ['osteoarthritis of the right hip', 'M16.11'],
    ['post-traumatic osteoarthritis of the left knee', 'M17.32'],
    ['arthritis of the left AC joint', 'M19.012'],
    ['right elbow osteoarthritis', 'M19.021'],
    ['degenerative arthritis of the left wrist', 'M19.032'],
    ['arthritis of the right knee', null],
    ['osteoarthritis of the left thumb', null],
    // postlaminectomy and failed back surgery syndrome: M96.1
    ['post-laminectomy syndrome of the cervical spine', 'M96.1'],
    ['postlaminectomy pain syndrome', 'M96.1'],
    ['FBSS', 'M96.1'],
    ['failed lumbar spine surgery syndrome', 'M96.1'],
    ['failed shoulder surgery', null],
    // carpal tunnel on both sides, one worse
    ['carpal tunnel syndrome, left worse than right', 'G56.03'],
    ['bilateral CTS, R>L', 'G56.03'],
    // stenosing tenosynovitis of a digit is trigger finger; de Quervain's is M65.4
    ['stenosing tenosynovitis of the left ring finger', 'M65.342'],
    ['stenosing tenosynovitis, right thumb', 'M65.311'],
    ['stenosing tenosynovitis', null],
    ["de Quervain's tenosynovitis of the right wrist", 'M65.4'],
    // sensation
    ['paresthesias of both hands', 'R20.2'],
    ['intermittent tingling of the left arm', 'R20.2'],
    ['numbness in the right leg', 'R20.0'],
    // bursitis by site and bursa
    ['left hip bursitis', 'M70.72'],
    ['greater trochanteric bursitis, right hip', 'M70.61'],
    ['subacromial bursitis of the left shoulder', 'M75.52'],
    ['right olecranon bursitis', 'M70.21'],
    ['prepatellar bursitis', 'M70.40'],
    ['pes anserine bursitis, left knee', 'M70.52'],
    ['bursitis', 'M71.9'],
    // knee ligaments: a tear is a sprain of that ligament; a collateral ligament needs the knee named
    ['right ACL tear', 'S83.511'],
    ['posterior cruciate ligament sprain of the left knee', 'S83.522'],
    ['MCL tear, right knee', 'S83.411'],
    ['left knee LCL sprain', 'S83.422'],
    ['MCL sprain', null],
    // stiffness of a joint, supraspinatus tears as rotator cuff tears
    ['stiffness of the left shoulder', 'M25.612'],
    ['stiff right knee', 'M25.661'],
    ['supraspinatus tendon tear, left shoulder', 'M75.102'],
    ['full thickness tear of the right supraspinatus', 'M75.121'],
    ['incomplete supraspinatus tear', 'M75.110'],
    // a site phrase: the pelvic girdle is the pelvis
    ['strain of the pelvic girdle muscles', 'S39.013'],
  ])('%s → %s', (text, expected) => expect(code(text)).toBe(expected));
});
