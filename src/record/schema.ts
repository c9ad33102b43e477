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
  // A copy of Span per list: metadata is registered on the schema object, and each list's is its own.
  described(Span.clone(), { label: `${what} passage`, score: notScored('offsets, not content'), description: `where the ${what} was read` });

const date = (label: string, column: string, description: string, hue: number) =>
  described(IsoDate.nullable(), { label, description, score: { kind: 'field' }, store: { column }, hue });

export const Source = z.object({
  path: described(z.string(), { derived: true, label: 'file', description: 'the file as it was named to imr', score: notScored('where the letter was read from, not what it says'), store: { column: 'path' } }),
  sha256: described(z.string().regex(/^[0-9a-f]{64}$/), {
    label: 'sha256',
    derived: true,
    description: 'sha256 of the file bytes: the letter’s key',
    score: notScored('the evaluation pairs letters by it'),
    store: { column: 'sha256' },
  }),
  kind: described(z.enum(['pdf', 'text']), { derived: true, label: 'file kind', score: notScored('a property of the file'), store: { column: 'kind' } }),
  pages: described(z.number().int().positive().nullable(), { derived: true, label: 'pages', description: 'pages of a PDF letter; null for a text letter', score: notScored('a property of the file'), store: { column: 'pages' } }),
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
    description: 'the code with its dot (`S83.241`)',
    since: 2,
    score: notScored('scored as diagnoses.icd10'),
    store: { column: 'icd10_code' },
  }),
  title: described(z.string().min(1), { label: 'ICD-10-CM title', description: 'the code’s official title', since: 2, score: notScored('follows from the code'), store: { column: 'icd10_title' } }),
});

export const Diagnosis = z.object({
  text: described(z.string().min(1), { label: 'diagnosis', description: 'the condition as written', score: notScored('scored as the diagnoses list'), store: { column: 'text' }, hue: 100 }),
  icd10: described(Icd10.nullable(), {
    label: 'ICD-10-CM',
    description: 'the code the words support without guessing, null when unsure',
    since: 2,
    derived: true,
    score: { kind: 'icd10' },
    hue: 110,
  }),
  span: itemSpan('diagnosis'),
});
export type Diagnosis = z.infer<typeof Diagnosis>;

export const Imaging = z.object({
  modality: described(Modality, { label: 'imaging modality', derived: true, description: 'the kind of study', score: notScored('pairs imaging items: a pair needs the same modality'), store: { column: 'modality' }, hue: 175 }),
  bodyRegion: described(z.string().nullable(), { label: 'imaging body region', description: 'as written (`right shoulder`), null when not named', score: notScored('pairs imaging items (their text)'), store: { column: 'body_region' }, hue: 175 }),
  date: described(IsoDate.nullable(), { label: 'imaging date', description: 'when the study was done, null when not stated', score: { kind: 'accuracy' }, store: { column: 'date' }, hue: 38 }),
  findings: described(z.string().nullable(), { label: 'imaging findings', description: 'the stated result as written, null when only the study is named', score: { kind: 'tokenF1' }, store: { column: 'findings' }, hue: 145 }),
  span: itemSpan('imaging study'),
});
export type Imaging = z.infer<typeof Imaging>;

export const GuidelineCitation = z.object({
  source: described(z.enum(['MTUS', 'ACOEM', 'ODG', 'other']), { label: 'guideline source', score: notScored('part of the citation'), store: { column: 'source' } }),
  title: described(z.string().nullable(), { label: 'guideline title', description: 'as printed (`Low Back Complaints 2004`)', score: notScored('part of the citation'), store: { column: 'title' } }),
  section: described(z.string().nullable(), { label: 'guideline section', description: 'the sections named after `Section(s):`', score: notScored('part of the citation'), store: { column: 'section' } }),
  topic: described(z.string().nullable(), {
    label: 'guideline topic',
    description: 'the chapter or topic, lower case, without source, edition, year or pages',
    since: 2,
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
    since: 2,
    score: { kind: 'accuracy', over: 'stated' },
    store: { table: 'service_ingredients', column: 'ingredient' },
    hue: 265,
  }),
  brand: described(z.string().nullable(), { label: 'drug brand', description: 'the brand or product name as written, null for a generic request', since: 2, score: { kind: 'accuracy', over: 'stated' }, store: { column: 'drug_brand' }, hue: 270 }),
  group: described(z.enum(DRUG_GROUPS), { label: 'drug group', derived: true, description: 'the drug’s therapeutic group', since: 2, score: { kind: 'accuracy' }, store: { column: 'drug_group' }, hue: 280 }),
  compound: described(z.boolean(), { label: 'compound', description: 'a compounded or multi-agent topical product (its group is `compound`)', since: 2, score: { kind: 'accuracy' }, store: { column: 'drug_compound' }, hue: 285 }),
  route: described(z.enum(DRUG_ROUTES).nullable(), { label: 'drug route', description: 'from the form (cream, patch, tablet) or the drug’s only route', since: 2, score: { kind: 'accuracy', over: 'stated' }, store: { column: 'drug_route' }, hue: 290 }),
  strength: described(z.string().nullable(), { label: 'drug strength', description: 'as written (`10/325mg`)', since: 2, score: { kind: 'accuracy', over: 'stated' }, store: { column: 'drug_strength' }, hue: 295 }),
  quantity: described(z.number().int().nonnegative().nullable(), { label: 'drug quantity', description: '`#90` = 90', since: 2, score: { kind: 'accuracy', over: 'stated' }, store: { column: 'drug_quantity' }, hue: 305 }),
  refills: described(z.number().int().nonnegative().nullable(), { label: 'drug refills', description: '`with 3 refills` = 3', since: 2, score: { kind: 'accuracy', over: 'stated' }, store: { column: 'drug_refills' }, hue: 310 }),
});
export type Drug = z.infer<typeof Drug>;

/** A disputed service normalised for grouping (record version 2). */
export const ServiceNormalized = z.object({
  modality: described(z.enum(SERVICE_MODALITIES).nullable(), {
    label: 'service modality',
    description: 'for imaging and diagnostic-test requests: the imaging modality or the test',
    since: 2,
    derived: true,
    score: { kind: 'accuracy', over: 'stated' },
    store: { column: 'modality' },
    hue: 180,
  }),
  bodyRegions: described(z.array(BodyRegion), {
    label: 'service body region',
    description: 'the canonical regions the request names, in letter order',
    since: 2,
    score: { kind: 'accuracy', over: 'stated' },
    store: { table: 'service_body_regions', column: 'region' },
    hue: 150,
  }),
  laterality: described(z.enum(['left', 'right', 'bilateral']).nullable(), {
    label: 'laterality',
    description: 'as the request states it',
    since: 2,
    score: { kind: 'accuracy', over: 'stated' },
    store: { column: 'laterality' },
    hue: 155,
  }),
  visits: described(z.number().int().positive().nullable(), { label: 'visits', description: 'visits asked for, for session-based care (`2 x 6` = 12); null for a range', since: 2, score: { kind: 'accuracy', over: 'stated' }, store: { column: 'visits' }, hue: 165 }),
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

const longText = (label: string, description: string, column: string, hue: number, sat: number) =>
  described(z.string().nullable(), { label, description, score: notScored('long free text: gold for real letters leaves it out'), store: { column }, hue, sat });

export const Service = z.object({
  request: described(z.string().min(1), { label: 'service request', description: 'the item as its decision line names it (the text before `: Upheld`)', score: notScored('scored as the services list'), store: { column: 'request' }, hue: 220 }),
  decision: described(Decision, { label: 'service decision', description: '`upheld`: the denial stands; `overturned`: the service is medically necessary', score: { kind: 'accuracy' }, store: { column: 'decision' }, hue: 350 }),
  originalRequest: described(z.string().nullable(), { label: 'original request', description: 'when the claims administrator modified the request: what was first asked for', score: { kind: 'accuracy' }, store: { column: 'original_request' }, hue: 200 }),
  authorizedPortion: described(z.string().nullable(), { label: 'authorized portion', description: 'when the claims administrator modified the request: what it authorized', score: { kind: 'accuracy' }, store: { column: 'authorized_portion' }, hue: 125 }),
  category: described(ServiceCategory, { label: 'service category', derived: true, description: 'the type of service', score: { kind: 'accuracy' }, store: { column: 'category' }, hue: 240 }),
  claimsAdministratorGuideline: longText('claims administrator guideline', 'the text after `Claims Administrator guideline:`', 'claims_administrator_guideline', 50, 55),
  reviewerGuideline: longText('reviewer guideline', 'the text after `MAXIMUS guideline:`', 'reviewer_guideline', 85, 50),
  guidelines: described(z.array(GuidelineCitation), {
    label: 'guideline citation',
    description: 'the guidelines the reviewer cites, read from the reviewer guideline',
    score: { kind: 'list', itemText: ['source', 'title', 'section'] },
    store: { table: 'guidelines' },
    derived: true,
    hue: 70,
  }),
  rationale: longText('decision rationale', 'the text after `Decision rationale:`', 'rationale', 215, 25),
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
  schemaVersion: described(z.literal(SCHEMA_VERSION), { label: 'record version', description: 'the version of this record schema', score: notScored('bookkeeping'), store: { column: 'schema_version' } }),
  extractorVersion: described(z.string(), { derived: true, label: 'extractor version', description: 'the imr-extract version that made the record', score: notScored('bookkeeping'), store: { column: 'extractor_version' } }),
  source: Source,
  format: described(Format, { label: 'letter format', derived: true, description: 'the letter’s layout', score: { kind: 'accuracy' }, store: { column: 'format' }, hue: 320 }),
  caseNumber: described(z.string().nullable(), { label: 'case number', description: 'as printed (`CM16-0904417`)', score: { kind: 'field' }, store: { column: 'case_number' }, hue: 210 }),
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
      description: 'board certifications as printed, in letter order',
      score: { kind: 'list' },
      store: { table: 'reviewer_specialties', column: 'specialty' },
      hue: 232,
    }),
  }),
  patient: z.object({
    age: described(z.number().int().min(0).max(120).nullable(), { label: 'patient age', description: 'the worker’s age as stated', score: { kind: 'field' }, store: { column: 'patient_age' }, hue: 330 }),
    sex: described(z.enum(['male', 'female']).nullable(), { label: 'patient sex', description: 'only when stated', score: { kind: 'field' }, store: { column: 'patient_sex' }, hue: 345 }),
  }),
  injury: z.object({
    date: described(IsoDate.nullable(), { label: 'injury date', description: 'the date of injury (the header’s when it has one)', score: { kind: 'field' }, store: { column: 'injury_date' }, hue: 0 }),
    employer: described(z.string().nullable(), { label: 'employer', description: 'when named (most letters redact it)', score: { kind: 'field' }, store: { column: 'injury_employer' }, hue: 160 }),
    mechanism: described(z.string().nullable(), { label: 'mechanism of injury', description: 'how the injury happened, as written', score: { kind: 'text' }, store: { column: 'injury_mechanism' }, hue: 300 }),
  }),
  timing: z.object({
    daysToDecision: described(z.number().int().nullable(), {
      label: 'days to decision',
      description: 'days from the application received to the decision',
      since: 2,
      derived: true,
      score: { kind: 'field' },
      store: { column: 'days_to_decision' },
      hue: 40,
    }),
    claimAgeDays: described(z.number().int().nullable(), {
      label: 'claim age (days)',
      description: 'days from the date of injury to the decision',
      since: 2,
      derived: true,
      score: { kind: 'field' },
      store: { column: 'claim_age_days' },
      hue: 5,
    }),
  }),
  diagnoses: described(z.array(Diagnosis), { label: 'diagnosis', description: 'the conditions the letter states as the worker’s diagnoses', score: { kind: 'list', itemText: ['text'] }, store: { table: 'diagnoses' }, hue: 100 }),
  imaging: described(z.array(Imaging), {
    label: 'imaging study',
    description: 'imaging already performed (requested imaging is a service)',
    score: { kind: 'list', itemText: ['bodyRegion'], sameValue: ['modality'], tieBreak: ['date', 'findings'] },
    store: { table: 'imaging' },
    hue: 175,
  }),
  medications: described(z.array(z.string()), { label: 'medication', description: 'drugs the worker takes or is prescribed, as written, without dose', score: { kind: 'list' }, store: { table: 'medications', column: 'name' }, hue: 260 }),
  services: described(z.array(Service), {
    label: 'disputed service',
    description: 'one per disputed item, in letter order',
    score: { kind: 'list', itemText: ['request'], tieBreak: ['decision', 'category'] },
    store: { table: 'services' },
    hue: 220,
  }),
  sections: described(z.array(Section), { label: 'sections', description: 'the letter’s sections as `{name, start, end}` offsets', score: notScored('offsets, not content'), store: { column: 'sections', json: true } }),
  evidence: described(Evidence, { label: 'evidence', description: 'field path → span, for values without a span of their own', score: notScored('offsets, not content'), store: { column: 'evidence', json: true } }),
  warnings: described(z.array(z.string()), { label: 'warning', description: 'anything odd: an unknown format, a missing section, conflicting dates', score: notScored('notes on the extraction, not the letter'), store: { table: 'warnings', column: 'warning' } }),
});
export type ImrRecord = z.infer<typeof ImrRecord>;
