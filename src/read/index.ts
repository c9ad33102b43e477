/**
 * Read stage: a file path (or bytes) to the raw letter text plus its `source` block.
 * Pages are joined with a form feed so the normaliser knows where page artefacts sit.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Source } from '../record/schema.js';
import { decodeTextBytes } from './decode.js';
import { LetterError } from '../errors.js';
import { warning, type Warning } from '../warnings.js';
import { DEFAULT_MAX_BYTES, readBytesWithin } from './bytes.js';
import { DEFAULT_PDF_ENGINE, readPdf, type PdfEngineName } from './engines/index.js';
import { sniffFileType } from './sniff.js';

export { readBytesWithin } from './bytes.js';
export { DEFAULT_PDF_ENGINE, PDF_ENGINES, isPdfEngineName, type PdfEngineName } from './engines/index.js';

export const PAGE_BREAK = '\f';

export interface ReadLimits {
  /** Files above this are refused before reading (bytes). */
  maxBytes: number;
  /** Per-letter budget for PDF text extraction (ms). */
  pdfTimeoutMs: number;
  /**
   * Text longer than this is refused (characters, as read): the longest real letter is under
   * 20,000, and extraction time grows with length, so one huge file cannot stall a batch.
   */
  maxTextChars: number;
  /** PDFs with more pages are refused before a page is read: real letters have 2 to 10. */
  maxPages: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { maxBytes: DEFAULT_MAX_BYTES, pdfTimeoutMs: 30_000, maxTextChars: 1_000_000, maxPages: 1_000 };

function withDefaults(limits: Partial<ReadLimits>): ReadLimits {
  return { ...DEFAULT_READ_LIMITS, ...limits };
}

/** The too-large error for a text over the limit (shared with extractText). */
export function textTooLarge(file: string, length: number, limit: number): LetterError {
  return new LetterError(
    'too-large',
    file,
    `${length} characters of text is over the ${limit}-character limit for one letter (several letters in one file?)`,
  );
}

export interface RawLetter {
  source: Source;
  /** Text as read, pages separated by PAGE_BREAK. */
  rawText: string;
  /** Oddities noticed while reading (encoding guesses and the like). */
  warnings: Warning[];
}

/** Reads a letter file once: its bytes are hashed and read from the same buffer. */
export async function readLetterFile(
  file: string,
  partialLimits: Partial<ReadLimits> = DEFAULT_READ_LIMITS,
  pdfEngine: PdfEngineName = DEFAULT_PDF_ENGINE,
): Promise<RawLetter> {
  return readLetterBytes(file, readBytesWithin(file, withDefaults(partialLimits).maxBytes), partialLimits, pdfEngine);
}

/** A PDF by its bytes (`%PDF-` first), else by its name; everything else is text. */
export function kindOf(file: string, bytes: Uint8Array): 'pdf' | 'text' {
  const head = Buffer.from(bytes.subarray(0, 5)).toString('latin1');
  if (head === '%PDF-') return 'pdf';
  return path.extname(file).toLowerCase() === '.pdf' ? 'pdf' : 'text';
}

/** pdf.js accepts a little junk before the header (up to 1 KiB). */
function hasPdfHeader(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 1024)).toString('latin1').includes('%PDF-');
}

/** A letter from its bytes, read as `file` (the name errors and `source.path` give). PDFs are read by `pdfEngine`. */
export async function readLetterBytes(
  file: string,
  bytes: Uint8Array,
  partialLimits: Partial<ReadLimits> = DEFAULT_READ_LIMITS,
  pdfEngine: PdfEngineName = DEFAULT_PDF_ENGINE,
): Promise<RawLetter> {
  const limits = withDefaults(partialLimits);
  if (bytes.length === 0) throw new LetterError('empty', file, 'the file is empty (0 bytes)');
  if (bytes.length > limits.maxBytes) {
    throw new LetterError('too-large', file, `${bytes.length} bytes is over the ${limits.maxBytes}-byte limit`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const kind = kindOf(file, bytes);
  const warnings: Warning[] = [];
  if (kind === 'pdf' && !hasPdfHeader(bytes)) {
    // Named .pdf but not one: say what it seems to be; a text letter saved as .pdf is read as text.
    const seems = sniffFileType(bytes);
    if (seems) throw new LetterError('corrupt', file, `not a PDF: the file does not start with %PDF- (it looks like ${seems})`);
    if (!decodeTextBytes(bytes.subarray(0, 65536))) {
      throw new LetterError('corrupt', file, 'not a PDF: the file does not start with %PDF- and is not text either');
    }
    warnings.push(warning('not-a-pdf', 'named .pdf but holds text, not a PDF: read as text'));
  } else if (kind === 'pdf') {
    const pdf = await readPdf(file, bytes, { timeoutMs: limits.pdfTimeoutMs, maxPages: limits.maxPages }, pdfEngine);
    const rawText = pdf.pages.join(PAGE_BREAK);
    if (rawText.length > limits.maxTextChars) throw textTooLarge(file, rawText.length, limits.maxTextChars);
    return {
      source: { path: file, sha256, kind, pages: pdf.pages.length, engine: pdf.engine },
      rawText,
      warnings: pdf.warnings,
    };
  }
  const decoded = decodeTextBytes(bytes);
  if (!decoded) throw new LetterError('not-text', file, 'the bytes are not text in any supported encoding (binary data?)');
  if (decoded.text.trim() === '') throw new LetterError('empty', file, 'the file holds only whitespace');
  if (decoded.text.length > limits.maxTextChars) throw textTooLarge(file, decoded.text.length, limits.maxTextChars);
  if (decoded.encoding !== 'utf-8') warnings.push(warning('text-encoding', `text decoded as ${decoded.encoding}`));
  return {
    source: { path: file, sha256, kind: 'text', pages: null, engine: null },
    rawText: decoded.text,
    warnings,
  };
}
