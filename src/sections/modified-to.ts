/**
 * Older notices (maximus-notice) name the claims administrator's modification after the numbered
 * list, in the quoted UR summary: `The request for Norco 10/325mg #120 is modified to #60 to allow
 * weaning`, `Ultram ER 150mg #60 is modified to Ultram ER 150mg #30.` Then (RECORD.md, older
 * layouts) `originalRequest` is the numbered item's text and `authorizedPortion` the certified part
 * as the letter states it, which ends at the sentence end or a purpose clause.
 */
import { itemLabels as labels } from '../vocab/index.js';
import { alternation, phraseSource } from '../text/patterns.js';
import { spanned, type SpannedText } from '../text/spans.js';

const MODIFIED_TO = alternation(labels.modifiedTo);
/** Where the certified part ends: a sentence end (not a decimal point), a clause comma, a purpose clause. */
const PORTION_END = `(?=\\s*(?:[.;](?=\\s|$)|,\\s|$)|\\s+(?:${alternation(labels.modifiedPurpose)})\\b)`;

export interface Modification {
  originalRequest: SpannedText;
  authorizedPortion: SpannedText;
}

/** The modification of `request` stated in `[from, to)`, or null. */
export function findModifiedTo(text: string, from: number, to: number, request: SpannedText): Modification | null {
  if (request.text === '') return null;
  const re = new RegExp(`(?<![\\w#])${phraseSource(request.text)}\\s+(?:${MODIFIED_TO})\\s+([\\s\\S]{1,200}?)${PORTION_END}`, 'gi');
  re.lastIndex = from;
  const m = re.exec(text);
  if (!m || m.index >= to) return null;
  const start = m.index + m[0].length - m[1]!.length;
  const authorizedPortion = spanned(text, start, Math.min(start + m[1]!.length, to));
  return authorizedPortion.text ? { originalRequest: request, authorizedPortion } : null;
}
