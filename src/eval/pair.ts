/**
 * One-to-one pairing of gold items with predicted items.
 *
 * Every compatible (gold, pred) pair whose normalised texts are equal (strict) or whose token F1 is
 * at least LENIENT_THRESHOLD (lenient) is a candidate. Candidates are taken greedily: strict pairs
 * first, then by similarity, then by the caller's tie-break score, then in letter order; each item
 * is used at most once. Strict equality is an equivalence, so taking strict pairs first yields the
 * largest possible number of strict pairs; the lenient pairs on top are greedy, not optimal.
 * An item repeated three times on one side therefore gets one pair and two leftovers.
 */
import { normText, tokenF1 } from './compare.js';

export const LENIENT_THRESHOLD = 0.5;

export interface Pair {
  gold: number;
  pred: number;
  /** Normalised texts are equal. */
  strict: boolean;
  /** Token F1 of the two texts (1 when strict). */
  similarity: number;
}

export interface Pairing {
  pairs: Pair[];
  /** Gold indices left without a partner. */
  missed: number[];
  /** Predicted indices left without a partner. */
  spurious: number[];
}

export interface PairOptions {
  /** Pairs failing this are never candidates (e.g. imaging of different modalities). */
  compatible?: (gold: number, pred: number) => boolean;
  /** Breaks ties between candidates of equal similarity; higher first (e.g. same date). */
  tieBreak?: (gold: number, pred: number) => number;
}

export function pairItems(gold: readonly string[], pred: readonly string[], options: PairOptions = {}): Pairing {
  const { compatible = () => true, tieBreak = () => 0 } = options;
  const goldNorm = gold.map(normText);
  const predNorm = pred.map(normText);
  const candidates: (Pair & { bonus: number })[] = [];
  goldNorm.forEach((g, gi) => {
    predNorm.forEach((p, pi) => {
      if (!compatible(gi, pi)) return;
      const strict = g === p;
      const similarity = strict ? 1 : tokenF1(g, p);
      if (strict || similarity >= LENIENT_THRESHOLD) {
        candidates.push({ gold: gi, pred: pi, strict, similarity, bonus: tieBreak(gi, pi) });
      }
    });
  });
  candidates.sort(
    (a, b) =>
      Number(b.strict) - Number(a.strict) ||
      b.similarity - a.similarity ||
      b.bonus - a.bonus ||
      a.gold - b.gold ||
      a.pred - b.pred,
  );
  const goldUsed = new Set<number>();
  const predUsed = new Set<number>();
  const pairs: Pair[] = [];
  for (const { bonus: _bonus, ...c } of candidates) {
    if (goldUsed.has(c.gold) || predUsed.has(c.pred)) continue;
    goldUsed.add(c.gold);
    predUsed.add(c.pred);
    pairs.push(c);
  }
  pairs.sort((a, b) => a.gold - b.gold);
  return {
    pairs,
    missed: gold.map((_, i) => i).filter((i) => !goldUsed.has(i)),
    spurious: pred.map((_, i) => i).filter((i) => !predUsed.has(i)),
  };
}
