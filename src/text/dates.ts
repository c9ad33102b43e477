/**
 * Dates as the letters print them (`8/12/1998`, `10-13-16`, `10-20-2016`, `August 30, 2013`,
 * `Aug. 30, 2013`) to ISO. Two-digit years 00-30 are 20xx, else 19xx (RECORD.md).
 */
const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

const NUMERIC = String.raw`\d{1,2}\s?[/-]\s?\d{1,2}\s?[/-]\s?(?:\d{4}|\d{2})`;
const MONTH_NAME = String.raw`(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`;
const NAMED = String.raw`${MONTH_NAME}\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}`;

/** Source of a regex that matches one date in any supported form (no groups, no anchors). */
export const DATE_PATTERN_SOURCE = String.raw`(?:${NUMERIC}(?!\d)|${NAMED})`;

export function expandYear(year: number, digits: number): number {
  if (digits > 2) return year;
  return year <= 30 ? 2000 + year : 1900 + year;
}

export function toIsoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2100) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Parses one printed date; null when it is not a real calendar date. */
export function parseDate(printed: string): string | null {
  const s = printed.trim();
  const numeric = /^(\d{1,2})\s?[/-]\s?(\d{1,2})\s?[/-]\s?(\d{4}|\d{2})$/.exec(s);
  if (numeric) {
    const [, m, d, y] = numeric;
    return toIsoDate(expandYear(Number(y), y!.length), Number(m), Number(d));
  }
  const named = /^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(s);
  if (named) {
    const month = MONTHS[named[1]!.toLowerCase().slice(0, named[1]!.toLowerCase().startsWith('sept') ? 4 : 3)];
    if (!month) return null;
    return toIsoDate(Number(named[3]), month, Number(named[2]));
  }
  return null;
}
