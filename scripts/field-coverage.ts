// How many letters have each field of the record filled, over a folder of letters (default: the
// 154 real ones): every field of the record schema, read from its field tree, so a new field is
// counted without a line here. List fields also count their items; a field inside list items counts
// the items that fill it.
// Usage: npx tsx scripts/field-coverage.ts [folder]
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { settings } from '../src/config/index.js';
import { extractFile } from '../src/pipeline/index.js';
import { flattenFields, RECORD_FIELDS, valueAt, type FieldNode } from '../src/record/fields.js';
import type { ImrRecord } from '../src/record/schema.js';

const dir = process.argv[2] ?? path.join(settings.sharedCorpus, 'dwc-2016-2017');
const files = readdirSync(dir).filter((f) => /\.(pdf|txt)$/i.test(f)).sort();

/** Every value of a field path in a record (one per list item it sits in). */
function valuesAt(node: unknown, parts: readonly string[]): unknown[] {
  if (parts.length === 0) return [node];
  const [head, ...rest] = parts;
  const next = valueAt(node, [head!]);
  if (Array.isArray(next) && rest.length > 0) return next.flatMap((item) => valuesAt(item, rest));
  return valuesAt(next, rest);
}
const filled = (v: unknown) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0);

const fields = flattenFields(RECORD_FIELDS).filter((n): n is Exclude<FieldNode, { kind: 'group' }> => n.kind !== 'group' && !n.path.startsWith('evidence'));
const letters = new Map<string, number>();
const items = new Map<string, { filled: number; of: number }>();
const failures: string[] = [];
let extracted = 0;
for (const f of files) {
  let record: ImrRecord;
  try {
    record = (await extractFile(path.join(dir, f))).record;
  } catch (err) {
    failures.push(`${f}: ${String(err)}`);
    continue;
  }
  extracted++;
  for (const node of fields) {
    const values = valuesAt(record, node.path.split('.'));
    const count = values.filter(filled).length;
    if (count > 0) letters.set(node.path, (letters.get(node.path) ?? 0) + 1);
    const it = items.get(node.path) ?? { filled: 0, of: 0 };
    const all = node.kind === 'objects' || node.kind === 'strings' ? values.flatMap((v) => (Array.isArray(v) ? v : [])) : values;
    it.filled += node.kind === 'objects' || node.kind === 'strings' ? all.length : count;
    it.of += node.kind === 'objects' || node.kind === 'strings' ? all.length : values.length;
    items.set(node.path, it);
  }
}
console.log(`${files.length} letters in ${dir}: ${extracted} extracted, ${failures.length} failed`);
console.log(`${'field'.padEnd(44)} ${'letters filled'.padStart(14)}  items filled`);
for (const node of fields) {
  const it = items.get(node.path)!;
  const inList = node.path.split('.').length > 1 && fields.some((f) => f.kind === 'objects' && node.path.startsWith(`${f.path}.`));
  const itemText = node.kind === 'objects' || node.kind === 'strings' ? `${it.filled}` : inList ? `${it.filled}/${it.of}` : '';
  console.log(`${node.path.padEnd(44)} ${`${letters.get(node.path) ?? 0}/${extracted}`.padStart(14)}  ${itemText}`);
}
for (const f of failures) console.log('FAILED', f);
