/** Where the tests find the repository and the shared corpus (the CLI's own defaults, read the same way). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSettings } from '../src/config/index.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ANNOTATIONS = path.join(REPO_ROOT, 'annotations');
export const FLOORS_FILE = path.join(REPO_ROOT, 'eval', 'floors.json');

/** The shared corpus root: IMR_SHARED_CORPUS, else ../shared/corpus beside the repository. */
export const SHARED_CORPUS = readSettings(process.env, REPO_ROOT).sharedCorpus;
/** Where gold's letters are, for resolveTargets. */
export const LETTER_ROOTS = { shared: SHARED_CORPUS, project: REPO_ROOT };

/**
 * Whether the shared corpus is here. Without it the tests that need it skip with a message; under
 * CI (`CI=true`) they fail instead, so a CI machine without it cannot pass by skipping.
 */
export function sharedCorpusAvailable(what: string): boolean {
  if (existsSync(SHARED_CORPUS)) return true;
  const message = `${what}: the shared corpus is not at ${SHARED_CORPUS} (set IMR_SHARED_CORPUS)`;
  if (readSettings().ci) throw new Error(`${message}; under CI it must be there`);
  console.warn(`${message}: skipped`);
  return false;
}
