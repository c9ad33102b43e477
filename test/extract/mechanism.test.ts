/** Mechanism of injury: each cue of vocab/injury-mechanism.json, the trimming rules, and what is not a mechanism. */
import { describe, expect, it } from 'vitest';
import { extract, proseLetter } from '../helpers.js';

const mechanism = (summary: string, decisions?: string) =>
  extract(proseLetter(`The injured worker is a 47 year old man. ${summary}`, decisions)).injury.mechanism;

describe('mechanism: the cues', () => {
  it('a stated mechanism of injury, with or without `detailed as` or a colon', () => {
    expect(mechanism('The mechanism of injury was described as a slip on ice in the parking lot.')).toBe('slip on ice in the parking lot');
    expect(mechanism('Mechanism of injury: repeated overhead stocking.')).toBe('repeated overhead stocking');
    expect(mechanism('Mechanism of injury occurred when the injured worker was knocked down by a pallet jack.')).toBe('knocked down by a pallet jack');
  });

  it('an injury that happened while, when or after something; the subject and `was` are left out', () => {
    expect(mechanism('He was injured on 4/2/2014 while unloading lumber from a flatbed.')).toBe('unloading lumber from a flatbed');
    expect(mechanism('He injured his right wrist on 4/2/2014 when he caught a falling ladder.')).toBe('caught a falling ladder');
    expect(mechanism('He sustained an industrial injury on 4/2/2014 after the patient was thrown from a forklift.')).toBe('thrown from a forklift');
  });

  it('`while working as` a job is not how it happened: the next `when` is', () => {
    expect(mechanism('His injury occurred while working as a roofer when he stepped through a skylight.')).toBe('stepped through a skylight');
  });

  it('an event told on the injury date with an injury verb, and not one told on another date', () => {
    expect(mechanism('His date of injury is 8/9/2015. On 8/9/2015 he tripped over a hose and landed on his right hip.')).toBe(
      'tripped over a hose and landed on his right hip',
    );
    expect(mechanism('His date of injury is 8/9/2015. On 2/1/2016 he tripped over a hose at home.')).toBeNull();
  });

  it('a worker who was struck, hit or pinned', () => {
    expect(mechanism('He is a dock worker who was struck in the shoulder by a swinging crane hook on 7/7/2013.')).toBe(
      'struck in the shoulder by a swinging crane hook',
    );
  });

  it('cumulative trauma and repetitive work, as far as the clause goes', () => {
    expect(mechanism('His claim is for cumulative trauma from years of jackhammer use, with a date of injury of 1/1/2012.')).toBe(
      'cumulative trauma from years of jackhammer use',
    );
    expect(mechanism('He developed wrist pain from repetitive scanning of groceries.')).toBe('repetitive scanning of groceries');
  });

  it('an injury attributed to an accident or a fall', () => {
    expect(mechanism('His neck pain is attributed to a motor vehicle accident on a delivery route.')).toBe('motor vehicle accident on a delivery route');
  });
});

describe('mechanism: where the phrase ends', () => {
  it('before what he felt or what followed', () => {
    expect(mechanism('He was injured on 4/2/2014 while pushing a loaded cart up a ramp, when he felt a pull in his back.')).toBe(
      'pushing a loaded cart up a ramp',
    );
    expect(mechanism('He was injured on 4/2/2014 when he lifted a crate of melons and felt a pop in his shoulder.')).toBe('lifted a crate of melons');
  });
});

describe('mechanism: not a mechanism', () => {
  it('a letter that says it is not stated gives none', () => {
    expect(mechanism('The mechanism of injury was not documented in the records provided.')).toBeNull();
    expect(mechanism('The mechanism of injury is unclear.')).toBeNull();
  });

  it('a letter that tells no event gives none', () => {
    expect(mechanism('He has chronic low back pain and takes Norco.')).toBeNull();
  });

  it('the rationale is read when the summary tells nothing', () => {
    const decisions =
      'MRI of the lumbar spine: Upheld\nClaims Administrator guideline: Decision based on MTUS.\nMAXIMUS guideline: Decision based on MTUS.\nDecision rationale: The claimant was injured while moving a desk. Imaging is not indicated.';
    expect(mechanism('He has chronic low back pain.', decisions)).toBe('moving a desk');
  });
});
