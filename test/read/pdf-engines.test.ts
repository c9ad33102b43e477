/**
 * The two PDF engines (src/read/engines): every PDF hard input has the same typed outcome under
 * each, each engine's own (no fallback hides a difference); both engines' text of one letter
 * normalises to the same text and record, on our corpus PDFs and on the real letters; PDFium
 * frees each document; the limits hold under both.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, SHARED_CORPUS, sharedCorpusAvailable } from '../paths.js';
import { normalizeText } from '../../src/normalize/index.js';
import { parseEngineTextRules, rewriteEngineText } from '../../src/normalize/engine-text.js';
import { extractBytes, extractFile, type Extraction } from '../../src/pipeline/index.js';
import { readPdf } from '../../src/read/engines/index.js';
import { pdfiumHeapBytes } from '../../src/read/engines/pdfium.js';
import { LetterError } from '../../src/errors.js';
import { DEFAULT_PDF_ENGINE, PDF_ENGINES, type PdfEngineName } from '../../src/read/index.js';
import { baseLetterText, makeHardInputs, manyItemsLetter, writeHardInputs } from '../fixtures/hard-inputs.js';
import { textPdf } from '../fixtures/pdf-tools.js';

const available = sharedCorpusAvailable('engine comparison on the real letters');

const dir = mkdtempSync(path.join(tmpdir(), 'imr-engines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const isPdf = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
const hardPdfs = (await writeHardInputs(dir, await makeHardInputs())).filter((i) => isPdf(i.bytes) || i.name.endsWith('.pdf'));
const FALLBACK_WARNING = /could not open the PDF .*: read with pdf-parse/;

function listPdfs(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.pdf'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

async function outcome(file: string, pdfEngine: PdfEngineName): Promise<Extraction | LetterError> {
  try {
    return await extractFile(file, { pdfEngine });
  } catch (err) {
    return err as LetterError;
  }
}

/** A record without what names its engine. */
function engineFree(e: Extraction) {
  return { ...e.record, source: { ...e.record.source, engine: null } };
}

describe('PDF engines', () => {
  it('the default engine is PDFium', () => {
    expect(DEFAULT_PDF_ENGINE).toBe('pdfium');
    expect([...PDF_ENGINES].sort()).toEqual(['pdf-parse', 'pdfium']);
  });

  describe.each(PDF_ENGINES)('%s: every PDF hard input keeps its typed outcome', (engine) => {
    it.each(hardPdfs.map((i) => [i.name, i.outcome.kind === 'error' ? i.outcome.code : 'record'] as const))('%s → %s', async (name) => {
      const input = hardPdfs.find((i) => i.name === name)!;
      const got = await outcome(input.path, engine);
      if (input.outcome.kind === 'error') {
        expect(got).toBeInstanceOf(LetterError);
        const err = got as LetterError;
        expect(err.code).toBe(input.outcome.code);
        expect(err.file).toBe(input.path);
        // PDFium's own verdict, not pdf-parse's after a fallback.
        if (engine === 'pdfium' && err.code === 'corrupt' && isPdf(input.bytes)) expect(err.reason).toMatch(/PDFium/);
        return;
      }
      expect(got).not.toBeInstanceOf(LetterError);
      const { record } = got as Extraction;
      expect(record.warnings.filter((w) => FALLBACK_WARNING.test(w))).toEqual([]);
      expect(record.source.engine).toBe(record.source.kind === 'pdf' ? engine : null);
      for (const w of input.outcome.warnings) expect(record.warnings.some((x) => (typeof w === 'string' ? x === w : w.test(x))), String(w)).toBe(true);
    });
  });

  it('the engines agree on every PDF hard input that becomes a record: same text, same record', async () => {
    for (const input of hardPdfs.filter((i) => i.outcome.kind === 'record')) {
      const [a, b] = (await Promise.all(PDF_ENGINES.map((e) => outcome(input.path, e)))) as Extraction[];
      expect(a!.text, input.name).toBe(b!.text);
      expect(engineFree(a!), input.name).toEqual(engineFree(b!));
    }
  });

  it('our corpus PDFs: both engines give the same normalised text and the same record', async () => {
    const pdfs = listPdfs(path.join(REPO_ROOT, 'corpus'));
    expect(pdfs.length).toBeGreaterThanOrEqual(20);
    for (const pdf of pdfs) {
      const [a, b] = (await Promise.all(PDF_ENGINES.map((e) => outcome(pdf, e)))) as Extraction[];
      expect(a!.text, pdf).toBe(b!.text);
      expect(engineFree(a!), pdf).toEqual(engineFree(b!));
    }
  });

  it.skipIf(!available)('the real letters: both engines give the same normalised text and the same record', async () => {
    const pdfs = listPdfs(path.join(SHARED_CORPUS, 'dwc-2016-2017'));
    expect(pdfs.length).toBeGreaterThan(100);
    const differing: string[] = [];
    for (const pdf of pdfs) {
      const [a, b] = (await Promise.all(PDF_ENGINES.map((e) => outcome(pdf, e)))) as Extraction[];
      if (a!.text !== b!.text || JSON.stringify(engineFree(a!)) !== JSON.stringify(engineFree(b!))) differing.push(path.basename(pdf));
    }
    expect(differing).toEqual([]);
  }, 60_000);

  it('where the engines part on a damaged file, PDFium reads more: a wrong page count, a damaged content stream', async () => {
    const letter = readFileSync(path.join(REPO_ROOT, 'corpus/dwc-header/shoulder-mri-emg.pdf'), 'latin1');
    const limits = { timeoutMs: 30_000, maxPages: 1000 };
    const wrongCount = Buffer.from(letter.replace('/Count 2', '/Count 0'), 'latin1');
    expect((await readPdf('count.pdf', wrongCount, limits, 'pdfium')).pages).toHaveLength(2);
    await expect(readPdf('count.pdf', wrongCount, limits, 'pdf-parse')).rejects.toMatchObject({ code: 'empty' });
    // Page 1's content stream partly overwritten: PDFium gives page 2 and says page 1 has no text; pdf.js gives up.
    const damaged = Buffer.from(letter.slice(0, 2000) + '\0'.repeat(3000) + letter.slice(5000), 'latin1');
    const read = await readPdf('damaged.pdf', damaged, limits, 'pdfium');
    expect(read.engine).toBe('pdfium');
    expect(read.pages[1]).toMatch(/EMG\/NCV of bilateral upper extremities/);
    expect(read.warnings).toContainEqual({ code: 'pdf-blank-pages', message: 'PDF page 1 of 2 has no text (a scanned page?)' });
    await expect(readPdf('damaged.pdf', damaged, limits, 'pdf-parse')).rejects.toMatchObject({ code: 'corrupt' });
  });

  it('extractBytes gives what extractFile gives, from bytes read once', async () => {
    const pdf = path.join(REPO_ROOT, 'corpus/dwc-header/shoulder-mri-emg.pdf');
    for (const pdfEngine of PDF_ENGINES) {
      expect(await extractBytes(pdf, readFileSync(pdf), { pdfEngine })).toEqual(await extractFile(pdf, { pdfEngine }));
    }
  });

  it('limits hold under both engines: pages over maxPages are too-large; a document over its time budget is a timeout', async () => {
    const big = path.join(dir, 'many-items.pdf');
    writeFileSync(big, await textPdf(manyItemsLetter(baseLetterText(), 100)));
    const bytes = readFileSync(big);
    for (const engine of PDF_ENGINES) {
      const pages = (await readPdf(big, bytes, { timeoutMs: 30_000, maxPages: 1000 }, engine)).pages.length;
      expect(pages).toBeGreaterThan(3);
      await expect(readPdf(big, bytes, { timeoutMs: 30_000, maxPages: pages - 1 }, engine)).rejects.toMatchObject({ code: 'too-large', reason: expect.stringMatching(/pages? is over the/) });
      await expect(readPdf(big, bytes, { timeoutMs: 1, maxPages: 1000 }, engine)).rejects.toMatchObject({ code: 'timeout', file: big });
      await expect(extractFile(big, { pdfEngine: engine, limits: { maxPages: 2 } })).rejects.toMatchObject({ code: 'too-large' });
    }
  }, 30_000);

  it('PDFium frees every document: reading the same letters again does not grow its heap', async () => {
    const pdfs = listPdfs(path.join(REPO_ROOT, 'corpus'));
    const pass = async () => {
      for (const pdf of pdfs) await readPdf(pdf, readFileSync(pdf), { timeoutMs: 30_000, maxPages: 1000 }, 'pdfium');
    };
    await pass();
    const after1 = await pdfiumHeapBytes();
    expect(after1).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) await pass();
    expect(await pdfiumHeapBytes()).toBe(after1);
  });
});

describe('engine text rewrites (src/vocab/engine-text.json)', () => {
  it("PDFium's U+FFFE hyphen marker normalises as pdf.js's hyphen and line break do", () => {
    for (const [marked, broken] of [
      ['the anti\uFFFEinflammatory drugs', 'the anti-\ninflammatory drugs'],
      ['a follow\uFFFEup visit', 'a follow-\nup visit'],
      ['electro\uFFFEmyography was normal', 'electro-\nmyography was normal'],
    ]) {
      expect(normalizeText(marked!).text).toBe(normalizeText(broken!).text);
    }
    expect(normalizeText('electro\uFFFEmyography and electromyography').text).toBe('electromyography and electromyography');
  });

  it('ligatures are spelled out', () => {
    expect(rewriteEngineText('\uFB01nding \uFB02exion e\uFB00ective su\uFB03cient ba\uFB04ing')).toBe('finding flexion effective sufficient baffling');
    expect(rewriteEngineText('no markers here')).toBe('no markers here');
  });

  it('a bad rules file fails at load, naming the file and the path inside it', () => {
    expect(() => parseEngineTextRules({ rewrites: [{ pattern: '(', replacement: '', why: 'x' }] }, 'rules.json')).toThrow(/rules\.json: rewrites\.0\.pattern: not a valid regular expression/);
    expect(() => parseEngineTextRules({ rewrites: [{ pattern: 'a', why: 'x' }] }, 'rules.json')).toThrow(/rules\.json: rewrites\.0\.replacement/);
  });
});
