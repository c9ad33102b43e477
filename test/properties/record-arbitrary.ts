/**
 * Any record the schema allows, generated from the record schema's field tree (so the property
 * tests follow every field the schema gains): text of any Unicode (no NUL, which the normaliser
 * strips), values drawn from each enum, strings matching each pattern, nulls where allowed.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { RECORD_FIELDS, type FieldNode, type Leaf } from '../../src/record/fields.js';
import { ImrRecord } from '../../src/record/schema.js';

const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\u0000'));
const someText = text.filter((s) => s.length > 0);
const span = fc.tuple(fc.nat(100_000), fc.nat(5_000)).map(([s, n]): [number, number] => [s, s + n]);
const isoDate = fc.date({ min: new Date('1950-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/** A value of a zod string, enum, number or boolean type. */
function ofType(type: z.ZodType, value: Leaf['value']): fc.Arbitrary<unknown> {
  if (value === 'date') return isoDate;
  if (value === 'span') return span;
  if (type instanceof z.ZodEnum) return fc.constantFrom(...(type.options as string[]));
  if (type instanceof z.ZodLiteral) return fc.constant(type.value);
  if (value === 'boolean') return fc.boolean();
  if (value === 'int') {
    const n = type as z.ZodNumber;
    const low = Math.max(n.minValue ?? -100_000, -100_000);
    // `.positive()` reports its bound (0) as the minimum value: step past a bound the type refuses.
    const min = n.safeParse(low).success ? low : low + 1;
    return fc.integer({ min, max: Math.min(n.maxValue ?? 100_000, 100_000) });
  }
  const checks = ((type as z.ZodString)._zod.def.checks ?? []).map((c) => c._zod.def as { format?: string; pattern?: RegExp });
  const re = checks.find((c) => c.format === 'regex')?.pattern;
  if (re) return fc.stringMatching(re);
  return ((type as z.ZodString).minLength ?? 0) > 0 ? someText : text;
}

function arbitraryOf(nodes: readonly FieldNode[]): fc.Arbitrary<Record<string, unknown>> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const n of nodes) {
    let a: fc.Arbitrary<unknown>;
    if (n.kind === 'group') a = arbitraryOf(n.fields);
    else if (n.kind === 'objects') a = fc.array(arbitraryOf(n.fields), { maxLength: 3 });
    else if (n.kind === 'strings') a = fc.array(n.item instanceof z.ZodEnum ? fc.constantFrom(...(n.item.options as string[])) : someText, { maxLength: 3 });
    else if (n.value === 'json') a = n.key === 'evidence' ? fc.dictionary(fc.string({ minLength: 1, maxLength: 30 }), span, { maxKeys: 6 }) : fc.array(fc.record({ name: text, start: fc.nat(9_000), end: fc.nat(9_000) }), { maxLength: 4 });
    else a = ofType(n.type, n.value);
    const nullable = (n.kind === 'leaf' || n.kind === 'group') && n.nullable;
    shape[n.key] = nullable ? fc.option(a, { nil: null }) : a;
  }
  return fc.record(shape);
}

/** A valid record; `sha256` fixed by the caller so that records of one run do not collide. */
export const recordArbitrary: fc.Arbitrary<ImrRecord> = arbitraryOf(RECORD_FIELDS)
  .map((r) => ImrRecord.safeParse(r))
  .filter((r) => r.success)
  .map((r) => r.data!);
