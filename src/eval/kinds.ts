/**
 * The kinds of gold, by the letters they name (a module of its own so the CLI can list them
 * without loading the evaluator): `real`, the published 2016-2017 letters; `seed`, the shared
 * seed letters; `corpus`, our own letters.
 */
export type GoldKind = 'real' | 'seed' | 'corpus';
export const GOLD_KINDS: readonly GoldKind[] = ['real', 'seed', 'corpus'];
