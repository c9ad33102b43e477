/**
 * A disputed service normalised for grouping (record version 2, RECORD.md "Normalised fields"):
 * modality, canonical body regions, laterality, visits, the drug of a pharmacy request, and the
 * concept key built from them. Every value read from the request keeps its span: the functions
 * here read the request as it stands in the letter (`text.slice(span)`, same length), so a match
 * at `i` in the request is at `span[0] + i` in the letter.
 */
import type { BodyRegion, ServiceCategory, ServiceNormalized, Span } from '../../record/schema.js';
import { bodyRegions, imaging as imagingVocab, testModalities } from '../../vocab/index.js';
import { found, type Found } from '../found.js';
import { parseDrugRequest, type DrugRequest } from './drug.js';
import { patternSource } from '../../text/patterns.js';

/** A pattern at word boundaries; a space in it matches any whitespace (the request may wrap a line). */
const word = (p: string) => `(?<![A-Za-z0-9])(?:${patternSource(p)})(?![A-Za-z0-9])`;
const anyOf = (patterns: readonly string[]) => new RegExp(word(patterns.join('|')), 'giy');

/** Each region's words as one sticky pattern: tried where any region word starts, the longest match wins. */
const REGION_RULES = bodyRegions.regions.map((r) => ({ id: r.id as BodyRegion, re: anyOf(r.patterns) }));
/** Any region word: where the per-region patterns are worth trying (most words of a request start none). */
const ANY_REGION = new RegExp(word(bodyRegions.regions.flatMap((r) => r.patterns).join('|')), 'gi');
const SIDE_RULES = (['left', 'right', 'bilateral'] as const).map((side) => ({ side, re: new RegExp(word(bodyRegions.laterality[side].join('|')), 'gi') }));

/** The canonical regions a request names, in letter order, each once, with the span of its first mention. */
export function findBodyRegions(request: string): { region: BodyRegion; at: Span }[] {
  const out: { region: BodyRegion; at: Span }[] = [];
  ANY_REGION.lastIndex = 0;
  for (let start = ANY_REGION.exec(request); start; start = ANY_REGION.exec(request)) {
    const at = start.index;
    let best: { region: BodyRegion; end: number } | null = null;
    for (const rule of REGION_RULES) {
      rule.re.lastIndex = at;
      const m = rule.re.exec(request);
      if (m && (!best || at + m[0].length > best.end)) best = { region: rule.id, end: at + m[0].length };
    }
    if (!best) continue;
    // The scan goes on after the longest match, which may be longer than the alternation's own.
    ANY_REGION.lastIndex = best.end;
    if (!out.some((r) => r.region === best.region)) out.push({ region: best.region, at: [at, best.end] });
  }
  return out;
}

/** The side a request states: `bilateral` for `both`, or for left and right named together. */
export function findLaterality(request: string): { side: 'left' | 'right' | 'bilateral'; at: Span } | null {
  const hits = SIDE_RULES.flatMap(({ side, re }) => [...request.matchAll(re)].map((m) => ({ side, at: [m.index, m.index + m[0].length] as Span })));
  if (hits.length === 0) return null;
  hits.sort((a, b) => a.at[0] - b.at[0]);
  const sides = new Set(hits.map((h) => h.side));
  if (sides.has('bilateral')) return hits.find((h) => h.side === 'bilateral')!;
  if (sides.has('left') && sides.has('right')) return { side: 'bilateral', at: [hits[0]!.at[0], hits.at(-1)!.at[1]] };
  return hits[0]!;
}

/** Care given in sessions, whose requests count visits. */
const SESSION_CATEGORIES = new Set<ServiceCategory>(['physical-therapy', 'occupational-therapy', 'chiropractic', 'acupuncture', 'psychological', 'program']);

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fourteen: 14, fifteen: 15, sixteen: 16, eighteen: 18, twenty: 20, twenty4: 24, once: 1, twice: 2,
};
const N = String.raw`(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|sixteen|eighteen|twenty)`;
const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : NUMBER_WORDS[s.toLowerCase()] ?? NaN);
/** A range of frequency or count (`2-3 times`, `12-18 sessions`, `1 to 2 times`): no one number of visits. */
const RANGE = new RegExp(String.raw`\b\d+\s*(?:-|to)\s*\d+\s*(?:x\b|times|sessions?|visits?|treatments?)|\b${N}\s+to\s+${N}\s+times`, 'i');
/** Ordered: a total stated in parentheses wins over the frequency it sums up. */
const VISIT_PATTERNS: { re: RegExp; count: (m: RegExpExecArray) => number }[] = [
  { re: new RegExp(String.raw`\(\s*${N}\s*(?:sessions?|visits?|treatments?)?\s*\)`, 'i'), count: (m) => num(m[1]!) },
  { re: new RegExp(String.raw`\b${N}\s*(?:x|times)\s*(?:a|per|each|\/)?\s*(?:week|wk)s?\s*(?:for|x|times|over)?\s*${N}\s*(?:weeks?|wks?)\b`, 'i'), count: (m) => num(m[1]!) * num(m[2]!) },
  { re: new RegExp(String.raw`\b(once|twice)\s+(?:a|per)\s+week\s+(?:for|x)\s+${N}\s+weeks?\b`, 'i'), count: (m) => num(m[1]!) * num(m[2]!) },
  { re: new RegExp(String.raw`\b${N}\s*x\s*${N}\b`, 'i'), count: (m) => num(m[1]!) * num(m[2]!) },
  { re: new RegExp(String.raw`\b${N}\s+times\s+${N}\s+(?:visits?|sessions?)\b`, 'i'), count: (m) => num(m[1]!) * num(m[2]!) },
  { re: new RegExp(String.raw`\b${N}\s+(?:\w+\s+){0,3}?(?:sessions?|visits?|treatments?)\b`, 'i'), count: (m) => num(m[1]!) },
  { re: new RegExp(String.raw`(?:#|\bx\s*|\btimes\s+|\bsessions?,?\s+)(\d+)\b(?!\s*(?:weeks?|wks?|days?|months?|hours?|%|mg))`, 'i'), count: (m) => num(m[1]!) },
];

/** Visits a session-based request asks for; null when not stated or stated as a range. */
export function findVisits(request: string, category: ServiceCategory): { visits: number; at: Span } | null {
  if (!SESSION_CATEGORIES.has(category) || RANGE.test(request)) return null;
  for (const { re, count } of VISIT_PATTERNS) {
    const m = re.exec(request);
    if (!m) continue;
    const visits = count(m);
    if (Number.isInteger(visits) && visits > 0 && visits < 400) return { visits, at: [m.index, m.index + m[0].length] };
  }
  return null;
}

const IMAGING_MODALITIES = imagingVocab.modalities.map((m) => ({ modality: m.modality, re: new RegExp(word(m.pattern), 'i') }));
const EMG = new RegExp(word(testModalities.emg.join('|')), 'i');
const NCV = new RegExp(word(testModalities.ncv.join('|')), 'i');
const TEST_RULES = testModalities.rules.map((r) => ({ modality: r.modality, re: new RegExp(word(r.patterns.join('|')), 'i') }));

/** The modality of an imaging or diagnostic-test request; null for other categories. */
export function findModality(request: string, category: ServiceCategory): ServiceNormalized['modality'] {
  if (category === 'imaging') {
    // The earliest modality word: `CT myelogram` is a myelogram only if the vocabulary says so first.
    const hits = IMAGING_MODALITIES.flatMap(({ modality, re }) => {
      const m = re.exec(request);
      return m ? [{ modality, at: m.index }] : [];
    });
    // A more specific modality named anywhere (arthrogram, myelogram, discogram, bone scan) wins over MRI/CT/x-ray.
    const specific = hits.find((h) => ['arthrogram', 'myelogram', 'discogram', 'bone-scan', 'dexa', 'nuclear'].includes(h.modality));
    if (specific) return specific.modality as ServiceNormalized['modality'];
    hits.sort((a, b) => a.at - b.at);
    return (hits[0]?.modality ?? 'other') as ServiceNormalized['modality'];
  }
  if (category !== 'diagnostic-test') return null;
  const emg = EMG.test(request);
  const ncv = NCV.test(request);
  if (emg && ncv) return 'emg-ncv';
  if (emg) return 'emg';
  if (ncv) return 'ncv';
  return (TEST_RULES.find((r) => r.re.test(request))?.modality ?? 'other-test') as ServiceNormalized['modality'];
}

/** RECORD.md's concept key: one key per treatment concept, built from the normalised values. */
export function conceptKey(category: ServiceCategory, modality: ServiceNormalized['modality'], regions: readonly BodyRegion[], drug: DrugRequest | null): string {
  if (category === 'pharmacy' && drug) {
    if (drug.ingredients.length > 0) return `${drug.compound ? 'compound' : 'drug'}:${drug.ingredients.join('+')}`;
    return `drug:${drug.brand ? drug.brand.toLowerCase() : 'unspecified'}`;
  }
  const where = regions.length > 0 ? regions.join('+') : 'unspecified';
  if (category === 'imaging' || category === 'diagnostic-test') return `${category}:${modality ?? 'other'}:${where}`;
  return `${category}:${where}`;
}

/** `ServiceNormalized` with the values read from the text as `Found`, for the record assembly. */
export interface NormalizedItem {
  modality: ServiceNormalized['modality'];
  bodyRegions: Found<BodyRegion>[];
  laterality: Found<'left' | 'right' | 'bilateral'> | null;
  visits: Found<number> | null;
  drug: NormalizedDrug | null;
  conceptKey: string;
}

/** The drug of a pharmacy request, its values read from the text as `Found`. */
export interface NormalizedDrug {
  ingredients: string[];
  brand: Found<string> | string | null;
  group: DrugRequest['group'];
  compound: boolean;
  route: Found<NonNullable<DrugRequest['route']>> | DrugRequest['route'];
  strength: Found<string> | string | null;
  quantity: Found<number> | number | null;
  refills: Found<number> | number | null;
}

/** A value with its span in the letter when the text gave one. */
function at<T>(value: T | null, local: Span | null | undefined, offset: number): Found<T> | T | null {
  return value !== null && local ? found(value, [offset + local[0], offset + local[1]]) : value;
}

/**
 * The normalised fields of one service. `request` is the request as it stands in the letter and
 * `offset` where it starts; `fallback` (the original request, likewise) is read when the request
 * names nothing (a fragment such as `with open carpal tunnel release`).
 */
export function normalizeService(
  category: ServiceCategory,
  request: { text: string; offset: number },
  fallback: { text: string; offset: number } | null,
): NormalizedItem {
  // The request names nothing (a fragment): read what the original request names instead.
  let source = request;
  let regions = findBodyRegions(request.text);
  let drug = category === 'pharmacy' ? parseDrugRequest(request.text) : null;
  if (fallback && regions.length === 0 && (drug === null || drug.evidence.names.length === 0)) {
    const fallbackRegions = findBodyRegions(fallback.text);
    const fallbackDrug = category === 'pharmacy' ? parseDrugRequest(fallback.text) : null;
    if (fallbackRegions.length > 0 || (fallbackDrug && fallbackDrug.evidence.names.length > 0)) {
      source = fallback;
      regions = fallbackRegions;
      drug = fallbackDrug;
    }
  }
  const { text, offset } = source;
  const side = findLaterality(text);
  const visits = findVisits(text, category);
  const modality = findModality(text, category);
  const e = drug?.evidence;
  return {
    modality,
    bodyRegions: regions.map((r) => found(r.region, [offset + r.at[0], offset + r.at[1]])),
    laterality: side ? found(side.side, [offset + side.at[0], offset + side.at[1]]) : null,
    visits: visits ? found(visits.visits, [offset + visits.at[0], offset + visits.at[1]]) : null,
    drug:
      drug && e
        ? {
            ingredients: drug.ingredients,
            brand: at(drug.brand, e.brand, offset),
            group: drug.group,
            compound: drug.compound,
            route: at(drug.route, e.route, offset),
            strength: at(drug.strength, e.strength.length > 0 ? [e.strength[0]![0], e.strength.at(-1)![1]] : null, offset),
            quantity: at(drug.quantity, e.quantity, offset),
            refills: at(drug.refills, e.refills, offset),
          }
        : null,
    conceptKey: conceptKey(category, modality, regions.map((r) => r.region), drug),
  };
}
