/** Disputed services: one per item block of the decision section, in letter order. */
import type { LetterDoc } from '../../document/index.js';
import type { GuidelineCitation, ServiceCategory, Span, Decision } from '../../record/schema.js';
import type { SpannedText } from '../../text/spans.js';
import { found, type Found } from '../found.js';
import { categorize } from './category.js';
import { parseGuidelines } from './guidelines.js';

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
  span: Span;
}

const text = (t: SpannedText | null): Found<string> | null => (t ? found(t.text, t.span) : null);

export function extractServices(doc: LetterDoc): ServiceItem[] {
  return doc.items.map((item) => ({
    request: found(item.request.text, item.request.span),
    decision: found(item.decision, item.decisionSpan),
    originalRequest: text(item.originalRequest),
    authorizedPortion: text(item.authorizedPortion),
    category: categorize(item.request.text),
    claimsAdministratorGuideline: text(item.claimsAdministratorGuideline),
    reviewerGuideline: text(item.reviewerGuideline),
    guidelines: parseGuidelines(item.reviewerGuideline?.text ?? null),
    rationale: text(item.rationale),
    span: item.span,
  }));
}
