/**
 * The fallback from PDFium to pdf-parse (src/read/engines/index.ts). No real file is known that
 * PDFium cannot open and pdf.js can (PDFium repaired every damaged file tried), so PDFium is
 * replaced here by a stand-in that fails as PDFium fails: a file it cannot open, a crash inside it,
 * a password it does not have.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { REPO_ROOT } from '../paths.js';
import { LetterError } from '../../src/errors.js';

const pdfium = vi.hoisted(() => ({ fail: null as null | ((file: string) => Error) }));

vi.mock('../../src/read/engines/pdfium.js', async (original) => {
  const real = await original<typeof import('../../src/read/engines/pdfium.js')>();
  return {
    ...real,
    readWithPdfium: async (file: string, bytes: Uint8Array, limits: { timeoutMs: number; maxPages: number }) => {
      if (pdfium.fail) throw pdfium.fail(file);
      return real.readWithPdfium(file, bytes, limits);
    },
  };
});

const { readPdf } = await import('../../src/read/engines/index.js');
const { extractFile } = await import('../../src/pipeline/index.js');

const letter = path.join(REPO_ROOT, 'corpus/dwc-header/shoulder-mri-emg.pdf');
const limits = { timeoutMs: 30_000, maxPages: 1000 };

beforeEach(() => {
  pdfium.fail = null;
});

describe('PDFium falls back to pdf-parse for a file it cannot open', () => {
  it('a file PDFium cannot open is read by pdf-parse, and the record says so', async () => {
    const direct = await extractFile(letter, { pdfEngine: 'pdf-parse' });
    pdfium.fail = (file) => new LetterError('corrupt', file, 'damaged PDF: PDFium: not in PDF format or corrupted');
    const { record, text } = await extractFile(letter);
    expect(record.source.engine).toBe('pdf-parse');
    expect(record.warnings).toEqual([
      'pdfium could not open the PDF (damaged PDF: PDFium: not in PDF format or corrupted): read with pdf-parse',
      ...direct.record.warnings,
    ]);
    expect(text).toBe(direct.text);
    expect({ ...record, warnings: [] }).toEqual({ ...direct.record, warnings: [] });
  });

  it('a crash inside PDFium (reported as corrupt by the engine) falls back too', async () => {
    pdfium.fail = (file) => new LetterError('corrupt', file, 'PDFium failed on the PDF: RuntimeError: unreachable');
    const read = await readPdf(letter, readFileSync(letter), limits, 'pdfium');
    expect(read.engine).toBe('pdf-parse');
    expect(read.warnings[0]?.code).toBe('pdf-fallback');
    expect(read.warnings[0]?.message).toMatch(/^pdfium could not open the PDF \(PDFium failed on the PDF: RuntimeError: unreachable\): read with pdf-parse$/);
  });

  it('a file neither engine can open fails with PDFium\'s reason', async () => {
    pdfium.fail = (file) => new LetterError('corrupt', file, 'damaged PDF: PDFium: not in PDF format or corrupted');
    const garbage = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41)]);
    await expect(readPdf('bad.pdf', garbage, limits, 'pdfium')).rejects.toMatchObject({ code: 'corrupt', reason: 'damaged PDF: PDFium: not in PDF format or corrupted' });
  });

  it('no fallback for a password, a timeout or the page limit: pdf-parse could do no better', async () => {
    for (const code of ['encrypted', 'timeout', 'too-large'] as const) {
      pdfium.fail = (file) => new LetterError(code, file, `stand-in ${code}`);
      await expect(readPdf(letter, readFileSync(letter), limits, 'pdfium')).rejects.toMatchObject({ code, reason: `stand-in ${code}` });
    }
  });

  it('pdf-parse chosen as the engine never falls back, and PDFium is not even loaded for it', async () => {
    pdfium.fail = () => {
      throw new Error('PDFium must not be called');
    };
    const read = await readPdf(letter, readFileSync(letter), limits, 'pdf-parse');
    expect(read.engine).toBe('pdf-parse');
    expect(read.warnings).toEqual([]);
  });
});
