/**
 * A pharmacy request as a normalised drug (RECORD.md "Normalised fields (schema version 2)",
 * annotations/README.md "Version 2 fields", `drug`): ingredients, brand, group, compound, route,
 * strength, quantity and refills, each value read from the text with its `[start, end)` offsets
 * into the request string. Pure: the lexicon is data (vocab/drugs.json).
 */
import type { Span } from '../../record/schema.js';
import {
  DRUG_LEXICON,
  type DrugGroup,
  type DrugMention,
  type DrugRoute,
  findDrugMentions,
  PhraseSet,
  type Token,
  tokenize,
} from './drug-lexicon.js';

export { DRUG_GROUPS, DRUG_ROUTES, lookupDrug, findDrugNames, misspeltDrugName } from './drug-lexicon.js';
export type { DrugEntry, DrugGroup, DrugMention, DrugRoute } from './drug-lexicon.js';

export interface DrugEvidence {
  /** Every drug name read (brand or generic), in request order: where the ingredients come from. */
  names: Span[];
  brand: Span | null;
  /** Each strength printed (a compound may print one per ingredient). */
  strength: Span[];
  quantity: Span | null;
  refills: Span | null;
  /** The form word (or percentage strength) the route was read from; null when the drug's only route gave it. */
  route: Span | null;
  /** The `compound`/`compounded` word, when the request says so. */
  compound: Span | null;
}

export interface DrugRequest {
  ingredients: string[];
  brand: string | null;
  group: DrugGroup;
  compound: boolean;
  route: DrugRoute | null;
  strength: string | null;
  quantity: number | null;
  refills: number | null;
  evidence: DrugEvidence;
}

const words = DRUG_LEXICON.words;
const ROUTE_PHRASES: { kind: keyof typeof words.routeWords; set: PhraseSet }[] = (
  ['other', 'injection', 'patch', 'topical', 'oral', 'release'] as const
).map((kind) => ({ kind, set: new PhraseSet(words.routeWords[kind]) }));
const COMPOUND_WORDS = new PhraseSet(words.compoundWords);
const UNNAMED = new Set(words.unnamedProductWords.map((w) => w.toLowerCase()));
const FORM_TOKENS = new Set(['topical', 'oral', 'patch', 'injection'].flatMap((k) => words.routeWords[k as 'topical'].flatMap((w) => w.toLowerCase().split(/[^a-z0-9]+/))));

const NUMBER = String.raw`(?:\d+(?:\.\d+)?|\.\d+)`;
/** A strength unit: doses are in mg, mcg, units or percent; grams and millilitres alone are amounts, not strengths. */
const UNIT = String.raw`(?:mg|mcg|µg|%|units?|iu|meq)`;
/**
 * A dose strength as printed: `10/325mg`, `7.5-325mg`, `7.5 mg`, `5%`, `4%-27.5%-0.0325%`,
 * `10mg/1ml`, `25mcg/hr`, `30.5/30/16mg`: numbers joined by `/` or `-`, at least the last with a unit.
 */
const STRENGTH = new RegExp(
  String.raw`(?<![\w.#/-])(?:${NUMBER}\s*${UNIT}?\s*[/-]\s*)*${NUMBER}\s*${UNIT}(?:\s*/\s*(?:${NUMBER}\s*)?(?:ml|mg|mcg|g|%|hr|hour|h))*(?![a-z])`,
  'gi',
);
/** A bare number right after a drug name is its strength (`Norco 10/325 #90`, `Soma 350 #60`) unless a unit says it is an amount. */
const BARE_STRENGTH = new RegExp(String.raw`^\s*(${NUMBER}(?:\s*[/-]\s*${NUMBER})*)(?![\d.])(?!\s*(?:[a-z%]|[/-]\s*[a-z\d.]))`, 'i');
/** A count: `#90`, `Qty 60`, `quantity: 30`; `#60 grams` is an amount, not a count. */
const AMOUNT = String.raw`(?!\s*(?:g|gm|gms|grams?|ml|oz|ounces?|cc)\b)`;
const QUANTITY = [new RegExp(String.raw`#\s*(\d+)(?![\d.])${AMOUNT}`, 'g'), /\b(?:qty|quantity|dispense|disp)\b\.?\s*(?::|of|=)?\s*#?\s*(\d+)/gi, /\b(\d+)\s*(?:count|ct)\b/gi];
const COUNT_WORDS: Record<string, number> = { no: 0, zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12 };
const COUNT = String.raw`(\d+|${Object.keys(COUNT_WORDS).join('|')})`;
const REFILLS = [new RegExp(String.raw`\b${COUNT}\s+refills?\b`, 'gi'), new RegExp(String.raw`\brefills?\s*(?:x|:|#|=)?\s*(\d+)\b`, 'gi')];

/** Normalise one pharmacy request. Unknown products keep `ingredients: []`, the brand as printed and group `other`. */
export function parseDrugRequest(request: string): DrugRequest {
  const tokens = tokenize(request);
  const mentions = findDrugMentions(tokens);
  const inName = (start: number, end: number) => mentions.some((m) => start < m.extendedEnd && end > m.start);

  const ingredients = [...new Set(mentions.flatMap((m) => m.entry.ingredients))].sort();
  const brand = brandOf(request, tokens, mentions);
  const strengths = strengthsOf(request, mentions, inName);
  const quantity = firstCount(request, QUANTITY, inName);
  const refills = firstCount(request, REFILLS, inName);
  const compoundWord = phraseSpans(tokens, COMPOUND_WORDS)[0] ?? null;
  const compoundProduct = mentions.some((m) => m.entry.compound);

  let route: { route: DrugRoute; span: Span | null } | null = routeFromWords(tokens, mentions);
  const percent = strengths.find((s) => /%/.test(request.slice(s[0], s[1])));
  // A percentage is a topical's strength (oral doses are in mg), unless the drug is only injected.
  const onlyInjected = mentions.length > 0 && mentions.every((m) => m.entry.routes.length === 1 && m.entry.routes[0] === 'injection');
  if (!route && percent && !onlyInjected) {
    route = { route: 'topical', span: percent };
  }
  // A topical of a drug that has no topical form can only be pharmacy-compounded (`Gabapentin 10% cream`).
  const compoundedTopical = route?.route === 'topical' && mentions.some((m) => !m.entry.routes.includes('topical'));
  const compound = compoundWord !== null || compoundProduct || compoundedTopical || (route?.route === 'topical' && ingredients.length >= 2);
  // The drug's only route: for compounds only a compounded product's own (an ingredient's route says nothing of the compound).
  if (!route) {
    const from = compound ? mentions.filter((m) => m.entry.compound) : mentions;
    const routes = new Set(from.flatMap((m) => m.entry.routes));
    if (from.length > 0 && routes.size === 1) route = { route: [...routes][0]!, span: null };
  }

  const strengthValues = strengths.map(([s, e]) => request.slice(s, e).toLowerCase().replace(/\s+/g, ''));
  return {
    ingredients,
    brand: brand ? request.slice(brand[0], brand[1]) : null,
    group: groupOf(mentions, compound, route?.route ?? null),
    compound,
    route: route?.route ?? null,
    strength: strengthValues.length === 0 ? null : compound ? strengthValues.join('/') : strengthValues[0]!,
    quantity: quantity?.value ?? null,
    refills: refills?.value ?? null,
    evidence: {
      names: mentions.map((m) => [m.start, m.end] as Span),
      brand,
      strength: compound ? strengths : strengths.slice(0, 1),
      quantity: quantity?.span ?? null,
      refills: refills?.span ?? null,
      route: route?.span ?? null,
      compound: compoundWord,
    },
  };
}

/** The group: compounds are `compound`; a single-agent NSAID put on the skin is a topical analgesic, a local anaesthetic injected is not. */
function groupOf(mentions: DrugMention[], compound: boolean, route: DrugRoute | null): DrugGroup {
  if (compound) return 'compound';
  const first = mentions[0]?.entry;
  if (!first) return 'other';
  if (first.group === 'nsaid' && route === 'topical') return 'topical-analgesic';
  if (first.group === 'topical-analgesic' && route === 'injection') return 'other';
  return first.group;
}

/**
 * The route from the form words: the first form word wins over release words (`ER`), a patch is
 * transdermal only for a systemic drug (fentanyl, buprenorphine), and release words mean oral
 * only for a drug taken by mouth.
 */
function routeFromWords(tokens: readonly Token[], mentions: DrugMention[]): { route: DrugRoute; span: Span } | null {
  let release: { route: DrugRoute; span: Span } | null = null;
  for (let i = 0; i < tokens.length; i++) {
    for (const { kind, set } of ROUTE_PHRASES) {
      const n = set.matchAt(tokens, i);
      if (n === 0) continue;
      const span: Span = [tokens[i]!.start, tokens[i + n - 1]!.end];
      if (kind === 'release') {
        const oral = mentions.length === 0 || mentions.some((m) => m.entry.routes.includes('oral'));
        if (oral && !release) release = { route: 'oral', span };
        break;
      }
      if (kind === 'patch') {
        const systemic = mentions.some((m) => m.entry.routes.includes('transdermal'));
        return { route: systemic ? 'transdermal' : 'topical', span };
      }
      return { route: kind, span };
    }
  }
  return release;
}

/** Strength spans outside drug names, in order; a bare number counts only right after a name. */
function strengthsOf(request: string, mentions: DrugMention[], inName: (s: number, e: number) => boolean): Span[] {
  const spans: Span[] = [];
  for (const m of request.matchAll(STRENGTH)) {
    const span: Span = [m.index, m.index + m[0].length];
    if (!inName(span[0], span[1])) spans.push(span);
  }
  for (const m of mentions) {
    const after = request.slice(m.extendedEnd);
    const bare = BARE_STRENGTH.exec(after.replace(/^\s*\(/, (p) => ' '.repeat(p.length)));
    if (!bare) continue;
    const start = m.extendedEnd + bare[0].length - bare[1]!.length;
    const span: Span = [start, start + bare[1]!.length];
    if (!spans.some((s) => s[0] < span[1] && span[0] < s[1]) && !inName(span[0], span[1])) spans.push(span);
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

function firstCount(request: string, patterns: RegExp[], inName: (s: number, e: number) => boolean): { value: number; span: Span } | null {
  let best: { value: number; span: Span } | null = null;
  for (const re of patterns) {
    for (const m of request.matchAll(re)) {
      const span: Span = [m.index, m.index + m[0].length];
      if (inName(span[0], span[1])) continue;
      const word = m[1]!.toLowerCase();
      const value = COUNT_WORDS[word] ?? Number.parseInt(word, 10);
      if (!best || span[0] < best.span[0]) best = { value, span };
      break;
    }
  }
  return best;
}

function phraseSpans(tokens: readonly Token[], set: PhraseSet): Span[] {
  const out: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const n = set.matchAt(tokens, i);
    if (n > 0) out.push([tokens[i]!.start, tokens[i + n - 1]!.end]);
  }
  return out;
}

/**
 * The brand as printed: the first brand name read (`Meloxicam (Mobic)` gives `Mobic`) without
 * form words that belong to the name (`Lidoderm patch` gives `Lidoderm`). With no lexicon name,
 * an unknown product's name: the leading words before the first number, bracket or comma that are
 * not words naming no product (`medication`, `topical`, `cream`).
 */
function brandOf(request: string, tokens: readonly Token[], mentions: DrugMention[]): Span | null {
  const branded = mentions.find((m) => m.entry.brand !== null);
  if (branded) {
    let [first, last] = [branded.tokenRange[0], branded.tokenRange[0]];
    while (last + 1 < tokens.length && tokens[last + 1]!.end <= branded.end) last++;
    while (last > first && FORM_TOKENS.has(tokens[last]!.lower)) last--;
    return [tokens[first]!.start, tokens[last]!.end];
  }
  if (mentions.length > 0) return null;
  return unknownProduct(request, tokens);
}

function unknownProduct(request: string, tokens: readonly Token[]): Span | null {
  const named: Token[] = [];
  for (const t of tokens) {
    const gap = request.slice(named.length ? named[named.length - 1]!.end : 0, t.start);
    if (named.length > 0 && /[(,;:#\d]/.test(gap)) break;
    if (/^\d/.test(t.lower)) {
      if (named.length > 0) break;
      continue;
    }
    if (UNNAMED.has(t.lower) || FORM_TOKENS.has(t.lower)) {
      if (named.length > 0) break;
      continue;
    }
    // A product name is capitalised as printed; lower-case words before it are the request's own.
    if (named.length === 0 && !/^[A-Z]/.test(request.slice(t.start, t.end))) continue;
    named.push(t);
  }
  return named.length > 0 ? [named[0]!.start, named[named.length - 1]!.end] : null;
}
