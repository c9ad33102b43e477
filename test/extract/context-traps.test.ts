import { describe, expect, it } from 'vitest';
import { extract, proseLetter } from '../helpers.js';

describe('context traps', () => {
  it('leaves rule-out and possible conditions out of the diagnoses', () => {
    const r = extract(proseLetter('The injured worker is a 52 year old male. Diagnoses include lumbar strain; possible herniated nucleus pulposus; rule out radiculopathy.'));
    expect(r.diagnoses.map((d) => d.text)).toEqual(['lumbar strain']);
  });

  it('does not count requested imaging as a performed study', () => {
    const r = extract(proseLetter('The injured worker is a 40 year old female. The treatment plan included MRI of the cervical spine to rule out herniated nucleus pulposus.'));
    expect(r.imaging).toEqual([]);
  });

  it('does not count imaging that utilization review denied', () => {
    const r = extract(proseLetter('On 11-3-16, utilization review determined MRI of the right shoulder was not medically necessary.'));
    expect(r.imaging).toEqual([]);
  });

  it('keeps a performed study next to a requested one', () => {
    const r = extract(proseLetter('X-ray of the right shoulder on 10-13-16 revealed rotator cuff tendinopathy. The treatment plan included MRI of the right shoulder.'));
    expect(r.imaging).toHaveLength(1);
    expect(r.imaging[0]).toMatchObject({ modality: 'x-ray', bodyRegion: 'right shoulder', date: '2016-10-13', findings: 'rotator cuff tendinopathy' });
  });

  it('does not take negated imaging as a study', () => {
    const r = extract(proseLetter('There is no MRI of the lumbar spine on file. No evidence of fracture was seen on exam.'));
    expect(r.imaging).toEqual([]);
  });

  it('does not count EMG/NCV as imaging', () => {
    const r = extract(proseLetter('EMG/NCV of the upper extremities dated 9/1/2016 revealed mild carpal tunnel syndrome.'));
    expect(r.imaging).toEqual([]);
  });

  it('leaves out a drug that is only the disputed request', () => {
    const r = extract(proseLetter('Current medications include Norco and Ativan. The request for Lyrica was non-certified by utilization review.'));
    expect(r.medications).toEqual(['Norco', 'Ativan']);
  });

  it('does not take drug classes as medications', () => {
    const r = extract(proseLetter('She has tried NSAIDs and anti-inflammatories without relief. Medications include Motrin.'));
    expect(r.medications).toEqual(['Motrin']);
  });

  it("does not take a relative's condition as the worker's", () => {
    const r = extract(proseLetter("The injured worker is a 38 year old woman. She is being treated for low back pain. Her mother has diabetes."));
    expect(r.diagnoses.map((d) => d.text)).toEqual(['low back pain']);
  });
});
