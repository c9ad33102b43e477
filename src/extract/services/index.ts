/** Disputed services: one per item block of the decision section, in letter order. */
import type { LetterDoc } from '../../document/index.js';
import type { GuidelineCitation, ServiceCategory, Span, Decision } from '../../record/schema.js';
import type { SpannedText } from '../../text/spans.js';
import { found, type Found } from '../found.js';
import { categorize } from './category.js';
import { parseGuidelines } from './guidelines.js';
import { normalizeService, type NormalizedItem } from './normalize.js';

/** A service of the record, its parts as `Found` where the text states them. */
export interface ServiceItem {
  request: Found<string>;
  decision: Found<Decision>;
  originalRequest: Found<string> | null;
  authorizedPortion: Found<string> | null;
  category: ServiceCategory;
  claimsAdministratorGuideline: Found<string> | null;
  reviewerGuideline: Found<string> | null;
  guidelines: GuidelineCitation[];
  rationale: Found<string> | null;
  normalized: NormalizedItem;
  span: Span;
}

const text = (t: SpannedText | null): Found<string> | null => (t ? found(t.text, t.span) : null);

export function extractServices(doc: LetterDoc): ServiceItem[] {
  // The request as it stands in the letter (same length as its span), so offsets carry over.
  const asPrinted = (t: SpannedText) => ({ text: doc.text.slice(t.span[0], t.span[1]), offset: t.span[0] });
  return doc.items.map((item) => {
    const category = categorize(item.request.text);
    return {
      request: found(item.request.text, item.request.span),
      decision: found(item.decision, item.decisionSpan),
      originalRequest: text(item.originalRequest),
      authorizedPortion: text(item.authorizedPortion),
      category,
      claimsAdministratorGuideline: text(item.claimsAdministratorGuideline),
      reviewerGuideline: text(item.reviewerGuideline),
      guidelines: parseGuidelines(item.reviewerGuideline?.text ?? null),
      rationale: text(item.rationale),
      normalized: normalizeService(category, asPrinted(item.request), item.originalRequest ? asPrinted(item.originalRequest) : null),
      span: item.span,
    };
  });
}
