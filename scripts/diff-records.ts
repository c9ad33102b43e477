// Compares two runs of `imr extract` (JSONL records, matched by source.sha256) field by field and
// prints every difference: how a change to the extractor is shown to change only what it meant to.
// Usage: npx tsx scripts/diff-records.ts before.jsonl after.jsonl [--ignore extractorVersion,schemaVersion] [--only-v1]
//   --ignore   top-level or dotted paths left out of the comparison (comma-separated)
//   --only-v1  compare only the version-1 fields (leaves out what record version 2 added)
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const files = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--ignore'));
const ignoreArg = args[args.indexOf('--ignore') + 1];
const ignore = new Set(args.includes('--ignore') && ignoreArg ? ignoreArg.split(',') : []);
/** What record version 2 added; `--only-v1` leaves these paths out (list items without an index). */
const V2_PATHS = ['schemaVersion', 'timing', 'source.engine', 'services.normalized', 'services.guidelines.topic', 'diagnoses.icd10'];
if (args.includes('--only-v1')) for (const p of V2_PATHS) ignore.add(p);
if (files.length !== 2) {
  console.error('usage: diff-records.ts before.jsonl after.jsonl [--ignore a,b.c] [--only-v1]');
  process.exit(2);
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
function read(file: string): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { source: { sha256: string; path: string } };
    out.set(`${r.source.sha256}`, r as unknown as Json);
  }
  return out;
}

/** A path without list indices (`services.2.request` → `services.request`), for --ignore. */
const shape = (path: string) => path.split('.').filter((p) => !/^\d+$/.test(p)).join('.');

/** Whether a path is left out: it, or the field an evidence key names, is under an ignored path. */
const ignored = (path: string) => {
  const field = shape(path.startsWith('evidence.') ? path.slice('evidence.'.length) : path);
  return [...ignore].some((p) => field === p || field.startsWith(`${p}.`));
};

function diff(a: Json | undefined, b: Json | undefined, path: string, out: string[]): void {
  if (ignored(path)) return;
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const bothObjects = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (bothObjects && !(Array.isArray(a) && (a as Json[]).length !== (b as Json[]).length && path.endsWith('evidence'))) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    for (const k of keys) diff((a as Record<string, Json>)[k], (b as Record<string, Json>)[k], path ? `${path}.${k}` : k, out);
    return;
  }
  out.push(`  ${path}: ${JSON.stringify(a)?.slice(0, 200) ?? '(absent)'} -> ${JSON.stringify(b)?.slice(0, 200) ?? '(absent)'}`);
}

const before = read(files[0]!);
const after = read(files[1]!);
let changed = 0;
for (const sha of new Set([...before.keys(), ...after.keys()])) {
  const a = before.get(sha);
  const b = after.get(sha);
  const name = ((a ?? b) as { source: { path: string } }).source.path;
  if (!a || !b) {
    console.log(`${name}: only in ${a ? 'before' : 'after'}`);
    changed++;
    continue;
  }
  const lines: string[] = [];
  const strip = (r: Json) => {
    const { text: _t, ...rest } = r as Record<string, Json>;
    return rest as Json;
  };
  diff(strip(a), strip(b), '', lines);
  if (lines.length) {
    changed++;
    console.log(`${name}:`);
    for (const l of lines) console.log(l);
  }
}
console.log(`${before.size} before, ${after.size} after, ${changed} record(s) differ${ignore.size ? ` (ignoring ${[...ignore].join(', ')})` : ''}`);
