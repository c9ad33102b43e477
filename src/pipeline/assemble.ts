/**
 * Record assembly: the one place where extractors' outputs become record values and evidence.
 * Extractors return record-shaped values whose parts read from the text are `Found` (value and
 * span); assembly walks them, keeps each value, and records each span under the value's field
 * path (`dates.decision`, `services.2.request`, `reviewer.licensure.1`). List items keep their
 * own `span` (the passage they were read from) as part of the record.
 */
import type { Evidence } from '../record/schema.js';
import { Found } from '../extract/found.js';

/** `T` with every `Found<V>` inside it replaced by `V`. */
export type Unwrapped<T> =
  T extends Found<infer V> ? V : T extends readonly (infer E)[] ? Unwrapped<E>[] : T extends object ? { [K in keyof T]: Unwrapped<T[K]> } : T;

/** The values of `tree`, recording the span of each `Found` in `evidence` under its path. */
export function assemble<T>(tree: T, evidence: Evidence, path = ''): Unwrapped<T> {
  if (tree instanceof Found) {
    evidence[path] = tree.span;
    return tree.value as Unwrapped<T>;
  }
  if (Array.isArray(tree)) {
    // A list of numbers is a span (an item's own): nothing inside it to unwrap.
    if (typeof tree[0] === 'number') return tree as Unwrapped<T>;
    const out: unknown[] = new Array(tree.length);
    for (let i = 0; i < tree.length; i++) out[i] = assemble(tree[i], evidence, path ? `${path}.${i}` : String(i));
    return out as Unwrapped<T>;
  }
  if (tree !== null && typeof tree === 'object') {
    const out: Record<string, unknown> = {};
    for (const key in tree) out[key] = assemble((tree as Record<string, unknown>)[key], evidence, path ? `${path}.${key}` : key);
    return out as Unwrapped<T>;
  }
  return tree as Unwrapped<T>;
}
