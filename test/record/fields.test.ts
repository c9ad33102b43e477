/**
 * The record schema is the one definition: every field it holds must be scored (or say why not),
 * stored, and shown. Adding a field without describing it, or describing it without a score, a
 * column or a label, fails here.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FIELDS, MEASURES } from '../../src/eval/score.js';
import { described, notScored } from '../../src/record/meta.js';
import { fieldTree, flattenFields, RECORD_FIELDS } from '../../src/record/fields.js';
import { FIELD_STYLES } from '../../src/report/fields.js';
import { renderViewer } from '../../src/report/viewer.js';
import { ALL_TABLES, RECORD_TABLES } from '../../src/store/tables.js';
import { extract, proseLetter } from '../helpers.js';

const nodes = flattenFields(RECORD_FIELDS).filter((n) => n.meta);

describe('the record schema', () => {
  it('refuses a field without metadata, naming it', () => {
    const schema = z.object({ a: described(z.string(), { label: 'a', score: notScored('test') }), b: z.object({ c: z.number() }) });
    expect(() => fieldTree(schema)).toThrow(/record field b\.c has no metadata/);
  });

  it.each(nodes.map((n) => [n.path, n]))('%s is scored, or says why not', (_path, node) => {
    const score = node.meta!.score;
    if (score.kind === 'none') expect(score.why.length).toBeGreaterThan(3);
    else if (score.kind === 'icd10') expect(MEASURES.filter((m) => m.startsWith(`${node.path}.`))).toHaveLength(4);
    else expect([...FIELDS, ...MEASURES]).toContain(node.path);
  });

  it.each(nodes.map((n) => [n.path, n]))('%s is stored', (_path, node) => {
    if (node.kind === 'objects' || node.kind === 'strings') {
      expect(RECORD_TABLES.filter((t) => t.node === node)).toHaveLength(1);
    } else if (node.kind === 'leaf') {
      const columns = ALL_TABLES.flatMap((t) => t.columns.filter((c) => c.field === node));
      expect(columns.length).toBe(node.value === 'span' ? 2 : 1);
    }
  });

  it.each(nodes.filter((n) => n.meta!.score.kind !== 'none').map((n) => [n.path, n]))('%s, being scored, has a viewer colour and label', (_path, node) => {
    expect(FIELD_STYLES[node.path], `give ${node.path} a hue in src/record/schema.ts`).toMatchObject({ label: node.meta!.label });
  });

  it('shows every field a record holds in the viewer, by its label', () => {
    const record = extract(proseLetter('The injured worker is a 48 year old male. Diagnoses include lumbar strain.'));
    const html = renderViewer({ record, text: '' });
    const shown = nodes.filter((n) => !['schemaVersion', 'sections', 'evidence'].includes(n.path.split('.')[0]!));
    const missing = shown.filter((n) => n.kind === 'leaf' && n.value !== 'span' && !html.includes(`>${n.meta!.label}<`));
    // List items are shown as blocks: their fields appear once an item exists.
    expect(missing.filter((n) => !n.path.startsWith('imaging.') && !n.path.includes('guidelines.')).map((n) => n.path)).toEqual([]);
  });
});
