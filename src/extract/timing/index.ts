/**
 * Timing (record version 2): days from the application to the decision, and the claim's age at
 * the decision (days from the date of injury). Arithmetic on dates already read, so no span of
 * its own; null when either date is missing.
 */
import type { ImrRecord } from '../../record/schema.js';

const DAY_MS = 86_400_000;

/** Whole days from one ISO date to another (negative when the second is earlier), or null. */
export function daysBetween(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function timingOf(dates: Pick<ImrRecord['dates'], 'applicationReceived' | 'decision'>, injuryDate: string | null): ImrRecord['timing'] {
  return {
    daysToDecision: daysBetween(dates.applicationReceived, dates.decision),
    claimAgeDays: daysBetween(injuryDate, dates.decision),
  };
}
