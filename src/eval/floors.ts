/**
 * The quality gate's check: every field's lenient F1 and every measure's value must reach the
 * floor stored in eval/floors.json. A figure with nothing to score (null) passes.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FIELDS, MEASURES, type Summary } from './score.js';

export const FloorsFile = z.object({
  comment: z.string().optional(),
  /** Field (lenient F1) or measure name → the lowest acceptable value. */
  floors: z.record(z.string(), z.number().min(0).max(1)),
});
export type FloorsFile = z.infer<typeof FloorsFile>;

export function readFloors(file: string): FloorsFile {
  return FloorsFile.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export interface FloorFailure {
  key: string;
  floor: number;
  value: number | null;
  reason: string;
}

/** The figure a floor key names: a field's lenient F1 or a measure's value; undefined for an unknown key. */
export function figure(summary: Summary, key: string): number | null | undefined {
  if (FIELDS.includes(key)) return summary.fields[key]!.lenientScore.f1;
  if (MEASURES.includes(key)) return summary.measures[key]!.value;
  return undefined;
}

export function checkFloors(summary: Summary, floors: Record<string, number>): FloorFailure[] {
  const failures: FloorFailure[] = [];
  for (const [key, floor] of Object.entries(floors)) {
    const value = figure(summary, key);
    if (value === undefined) failures.push({ key, floor, value: null, reason: 'not a field or measure name' });
    else if (value !== null && value < floor) {
      failures.push({ key, floor, value, reason: `${value.toFixed(3)} is below the floor ${floor}` });
    }
  }
  return failures;
}
