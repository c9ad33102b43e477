/**
 * Warnings: what a stage noticed about a letter that did not stop it. Every stage gives them as
 * `{code, message, span}`; they become the record's `warnings` strings (their messages) only when
 * the record is assembled.
 */
import type { Span } from './record/schema.js';

export const WARNING_CODES = [
  /** Read stage: PDF pages without text (a scan?). */
  'pdf-blank-pages',
  /** Read stage: no %%EOF: the PDF may be cut short. */
  'pdf-truncated',
  /** Read stage: the chosen engine could not open the PDF; the other one read it. */
  'pdf-fallback',
  /** Read stage: named .pdf but holds text. */
  'not-a-pdf',
  /** Read stage: text decoded from an encoding other than UTF-8. */
  'text-encoding',
  'unknown-format',
  'missing-section',
  'decision-without-request',
  'no-items',
  'injury-date-conflict',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface Warning {
  code: WarningCode;
  message: string;
  /** Where in the normalised text, when it is about one place. */
  span?: Span;
}

export const warning = (code: WarningCode, message: string, span?: Span): Warning => (span ? { code, message, span } : { code, message });
