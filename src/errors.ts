/** Why a letter could not become a record: every stage throws these, and the batch commands report them per letter. */
export const LETTER_ERROR_CODES = [
  'not-found',
  'unreadable',
  'empty',
  'too-large',
  'encrypted',
  'corrupt',
  'no-text-layer',
  'not-text',
  'not-an-imr-letter',
  'timeout',
  'invalid-record',
  'internal',
] as const;
export type LetterErrorCode = (typeof LETTER_ERROR_CODES)[number];

export class LetterError extends Error {
  override readonly name = 'LetterError';
  constructor(
    readonly code: LetterErrorCode,
    readonly file: string,
    readonly reason: string,
    readonly details?: unknown,
  ) {
    super(`${file}: ${code}: ${reason}`);
  }

  toJSON(): { file: string; code: LetterErrorCode; reason: string; details?: unknown } {
    return { file: this.file, code: this.code, reason: this.reason, ...(this.details === undefined ? {} : { details: this.details }) };
  }
}

/** Wraps anything thrown into a LetterError, keeping typed ones as they are. */
export function toLetterError(file: string, err: unknown): LetterError {
  if (err instanceof LetterError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new LetterError('internal', file, message);
}
