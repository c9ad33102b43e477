import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../../src/pipeline/index.js';
import { LetterError } from '../../src/errors.js';
import { proseLetter } from '../helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'imr-read-'));
const write = (name: string, bytes: Buffer | string) => {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const letter = proseLetter('The injured worker is a 44 year old male. He reports pain café – “quoted”.');

async function errorOf(p: string): Promise<LetterError> {
  try {
    await extractFile(p);
  } catch (err) {
    return err as LetterError;
  }
  throw new Error(`expected ${p} to fail`);
}

describe('reading letters', () => {
  it('reads CRLF text the same as LF text', async () => {
    const lf = await extractFile(write('lf.txt', letter));
    const crlf = await extractFile(write('crlf.txt', letter.replace(/\n/g, '\r\n')));
    expect(crlf.text).toBe(lf.text);
    expect(crlf.record.services).toEqual(lf.record.services);
  });

  it('reads Windows-1252 and UTF-16 text', async () => {
    const utf8 = await extractFile(write('u8.txt', letter));
    const cp1252 = Buffer.from(letter.replace('–', '\u0096').replace('“', '\u0093').replace('”', '\u0094'), 'latin1');
    const w = await extractFile(write('w.txt', cp1252));
    expect(w.text).toBe(utf8.text);
    expect(w.record.warnings).toContain('text decoded as windows-1252');
    const u16 = await extractFile(write('u16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(letter, 'utf16le')])));
    expect(u16.text).toBe(utf8.text);
  });

  it.each([
    ['empty.txt', Buffer.alloc(0), 'empty'],
    ['garbage.txt', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 'not-text'],
    ['fake.pdf', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'corrupt'],
    ['truncated.pdf', Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog'), 'corrupt'],
    ['invoice.txt', 'INVOICE 1234\nTotal due: $45.00\nThank you for your business.', 'not-an-imr-letter'],
  ])('%s fails as %s, naming the file', async (name, bytes, code) => {
    const p = write(name, bytes);
    const err = await errorOf(p);
    expect(err).toBeInstanceOf(LetterError);
    expect(err.code).toBe(code);
    expect(err.file).toBe(p);
    expect(err.message).toContain(p);
  });

  it('reports a missing file as not-found', async () => {
    expect((await errorOf(path.join(dir, 'missing.pdf'))).code).toBe('not-found');
  });
});
