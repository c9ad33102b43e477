/**
 * Loading gold: every `*.json` under the gold folder except the agreement studies (`agreement/`)
 * and bookkeeping files (`sample.json`), validated with `GoldFile`, then resolved to the letter
 * files it is scored on (the letter and its `variants`), each checked against its sha256. Gold
 * names a letter of the shared corpus (`shared`, under `roots.shared`) or of the project
 * (`project`, under `roots.project`: by default the folder that holds the gold folder).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { timingOf } from '../extract/timing/index.js';
import { GoldFile, type GoldRecord } from '../record/gold.js';

import type { GoldKind } from './kinds.js';
export { GOLD_KINDS, type GoldKind } from './kinds.js';

const NON_GOLD_FILES = new Set(['sample.json']);
const NON_GOLD_DIRS = new Set(['agreement']);

/** Where gold's letters are: the shared corpus root and the project root. */
export interface LetterRoots {
  shared: string;
  project: string;
}

export interface GoldEntry {
  /** The gold file's path relative to the gold folder, without `.json` (`real/CM16-0219557`). */
  id: string;
  /** The gold set: the first folder of `id` (`real`, `heldout3`, `corpus`). */
  set: string;
  /** The gold file, relative to the repository root. */
  file: string;
  kind: GoldKind;
  gold: GoldFile;
}

/** One letter file to score: a gold letter or one of its variants. */
export interface LetterTarget {
  /** The gold id, plus `@ <path>` for a variant. */
  id: string;
  goldFile: string;
  kind: GoldKind;
  set: string;
  /** Absolute path of the letter file. */
  letterPath: string;
  sha256: string;
  variant: boolean;
  gold: GoldRecord;
}

/** A gold file or letter that cannot be scored, and why. */
export interface GoldProblem {
  file: string;
  message: string;
}

/** A path as shown in reports: relative to the working folder. */
export const displayPath = (p: string): string => path.relative(process.cwd(), p) || p;

export function goldKind(gold: GoldFile): GoldKind {
  if (gold.letter.corpus === 'project') return 'corpus';
  return gold.letter.path.replace(/\\/g, '/').startsWith('seed/') ? 'seed' : 'real';
}

/** All `*.json` files under `dir`, sorted, skipping the agreement folder and bookkeeping files. */
export function listGoldFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!NON_GOLD_DIRS.has(e.name)) walk(p);
      } else if (e.name.endsWith('.json') && !NON_GOLD_FILES.has(e.name)) {
        out.push(p);
      }
    }
  };
  walk(dir);
  return out;
}

/** Reads and validates one gold file. */
export function readGoldFile(file: string): { gold: GoldFile } | { problem: GoldProblem } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { problem: { file: displayPath(file), message: `not JSON: ${(err as Error).message}` } };
  }
  const parsed = GoldFile.safeParse(json);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { problem: { file: displayPath(file), message: `invalid gold: ${why}` } };
  }
  const record = parsed.data.record;
  // Timing is arithmetic on the annotated dates, not annotated itself (annotations/README.md).
  record.timing ??= timingOf(record.dates, record.injury.date);
  return { gold: parsed.data };
}

export function loadGold(dir: string): { entries: GoldEntry[]; problems: GoldProblem[] } {
  const entries: GoldEntry[] = [];
  const problems: GoldProblem[] = [];
  for (const file of listGoldFiles(dir)) {
    const r = readGoldFile(file);
    if ('problem' in r) {
      problems.push(r.problem);
      continue;
    }
    const id = path.relative(dir, file).replace(/\\/g, '/').replace(/\.json$/, '');
    entries.push({ id, set: id.split('/')[0]!, file: displayPath(file), kind: goldKind(r.gold), gold: r.gold });
  }
  return { entries, problems };
}

export function letterRoot(gold: GoldFile, roots: LetterRoots): string {
  return gold.letter.corpus === 'shared' ? roots.shared : roots.project;
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Why a letter's sha256 differs from its gold's, in words. */
export function shaMismatch(ref: { path: string; sha256: string }, actual: string): string {
  const hint = ref.sha256 === EMPTY_SHA256 ? '; the gold holds the sha256 of an empty file' : '';
  return `sha256 mismatch for ${ref.path}: gold says ${ref.sha256.slice(0, 12)}…, file has ${actual}${hint}`;
}

/**
 * The letter files of each gold entry (the letter, then its variants). A missing letter (e.g. no
 * ../shared) or a sha256 mismatch is a problem and the file is not scored.
 */
export function resolveTargets(entries: readonly GoldEntry[], roots: LetterRoots): { targets: LetterTarget[]; problems: GoldProblem[] } {
  const targets: LetterTarget[] = [];
  const problems: GoldProblem[] = [];
  for (const e of entries) {
    const root = letterRoot(e.gold, roots);
    const refs = [
      { path: e.gold.letter.path, sha256: e.gold.letter.sha256, variant: false },
      ...(e.gold.letter.variants ?? []).map((v) => ({ ...v, variant: true })),
    ];
    for (const ref of refs) {
      const letterPath = path.resolve(root, ref.path);
      if (!existsSync(letterPath)) {
        const where = e.gold.letter.corpus === 'shared' ? ` (shared corpus root ${displayPath(root)})` : '';
        problems.push({ file: e.file, message: `skipped: letter not found at ${displayPath(letterPath)}${where}` });
        continue;
      }
      const actual = sha256File(letterPath);
      if (actual !== ref.sha256) {
        problems.push({ file: e.file, message: `skipped: ${shaMismatch(ref, actual)}` });
        continue;
      }
      targets.push({
        id: ref.variant ? `${e.id} @ ${ref.path}` : e.id,
        goldFile: e.file,
        kind: e.kind,
        set: e.set,
        letterPath,
        sha256: ref.sha256,
        variant: ref.variant,
        gold: e.gold.record,
      });
    }
  }
  return { targets, problems };
}

/** The agreement study: `<CASE>.a.json` (scored as gold) with `<CASE>.b.json` (scored as prediction). */
export function loadAgreement(dir: string): {
  pairs: { id: string; a: GoldFile; b: GoldFile }[];
  problems: GoldProblem[];
} {
  const pairs: { id: string; a: GoldFile; b: GoldFile }[] = [];
  const problems: GoldProblem[] = [];
  const names = readdirSync(dir).filter((n) => /\.[ab]\.json$/.test(n));
  const ids = [...new Set(names.map((n) => n.replace(/\.[ab]\.json$/, '')))].sort();
  for (const id of ids) {
    const [a, b] = (['a', 'b'] as const).map((side) => {
      const file = path.join(dir, `${id}.${side}.json`);
      if (!existsSync(file)) {
        problems.push({ file: displayPath(file), message: `skipped: no ${side.toUpperCase()} annotation for ${id}` });
        return null;
      }
      const r = readGoldFile(file);
      if ('problem' in r) {
        problems.push(r.problem);
        return null;
      }
      return r.gold;
    });
    if (a && b) pairs.push({ id, a, b });
  }
  return { pairs, problems };
}
