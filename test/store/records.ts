/** Hand-built records that satisfy ImrRecord, for store tests that need no extraction. */
import { createHash } from 'node:crypto';
import { ImrRecord, type Service } from '../../src/record/schema.js';

export function sha(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

export function service(request: string, decision: 'upheld' | 'overturned', extra: Partial<Service> = {}): Service {
  return {
    request,
    decision,
    originalRequest: null,
    authorizedPortion: null,
    category: 'other',
    claimsAdministratorGuideline: null,
    reviewerGuideline: null,
    guidelines: [],
    rationale: null,
    normalized: { modality: null, bodyRegions: [], laterality: null, visits: null, drug: null, conceptKey: 'other:unspecified' },
    span: [0, 10],
    ...extra,
  };
}

export interface RecordSeed {
  seed: string;
  path?: string;
  extractorVersion?: string;
  caseNumber?: string | null;
  decision?: string | null;
  specialties?: string[];
  licensure?: string[];
  services?: Service[];
  diagnoses?: string[];
  medications?: string[];
  warnings?: string[];
}

export function makeRecord(s: RecordSeed): ImrRecord {
  const record: ImrRecord = {
    schemaVersion: 2,
    extractorVersion: s.extractorVersion ?? 'test-1',
    source: { path: s.path ?? `${s.seed}.txt`, sha256: sha(s.seed), kind: 'text', pages: null, engine: null },
    format: 'dwc-header',
    caseNumber: s.caseNumber === undefined ? 'CM16-0000001' : s.caseNumber,
    dates: { assigned: null, decision: s.decision === undefined ? '2016-12-09' : s.decision, urDenial: null, applicationReceived: null },
    priority: 'standard',
    reviewer: { licensure: s.licensure ?? ['California'], specialties: s.specialties ?? ['Family Practice'] },
    patient: { age: 48, sex: 'male' },
    injury: { date: '2016-10-13', employer: null, mechanism: null },
    timing: { daysToDecision: 30, claimAgeDays: 57 },
    diagnoses: (s.diagnoses ?? ['lumbar strain']).map((text, i) => ({
      text,
      icd10: i === 0 ? { code: 'S39.012', title: 'Strain of muscle, fascia and tendon of lower back' } : null,
      span: [i * 20, i * 20 + text.length] as [number, number],
    })),
    imaging: [{ modality: 'mri', bodyRegion: 'lumbar spine', date: '2016-10-20', findings: 'normal', span: [100, 150] }],
    medications: s.medications ?? ['Norco'],
    services: s.services ?? [
      service('MRI of the lumbar spine', 'upheld', {
        category: 'imaging',
        guidelines: [{ source: 'MTUS', title: 'Low Back Complaints 2004', section: 'Special Studies', topic: 'low back' }],
        normalized: { modality: 'mri', bodyRegions: ['lumbar spine'], laterality: null, visits: null, drug: null, conceptKey: 'imaging:mri:lumbar spine' },
      }),
      service('Norco 10/325mg #60', 'overturned', {
        category: 'pharmacy',
        guidelines: [
          { source: 'MTUS', title: 'Chronic Pain Medical Treatment 2016', section: 'Opioids', topic: 'chronic pain medical treatment' },
          { source: 'ODG', title: 'Pain', section: null, topic: 'pain' },
        ],
        normalized: {
          modality: null,
          bodyRegions: [],
          laterality: null,
          visits: null,
          drug: { ingredients: ['acetaminophen', 'hydrocodone'], brand: 'Norco', group: 'opioid', compound: false, route: 'oral', strength: '10/325mg', quantity: 60, refills: null },
          conceptKey: 'drug:acetaminophen+hydrocodone',
        },
      }),
    ],
    sections: [{ name: 'header', start: 0, end: 10 }],
    evidence: { caseNumber: [0, 12] },
    warnings: s.warnings ?? [],
  };
  return ImrRecord.parse(record);
}
