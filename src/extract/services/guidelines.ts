/**
 * Guideline citations parsed from the reviewer's guideline text, one per cited document
 * (annotations/README.md): `MTUS <Title>, Section(s): <Section>`; anything naming ACOEM;
 * ODG topic and subject; anything else as `other`.
 */
import type { GuidelineCitation } from '../../record/schema.js';
import { guidelineTopics } from '../../vocab/index.js';

/** A citation as parsed, before its topic is read from its title. */
type Citation = Omit<GuidelineCitation, 'topic'>;

const STATEMENT = /Decision\s+based\s+on\s+/gi;
const NO_CITATION = /did\s+not\s+cite|no\s+(?:medical\s+)?evidence\s+(?:was\s+)?cited/i;

export function parseGuidelines(reviewerGuideline: string | null): GuidelineCitation[] {
  if (!reviewerGuideline || NO_CITATION.test(reviewerGuideline)) return [];
  const text = reviewerGuideline.replace(/\s+/g, ' ').trim();
  const starts = [...text.matchAll(STATEMENT)].map((m) => m.index + m[0].length);
  const statements = starts.length
    ? starts.map((s, i) => text.slice(s, i + 1 < starts.length ? text.lastIndexOf('Decision', starts[i + 1]! - 1) : text.length))
    : [text];
  return statements.flatMap(parseStatement).map((c) => ({ ...c, topic: topicOf(c) }));
}

const DROP_WORDS = new RegExp(`\\b(?:${guidelineTopics.dropWords.join('|')})\\b`, 'g');

/**
 * The guideline's chapter or topic (record version 2): from the title, lower case, `&` as `and`,
 * without parenthetical parts, years, editions, pages, section references, chapter numbers or the
 * vocabulary's drop words (`chapter`, `complaints`, ...), an ODG subtitle after ` - ` cut, commas
 * dropped; spellings of one chapter take one name (vocab/guideline-topics.json). A citation of
 * another source (a web page, an article) has no guideline topic.
 */
export function topicOf(c: Citation): string | null {
  if (c.source === 'other' || !c.title) return null;
  const topic = c.title
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s+-\s+.*$/, '')
    .replace(/\b(?:19|20)\d{2}\b/g, ' ')
    .replace(/\b\d+(?:st|nd|rd|th)\s+ed(?:ition)?\.?/g, ' ')
    .replace(/\bpages?\b[\s\d,.-]*|\bpg\.?[\s\d,.-]*|\bp\.\s*[\d,.-]+/g, ' ')
    .replace(/\bchapter\s+\d+\b/g, ' ')
    .replace(DROP_WORDS, ' ')
    .replace(/,/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s:;.-]+|[\s:;.-]+$/g, '')
    .trim();
  if (!topic) return null;
  return (guidelineTopics.aliases as Record<string, string>)[topic] ?? topic;
}

function clean(s: string): string {
  return s.replace(/^[\s,;:.-]+|[\s,;:]+$/g, '').replace(/\.$/, '').trim();
}

function parseStatement(raw: string): Citation[] {
  let s = raw.trim().replace(/\.\s*$/, '');
  s = s.replace(/^Non-MTUS\s+Citation\s*:?\s*/i, 'NONMTUS ').replace(/^Other\s+Medical\s+Treatment\s+Guidelines?\s*:?\s*/i, 'NONMTUS ');
  if (/ACOEM/i.test(s)) return [acoem(s)];
  if (/^MTUS\b/i.test(s)) {
    return splitMtusTitles(s.replace(/^MTUS\s+/i, ''))
      .map((part) => {
        const [title, section] = part.split(/,?\s*Section\(s\)\s*:\s*/i);
        return { source: 'MTUS' as const, title: clean(title ?? '') || null, section: section ? clean(section) || null : null };
      })
      .filter((c) => c.title);
  }
  const body = s.replace(/^NONMTUS\s+/, '');
  if (/\bODG\b|Official\s+Disability\s+Guidelines/i.test(body)) {
    const rest = clean(body.replace(/^.*?(?:Official\s+Disability\s+Guidelines\s*(?:\(ODG\))?|\bODG\b)(?:\s+guidelines?)?\s*,?\s*/i, ''));
    const cut = rest.search(/[,/]/);
    const title = clean(cut === -1 ? rest : rest.slice(0, cut));
    const section = cut === -1 ? null : clean(rest.slice(cut + 1).replace(/,?\s*pages?\s*\d[\d\s,-]*$/i, ''));
    return [{ source: 'ODG', title: title || null, section: section || null }];
  }
  if (!body) return [];
  const url = /https?:\/?\/?\S+/i.exec(body);
  const title = url ? url[0].replace(/[.,;]$/, '') : clean(body.split(/\.\s/)[0] ?? body);
  return title ? [{ source: 'other', title, section: null }] : [];
}

function acoem(s: string): Citation {
  const mtus = /MTUS\s+ACOEM\s+(.*?)(?:,?\s*(Page\(s\)\s*:?.*|Section\(s\)\s*:.*))?$/i.exec(s);
  if (mtus) {
    return { source: 'ACOEM', title: clean(mtus[1] ?? '') || null, section: mtus[2] ? clean(mtus[2].replace(/^Section\(s\)\s*:\s*/i, '')) : null };
  }
  const after = s.replace(/^.*?ACOEM\s*/i, '');
  const parts = after.split(/,\s*/).map(clean).filter((p) => p && !/Practice\s+Guidelines|^\d+(?:st|nd|rd|th)\s+ed/i.test(p));
  return { source: 'ACOEM', title: parts[0] ?? null, section: parts.slice(1).join(', ') || null };
}

/** `A 2004, Section(s): X, and B 2016, Section(s): Y` → two parts; `Forearm, Wrist, and Hand Complaints 2004` stays one. */
function splitMtusTitles(s: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (const m of s.matchAll(/,\s*and\s+(?=[A-Z])/g)) {
    if (/\b(?:19|20)\d{2}\b/.test(s.slice(from, m.index))) {
      parts.push(s.slice(from, m.index));
      from = m.index + m[0].length;
    }
  }
  parts.push(s.slice(from));
  return parts;
}
