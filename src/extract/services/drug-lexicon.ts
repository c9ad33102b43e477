/**
 * The drug lexicon (vocab/drugs.json): brand and generic names to ingredients, drug group and
 * usual routes. Validated at load, so that a bad entry fails at start naming the file and the
 * path inside it. One index is built at load: a lexicon name is found by its first word, then
 * its following words, so a letter is read word by word without a huge alternation.
 */
import distance from 'natural/lib/natural/distance/index.js';
import { z } from 'zod';
import lexiconJson from '../../vocab/drugs.json' with { type: 'json' };

import { DRUG_GROUPS, DRUG_ROUTES } from '../../record/schema.js';

export { DRUG_GROUPS, DRUG_ROUTES };
export type DrugGroup = (typeof DRUG_GROUPS)[number];
export type DrugRoute = (typeof DRUG_ROUTES)[number];

/** A name as its lowercase word tokens: `Hydrocodone/APAP` → `hydrocodone apap`, `Tylenol #3` → `tylenol 3`. */
export function nameKey(name: string): string {
  return (name.toLowerCase().match(/[a-z0-9]+/g) ?? []).join(' ');
}

/** Salt words that a lexicon ingredient never carries (`tramadol`, not `tramadol hcl`). */
const SALT_IN_INGREDIENT = /\b(?:hcl|hydrochloride|bitartrate|tartrate|besylate|maleate|succinate|mesylate|tromethamine|epolamine|hyclate)\b/;

const Entry = z
  .object({
    names: z.array(z.string().min(1)).min(1),
    brand: z.string().min(1).nullable().default(null),
    ingredients: z.array(z.string().regex(/^[a-z0-9][a-z0-9 ,'-]*$/, 'lower case')),
    group: z.enum(DRUG_GROUPS),
    routes: z.array(z.enum(DRUG_ROUTES)),
    compound: z.boolean().default(false),
    generic: z.string().min(1).optional(),
    diagnostic: z.boolean().default(false),
  })
  .strict()
  .superRefine((e, ctx) => {
    const sorted = [...new Set(e.ingredients)].sort();
    if (sorted.join('|') !== e.ingredients.join('|')) ctx.addIssue({ code: 'custom', path: ['ingredients'], message: 'must be sorted and unique' });
    e.ingredients.forEach((ing, i) => {
      if (SALT_IN_INGREDIENT.test(ing)) ctx.addIssue({ code: 'custom', path: ['ingredients', i], message: `salt not dropped: ${ing}` });
    });
    if (e.compound !== (e.group === 'compound')) ctx.addIssue({ code: 'custom', path: ['compound'], message: 'compound is true exactly when group is compound' });
    const topicalOnly = e.routes.length > 0 && e.routes.every((r) => r === 'topical');
    if (topicalOnly && e.ingredients.length >= 2 && !e.compound) ctx.addIssue({ code: 'custom', path: ['compound'], message: 'a topical with two or more active ingredients is a compound' });
    e.names.forEach((n, i) => {
      if (nameKey(n) === '') ctx.addIssue({ code: 'custom', path: ['names', i], message: 'a name needs a letter or digit' });
    });
  });

const Lexicon = z
  .object({
    $comment: z.string().optional(),
    $comment_words: z.string().optional(),
    saltWords: z.array(z.string().min(1)),
    routeWords: z.object({
      oral: z.array(z.string().min(1)),
      release: z.array(z.string().min(1)),
      topical: z.array(z.string().min(1)),
      patch: z.array(z.string().min(1)),
      injection: z.array(z.string().min(1)),
      other: z.array(z.string().min(1)),
    }),
    compoundWords: z.array(z.string().min(1)),
    misspellingSuffixes: z.array(z.string().regex(/^[a-z]+$/)),
    unnamedProductWords: z.array(z.string().min(1)),
    capitalisedOnly: z.array(z.string().min(1)),
    drugs: z.array(Entry),
  })
  .strict()
  .superRefine((lex, ctx) => {
    const known = new Set(lex.drugs.flatMap((e) => e.names.map(nameKey)));
    lex.capitalisedOnly.forEach((n, i) => {
      if (!known.has(nameKey(n))) ctx.addIssue({ code: 'custom', path: ['capitalisedOnly', i], message: `"${n}" is not a lexicon name` });
    });
    const owner = new Map<string, number>();
    lex.drugs.forEach((e, i) =>
      e.names.forEach((n, j) => {
        const key = nameKey(n);
        const first = owner.get(key);
        if (first !== undefined && first !== i) ctx.addIssue({ code: 'custom', path: ['drugs', i, 'names', j], message: `name "${n}" also belongs to drugs[${first}]` });
        else owner.set(key, i);
      }),
    );
  });

export type DrugLexiconFile = z.output<typeof Lexicon>;

export interface DrugEntry {
  /** The entry's first name as a key (`norco`, `hydrocodone apap`): unique in the lexicon. */
  id: string;
  names: string[];
  brand: string | null;
  ingredients: string[];
  group: DrugGroup;
  routes: DrugRoute[];
  compound: boolean;
  /** The medication a medication list counts this name under: a brand and its generic are one (`Norco`, `hydrocodone`); a compounded product is its own. */
  generic: string;
  diagnostic: boolean;
}

export interface DrugLexicon {
  entries: DrugEntry[];
  /** Every name's key → its entry. */
  byName: Map<string, DrugEntry>;
  /** Names by their first word, longest first: a word lookup instead of one huge alternation. */
  byFirstToken: Map<string, { tokens: string[]; entry: DrugEntry }[]>;
  /** Names that are also ordinary words (`versed`, `iron`): a drug only when printed capitalised. */
  capitalisedOnly: Set<string>;
  words: Omit<DrugLexiconFile, 'drugs' | '$comment' | '$comment_words'>;
}

/** Parse and index a lexicon; a bad file throws naming the file and the path of each problem. */
export function loadDrugLexicon(json: unknown, file: string): DrugLexicon {
  const parsed = Lexicon.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`invalid drug lexicon\n${problems.join('\n')}`);
  }
  const { drugs, $comment: _c, $comment_words: _w, ...words } = parsed.data;
  const entries: DrugEntry[] = drugs.map((e) => ({
    id: nameKey(e.names[0]!),
    names: e.names,
    brand: e.brand,
    ingredients: e.ingredients,
    group: e.group,
    routes: e.routes,
    compound: e.compound,
    // A compounded or multi-agent product is its own medication; otherwise its ingredients are.
    generic: e.generic ?? (e.ingredients.length > 0 && !e.compound ? e.ingredients.join('/') : nameKey(e.brand ?? e.names[0]!)),
    diagnostic: e.diagnostic,
  }));
  const byName = new Map<string, DrugEntry>();
  const byFirstToken = new Map<string, { tokens: string[]; entry: DrugEntry }[]>();
  for (const entry of entries) {
    for (const name of entry.names) {
      const key = nameKey(name);
      byName.set(key, entry);
      const tokens = key.split(' ');
      const list = byFirstToken.get(tokens[0]!) ?? [];
      list.push({ tokens, entry });
      byFirstToken.set(tokens[0]!, list);
    }
  }
  for (const list of byFirstToken.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  return { entries, byName, byFirstToken, capitalisedOnly: new Set(words.capitalisedOnly.map(nameKey)), words };
}

export const DRUG_LEXICON = loadDrugLexicon(lexiconJson, 'src/vocab/drugs.json');

/** A word of a text with its `[start, end)` offsets. */
export interface Token {
  lower: string;
  start: number;
  end: number;
  /** Printed with a capital first letter. */
  capital: boolean;
}

const WORD = /[A-Za-z0-9]+/g;

export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null && m.index < to) {
    const first = m[0].charCodeAt(0);
    out.push({ lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length, capital: first >= 65 && first <= 90 });
  }
  WORD.lastIndex = 0;
  return out;
}

/** A set of phrases matched on word tokens (`by mouth`, `extended release`), longest first. */
export class PhraseSet {
  private readonly byFirst = new Map<string, string[][]>();
  constructor(phrases: readonly string[]) {
    for (const p of phrases) {
      const tokens = nameKey(p).split(' ').filter(Boolean);
      if (tokens.length === 0) continue;
      const list = this.byFirst.get(tokens[0]!) ?? [];
      list.push(tokens);
      this.byFirst.set(tokens[0]!, list.sort((a, b) => b.length - a.length));
    }
  }
  /** How many tokens from `at` form a phrase of the set (0 when none). */
  matchAt(tokens: readonly Token[], at: number): number {
    const candidates = this.byFirst.get(tokens[at]?.lower ?? '');
    const hit = candidates?.find((c) => c.every((t, k) => tokens[at + k]?.lower === t));
    return hit ? hit.length : 0;
  }
}

const SALT_WORDS = new PhraseSet(DRUG_LEXICON.words.saltWords);
const SUFFIXES = DRUG_LEXICON.words.misspellingSuffixes;

/** A drug name found in a text. */
export interface DrugMention {
  entry: DrugEntry;
  /** `[start, end)` of the name as printed, without salt or release words. */
  start: number;
  end: number;
  /** End of the name with the salt and release words that follow it (`Pantoprazole sod DR`). */
  extendedEnd: number;
  /** Token index range `[first, after)` covered by the name and its trailing words. */
  tokenRange: [number, number];
  /** Found by closeness to a lexicon name, not by the name itself (`Ketaprofen`). */
  misspelt: boolean;
}

/** Every lexicon name in `tokens` (from `tokenize`), longest name first at each word, left to right. */
export function findDrugMentions(tokens: readonly Token[], lexicon: DrugLexicon = DRUG_LEXICON): DrugMention[] {
  const out: DrugMention[] = [];
  for (let i = 0; i < tokens.length; ) {
    const candidates = lexicon.byFirstToken.get(tokens[i]!.lower);
    const hit = candidates?.find(
      (c) => c.tokens.every((t, k) => tokens[i + k]?.lower === t) && (tokens[i]!.capital || !lexicon.capitalisedOnly.has(c.tokens.join(' '))),
    );
    let length = hit?.tokens.length ?? 0;
    let entry = hit?.entry;
    let misspelt = false;
    if (!entry) {
      const fuzzy = misspeltDrugName(tokens[i]!.lower, lexicon);
      if (fuzzy) {
        entry = fuzzy;
        length = 1;
        misspelt = true;
      }
    }
    if (!entry) {
      i++;
      continue;
    }
    let after = i + length;
    for (let n = SALT_WORDS.matchAt(tokens, after); n > 0; n = SALT_WORDS.matchAt(tokens, after)) after += n;
    out.push({ entry, start: tokens[i]!.start, end: tokens[i + length - 1]!.end, extendedEnd: tokens[after - 1]!.end, tokenRange: [i, after], misspelt });
    i = after;
  }
  return out;
}

/** Every lexicon name in a text (a sentence, a request), with its span. */
export function findDrugNames(text: string, from = 0, to = text.length): DrugMention[] {
  return findDrugMentions(tokenize(text, from, to));
}

/** The lexicon entry a name stands for: exact, then without trailing salt or release words, then a close misspelling. */
export function lookupDrug(name: string, lexicon: DrugLexicon = DRUG_LEXICON): DrugEntry | null {
  const key = nameKey(name);
  const exact = lexicon.byName.get(key);
  if (exact) return exact;
  const tokens = tokenize(name);
  const mentions = findDrugMentions(tokens, lexicon);
  // The whole name must be one lexicon name followed only by salt or release words.
  const only = mentions.length === 1 && mentions[0]!.tokenRange[0] === 0 && mentions[0]!.tokenRange[1] === tokens.length ? mentions[0]! : null;
  return only?.entry ?? null;
}

/** Single-word names long enough to be checked for misspellings, by their first three letters. */
const FUZZY_BY_PREFIX = new WeakMap<DrugLexicon, Map<string, string[]>>();
function fuzzyIndex(lexicon: DrugLexicon): Map<string, string[]> {
  let index = FUZZY_BY_PREFIX.get(lexicon);
  if (!index) {
    index = new Map();
    for (const name of lexicon.byName.keys()) {
      if (!/^[a-z]+$/.test(name) || name.length < 7) continue;
      index.set(name.slice(0, 3), [...(index.get(name.slice(0, 3)) ?? []), name]);
    }
    FUZZY_BY_PREFIX.set(lexicon, index);
  }
  return index;
}

/**
 * A misspelt lexicon name (`Ketaprofen`, `Cyclobenzapine`): same first three letters and close by
 * Jaro-Winkler. Words with a drug-name ending need 0.9; long words without one need 0.95, and short
 * ones are never taken, so that ordinary words are not read as drugs.
 */
export function misspeltDrugName(word: string, lexicon: DrugLexicon = DRUG_LEXICON): DrugEntry | null {
  if (word.length < 7) return null;
  // The same long words come back letter after letter (`radiculopathy`): their answer is kept.
  let memo = MISSPELT.get(lexicon);
  if (!memo) MISSPELT.set(lexicon, (memo = new Map()));
  const known = memo.get(word);
  if (known !== undefined) return known;
  const entry = closestName(word.toLowerCase(), lexicon);
  if (memo.size >= MISSPELT_LIMIT) memo.clear();
  memo.set(word, entry);
  return entry;
}

/** Answers of `misspeltDrugName` by word, per lexicon (bounded: emptied past MISSPELT_LIMIT words). */
const MISSPELT = new WeakMap<DrugLexicon, Map<string, DrugEntry | null>>();
const MISSPELT_LIMIT = 50_000;

function closestName(lower: string, lexicon: DrugLexicon): DrugEntry | null {
  if (!/^[a-z]+$/.test(lower) || lexicon.byName.has(lower)) return null;
  const drugLike = SUFFIXES.some((s) => lower.endsWith(s));
  if (!drugLike && lower.length < 10) return null;
  let best = '';
  let bestScore = 0;
  for (const name of fuzzyIndex(lexicon).get(lower.slice(0, 3)) ?? []) {
    const score = distance.JaroWinklerDistance(lower, name);
    if (score > bestScore) {
      bestScore = score;
      best = name;
    }
  }
  return bestScore >= (drugLike ? 0.9 : 0.95) ? lexicon.byName.get(best)! : null;
}
