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
    : text.split(NEXT_SOURCE);
  return statements.flatMap(parseStatement).map((c) => ({ ...c, topic: topicOf(c) }));
}

/**
 * Older notices cite without `Decision based on`: `Chronic Pain Medical Treatment Guidelines
 * (2009), Opioids, pages 74-96, which are part of the MTUS, and Official Disability Guidelines
 * (ODG), Pain Chapter, Compound drugs.` A new citation starts where `, and`, `;` or a sentence end
 * is followed by a guideline's name; `which is part of the MTUS` makes the citation before it an
 * MTUS one.
 */
const CITATION_START = String.raw`(?=Official\s+Disability\s+Guidelines\b|ODG\s*,|ACOEM\s+(?:Practice|Occupational)\b)`;
const NEXT_SOURCE = new RegExp(String.raw`,?\s+and\s+${CITATION_START}|;\s*${CITATION_START}|\.\s+(?=MTUS\s|Official\s+Disability\s+Guidelines\b|ACOEM\s)`, 'i');
const PART_OF_MTUS = /,?\s*which\s+(?:is|are)\s+(?:a\s+)?part\s+of\s+the\s+MTUS\b.*$/i;

const DROP_WORDS = new RegExp(`\\b(?:${guidelineTopics.dropWords.join('|')})\\b`, 'g');
/** The known chapters, longest first: a title that starts with one is that chapter. */
const CHAPTERS = [...guidelineTopics.chapters].sort((a, b) => b.length - a.length);
const ALIASES = guidelineTopics.aliases as Readonly<Record<string, string>>;
/** Each chapter as printed: its words with commas and `&` between them, at the start of a text or anywhere. */
const CHAPTER_PATTERNS = CHAPTERS.map((chapter) => {
  const words = chapter.split(/\s+/).map((w) => (w === 'and' ? '(?:and|&)' : w.replace(/[/]/g, '\\/'))).join('[\\s,]+');
  return { atStart: new RegExp(`^${words}(?![a-z])`, 'i'), within: new RegExp(`(?<![a-z])${words}(?:\\s+chapter)?(?![a-z])`, 'i') };
});

/**
 * The guideline's chapter or topic (record version 2): from the title, lower case, `&` as `and`,
 * without parenthetical parts, years, editions, pages, section references, chapter numbers or the
 * vocabulary's drop words (`chapter`, `complaints`, ...), a subtitle after a dash cut, commas
 * dropped; a title that starts with a known chapter is that chapter, and spellings of one chapter
 * take one name (vocab/guideline-topics.json). A citation of another source (a web page, an
 * article) has no guideline topic.
 */
export function topicOf(c: Citation): string | null {
  if (c.source === 'other' || !c.title) return null;
  const cleaned = c.title
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\(.*$/, ' ')
    .replace(/\s+[-–—]\s+.*$/, '')
    .replace(/\b(?:19|20)\d{2}\b/g, ' ')
    .replace(/\b\d+(?:st|nd|rd|th)\s+ed(?:ition)?\.?/g, ' ')
    .replace(/\bpages?\b[\s\d,.-]*|\bpg\.?[\s\d,.-]*|\bp\.\s*[\d,.-]+/g, ' ')
    .replace(/\bchapter\s+\d+\b/g, ' ')
    .replace(DROP_WORDS, ' ')
    .replace(/,/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s:;.\/-]+|[\s:;.\/-]+$/g, '')
    .trim();
  if (!cleaned) return null;
  const chapter = CHAPTERS.find((k) => cleaned === k || cleaned.startsWith(`${k} `) || cleaned.startsWith(`${k}/`));
  const topic = chapter ?? cleaned;
  return ALIASES[topic] ?? topic;
}

function clean(s: string): string {
  return s.replace(/^[\s,;:.-]+|[\s,;:]+$/g, '').replace(/\.$/, '').trim();
}

/**
 * A known chapter's name at the start of `text`, printed with its commas and `&` (`Forearm, Wrist,
 * and Hand`): where the title ends, so that its own commas do not cut it.
 */
function chapterEnd(text: string): number {
  for (const { atStart } of CHAPTER_PATTERNS) {
    const m = atStart.exec(text);
    if (m) return m[0].length;
  }
  return 0;
}

/** A known chapter's name anywhere in `text` (with a `chapter` word after it), or null. */
function chapterWithin(text: string): { start: number; end: number } | null {
  for (const { within } of CHAPTER_PATTERNS) {
    const m = within.exec(text);
    if (m) return { start: m.index, end: m.index + m[0].length };
  }
  return null;
}

/**
 * `title, section` split at the first comma or slash after the title's own name. When the
 * citation names a known chapter after its subject (`MRI Elbow`, `physical therapy, elbow
 * chapter`), the chapter is the title and the rest the section, as annotations/README.md reads ODG.
 */
function titleAndSection(rest: string): { title: string | null; section: string | null } {
  const from = chapterEnd(rest);
  if (from === 0 && !rest.includes('/')) {
    const inside = chapterWithin(rest);
    if (inside && inside.start > 0) {
      const section = clean(`${rest.slice(0, inside.start)} ${rest.slice(inside.end)}`.replace(/\s*,\s*$/, ''));
      return { title: clean(rest.slice(inside.start, inside.end)), section: section || null };
    }
  }
  const cut = rest.slice(from).search(/[,/]/);
  const at = cut === -1 ? -1 : from + cut;
  const title = clean(at === -1 ? rest : rest.slice(0, at));
  const section = at === -1 ? null : clean(rest.slice(at + 1).replace(/,?\s*pages?\s*\d[\d\s,-]*$/i, ''));
  return { title: title || null, section: section || null };
}

function parseStatement(raw: string): Citation[] {
  let s = raw.trim().replace(/\.\s*$/, '');
  s = s.replace(/^Non-MTUS\s+Citation\s*:?\s*/i, 'NONMTUS ').replace(/^Other\s+Medical\s+Treatment\s+Guidelines?\s*:?\s*/i, 'NONMTUS ');
  const partOfMtus = PART_OF_MTUS.test(s);
  s = s.replace(PART_OF_MTUS, '');
  if (/ACOEM/i.test(s)) return [acoem(s)];
  if (partOfMtus && !/^MTUS\b/i.test(s) && !/\bODG\b|Official\s+Disability\s+Guidelines/i.test(s)) {
    // `Chronic Pain Medical Treatment Guidelines (2009), Opioids, dosing, page 86`: the document, then what of it
    // (an MTUS title carries no comma; ACOEM's chapters, which do, are read above).
    const comma = s.indexOf(',');
    const title = clean(comma === -1 ? s : s.slice(0, comma));
    const section = comma === -1 ? null : clean(s.slice(comma + 1)) || null;
    return title ? [{ source: 'MTUS', title, section }] : [];
  }
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
    // The citation ends at its sentence's end: a reason may follow (`... MR arthrography. The MTUS addresses ...`).
    const cited = body.replace(/^.*?(?:Official\s+Disability\s+Guidelines\s*(?:\(ODG\))?|\bODG\b)(?:\s+guidelines?)?\s*,?\s*/i, '');
    return [{ source: 'ODG', ...titleAndSection(clean(cited.split(/\.\s+(?=[A-Z])/)[0]!)) }];
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
  // `Chapter 11 Forearm, Wrist, and Hand Complaints`: a numbered chapter is the title, its own commas included.
  const chapter = /Chapter\s+\d+\s+.*?(?:Complaints|Disorders|Conditions)\b/i.exec(after);
  if (chapter) {
    const section = clean(after.slice(chapter.index + chapter[0].length));
    return { source: 'ACOEM', title: clean(chapter[0]), section: section || null };
  }
  const parts = after.split(/,\s*/).map(clean).filter((p) => p && !/Practice\s+Guidelines|^\d+(?:st|nd|rd|th)\s+ed/i.test(p));
  // A 2004 chapter's name may hold commas (`Chapter 11 Forearm, Wrist, and Hand Complaints`): it runs to `Complaints`.
  let titleParts = 1;
  if (/^Chapter\s+\d+/i.test(parts[0] ?? '')) {
    const end = parts.findIndex((p) => /\bComplaints$/i.test(p));
    if (end > 0 && !parts.slice(1, end + 1).some((p) => /^(?:pages?|Page\(s\)|p\.)?\s*\d/i.test(p))) titleParts = end + 1;
  }
  return { source: 'ACOEM', title: parts.slice(0, titleParts).join(', ') || null, section: parts.slice(titleParts).join(', ') || null };
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
