/**
 * An evaluation run: gold letters scored against predictions (from the extractor, from a records
 * JSONL file, or annotator B against annotator A), grouped into the figures we report.
 */
import { readFileSync } from 'node:fs';
import { ImrRecord } from '../record/schema.js';
import { loadAgreement, type GoldKind, type GoldProblem, type LetterTarget } from './gold.js';
import { scoreDocument, summarize, type DocumentScore, type Scorable, type Summary } from './score.js';

export type GroupName = 'real' | 'corpus' | 'agreement';

export const GROUP_TITLES: Record<GroupName, string> = {
  real: 'real letters (annotations/real + seed)',
  corpus: 'our corpus (annotations/corpus)',
  agreement: 'inter-annotator agreement (A as gold, B as prediction)',
};

export const groupOf = (kind: GoldKind): GroupName => (kind === 'corpus' ? 'corpus' : 'real');

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
}

/** A prediction for one target: a record, or null with the reason. */
export type Prediction = { record: Scorable; note?: undefined } | { record: null; note: string };

function scored(id: string, group: GroupName, variant: boolean, gold: Scorable, p: Prediction): ScoredDocument {
  const doc = scoreDocument(id, gold, p.record);
  return { ...doc, group, variant, ...(p.note ? { note: p.note } : {}), summary: summarize([doc]) };
}

function assemble(mode: EvalReport['mode'], documents: ScoredDocument[], problems: GoldProblem[]): EvalReport {
  const names: GroupName[] = ['real', 'corpus', 'agreement'];
  const groups = names
    .map((name) => ({ name, docs: documents.filter((d) => d.group === name) }))
    .filter((g) => g.docs.length > 0)
    .map((g) => ({ name: g.name, title: GROUP_TITLES[g.name], summary: summarize(g.docs) }));
  return { mode, groups, documents, problems };
}

/** Scores each target against `predict(target)`, in order. */
export async function evaluateTargets(
  mode: 'extract' | 'pred',
  targets: readonly LetterTarget[],
  predict: (target: LetterTarget) => Promise<Prediction> | Prediction,
  problems: GoldProblem[] = [],
): Promise<EvalReport> {
  const documents: ScoredDocument[] = [];
  for (const t of targets) {
    documents.push(scored(t.id, groupOf(t.kind), t.variant, t.gold, await predict(t)));
  }
  return assemble(mode, documents, problems);
}

/** Runs an extractor on each target; a thrown error becomes an empty prediction with the reason. */
export function extractorPredictor(
  extract: (file: string) => Promise<{ record: Scorable }>,
): (t: LetterTarget) => Promise<Prediction> {
  return async (t) => {
    try {
      return { record: (await extract(t.letterPath)).record };
    } catch (err) {
      return { record: null, note: `extraction failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  };
}

/** Records from a JSONL file, by `source.sha256`; lines that are not valid records are problems. */
export function readRecords(file: string): { bySha: Map<string, ImrRecord>; problems: GoldProblem[] } {
  const bySha = new Map<string, ImrRecord>();
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
      bySha.set(parsed.data.source.sha256, parsed.data);
    });
  return { bySha, problems };
}

export function recordsPredictor(bySha: ReadonlyMap<string, ImrRecord>): (t: LetterTarget) => Prediction {
  return (t) => {
    const record = bySha.get(t.sha256);
    return record ? { record } : { record: null, note: `no record with source.sha256 ${t.sha256}` };
  };
}

/** The agreement study scored with the same scorer: the inter-annotator ceiling. */
export function evaluateAgreement(dir: string): EvalReport {
  const { pairs, problems } = loadAgreement(dir);
  const documents = pairs.map(({ id, a, b }) => scored(id, 'agreement', false, a.record, { record: b.record }));
  return assemble('agreement', documents, problems);
}
