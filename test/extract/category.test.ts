/** Service categories where the request's wording misleads (RECORD.md "Categories, where the name misleads"). */
import { describe, expect, it } from 'vitest';
import { categorize } from '../../src/extract/services/category.js';

describe('categories: equipment requested as an associated surgical service', () => {
  it.each([
    'Associated surgical service: Knee immobilizer',
    'Associated surgical service: UltraSling with abduction pillow',
    'Associated surgical service: Vascutherm cold compression, 14 day rental',
    'Associated surgical service: Iceman cold therapy unit',
    'Associated Surgical Services: Post-op knee scooter',
    'Associated surgical service: Post-operative DVT compression pump',
    'Associated surgical service: Bone growth stimulator purchase',
  ])('%s is dme', (request) => expect(categorize(request)).toBe('dme'));

  it('other associated services keep their own category', () => {
    expect(categorize('Associated surgical service: Assistant surgeon')).toBe('surgery');
    expect(categorize('Associated surgical service: Post-operative physical therapy, 12 visits')).toBe('physical-therapy');
    expect(categorize('Associated surgical service: Pre-operative medical clearance')).toBe('consultation');
    expect(categorize('Associated surgical service: Home health nursing 2 hours a day')).toBe('home-health');
  });
});

describe('categories: components named inside a therapy request', () => {
  it.each([
    ['Physical therapy with biofeedback, 6 sessions, lumbar spine', 'physical-therapy'],
    ['Biofeedback therapy together with physical therapy, 6 visits', 'physical-therapy'],
    ['Acupuncture with electrical stimulation, 8 sessions', 'acupuncture'],
    ['Chiropractic manipulation with infrared and electrical muscle stimulation x 6', 'chiropractic'],
    ['Occupational therapy with paraffin and ultrasound 2 x 4, right hand', 'occupational-therapy'],
    ['Acupuncture therapy sessions, cervical spine, #6', 'acupuncture'],
  ])('%s', (request, category) => expect(categorize(request)).toBe(category));

  it('passive modalities requested as sessions are physical therapy', () => {
    expect(categorize('Therapeutic ultrasound, 6 sessions, left elbow')).toBe('physical-therapy');
    expect(categorize('Interferential current stimulation 12 sessions')).toBe('physical-therapy');
    expect(categorize('Infrared heat to the low back twice a week for six weeks')).toBe('physical-therapy');
    expect(categorize('Mechanical traction, 8 sessions, cervical')).toBe('physical-therapy');
    expect(categorize('Hot and cold packs, 12 visits')).toBe('physical-therapy');
  });

  it('a traction or stimulation device for home use is dme', () => {
    expect(categorize('Home cervical traction unit')).toBe('dme');
    expect(categorize('Over-the-door home traction')).toBe('dme');
    expect(categorize('Interferential unit, 30 day rental')).toBe('dme');
    expect(categorize('Custom heat therapy pad for the low back')).toBe('dme');
  });

  it('biofeedback on its own is a behavioural treatment', () => {
    expect(categorize('Biofeedback, 6 sessions')).toBe('psychological');
  });
});

describe('categories: other misleading names', () => {
  it('a procedure that includes an evaluation is the procedure; an evaluation by a surgeon is a consultation', () => {
    expect(categorize('Left knee arthroscopy with evaluation of the ACL and partial meniscectomy')).toBe('surgery');
    expect(categorize('Transfer of care to an orthopedic spine surgeon for eval and treatment')).toBe('consultation');
  });

  it('a drug named with a device word is pharmacy', () => {
    expect(categorize('Salonpas pad #60')).toBe('pharmacy');
    expect(categorize('Lidoderm 5% patch #30')).toBe('pharmacy');
  });

  it('a contrast agent does not make an imaging request pharmacy', () => {
    expect(categorize('MRI of the right shoulder with gadolinium contrast')).toBe('imaging');
  });
});
