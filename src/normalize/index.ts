/**
 * Normalise stage: raw letter text (pages separated by form feeds) to the one text that
 * every later stage and every span refers to. Page furniture goes, broken words and dates
 * are rejoined, the two-column header table becomes `Label: value` lines, whitespace folds.
 * Line breaks are kept: they carry structure (headings, decision lines).
 */
import { pageArtefacts as artefacts } from '../vocab/index.js';
import { CASE_NUMBER } from '../text/case-number.js';
import { toWellFormed } from '../text/well-formed.js';
import { rebuildHeaderTable } from './header-table.js';
import { rewriteEngineText } from './engine-text.js';
import { splitRunTogetherWords } from './run-together.js';
import { wordLexicon } from './words.js';

export interface Normalized {
  text: string;
}

const PAGE_MARKER_LINE = /^[ \t]*--[ \t]*\d+[ \t]+of[ \t]+\d+[ \t]*--[ \t]*$/gm;
const MARKER_LINES = artefacts.markerLines.map((p) => new RegExp(p, 'i'));
const KEEP_HYPHEN_BEFORE = new Set(artefacts.keepHyphenBefore);
const KEEP_HYPHEN_AFTER = new Set(artefacts.keepHyphenAfterPrefix);

export function normalizeText(raw: string): Normalized {
  // Half a surrogate pair (a broken PDF text layer) could not be stored as UTF-8 or read back as JSON.
  const cleaned = toWellFormed(
    rewriteEngineText(raw)
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?/g, '\n')
      .replace(/\u00AD/g, '')
      .replace(/[\t\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
      .replace(/[\u000B\u001C-\u001F\u0085\u2028\u2029]/g, '\n')
      // Other control characters carry nothing a reader sees.
      .replace(/[\u0000-\u0008\u000E-\u001B\u007F]/g, ''),
  );
  // A page marker line in plain text (`-- 2 of 3 --`, as text dumps of PDFs print) is a page break.
  const pages = cleaned
    .replace(PAGE_MARKER_LINE, '\f')
    .split('\f').map((page) => page.split('\n').map((l) => (l.includes('  ') ? l.replace(/ {2,}/g, ' ') : l).trim()));
  const { pages: withoutFurniture, removed } = removePageFurniture(pages);
  // Blank lines at a page's edges are layout, not paragraph breaks: a sentence may run on.
  let text = withoutFurniture.map((lines) => trimBlankEdges(lines).join('\n')).filter((page) => page !== '').join('\n');
  text = keepCaseNumberLine(text, removed);
  text = undoDoubleSpacing(text);
  text = rejoinBrokenWords(text);
  text = splitRunTogetherWords(text);
  text = text.replace(/\n{3,}/g, '\n\n').replace(/^\n+/, '').replace(/\n+$/, '');
  text = rebuildHeaderTable(text);
  return { text };
}

/**
 * Older letters may print the case number only in a running header or footer (`CM13-0943318 Page
 * 2 of 5`, `IMR Case Number CM13-0968841`): then the first such line removed as furniture is the
 * letter's one print of it and is kept, as the first line of the text (RECORD.md, older layouts),
 * where it interrupts no sentence.
 */
function keepCaseNumberLine(text: string, removed: readonly string[]): string {
  const line = removed.find((l) => CASE_NUMBER.test(l));
  const caseNumber = line ? CASE_NUMBER.exec(line)![1]! : null;
  if (!line || !caseNumber || text.includes(caseNumber)) return text;
  return text === '' ? line : `${line}\n${text}`;
}

/**
 * Drops page markers, and lines that repeat at the top or bottom of several pages (running
 * headers/footers); `removed` lists the furniture lines in text order.
 */
function removePageFurniture(pages: string[][]): { pages: string[][]; removed: string[] } {
  const edgeCounts = new Map<string, number>();
  const edgeKey = (line: string) => line.replace(/\d+/g, '#').toLowerCase();
  const edges = (lines: string[]) => {
    const content = lines.filter((l) => l !== '');
    return new Set([...content.slice(0, 2), ...content.slice(-2)].map(edgeKey));
  };
  if (pages.length > 1) {
    for (const page of pages) for (const key of edges(page)) edgeCounts.set(key, (edgeCounts.get(key) ?? 0) + 1);
  }
  // Furniture repeats at page edges and reads like a label, not prose: a sentence that
  // happens to end two pages (`necessary.`) is content.
  const running = (line: string) => {
    const n = edgeCounts.get(edgeKey(line)) ?? 0;
    return pages.length > 1 && n >= Math.max(2, Math.ceil(pages.length / 2)) && !/[.,;:!?]$/.test(line) && line.length < 120;
  };
  const removed: string[] = [];
  const kept = pages.map((lines, pageIndex) => {
    const content = lines.filter((l) => l !== '');
    const top = new Set(content.slice(0, 2));
    const bottom = new Set(content.slice(-2));
    return lines.filter((line) => {
      if (line === '') return true;
      const atEdge = top.has(line) || bottom.has(line);
      // Page 1's top lines are the letter's own first print of a running header (its
      // letterhead, its case number): content there, furniture on every later page.
      const keep = !atEdge || (!MARKER_LINES.some((re) => re.test(line)) && (!running(line) || (pageIndex === 0 && top.has(line) && !bottom.has(line))));
      if (!keep) removed.push(line);
      return keep;
    });
  });
  return { pages: kept, removed };
}

/**
 * Some text exports are double-spaced: a blank line after every line. There a single blank
 * line is a line wrap and only a run of blank lines separates paragraphs.
 */
function undoDoubleSpacing(text: string): string {
  const lines = text.split('\n');
  const content = lines.filter((l) => l !== '').length;
  let singleGaps = 0;
  for (let i = 1; i + 1 < lines.length; i++) if (lines[i] === '' && lines[i - 1] !== '' && lines[i + 1] !== '') singleGaps++;
  if (content < 10 || singleGaps < content * 0.6) return text;
  return text.replace(/\n{3,}/g, '\u0000').replace(/\n\n/g, '\n').replace(/\u0000/g, '\n\n');
}

function trimBlankEdges(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a] === '') a++;
  while (b > a && lines[b - 1] === '') b--;
  return lines.slice(a, b);
}

/**
 * `L4-\n5` → `L4-5`, `10-30-\n2016` → `10-30-2016`, `year-\nold` → `year-old`. For other words
 * split at a line end the letter itself decides: the joined form when it prints that elsewhere
 * (`electrodiagnostic`), the hyphenated form when it prints that (`sprain-strain`). Else the word
 * list does: two words whose join is no word keep the hyphen (`peer-reviewed`, `sprain-strain`);
 * anything else is one word broken by hyphenation (`docu-mentation`), joined.
 */
function rejoinBrokenWords(text: string): string {
  const withDigits = text.replace(/(\d)([-/])\n(?=\d)/g, '$1$2');
  if (!withDigits.includes('-\n')) return withDigits;
  let lower: string | null = null;
  // Each form is looked up once, and only the first 500 forms are: every lookup scans the whole
  // text, so a huge input full of line-end hyphens would otherwise take quadratic time.
  const looked = new Map<string, boolean>();
  const printed = (form: string) => {
    let found = looked.get(form);
    if (found === undefined) {
      lower ??= withDigits.toLowerCase();
      found = looked.size < 500 && lower.includes(form);
      looked.set(form, found);
    }
    return found;
  };
  return withDigits.replace(/(?<![A-Za-z0-9])([A-Za-z0-9]+)-\n([A-Za-z]+)/g, (_whole, before: string, after: string) => {
    if (/\d/.test(before) || /^[A-Z]/.test(after)) return `${before}-${after}`;
    if (KEEP_HYPHEN_BEFORE.has(after.toLowerCase()) || KEEP_HYPHEN_AFTER.has(before.toLowerCase())) return `${before}-${after}`;
    const joined = `${before}${after}`.toLowerCase();
    const hyphenated = `${before}-${after}`.toLowerCase();
    if (printed(joined)) return `${before}${after}`;
    if (printed(hyphenated)) return `${before}-${after}`;
    const words = wordLexicon();
    const twoWords = !words.isWord(joined) && words.isWord(before.toLowerCase()) && words.isWord(after.toLowerCase());
    return twoWords ? `${before}-${after}` : `${before}${after}`;
  });
}
