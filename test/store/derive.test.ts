import { describe, expect, it } from 'vitest';
import { bodyRegionOf, requestKey, yearOf } from '../../src/store/derive.js';

describe('derived columns', () => {
  it('groups requests that differ only in dose, quantity or count', () => {
    expect(requestKey('Norco 10/325mg #60')).toBe('norco');
    expect(requestKey('Norco 10/325 #90')).toBe('norco');
    expect(requestKey('Lidoderm 5% patches #30 with 2 refills')).toBe('lidoderm');
    expect(requestKey('Acupuncture 18 sessions')).toBe('acupuncture');
    expect(requestKey('Chiropractic treatment (8 sessions)')).toBe('chiropractic');
    expect(requestKey('Physical therapy 2x6 for the lumbar spine')).toBe('physical therapy for the lumbar spine');
    expect(requestKey('Physical therapy x 12 sessions for the cervical spine')).toBe('physical therapy for the cervical spine');
    // Spinal levels are not quantities.
    expect(requestKey('Right L4-5 transforaminal epidural steroid injection')).toBe('right l4-5 transforaminal epidural steroid injection');
    expect(requestKey('12')).toBe('12');
  });

  it('reads a coarse body region from a request', () => {
    expect(bodyRegionOf('MRI of the right shoulder without contrast')).toBe('shoulder');
    expect(bodyRegionOf('Right L4-5 transforaminal epidural steroid injection')).toBe('lumbar spine');
    expect(bodyRegionOf('Cervical epidural steroid injection C5-6')).toBe('cervical spine');
    expect(bodyRegionOf('Left knee arthroscopy with partial meniscectomy')).toBe('knee');
    expect(bodyRegionOf('Associated surgical service: Chest x-ray')).toBe('chest/abdomen');
    expect(bodyRegionOf('Carpal tunnel release, right')).toBe('wrist/hand');
    expect(bodyRegionOf('Norco 10/325mg #60')).toBeNull();
    expect(bodyRegionOf(null)).toBeNull();
  });

  it('takes the year from the decision, the assignment, else the case number', () => {
    const base = { caseNumber: 'CM15-0001', dates: { assigned: null, decision: null, urDenial: null, applicationReceived: null } };
    expect(yearOf({ ...base, dates: { ...base.dates, decision: '2017-01-02', assigned: '2016-12-01' } })).toBe(2017);
    expect(yearOf({ ...base, dates: { ...base.dates, assigned: '2016-12-01' } })).toBe(2016);
    expect(yearOf(base)).toBe(2015);
    expect(yearOf({ ...base, caseNumber: null })).toBeNull();
  });
});
