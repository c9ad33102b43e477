/**
 * Every hard input of test/fixtures/hard-inputs.ts gets its defined outcome: a valid record
 * whose warnings say what was odd, or a typed LetterError naming the file and the reason.
 * Never a crash, a hang, an unhandled rejection, or a silently empty record.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFile, extractText, type Extraction } from '../../src/pipeline/index.js';
import { LetterError } from '../../src/errors.js';
import { ImrRecord } from '../../src/record/schema.js';
import { baseLetterText, makeHardInputs, manyItemsLetter, TEN_MB, writeHardInputs, type HardInput } from '../fixtures/hard-inputs.js';
import { textPdf } from '../fixtures/pdf-tools.js';
import { allSpans } from '../helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Per-letter budget: every hard input finishes far inside it (the slowest, 2,000 items, takes ~0.2 s). */
const LETTER_BUDGET_MS = 10_000;

const dir = mkdtempSync(path.join(tmpdir(), 'imr-hard-'));
const generated = await makeHardInputs();
let inputs: (HardInput & { path: string })[] = [];
const results = new Map<string, { extraction?: Extraction; error?: unknown; ms: number }>();
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  inputs = await writeHardInputs(dir, generated);
  for (const input of inputs) {
    const started = performance.now();
    try {
      results.set(input.name, { extraction: await extractFile(input.path), ms: performance.now() - started });
    } catch (error) {
      results.set(input.name, { error, ms: performance.now() - started });
    }
  }
}, 120_000);

afterAll(() => {
  process.off('unhandledRejection', onRejection);
  rmSync(dir, { recursive: true, force: true });
});

const matches = (warning: string, expected: string | RegExp) => (typeof expected === 'string' ? warning === expected : expected.test(warning));

/** The record without what legitimately differs between two renderings of one letter. */
function comparable(input: HardInput, e: Extraction) {
  const expected = input.outcome.kind === 'record' ? input.outcome.warnings : [];
  const { source: _source, ...rest } = e.record;
  return { ...rest, warnings: rest.warnings.filter((w) => !expected.some((x) => matches(w, x))) };
}

describe('hard inputs', () => {
  it('covers every kind the issue lists', () => {
    const kinds = new Set(generated.map((i) => i.kind.replace(/ \(.*\)$/, '')));
    for (const kind of [
      'zero-byte file', 'truncated PDF', 'non-PDF renamed .pdf', 'PDF with a user password', 'image-only PDF',
      'PDF that is not an IMR letter', 'letter missing a section', 'same letter twice under two names', '10 MB text file',
      'binary garbage named .txt', 'UTF-16 text', 'Windows-1252 text', 'CRLF line ends', 'letter with thousands of disputed items',
    ]) {
      expect(kinds, kind).toContain(kind);
    }
  });

  it.each(generated.map((i) => [i.name, i.kind, i.outcome.kind === 'error' ? i.outcome.code : 'record'] as const))(
    '%s (%s) → %s',
    (name) => {
      const input = inputs.find((i) => i.name === name)!;
      const result = results.get(name)!;
      expect(result.ms).toBeLessThan(LETTER_BUDGET_MS);
      if (input.outcome.kind === 'error') {
        expect(result.extraction, 'expected a typed error, got a record').toBeUndefined();
        const err = result.error as LetterError;
        expect(err).toBeInstanceOf(LetterError);
        expect(err.code).toBe(input.outcome.code);
        expect(err.file).toBe(input.path);
        expect(err.message).toContain(input.path);
        expect(err.reason.length).toBeGreaterThan(10);
        return;
      }
      if (result.error) throw result.error;
      const { record, text } = result.extraction!;
      expect(ImrRecord.safeParse(record).success).toBe(true);
      expect(record.source.path).toBe(input.path);
      for (const w of input.outcome.warnings) expect(record.warnings.some((x) => matches(x, w)), `warning ${w}`).toBe(true);
      if (input.outcome.services !== undefined) expect(record.services).toHaveLength(input.outcome.services);
      // Never silently empty: a letter without disputed items says so.
      if (record.services.length === 0) expect(record.warnings).toContain('no disputed items found in the decision section');
      for (const { key, span } of allSpans(record)) {
        expect(span[0], key).toBeLessThanOrEqual(span[1]);
        expect(span[1], key).toBeLessThanOrEqual(text.length);
      }
      if (input.sameAs) {
        const base = results.get(input.sameAs)!.extraction!;
        expect(text).toBe(base.text);
        expect(comparable(input, result.extraction!)).toEqual(comparable(inputs.find((i) => i.name === input.sameAs)!, base));
      }
    },
  );

  it('the same letter under two names: two records, one sha256 (the store keeps it once, with both paths)', () => {
    const a = results.get('duplicate-a.txt')!.extraction!.record;
    const b = results.get('duplicate-b.txt')!.extraction!.record;
    expect(a.source.sha256).toBe(b.source.sha256);
    expect(a.source.path).not.toBe(b.source.path);
    expect({ ...a, source: null }).toEqual({ ...b, source: null });
  });

  it('the 10 MB text is refused in milliseconds, and would extract in seconds without the limit', () => {
    expect(results.get('ten-megabytes.txt')!.ms).toBeLessThan(2_000);
    const big = inputs.find((i) => i.name === 'ten-megabytes.txt')!;
    const text = Buffer.from(big.bytes).toString('utf8');
    expect(text.length).toBeGreaterThanOrEqual(TEN_MB);
    const started = performance.now();
    const { record } = extractText(text, { path: big.path }, [], { maxTextChars: Infinity });
    expect(performance.now() - started).toBeLessThan(LETTER_BUDGET_MS);
    expect(record.services).toHaveLength(3);
  }, 30_000);

  it('limits: bytes over maxBytes are too-large; a PDF over its time budget is a timeout, with nothing left running', async () => {
    const letter = inputs.find((i) => i.name === 'letter.txt')!;
    await expect(extractFile(letter.path, { limits: { maxBytes: 1000 } })).rejects.toMatchObject({ code: 'too-large', file: letter.path });
    await expect(extractFile(letter.path, { limits: { maxTextChars: 1000 } })).rejects.toMatchObject({ code: 'too-large' });
    // A 500-item letter as a PDF (150 KB) takes pdf.js far longer than 1 ms.
    const bigPdf = path.join(mkdtempSync(path.join(tmpdir(), 'imr-hard-timeout-')), 'five-hundred-items.pdf');
    writeFileSync(bigPdf, await textPdf(manyItemsLetter(baseLetterText(), 500)));
    await expect(extractFile(bigPdf, { limits: { pdfTimeoutMs: 1 } })).rejects.toMatchObject({ code: 'timeout', file: bigPdf });
    await expect(extractFile(bigPdf)).resolves.toMatchObject({ record: { services: expect.any(Array) } });
    rmSync(path.dirname(bigPdf), { recursive: true });
    // The abandoned parse must not surface later as an unhandled rejection.
    await new Promise((r) => setTimeout(r, 300));
    expect(rejections).toEqual([]);
  });

  it('a folder that is named like a letter is unreadable, not a crash', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'imr-hard-folder-')) + '.pdf';
    mkdirSync(folder);
    await expect(extractFile(folder)).rejects.toMatchObject({ code: 'unreadable', file: folder });
    rmSync(folder, { recursive: true });
  });

  it('imr extract over the whole folder: a record line per good letter, a typed error line per bad one, exit 1', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'extract', dir], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120_000,
    });
    expect(r.status).toBe(1);
    const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as ImrRecord);
    const errors = r.stderr.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { error: string; file: string; reason: string });
    const expectRecord = inputs.filter((i) => i.outcome.kind === 'record').map((i) => i.path).sort();
    expect(records.map((x) => x.source.path).sort()).toEqual(expectRecord);
    const expectErrors = inputs.flatMap((i) => (i.outcome.kind === 'error' ? [[i.path, i.outcome.code]] : []));
    expect(errors.map((e) => [e.file, e.error]).sort()).toEqual(expectErrors.sort());
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+|Unhandled|TypeError|RangeError/);
  }, 120_000);

  it('no unhandled rejection along the way', () => {
    expect(rejections).toEqual([]);
  });
});
