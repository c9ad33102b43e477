/**
 * The older layouts as real 2013/2014 letters look (issue 16, RECORD.md "Older layouts"): no field
 * table, dates inside prose sentences, qualifications in prose, the UR summary quoted after a
 * disclaimer, modifications stated in the summary, the case number only in a running footer.
 * The letters here are written for the tests.
 */
import { describe, expect, it } from 'vitest';
import { parseGuidelines } from '../../src/extract/services/guidelines.js';
import { normalizeText } from '../../src/normalize/index.js';
import { extractText } from '../../src/pipeline/index.js';

/** A 2013 notice: letterhead, `Dated:`, prose dates, a numbered list, qualifications, a quoted summary. */
function notice(parts: { opening?: string; items?: string; qualifications?: string; summary?: string; rationales?: string } = {}): string {
  return [
    'MAXIMUS FEDERAL SERVICES, INC.',
    'Independent Medical Review',
    'Notice of Independent Medical Review Determination',
    'Dated: March 4, 2014',
    'Dear (name withheld):',
    parts.opening ??
      'We received the Application for Independent Medical Review on January\n27, 2014. It disputes the Utilization Review Denial dated 1/15/2014. We assigned the\ncase for review on February 3, 2014.',
    'Final Determination',
    parts.items ??
      '1) MAXIMUS Federal Services, Inc. has determined the request for Tramadol 50mg #90 is not\nmedically necessary and appropriate.\n2) MAXIMUS Federal Services, Inc. has determined the request for a lumbar support is medically\nnecessary and appropriate.',
    'HOW THE FINAL DETERMINATION WAS MADE',
    'Medical Qualifications of the Expert Reviewer:',
    parts.qualifications ?? 'The Expert Reviewer is Board Certified in Family Practice and is licensed to practice in California.',
    'Case Summary:',
    'Disclaimer: The following is quoted from the Utilization Review report and was not edited.',
    parts.summary ??
      '\u201CThe injured worker is a 51 year old man who reported an injury on 4/2/2012. The request for\nTramadol 50mg #90 is modified to #45 for weaning. The lumbar support is non-certified.\u201D',
    "Expert Reviewer's Decisions and Rationales",
    parts.rationales ??
      '1) Regarding the request for Tramadol 50mg #90:\nMedical Treatment Guideline(s) Used by the Claims Administrator:\nChronic Pain Medical Treatment Guidelines (2009), Opioids, pages 74-96, which are part of the MTUS.\nMedical Treatment Guideline(s) Used by the Expert Reviewer:\nChronic Pain Medical Treatment Guidelines (2009), Opioids, pages 74-96, which are part of the MTUS.\nRationale Used by the Expert Reviewer:\nNo functional gain is recorded.\n2) Regarding the request for a lumbar support:\nMedical Treatment Guideline(s) Used by the Claims Administrator:\nOfficial Disability Guidelines (ODG), Low Back Chapter, Lumbar supports.\nMedical Treatment Guideline(s) Used by the Expert Reviewer:\nOfficial Disability Guidelines (ODG), Low Back Chapter, Lumbar supports.\nRationale Used by the Expert Reviewer:\nA support is reasonable here.',
  ].join('\n');
}

const read = (text: string) => extractText(text, { path: 'inline.txt' });

describe('dates stated in prose', () => {
  it('reads the letter date from its `Dated:` line and the other dates from sentences, months written out and broken over lines', () => {
    const { record } = read(notice());
    expect(record.dates).toEqual({ decision: '2014-03-04', applicationReceived: '2014-01-27', urDenial: '2014-01-15', assigned: '2014-02-03' });
  });

  it('reads an application date set off by commas, and an assignment to an expert reviewer', () => {
    const opening = 'The Application for Independent Medical Review, received on 2/10/2014, disputes the\nUtilization Review Denial dated January 30, 2014. Your file was assigned to an Expert Reviewer on\nFebruary 20, 2014.';
    expect(read(notice({ opening })).record.dates).toMatchObject({ applicationReceived: '2014-02-10', urDenial: '2014-01-30', assigned: '2014-02-20' });
  });

  it('takes no letter date from a sentence whose wrapped line happens to start with `dated`', () => {
    const summary = '\u201CThe injured worker is a 51 year old man who reported an injury on 4/2/2012. X-rays\ndated 5/6/2013 showed mild spondylosis.\u201D';
    const letter = notice({ summary }).replace('Dated: March 4, 2014\n', '');
    expect(read(letter).record.dates.decision).toBeNull();
  });
});

describe('reviewer qualifications in prose', () => {
  it('reads `Board Certified in X ... with a subspecialty in Y` as two specialties, Y broken over a line', () => {
    const qualifications = 'The Expert Reviewer is Board Certified in Neurology, with a subspecialty in Clinical\nNeurophysiology, and is licensed to practice in California and Utah.';
    const { reviewer } = read(notice({ qualifications })).record;
    expect(reviewer.specialties).toEqual(['Neurology', 'Clinical Neurophysiology']);
    expect(reviewer.licensure).toEqual(['California', 'Utah']);
  });
});

describe('the quoted UR summary', () => {
  it('reads age, sex and injury date inside the curly quotes after the disclaimer', () => {
    const { record } = read(notice());
    expect(record.patient).toEqual({ age: 51, sex: 'male' });
    expect(record.injury.date).toBe('2012-04-02');
  });
});

describe('decisions worded as medical necessity', () => {
  it('gives one service per numbered determination, with its decision', () => {
    const { record } = read(notice());
    expect(record.services.map((s) => [s.request, s.decision])).toEqual([
      ['Tramadol 50mg #90', 'upheld'],
      ['a lumbar support', 'overturned'],
    ]);
  });
});

describe('a modification stated in the summary', () => {
  it('gives the numbered item as the original request and the certified part as printed', () => {
    const { record, text } = read(notice());
    const [tramadol, support] = record.services;
    expect(tramadol).toMatchObject({ request: 'Tramadol 50mg #90', originalRequest: 'Tramadol 50mg #90', authorizedPortion: '#45' });
    const span = record.evidence['services.0.authorizedPortion']!;
    expect(text.slice(span[0], span[1])).toBe('#45');
    expect(support).toMatchObject({ originalRequest: null, authorizedPortion: null });
  });

  it('ends the certified part at the sentence end when no purpose clause follows', () => {
    const summary = '\u201CThe injured worker is a 51 year old man. Tramadol 50mg #90 was modified to Tramadol\n50mg #30. The lumbar support is non-certified.\u201D';
    expect(read(notice({ summary })).record.services[0]).toMatchObject({ originalRequest: 'Tramadol 50mg #90', authorizedPortion: 'Tramadol 50mg #30' });
  });
});

describe('the case number in a running footer', () => {
  const pages = [
    'HOW THE IMR FINAL DETERMINATION WAS MADE\nThe expert reviewer is Board Certified in Internal Medicine and is licensed to practice in Oregon.\nCLINICAL CASE SUMMARY\nThe patient is a 40 year old woman who was injured on 3/3/2013 and\nCM14-0012345 Page 1 of 3',
    'has low back pain. Utilization review dated 2/2/2014 denied the request.\nCM14-0012345 Page 2 of 3',
    'IMR ISSUES, DECISIONS AND RATIONALES\nMRI of the lumbar spine: Upheld\nDecision rationale: Not indicated.\nCM14-0012345 Page 3 of 3',
  ];

  it('keeps the first print of a footer that is the only print of the case number, as the first line', () => {
    const { text } = normalizeText(pages.join('\f'));
    expect(text.startsWith('CM14-0012345 Page 1 of 3\nHOW THE IMR')).toBe(true);
    expect(text.match(/CM14-0012345/g)).toHaveLength(1);
    // The footers inside the summary are gone: its sentence runs on.
    expect(text).toContain('injured on 3/3/2013 and\nhas low back pain.');
    const { record } = read(pages.join('\f'));
    expect(record.caseNumber).toBe('CM14-0012345');
    expect(record.injury.date).toBe('2013-03-03');
  });

  it('drops every print when the letter names the case number in its body', () => {
    const named = [`Final Determination Letter for IMR Case Number CM14-0012345\n${pages[0]}`, pages[1], pages[2]].join('\f');
    const { text } = normalizeText(named);
    expect(text.match(/CM14-0012345/g)).toHaveLength(1);
    expect(text).not.toContain('Page 1 of 3');
  });
});

describe('older guideline citations', () => {
  it('reads `Title (year), sections, which are part of the MTUS` as an MTUS citation', () => {
    expect(parseGuidelines('Postsurgical Treatment Guidelines (2009), Shoulder, page 12, which are part of the MTUS.')).toEqual([
      { source: 'MTUS', title: 'Postsurgical Treatment Guidelines (2009)', section: 'Shoulder, page 12', topic: 'postsurgical treatment' },
    ]);
  });

  it('starts a new citation where `, and` or a sentence end is followed by a guideline name', () => {
    const cited = parseGuidelines(
      'ACOEM Practice Guidelines, 2nd Edition (2004), Chapter 11 Forearm, Wrist, and Hand Complaints, page 265, which is part of the MTUS, and Official Disability Guidelines (ODG), Forearm, Wrist & Hand Chapter, Splints.',
    );
    expect(cited.map((c) => [c.source, c.title, c.section])).toEqual([
      ['ACOEM', 'Chapter 11 Forearm, Wrist, and Hand Complaints', 'page 265'],
      ['ODG', 'Forearm, Wrist & Hand Chapter', 'Splints'],
    ]);
    expect(parseGuidelines('Official Disability Guidelines (ODG), Pain Chapter, Opioids. MTUS Chronic Pain Medical Treatment Guidelines, Section(s): Opioids.').map((c) => c.source)).toEqual(['ODG', 'MTUS']);
  });

  it('ends an ODG citation at its sentence: the reason that follows is not its section', () => {
    expect(parseGuidelines('Official Disability Guidelines (ODG), Knee & Leg Chapter, Cryotherapy. The MTUS is silent on cold units, and the ODG gives criteria.')).toEqual([
      { source: 'ODG', title: 'Knee & Leg Chapter', section: 'Cryotherapy', topic: 'knee and leg' },
    ]);
  });
});
