/**
 * The PDF engines behind one interface (engine.ts), and what every engine's result goes through:
 *
 * - `pdfium` (the default): PDFium compiled to WebAssembly. On the 154 real letters it gives the
 *   same records as pdf-parse, reading a letter for 0.4-0.45 of pdf-parse's CPU time
 *   (docs/PDF-ENGINES.md).
 * - `pdf-parse`: pdf.js. Supported and tested, and the fallback: a file PDFium cannot open
 *   (damaged past its repair, a security handler it lacks, a crash inside it) is read again with
 *   pdf-parse, and the record says so in a warning. A file that needs a password is not retried:
 *   no engine can open it without one.
 *
 * Engines are loaded when first used, so a process that reads with one never loads the other.
 */
import { LetterError } from '../../errors.js';
import { warning } from '../../warnings.js';
import type { PdfEngine, PdfLimits, PdfPages } from './engine.js';
import { DEFAULT_PDF_ENGINE, type PdfEngineName } from './names.js';

export type { PdfEngine, PdfLimits, PdfPages } from './engine.js';
export { DEFAULT_PDF_ENGINE, PDF_ENGINES, isPdfEngineName, type PdfEngineName } from './names.js';

const LOADERS: Record<PdfEngineName, () => Promise<PdfEngine>> = {
  'pdf-parse': async () => (await import('./pdf-parse.js')).readWithPdfParse,
  pdfium: async () => (await import('./pdfium.js')).readWithPdfium,
};

export interface PdfText extends PdfPages {
  /** The engine whose text this is (the fallback's, when it was used). */
  engine: PdfEngineName;
}

/** The engine that reads a file the first one cannot open, when there is one. */
const FALLBACK: Partial<Record<PdfEngineName, PdfEngineName>> = { pdfium: 'pdf-parse' };

/**
 * The text of each page of a PDF, with `engine`'s fallback for a file it cannot open. Throws
 * LetterError: `corrupt`, `encrypted`, `timeout`, `too-large` (pages), and `empty` or
 * `no-text-layer` for a PDF without text (with and without images: a scan needs OCR first).
 */
export async function readPdf(file: string, bytes: Uint8Array, limits: PdfLimits, engine: PdfEngineName = DEFAULT_PDF_ENGINE): Promise<PdfText> {
  const started = performance.now();
  let read: PdfPages;
  let used = engine;
  try {
    read = await (await LOADERS[engine]())(file, bytes, limits);
  } catch (err) {
    const fallback = FALLBACK[engine];
    if (!fallback || !(err instanceof LetterError) || err.code !== 'corrupt') throw err;
    const left = { ...limits, timeoutMs: Math.max(1, limits.timeoutMs - (performance.now() - started)) };
    try {
      read = await (await LOADERS[fallback]())(file, bytes, left);
    } catch (fallbackErr) {
      // A more telling reason from the fallback (a password, a timeout) wins; else the first engine's.
      if (fallbackErr instanceof LetterError && fallbackErr.code !== 'corrupt') throw fallbackErr;
      throw err;
    }
    used = fallback;
    read = { pages: read.pages, warnings: [warning('pdf-fallback', `${engine} could not open the PDF (${err.reason}): read with ${fallback}`), ...read.warnings] };
  }
  return { ...checkPages(file, bytes, read), engine: used };
}

/** What the pages say about the file, the same for every engine: blank pages, a missing end marker. */
function checkPages(file: string, bytes: Uint8Array, read: PdfPages): PdfPages {
  const { pages } = read;
  const blank = pages.flatMap((p, i) => (p.trim() === '' ? [i + 1] : []));
  if (blank.length === pages.length) {
    if (!hasImages(bytes)) throw new LetterError('empty', file, `the PDF's ${pages.length} page(s) are blank: no text and no images`);
    throw new LetterError('no-text-layer', file, `no text layer on any of ${pages.length} page(s) (a scan needs OCR first)`);
  }
  const warnings = [...read.warnings];
  if (blank.length > 0) {
    const which = blank.length === 1 ? `page ${blank[0]} of ${pages.length} has` : `pages ${blank.join(', ')} of ${pages.length} have`;
    warnings.push(warning('pdf-blank-pages', `PDF ${which} no text (a scanned page?)`));
  }
  if (!hasEndMarker(bytes)) warnings.push(warning('pdf-truncated', 'PDF has no %%EOF end marker: the file may be truncated and its text incomplete'));
  return { pages, warnings };
}

/**
 * Whether the file holds an image XObject. Stream dictionaries are never inside object streams
 * and encryption leaves names alone, so the bytes show it. (Inline images in a content stream
 * are not seen; scanners write XObjects.)
 */
function hasImages(bytes: Uint8Array): boolean {
  return /\/Subtype\s*\/Image\b/.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
}

/** A complete PDF ends with `%%EOF` (readers allow some trailing junk). */
function hasEndMarker(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1').includes('%%EOF');
}
