/**
 * The IMR record: the single definition of the output contract (../shared/RECORD.md).
 * Types are inferred from these zod schemas, so the runtime check and the static type
 * can never drift apart. Fields added beyond RECORD.md: `extractorVersion`, `evidence`.
 */
import { z } from 'zod';

export const SCHEMA_VERSION = 1 as const;

export const FORMATS = [
  'dwc-header',
  'dwc-prose',
  'maximus-notice',
  'maximus-documents',
  'medical-professional-review',
  'unknown',
] as const;
export const Format = z.enum(FORMATS);
export type Format = z.infer<typeof Format>;

export const SERVICE_CATEGORIES = [
  'pharmacy',
  'imaging',
  'diagnostic-test',
  'physical-therapy',
  'occupational-therapy',
  'chiropractic',
  'acupuncture',
  'injection',
  'surgery',
  'dme',
  'home-health',
  'psychological',
  'consultation',
  'program',
  'transportation',
  'inpatient',
  'other',
] as const;
export const ServiceCategory = z.enum(SERVICE_CATEGORIES);
export type ServiceCategory = z.infer<typeof ServiceCategory>;

export const MODALITIES = [
  'x-ray',
  'mri',
  'ct',
  'ultrasound',
  'bone-scan',
  'nuclear',
  'arthrogram',
  'myelogram',
  'discogram',
  'dexa',
  'other',
] as const;
export const Modality = z.enum(MODALITIES);
export type Modality = z.infer<typeof Modality>;

/** `[start, end)` character offsets into the record's normalised text. */
export const Span = z
  .tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])
  .refine(([s, e]) => e >= s, { message: 'span end must not precede start' });
export type Span = z.infer<typeof Span>;

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ISO date YYYY-MM-DD');

export const Source = z.object({
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  kind: z.enum(['pdf', 'text']),
  pages: z.number().int().positive().nullable(),
  /** The PDF engine that read the letter (src/read/engines); null for a text letter. */
  engine: z.enum(['pdf-parse', 'pdfium']).nullable(),
});
export type Source = z.infer<typeof Source>;

export const Dates = z.object({
  assigned: IsoDate.nullable(),
  decision: IsoDate.nullable(),
  urDenial: IsoDate.nullable(),
  applicationReceived: IsoDate.nullable(),
});
export type Dates = z.infer<typeof Dates>;

export const Diagnosis = z.object({ text: z.string().min(1), span: Span });
export type Diagnosis = z.infer<typeof Diagnosis>;

export const Imaging = z.object({
  modality: Modality,
  bodyRegion: z.string().nullable(),
  date: IsoDate.nullable(),
  findings: z.string().nullable(),
  span: Span,
});
export type Imaging = z.infer<typeof Imaging>;

export const GuidelineCitation = z.object({
  source: z.enum(['MTUS', 'ACOEM', 'ODG', 'other']),
  title: z.string().nullable(),
  section: z.string().nullable(),
});
export type GuidelineCitation = z.infer<typeof GuidelineCitation>;

export const Decision = z.enum(['upheld', 'overturned']);
export type Decision = z.infer<typeof Decision>;

export const Service = z.object({
  request: z.string().min(1),
  decision: Decision,
  originalRequest: z.string().nullable(),
  authorizedPortion: z.string().nullable(),
  category: ServiceCategory,
  claimsAdministratorGuideline: z.string().nullable(),
  reviewerGuideline: z.string().nullable(),
  guidelines: z.array(GuidelineCitation),
  rationale: z.string().nullable(),
  span: Span,
});
export type Service = z.infer<typeof Service>;

export const Section = z.object({
  name: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type Section = z.infer<typeof Section>;

/**
 * Evidence for values that carry no span of their own (scalars, string lists):
 * a field path (`caseNumber`, `dates.decision`, `reviewer.licensure.1`, `medications.0`,
 * `services.2.request`) mapped to the span of the text it was read from.
 */
export const Evidence = z.record(z.string(), Span);
export type Evidence = z.infer<typeof Evidence>;

export const ImrRecord = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  extractorVersion: z.string(),
  source: Source,
  format: Format,
  caseNumber: z.string().nullable(),
  dates: Dates,
  priority: z.enum(['standard', 'expedited']).nullable(),
  reviewer: z.object({
    licensure: z.array(z.string()),
    specialties: z.array(z.string()),
  }),
  patient: z.object({
    age: z.number().int().min(0).max(120).nullable(),
    sex: z.enum(['male', 'female']).nullable(),
  }),
  injury: z.object({
    date: IsoDate.nullable(),
    employer: z.string().nullable(),
    mechanism: z.string().nullable(),
  }),
  diagnoses: z.array(Diagnosis),
  imaging: z.array(Imaging),
  medications: z.array(z.string()),
  services: z.array(Service),
  sections: z.array(Section),
  evidence: Evidence,
  warnings: z.array(z.string()),
});
export type ImrRecord = z.infer<typeof ImrRecord>;
