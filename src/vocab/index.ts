/**
 * The rules and vocabularies every stage reads, as data (the JSON files beside this one), each
 * parsed with its zod schema when first imported: a bad file fails at start, naming the file and
 * the path inside it, rather than misbehaving on some letter later. A pattern must compile.
 * test/vocab/vocab.test.ts checks that every JSON file here has a schema.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import contextCuesJson from './context-cues.json' with { type: 'json' };
import datePhrasesJson from './date-phrases.json' with { type: 'json' };
import diagnosisCuesJson from './diagnosis-cues.json' with { type: 'json' };
import formatsJson from './formats.json' with { type: 'json' };
import headerLabelsJson from './header-labels.json' with { type: 'json' };
import imagingJson from './imaging.json' with { type: 'json' };
import itemLabelsJson from './item-labels.json' with { type: 'json' };
import injuryMechanismJson from './injury-mechanism.json' with { type: 'json' };
import medicationCuesJson from './medication-cues.json' with { type: 'json' };
import pageArtefactsJson from './page-artefacts.json' with { type: 'json' };
import serviceCategoriesJson from './service-categories.json' with { type: 'json' };
import specialtiesJson from './specialties.json' with { type: 'json' };
import statesJson from './states.json' with { type: 'json' };
import abbreviationsJson from './abbreviations.json' with { type: 'json' };
import bodyRegionsJson from './body-regions.json' with { type: 'json' };
import guidelineTopicsJson from './guideline-topics.json' with { type: 'json' };
import icd10ChaptersJson from './icd10cm-chapters.json' with { type: 'json' };
import testModalitiesJson from './test-modalities.json' with { type: 'json' };
import runTogetherJson from './run-together.json' with { type: 'json' };
import { BODY_REGIONS, FORMATS, MODALITIES, SERVICE_CATEGORIES, SERVICE_MODALITIES } from '../record/schema.js';

/** A vocabulary file that does not have the shape its schema says. */
export class VocabError extends Error {
  override readonly name = 'VocabError';
}

/** A regex source that compiles (with the flags its user adds). */
const Pattern = z.string().min(1).refine(
  (p) => {
    try {
      new RegExp(p, 'iu');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);
/** A literal phrase (spaces match any whitespace): any non-empty text. */
const Phrase = z.string().min(1);
const Phrases = z.array(Phrase);
/** Keys starting with `$comment` explain the file and are allowed anywhere at the top. */
const withComments = <T extends z.ZodRawShape>(shape: T) => z.object(shape).catchall(z.unknown()).superRefine((o, ctx) => {
  for (const k of Object.keys(o)) if (!(k in shape) && !k.startsWith('$comment')) ctx.addIssue({ code: 'custom', path: [k], message: 'unknown key' });
});

/** A lower-case word of letters only. */
const LowerWord = z.string().regex(/^[a-z]+$/, 'a lower-case word of letters only');
/** Words separated by single spaces, each lower case and letters only, sorted (a generated list kept compact, searched by halving). */
const WordList = z
  .string()
  .regex(/^(?:[a-z]+(?: [a-z]+)*)?$/, 'lower-case words separated by single spaces')
  .refine((s) => s.split(' ').every((w, i, all) => i === 0 || all[i - 1]! < w), { message: 'words must be sorted and unique' });

const Directions = z.object({ forward: Phrases, backward: Phrases });

export const SCHEMAS = {
  'body-regions.json': withComments({
    regions: z
      .array(z.object({ id: z.enum(BODY_REGIONS), patterns: z.array(Pattern).min(1) }))
      .refine((rs) => BODY_REGIONS.every((id) => rs.some((r) => r.id === id)), { message: 'every canonical region needs its words' }),
    laterality: withComments({ left: z.array(Pattern), right: z.array(Pattern), bilateral: z.array(Pattern) }),
  }),
  'icd10cm-chapters.json': withComments({
    chapters: z.array(z.object({ chapter: z.number().int().positive(), first: z.string().regex(/^[A-Z][0-9][0-9A-Z]$/), last: z.string().regex(/^[A-Z][0-9][0-9A-Z]$/), title: z.string().min(1) })),
  }),
  'guideline-topics.json': withComments({
    dropWords: z.array(z.string().regex(/^[a-z ]+$/, 'lower-case words')),
    chapters: z.array(z.string().regex(/^[a-z /]+$/, 'a topic as topics are written: lower case')),
    aliases: z.record(z.string(), z.string()),
  }),
  'test-modalities.json': withComments({
    emg: z.array(Pattern),
    ncv: z.array(Pattern),
    rules: z.array(z.object({ modality: z.enum(SERVICE_MODALITIES), patterns: z.array(Pattern) })),
  }),
  'abbreviations.json': withComments({ sentenceAbbreviations: z.array(z.string().regex(/^[a-z.]+$/, 'lower case letters and dots')) }),
  'context-cues.json': withComments({
    negated: Directions,
    hypothetical: Directions,
    otherExperiencer: Directions,
    requested: Directions,
    terminators: Phrases,
    requestSentence: Pattern,
  }),
  'date-phrases.json': z.record(z.string(), z.union([z.string(), z.array(z.string().includes('{date}', { message: 'a date phrase names {date}' }))])),
  'diagnosis-cues.json': withComments({
    triggers: Phrases,
    excludedPrefixes: Phrases,
    codedTails: Phrases,
    siteWords: Phrases,
    stopPhrases: Phrases,
    triggerPatterns: z.array(Pattern),
    dependentWords: Phrases,
    pairedConditionWords: Phrases,
    conditionWords: Pattern,
  }),
  'formats.json': withComments({
    formats: z.array(
      z.object({ id: z.enum(FORMATS), requires: Phrases, headings: z.array(z.object({ name: z.string().min(1), pattern: Pattern })) }),
    ),
    unknownHeadings: z.array(z.object({ name: z.string().min(1), pattern: Pattern })),
    imrSignals: Phrases,
  }),
  'header-labels.json': withComments({ labels: z.array(z.object({ label: Phrase, field: z.string().min(1) })), endOfTable: Pattern }),
  'imaging.json': withComments({
    modalities: z.array(z.object({ pattern: Pattern, modality: z.enum(MODALITIES) })),
    bodyRegions: Phrases,
    lateralities: Phrases,
    resultVerbs: Phrases,
    plainResults: Phrases,
    performedCues: Phrases,
    visitOpeners: z.array(z.string().includes('{date}', { message: 'a visit opener names {date}' })),
    historyOpeners: Phrases,
    discussionCues: Phrases,
    resultWindow: z.number().int().positive(),
    sameDatePhrases: Phrases,
    imagedVerbs: Phrases,
    otherTests: Phrases,
    findingsContinuation: Pattern,
    attributedOpener: Pattern,
    findingsEnd: Pattern,
    notAStudyAfter: Phrases,
    notAStudyBefore: Phrases,
    regionOrdinals: Phrases,
    priorCue: Pattern,
  }),
  'item-labels.json': withComments({
    claimsAdministratorGuideline: Phrases,
    reviewerGuideline: Phrases,
    rationale: Phrases,
    decisionWords: z.object({ upheld: Phrases, overturned: Phrases }),
    modificationCues: Phrases,
    modifiedTo: Phrases,
    modifiedPurpose: Phrases,
    introLines: Phrases,
    determinationLead: Phrases,
  }),
  'medication-cues.json': withComments({
    takenCues: z.array(Pattern).min(1),
    planCues: z.array(Pattern).min(1),
    notProvided: Pattern,
    rationaleUseCues: z.array(Pattern),
    rationaleUseReach: z.number().int().positive(),
    worker: Pattern,
  }),
  'injury-mechanism.json': withComments({
    stated: z.array(Pattern).min(1),
    injuredWhen: z.array(Pattern).min(1),
    datedEvent: z.string().includes('{date}').includes('{verbs}'),
    struckWorker: z.string().includes('{passiveVerbs}'),
    injuryVerbs: z.array(Pattern).min(1),
    passiveVerbs: z.array(Pattern).min(1),
    repetitive: z.array(Pattern),
    attributedTo: Pattern,
    leading: Pattern,
    endings: z.array(z.string().min(1)),
    notStated: Pattern,
    maxLength: z.number().int().positive(),
  }),
  'page-artefacts.json': withComments({ markerLines: z.array(Pattern), keepHyphenBefore: Phrases, keepHyphenAfterPrefix: Phrases }),
  'service-categories.json': withComments({
    stripPrefixes: z.array(Pattern),
    rules: z.array(z.object({ category: z.enum(SERVICE_CATEGORIES), patterns: z.array(Pattern) })),
    therapyRequests: z.object({
      disciplines: z.array(z.object({ category: z.enum(SERVICE_CATEGORIES), patterns: z.array(Pattern).min(1) })).min(1),
      components: z.array(Pattern).min(1),
    }),
  }),
  'specialties.json': withComments({ specialties: Phrases }),
  'english-words.json': withComments({ common: WordList, other: WordList, medical: WordList }),
  'run-together.json': withComments({
    minTokenLength: z.number().int().min(4),
    maxTokenLength: z.number().int().positive(),
    commonHalfMaxLength: z.number().int().min(2),
    functionWords: z.array(LowerWord).min(1),
    prefixes: z.array(LowerWord),
    suffixWords: z.array(LowerWord),
    extraWords: z.array(LowerWord),
  }),
  'states.json': withComments({ states: z.record(z.string().regex(/^[A-Z]{2}$/, 'a two-letter abbreviation'), Phrase) }),
} as const;

export type VocabName = keyof typeof SCHEMAS;

/** Parses a vocabulary file's JSON with its schema; a VocabError names the file and the path. */
export function parseVocab<N extends VocabName>(name: N, data: unknown): z.infer<(typeof SCHEMAS)[N]> {
  const r = SCHEMAS[name].safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const at = issue.path.length ? issue.path.join('.') : '(root)';
    throw new VocabError(`src/vocab/${name}: ${at}: ${issue.message}`);
  }
  return r.data as z.infer<(typeof SCHEMAS)[N]>;
}

export const abbreviations = parseVocab('abbreviations.json', abbreviationsJson);
export const bodyRegions = parseVocab('body-regions.json', bodyRegionsJson);
export const guidelineTopics = parseVocab('guideline-topics.json', guidelineTopicsJson);
export const icd10Chapters = parseVocab('icd10cm-chapters.json', icd10ChaptersJson);
export const testModalities = parseVocab('test-modalities.json', testModalitiesJson);
export const contextCues = parseVocab('context-cues.json', contextCuesJson);
export const datePhrases = parseVocab('date-phrases.json', datePhrasesJson);
export const diagnosisCues = parseVocab('diagnosis-cues.json', diagnosisCuesJson);
export const formats = parseVocab('formats.json', formatsJson);
export const headerLabels = parseVocab('header-labels.json', headerLabelsJson);
export const imaging = parseVocab('imaging.json', imagingJson);
export const itemLabels = parseVocab('item-labels.json', itemLabelsJson);
export const injuryMechanism = parseVocab('injury-mechanism.json', injuryMechanismJson);
export const medicationCues = parseVocab('medication-cues.json', medicationCuesJson);
export const pageArtefacts = parseVocab('page-artefacts.json', pageArtefactsJson);
export const serviceCategories = parseVocab('service-categories.json', serviceCategoriesJson);
export const specialties = parseVocab('specialties.json', specialtiesJson);
export const states = parseVocab('states.json', statesJson);

const ENGLISH_WORDS_FILE = fileURLToPath(new URL('./english-words.json', import.meta.url));
let englishWordList: z.infer<(typeof SCHEMAS)['english-words.json']> | null = null;
/**
 * The generated English word list (vocab/english-words.json, 1.2 MB), read and checked on first
 * use rather than at import: a module import of it costs every worker and every CLI start time.
 */
export function englishWords(): z.infer<(typeof SCHEMAS)['english-words.json']> {
  englishWordList ??= parseVocab('english-words.json', JSON.parse(readFileSync(ENGLISH_WORDS_FILE, 'utf8')));
  return englishWordList;
}
export const runTogether = parseVocab('run-together.json', runTogetherJson);
