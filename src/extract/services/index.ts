/** Disputed services: one per item block of the decision section, in letter order. */
import type { Service } from '../../record/schema.js';
import type { Evidence } from '../../record/schema.js';
import type { LetterDoc } from '../doc.js';
import { categorize } from './category.js';
import { parseGuidelines } from './guidelines.js';

export function extractServices(doc: LetterDoc, evidence: Evidence): Service[] {
  return doc.items.map((item, i) => {
    const key = `services.${i}`;
    evidence[`${key}.request`] = item.request.span;
    evidence[`${key}.decision`] = item.decisionSpan;
    if (item.originalRequest) evidence[`${key}.originalRequest`] = item.originalRequest.span;
    if (item.authorizedPortion) evidence[`${key}.authorizedPortion`] = item.authorizedPortion.span;
    if (item.claimsAdministratorGuideline) evidence[`${key}.claimsAdministratorGuideline`] = item.claimsAdministratorGuideline.span;
    if (item.reviewerGuideline) evidence[`${key}.reviewerGuideline`] = item.reviewerGuideline.span;
    if (item.rationale) evidence[`${key}.rationale`] = item.rationale.span;
    return {
      request: item.request.text,
      decision: item.decision,
      originalRequest: item.originalRequest?.text ?? null,
      authorizedPortion: item.authorizedPortion?.text ?? null,
      category: categorize(item.request.text),
      claimsAdministratorGuideline: item.claimsAdministratorGuideline?.text ?? null,
      reviewerGuideline: item.reviewerGuideline?.text ?? null,
      guidelines: parseGuidelines(item.reviewerGuideline?.text ?? null),
      rationale: item.rationale?.text ?? null,
      span: item.span,
    };
  });
}
