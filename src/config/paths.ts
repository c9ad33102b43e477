/** Where the shared (real, read-only) corpus lives: IMR_SHARED_CORPUS, else ../shared/corpus from the repo root. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: two levels above this file in both src/ and dist/. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function sharedCorpusDir(): string {
  return path.resolve(REPO_ROOT, process.env.IMR_SHARED_CORPUS ?? '../shared/corpus');
}

export function sharedCorpusAvailable(): boolean {
  return existsSync(sharedCorpusDir());
}
