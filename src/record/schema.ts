/**
 * The IMR record: the one definition of the output contract (../shared/RECORD.md; docs/RECORD.md
 * is generated from this file). Types are inferred from these zod schemas, so the runtime check
 * and the static type cannot drift apart; each field also carries its metadata (meta.ts): label,
 * scoring, store column and viewer colour, which the scorer, the store, the viewer and the
 * coverage report read from here. Fields added beyond RECORD.md: `extractorVersion`, `evidence`.
 */
import { z } from 'zod';
import { described, notScored } from './meta.js';
import { PDF_ENGINES } from '../read/engines/names.js';

export const SCHEMA_VERSION = 2 as const;

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

/** A request's test or imaging modality (record version 2): the imaging ids, then the tests'. */
export const SERVICE_MODALITIES = [...MODALITIES, 'emg', 'ncv', 'emg-ncv', 'lab', 'urine-drug-screen', 'sleep-study', 'other-test'] as const;

/** The canonical body regions of record version 2 (src/vocab/body-regions.json names their words). */
export const BODY_REGIONS = [
  'head',
  'cervical spine',
  'thoracic spine',
  'lumbar spine',
  'sacrum',
  'shoulder',
  'upper arm',
  'elbow',
  'forearm',
  'wrist',
  'hand',
  'upper extremity',
  'hip',
  'pelvis',
  'thigh',
  'knee',
  'lower leg',
  'ankle',
  'foot',
  'lower extremity',
  'chest',
  'abdomen',
] as const;
export const BodyRegion = z.enum(BODY_REGIONS);
export type BodyRegion = z.infer<typeof BodyRegion>;

export const DRUG_GROUPS = [
  'opioid',
  'nsaid',
  'muscle-relaxant',
  'anticonvulsant',
  'antidepressant',
  'sleep-aid',
  'benzodiazepine',
  'gi-protective',
  'topical-analgesic',
  'compound',
  'medical-food',
  'antiemetic',
  'migraine',
  'other',
] as const;
export const DRUG_ROUTES = ['oral', 'topical', 'transdermal', 'injection', 'other'] as const;

/** `[start, end)` character offsets into the record's normalised text. */
export const Span = z
  .tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])
  .refine(([s, e]) => e >= s, { message: 'span end must not precede start' });
export type Span = z.infer<typeof Span>;

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ISO date YYYY-MM-DD');

/** A list item's own span: the passage the item was read from (stored as `span_start`, `span_end`). */
const itemSpan = (what: string) =>
  described(Span, { label: `${what} passage`, score: notScored('offsets, not content'), description: `where the ${what} was read` });

const date = (label: string, column: string, description: string, hue: number) =>
  described(IsoDate.nullable(), { label, description, score: { kind: 'field' }, store: { column }, hue });

export const Source = z.object({
  path: described(z.string(), { derived: true, label: 'file', score: notScored('where the letter was read from, not what it says'), store: { column: 'path' } }),
  sha256: described(z.string().regex(/^[0-9a-f]{64}$/), {
    label: 'sha256',
    derived: true,
    description: 'sha256 of the file bytes: the letter’s key',
    score: notScored('the evaluation pairs letters by it'),
    store: { column: 'sha256' },
  }),
  kind: described(z.enum(['pdf', 'text']), { derived: true, label: 'file kind', score: notScored('a property of the file'), store: { column: 'kind' } }),
  pages: described(z.number().int().positive().nullable(), { derived: true, label: 'pages', score: notScored('a property of the file'), store: { column: 'pages' } }),
  engine: described(z.enum(PDF_ENGINES).nullable(), {
    label: 'PDF engine',
    derived: true,
    description: 'the engine that read a PDF letter (src/read/engines); null for a text letter',
    since: 2,
    score: notScored('a property of the reading, not of the letter'),
    store: { column: 'engine' },
  }),
});
export type Source = z.infer<typeof Source>;

export const Dates = z.object({
  assigned: date('date assigned', 'date_assigned', 'when the case was assigned for review', 28),
  decision: date('decision date', 'date_decision', 'the date of the determination', 12),
  urDenial: date('UR denial date', 'date_ur_denial', 'the utilization review denial the worker disputes', 45),
  applicationReceived: date('application received', 'date_application_received', 'when the IMR application was received', 58),
});
export type Dates = z.infer<typeof Dates>;

/** An ICD-10-CM code (with its dot) and its official title, from the project's compact FY2026 table. */
export const Icd10 = z.object({
  code: described(z.string().regex(/^[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?$/, 'an ICD-10-CM code with its dot'), {
    label: 'ICD-10-CM code',
    score: notScored('scored as diagnoses.icd10'),
    store: { column: 'icd10_code' },
  }),
  title: described(z.string().min(1), { label: 'ICD-10-CM title', score: notScored('follows from the code'), store: { column: 'icd10_title' } }),
});

export const Diagnosis = z.object({
  text: described(z.string().min(1), { label: 'diagnosis', score: notScored('scored as the diagnoses list'), store: { column: 'text' }, hue: 100 }),
  icd10: described(Icd10.nullable(), {
    label: 'ICD-10-CM',
    description: 'the code the words support without guessing, null when unsure',
    derived: true,
    score: { kind: 'icd10' },
    hue: 110,
  }),
  span: itemSpan('diagnosis'),
});
export type Diagnosis = z.infer<typeof Diagnosis>;

export const Imaging = z.object({
  modality: described(Modality, { label: 'imaging modality', derived: true, score: notScored('pairs imaging items: a pair needs the same modality'), store: { column: 'modality' }, hue: 175 }),
  bodyRegion: described(z.string().nullable(), { label: 'imaging body region', score: notScored('pairs imaging items (their text)'), store: { column: 'body_region' }, hue: 175 }),
  date: described(IsoDate.nullable(), { label: 'imaging date', score: { kind: 'accuracy' }, store: { column: 'date' }, hue: 38 }),
  findings: described(z.string().nullable(), { label: 'imaging findings', score: { kind: 'tokenF1' }, store: { column: 'findings' }, hue: 145 }),
  span: itemSpan('imaging study'),
});
export type Imaging = z.infer<typeof Imaging>;

export const GuidelineCitation = z.object({
  source: described(z.enum(['MTUS', 'ACOEM', 'ODG', 'other']), { label: 'guideline source', score: notScored('part of the citation'), store: { column: 'source' } }),
  title: described(z.string().nullable(), { label: 'guideline title', score: notScored('part of the citation'), store: { column: 'title' } }),
  section: described(z.string().nullable(), { label: 'guideline section', score: notScored('part of the citation'), store: { column: 'section' } }),
  topic: described(z.string().nullable(), {
    label: 'guideline topic',
    description: 'the chapter or topic, lower case, without source, edition, year or pages',
    derived: true,
    score: { kind: 'accuracy', over: 'stated' },
    store: { column: 'topic' },
    hue: 75,
  }),
});
export type GuidelineCitation = z.infer<typeof GuidelineCitation>;

/** What a pharmacy request asks for, normalised (record version 2). */
export const Drug = z.object({
  ingredients: described(z.array(z.string().min(1)), {
    label: 'drug ingredient',
    description: 'generic active ingredients, lower case, sorted',
    score: { kind: 'accuracy', over: 'stated' },
    store: { table: 'service_ingredients', column: 'ingredient' },
    hue: 265,
  }),
  brand: described(z.string().nullable(), { label: 'drug brand', score: { kind: 'accuracy', over: 'stated' }, store: { column: 'drug_brand' }, hue: 270 }),
  group: described(z.enum(DRUG_GROUPS), { label: 'drug group', derived: true, score: { kind: 'accuracy' }, store: { column: 'drug_group' }, hue: 280 }),
  compound: described(z.boolean(), { label: 'compound', score: { kind: 'accuracy' }, store: { column: 'drug_compound' }, hue: 285 }),
  route: described(z.enum(DRUG_ROUTES).nullable(), { label: 'drug route', score: { kind: 'accuracy', over: 'stated' }, store: { column: 'drug_route' }, hue: 290 }),
  strength: described(z.string().nullable(), { label: 'drug strength', score: { kind: 'accuracy', over: 'stated' }, store: { column: 'drug_strength' }, hue: 295 }),
  quantity: described(z.number().int().nonnegative().nullable(), { label: 'drug quantity', score: { kind: 'accuracy', over: 'stated' }, store: { column: 'drug_quantity' }, hue: 305 }),
  refills: described(z.number().int().nonnegative().nullable(), { label: 'drug refills', score: { kind: 'accuracy', over: 'stated' }, store: { column: 'drug_refills' }, hue: 310 }),
});
export type Drug = z.infer<typeof Drug>;

/** A disputed service normalised for grouping (record version 2). */
export const ServiceNormalized = z.object({
  modality: described(z.enum(SERVICE_MODALITIES).nullable(), {
    label: 'service modality',
    derived: true,
    score: { kind: 'accuracy', over: 'stated' },
    store: { column: 'modality' },
    hue: 180,
  }),
  bodyRegions: described(z.array(BodyRegion), {
    label: 'service body region',
    score: { kind: 'accuracy', over: 'stated' },
    store: { table: 'service_body_regions', column: 'region' },
    hue: 150,
  }),
  laterality: described(z.enum(['left', 'right', 'bilateral']).nullable(), {
    label: 'laterality',
    score: { kind: 'accuracy', over: 'stated' },
    store: { column: 'laterality' },
    hue: 155,
  }),
  visits: described(z.number().int().positive().nullable(), { label: 'visits', score: { kind: 'accuracy', over: 'stated' }, store: { column: 'visits' }, hue: 165 }),
  drug: Drug.nullable(),
  conceptKey: described(z.string().min(1), {
    label: 'treatment concept',
    since: 2,
    description: 'one key per treatment concept, for grouping',
    derived: true,
    score: { kind: 'accuracy' },
    store: { column: 'concept_key' },
    hue: 230,
  }),
});
export type ServiceNormalized = z.infer<typeof ServiceNormalized>;

export const Decision = z.enum(['upheld', 'overturned']);
export type Decision = z.infer<typeof Decision>;

const longText = (label: string, column: string, hue: number, sat: number) =>
  described(z.string().nullable(), { label, score: notScored('long free text: gold for real letters leaves it out'), store: { column }, hue, sat });

export const Service = z.object({
  request: described(z.string().min(1), { label: 'service request', score: notScored('scored as the services list'), store: { column: 'request' }, hue: 220 }),
  decision: described(Decision, { label: 'service decision', score: { kind: 'accuracy' }, store: { column: 'decision' }, hue: 350 }),
  originalRequest: described(z.string().nullable(), { label: 'original request', score: { kind: 'accuracy' }, store: { column: 'original_request' }, hue: 200 }),
  authorizedPortion: described(z.string().nullable(), { label: 'authorized portion', score: { kind: 'accuracy' }, store: { column: 'authorized_portion' }, hue: 125 }),
  category: described(ServiceCategory, { label: 'service category', derived: true, score: { kind: 'accuracy' }, store: { column: 'category' }, hue: 240 }),
  claimsAdministratorGuideline: longText('claims administrator guideline', 'claims_administrator_guideline', 50, 55),
  reviewerGuideline: longText('reviewer guideline', 'reviewer_guideline', 85, 50),
  guidelines: described(z.array(GuidelineCitation), {
    label: 'guideline citation',
    score: { kind: 'list', itemText: ['source', 'title', 'section'] },
    store: { table: 'guidelines' },
    derived: true,
    hue: 70,
  }),
  rationale: longText('decision rationale', 'rationale', 215, 25),
  normalized: ServiceNormalized,
  span: itemSpan('disputed service'),
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
  schemaVersion: described(z.literal(SCHEMA_VERSION), { label: 'record version', score: notScored('bookkeeping'), store: { column: 'schema_version' } }),
  extractorVersion: described(z.string(), { derived: true, label: 'extractor version', score: notScored('bookkeeping'), store: { column: 'extractor_version' } }),
  source: Source,
  format: described(Format, { label: 'letter format', derived: true, score: { kind: 'accuracy' }, store: { column: 'format' }, hue: 320 }),
  caseNumber: described(z.string().nullable(), { label: 'case number', score: { kind: 'field' }, store: { column: 'case_number' }, hue: 210 }),
  dates: Dates,
  priority: described(z.enum(['standard', 'expedited']).nullable(), { label: 'priority', score: { kind: 'field' }, store: { column: 'priority' }, hue: 275 }),
  reviewer: z.object({
    licensure: described(z.array(z.string()), {
      label: 'reviewer licensure',
      description: 'US states, full names, in letter order',
      score: { kind: 'list' },
      store: { table: 'reviewer_licensure', column: 'state' },
      hue: 190,
    }),
    specialties: described(z.array(z.string()), {
      label: 'reviewer specialty',
      score: { kind: 'list' },
      store: { table: 'reviewer_specialties', column: 'specialty' },
      hue: 232,
    }),
  }),
  patient: z.object({
    age: described(z.number().int().min(0).max(120).nullable(), { label: 'patient age', score: { kind: 'field' }, store: { column: 'patient_age' }, hue: 330 }),
    sex: described(z.enum(['male', 'female']).nullable(), { label: 'patient sex', score: { kind: 'field' }, store: { column: 'patient_sex' }, hue: 345 }),
  }),
  injury: z.object({
    date: described(IsoDate.nullable(), { label: 'injury date', score: { kind: 'field' }, store: { column: 'injury_date' }, hue: 0 }),
    employer: described(z.string().nullable(), { label: 'employer', score: { kind: 'field' }, store: { column: 'injury_employer' }, hue: 160 }),
    mechanism: described(z.string().nullable(), { label: 'mechanism of injury', score: { kind: 'text' }, store: { column: 'injury_mechanism' }, hue: 300 }),
  }),
  timing: z.object({
    daysToDecision: described(z.number().int().nullable(), {
      label: 'days to decision',
      description: 'days from the application received to the decision',
      derived: true,
      score: { kind: 'field' },
      store: { column: 'days_to_decision' },
      hue: 40,
    }),
    claimAgeDays: described(z.number().int().nullable(), {
      label: 'claim age (days)',
      description: 'days from the date of injury to the decision',
      derived: true,
      score: { kind: 'field' },
      store: { column: 'claim_age_days' },
      hue: 5,
    }),
  }),
  diagnoses: described(z.array(Diagnosis), { label: 'diagnosis', score: { kind: 'list', itemText: ['text'] }, store: { table: 'diagnoses' }, hue: 100 }),
  imaging: described(z.array(Imaging), {
    label: 'imaging study',
    score: { kind: 'list', itemText: ['bodyRegion'], sameValue: ['modality'], tieBreak: ['date', 'findings'] },
    store: { table: 'imaging' },
    hue: 175,
  }),
  medications: described(z.array(z.string()), { label: 'medication', score: { kind: 'list' }, store: { table: 'medications', column: 'name' }, hue: 260 }),
  services: described(z.array(Service), {
    label: 'disputed service',
    score: { kind: 'list', itemText: ['request'], tieBreak: ['decision', 'category'] },
    store: { table: 'services' },
    hue: 220,
  }),
  sections: described(z.array(Section), { label: 'sections', score: notScored('offsets, not content'), store: { column: 'sections', json: true } }),
  evidence: described(Evidence, { label: 'evidence', score: notScored('offsets, not content'), store: { column: 'evidence', json: true } }),
  warnings: described(z.array(z.string()), { label: 'warning', score: notScored('notes on the extraction, not the letter'), store: { table: 'warnings', column: 'warning' } }),
});
export type ImrRecord = z.infer<typeof ImrRecord>;
