import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyFilter, fingerprint } from '../../src/store/key-filter.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('KeyFilter', () => {
  it('never misses a key it was given, whatever the keys', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 3000 }), (keys) => {
        const filter = new KeyFilter();
        for (const k of keys) filter.add(k);
        expect(keys.every((k) => filter.mayHave(k))).toBe(true);
        expect(filter.size).toBeLessThanOrEqual(new Set(keys).size);
      }),
      { numRuns: 50 },
    );
  });

  it('answers keys it was not given no: 52-bit fingerprints, false positives near keys / 2^52', () => {
    const filter = new KeyFilter();
    for (let i = 0; i < 200_000; i++) filter.add(sha(`stored ${i}`));
    for (let i = 0; i < 200_000; i++) filter.add(`/letters/${String(i).padStart(7, '0')}.pdf`);
    // 400,000 fingerprints and 200,000 other keys: 0.00002 false positives expected, so any is a
    // sign of a weak hash (near keys sharing fingerprints).
    expect(filter.size).toBe(400_000);
    // Every key added is still there after the merges into the sorted array.
    expect(Array.from({ length: 200_000 }, (_, i) => sha(`stored ${i}`)).every((k) => filter.mayHave(k))).toBe(true);
    expect(Array.from({ length: 200_000 }, (_, i) => `/letters/${String(i).padStart(7, '0')}.pdf`).every((k) => filter.mayHave(k))).toBe(true);
    let yes = 0;
    for (let i = 0; i < 100_000; i++) if (filter.mayHave(sha(`new ${i}`))) yes++;
    for (let i = 200_000; i < 300_000; i++) if (filter.mayHave(`/letters/${String(i).padStart(7, '0')}.pdf`)) yes++;
    expect(yes).toBe(0);
  });

  it('filter keeps the keys that may be held, in order', () => {
    const filter = new KeyFilter();
    for (const k of ['a', 'c']) filter.add(k);
    expect(filter.filter(['a', 'b', 'c', 'a'])).toEqual(['a', 'c', 'a']);
  });

  it('fingerprints are whole numbers below 2^52 that differ for near keys', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `file-${i}.pdf`);
    const prints = keys.map(fingerprint);
    expect(prints.every((f) => Number.isInteger(f) && f >= 0 && f < 2 ** 52)).toBe(true);
    expect(new Set(prints).size).toBe(keys.length);
    // The high bits (the first hash's) vary too.
    expect(new Set(prints.map((f) => Math.floor(f / 2 ** 32))).size).toBeGreaterThan(50_000);
  });
});
