// How many letters have each field filled, over a folder of letters (default: the 154 real ones).
// Usage: npx tsx scripts/field-coverage.ts [folder]
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { settings } from '../src/config/index.js';
import { extractFile } from '../src/pipeline/index.js';
import type { ImrRecord } from '../src/record/schema.js';

const dir = process.argv[2] ?? path.join(settings.sharedCorpus, 'dwc-2016-2017');
const files = readdirSync(dir).filter((f) => /\.(pdf|txt)$/i.test(f)).sort();
const filled: Record<string, number> = {};
const items: Record<string, number> = {};
const formats: Record<string, number> = {};
const failures: string[] = [];
let warnings = 0;
const count = (key: string, yes: boolean) => (filled[key] = (filled[key] ?? 0) + (yes ? 1 : 0));
for (const f of files) {
  let r: ImrRecord;
  try {
    r = (await extractFile(path.join(dir, f))).record;
  } catch (err) {
    failures.push(`${f}: ${String(err)}`);
    continue;
  }
  formats[r.format] = (formats[r.format] ?? 0) + 1;
  if (r.warnings.length) warnings++;
  for (const [k, v] of Object.entries({
    caseNumber: r.caseNumber, 'dates.assigned': r.dates.assigned, 'dates.decision': r.dates.decision, 'dates.urDenial': r.dates.urDenial,
    'dates.applicationReceived': r.dates.applicationReceived, priority: r.priority, 'patient.age': r.patient.age, 'patient.sex': r.patient.sex,
    'injury.date': r.injury.date, 'injury.employer': r.injury.employer, 'injury.mechanism': r.injury.mechanism,
  })) count(k, v !== null);
  for (const [k, list] of Object.entries({
    'reviewer.licensure': r.reviewer.licensure, 'reviewer.specialties': r.reviewer.specialties, diagnoses: r.diagnoses,
    imaging: r.imaging, medications: r.medications, services: r.services,
  })) {
    count(k, list.length > 0);
    items[k] = (items[k] ?? 0) + list.length;
  }
  const s = r.services;
  items['services.overturned'] = (items['services.overturned'] ?? 0) + s.filter((x) => x.decision === 'overturned').length;
  items['services.modified'] = (items['services.modified'] ?? 0) + s.filter((x) => x.originalRequest).length;
  items['services.withGuidelines'] = (items['services.withGuidelines'] ?? 0) + s.filter((x) => x.guidelines.length > 0).length;
  items['services.withRationale'] = (items['services.withRationale'] ?? 0) + s.filter((x) => x.rationale).length;
}
const n = files.length - failures.length;
console.log(`${files.length} letters in ${dir}: ${n} extracted, ${failures.length} failed, ${warnings} with warnings; formats ${JSON.stringify(formats)}`);
console.log('field'.padEnd(28), 'letters filled', 'items');
for (const [k, v] of Object.entries(filled)) console.log(k.padEnd(28), `${v}/${n}`.padStart(14), items[k] !== undefined ? String(items[k]).padStart(6) : '');
for (const k of ['services.overturned', 'services.modified', 'services.withGuidelines', 'services.withRationale']) console.log(k.padEnd(28), ''.padStart(14), String(items[k] ?? 0).padStart(6));
for (const f of failures) console.log('FAILED', f);
