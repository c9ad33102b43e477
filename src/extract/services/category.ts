/**
 * Service category from the request text (vocab/service-categories.json). A therapy request
 * that names its components (`Acupuncture with electrical stimulation`, `Physical therapy with
 * biofeedback`) is the therapy named first; otherwise ordered rules, first match wins.
 */
import type { ServiceCategory } from '../../record/schema.js';
import { serviceCategories as rules } from '../../vocab/index.js';
import { findDrugNames } from './drug-lexicon.js';

const PREFIXES = rules.stripPrefixes.map((p) => new RegExp(p, 'i'));
const anyOf = (patterns: readonly string[]) => new RegExp(patterns.map((p) => `(?:${p})`).join('|'), 'i');
/** Each rule's patterns as one alternation: one test per rule, not one per pattern (335 patterns in all). */
const RULES = rules.rules.map((r) => ({ category: r.category as ServiceCategory, re: anyOf(r.patterns) }));
const DISCIPLINES = rules.therapyRequests.disciplines.map((d) => ({ category: d.category as ServiceCategory, re: anyOf(d.patterns) }));
const COMPONENT = anyOf(rules.therapyRequests.components);

export function categorize(request: string): ServiceCategory {
  let text = request.replace(/\s+/g, ' ').trim();
  for (const re of PREFIXES) text = text.replace(re, '');
  const therapy = therapyWithComponents(text);
  if (therapy) return therapy;
  for (const rule of RULES) {
    if (rule.category === 'pharmacy' && namesDrug(text)) return 'pharmacy';
    if (rule.re.test(text)) return rule.category;
  }
  return 'other';
}

/** The therapy a request names first, when it also names a component of therapy; else null. */
function therapyWithComponents(text: string): ServiceCategory | null {
  if (!COMPONENT.test(text)) return null;
  let first: { category: ServiceCategory; at: number } | null = null;
  for (const d of DISCIPLINES) {
    const m = d.re.exec(text);
    if (m && (!first || m.index < first.at)) first = { category: d.category, at: m.index };
  }
  return first?.category ?? null;
}

/** Whether a request names a drug of the shared lexicon (a diagnostic agent such as contrast does not make it pharmacy). */
function namesDrug(text: string): boolean {
  return findDrugNames(text).some((m) => !m.entry.diagnostic);
}
