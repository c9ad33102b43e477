/** Record version 2's normalised service fields, read from requests written here. */
import { describe, expect, it } from 'vitest';
import { conceptKey, findBodyRegions, findLaterality, findModality, findVisits, normalizeService } from '../../src/extract/services/normalize.js';
import { topicOf } from '../../src/extract/services/guidelines.js';
import { daysBetween, timingOf } from '../../src/extract/timing/index.js';
import { extract, proseLetter } from '../helpers.js';

const regions = (s: string) => findBodyRegions(s).map((r) => r.region);

describe('body regions', () => {
  it('maps the words of a request to canonical regions, in order, once each', () => {
    expect(regions('MRI of the lumbar spine without contrast')).toEqual(['lumbar spine']);
    expect(regions('Physical therapy for the neck and low back, 2x6')).toEqual(['cervical spine', 'lumbar spine']);
    expect(regions('Right L4-5 transforaminal epidural steroid injection')).toEqual(['lumbar spine']);
    expect(regions('Cervical epidural steroid injection C5-6')).toEqual(['cervical spine']);
    expect(regions('Left knee arthroscopy with partial meniscectomy')).toEqual(['knee']);
    expect(regions('Carpal tunnel release, right')).toEqual(['wrist']);
    expect(regions('Injection to the right thumb A1 pulley')).toEqual(['hand']);
    expect(regions('Upper back and mid back massage')).toEqual(['thoracic spine']);
    expect(regions('EMG/NCV of the bilateral upper extremities')).toEqual(['upper extremity']);
    expect(regions('X-rays of the left lower leg and foot')).toEqual(['lower leg', 'foot']);
    expect(regions('Back support')).toEqual(['lumbar spine']);
    expect(regions('Norco 10/325mg #60')).toEqual([]);
    // Inside another word a region word is not one: `forearm` is not `arm`, `headache` not `head`.
    expect(regions('Forearm splint for headache relief')).toEqual(['forearm']);
  });

  it('keeps the span of each region in the request', () => {
    const request = 'Acupuncture for the neck';
    const [r] = findBodyRegions(request);
    expect(request.slice(r!.at[0], r!.at[1])).toBe('neck');
  });
});

describe('laterality', () => {
  it('reads the side, and both sides named as bilateral', () => {
    expect(findLaterality('MRI of the right shoulder')?.side).toBe('right');
    expect(findLaterality('Left L5-S1 facet injection')?.side).toBe('left');
    expect(findLaterality('EMG/NCV of both lower extremities')?.side).toBe('bilateral');
    expect(findLaterality('PT/OT for the left hand and right lower leg')?.side).toBe('bilateral');
    expect(findLaterality('NCS/EMG RUE')?.side).toBe('right');
    expect(findLaterality('Lumbar support brace')).toBeNull();
  });
});

describe('visits', () => {
  it('counts the visits a session-based request asks for', () => {
    expect(findVisits('Physical therapy 2 times a week for 6 weeks', 'physical-therapy')?.visits).toBe(12);
    expect(findVisits('Chiropractic care 2x4 for the low back', 'chiropractic')?.visits).toBe(8);
    expect(findVisits('Acupuncture sessions #6', 'acupuncture')?.visits).toBe(6);
    expect(findVisits('Eight sessions of cognitive behavioral therapy', 'psychological')?.visits).toBe(8);
    expect(findVisits('Physical therapy 2 times a week for 6 weeks (12 sessions) to the elbow', 'physical-therapy')?.visits).toBe(12);
    expect(findVisits('Occupational therapy twice a week for three weeks', 'occupational-therapy')?.visits).toBe(6);
  });

  it('gives null for a range, for hours, and outside session-based care', () => {
    expect(findVisits('Physical therapy 2-3 times a week for 6 weeks', 'physical-therapy')).toBeNull();
    expect(findVisits('Acupuncture 12-18 sessions', 'acupuncture')).toBeNull();
    expect(findVisits('Functional restoration program 80 hours', 'program')).toBeNull();
    expect(findVisits('Norco 10/325mg #60', 'pharmacy')).toBeNull();
  });
});

describe('modality', () => {
  it('reads imaging and test modalities', () => {
    expect(findModality('MRI of the knee', 'imaging')).toBe('mri');
    expect(findModality('MR arthrogram of the right shoulder', 'imaging')).toBe('arthrogram');
    expect(findModality('CT myelogram of the lumbar spine', 'imaging')).toBe('myelogram');
    expect(findModality('EMG/NCV of the upper extremities', 'diagnostic-test')).toBe('emg-ncv');
    expect(findModality('Nerve conduction studies of the left arm', 'diagnostic-test')).toBe('ncv');
    expect(findModality('Urine drug screen', 'diagnostic-test')).toBe('urine-drug-screen');
    expect(findModality('Pre-op labs: CBC', 'diagnostic-test')).toBe('lab');
    expect(findModality('Polysomnography', 'diagnostic-test')).toBe('sleep-study');
    expect(findModality('Electrocardiogram', 'diagnostic-test')).toBe('other-test');
    expect(findModality('Physical therapy', 'physical-therapy')).toBeNull();
  });
});

describe('concept key', () => {
  it('builds one key per treatment concept', () => {
    expect(conceptKey('imaging', 'mri', ['lumbar spine'], null)).toBe('imaging:mri:lumbar spine');
    expect(conceptKey('physical-therapy', null, ['cervical spine', 'lumbar spine'], null)).toBe('physical-therapy:cervical spine+lumbar spine');
    expect(conceptKey('dme', null, [], null)).toBe('dme:unspecified');
  });

  it('groups two wordings of one request, and a brand with its generic', () => {
    const key = (request: string, category: Parameters<typeof normalizeService>[0]) => normalizeService(category, { text: request, offset: 0 }, null).conceptKey;
    expect(key('MRI lumbar spine without contrast', 'imaging')).toBe(key('MRI of the lumbar spine', 'imaging'));
    expect(key('Flexeril 10mg #60', 'pharmacy')).toBe(key('Cyclobenzaprine 7.5mg #90', 'pharmacy'));
    expect(key('Norco 10/325mg #90', 'pharmacy')).toBe('drug:acetaminophen+hydrocodone');
  });

  it('reads a fragment request from the original request', () => {
    const n = normalizeService('surgery', { text: 'with open release', offset: 100 }, { text: 'Right carpal tunnel release with open release', offset: 10 });
    expect(n.bodyRegions.map((r) => r.value)).toEqual(['wrist']);
    expect(n.bodyRegions[0]!.span).toEqual([16, 29]);
  });
});

describe('guideline topic', () => {
  it('drops source, years, chapters and parentheses, and names one chapter once', () => {
    expect(topicOf({ source: 'MTUS', title: 'Low Back Complaints 2004', section: null })).toBe('low back');
    expect(topicOf({ source: 'ODG', title: 'Low Back - Lumbar & Thoracic (Acute & Chronic)', section: null })).toBe('low back');
    expect(topicOf({ source: 'ODG', title: 'Knee & Leg Chapter', section: null })).toBe('knee and leg');
    expect(topicOf({ source: 'ACOEM', title: 'Chapter 12 Low Back Complaints', section: null })).toBe('low back');
    expect(topicOf({ source: 'MTUS', title: 'Chronic Pain Medical Treatment Guidelines (2009)', section: null })).toBe('chronic pain medical treatment');
    expect(topicOf({ source: 'ODG', title: 'Shoulder section', section: null })).toBe('shoulder');
    expect(topicOf({ source: 'other', title: 'Weight management, an online article', section: null })).toBeNull();
  });
});

describe('timing', () => {
  it('counts days between the dates, null when one is missing', () => {
    expect(daysBetween('2016-11-03', '2016-12-09')).toBe(36);
    expect(daysBetween(null, '2016-12-09')).toBeNull();
    expect(timingOf({ applicationReceived: '2016-02-28', decision: '2016-03-01' }, '2015-03-01')).toEqual({ daysToDecision: 2, claimAgeDays: 366 });
  });
});

describe('in a letter', () => {
  it('gives every normalised value read from a request its span in the letter', () => {
    const record = extract(
      proseLetter(
        'The injured worker is a 50 year old male.',
        'Physical therapy for the right knee 2 times a week for 4 weeks: Upheld\nClaims Administrator guideline: Decision based on MTUS.\nMAXIMUS guideline: Decision based on MTUS Knee Complaints 2004.\nDecision rationale: Not indicated.',
      ),
    );
    const s = record.services[0]!;
    expect(s.normalized).toMatchObject({ bodyRegions: ['knee'], laterality: 'right', visits: 8, conceptKey: 'physical-therapy:knee' });
    expect(s.guidelines[0]!.topic).toBe('knee');
    const at = (key: string) => record.evidence[key]![0];
    expect(at('services.0.normalized.bodyRegions.0')).toBeGreaterThan(at('services.0.request'));
    expect(record.evidence['services.0.normalized.visits']).toBeDefined();
  });
});

describe('guideline citations, as older notices and ODG print them', () => {
  it('reads `..., which are part of the MTUS` as an MTUS document and its section', async () => {
    const { parseGuidelines } = await import('../../src/extract/services/guidelines.js');
    expect(parseGuidelines('Postsurgical Treatment Guidelines (2009), Wrist surgery, page 12, which are part of the MTUS.')).toEqual([
      { source: 'MTUS', title: 'Postsurgical Treatment Guidelines (2009)', section: 'Wrist surgery, page 12', topic: 'postsurgical treatment' },
    ]);
    expect(parseGuidelines('ACOEM Practice Guidelines, 2nd Edition (2004), Chapter 11 Forearm, Wrist, and Hand Complaints, page 272, which is part of the MTUS.')).toEqual([
      { source: 'ACOEM', title: 'Chapter 11 Forearm, Wrist, and Hand Complaints', section: 'page 272', topic: 'forearm wrist and hand' },
    ]);
  });

  it('keeps a chapter name whole across its own commas, and takes a chapter named after its subject as the title', async () => {
    const { parseGuidelines } = await import('../../src/extract/services/guidelines.js');
    expect(parseGuidelines('Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Forearm, Wrist and Hand, Splints.')).toEqual([
      { source: 'ODG', title: 'Forearm, Wrist and Hand', section: 'Splints', topic: 'forearm wrist and hand' },
    ]);
    expect(parseGuidelines('Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) MRI Shoulder.')).toEqual([
      { source: 'ODG', title: 'Shoulder', section: 'MRI', topic: 'shoulder' },
    ]);
    expect(parseGuidelines('Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) traction, low back chapter.')).toEqual([
      { source: 'ODG', title: 'low back chapter', section: 'traction', topic: 'low back' },
    ]);
  });
});

describe('a request that wraps a line in the letter', () => {
  it('still names its regions, modality and side', () => {
    expect(regions('EMG/NCV of the bilateral lower\nextremities')).toEqual(['lower extremity']);
    expect(findModality('Nerve conduction\nstudies of the arm', 'diagnostic-test')).toBe('ncv');
    expect(findLaterality('MRI of both\nknees')?.side).toBe('bilateral');
  });
});
