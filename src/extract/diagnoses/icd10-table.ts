/**
 * The compact ICD-10-CM table (src/vocab/icd10cm-codes.tsv, icd10cm-index.tsv, built by
 * scripts/build-icd10.ts): checked line by line, then indexed once for matching: code →
 * position, title words → codes, index term words → terms.
 *
 * Kept small because every extraction worker holds it: the lookups are keyed by a 32-bit hash of
 * a word bag (a hit is checked against the words themselves), the lines stay as read, and what
 * matching needs of a few codes (title words, children, a term's words) is worked out when asked
 * and cached.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { bagHash, bagKey, words, type Variants } from './icd10-words.js';

/** The table's files, beside the other vocabularies (the build copies them into dist/vocab). */
export const ICD10_CODES_FILE = fileURLToPath(new URL('../../vocab/icd10cm-codes.tsv', import.meta.url));
export const ICD10_INDEX_FILE = fileURLToPath(new URL('../../vocab/icd10cm-index.tsv', import.meta.url));

/**
 * The files' schemas, one regular expression a line (per-row objects would double the load
 * time). A code is written as the table writes it, without dot (`M5416`, `S161`, `QA00`).
 */
const CODE = '[A-Z][0-9A-Z]{2,6}';
const CodeLines = z.array(z.string().regex(new RegExp(`^${CODE}\\t[^\\t]+\\t[01]$`), 'expected code <tab> title <tab> billable (0 or 1)'));
/** A term is empty in the few source rows whose term is only a nonessential modifier. */
const IndexLines = z.array(z.string().regex(new RegExp(`^\\d{1,2}\\t[^\\t]*\\t[^\\t]*\\t(?:${CODE})?$`), 'expected level <tab> term <tab> nemod <tab> code or empty'));

export interface Icd10Table {
  /** Code (no dot) → its position in `code` and `title`, which are in tabular order. */
  position: Map<string, number>;
  code: string[];
  title: string[];
  /** A title's first word → the positions of the codes so titled. */
  titlesByFirstWord: Map<string, number[]>;
  /**
   * Hash of a title's word bag → the code position(s). Filled one first word at a time, when a
   * text holds that word (`codesTitled`): a title's words are only worked out when asked.
   */
  byTitle: Map<number, number | number[]>;
  expandedFirstWords: Set<string>;
  /** The index lines (`level\tterm\tnemod\tcode`), each term's parent term (-1 for a main term). */
  indexLine: string[];
  indexParent: Int32Array;
  /** A main term's word (`sprain`; `tear` and `torn` for `Tear, torn`) → the main terms' positions. */
  mainTermsByWord: Map<string, number[]>;
  /**
   * Hash of a term path's required word bag → the term(s); one bag per spelling. Filled one main
   * term at a time, when a text holds its word (`expandIndexFor`): most of the index is never asked.
   */
  byIndexWords: Map<number, number | number[]>;
  /** Every word a term of the expanded main terms requires: other words of a text can only be left over. */
  indexVocabulary: Set<string>;
  expandedMainTerms: Set<number>;
  variants: Variants;
  /** Comma parts of a main term that are its default sense and need not be written (`Fracture, traumatic`). */
  defaultQualifiers: ReadonlySet<string>;
  cache: { titleWords: Map<number, readonly string[]>; children: Map<number, number[]>; termWords: Map<number, TermWords> };
}

/**
 * The words of one index term: required slots (each met by any of its words) and optional
 * words (the nonessential modifiers). A comma part that is another spelling of the first word
 * (`Tear, torn` no, `Diabetes, diabetic` and `myocardium, myocardial` yes: the same first three
 * letters) fills the same slot; a comma part that names the term's default sense
 * (`defaultQualifiers`: `Fracture, traumatic`, beside `Fracture, pathological`) may be left
 * unsaid; any other comma part qualifies the term and is required (`Fracture, pathological`,
 * `Stiffness, joint`).
 */
interface TermWords {
  slots: string[][];
  optional: readonly string[];
}

function termWords(term: string, nemod: string, variants: Variants, defaultQualifiers: ReadonlySet<string> = NONE): TermWords {
  const [first = [], ...rest] = term.includes(',') ? term.split(/,\s+/).map((p) => words(p, variants)) : [words(term, variants)];
  const slots = first.map((w) => [w]);
  const spellings: string[] = [];
  for (const part of rest) {
    const head = first[0];
    if (first.length === 1 && part.length === 1 && head && head.slice(0, 3) === part[0]!.slice(0, 3)) slots[0]!.push(part[0]!), spellings.push(part[0]!);
    else if (part.length === 1 && defaultQualifiers.has(part[0]!)) spellings.push(part[0]!);
    else slots.push(...part.map((w) => [w]));
  }
  return { slots, optional: nemod ? [...words(nemod, variants), ...spellings] : spellings };
}

const NONE: ReadonlySet<string> = new Set();

/** Every way to fill the slots with one word each (spelling alternatives multiply; capped). */
function spellings(slots: string[][], cap = 16): string[][] {
  if (slots.every((slot) => slot.length === 1)) return [slots.map((slot) => slot[0]!)];
  let out: string[][] = [[]];
  for (const slot of slots) {
    out = out.flatMap((ws) => slot.map((w) => [...ws, w]));
    if (out.length > cap) return out.slice(0, cap);
  }
  return out;
}

/** A TSV file's lines without the header, after checking the header and every line against `schema`. */
function readLines(text: string, file: string, header: string, schema: z.ZodType<string[]>): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const first = lines.shift();
  if (first !== header) throw new Error(`${file}: header must be "${header.replace(/\t/g, '\\t')}", found "${first}"`);
  const parsed = schema.safeParse(lines);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: line ${Number(issue.path[0]) + 2}: ${issue.message}`);
  }
  return parsed.data;
}

function add(map: Map<number, number | number[]>, key: number, at: number): void {
  const held = map.get(key);
  if (held === undefined) map.set(key, at);
  else if (typeof held === 'number') map.set(key, [held, at]);
  else held.push(at);
}

const listOf = (held: number | number[] | undefined): readonly number[] => (held === undefined ? [] : typeof held === 'number' ? [held] : held);

export function buildIcd10Table(codesText: string, indexText: string, variants: Variants, files = { codes: ICD10_CODES_FILE, index: ICD10_INDEX_FILE }, defaultQualifiers: ReadonlySet<string> = NONE): Icd10Table {
  const position = new Map<string, number>();
  const code: string[] = [];
  const title: string[] = [];
  const titlesByFirstWord = new Map<string, number[]>();
  let previous = '';
  for (const line of readLines(codesText, files.codes, 'code\ttitle\tbillable', CodeLines)) {
    const tab = line.indexOf('\t');
    const c = line.slice(0, tab);
    const t = line.slice(tab + 1, line.indexOf('\t', tab + 1));
    if (position.has(c)) throw new Error(`${files.codes}: ${c} appears twice`);
    // Tabular order puts a code's descendants right after it: children are found by scanning on.
    if (c.length > 3 && !previous.startsWith(c.slice(0, 3))) throw new Error(`${files.codes}: ${c} does not follow its category (after ${previous})`);
    previous = c;
    const at = code.length;
    position.set(c, at);
    code.push(c);
    title.push(t);
    const first = firstWord(t, variants);
    (titlesByFirstWord.get(first) ?? titlesByFirstWord.set(first, []).get(first)!).push(at);
  }

  const indexLine = readLines(indexText, files.index, 'level\tterm\tnemod\tcode', IndexLines);
  const indexParent = new Int32Array(indexLine.length);
  const mainTermsByWord = new Map<string, number[]>();
  const parents: number[] = [];
  for (let at = 0; at < indexLine.length; at++) {
    const line = indexLine[at]!;
    const tab = line.indexOf('\t');
    const level = Number(line.slice(0, tab));
    const c = line.slice(line.lastIndexOf('\t') + 1);
    if (level > parents.length) throw new Error(`${files.index}: line ${at + 2}: level ${level} under level ${parents.length - 1}`);
    if (c && !position.has(c)) throw new Error(`${files.index}: line ${at + 2}: code ${c} is not in ${files.codes}`);
    parents.length = level;
    indexParent[at] = level > 0 ? parents[level - 1]! : -1;
    parents.push(at);
    if (level === 0) {
      const term = line.slice(tab + 1, line.indexOf('\t', tab + 1));
      for (const w of new Set(termWords(term, '', variants, defaultQualifiers).slots.flat())) (mainTermsByWord.get(w) ?? mainTermsByWord.set(w, []).get(w)!).push(at);
    }
  }
  return {
    position, code, title, titlesByFirstWord, byTitle: new Map(), expandedFirstWords: new Set(), indexLine, indexParent, mainTermsByWord, byIndexWords: new Map(), indexVocabulary: new Set(), expandedMainTerms: new Set(), variants, defaultQualifiers,
    cache: { titleWords: new Map(), children: new Map(), termWords: new Map() },
  };
}

/** Makes the index terms under every main term named by one of `ws` findable by `termsRequiring`. */
export function expandIndexFor(table: Icd10Table, ws: readonly string[]): void {
  for (const w of ws) for (const main of table.mainTermsByWord.get(w) ?? []) expandMainTerm(table, main);
}

function expandMainTerm(table: Icd10Table, main: number): void {
  if (table.expandedMainTerms.has(main)) return;
  table.expandedMainTerms.add(main);
  /** Open ancestors' required slots, by level. */
  const stack: string[][][] = [];
  for (let at = main; at < table.indexLine.length && (at === main || table.indexParent[at] !== -1); at++) {
    const line = table.indexLine[at]!;
    const tab = line.indexOf('\t');
    const level = Number(line.slice(0, tab));
    const c = line.slice(line.lastIndexOf('\t') + 1);
    stack.length = level;
    // Modifiers are only needed for a term a text matches (termAllows): not read here.
    stack.push(termWordsAt(table, at).slots);
    if (!c) continue;
    const slots = stack.flat();
    for (const spelling of slots.length ? spellings(slots) : []) {
      add(table.byIndexWords, bagHash(spelling), at);
      for (const w of spelling) table.indexVocabulary.add(w);
    }
  }
}

export function loadIcd10Table(variants: Variants, defaultQualifiers: ReadonlySet<string> = NONE): Icd10Table {
  return buildIcd10Table(readFileSync(ICD10_CODES_FILE, 'utf8'), readFileSync(ICD10_INDEX_FILE, 'utf8'), variants, undefined, defaultQualifiers);
}

/** The normalised words of the title at `at`. */
export function titleWords(table: Icd10Table, at: number): readonly string[] {
  let ws = table.cache.titleWords.get(at);
  if (!ws) {
    ws = words(table.title[at]!, table.variants);
    table.cache.titleWords.set(at, ws);
  }
  return ws;
}

/** The first normalised word of a title, from its first token alone when that gives one (it nearly always does). */
function firstWord(title: string, variants: Variants): string {
  const space = title.search(/[\s,]/);
  return words(space > 0 ? title.slice(0, space) : title, variants)[0] ?? words(title, variants)[0] ?? '';
}

/** Positions of the codes whose title has exactly these words. */
export function codesTitled(table: Icd10Table, ws: readonly string[]): number[] {
  for (const w of ws) {
    if (table.expandedFirstWords.has(w)) continue;
    table.expandedFirstWords.add(w);
    for (const at of table.titlesByFirstWord.get(w) ?? []) add(table.byTitle, bagHash(titleWords(table, at)), at);
  }
  const key = bagKey(ws);
  return listOf(table.byTitle.get(bagHash(ws))).filter((at) => bagKey(titleWords(table, at)) === key);
}

/** The children of the code at `at`: the next codes down the tree (`M54.1` → `M54.10` … `M54.18`). */
export function childrenOf(table: Icd10Table, at: number): readonly number[] {
  let kids = table.cache.children.get(at);
  if (!kids) {
    kids = [];
    const own = table.code[at]!;
    // Descendants follow in tabular order; a child is a descendant with no nearer ancestor among them.
    const open: string[] = [];
    for (let i = at + 1; i < table.code.length && table.code[i]!.startsWith(own); i++) {
      const c = table.code[i]!;
      while (open.length && !c.startsWith(open[open.length - 1]!)) open.pop();
      if (open.length === 0) kids.push(i);
      open.push(c);
    }
    table.cache.children.set(at, kids);
  }
  return kids;
}

function termWordsAt(table: Icd10Table, at: number): TermWords {
  let tw = table.cache.termWords.get(at);
  if (!tw) {
    const [, term = '', nemod = ''] = table.indexLine[at]!.split('\t');
    tw = termWords(term, nemod, table.variants, table.defaultQualifiers);
    table.cache.termWords.set(at, tw);
  }
  return tw;
}

/** Whether some index term's required words may hash to `hash` (a cheap test before `termsRequiring`). */
export function mayRequire(table: Icd10Table, hash: number): boolean {
  return table.byIndexWords.has(hash);
}

/** The index terms (with a code) whose path requires exactly these (distinct) words; `expandIndexFor` them first. */
export function termsRequiring(table: Icd10Table, ws: readonly string[], hash = bagHash(ws)): number[] {
  const held = table.byIndexWords.get(hash);
  if (held === undefined) return [];
  const key = bagKey(ws);
  return listOf(held).filter((at) => {
    const slots: string[][] = [];
    for (let i = at; i >= 0; i = table.indexParent[i]!) slots.unshift(...termWordsAt(table, i).slots);
    return spellings(slots).some((spelling) => bagKey(spelling) === key);
  });
}

/** Whether `word` is optional for the index term at `at`: a modifier or spelling of it or of a parent term. */
export function termAllows(table: Icd10Table, at: number, word: string): boolean {
  for (let i = at; i >= 0; i = table.indexParent[i]!) if (termWordsAt(table, i).optional.includes(word)) return true;
  return false;
}

/** The code (no dot) of the index term at `at`. */
export function termCode(table: Icd10Table, at: number): string {
  return table.indexLine[at]!.slice(table.indexLine[at]!.lastIndexOf('\t') + 1);
}

/** An index term's path as printed (`Sprain > knee`), for explanations. */
export function termPath(table: Icd10Table, at: number): string {
  const parts: string[] = [];
  for (let i = at; i >= 0; i = table.indexParent[i]!) parts.unshift(table.indexLine[i]!.split('\t')[1]!);
  return parts.join(' > ');
}

/** `M5416` → `M54.16`; a 3-character category keeps no dot. */
export function withDot(code: string): string {
  return code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

/** `M54.16` → `M5416`. */
export function withoutDot(code: string): string {
  return code.replace('.', '');
}
