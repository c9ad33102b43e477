/**
 * docs/RECORD.md is generated from the record schema (scripts/record-doc.ts): it must be what the
 * script writes today, and it must name every field of the schema.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RECORD_DOC, renderRecordDoc } from '../../scripts/record-doc.js';
import { flattenFields, RECORD_FIELDS, type FieldNode } from '../../src/record/fields.js';
import { SCHEMA_VERSION } from '../../src/record/schema.js';

/** A field's path as the reference writes it: `services[].normalized.drug.group`. */
function docPaths(nodes: readonly FieldNode[], prefix = ''): string[] {
  return nodes.flatMap((n) => {
    const p = `${prefix}${n.key}`;
    if (n.kind === 'group') return [p, ...docPaths(n.fields, `${p}.`)];
    if (n.kind === 'objects') return [p, ...docPaths(n.fields, `${p}[].`)];
    return [p];
  });
}

describe('docs/RECORD.md', () => {
  const generated = renderRecordDoc();

  it('is what scripts/record-doc.ts generates (run `npm run docs:record` after changing the schema)', async () => {
    expect(readFileSync(RECORD_DOC, 'utf8'), 'docs/RECORD.md is stale: run `npm run docs:record`').toBe(await generated);
  });

  it('has a row for every field of the record schema', async () => {
    const doc = await generated;
    const paths = docPaths(RECORD_FIELDS);
    expect(paths.length).toBe(flattenFields(RECORD_FIELDS).length);
    expect(paths.filter((p) => !doc.includes(`| \`${p}\` |`))).toEqual([]);
  });

  it('shows a record of the current version with its version-2 fields filled', async () => {
    const doc = await generated;
    const example = doc.slice(doc.indexOf('## Example'));
    expect(example).toContain(`"schemaVersion": ${SCHEMA_VERSION},`);
    // A drug with its group and concept key, a coded diagnosis, the timing.
    expect(example).toMatch(/"group": "[a-z-]+"/);
    expect(example).toMatch(/"conceptKey": "drug:[a-z+]+"/);
    expect(example).toMatch(/"code": "[A-Z]\d\d(\.\w+)?"/);
    expect(example).toMatch(/"daysToDecision": \d+/);
  });
});
