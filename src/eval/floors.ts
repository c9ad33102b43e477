/**
 * The quality gate's check: every field's lenient F1 and every measure's value must reach the
 * floor stored in eval/floors.json. A figure with nothing to score (null) passes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '../config/paths.js';
import { FIELDS, MEASURES, type Field, type Measure, type Summary } from './score.js';

export const FloorsFile = z.object({
  comment: z.string().optional(),
  /** Field (lenient F1) or measure name → the lowest acceptable value. */
  floors: z.record(z.string(), z.number().min(0).max(1)),
});
export type FloorsFile = z.infer<typeof FloorsFile>;

export const FLOORS_PATH = path.join(REPO_ROOT, 'eval', 'floors.json');

export function readFloors(file: string = FLOORS_PATH): FloorsFile {
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
  if ((FIELDS as readonly string[]).includes(key)) return summary.fields[key as Field].lenientScore.f1;
  if ((MEASURES as readonly string[]).includes(key)) return summary.measures[key as Measure].value;
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
