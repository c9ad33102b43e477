// Picks the real letters to annotate: a seeded shuffle (mulberry32) of the sorted file names.
// Re-running with the same seed and folder gives the same list; see annotations/SAMPLE.md.
import { readdirSync } from 'node:fs';
const SEED = 20161209;
const dir = process.argv[2] ?? '../shared/corpus/dwc-2016-2017';
function mulberry32(a) {
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const files = readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort();
const rand = mulberry32(SEED);
for (let i = files.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [files[i], files[j]] = [files[j], files[i]];
}
const n = Number(process.argv[3] ?? 60);
console.log(JSON.stringify({ seed: SEED, sample: files.slice(0, n), doubleAnnotated: files.slice(0, 15) }, null, 2));
