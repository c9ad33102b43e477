/**
 * PDF bytes to page texts through pdf-parse (pdf.js). Letters encrypted against copying
 * (owner password only) read normally; a user password, a damaged file or a scan with no
 * text layer become typed errors.
 */
import { PDFParse, PasswordException, InvalidPDFException, FormatError } from 'pdf-parse';
import { LetterError } from './errors.js';

export interface PdfText {
  pages: string[];
}

const PDF_ERRORS_SILENT = 0;

export async function readPdfText(file: string, bytes: Uint8Array, timeoutMs: number): Promise<PdfText> {
  if (!looksLikePdf(bytes)) throw new LetterError('corrupt', file, 'not a PDF: the file does not start with %PDF-');
  // pdf.js takes ownership of the buffer it is given, so hand it a copy.
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: PDF_ERRORS_SILENT });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new LetterError('timeout', file, `PDF text extraction took longer than ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    const result = await Promise.race([parser.getText({ pageJoiner: '' }), timeout]);
    const pages = result.pages.map((p) => p.text);
    if (pages.every((p) => p.trim() === '')) {
      throw new LetterError('no-text-layer', file, `no text layer on any of ${pages.length} page(s) (a scan needs OCR first)`);
    }
    return { pages };
  } catch (err) {
    throw classifyPdfError(file, err);
  } finally {
    clearTimeout(timer);
    await parser.destroy().catch(() => undefined);
  }
}

function looksLikePdf(bytes: Uint8Array): boolean {
  // The header may follow a little junk; pdf.js tolerates up to 1 KiB of it.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
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
