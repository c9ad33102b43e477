/**
 * What a PDF engine is: PDF bytes in, the text of each page out, or a typed LetterError. Each
 * engine (pdf-parse.ts, pdfium.ts) reads pages as its library gives them; what every engine
 * shares (blank pages, the end marker, the fallback) is in index.ts, and the differences in
 * their text (hyphen markers, line ends, spacing) are the normaliser's to even out.
 */
import { LetterError } from '../../errors.js';
import type { Warning } from '../../warnings.js';

export interface PdfLimits {
  /** Budget for the whole document (ms): the clock is checked after each page. */
  timeoutMs: number;
  /** Documents with more pages are refused before any page is read. */
  maxPages: number;
}

export interface PdfPages {
  /** Each page's text as the engine gives it, in page order. */
  pages: string[];
  /** Oddities that still let the text be read. */
  warnings: Warning[];
}

/** The caller has checked that the bytes carry a PDF header. Throws LetterError. */
export type PdfEngine = (file: string, bytes: Uint8Array, limits: PdfLimits) => Promise<PdfPages>;

/** The clock of one document: `check()` after each page throws `timeout` once the budget is spent. */
export function deadline(file: string, timeoutMs: number): { check(): void; error(): LetterError } {
  const end = performance.now() + timeoutMs;
  const error = () => new LetterError('timeout', file, `PDF text extraction took longer than ${timeoutMs} ms`);
  return {
    check() {
      if (performance.now() > end) throw error();
    },
    error,
  };
}

/** A document of more pages than a letter can have (an archive in one file?) is refused before it is read. */
export function checkPageCount(file: string, pages: number, limits: PdfLimits): void {
  if (pages > limits.maxPages) {
    throw new LetterError('too-large', file, `${pages} pages is over the ${limits.maxPages}-page limit for one letter (several letters in one file?)`);
  }
}
