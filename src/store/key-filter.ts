/**
 * A set of 52-bit fingerprints of strings: `mayHave` is false only for a key never added, and
 * true for a key never added with a chance of about (keys added) / 2^52 (1 in 4.5 billion at
 * 1,000,000 keys).
 *
 * Why: the store's keys carry no index (DuckDB holds an index wholly in memory, about 140 bytes a
 * key; see schema.ts), so asking whether a letter is stored scans the key column, and that scan
 * grew with the store: a lookup of 500 letters took 12 ms at 10,000 letters and 40 ms at
 * 300,000 (scripts/store-growth.mjs). The store keeps one of these per key column, so that keys
 * it has never seen (every new letter of an ingest) are answered without a scan, and only the
 * ones that may be stored are asked of DuckDB: the filter decides what to look up, never the
 * answer. A 32-bit fingerprint was tried first: its false positives, each a scan, grew with the
 * store twice over (more keys to collide with, longer scans).
 *
 * Memory: 8 bytes a key in a sorted Float64Array (fingerprints are whole numbers below 2^53, exact
 * as doubles), and the keys added since the last merge in a Set, merged into the array when they
 * reach an eighth of it: 1,000,000 keys take 8 MB, and a merge briefly twice that.
 */

import { toWellFormed } from '../text/well-formed.js';

/** Keys added since the last merge, at the least, before they are merged into the sorted array. */
const MIN_RECENT = 4096;

/**
 * Two 32-bit string hashes (FNV-1a, each finished by murmur3's mixer, the second over another
 * basis and multiplier), as one number below 2^52. Of the key as DuckDB will give it back: a
 * half surrogate pair as U+FFFD (well-formed.ts), so that a key read from the store matches.
 */
export function fingerprint(key: string): number {
  key = toWellFormed(key);
  let a = 0x811c9dc5;
  let b = 0x2f3b9a57;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (mix(a) & 0xfffff) * 2 ** 32 + mix(b ^ (key.length * 0x9e3779b9));
}

/** murmur3's 32-bit finaliser: every input bit reaches every output bit. Unsigned. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class KeyFilter {
  private sorted = new Float64Array(0);
  private recent = new Set<number>();

  /** Distinct fingerprints held (the keys added, less any two that share one). */
  get size(): number {
    return this.sorted.length + this.recent.size;
  }

  add(key: string): void {
    const f = fingerprint(key);
    if (this.recent.has(f) || this.inSorted(f)) return;
    this.recent.add(f);
    if (this.recent.size >= Math.max(MIN_RECENT, this.sorted.length / 8)) this.merge();
  }

  mayHave(key: string): boolean {
    const f = fingerprint(key);
    return this.recent.has(f) || this.inSorted(f);
  }

  /** The keys among `keys` that may have been added (all the added ones, and rare others), in order. */
  filter(keys: Iterable<string>): string[] {
    const out: string[] = [];
    for (const k of keys) if (this.mayHave(k)) out.push(k);
    return out;
  }

  private inSorted(f: number): boolean {
    const a = this.sorted;
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = a[mid]!;
      if (v === f) return true;
      if (v < f) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Merges the recent fingerprints into the sorted array (two sorted runs, one pass). */
  private merge(): void {
    const recent = Float64Array.from(this.recent).sort();
    const old = this.sorted;
    const out = new Float64Array(old.length + recent.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length && j < recent.length) out[k++] = old[i]! < recent[j]! ? old[i++]! : recent[j++]!;
    while (i < old.length) out[k++] = old[i++]!;
    while (j < recent.length) out[k++] = recent[j++]!;
    this.sorted = out;
    this.recent.clear();
  }
}
