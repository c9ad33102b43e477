/** Service category from the request text: ordered rules (vocab/service-categories.json), first match wins. */
import type { ServiceCategory } from '../../record/schema.js';
import { serviceCategories as rules } from '../../vocab/index.js';
import { findDrugNames } from './drug-lexicon.js';

const PREFIXES = rules.stripPrefixes.map((p) => new RegExp(p, 'i'));
/** Each rule's patterns as one alternation: one test per rule, not one per pattern (335 patterns in all). */
const RULES = rules.rules.map((r) => ({ category: r.category as ServiceCategory, re: new RegExp(r.patterns.map((p) => `(?:${p})`).join('|'), 'i') }));

export function categorize(request: string): ServiceCategory {
  let text = request.replace(/\s+/g, ' ').trim();
  for (const re of PREFIXES) text = text.replace(re, '');
  for (const rule of RULES) {
    if (rule.category === 'pharmacy' && namesDrug(text)) return 'pharmacy';
    if (rule.re.test(text)) return rule.category;
  }
  return 'other';
}

/** Whether a request names a drug of the shared lexicon (a diagnostic agent such as contrast does not make it pharmacy). */
function namesDrug(text: string): boolean {
  return findDrugNames(text).some((m) => !m.entry.diagnostic);
}
