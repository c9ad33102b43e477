/**
 * Fields as the viewer shows them: the field of an evidence key (`services.2.request` →
 * `services.request`), its human label, and its colour. Every page uses the same colours, so a
 * field looks the same in the letter, the record and the legend.
 */

export interface FieldStyle {
  label: string;
  /** Hue (0-360) of the highlight; the page derives the fill and the edge from it. */
  hue: number;
  /** Saturation in percent (grey-ish fields use less). */
  sat?: number;
}

/** Known fields in record order. Unknown fields get a stable hue from their name. */
export const FIELD_STYLES: Readonly<Record<string, FieldStyle>> = {
  caseNumber: { label: 'case number', hue: 210 },
  'dates.assigned': { label: 'date assigned', hue: 28 },
  'dates.decision': { label: 'decision date', hue: 12 },
  'dates.urDenial': { label: 'UR denial date', hue: 45 },
  'dates.applicationReceived': { label: 'application received', hue: 58 },
  priority: { label: 'priority', hue: 275 },
  'reviewer.licensure': { label: 'reviewer licensure', hue: 190 },
  'reviewer.specialties': { label: 'reviewer specialty', hue: 232 },
  'patient.age': { label: 'patient age', hue: 330 },
  'patient.sex': { label: 'patient sex', hue: 345 },
  'injury.date': { label: 'injury date', hue: 0 },
  'injury.employer': { label: 'employer', hue: 160 },
  'injury.mechanism': { label: 'mechanism of injury', hue: 300 },
  diagnoses: { label: 'diagnosis', hue: 100 },
  imaging: { label: 'imaging study', hue: 175 },
  'imaging.bodyRegion': { label: 'imaging body region', hue: 175 },
  'imaging.date': { label: 'imaging date', hue: 38 },
  'imaging.findings': { label: 'imaging findings', hue: 145 },
  medications: { label: 'medication', hue: 260 },
  services: { label: 'disputed service', hue: 220 },
  'services.request': { label: 'service request', hue: 220 },
  'services.decision': { label: 'service decision', hue: 350 },
  'services.originalRequest': { label: 'original request', hue: 200 },
  'services.authorizedPortion': { label: 'authorized portion', hue: 125 },
  'services.claimsAdministratorGuideline': { label: 'claims administrator guideline', hue: 50, sat: 55 },
  'services.reviewerGuideline': { label: 'reviewer guideline', hue: 85, sat: 50 },
  'services.rationale': { label: 'decision rationale', hue: 215, sat: 25 },
};

/** The field of an evidence key: list indices dropped (`reviewer.licensure.1` → `reviewer.licensure`). */
export function fieldOf(key: string): string {
  return key
    .split('.')
    .filter((part) => !/^\d+$/.test(part))
    .join('.');
}

function hashHue(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % 360;
}

export function fieldStyle(field: string): FieldStyle {
  return FIELD_STYLES[field] ?? { label: field, hue: hashHue(field) };
}

/** CSS custom properties that colour an element by field (`--h`, `--s`). */
export function fieldVars(field: string): string {
  const st = fieldStyle(field);
  return `--h:${st.hue};--s:${st.sat ?? 78}%`;
}

/** A CSS-class-safe form of a field name. */
export function fieldClass(field: string): string {
  return `f-${field.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/** Field order for legends: known fields first, in record order, then the rest alphabetically. */
export function sortFields(fields: Iterable<string>): string[] {
  const known = Object.keys(FIELD_STYLES);
  return [...new Set(fields)].sort((a, b) => {
    const ia = known.indexOf(a);
    const ib = known.indexOf(b);
    if (ia >= 0 && ib >= 0) return ia - ib;
    if (ia >= 0) return -1;
    if (ib >= 0) return 1;
    return a.localeCompare(b);
  });
}
