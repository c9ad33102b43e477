/**
 * What a file that is not a PDF seems to be, from its first bytes, for the reason a letter
 * named `.pdf` is refused with (`not a PDF: it looks like a PNG image`).
 */
const MAGIC: [string, (b: Uint8Array) => boolean][] = [
  ['a PNG image', (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47],
  ['a JPEG image', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['a GIF image', (b) => ascii(b, 0, 4) === 'GIF8'],
  ['a TIFF image', (b) => ascii(b, 0, 4) === 'II*\0' || ascii(b, 0, 4) === 'MM\0*'],
  ['a ZIP archive (a .docx or .xlsx?)', (b) => ascii(b, 0, 4) === 'PK\x03\x04'],
  ['an old Office document (.doc)', (b) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0],
  ['an RTF document', (b) => ascii(b, 0, 5) === '{\\rtf'],
  ['an HTML page', (b) => /^\s*<(?:!doctype\s+html|html)/i.test(ascii(b, 0, 64))],
  ['a gzip archive', (b) => b[0] === 0x1f && b[1] === 0x8b],
];

function ascii(b: Uint8Array, from: number, to: number): string {
  return Buffer.from(b.subarray(from, to)).toString('latin1');
}

export function sniffFileType(bytes: Uint8Array): string | null {
  for (const [name, test] of MAGIC) if (test(bytes)) return name;
  return null;
}
