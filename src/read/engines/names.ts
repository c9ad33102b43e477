/**
 * The PDF engines' names and the default, in a module of their own (no imports at run time) so
 * that the CLI can offer `--pdf-engine` without loading any engine. The names are the record's
 * `source.engine` values: the type checks below fail the build if the two lists part.
 */
import type { Source } from '../../record/schema.js';

export const PDF_ENGINES = ['pdfium', 'pdf-parse'] as const;
export type PdfEngineName = (typeof PDF_ENGINES)[number];

/** PDFium: the same records as pdf-parse on every letter measured, reading each for 0.4-0.45 of pdf-parse's CPU time (docs/PDF-ENGINES.md). */
export const DEFAULT_PDF_ENGINE: PdfEngineName = 'pdfium';

type RecordEngine = NonNullable<Source['engine']>;
const sameNames: [Exclude<RecordEngine, PdfEngineName>, Exclude<PdfEngineName, RecordEngine>] extends [never, never] ? true : false = true;
void sameNames;

export function isPdfEngineName(name: string): name is PdfEngineName {
  return (PDF_ENGINES as readonly string[]).includes(name);
}

/** `--pdf-engine`'s help text, the same for every command that reads letters. */
export const PDF_ENGINE_OPTION_HELP = `the engine that reads PDFs (${PDF_ENGINES.join(' or ')}); ${DEFAULT_PDF_ENGINE} falls back to pdf-parse for a file it cannot open`;
