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
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (tree instanceof Found) {
    evidence[path] = tree.span;
    return tree.value as Unwrapped<T>;
  }
  if (Array.isArray(tree)) return tree.map((item, i) => assemble(item, evidence, at(i))) as Unwrapped<T>;
  if (tree !== null && typeof tree === 'object') {
    return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, assemble(v, evidence, at(k))])) as Unwrapped<T>;
  }
  return tree as Unwrapped<T>;
}
