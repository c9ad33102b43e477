/** Test helpers: run the pipeline on a short letter written inline. */
import { extractText } from '../src/pipeline/index.js';
import type { GoldRecord } from '../src/record/gold.js';

/** A minimal dwc-prose letter around the given summary and decision text. */
export function proseLetter(summary: string, decisions = 'MRI of the lumbar spine: Upheld\nClaims Administrator guideline: Decision based on MTUS.\nMAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies.\nDecision rationale: Not indicated.'): string {
  return [
    'HOW THE IMR FINAL DETERMINATION WAS MADE',
    'The expert reviewer is Board Certified in Internal Medicine and is licensed to practice in California.',
    'CLINICAL CASE SUMMARY',
    summary,
    'IMR ISSUES, DECISIONS AND RATIONALES',
    'The Final Determination was based on decisions for the disputed items/services set forth below:',
    decisions,
  ].join('\n');
}

export function extract(text: string) {
  return extractText(text, { path: 'inline.txt' }).record;
}

/** Every span in a record, with the value it stands for. */
export function allSpans(record: ReturnType<typeof extract>): { key: string; span: [number, number] }[] {
  const out: { key: string; span: [number, number] }[] = Object.entries(record.evidence).map(([key, span]) => ({ key, span }));
  record.diagnoses.forEach((d, i) => out.push({ key: `diagnoses.${i}`, span: d.span }));
  record.imaging.forEach((d, i) => out.push({ key: `imaging.${i}`, span: d.span }));
  record.services.forEach((d, i) => out.push({ key: `services.${i}`, span: d.span }));
  return out;
}

/** A minimal gold record (one dwc-header letter, nothing stated) with the given medications. */
export function goldWithMedications(medications: string[]): GoldRecord {
  return {
    format: 'dwc-header',
    caseNumber: 'CM16-0000001',
    dates: { assigned: null, decision: null, urDenial: null, applicationReceived: null },
    priority: null,
    reviewer: { licensure: [], specialties: [] },
    patient: { age: null, sex: null },
    injury: { date: null, employer: null, mechanism: null },
    diagnoses: [],
    imaging: [],
    medications,
    services: [],
  };
}
