// Extraction speed of two builds of the pipeline on the same text letters, each measured in its own
// process (two builds loaded in one process share its heap and compiler, which skews both): the
// way to check a change against a speed target such as "within 10 % of before".
//
//   node scripts/compare-speed.mjs <checkout A> <checkout B> <folder of .txt letters> [--processes N]
//
// The folder is read with its subfolders (`corpus`, or the text twins of real letters).
// A checkout is a folder with a built dist/ (e.g. a `git worktree` of the older commit, after
// `npm run build` there). Each process reads every letter, runs them 4 times to warm up, then 9
// times measured, and prints its median CPU ms per letter; processes alternate A, B, A, B, ...
// (5 each unless --processes says otherwise). Prints every process's figure and the ratio of medians.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [, , ...args] = process.argv;
if (args[0] === '--child') {
  const [, pipeline, folder] = args;
  const texts = readdirSync(folder, { recursive: true }).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(path.join(folder, f), 'utf8'));
  const { extractText } = await import(pathToFileURL(pipeline).href);
  const round = () => {
    const before = process.cpuUsage();
    texts.forEach((text, i) => extractText(text, { path: `letter-${i}.txt` }));
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / texts.length;
  };
  for (let r = 0; r < 4; r++) round();
  const measured = Array.from({ length: 9 }, round).sort((a, b) => a - b);
  console.log(measured[4].toFixed(3));
} else {
  const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--processes');
  const processes = Number(args[args.indexOf('--processes') + 1] ?? 5) || 5;
  if (positional.length !== 3) {
    console.error('usage: node scripts/compare-speed.mjs <checkout A> <checkout B> <folder of .txt letters> [--processes N]');
    process.exit(2);
  }
  const [a, b, folder] = positional;
  const self = fileURLToPath(import.meta.url);
  const run = (checkout) => Number(execFileSync(process.execPath, [self, '--child', path.resolve(checkout, 'dist/pipeline/index.js'), folder], { encoding: 'utf8' }).trim());
  const figures = { A: [], B: [] };
  for (let i = 0; i < processes; i++) {
    figures.A.push(run(a));
    figures.B.push(run(b));
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  console.log(`A ${a}: ${figures.A.join(' ')} ms CPU a letter, median ${median(figures.A)}`);
  console.log(`B ${b}: ${figures.B.join(' ')} ms CPU a letter, median ${median(figures.B)}`);
  console.log(`B / A: ${(median(figures.B) / median(figures.A)).toFixed(2)}`);
}
