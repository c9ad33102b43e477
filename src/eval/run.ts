/**
 * An evaluation run: gold letters scored against predictions (from the extractor, from a records
 * JSONL file, or annotator B against annotator A), grouped into the figures we report. Each
 * prediction keeps the record and the normalised text it came with, so that pages can show the
 * letter without reading or extracting it again.
 */
import { readFileSync } from 'node:fs';
import type { GoldRecord } from '../record/gold.js';
import { EXTRACTOR_VERSION } from '../pipeline/version.js';
import { ImrRecord } from '../record/schema.js';
import { loadAgreement, type GoldProblem, type LetterTarget } from './gold.js';
import { scoreDocument, summarize, type DocumentScore, type Scorable, type Summary } from './score.js';

export type GroupName = 'real' | 'heldout3' | 'corpus' | 'agreement';

export const GROUP_TITLES: Record<GroupName, string> = {
  real: 'real letters (annotations/real, heldout, heldout2, seed)',
  heldout3: 'third held-out set, blind (annotations/heldout3)',
  corpus: 'our corpus (annotations/corpus)',
  agreement: 'inter-annotator agreement (A as gold, B as prediction)',
};

/** The report group of a gold letter: our corpus, the third held-out set, or the other real letters. */
export function groupOf(target: Pick<LetterTarget, 'kind' | 'set'>): GroupName {
  if (target.kind === 'corpus') return 'corpus';
  return target.set === 'heldout3' ? 'heldout3' : 'real';
}

/** What a letter was scored on: the predicted record and the text its spans point into, when known. */
export interface LetterView {
  gold: GoldRecord;
  record: ImrRecord | null;
  text: string | null;
  /** What a reader of the letter's page should know (spans that may not line up, a letter that could not be read). */
  notes: string[];
}

export interface ScoredDocument extends DocumentScore {
  group: GroupName;
  variant: boolean;
  /** Why there was no prediction (extraction error, no record in --pred), when so. */
  note?: string;
  summary: Summary;
}

export interface EvalReport {
  mode: 'extract' | 'pred' | 'agreement';
  groups: { name: GroupName; title: string; summary: Summary }[];
  documents: ScoredDocument[];
  problems: GoldProblem[];
  /** Each document's gold, record and text, by document id (not part of the JSON report). */
  letters: Map<string, LetterView>;
}

/** A prediction for one target: a record (with its text when known), or null with the reason. */
export type Prediction = ({ record: Scorable; note?: undefined } | { record: null; note: string }) & {
  text?: string | null;
  viewNotes?: string[];
};

function scored(id: string, group: GroupName, variant: boolean, gold: Scorable, p: Prediction): ScoredDocument {
  const doc = scoreDocument(id, gold, p.record);
  return { ...doc, group, variant, ...(p.note ? { note: p.note } : {}), summary: summarize([doc]) };
}

function assemble(mode: EvalReport['mode'], documents: ScoredDocument[], problems: GoldProblem[], letters: Map<string, LetterView>): EvalReport {
  const names: GroupName[] = ['real', 'heldout3', 'corpus', 'agreement'];
  const groups = names
    .map((name) => ({ name, docs: documents.filter((d) => d.group === name) }))
    .filter((g) => g.docs.length > 0)
    .map((g) => ({ name: g.name, title: GROUP_TITLES[g.name], summary: summarize(g.docs) }));
  return { mode, groups, documents, problems, letters };
}

/** Scores each target against `predict(target)`, in order. */
export async function evaluateTargets(
  mode: 'extract' | 'pred',
  targets: readonly LetterTarget[],
  predict: (target: LetterTarget) => Promise<Prediction> | Prediction,
  problems: GoldProblem[] = [],
): Promise<EvalReport> {
  const documents: ScoredDocument[] = [];
  const letters = new Map<string, LetterView>();
  for (const t of targets) {
    const p = await predict(t);
    documents.push(scored(t.id, groupOf(t), t.variant, t.gold, p));
    letters.set(t.id, { gold: t.gold, record: (p.record as ImrRecord | null) ?? null, text: p.text ?? null, notes: p.viewNotes ?? [] });
  }
  return assemble(mode, documents, problems, letters);
}

/** Runs an extractor on each target; a thrown error becomes an empty prediction with the reason. */
export function extractorPredictor(
  extract: (file: string) => Promise<{ record: Scorable; text?: string }>,
): (t: LetterTarget) => Promise<Prediction> {
  return async (t) => {
    try {
      const { record, text } = await extract(t.letterPath);
      return { record, text: text ?? null };
    } catch (err) {
      return { record: null, note: `extraction failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  };
}

/** Records from a JSONL file, by `source.sha256`, each with its `text` when written with `--with-text`; other lines are problems. */
export function readRecords(file: string): { bySha: Map<string, { record: ImrRecord; text: string | null }>; problems: GoldProblem[] } {
  const bySha = new Map<string, { record: ImrRecord; text: string | null }>();
  const problems: GoldProblem[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const where = `${file}:${i + 1}`;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        problems.push({ file: where, message: 'not JSON; line ignored' });
        return;
      }
      const parsed = ImrRecord.safeParse(json);
      if (!parsed.success) {
        problems.push({ file: where, message: `not a valid record; line ignored (${parsed.error.issues[0]?.message ?? ''})` });
        return;
      }
      const text = (json as { text?: unknown }).text;
      bySha.set(parsed.data.source.sha256, { record: parsed.data, text: typeof text === 'string' ? text : null });
    });
  return { bySha, problems };
}

/**
 * Predictions from records read with `readRecords`. A record written without its text gets it
 * from `normalisedText` (the letter read and normalised again by this extractor), when given.
 */
export function recordsPredictor(
  bySha: ReadonlyMap<string, { record: ImrRecord; text: string | null }>,
  normalisedText?: (file: string) => Promise<string>,
): (t: LetterTarget) => Promise<Prediction> {
  return async (t) => {
    const found = bySha.get(t.sha256);
    if (!found) return { record: null, note: `no record with source.sha256 ${t.sha256}` };
    if (found.text !== null || !normalisedText) return { record: found.record, text: found.text };
    try {
      const text = await normalisedText(t.letterPath);
      const viewNotes =
        found.record.extractorVersion === EXTRACTOR_VERSION
          ? []
          : [`the record was made by extractor ${found.record.extractorVersion} and the text normalised again by ${EXTRACTOR_VERSION}: spans may not line up (write records with \`imr extract --with-text\` to keep the text)`];
      return { record: found.record, text, viewNotes };
    } catch (err) {
      return { record: found.record, text: null, viewNotes: [`the letter could not be read: ${err instanceof Error ? err.message : String(err)}`] };
    }
  };
}

/** The agreement study scored with the same scorer: the inter-annotator ceiling. */
export function evaluateAgreement(dir: string): EvalReport {
  const { pairs, problems } = loadAgreement(dir);
  const documents = pairs.map(({ id, a, b }) => scored(id, 'agreement', false, a.record, { record: b.record }));
  return assemble('agreement', documents, problems, new Map());
}
