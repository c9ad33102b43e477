/** Imaging: what counts as a performed study, region and date across sentences, findings boundaries, cardiac and nuclear tests. */
import { describe, expect, it } from 'vitest';
import { extract, proseLetter } from '../helpers.js';

type Row = [string, string | null, string | null, string | null];
const studies = (summary: string, decisions?: string): Row[] =>
  extract(proseLetter(`The injured worker is a 47 year old man. ${summary}`, decisions)).imaging.map((i) => [i.modality, i.bodyRegion, i.date, i.findings]);

describe('imaging: which mentions are performed studies', () => {
  it('a bare modality in a treatment-to-date list is the specific study named nearby, not another one', () => {
    expect(
      studies(
        'Care so far has included chiropractic treatment, medication and MRI. An MRI of the cervical spine on 2/9/2016 showed a 3 mm disc bulge at C5-6. ' +
          'An MRI of the lumbar spine on 4/1/2016 showed facet arthropathy at L4-5.',
      ),
    ).toEqual([
      ['mri', 'cervical spine', '2016-02-09', 'a 3 mm disc bulge at C5-6'],
      ['mri', 'lumbar spine', '2016-04-01', 'facet arthropathy at L4-5'],
    ]);
  });

  it('a bare modality with no specific study of its kind is an item without region, date or findings', () => {
    expect(studies('Treatment to date has included physical therapy, x-rays and a cortisone injection.')).toEqual([['x-ray', null, null, null]]);
  });

  it('a list introduced by a colon belongs to its treatment-to-date sentence', () => {
    expect(studies('The treatment and diagnostic testing to date has included:\nx-rays of the left ankle, a walking boot and medications.')).toEqual([
      ['x-ray', 'left ankle', null, null],
    ]);
  });

  it('a study the letter says was not done, or that the denial concerned, is not an item', () => {
    expect(studies('X-rays or blood tests were not described as performed. The provider recommended physical therapy.')).toEqual([]);
    expect(studies('A prior denial on 1/4/2017 was for x-rays as red flags were not documented.')).toEqual([]);
  });

  it('a study the rationale calls prior counts, guideline discussion in the same sentence does not stop it', () => {
    const decisions = [
      'MRI of the lumbar spine: Upheld',
      'Claims Administrator guideline: Decision based on MTUS.',
      'MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies.',
      'Decision rationale: Guidelines support imaging when red flags are present; the records show a prior lumbar MRI in 2015. An MRI is useful to identify nerve compromise found on examination. The request is not medically necessary.',
    ].join('\n');
    expect(studies('She has low back pain.', decisions)).toEqual([['mri', 'lumbar', null, null]]);
  });

  it('therapeutic ultrasound and ultrasound-guided procedures are not studies', () => {
    expect(studies('She has had therapeutic ultrasound, ultrasound treatment at the clinic and an ultrasound guided injection.')).toEqual([]);
  });
});

describe('imaging: region and date attachment', () => {
  it('the region as the subject of the sentence', () => {
    expect(studies('The left hip was imaged by MRI on 6/2/2016; the study revealed a labral tear.')).toEqual([['mri', 'left hip', '2016-06-02', 'a labral tear']]);
  });

  it('the region inside the findings clause of a study that names none', () => {
    expect(studies('On 3/14/2017 he was seen for follow-up. An x-ray taken at the visit revealed that the right wrist had a healing scaphoid fracture.')).toEqual([
      ['x-ray', 'right wrist', '2017-03-14', 'a healing scaphoid fracture'],
    ]);
  });

  it('regions written after an abbreviation in brackets, after a comma, after the date', () => {
    expect(studies('A magnetic resonance imaging (MRI) of the right knee dated 05/10/2016 revealed a medial meniscus tear.')).toEqual([
      ['mri', 'right knee', '2016-05-10', 'a medial meniscus tear'],
    ]);
    expect(studies('Diagnostics: CT, lumbar spine, 7/7/2015: postoperative changes at L5-S1.')).toEqual([['ct', 'lumbar spine', '2015-07-07', 'postoperative changes at L5-S1']]);
    expect(studies('An MRI dated 3/2/2015 of the cervical spine showed a disc osteophyte complex.')).toEqual([['mri', 'cervical spine', '2015-03-02', 'a disc osteophyte complex']]);
  });

  it('a finger named by side and position; imaging studies listed as done', () => {
    expect(studies('An x-ray of the right fifth finger on 2/2/2016 showed a healed fracture.')).toEqual([['x-ray', 'right fifth finger', '2016-02-02', 'a healed fracture']]);
    expect(studies('Imaging studies included x-rays of the thoracic spine.')).toEqual([['x-ray', 'thoracic spine', null, null]]);
  });

  it('a date in brackets after the study', () => {
    expect(studies('Treatments were noted to include: acupuncture; lumbar CT (3-21-13); home exercise.')).toEqual([['ct', 'lumbar', '2013-03-21', null]]);
  });

  it('`that day` and `the same day` take the date just stated', () => {
    expect(studies('On 10-03-2015 he fell from a scaffold. He was taken to urgent care the same day, where x-rays of the right elbow showed no fracture.')).toEqual([
      ['x-ray', 'right elbow', '2015-10-03', 'no fracture'],
    ]);
    expect(studies('The initial report is dated 4-23-15. Cervical spine x-rays on that date showed loss of lordosis.')).toEqual([
      ['x-ray', 'Cervical spine', '2015-04-23', 'loss of lordosis'],
    ]);
  });

  it('the account of a dated visit gives its date to a study described several sentences on, until treatment to date is summarised', () => {
    expect(
      studies(
        'On 12/2/2016, the patient presented for follow-up. She reported neck pain. She rated the pain 7/10. Examination showed tenderness. ' +
          'Spurling test was negative. Grip strength was reduced. An x-ray of the cervical spine showed straightening of the lordosis. ' +
          'Treatment to date has included physical therapy. X-rays of the left shoulder were noted to show mild acromioclavicular arthrosis.',
      ),
    ).toEqual([
      ['x-ray', 'cervical spine', '2016-12-02', 'straightening of the lordosis'],
      ['x-ray', 'left shoulder', null, 'mild acromioclavicular arthrosis'],
    ]);
  });

  it('a study without a region is a separate study when its date differs', () => {
    expect(studies('An MRI of the cervical spine dated 3/19/2013 showed a disc bulge at C5-6. An MRI on 4/2/2013 revealed a partial rotator cuff tear.')).toEqual([
      ['mri', 'cervical spine', '2013-03-19', 'a disc bulge at C5-6'],
      ['mri', null, '2013-04-02', 'a partial rotator cuff tear'],
    ]);
  });
});

describe('imaging: findings boundaries', () => {
  it('findings given in the next sentence that points back at the study', () => {
    expect(studies('An MRI of the lumbar spine was obtained on 8/29/2012. It revealed a 4 mm disc protrusion at L4-5.')).toEqual([
      ['mri', 'lumbar spine', '2012-08-29', 'a 4 mm disc protrusion at L4-5'],
    ]);
  });

  it('a spine study whose findings go on level by level', () => {
    expect(studies('MRI of the lumbar spine on 12/27/2016 showed multilevel spondylosis. At L3-4 there was a broad based bulge. At L5-S1 level there was facet arthropathy. She works as a clerk.')).toEqual([
      ['mri', 'lumbar spine', '2016-12-27', 'multilevel spondylosis. At L3-4 there was a broad based bulge. At L5-S1 level there was facet arthropathy'],
    ]);
  });

  it('a quoted report runs to its closing quote', () => {
    expect(studies('An x-ray of the right knee performed on 10/29/2016 was revealing for "mild joint space narrowing. No effusion." She walks with a cane.')).toEqual([
      ['x-ray', 'right knee', '2016-10-29', 'mild joint space narrowing. No effusion'],
    ]);
  });

  it('a plain result keeps what it is negative for', () => {
    expect(studies('X-rays of the left ankle on 5/23/2013 were negative for fracture or dislocation.')).toEqual([['x-ray', 'left ankle', '2013-05-23', 'negative for fracture or dislocation']]);
  });

  it('a clause about the worker, the request or another test ends the findings; the study named at their end stays', () => {
    expect(studies('He previously had a lumbar CT scan, and this revealed degenerative changes; the injured worker was then referred for a lumbar MRI, which was denied.')).toEqual([
      ['ct', 'lumbar', null, 'degenerative changes'],
    ]);
    expect(studies('Testing to date has included an echocardiogram which revealed normal chamber sizes, Electrocardiogram revealed sinus rhythm, and a Holter monitor.')).toEqual([
      ['ultrasound', null, null, 'normal chamber sizes'],
    ]);
    expect(studies('A CT of the thoracic spine dated 10/28/2016 revealed an unremarkable thoracic spine CT.')).toEqual([['ct', 'thoracic spine', '2016-10-28', 'an unremarkable thoracic spine CT']]);
  });

  it('a result verb that is negated reports no findings', () => {
    expect(studies('The 12-03-2016 report indicates shoulder x-rays; however, the x-ray report is not noted in the records.')).toEqual([['x-ray', 'shoulder', '2016-12-03', null]]);
  });
});

describe('imaging: cardiac and nuclear tests (RECORD.md modality list)', () => {
  it('an echocardiogram is an ultrasound, a tracer stress test is nuclear, a treadmill test is not imaging', () => {
    expect(
      studies('A stress echocardiogram on 2/2/2016 was normal. An adenosine Cardiolite stress test on 2/9/2016 showed no reversible defect. An exercise treadmill stress test on 2/16/2016 was negative.'),
    ).toEqual([
      ['ultrasound', null, '2016-02-02', 'normal'],
      ['nuclear', null, '2016-02-09', 'no reversible defect'],
    ]);
  });

  it('other scintigraphy is nuclear, a bone scan keeps its own modality', () => {
    expect(studies('A MUGA scan dated 1/5/2016 was unremarkable. A three-phase bone scan of the left foot on 1/12/2016 showed increased uptake.')).toEqual([
      ['nuclear', null, '2016-01-05', 'unremarkable'],
      ['bone-scan', 'left foot', '2016-01-12', 'increased uptake'],
    ]);
  });
});
