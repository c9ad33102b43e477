// Validates gold files against the GoldFile schema and checks each letter's sha256.
import { createHash } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { GoldFile } from '../src/record/gold.js';
import { fileURLToPath } from 'node:url';
import { settings } from '../src/config/index.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

let bad = 0;
for (const file of process.argv.slice(2)) {
  const parsed = GoldFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    bad++;
    console.log(`${file}: INVALID\n${JSON.stringify(parsed.error.issues, null, 1)}`);
    continue;
  }
  const ref = parsed.data.letter;
  const letterPath = path.resolve(ref.corpus === 'shared' ? settings.sharedCorpus : REPO_ROOT, ref.path);
  if (!existsSync(letterPath)) {
    bad++;
    console.log(`${file}: letter not found at ${letterPath}`);
    continue;
  }
  const sha = createHash('sha256').update(readFileSync(letterPath)).digest('hex');
  if (sha !== ref.sha256) {
    bad++;
    console.log(`${file}: sha256 mismatch (file has ${sha})`);
    continue;
  }
  console.log(`${file}: ok`);
}
process.exit(bad ? 1 : 0);
