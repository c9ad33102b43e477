/**
 * Fields as the viewer shows them: the field of an evidence key (`services.2.request` →
 * `services.request`), its human label, and its colour. Every page uses the same colours, so a
 * field looks the same in the letter, the record and the legend.
 */
import { describedFields } from '../record/fields.js';

export interface FieldStyle {
  label: string;
  /** Hue (0-360) of the highlight; the page derives the fill and the edge from it. */
  hue: number;
  /** Saturation in percent (grey-ish fields use less). */
  sat?: number;
}

/**
 * The viewer's fields, in record order, with their labels and colours: from the record schema's
 * field metadata (src/record/schema.ts). Fields without a colour there get a stable hue from their name.
 */
export const FIELD_STYLES: Readonly<Record<string, FieldStyle>> = Object.fromEntries(
  [...describedFields()].flatMap(([path, node]) =>
    node.meta.hue === undefined ? [] : [[path, { label: node.meta.label, hue: node.meta.hue, ...(node.meta.sat === undefined ? {} : { sat: node.meta.sat }) }]],
  ),
);

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
