/** Small dwc-header text letters written by the tests, so ingest tests need no corpus. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface LetterSpec {
  caseNumber: string;
  decisionDate: string; // MM/DD/YYYY
  specialties: string;
  services: Array<{ request: string; decision: 'Upheld' | 'Overturned'; guideline: string }>;
  summary?: string;
}

export function headerLetter(spec: LetterSpec): string {
  const items = spec.services.flatMap((s) => [
    `${s.request}: ${s.decision}`,
    'Claims Administrator guideline: Decision based on MTUS.',
    `MAXIMUS guideline: Decision based on ${s.guideline}.`,
    `Decision rationale: The guidelines ${s.decision === 'Upheld' ? 'do not support' : 'support'} this request.`,
  ]);
  return [
    `Case Number:\t${spec.caseNumber}`,
    `Date Assigned:\t11/21/2016\tDate of Injury:\t09/27/2015`,
    `Decision Date:\t${spec.decisionDate}\tUR Denial Date:\t11/10/2016`,
    'Priority:\tStandard\tApplication Received:\t11/15/2016',
    'HOW THE IMR FINAL DETERMINATION WAS MADE',
    'MAXIMUS Federal Services forwarded the entire case file to an independent expert reviewer.',
    'The expert reviewer holds the following credentials:',
    'State(s) of Licensure: California',
    `Certification(s)/Specialty: ${spec.specialties}`,
    'CLINICAL CASE SUMMARY',
    'The expert reviewer wrote the following summary of the clinical case after reviewing the case file and all medical records:',
    spec.summary ??
      'The injured worker is a 51 year old male who reported an industrial injury on 9-27-15. He is being treated for the diagnoses of lumbar strain and right knee sprain. Current medications include Norco.',
    'IMR ISSUES, DECISIONS AND RATIONALES',
    'The Final Determination was based on decisions for the disputed items/services set forth below:',
    ...items,
    '',
  ].join('\n');
}

export const SMALL_CORPUS: LetterSpec[] = [
  {
    caseNumber: 'CM16-0100001',
    decisionDate: '12/19/2016',
    specialties: 'Orthopedic Surgery',
    services: [
      { request: 'MRI of the lumbar spine', decision: 'Upheld', guideline: 'MTUS Low Back Complaints 2004, Section(s): Special Studies' },
      { request: 'Norco 10/325mg #60', decision: 'Overturned', guideline: 'MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids' },
    ],
  },
  {
    caseNumber: 'CM17-0100002',
    decisionDate: '01/09/2017',
    specialties: 'Physical Medicine & Rehabilitation, Pain Management',
    services: [
      { request: 'Physical therapy 12 sessions for the right knee', decision: 'Upheld', guideline: 'MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical Medicine' },
    ],
  },
  {
    caseNumber: 'CM17-0100003',
    decisionDate: '02/14/2017',
    specialties: 'Family Practice',
    services: [
      { request: 'MRI of the lumbar spine', decision: 'Overturned', guideline: 'MTUS Low Back Complaints 2004, Section(s): Special Studies' },
      { request: 'Acupuncture 6 sessions', decision: 'Upheld', guideline: 'MTUS Acupuncture Treatment 2007' },
      { request: 'Norco 10/325mg #90', decision: 'Upheld', guideline: 'MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids' },
    ],
  },
];

/** Writes the small corpus into `dir`; returns the file paths. */
export function writeSmallCorpus(dir: string, specs: LetterSpec[] = SMALL_CORPUS): string[] {
  mkdirSync(dir, { recursive: true });
  return specs.map((spec) => {
    const file = path.join(dir, `${spec.caseNumber}.txt`);
    writeFileSync(file, headerLetter(spec));
    return file;
  });
}
