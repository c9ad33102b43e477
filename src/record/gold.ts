/**
 * Gold annotations: the record schema's gold subset, derived from the record schema itself (so
 * a field exists in gold exactly as in the record). A gold file names its letter by path and
 * sha256 and holds what a person read in the letter, without spans or pipeline bookkeeping.
 * Long free text (rationales, guideline paragraphs) is optional: it is not scored, and gold for
 * real letters leaves it out rather than copy it.
 */
import { z } from 'zod';
import { Diagnosis, GuidelineCitation, ImrRecord, Imaging, Service } from './schema.js';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const GoldLetterRef = z.object({
  /** `shared`: relative to the shared corpus root (../shared/corpus by default); `project`: relative to the repo root. */
  corpus: z.enum(['shared', 'project']),
  path: z.string(),
  sha256: Sha256,
  /** The same letter in other renderings (our corpus's PDFs built from the text), scored against the same gold. */
  variants: z.array(z.object({ path: z.string(), sha256: Sha256 })).optional(),
});
export type GoldLetterRef = z.infer<typeof GoldLetterRef>;

/** Version-1 gold has no topics, no normalised services and no codes: version-2 fields are optional. */
export const GoldService = Service.omit({ span: true })
  .extend({ guidelines: z.array(GuidelineCitation.partial({ topic: true })) })
  .partial({
    guidelines: true,
    claimsAdministratorGuideline: true,
    reviewerGuideline: true,
    rationale: true,
    normalized: true,
  });
export type GoldService = z.infer<typeof GoldService>;

export const GoldImaging = Imaging.omit({ span: true });
export type GoldImaging = z.infer<typeof GoldImaging>;

export const GoldDiagnosis = Diagnosis.omit({ span: true }).partial({ icd10: true });
export type GoldDiagnosis = z.infer<typeof GoldDiagnosis>;

export const GoldRecord = ImrRecord.omit({
  schemaVersion: true,
  extractorVersion: true,
  source: true,
  sections: true,
  evidence: true,
  warnings: true,
}).extend({
  diagnoses: z.array(GoldDiagnosis),
  imaging: z.array(GoldImaging),
  services: z.array(GoldService),
  /** Not annotated: computed from the gold's own dates when the gold is read (eval/gold.ts). */
  timing: ImrRecord.shape.timing.optional(),
});
export type GoldRecord = z.infer<typeof GoldRecord>;

export const GoldFile = z.object({
  /** 1: the version-1 fields; 2: also the version-2 fields (annotations/README.md). */
  schemaVersion: z.union([z.literal(1), z.literal(2)]),
  letter: GoldLetterRef,
  /** Who wrote it (`annotator-a`, `annotator-b`, `resolved`), for the agreement study. */
  annotator: z.string(),
  notes: z.string().optional(),
  record: GoldRecord,
});
export type GoldFile = z.infer<typeof GoldFile>;
