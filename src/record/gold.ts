/**
 * Gold annotations: the record schema's gold subset. A gold file names its letter by
 * path and sha256 and holds what a person read in the letter, without spans or
 * pipeline bookkeeping. Long free text (rationales, guideline paragraphs) is optional:
 * it is not scored, and gold for real letters leaves it out rather than copy it.
 */
import { z } from 'zod';
import {
  Dates,
  Decision,
  Format,
  GuidelineCitation,
  ImrRecord,
  IsoDate,
  Modality,
  ServiceCategory,
} from './schema.js';

export const GoldLetterRef = z.object({
  /** `shared`: relative to the shared corpus root (../shared/corpus by default); `project`: relative to the repo root. */
  corpus: z.enum(['shared', 'project']),
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The same letter in other renderings (our corpus's PDFs built from the text), scored against the same gold. */
  variants: z
    .array(z.object({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }))
    .optional(),
});
export type GoldLetterRef = z.infer<typeof GoldLetterRef>;

export const GoldService = z.object({
  request: z.string().min(1),
  decision: Decision,
  originalRequest: z.string().nullable(),
  authorizedPortion: z.string().nullable(),
  category: ServiceCategory,
  guidelines: z.array(GuidelineCitation).optional(),
  claimsAdministratorGuideline: z.string().nullable().optional(),
  reviewerGuideline: z.string().nullable().optional(),
  rationale: z.string().nullable().optional(),
});
export type GoldService = z.infer<typeof GoldService>;

export const GoldImaging = z.object({
  modality: Modality,
  bodyRegion: z.string().nullable(),
  date: IsoDate.nullable(),
  findings: z.string().nullable(),
});
export type GoldImaging = z.infer<typeof GoldImaging>;

export const GoldRecord = z.object({
  format: Format,
  caseNumber: z.string().nullable(),
  dates: Dates,
  priority: ImrRecord.shape.priority,
  reviewer: ImrRecord.shape.reviewer,
  patient: ImrRecord.shape.patient,
  injury: ImrRecord.shape.injury,
  diagnoses: z.array(z.object({ text: z.string().min(1) })),
  imaging: z.array(GoldImaging),
  medications: z.array(z.string()),
  services: z.array(GoldService),
});
export type GoldRecord = z.infer<typeof GoldRecord>;

export const GoldFile = z.object({
  schemaVersion: z.literal(1),
  letter: GoldLetterRef,
  /** Who wrote it (`annotator-a`, `annotator-b`, `resolved`), for the agreement study. */
  annotator: z.string(),
  notes: z.string().optional(),
  record: GoldRecord,
});
export type GoldFile = z.infer<typeof GoldFile>;
