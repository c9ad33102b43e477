/**
 * Rewrites of what a PDF engine writes for something the page shows otherwise (PDFium's U+FFFE
 * for a hyphen at a line end, ligature characters), so that one letter read by either engine
 * normalises to the same text. The rules are data: src/vocab/engine-text.json, checked at load.
 */
import { z } from 'zod';
import rules from '../vocab/engine-text.json' with { type: 'json' };

const VOCAB_FILE = 'src/vocab/engine-text.json';

const Rules = z.object({
  rewrites: z.array(
    z.object({
      pattern: z.string().refine(isRegExp, { message: 'not a valid regular expression' }),
      replacement: z.string(),
      why: z.string().min(1),
    }),
  ),
});

function isRegExp(source: string): boolean {
  try {
    new RegExp(source, 'gu');
    return true;
  } catch {
    return false;
  }
}

/** The rules of `data`, or an error naming the file and the path inside it of each problem. */
export function parseEngineTextRules(data: unknown, file = VOCAB_FILE): { pattern: RegExp; replacement: string }[] {
  const parsed = Rules.safeParse(data);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
    throw new Error(`${file}: ${where}`);
  }
  return parsed.data.rewrites.map((r) => ({ pattern: new RegExp(r.pattern, 'gu'), replacement: r.replacement }));
}

const REWRITES = parseEngineTextRules(rules);
/** Every character the rules can match, to skip texts with none of them (most) at the cost of one scan. */
const ANY = new RegExp(REWRITES.map((r) => `(?:${r.pattern.source})`).join('|'), 'u');

export function rewriteEngineText(raw: string): string {
  if (!ANY.test(raw)) return raw;
  let text = raw;
  for (const r of REWRITES) text = text.replace(r.pattern, r.replacement);
  return text;
}
