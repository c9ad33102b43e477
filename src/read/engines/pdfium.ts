/**
 * The PDFium engine: Google's PDF library (BSD) compiled to WebAssembly, as packaged by
 * @hyzyla/pdfium (MIT): no native build, nothing fetched at run time. It is called through its C
 * API directly rather than through the package's wrapper, whose pages are never closed.
 *
 * Memory: a document is copied into the WebAssembly heap, read page by page, and everything it
 * took (pages, text pages, the document, its bytes) is freed before the next one, whatever
 * happens. A WebAssembly heap never shrinks, though, so after a document that grew it past
 * MEMORY_RESET_BYTES (a huge PDF) the instance is dropped and the next letter gets a fresh one:
 * one odd file does not keep a worker's memory high for the rest of an ingest. An instance that
 * trapped (a crash inside PDFium) is dropped too.
 */
import { PDFiumModule } from '@hyzyla/pdfium';
import { LetterError } from '../../errors.js';
import { checkPageCount, deadline, type PdfEngine } from './engine.js';

/** The part of PDFium's C API this engine calls (pointers and handles are numbers in the WebAssembly heap). */
interface PdfiumApi {
  _FPDF_InitLibrary(): void;
  _FPDF_DestroyLibrary(): void;
  _FPDF_LoadMemDocument(data: number, size: number, password: number): number;
  _FPDF_GetLastError(): number;
  _FPDF_GetPageCount(doc: number): number;
  _FPDF_LoadPage(doc: number, index: number): number;
  _FPDF_ClosePage(page: number): void;
  _FPDF_CloseDocument(doc: number): void;
  _FPDFText_LoadPage(page: number): number;
  _FPDFText_CountChars(textPage: number): number;
  _FPDFText_GetText(textPage: number, start: number, count: number, buffer: number): number;
  _FPDFText_ClosePage(textPage: number): void;
  _malloc(size: number): number;
  _free(ptr: number): void;
  /** The heap; a new view after the heap grows, so read it after every call that may allocate. */
  readonly HEAPU8: Uint8Array;
}

/** After a document that left the heap above this, the instance is dropped (see above). Real letters use about 18 MB. */
const MEMORY_RESET_BYTES = 128 * 2 ** 20;

/** FPDF_GetLastError's codes (fpdfview.h). */
const FPDF_ERR = { UNKNOWN: 1, FILE: 2, FORMAT: 3, PASSWORD: 4, SECURITY: 5, PAGE: 6 } as const;

const UTF16 = new TextDecoder('utf-16le');
const silent = () => undefined;

let instance: Promise<PdfiumApi> | null = null;

function pdfium(): Promise<PdfiumApi> {
  instance ??= (PDFiumModule as unknown as (options: object) => Promise<PdfiumApi>)({ print: silent, printErr: silent }).then(
    (api) => {
      api._FPDF_InitLibrary();
      return api;
    },
    (err: unknown) => {
      instance = null;
      throw err;
    },
  );
  return instance;
}

/** The size of the current instance's WebAssembly heap (bytes), or 0 before the first document: for tests and measurements. */
export async function pdfiumHeapBytes(): Promise<number> {
  return instance ? (await instance).HEAPU8.byteLength : 0;
}

function dropInstance(api: PdfiumApi | null): void {
  instance = null;
  try {
    api?._FPDF_DestroyLibrary();
  } catch {
    // A trapped instance cannot even be shut down; it is garbage once unreferenced.
  }
}

function openError(file: string, code: number): LetterError {
  switch (code) {
    case FPDF_ERR.PASSWORD:
      return new LetterError('encrypted', file, 'the PDF needs a password to open');
    case FPDF_ERR.SECURITY:
      return new LetterError('corrupt', file, 'PDFium does not support the security handler the PDF is encrypted with');
    case FPDF_ERR.FORMAT:
      return new LetterError('corrupt', file, 'damaged PDF: PDFium: not in PDF format or corrupted');
    default:
      return new LetterError('corrupt', file, `damaged PDF: PDFium could not open it (error ${code})`);
  }
}

export const readWithPdfium: PdfEngine = async (file, bytes, limits) => {
  const clock = deadline(file, limits.timeoutMs);
  let api: PdfiumApi | null = null;
  try {
    api = await pdfium();
    const pages = readDocument(api, file, bytes, limits, clock.check);
    if (api.HEAPU8.byteLength > MEMORY_RESET_BYTES) dropInstance(api);
    return { pages, warnings: [] };
  } catch (err) {
    if (err instanceof LetterError) {
      if (api && api.HEAPU8.byteLength > MEMORY_RESET_BYTES) dropInstance(api);
      throw err;
    }
    // A trap inside PDFium (out of memory, an assertion): the instance is unusable from here on.
    dropInstance(api);
    throw new LetterError('corrupt', file, `PDFium failed on the PDF: ${err instanceof Error ? err.message : String(err)}`);
  }
};

/** Synchronous from open to close: no other letter can use the instance in between. */
function readDocument(api: PdfiumApi, file: string, bytes: Uint8Array, limits: Parameters<PdfEngine>[2], afterPage: () => void): string[] {
  const data = api._malloc(Math.max(1, bytes.length));
  if (!data) throw new LetterError('too-large', file, `PDFium could not allocate ${bytes.length} bytes for the PDF`);
  let doc = 0;
  try {
    api.HEAPU8.set(bytes, data);
    doc = api._FPDF_LoadMemDocument(data, bytes.length, 0);
    if (!doc) throw openError(file, api._FPDF_GetLastError());
    const count = api._FPDF_GetPageCount(doc);
    checkPageCount(file, count, limits);
    const pages: string[] = [];
    for (let i = 0; i < count; i++) {
      pages.push(pageText(api, file, doc, i));
      afterPage();
    }
    return pages;
  } finally {
    if (doc) api._FPDF_CloseDocument(doc);
    api._free(data);
  }
}

function pageText(api: PdfiumApi, file: string, doc: number, index: number): string {
  const page = api._FPDF_LoadPage(doc, index);
  if (!page) throw new LetterError('corrupt', file, `damaged PDF: PDFium could not load page ${index + 1}`);
  let textPage = 0;
  let buffer = 0;
  try {
    textPage = api._FPDFText_LoadPage(page);
    if (!textPage) throw new LetterError('corrupt', file, `damaged PDF: PDFium could not read the text of page ${index + 1}`);
    const chars = api._FPDFText_CountChars(textPage);
    if (chars <= 0) return '';
    buffer = api._malloc((chars + 1) * 2);
    if (!buffer) throw new LetterError('too-large', file, `PDFium could not allocate room for the text of page ${index + 1}`);
    // UTF-16LE code units written, the closing NUL included.
    const units = api._FPDFText_GetText(textPage, 0, chars, buffer);
    return units > 1 ? UTF16.decode(api.HEAPU8.subarray(buffer, buffer + (units - 1) * 2)) : '';
  } finally {
    if (buffer) api._free(buffer);
    if (textPage) api._FPDFText_ClosePage(textPage);
    api._FPDF_ClosePage(page);
  }
}
