/**
 * Read stage: a file path (or bytes) to the raw letter text plus its `source` block.
 * Pages are joined with a form feed so the normaliser knows where page artefacts sit.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Source } from '../record/schema.js';
import { decodeTextBytes } from './decode.js';
import { LetterError } from './errors.js';
import { readPdfText } from './pdf.js';

export { LetterError, toLetterError, LETTER_ERROR_CODES, type LetterErrorCode } from './errors.js';

export const PAGE_BREAK = '\f';

export interface ReadLimits {
  /** Files above this are refused before reading (bytes). */
  maxBytes: number;
  /** Per-letter budget for PDF text extraction (ms). */
  pdfTimeoutMs: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { maxBytes: 50 * 1024 * 1024, pdfTimeoutMs: 30_000 };

export interface RawLetter {
  source: Source;
  /** Text as read, pages separated by PAGE_BREAK. */
  rawText: string;
  /** Oddities noticed while reading (encoding guesses and the like). */
  warnings: string[];
}

export async function readLetterFile(file: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<RawLetter> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new LetterError('unreadable', file, 'not a regular file');
    size = info.size;
  } catch (err) {
    if (err instanceof LetterError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new LetterError(code === 'ENOENT' ? 'not-found' : 'unreadable', file, (err as Error).message);
  }
  if (size > limits.maxBytes) {
    throw new LetterError('too-large', file, `${size} bytes is over the ${limits.maxBytes}-byte limit`);
  }
  const bytes = await readFile(file).catch((err: Error) => {
    throw new LetterError('unreadable', file, err.message);
  });
  return readLetterBytes(file, bytes, limits);
}

export function kindOf(file: string, bytes: Uint8Array): 'pdf' | 'text' {
  if (path.extname(file).toLowerCase() === '.pdf') return 'pdf';
  const head = Buffer.from(bytes.subarray(0, 5)).toString('latin1');
  return head === '%PDF-' ? 'pdf' : 'text';
}

export async function readLetterBytes(file: string, bytes: Uint8Array, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<RawLetter> {
  if (bytes.length === 0) throw new LetterError('empty', file, 'the file is empty (0 bytes)');
  if (bytes.length > limits.maxBytes) {
    throw new LetterError('too-large', file, `${bytes.length} bytes is over the ${limits.maxBytes}-byte limit`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const kind = kindOf(file, bytes);
  if (kind === 'pdf') {
    const { pages } = await readPdfText(file, bytes, limits.pdfTimeoutMs);
    return {
      source: { path: file, sha256, kind, pages: pages.length },
      rawText: pages.join(PAGE_BREAK),
      warnings: [],
    };
  }
  const decoded = decodeTextBytes(bytes);
  if (!decoded) throw new LetterError('not-text', file, 'the bytes are not text in any supported encoding (binary data?)');
  if (decoded.text.trim() === '') throw new LetterError('empty', file, 'the file holds only whitespace');
  return {
    source: { path: file, sha256, kind, pages: null },
    rawText: decoded.text,
    warnings: decoded.encoding === 'utf-8' ? [] : [`text decoded as ${decoded.encoding}`],
  };
}
