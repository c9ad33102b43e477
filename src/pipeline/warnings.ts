/**
 * Warnings: what the pipeline noticed about a letter that did not stop it. They travel as
 * `{code, message, span}` and become the record's `warnings` strings (their messages) only when
 * the record is assembled.
 */
import type { Span } from '../record/schema.js';

export const WARNING_CODES = [
  /** Something the read stage noticed (pages without text, a missing end marker, an encoding guess). */
  'read',
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
