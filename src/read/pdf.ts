/**
 * PDF bytes to page texts through pdf-parse (pdf.js). Letters encrypted against copying
 * (owner password only) read normally; a user password, a damaged file or a scan with no
 * text layer become typed errors.
 */
import { PDFParse, PasswordException, InvalidPDFException, FormatError } from 'pdf-parse';
import { LetterError } from '../errors.js';

export interface PdfText {
  pages: string[];
  /** Oddities that still let the text be read (a missing end marker, pages without text). */
  warnings: string[];
}

const PDF_ERRORS_SILENT = 0;

/** The caller (readLetterBytes) has checked that the bytes carry a PDF header. */
export async function readPdfText(file: string, bytes: Uint8Array, timeoutMs: number): Promise<PdfText> {
  // pdf.js takes ownership of the buffer it is given, so hand it a copy.
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: PDF_ERRORS_SILENT });
  const timedOut = () => new LetterError('timeout', file, `PDF text extraction took longer than ${timeoutMs} ms`);
  const deadline = performance.now() + timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut()), timeoutMs);
  });
  /**
   * pdf.js (in-process, no worker thread) does its work in promise jobs and may hold the event
   * loop for a whole document, so the timer alone cannot stop it: pages are read one at a time
   * and the clock is checked after each. A document stops at most one page past its budget.
   * (The ingest pool's per-letter timeout stops even that page.) The event loop is not yielded
   * between pages: a macrotask turn per page let pending GC work run inside every letter and
   * cost 0.4 ms of wall time per letter (about 3 % of the PDF parse) for nothing the clock
   * check does not already give.
   */
  const within = async <T>(work: Promise<T>): Promise<T> => {
    const value = await Promise.race([work, timeout]);
    if (performance.now() > deadline) throw timedOut();
    return value;
  };
  try {
    const first = await within(parser.getText({ partial: [1] }));
    const pages = first.pages.map((p) => p.text);
    for (let n = 2; n <= first.total; n++) {
      const next = await within(parser.getText({ partial: [n] }));
      pages.push(...next.pages.map((p) => p.text));
    }
    const blank = pages.flatMap((p, i) => (p.trim() === '' ? [i + 1] : []));
    if (blank.length === pages.length) {
      if (!hasImages(bytes)) {
        throw new LetterError('empty', file, `the PDF's ${pages.length} page(s) are blank: no text and no images`);
      }
      throw new LetterError('no-text-layer', file, `no text layer on any of ${pages.length} page(s) (a scan needs OCR first)`);
    }
    const warnings: string[] = [];
    if (blank.length > 0) warnings.push(`PDF pages without text (scanned?): ${blank.join(', ')} of ${pages.length}`);
    if (!hasEndMarker(bytes)) warnings.push('PDF has no %%EOF end marker: the file may be truncated and its text incomplete');
    return { pages, warnings };
  } catch (err) {
    throw classifyPdfError(file, err);
  } finally {
    clearTimeout(timer);
    await parser.destroy().catch(() => undefined);
  }
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

function classifyPdfError(file: string, err: unknown): LetterError {
  if (err instanceof LetterError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof PasswordException || /password/i.test(message)) {
    return new LetterError('encrypted', file, 'the PDF needs a password to open');
  }
  if (err instanceof InvalidPDFException || err instanceof FormatError || /invalid|corrupt|xref|unexpected|bad/i.test(message)) {
    return new LetterError('corrupt', file, `damaged PDF: ${message}`);
  }
  return new LetterError('corrupt', file, `PDF could not be read: ${message}`);
}
