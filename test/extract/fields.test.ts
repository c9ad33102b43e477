import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/text/dates.js';
import { categorize } from '../../src/extract/services/category.js';
import { parseGuidelines } from '../../src/extract/services/guidelines.js';
import { splitConditions } from '../../src/extract/diagnoses/index.js';
import { extract, proseLetter } from '../helpers.js';

describe('dates', () => {
  it.each([
    ['8/12/1998', '1998-08-12'],
    ['10-13-16', '2016-10-13'],
    ['10-20-2016', '2016-10-20'],
    ['August 30, 2013', '2013-08-30'],
    ['Sept. 3, 2015', '2015-09-03'],
    ['1/7/14', '2014-01-07'],
    ['3/4/45', '1945-03-04'],
  ])('%s → %s', (printed, iso) => expect(parseDate(printed)).toBe(iso));
  it('rejects impossible dates', () => {
    expect(parseDate('13/45/2016')).toBeNull();
    expect(parseDate('2/30/2016')).toBeNull();
  });
});

describe('header table', () => {
  const header = [
    'Case Number: CM16-0000001',
    'Date Assigned: 11/09/2016 Date of Injury: 10/13/2016',
    'Decision Date: 12/09/2016 UR Denial Date: 11/03/2016',
    'Priority: Expedited Application',
    'Received:',
    '11/03/2016',
    'HOW THE IMR FINAL DETERMINATION WAS MADE',
    'The Expert Reviewer has the following credentials:',
    'State(s) of Licensure: Texas,New York,California',
    'Certification(s)/Specialty: Preventive Medicine, Occupational Medicine, Public Health &',
    'General Preventive Medicine',
    'CLINICAL CASE SUMMARY',
    'The injured worker is a 57 year old female, who sustained an industrial injury on 10-14-2016.',
    'IMR ISSUES, DECISIONS AND RATIONALES',
    'Norco 10/325mg #60: Overturned',
    'Claims Administrator guideline: Decision based on MTUS.',
    'MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids.',
    'Decision rationale: Indicated.',
  ].join('\n');
  const r = extract(header);
  it('reads the two-column table', () => {
    expect(r.format).toBe('dwc-header');
    expect(r.caseNumber).toBe('CM16-0000001');
    expect(r.dates).toEqual({ assigned: '2016-11-09', decision: '2016-12-09', urDenial: '2016-11-03', applicationReceived: '2016-11-03' });
    expect(r.priority).toBe('expedited');
    expect(r.injury.date).toBe('2016-10-13');
  });
  it('reads licensure and a wrapped specialty list', () => {
    expect(r.reviewer.licensure).toEqual(['Texas', 'New York', 'California']);
    expect(r.reviewer.specialties).toEqual(['Preventive Medicine', 'Occupational Medicine', 'Public Health & General Preventive Medicine']);
  });
  it('keeps the header injury date and warns when the text differs', () => {
    expect(r.warnings.some((w) => w.includes('injury date conflict'))).toBe(true);
  });
  it('reads age and sex', () => expect(r.patient).toEqual({ age: 57, sex: 'female' }));
});

describe('injury date phrases', () => {
  it('a later date inside the text one phrase already matched is not a second injury date', () => {
    // `injured her ... on {date}` reaches up to 80 characters: a plain left-to-right scan takes the
    // first date and goes on after it, so the visit date is not an injury date (and no conflict).
    const r = extract(proseLetter('The injured worker is a 40 year old female. She injured her back on 1/2/2015 and was seen on 3/4/2016.'));
    expect(r.injury.date).toBe('2015-01-02');
    expect(r.warnings.filter((w) => w.includes('injury date conflict'))).toEqual([]);
  });
});

describe('prose reviewer credentials and dates', () => {
  it('reads Board Certified ... licensed to practice in ...', () => {
    const r = extract(
      proseLetter('This 50 year-old patient sustained an injury on 8/12/1998 while employed by Pacific Gas & Electric Company. Request(s) were deemed not medically necessary on 1/7/14.').replace(
        'Board Certified in Internal Medicine and is licensed to practice in California',
        'Board Certified in Physical Medicine and Rehabilitation and is licensed to practice in California and Nevada',
      ),
    );
    expect(r.format).toBe('dwc-prose');
    expect(r.reviewer.specialties).toEqual(['Physical Medicine and Rehabilitation']);
    expect(r.reviewer.licensure).toEqual(['California', 'Nevada']);
    expect(r.injury.date).toBe('1998-08-12');
    expect(r.injury.employer).toBe('Pacific Gas & Electric Company');
    expect(r.dates.urDenial).toBe('2014-01-07');
    expect(r.patient.age).toBe(50);
  });
  it('reads an age written in words', () => {
    expect(extract(proseLetter('She is a fifty-two-year-old woman.')).patient).toEqual({ age: 52, sex: 'female' });
  });
});

describe('diagnoses', () => {
  const split = (s: string) => splitConditions(s, 0, s.length).map((x) => x.text);
  it('splits on commas, semicolons and the final and', () => {
    expect(split('right shoulder contusion, neck strain, scapulothoracic syndrome and right arm paresthesias')).toEqual([
      'right shoulder contusion', 'neck strain', 'scapulothoracic syndrome', 'right arm paresthesias',
    ]);
  });
  it('keeps coded descriptions and shared-head site lists whole', () => {
    expect(split('sprain of ligaments of lumbar spine, subsequent encounter; cervical, thoracic and lumbar myoligamentous injury')).toEqual([
      'sprain of ligaments of lumbar spine, subsequent encounter', 'cervical, thoracic and lumbar myoligamentous injury',
    ]);
    expect(split('strain of muscle, fascia and tendon of the lower back')).toEqual(['strain of muscle, fascia and tendon of the lower back']);
  });
  it('reads a list from the summary and drops status post', () => {
    const r = extract(proseLetter('The patient is s/p L4-5 fusion. Diagnoses include Cervical pain; Lumbar radiation; muscle weakness.'));
    expect(r.diagnoses.map((d) => d.text)).toEqual(['Cervical pain', 'Lumbar radiation', 'muscle weakness']);
  });
});

describe('services', () => {
  it.each([
    ['Norco 10/325mg #60', 'pharmacy'],
    ['Therapeutic ultrasound 6 sessions', 'physical-therapy'],
    ['Associated surgical service: Chest x-ray', 'imaging'],
    ['Urine drug screen', 'diagnostic-test'],
    ['Pre-operative medical clearance', 'consultation'],
    ['Functional capacity evaluation', 'consultation'],
    ['TENS unit', 'dme'],
    ['Assistant surgeon', 'surgery'],
    ['Partial hospitalization program for mental health', 'psychological'],
    ['Right shoulder arthroscopy with subacromial decompression', 'surgery'],
    ['Lumbar epidural steroid injection at L4-5', 'injection'],
    ['EMG/NCV of the upper extremities', 'diagnostic-test'],
    ['Acupuncture 6 sessions', 'acupuncture'],
    ['Functional restoration program', 'program'],
  ])('%s is %s', (request, category) => expect(categorize(request)).toBe(category));

  it('parses MTUS, ODG, ACOEM and other citations', () => {
    expect(
      parseGuidelines('Decision based on MTUS Low Back Complaints 2004, Section(s): Summary, and Chronic Pain Medical Treatment 2016, Section(s): Facet blocks. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Low Back, Preoperative lab testing.'),
    ).toEqual([
      { source: 'MTUS', title: 'Low Back Complaints 2004', section: 'Summary', topic: 'low back' },
      { source: 'MTUS', title: 'Chronic Pain Medical Treatment 2016', section: 'Facet blocks', topic: 'chronic pain medical treatment' },
      { source: 'ODG', title: 'Low Back', section: 'Preoperative lab testing', topic: 'low back' },
    ]);
    expect(parseGuidelines('Decision based on MTUS Neck and Upper Back Complaints 2004, Section(s): Special Studies, and Forearm, Wrist, and Hand Complaints 2004, Section(s): Special Studies.')).toEqual([
      { source: 'MTUS', title: 'Neck and Upper Back Complaints 2004', section: 'Special Studies', topic: 'neck and upper back' },
      { source: 'MTUS', title: 'Forearm, Wrist, and Hand Complaints 2004', section: 'Special Studies', topic: 'forearm wrist and hand' },
    ]);
    expect(parseGuidelines('Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-305.')).toEqual([
      { source: 'ACOEM', title: 'Chapter 12 Low Back Complaints', section: 'Page(s): 303-305', topic: 'low back' },
    ]);
    expect(parseGuidelines('The Expert Reviewer did not cite any medical evidence for its decision.')).toEqual([]);
  });

  it('reads a modified request and its authorised portion', () => {
    const r = extract(
      proseLetter('The injured worker is a 44 year old male.', [
        'Baclofen 100mg #30 was the original request. Baclofen 100mg #27 was authorized by the',
        'Claims Administrator. The remaining IMR eligible portion of the original request,',
        'Baclofen 100mg #3: Upheld',
        'Claims Administrator guideline: Decision based on MTUS.',
        'MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Muscle relaxants (for pain).',
        'Decision rationale: Not indicated.',
        'Physical therapy 12 sessions: Overturned',
        'Claims Administrator guideline: Decision based on MTUS.',
        'MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical medicine.',
        'Decision rationale: Indicated.',
      ].join('\n')),
    );
    expect(r.services.map((s) => [s.request, s.decision, s.originalRequest, s.authorizedPortion, s.category])).toEqual([
      ['Baclofen 100mg #3', 'upheld', 'Baclofen 100mg #30', 'Baclofen 100mg #27', 'pharmacy'],
      ['Physical therapy 12 sessions', 'overturned', null, null, 'physical-therapy'],
    ]);
    expect(r.services[1]!.rationale).toBe('Indicated.');
  });

  it('finds an item whose decision comes after a page break and a repeated heading', () => {
    const r = extract(
      proseLetter('The injured worker is a 44 year old male.', [
        'Acupuncture 18 sessions was the original request. Acupuncture 6 sessions was authorized by the',
        '\f-- 1 of 2 --\f',
        'Claims Administrator. The original request, Acupuncture 18 sessions is:',
        'Upheld',
        'Claims Administrator guideline: Decision based on MTUS.',
        'MAXIMUS guideline: Decision based on MTUS Acupuncture Treatment 2007.',
        'Decision rationale: Not indicated.',
      ].join('\n')),
    );
    expect(r.services).toHaveLength(1);
    expect(r.services[0]).toMatchObject({ request: 'Acupuncture 18 sessions', decision: 'upheld', authorizedPortion: 'Acupuncture 6 sessions' });
  });
});

describe('reviewer without credentials', () => {
  it('does not read boilerplate about similar specialties as a specialty', () => {
    const letter = proseLetter('The injured worker is a 40 year old male.').replace(
      'The expert reviewer is Board Certified in Internal Medicine and is licensed to practice in California.',
      'The expert reviewer was selected for expertise in the same or similar specialties that evaluate and treat the condition.',
    );
    expect(extract(letter).reviewer).toEqual({ licensure: [], specialties: [] });
  });
});

describe('injury', () => {
  it('reads the mechanism as written', () => {
    expect(extract(proseLetter('The injured worker is a 44 year old male who sustained an industrial injury on 3/2/2015 while lifting a box of files.')).injury.mechanism).toBe('lifting a box of files');
    expect(extract(proseLetter('The mechanism of injury was described as cumulative trauma from repetitive keyboarding.')).injury.mechanism).toBe('cumulative trauma from repetitive keyboarding');
    expect(extract(proseLetter('The injured worker is a 44 year old male.')).injury.mechanism).toBeNull();
  });
  it('keeps a redacted employer out', () => {
    expect(extract(proseLetter('She works as a cashier for (withheld). Employer: (withheld)')).injury.employer).toBeNull();
  });
});

describe('patient sex from pronouns', () => {
  it('uses the pronouns for the worker, not the he/she boilerplate', () => {
    const r = extract(proseLetter('The patient reports pain. She has tried therapy. Her pain is 6/10. She works nights.').replace('reviewer is Board', 'reviewer (he/she) is Board'));
    expect(r.patient.sex).toBe('female');
  });
});

describe('imaging dates', () => {
  it('takes the date of the visit whose account describes the study', () => {
    const r = extract(proseLetter('The documentation of 12/20/2016 indicated pain in the left knee. Radiographs of the left knee were taken and revealed no fracture.'));
    expect(r.imaging).toEqual([expect.objectContaining({ modality: 'x-ray', bodyRegion: 'left knee', date: '2016-12-20', findings: 'no fracture' })]);
  });
});
