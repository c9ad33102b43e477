/**
 * Turns command-line inputs into letter paths: files, folders (recursively, .pdf and .txt),
 * globs, and `@list.txt` files naming one input per line. Inputs that match nothing are
 * reported, not dropped silently.
 */
import { readFile, stat, readdir } from 'node:fs/promises';
import { glob } from 'tinyglobby';
import path from 'node:path';

export const LETTER_EXTENSIONS = new Set(['.pdf', '.txt', '.text']);

export interface ExpandedInputs {
  files: string[];
  /** Inputs that named nothing readable: `{input, reason}`. */
  unmatched: { input: string; reason: string }[];
}

export async function expandInputs(args: string[]): Promise<ExpandedInputs> {
  const files: string[] = [];
  const unmatched: ExpandedInputs['unmatched'] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    if (!seen.has(f)) {
      seen.add(f);
      files.push(f);
    }
  };
  for (const arg of args) {
    if (arg.startsWith('@')) {
      const listFile = arg.slice(1);
      let lines: string[];
      try {
        lines = (await readFile(listFile, 'utf8')).split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
      } catch (err) {
        unmatched.push({ input: arg, reason: `cannot read list file: ${(err as Error).message}` });
        continue;
      }
      const nested = await expandInputs(lines);
      nested.files.forEach(add);
      unmatched.push(...nested.unmatched);
      continue;
    }
    const statted = await stat(arg).catch((err: NodeJS.ErrnoException) => err);
    const info = statted instanceof Error ? null : statted;
    const missing = statted instanceof Error && (statted.code === 'ENOENT' || statted.code === 'ENOTDIR');
    if (info?.isDirectory()) {
      const found = (await walk(arg)).sort();
      if (found.length === 0) unmatched.push({ input: arg, reason: 'folder holds no .pdf or .txt letters' });
      found.forEach(add);
    } else if (info?.isFile()) {
      add(arg);
    } else if (/[*?[\]{}]/.test(arg)) {
      // Node 20 has no fs.glob; tinyglobby is small and dependency-light.
      const matched = await glob(arg, { onlyFiles: true, expandDirectories: false });
      if (matched.length === 0) unmatched.push({ input: arg, reason: 'glob matched no files' });
      matched.sort().forEach(add);
    } else if (missing) {
      // Reported here, so that a mistyped path is named before any work (ingest opens no store for it).
      unmatched.push({ input: arg, reason: 'no such file or folder' });
    } else {
      // Kept as a file so the extractor reports why it cannot be read (a typed `unreadable` error).
      add(arg);
    }
  }
  return { files, unmatched };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile() && LETTER_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) out.push(full);
  }
  return out;
}
