/** The pages: pure renderers (data in, one self-contained HTML string out) and the eval page writer. */
export { renderViewer, valueAt, displayValue, type ViewerInput } from './viewer.js';
export { renderEvalReport, type EvalPageOptions } from './eval-page.js';
export { documentFigures } from '../eval/render.js';
export { renderStatsPage, type StatsPageOptions } from './stats-page.js';
export { writeEvalHtml, pageName, type EvalHtmlOptions, type EvalHtmlResult } from './write-eval.js';
export { recordSpans, markText, type EvidenceSpan, type SpanKind, type MarkedText } from './markers.js';
