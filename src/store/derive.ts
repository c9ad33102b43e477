/**
 * Columns the store derives from a record for analysts' group-bys. They are conveniences,
 * never part of the record: the `records` view rebuilds the record exactly as extracted, without them.
 *
 * - `year`: the decision year, else the assignment year, else the year coded in the case
 *   number (`CM16-…` is 2016).
 * - `body_region`: a coarse anatomical region read from a service's request text (or, for a
 *   letter, the most frequent region among its diagnoses), so that upheld/overturned rates can be
 *   grouped by region. Null when no region is named.
 * - `request_key`: the request with doses, counts, quantities and punctuation removed, so that
 *   `Norco 10/325mg #60` and `Norco 10/325 #90` are one requested service.
 */
import type { ImrRecord } from '../record/schema.js';

export const BODY_REGIONS = [
  'lumbar spine',
  'cervical spine',
  'thoracic spine',
  'spine',
  'shoulder',
  'elbow',
  'wrist/hand',
  'hip/pelvis',
  'knee',
  'ankle/foot',
  'head/face',
  'chest/abdomen',
  'upper extremity',
  'lower extremity',
] as const;
export type BodyRegion = (typeof BODY_REGIONS)[number];

/** First match wins, so more specific regions come first. */
const REGION_PATTERNS: ReadonlyArray<readonly [BodyRegion, RegExp]> = [
  ['lumbar spine', /\b(?:lumbar|lumbosacral|low(?:er)? back|sacroiliac|SI joints?|sacrum|coccyx|L[1-5](?:\s*-\s*(?:L[1-5]|S1|[1-5]))?|L5-S1)\b/i],
  ['cervical spine', /\b(?:cervical|neck|C[2-7](?:\s*-\s*(?:C?[2-7]|T1))?)\b/i],
  ['thoracic spine', /\b(?:thoracic|thoracolumbar|mid(?:dle)? back|upper back|T(?:[1-9]|1[0-2]))\b/i],
  ['spine', /\b(?:spine|spinal|back|epidural|facet|medial branch|radiofrequency ablation|rhizotomy)\b/i],
  ['shoulder', /\b(?:shoulders?|rotator cuff|acromio\w*|subacromial|glenohumeral|clavicle|scapula)\b/i],
  ['elbow', /\b(?:elbows?|epicondyl\w*|olecranon|cubital)\b/i],
  ['wrist/hand', /\b(?:wrists?|hands?|fingers?|thumbs?|carpal|metacarpal\w*|digits?|trigger finger|de quervain\w*|radius|ulna)\b/i],
  ['hip/pelvis', /\b(?:hips?|pelvis|pelvic|groin|acetabul\w*|femoral head)\b/i],
  ['knee', /\b(?:knees?|menisc\w*|patell\w*|ACL|anterior cruciate)\b/i],
  ['ankle/foot', /\b(?:ankles?|foot|feet|toes?|heels?|plantar|achilles|calcane\w*|orthotics?)\b/i],
  ['head/face', /\b(?:head|brain|skull|face|facial|jaw|temporomandibular|TMJ|dental|teeth|eyes?)\b/i],
  ['chest/abdomen', /\b(?:chest|ribs?|abdomen|abdominal|thorax|hernia)\b/i],
  ['upper extremity', /\b(?:upper extremit(?:y|ies)|arms?|forearms?|humerus)\b/i],
  ['lower extremity', /\b(?:lower extremit(?:y|ies)|legs?|thighs?|tibia|fibula|femur|calf)\b/i],
];

export function bodyRegionOf(text: string | null | undefined): BodyRegion | null {
  if (!text) return null;
  for (const [region, pattern] of REGION_PATTERNS) if (pattern.test(text)) return region;
  return null;
}

/** The most frequent region among a letter's diagnoses (ties: the first seen), or null. */
export function letterBodyRegion(record: Pick<ImrRecord, 'diagnoses'>): BodyRegion | null {
  const counts = new Map<BodyRegion, number>();
  for (const d of record.diagnoses) {
    const region = bodyRegionOf(d.text);
    if (region) counts.set(region, (counts.get(region) ?? 0) + 1);
  }
  let best: BodyRegion | null = null;
  let bestCount = 0;
  for (const [region, n] of counts) {
    if (n > bestCount) {
      best = region;
      bestCount = n;
    }
  }
  return best;
}

const UNIT = String.raw`(?:mg|mcg|µg|ug|g|ml|cc|units?|tabs?|tablets?|caps?|capsules?|patch(?:es)?|sessions?|visits?|treatments?|days?|weeks?|wks?|months?|hours?|hrs?|refills?|times|%)`;
const QUANTITY = new RegExp(
  String.raw`(?:#\s*\d+|\bx\s*\d+\b|\b\d+\s*x\s*\d+\b|(?<![\p{L}\d-])\d+(?:[.,/-]\d+)*\s*${UNIT}?\b(?:\s*x\s*\d+)?|\(\s*[^)]*\d[^)]*\))`,
  'giu',
);
const UNIT_WORDS = new RegExp(String.raw`\b${UNIT}\b`, 'gi');

/**
 * A grouping key for a requested service: lower case, quantities and doses dropped, bare units
 * dropped, punctuation and whitespace collapsed. Never empty for a non-empty request.
 */
export function requestKey(request: string): string {
  const lowered = request.toLowerCase();
  const stripped = lowered
    .replace(QUANTITY, ' ')
    .replace(UNIT_WORDS, ' ')
    .replace(/\b(?:qty|quantity|number of|times|per|for|of|the|a|an|with|to|and|x)\s*$/g, ' ')
    .replace(/[^\p{L}\p{N}&+/' -]+/gu, ' ')
    .replace(/\s*[-/]\s*$/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:[-/&+]\s*)+|(?:\s*(?:[-/&+]|\bfor|\bof|\bthe|\bx|\bqty|\bquantity|\bper|\bto|\band|\bwith))+$/g, '')
    .trim();
  return stripped || lowered.replace(/\s+/g, ' ').trim();
}

/** Decision year, else assignment year, else the 2-digit year in a `CMyy-` case number. */
export function yearOf(record: Pick<ImrRecord, 'dates' | 'caseNumber'>): number | null {
  const fromDate = (d: string | null) => (d ? Number(d.slice(0, 4)) : null);
  const y = fromDate(record.dates.decision) ?? fromDate(record.dates.assigned);
  if (y !== null) return y;
  const m = /^[A-Z]{2}(\d{2})-\d+/i.exec(record.caseNumber ?? '');
  return m ? 2000 + Number(m[1]) : null;
}
