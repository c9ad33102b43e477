/**
 * ICD-10-CM (FY2026) code for one diagnosis text, precision first: null unless the words
 * support one code without guessing (RECORD.md "Decided once for version 2", annotations/README
 * `diagnoses[].icd10`). docs/ICD10.md describes the table, the matching and its limits.
 *
 * In order, the first that settles the text wins: rewrites (`not otherwise specified`) →
 * refusals (status post, hedged, negated) → an official title with the same words (unless it
 * heads codes and the rules or index name one below it: `Opioid dependence` → F11.20) → the
 * synonym rules for workers' compensation wording (vocab/icd10-synonyms.json) → the alphabetic
 * index terms. Rules or index terms that name different codes give null. The code found is then
 * narrowed down the tabular tree: by the side and details the text states (a fracture not
 * stated nondisplaced is displaced), else to the child for `unspecified`, else it stays (the
 * level above).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { childrenOf, codesTitled, expandIndexFor, loadIcd10Table, mayRequire, termAllows, termCode, termPath, termsRequiring, titleWords, withDot, withoutDot, type Icd10Table } from './icd10-table.js';
import { BAG_HASH_MASK, variantMap, wordHash, words, type Variants } from './icd10-words.js';

export interface Icd10Code {
  /** With the dot: `M54.16`, `S16.1`, `S83.241`. */
  code: string;
  /** The official FY2026 title of exactly that code. */
  title: string;
}

export type Icd10Source = 'title' | 'rule' | 'index';

export interface Icd10Explanation {
  result: Icd10Code | null;
  /** Where the code came from, or why there is none. */
  source: Icd10Source | 'refused' | 'disagree' | 'none';
  /** The rule id, index term path, or refusal reason. */
  detail: string;
}

export const ICD10_SYNONYMS_FILE = fileURLToPath(new URL('../../vocab/icd10-synonyms.json', import.meta.url));

type Side = 'right' | 'left' | 'bilateral';

const DottedCode = z.string().regex(/^[A-Z][0-9A-Z]{2}(?:\.[0-9A-Z]{1,4})?$/, 'an ICD-10-CM code with dot');
const Rule = z.object({
  id: z.string().min(1),
  note: z.string().optional(),
  /** Each slot is filled by one word of the text, any of the slot's alternatives. */
  slots: z.array(z.array(z.string().min(1)).min(1)).min(1),
  /** Words or phrases the text may also hold. */
  optional: z.array(z.string().min(1)).default([]),
  /** Site id → code (null: refuse). Without `sites`, site words must be slots or optional. */
  sites: z.record(z.string(), DottedCode.nullable()).optional(),
  /** Site words are accepted and do not change the code. */
  anySite: z.boolean().default(false),
  /** The code without a site; null refuses; absent: the rule needs a site. */
  code: DottedCode.nullable().optional(),
  /**
   * Two conditions named together for one site (`lumbar sprain/strain`): a slot word → the rule
   * that codes it. The first one named decides, read without the other and the words joining them.
   */
  firstNamed: z.record(z.string(), z.string().min(1)).optional(),
}).strict();

const Why = z.string().min(1);

const SynonymsFile = z.object({
  comment: z.string().optional(),
  variants: z.record(z.string(), z.string().min(1)),
  sideWords: z.record(z.string(), z.enum(['right', 'left', 'bilateral'])),
  /** Wording rewritten before anything else (`not otherwise specified` → `unspecified`); `to` may use `$1`. */
  rewrites: z.array(z.object({ pattern: z.string().min(1), to: z.string(), why: Why }).strict()).default([]),
  refusals: z.array(z.object({ pattern: z.string().min(1), why: Why }).strict()),
  encounterPatterns: z.array(z.string().min(1)),
  unspecifiedWords: z.array(z.string().min(1)),
  axisWords: z.array(z.string().min(1)),
  /** The word the index uses for one side (`Osteoarthritis > knee > unilateral`): implied by right or left. */
  unilateralWord: z.string().min(1).optional(),
  /** Where a code's children split on `word` and the text states neither it nor `unless`, the child with `word` (the index's default). */
  defaultChildWords: z.array(z.object({ word: z.string().min(1), unless: z.array(z.string().min(1)), why: Why }).strict()).default([]),
  /** Comma parts of an index main term that are its default sense and need not be written (`Fracture, traumatic`). */
  indexDefaultQualifiers: z.array(z.object({ word: z.string().min(1), why: Why }).strict()).default([]),
  sites: z.record(z.string(), z.array(z.string().min(1)).min(1)),
  /**
   * Spinal levels and nerve roots, sites inside a region. A level in the text makes the sites it
   * `absorbs` (its region named loosely: `lumbar` beside `L5-S1`) say nothing more. A rule
   * without a code for a level takes its `region`'s; a root (`C7`, `S1`) has no region and
   * counts only for the rules that name it (radiculopathy, not a disc).
   */
  siteLevels: z.record(z.string(), z.object({ region: z.string().min(1).optional(), absorbs: z.array(z.string().min(1)) }).strict()).default({}),
  rules: z.array(Rule),
}).strict().superRefine((file, ctx) => {
  const ids = new Set<string>();
  const knownSite = (site: string, path: (string | number)[]) => {
    if (!(site in file.sites)) ctx.addIssue({ code: 'custom', path, message: `unknown site ${site}` });
  };
  file.rules.forEach((rule, i) => {
    if (ids.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id ${rule.id}` });
    ids.add(rule.id);
    for (const site of Object.keys(rule.sites ?? {})) knownSite(site, ['rules', i, 'sites', site]);
    if (rule.anySite && rule.sites) ctx.addIssue({ code: 'custom', path: ['rules', i], message: 'anySite and sites exclude each other' });
    if (rule.firstNamed) {
      if (rule.sites || rule.anySite || rule.code !== undefined) ctx.addIssue({ code: 'custom', path: ['rules', i], message: 'a firstNamed rule takes its code from the rules it names: no sites, anySite or code' });
      for (const [word, target] of Object.entries(rule.firstNamed)) {
        const where = ['rules', i, 'firstNamed', word];
        if (!rule.slots.some((slot) => slot.includes(word))) ctx.addIssue({ code: 'custom', path: where, message: `${word} is in no slot` });
        const named = file.rules.find((r) => r.id === target);
        if (!named) ctx.addIssue({ code: 'custom', path: where, message: `unknown rule ${target}` });
        else if (named.firstNamed) ctx.addIssue({ code: 'custom', path: where, message: `rule ${target} is itself a firstNamed rule` });
      }
    } else if ((rule.anySite || !rule.sites) && rule.code === undefined) ctx.addIssue({ code: 'custom', path: ['rules', i, 'code'], message: 'a rule without a site map needs a code (or null)' });
  });
  for (const [site, level] of Object.entries(file.siteLevels)) {
    knownSite(site, ['siteLevels', site]);
    if (level.region !== undefined) knownSite(level.region, ['siteLevels', site, 'region']);
    level.absorbs.forEach((s, j) => knownSite(s, ['siteLevels', site, 'absorbs', j]));
  }
  const patterns: [string, string][] = [
    ...file.rewrites.map((r, i) => [`rewrites.${i}.pattern`, r.pattern] as [string, string]),
    ...file.refusals.map((r, i) => [`refusals.${i}.pattern`, r.pattern] as [string, string]),
    ...file.encounterPatterns.map((p, i) => [`encounterPatterns.${i}`, p] as [string, string]),
  ];
  for (const [where, pattern] of patterns) {
    try { new RegExp(pattern); } catch (err) { ctx.addIssue({ code: 'custom', path: where.split('.'), message: `bad pattern: ${String(err)}` }); }
  }
});
export type SynonymsFile = z.infer<typeof SynonymsFile>;

/** Parses the synonym file; an error names the file and the path inside it. */
export function parseSynonyms(json: unknown, file = ICD10_SYNONYMS_FILE): SynonymsFile {
  const parsed = SynonymsFile.safeParse(json);
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

interface CompiledRule {
  id: string;
  slots: Set<string>[];
  optional: string[][];
  sites: Map<string, string | null> | null;
  anySite: boolean;
  /** Table form (no dot); null refuses; undefined: a site is needed. */
  code: string | null | undefined;
  /** Slot word → the position of the rule that codes it, when the first one named decides. */
  firstNamed: Map<string, number> | null;
}

interface Matcher {
  table: Icd10Table;
  variants: Variants;
  sideWords: Map<string, Side>;
  rewrites: { re: RegExp; to: string }[];
  refusals: { re: RegExp; why: string }[];
  encounter: RegExp[];
  unspecified: Set<string>;
  axis: Set<string>;
  unilateral: string | null;
  defaultChildWords: { word: string; unless: string[] }[];
  /** Site phrases, longest first. */
  sitePhrases: { site: string; words: string[] }[];
  siteLevels: Map<string, { region: string | undefined; absorbs: Set<string> }>;
  rules: CompiledRule[];
  /** A word of a rule's first slot → the positions of the rules it may start (a text is tried only on those). */
  rulesByWord: Map<string, number[]>;
  /** Code position → the words of its own and all its descendants' titles (filled on demand). */
  detailWords: Map<number, Set<string>>;
  /**
   * Codes already given, by diagnosis text: the same wording (`Lumbar sprain/strain`) comes back
   * letter after letter. Bounded: emptied past CODED_LIMIT texts.
   */
  coded: Map<string, Icd10Code | null>;
}

function compile(file: SynonymsFile, variants: Variants, table: Icd10Table, source = ICD10_SYNONYMS_FILE): Matcher {
  const norm = (phrase: string) => words(phrase, variants);
  const one = (word: string, where: string) => {
    const ws = norm(word);
    if (ws.length !== 1) throw new Error(`${source}: ${where}: "${word}" must be one word after normalising, is [${ws.join(', ')}]`);
    return ws[0]!;
  };
  const tableCode = (code: string | null | undefined, where: string) => {
    if (code === null || code === undefined) return code;
    const bare = withoutDot(code);
    if (!table.position.has(bare)) throw new Error(`${source}: ${where}: ${code} is not in the ICD-10-CM table`);
    return bare;
  };
  const ruleAt = new Map(file.rules.map((rule, i) => [rule.id, i]));
  const rules = file.rules.map((rule, i): CompiledRule => ({
    id: rule.id,
    slots: rule.slots.map((slot, j) => new Set(slot.map((w) => one(w, `rules.${i}.slots.${j}`)))),
    optional: rule.optional.map(norm).filter((ws) => ws.length > 0).sort((a, b) => b.length - a.length),
    sites: rule.sites ? new Map(Object.entries(rule.sites).map(([site, code]) => [site, tableCode(code, `rules.${i}.sites.${site}`) ?? null])) : null,
    anySite: rule.anySite,
    code: tableCode(rule.code, `rules.${i}.code`),
    firstNamed: rule.firstNamed ? new Map(Object.entries(rule.firstNamed).map(([w, id]) => [one(w, `rules.${i}.firstNamed.${w}`), ruleAt.get(id)!])) : null,
  }));
  const sitePhrases = Object.entries(file.sites)
    .flatMap(([site, phrases]) => phrases.map((p) => ({ site, words: norm(p) })))
    .sort((a, b) => b.words.length - a.words.length);
  return {
    table,
    variants,
    sideWords: new Map(Object.entries(file.sideWords).map(([w, side]) => [one(w, `sideWords.${w}`), side])),
    rewrites: file.rewrites.map((r) => ({ re: new RegExp(r.pattern, 'gi'), to: r.to })),
    refusals: file.refusals.map((r) => ({ re: new RegExp(r.pattern, 'i'), why: r.why })),
    encounter: file.encounterPatterns.map((p) => new RegExp(p, 'gi')),
    unspecified: new Set(file.unspecifiedWords.map((w) => one(w, 'unspecifiedWords'))),
    axis: new Set(file.axisWords.map((w) => one(w, 'axisWords'))),
    unilateral: file.unilateralWord === undefined ? null : one(file.unilateralWord, 'unilateralWord'),
    defaultChildWords: file.defaultChildWords.map((d, i) => ({ word: one(d.word, `defaultChildWords.${i}.word`), unless: d.unless.map((w) => one(w, `defaultChildWords.${i}.unless`)) })),
    sitePhrases,
    siteLevels: new Map(Object.entries(file.siteLevels).map(([site, level]) => [site, { region: level.region, absorbs: new Set(level.absorbs) }])),
    rules,
    rulesByWord: rules.reduce((map, rule, i) => {
      for (const w of rule.slots[0]!) (map.get(w) ?? map.set(w, []).get(w)!).push(i);
      return map;
    }, new Map<string, number[]>()),
    detailWords: new Map(),
    coded: new Map(),
  };
}

let loaded: Matcher | null = null;

/**
 * Loads and checks the synonym file and the compact table, and builds the indexes (about a
 * fifth of a second, once per process). `codeDiagnosis` calls it on first use; call it at
 * start to fail early on a bad data file.
 */
export function loadIcd10Matcher(): void {
  if (loaded) return;
  const synonyms = parseSynonyms(JSON.parse(readFileSync(ICD10_SYNONYMS_FILE, 'utf8')));
  const variants = variantMap(synonyms.variants);
  const defaultQualifiers = new Set(synonyms.indexDefaultQualifiers.flatMap((q) => words(q.word, variants)));
  loaded = compile(synonyms, variants, loadIcd10Table(variants, defaultQualifiers));
}

function matcher(): Matcher {
  loadIcd10Matcher();
  return loaded!;
}

/** The official title of a code of the compact table (written with or without its dot), or null. */
export function icd10Title(code: string): string | null {
  const m = matcher();
  const at = m.table.position.get(code.replace('.', ''));
  return at === undefined ? null : m.table.title[at]!;
}

const CODED_LIMIT = 50_000;

/** The ICD-10-CM code and official title for one diagnosis text, or null when the words do not settle one. */
export function codeDiagnosis(text: string): Icd10Code | null {
  const { coded } = matcher();
  const known = coded.get(text);
  if (known !== undefined) return known && { ...known };
  const result = explainDiagnosisCode(text).result;
  if (coded.size >= CODED_LIMIT) coded.clear();
  coded.set(text, result);
  return result && { ...result };
}

/** `codeDiagnosis` with where the code came from, or why there is none. */
export function explainDiagnosisCode(text: string): Icd10Explanation {
  const m = matcher();
  let t = text;
  for (const r of m.rewrites) t = t.replace(r.re, r.to);
  for (const r of m.refusals) if (r.re.test(t)) return none('refused', r.why);

  const read = readText(m, t);
  if (read.all.length === 0) return none('none', 'no words');
  const found = (code: string, source: Icd10Source, detail: string): Icd10Explanation => {
    const at = narrow(m, m.table.position.get(code)!, read.all, read.side);
    return { result: { code: withDot(m.table.code[at]!), title: m.table.title[at]! }, source, detail };
  };

  const titled = titleMatch(m, read.all);
  if (titled === null) return ruleOrIndex(m, read, found);
  const byTitle = found(m.table.code[titled]!, 'title', m.table.title[titled]!);
  // A title that heads other codes (`Opioid dependence` F11.2, `Type 2 diabetes mellitus` E11):
  // the rules or the index may name the child it stands for, one whose title restates it and
  // adds the default (F11.20 `…, uncomplicated`, E11.9 `… without complications`).
  const bare = withoutDot(byTitle.result!.code);
  if (childrenOf(m.table, m.table.position.get(bare)!).length === 0) return byTitle;
  const byWords = ruleOrIndex(m, read, found);
  const deeper = byWords.result ? withoutDot(byWords.result.code) : '';
  if (!(deeper.length > bare.length && deeper.startsWith(bare))) return byTitle;
  const restated = new Set(titleWords(m.table, m.table.position.get(deeper)!));
  return titleWords(m.table, titled).every((w) => restated.has(w)) ? byWords : byTitle;
}

function none(source: Icd10Explanation['source'], detail: string): Icd10Explanation {
  return { result: null, source, detail };
}

/** The synonym rules, then the index terms. */
function ruleOrIndex(m: Matcher, read: ReadText, found: (code: string, source: Icd10Source, detail: string) => Icd10Explanation): Icd10Explanation {
  // The rules are curated for this wording: when one settles the text, the index is not asked.
  const ruled = ruleMatch(m, read.content);
  if (ruled.kind === 'refuse') return none('refused', `rule ${ruled.id}`);
  if (ruled.kind === 'disagree') return none('disagree', ruled.detail);
  if (ruled.kind === 'code') return found(ruled.code, 'rule', ruled.id);
  // `right knee osteoarthritis` is one side: the index's `Osteoarthritis > knee > unilateral`;
  // `both knees` is its `bilateral`.
  const implied = read.side === 'bilateral' ? ['bilateral'] : m.unilateral && read.side ? [m.unilateral] : [];
  const indexed = indexMatch(m, read.all, read.side, implied);
  if (indexed.kind === 'code') return found(indexed.code, 'index', indexed.path);
  if (indexed.kind === 'disagree') return none('disagree', indexed.detail);
  return none('none', 'no title, rule or index term matches');
}

interface ReadText {
  /** All normalised words, side words included. */
  all: string[];
  /** The words without side words. */
  content: string[];
  side: Side | null;
}

function readText(m: Matcher, text: string): ReadText {
  let t = text;
  for (const re of m.encounter) t = t.replace(re, ' ');
  // A parenthesis adds detail (`radiculopathy, cervical region (right arm)`): only its side counts.
  t = t.replace(/\(([^()]*)\)/g, (_all, inner: string) => ` ${words(inner, m.variants).filter((w) => m.sideWords.has(w)).join(' ')} `);
  const all = words(t, m.variants);
  const sides = new Set(all.filter((w) => m.sideWords.has(w)).map((w) => m.sideWords.get(w)!));
  const side: Side | null = sides.has('bilateral') || (sides.has('right') && sides.has('left')) ? 'bilateral' : sides.has('right') ? 'right' : sides.has('left') ? 'left' : null;
  // `right-sided`, `left side`: with the side read, `side` says nothing more.
  const content = all.filter((w) => !m.sideWords.has(w) && !(side && w === 'side'));
  // `left and right` leaves an `and` that joins two sides, not two conditions.
  if (sides.has('right') && sides.has('left')) {
    const i = content.indexOf('and');
    if (i >= 0 && all.some((w, j) => w === 'and' && m.sideWords.has(all[j - 1] ?? '') && m.sideWords.has(all[j + 1] ?? ''))) content.splice(i, 1);
  }
  return { all, content, side };
}

/**
 * The code whose title has exactly the text's words. Titles with the same words in another
 * order (`Fracture of unspecified lumbar vertebra`, `Unspecified fracture of unspecified lumbar
 * vertebra`) are told apart by word order, else by taking the deepest when each is above the
 * next; otherwise nothing.
 */
function titleMatch(m: Matcher, all: string[]): number | null {
  let titled = codesTitled(m.table, all);
  if (titled.length > 1) {
    const sequence = all.join(' ');
    const inOrder = titled.filter((at) => titleWords(m.table, at).join(' ') === sequence);
    if (inOrder.length > 0) titled = inOrder;
  }
  if (titled.length === 0) return null;
  const deepest = titled.reduce((a, b) => (m.table.code[b]!.length > m.table.code[a]!.length ? b : a));
  return titled.every((at) => m.table.code[deepest]!.startsWith(m.table.code[at]!)) ? deepest : null;
}

type RuleResult = { kind: 'code'; code: string; id: string } | { kind: 'refuse'; id: string } | { kind: 'disagree'; detail: string } | { kind: 'none' };

function ruleMatch(m: Matcher, content: string[]): RuleResult {
  const hits: { id: string; code: string | null }[] = [];
  const tried = [...new Set(content.flatMap((w) => m.rulesByWord.get(w) ?? []))].sort((a, b) => a - b);
  for (const rule of tried.map((i) => m.rules[i]!)) {
    const code = applyRule(m, rule, content);
    if (code !== undefined) hits.push({ id: rule.id, code });
  }
  const refusal = hits.find((h) => h.code === null);
  if (refusal) return { kind: 'refuse', id: refusal.id };
  const codes = new Set(hits.map((h) => h.code!));
  if (codes.size > 1) return { kind: 'disagree', detail: hits.map((h) => `rule ${h.id} ${withDot(h.code!)}`).join(' vs ') };
  return hits.length ? { kind: 'code', code: hits[0]!.code!, id: hits[0]!.id } : { kind: 'none' };
}

/** Removes the first run of `phrase` from `ws`; true when found. */
function takePhrase(ws: string[], phrase: string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= ws.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (ws[i + j] !== phrase[j]) continue outer;
    ws.splice(i, phrase.length);
    return true;
  }
  return false;
}

/** The code a rule gives (null: refuse), or undefined when the rule does not explain every word. */
function applyRule(m: Matcher, rule: CompiledRule, content: string[]): string | null | undefined {
  if (!rule.slots.every((slot) => content.some((w) => slot.has(w)))) return undefined;
  if (rule.firstNamed) return applyFirstNamed(m, rule, rule.firstNamed, content);
  const rest = [...content];
  for (const slot of rule.slots) {
    const i = rest.findIndex((w) => slot.has(w));
    if (i < 0) return undefined;
    rest.splice(i, 1);
  }
  const sites: string[] = [];
  if (rule.sites || rule.anySite) {
    for (let found = true; found;) {
      found = false;
      for (const p of m.sitePhrases) if (takePhrase(rest, p.words)) { sites.push(p.site); found = true; break; }
    }
  }
  for (const phrase of rule.optional) while (takePhrase(rest, phrase));
  // `neck and shoulder strain`: an `and` between sites is settled by the site codes below.
  if (sites.length > 1) while (takePhrase(rest, ['and']));
  // `unspecified` says what narrowing takes anyway.
  if (rest.some((w) => !m.unspecified.has(w))) return undefined;
  if (rule.anySite || !rule.sites) return rule.code ?? null;
  if (sites.length === 0) return rule.code;
  // `cervical disc herniation at C6-7`: the level says which part of the region.
  const levels = sites.map((s) => m.siteLevels.get(s)).filter((l) => l !== undefined);
  const named = sites.filter((s) => !levels.some((l) => l.absorbs.has(s)));
  const codes = new Set<string | null>();
  for (const site of named) {
    const region = m.siteLevels.get(site)?.region;
    const code = rule.sites.has(site) ? rule.sites.get(site) : region !== undefined && rule.sites.has(region) ? rule.sites.get(region) : undefined;
    if (code === undefined) return undefined;
    codes.add(code);
  }
  if (codes.has(null) || codes.size > 1) return null;
  return [...codes][0]!;
}

/**
 * `lumbar sprain/strain`, `cervical strain and sprain`: the rule of the first condition named,
 * applied to the text without the others and the words joining them (the rule's optional words
 * between the two).
 */
function applyFirstNamed(m: Matcher, rule: CompiledRule, firstNamed: Map<string, number>, content: string[]): string | null | undefined {
  const positions = rule.slots.map((slot) => content.findIndex((w) => slot.has(w)));
  const first = Math.min(...positions);
  const target = firstNamed.get(content[first]!);
  if (target === undefined) return undefined;
  const others = new Set(positions.filter((p) => p !== first));
  const last = Math.max(...positions);
  const joining = new Set(rule.optional.filter((ws) => ws.length === 1).map((ws) => ws[0]!));
  const reduced = content.filter((w, i) => !others.has(i) && !(i > first && i < last && joining.has(w)));
  return applyRule(m, m.rules[target]!, reduced);
}

type IndexResult = { kind: 'code'; code: string; path: string } | { kind: 'disagree'; detail: string } | { kind: 'none' };

/** Most words of a text tried as an index term's path words (2^n subsets are looked up). */
const MAX_INDEX_WORDS = 8;

/** Bit masks over n words, most words first: the search stops at the largest subset that matches. */
const MASKS_BY_SIZE: number[][] = Array.from({ length: MAX_INDEX_WORDS + 1 }, (_, n) =>
  Array.from({ length: (1 << n) - 1 }, (_, i) => i + 1).sort((a, b) => popcount(b) - popcount(a)));

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

/**
 * Index terms whose path words are all in the text and whose other text words are the term's
 * modifiers, words of the titles under its code (details narrowing will use), or a side (see
 * sideAllowed). The
 * terms with the most path words win; if they name different codes, nothing.
 */
function indexMatch(m: Matcher, said: string[], side: Side | null, impliedWords: string[] = []): IndexResult {
  const saidOnce = [...new Set(said)];
  expandIndexFor(m.table, saidOnce);
  const inIndex = (w: string) => m.table.indexVocabulary.has(w);
  const triedSaid = saidOnce.filter(inIndex);
  if (triedSaid.length === 0 || triedSaid.length > MAX_INDEX_WORDS) return { kind: 'none' };
  // An implied word (`unilateral`) is tried where there is room, never in place of a said one.
  const implied = impliedWords.filter((w) => !said.includes(w));
  const tried = [...triedSaid, ...implied.filter(inIndex).slice(0, MAX_INDEX_WORDS - triedSaid.length)];
  const all = [...said, ...implied];
  const others = [...saidOnce, ...implied].filter((w) => !tried.includes(w));
  const hashes = tried.map(wordHash);
  let best: { at: number; code: string }[] = [];
  let bestSize = 0;
  for (const mask of MASKS_BY_SIZE[tried.length]!) {
    const size = popcount(mask);
    if (size < bestSize) break;
    // The subset's bag hash is the sum of its words' hashes: no arrays for subsets nothing requires.
    let hash = 0;
    for (let i = 0; i < tried.length; i++) if (mask & (1 << i)) hash = (hash + hashes[i]!) | 0;
    hash &= BAG_HASH_MASK;
    if (!mayRequire(m.table, hash)) continue;
    const subset = tried.filter((_, i) => mask & (1 << i));
    const terms = termsRequiring(m.table, subset, hash);
    if (terms.length === 0) continue;
    const rest = [...tried.filter((_, i) => !(mask & (1 << i))), ...others];
    for (const at of terms) {
      const termed = termCode(m.table, at);
      const details = detailWords(m, m.table.position.get(termed)!);
      const allowed = (w: string) => implied.includes(w) || termAllows(m.table, at, w) || details.has(w) || sideAllowed(m, termed, w);
      let code: string | null = rest.every(allowed) ? termed : null;
      // `right knee meniscus tear`: the index names the unspecified knee (S83.209); the side takes its sibling (S83.206).
      // (Only worth asking when the words left over are sides.)
      const parent = code === null && side && rest.every((w) => allowed(w) || m.sideWords.has(w)) ? sidedParent(m, termed, all, side) : null;
      if (parent !== null && rest.every((w) => allowed(w) || sideAllowed(m, parent, w))) code = parent;
      if (code === null) continue;
      bestSize = size;
      best.push({ at, code });
    }
  }
  if (best.length === 0) return { kind: 'none' };
  const codes = new Set(best.map((b) => b.code));
  if (codes.size > 1) return { kind: 'disagree', detail: best.map((b) => `index ${termPath(m.table, b.at)} ${withDot(b.code)}`).join(' vs ') };
  return { kind: 'code', code: best[0]!.code, path: termPath(m.table, best[0]!.at) };
}

/**
 * The code above an index code that is a leaf for an unspecified side (`Unspecified tear of
 * unspecified meniscus, current injury, unspecified knee`), when narrowing from it by the words
 * and the side the text states reaches a leaf (`…, right knee`), or the side is both and no code
 * below it is bilateral (the level above, as for `bilateral knee pain`). Otherwise null.
 */
function sidedParent(m: Matcher, code: string, all: string[], side: Side): string | null {
  const at = m.table.position.get(code)!;
  if (childrenOf(m.table, at).length > 0 || !titleWords(m.table, at).some((w) => m.unspecified.has(w))) return null;
  for (let n = code.length - 1; n >= 3; n--) {
    const up = m.table.position.get(code.slice(0, n));
    if (up === undefined) continue;
    const leaf = narrow(m, up, all, side);
    const settled = leaf !== at && childrenOf(m.table, leaf).length === 0;
    return settled || (side === 'bilateral' && !detailWords(m, up).has('bilateral')) ? code.slice(0, n) : null;
  }
  return null;
}

/**
 * A side word an index code may be taken with: the code splits by side below it (narrowing picks
 * the side, or stops above for a bilateral it lacks), or its category never splits by side
 * (`right lumbar radiculopathy`). Not: a code without sides in a category with them
 * (`osteoarthritis of the right knee` → `Osteoarthritis, knee` M17.9, beside M17.11 `right knee`).
 */
function sideAllowed(m: Matcher, code: string, word: string): boolean {
  if (!m.sideWords.has(word)) return false;
  const sides = [...new Set(m.sideWords.values())];
  if (sides.some((s) => detailWords(m, m.table.position.get(code)!).has(s))) return true;
  const category = m.table.position.get(code.slice(0, 3));
  return category !== undefined && !sides.some((s) => detailWords(m, category).has(s));
}

function detailWords(m: Matcher, at: number): Set<string> {
  let set = m.detailWords.get(at);
  if (!set) {
    set = new Set();
    const stack = [at];
    while (stack.length) {
      const next = stack.pop()!;
      for (const w of titleWords(m.table, next)) set.add(w);
      stack.push(...childrenOf(m.table, next));
    }
    m.detailWords.set(at, set);
  }
  return set;
}

/**
 * Walks down from the code at `at` while the text settles one child: the child whose
 * distinguishing words (side, site, finger…) the text states; with none stated, the child for
 * `unspecified`. A side the text states that no child has (bilateral where the code set has
 * right and left only) stops the walk: the code above is the one the words support.
 */
function narrow(m: Matcher, at: number, all: string[], side: Side | null): number {
  // The side as titles write it: `both` and `left and right` are `bilateral`.
  const text = new Set(all.filter((w) => !m.sideWords.has(w)));
  if (side) text.add(side);
  // A fracture not stated displaced or not is coded displaced (the index's default).
  for (const d of m.defaultChildWords) if (!text.has(d.word) && !d.unless.some((w) => text.has(w))) text.add(d.word);
  for (;;) {
    const next = pickChild(m, at, text, side);
    if (next === null) break;
    at = next;
  }
  // A header ending in a placeholder X (`S06.9X`) is written as the code above it (`S06.9`).
  for (let code = m.table.code[at]!; code.endsWith('X'); code = m.table.code[at]!) at = m.table.position.get(code.replace(/X+$/, ''))!;
  return at;
}

function pickChild(m: Matcher, parent: number, text: Set<string>, side: Side | null): number | null {
  const kids = childrenOf(m.table, parent);
  if (kids.length === 0) return null;
  const sets = kids.map((k) => new Set(titleWords(m.table, k)));
  const common = new Set([...sets[0]!].filter((w) => sets.every((s) => s.has(w))));
  const distinct = sets.map((s) => [...s].filter((w) => !common.has(w)));
  const split = new Set(distinct.flat());
  const isSide = (w: string) => m.sideWords.has(w);
  if (side && [...split].some(isSide) && !split.has(side)) return null;
  const own = new Set(titleWords(m.table, parent));
  const stated = [...text].filter((w) => split.has(w) && !own.has(w));
  const free = (w: string) => m.unspecified.has(w) || m.axis.has(w) || own.has(w);
  let candidates: number[];
  if (stated.length > 0) {
    // The child that names every stated detail, and nothing the text does not say.
    candidates = distinct.flatMap((ws, i) => (stated.every((w) => ws.includes(w)) && ws.every((w) => free(w) || text.has(w)) ? [i] : []));
  } else {
    // The child for `unspecified`: one that says so, or (`…, unspecified arm` where every
    // title says `unspecified muscle`) the one left when the others differ only by side.
    const sidesOnly = (i: number) => distinct.every((ws, j) => j === i || ws.every((w) => isSide(w) || m.axis.has(w)));
    candidates = distinct.flatMap((ws, i) => (ws.every(free) && (ws.some((w) => m.unspecified.has(w)) || (ws.length === 0 && sidesOnly(i))) ? [i] : []));
  }
  return candidates.length === 1 ? kids[candidates[0]!]! : null;
}

/** Every code the synonym file names, with dot, and where: for the check that each is in the table. */
export function synonymCodes(file: SynonymsFile): { code: string; where: string }[] {
  return file.rules.flatMap((rule, i) => [
    ...(rule.code ? [{ code: rule.code, where: `rules.${i}.code (${rule.id})` }] : []),
    ...Object.entries(rule.sites ?? {}).flatMap(([site, code]) => (code ? [{ code, where: `rules.${i}.sites.${site} (${rule.id})` }] : [])),
  ]);
}
