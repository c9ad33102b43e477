/**
 * Renders every corpus/**\/*.txt to a sibling .pdf, so the project's own letters also exist in
 * the form the pipeline meets in the wild: Letter-size pages, standard Helvetica, word-wrapped,
 * a running header (`Final Determination Letter for IMR Case Number CM..`) and footer
 * (`Page 2 of 3`) on every page. Those page artefacts are deliberate: the extractor has to see
 * through them.
 *
 *   npx tsx scripts/build-corpus-pdfs.ts             build (rewrites only PDFs whose bytes change)
 *   npx tsx scripts/build-corpus-pdfs.ts --check     exit 1 when a committed PDF is stale or missing, or a
 *                                                    letter's gold (annotations/corpus/<same path>.json)
 *                                                    is missing or names other sha256s than the files have
 *   npx tsx scripts/build-corpus-pdfs.ts --sync-gold also refresh the sha256s in the letters' gold files
 *
 * Input text may be UTF-8 (with or without BOM) or Windows-1252, with LF, CRLF or CR line ends.
 * Layout rules, all deterministic:
 * - a line containing tabs is a table row: its cells go to fixed tab stops;
 * - an ALL-CAPS line is set in Helvetica-Bold;
 * - a form feed, or a line that is itself a page marker (`-- 1 of 2 --`), starts a new page and is
 *   not printed (letters that simulate extracted text keep their marker where the page breaks);
 * - long lines wrap at spaces, or after a hyphen when a hyphenated word does not fit (as word
 *   processors do, which yields `L4-` / `5` and `10-30-` / `2016` splits);
 * - characters WinAnsi cannot encode are mapped to ASCII look-alikes.
 * The document's dates, producer and creator are fixed, so rebuilding is byte-identical.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, PDFFont, StandardFonts, rgb } from 'pdf-lib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.join(ROOT, 'corpus');
const GOLD = path.join(ROOT, 'annotations', 'corpus');

const PAGE_W = 612; // US Letter, points
const PAGE_H = 792;
const MARGIN_X = 72;
const TOP = PAGE_H - 72; // baseline of the first body line
const BOTTOM = 72; // no body line below this baseline
const SIZE = 10;
const LEADING = 13;
const TEXT_W = PAGE_W - 2 * MARGIN_X;
const TAB_STOPS = [0, 112, 234, 346]; // x offsets of table cells
const FIXED_DATE = new Date('2024-01-01T00:00:00Z');
const PRODUCER = 'imr-extract scripts/build-corpus-pdfs.ts (pdf-lib)';

// ---------------------------------------------------------------- decoding

/** Windows-1252 0x80-0x9F (Node's TextDecoder treats `windows-1252` as Latin-1 there). */
const CP1252_HIGH: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
  0x88: 0x02c6, 0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018,
  0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc,
  0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a, 0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

export function decodeLetter(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  let text: string;
  let encoding: 'utf-8' | 'windows-1252' = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    encoding = 'windows-1252';
    text = Array.from(bytes, (b) => String.fromCodePoint(CP1252_HIGH[b] ?? b)).join('');
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return { text, encoding };
}

// ---------------------------------------------------------------- characters

const ASCII_FALLBACK: Record<string, string> = {
  '\u2264': '<=', '\u2265': '>=', '\u2192': '->', '\u2190': '<-', '\u2212': '-', '\u2010': '-',
  '\u2011': '-', '\u2012': '-', '\u2015': '-', '\u2032': "'", '\u2033': '"', '\u2248': '~',
  '\u2713': 'v', '\u2714': 'v', '\u00a0': ' ', '\u2009': ' ', '\u202f': ' ', '\u200b': '',
  '\u00ad': '', '\u2122': '(TM)',
};

function makeSanitizer(font: PDFFont): (s: string) => string {
  const ok = new Set(font.getCharacterSet());
  const one = (ch: string): string => {
    const cp = ch.codePointAt(0)!;
    if (ok.has(cp) || ch === '\t') return ch;
    if (ch in ASCII_FALLBACK) return ASCII_FALLBACK[ch]!;
    const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    if (base && [...base].every((c) => ok.has(c.codePointAt(0)!))) return base;
    return '?';
  };
  return (s) => [...s].map(one).join('');
}

// ---------------------------------------------------------------- layout

type Run = { x: number; text: string; bold: boolean };
type Line = Run[]; // an empty array is a blank line
type PageBreak = 'page-break';

const isPageMarker = (line: string): boolean => /^\s*--\s*\d+\s+of\s+\d+\s*--\s*$/.test(line);
const isHeading = (line: string): boolean => /[A-Z]{3}/.test(line) && !/[a-z]/.test(line) && line.trim().length <= 90;

/** Splits a word into pieces that may end a line: after each hyphen between two word characters. */
function hyphenPieces(word: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let i = 1; i < word.length - 1; i++) {
    if (word[i] === '-' && /\w/.test(word[i - 1]!) && /\w/.test(word[i + 1]!)) {
      pieces.push(word.slice(start, i + 1));
      start = i + 1;
    }
  }
  pieces.push(word.slice(start));
  return pieces;
}

function wrap(text: string, width: number, measure: (s: string) => number): string[] {
  const words = text.split(/ +/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let cur = '';
  const fits = (s: string) => measure(s) <= width;
  for (let w of words) {
    for (;;) {
      const candidate = cur ? `${cur} ${w}` : w;
      if (fits(candidate)) {
        cur = candidate;
        break;
      }
      // Try to keep a hyphenated head of the word on this line.
      const pieces = hyphenPieces(w);
      let head = '';
      for (let k = 1; k < pieces.length; k++) {
        const h = pieces.slice(0, k).join('');
        if (fits(cur ? `${cur} ${h}` : h)) head = h;
      }
      if (head) {
        lines.push(cur ? `${cur} ${head}` : head);
        cur = '';
        w = w.slice(head.length);
        continue;
      }
      if (cur) {
        lines.push(cur);
        cur = '';
        continue;
      }
      // A single unbreakable word wider than the line (a URL): cut it by characters.
      let n = w.length;
      while (n > 1 && !fits(w.slice(0, n))) n--;
      lines.push(w.slice(0, n));
      w = w.slice(n);
      if (!w) break;
    }
  }
  if (cur) lines.push(cur);
  return lines;
}

function layout(text: string, regular: PDFFont, bold: PDFFont, clean: (s: string) => string): (Line | PageBreak)[] {
  const out: (Line | PageBreak)[] = [];
  for (const rawLine of text.split('\n')) {
    const pieces = rawLine.split('\f');
    pieces.forEach((raw, idx) => {
      if (idx > 0) out.push('page-break');
      const line = clean(raw.replace(/\s+$/, ''));
      if (idx > 0 && line === '') return;
      if (isPageMarker(line)) {
        out.push('page-break');
        return;
      }
      if (line.trim() === '') {
        out.push([]);
        return;
      }
      if (line.includes('\t')) {
        const cells = line.split('\t').map((c) => c.trim());
        const runs: Run[] = [];
        let x = 0;
        let stop = 0;
        for (const cell of cells) {
          while (stop < TAB_STOPS.length && TAB_STOPS[stop]! < x) stop++;
          const cx = stop < TAB_STOPS.length ? TAB_STOPS[stop]! : x;
          if (cell) runs.push({ x: cx, text: cell, bold: false });
          x = cx + regular.widthOfTextAtSize(cell, SIZE) + 8;
          stop++;
        }
        out.push(runs);
        return;
      }
      const indentChars = line.length - line.trimStart().length;
      const indent = Math.min(indentChars * regular.widthOfTextAtSize(' ', SIZE), TEXT_W / 2);
      const heading = isHeading(line);
      const font = heading ? bold : regular;
      for (const l of wrap(line.trim(), TEXT_W - indent, (s) => font.widthOfTextAtSize(s, SIZE))) {
        out.push([{ x: indent, text: l, bold: heading }]);
      }
    });
  }
  return out;
}

function paginate(lines: (Line | PageBreak)[]): Line[][] {
  const perPage = Math.floor((TOP - BOTTOM) / LEADING) + 1;
  const pages: Line[][] = [[]];
  for (const l of lines) {
    const page = pages[pages.length - 1]!;
    if (l === 'page-break') {
      pages.push([]);
      continue;
    }
    if (page.length === 0 && l.length === 0) continue; // no blank line at the top of a page
    if (page.length >= perPage) pages.push([l]);
    else page.push(l);
  }
  // Drop trailing blank lines and any page left empty by them.
  for (const p of pages) while (p.length && p[p.length - 1]!.length === 0) p.pop();
  const kept = pages.filter((p) => p.length > 0);
  return kept.length ? kept : [[]];
}

export async function renderLetter(text: string, title: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const clean = makeSanitizer(regular);

  const caseNumber = /\bCM\d{2}-\d{7}\b/.exec(text)?.[0];
  const header = caseNumber
    ? `Final Determination Letter for IMR Case Number ${caseNumber}`
    : 'Final Determination Letter';

  const pages = paginate(layout(text, regular, bold, clean));
  const grey = rgb(0.35, 0.35, 0.35);
  pages.forEach((lines, i) => {
    const page = doc.addPage([PAGE_W, PAGE_H]);
    page.drawText(header, { x: MARGIN_X, y: PAGE_H - 40, size: 8, font: regular, color: grey });
    lines.forEach((runs, j) => {
      const y = TOP - j * LEADING;
      for (const r of runs) {
        page.drawText(r.text, { x: MARGIN_X + r.x, y, size: SIZE, font: r.bold ? bold : regular });
      }
    });
    const footer = `Page ${i + 1} of ${pages.length}`;
    const fw = regular.widthOfTextAtSize(footer, 8);
    page.drawText(footer, { x: (PAGE_W - fw) / 2, y: 36, size: 8, font: regular, color: grey });
  });

  doc.setTitle(title);
  doc.setSubject('imr-extract project corpus letter (invented)');
  doc.setCreator(PRODUCER);
  doc.setProducer(PRODUCER);
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  return doc.save({ useObjectStreams: false });
}

// ---------------------------------------------------------------- driver

function listTxt(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listTxt(p));
    else if (e.isFile() && e.name.endsWith('.txt') && e.name !== 'README.txt') out.push(p);
  }
  return out.sort();
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const rel = (p: string): string => path.relative(ROOT, p).split(path.sep).join('/');

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const syncGold = process.argv.includes('--sync-gold');
  let stale = 0;
  for (const txtPath of listTxt(CORPUS)) {
    const bytes = readFileSync(txtPath);
    const { text, encoding } = decodeLetter(bytes);
    const pdfPath = txtPath.replace(/\.txt$/, '.pdf');
    const pdf = await renderLetter(text, rel(txtPath));
    const same = existsSync(pdfPath) && sha256(readFileSync(pdfPath)) === sha256(pdf);
    if (check) {
      if (!same) {
        stale++;
        console.log(`stale: ${rel(pdfPath)}`);
      }
    } else if (!same) {
      writeFileSync(pdfPath, pdf);
      console.log(`wrote ${rel(pdfPath)} (${encoding})`);
    } else {
      console.log(`unchanged ${rel(pdfPath)}`);
    }

    // The letter's gold (annotations/corpus/<same path>.json) names both renderings by sha256.
    const goldPath = path.join(GOLD, path.relative(CORPUS, txtPath)).replace(/\.txt$/, '.json');
    if (!existsSync(goldPath)) {
      console.log(`  no gold at ${rel(goldPath)}`);
      if (check) stale++;
      continue;
    }
    const gold = JSON.parse(readFileSync(goldPath, 'utf8'));
    const letter = {
      corpus: 'project',
      path: rel(txtPath),
      sha256: sha256(bytes),
      variants: [{ path: rel(pdfPath), sha256: sha256(pdf) }],
    };
    if (JSON.stringify(gold.letter) !== JSON.stringify(letter)) {
      if (syncGold) {
        gold.letter = letter;
        writeFileSync(goldPath, JSON.stringify(gold, null, 2) + '\n');
        console.log(`  updated sha256s in ${rel(goldPath)}`);
      } else {
        console.log(`  gold letter ref out of date: ${rel(goldPath)} (run with --sync-gold)`);
        if (check) stale++;
      }
    }
  }
  if (check && stale) {
    console.log(`${stale} PDF(s) or gold letter refs out of date: run npm run corpus:pdf -- --sync-gold`);
    process.exit(1);
  }
}

await main();
