/**
 * Bytes of a text letter to a JS string: UTF-8 (with or without BOM), UTF-16 (BOM or
 * NUL-pattern sniffed), else Windows-1252, the encoding of old Windows exports.
 * Returns null for bytes that are not text at all (binary garbage named .txt).
 */
export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
}

export function decodeTextBytes(bytes: Uint8Array): DecodedText | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return finish(new TextDecoder('utf-16le').decode(bytes.subarray(2)), 'utf-16le');
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return finish(new TextDecoder('utf-16be').decode(bytes.subarray(2)), 'utf-16be');
  }
  const sniffed = sniffUtf16WithoutBom(bytes);
  if (sniffed) return finish(new TextDecoder(sniffed).decode(bytes), sniffed);
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return finish(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start)), 'utf-8');
  } catch {
    return finish(decodeWindows1252(bytes), 'windows-1252');
  }
}

/**
 * Node's TextDecoder decodes the `windows-1252` label as ISO-8859-1, which turns curly
 * quotes and dashes (0x80-0x9F) into C1 control codes; map that range by the real table.
 */
const CP1252_HIGH = [
  0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
  0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b)));
  }
  return out;
}

/** ASCII text in UTF-16 without a BOM has a NUL in every other byte. */
function sniffUtf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Text has few control characters; binary garbage has many. */
function finish(text: string, encoding: DecodedText['encoding']): DecodedText | null {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 0xfffd) control++;
  }
  if (sample.length > 0 && control / sample.length > 0.02) return null;
  return { text, encoding };
}
