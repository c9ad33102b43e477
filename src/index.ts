/** imr-extract's library API. */
export { extractBytes, extractFile, extractText, EXTRACTOR_VERSION, type Extraction, type ExtractFileOptions } from './pipeline/index.js';
export { LetterError, LETTER_ERROR_CODES, type LetterErrorCode } from './errors.js';
export { DEFAULT_PDF_ENGINE, PDF_ENGINES, type PdfEngineName } from './read/index.js';
export * from './record/schema.js';
export { GoldFile, GoldRecord } from './record/gold.js';
export { renderViewer, renderEvalReport, renderStatsPage, recordSpans, type ViewerInput } from './report/index.js';
