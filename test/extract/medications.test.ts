/** Medications: coordinated lists, `continue X`, taken versus planned, the shared drug lexicon, one drug under two names. */
import { describe, expect, it } from 'vitest';
import { extract, proseLetter } from '../helpers.js';

const meds = (summary: string, decisions?: string) =>
  extract(proseLetter(`The injured worker is a 51 year old woman. ${summary}`, decisions)).medications;

describe('medications: coordinated lists', () => {
  it('one cue carries every name of a comma-and list', () => {
    expect(meds('She remains on Norco, Soma and Motrin for the low back.')).toEqual(['Norco', 'Soma', 'Motrin']);
    expect(meds('Medications were listed as Omeprazole, Naproxen, and Flexeril.')).toEqual(['Omeprazole', 'Naproxen', 'Flexeril']);
    expect(meds('She takes Gabapentin and Pantoprazole.')).toEqual(['Gabapentin', 'Pantoprazole']);
  });

  it('a list with doses between the names', () => {
    expect(meds('Her medications included Hydrocodone/APAP 10/325mg one tablet twice daily, Cyclobenzaprine 7.5mg at night, and Pantoprazole sodium DR 20mg.')).toEqual([
      'Hydrocodone/APAP',
      'Cyclobenzaprine',
      'Pantoprazole sodium DR',
    ]);
  });
});

describe('medications: continue X, plan versus taken', () => {
  it('`continue` in a plan sentence says the drugs are taken', () => {
    expect(meds('At the follow-up visit the plan was to continue Tramadol, Zanaflex and Celebrex.')).toEqual(['Tramadol', 'Zanaflex', 'Celebrex']);
    expect(meds('The provider recommended continuing Ultram and Cymbalta.')).toEqual(['Ultram', 'Cymbalta']);
    expect(meds('She continues to take Norco and was told to try Lyrica.')).toEqual(['Norco']);
  });

  it('a later plan cue takes over from `continue` within the same sentence', () => {
    expect(meds('She was told to continue Neurontin and Prilosec, and to start Lyrica once the rash settled.')).toEqual(['Neurontin', 'Prilosec']);
    expect(meds('The plan was to continue Oxycodone and Lyrica, to add Lidoderm patches for the mid back and to repeat the drug screen.')).toEqual([
      'Oxycodone',
      'Lyrica',
    ]);
  });

  it('a drug only planned, recommended or prescribed in the plan is not taken', () => {
    expect(meds('The treatment plan included physical therapy and a prescription for Meloxicam.')).toEqual([]);
    expect(meds('The treating physician recommended a trial of Lyrica.')).toEqual([]);
    expect(meds('The surgeon planned to start Gabapentin after the block.')).toEqual([]);
  });

  it('a drug started or stopped at the visit was prescribed or taken', () => {
    expect(meds('The plan of care included discontinuation of Tramadol and starting Tylenol #3.')).toEqual(['Tramadol', 'Tylenol #3']);
    expect(meds('She was started on Duloxetine two months ago.')).toEqual(['Duloxetine']);
    expect(meds('She was prescribed a trial of Lyrica in the spring.')).toEqual(['Lyrica']);
  });

  it('a dose given once in the office counts', () => {
    expect(meds('She was given a Toradol injection in the office for the flare.')).toEqual(['Toradol']);
  });

  it('the disputed request alone is not a medication, and a refill count is not a cue', () => {
    expect(meds('Utilization review denied the requests for Norco 10/325mg #90 with 2 refills and Lidoderm 5% patches #30.')).toEqual([]);
  });

  it('a drug the rationale says the worker was given is added; one it discusses is not', () => {
    const decisions = [
      'Norco 5/325mg #30: Upheld',
      'Claims Administrator guideline: Decision based on MTUS.',
      'MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids.',
      'Decision rationale: Opioids such as Tramadol are recommended only after first-line agents fail. The records give little detail of her response to the prior usage of Norco that was given to her in the emergency department. The request is not medically necessary.',
    ].join('\n');
    expect(meds('She went to urgent care after the fall.', decisions)).toEqual(['Norco']);
  });
});

describe('medications: the shared drug lexicon', () => {
  it('recognises drugs of any group, not only pain medication', () => {
    expect(meds('She also takes Atenolol, Metformin and Levothyroxine for unrelated conditions.')).toEqual(['Atenolol', 'Metformin', 'Levothyroxine']);
  });

  it('one drug under two names is listed once, under the first name', () => {
    expect(meds('She takes Naprosyn daily; the naproxen upsets her stomach.')).toEqual(['Naprosyn']);
    expect(meds('She uses Motrin and, on weekends, Advil.')).toEqual(['Motrin']);
    // A combination product named as an alternative to its components, already listed.
    expect(meds('She takes Pepcid and Ibuprofen, which she may obtain as Duexis.')).toEqual(['Pepcid', 'Ibuprofen']);
  });

  it('a contrast agent or stress-test tracer is not a medication', () => {
    expect(meds('She was given Gadolinium for the MRI and takes Celebrex.')).toEqual(['Celebrex']);
  });
});
