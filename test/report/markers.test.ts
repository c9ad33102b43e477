import { describe, expect, it } from 'vitest';
import { markText, recordSpans, type EvidenceSpan } from '../../src/report/markers.js';
import { allSpans } from '../helpers.js';
import { extractFile } from '../../src/pipeline/index.js';

/** The text of an HTML fragment: tags dropped, entities decoded. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Opening tags with data-key, in document order, as [key, isContinuation]. */
const markers = (html: string) => [...html.matchAll(/<(?:mark|span) [^>]*data-key="([^"]+)"[^>]*>/g)].map((m) => [m[1]!, m[0].includes(' data-cont')] as const);

const value = (key: string, start: number, end: number): EvidenceSpan => ({ key, field: key.replace(/\.\d+/g, ''), start, end, kind: 'value' });
const block = (key: string, start: number, end: number): EvidenceSpan => ({ key, field: key.replace(/\.\d+/g, ''), start, end, kind: 'block' });

describe('recordSpans', () => {
  it('is every evidence entry plus every list item span; items with evidence of their parts are blocks', async () => {
    const { record } = await extractFile('corpus/dwc-header/shoulder-mri-emg.txt');
    const spans = recordSpans(record);
    expect(spans.map((s) => s.key).sort()).toEqual(allSpans(record).map((s) => s.key).sort());
    const kind = (k: string) => spans.find((s) => s.key === k)?.kind;
    expect(kind('services.0')).toBe('block');
    expect(kind('imaging.0')).toBe('block');
    expect(kind('diagnoses.0')).toBe('value');
    expect(kind('services.0.request')).toBe('value');
    expect(spans.find((s) => s.key === 'services.2.request')?.field).toBe('services.request');
  });
});

describe('markText', () => {
  const text = 'Case: CM1\nMRI of the knee: Upheld\nRationale text here.\nEnd';

  it('keeps the text character for character and draws one marker per span when spans nest', () => {
    const end = text.indexOf('\nEnd');
    const spans = [block('services.0', 10, end), value('services.0.request', 10, 25), value('services.0.decision', 27, 33), value('caseNumber', 6, 9)];
    const m = markText(text, spans, [{ name: 'header', start: 0, end: 10 }, { name: 'decisions', start: 10, end: text.length }]);
    expect(textOf(m.html)).toBe(text);
    expect(markers(m.html).map(([k]) => k)).toEqual(['caseNumber', 'services.0', 'services.0.request', 'services.0.decision']);
    expect([...m.fragments.values()]).toEqual([1, 1, 1, 1]);
    expect(m.problems).toEqual([]);
    // The request sits inside the service block, which sits inside its section.
    expect(m.html).toMatch(/<div class="sec" data-section="decisions"[^>]*><span class="ev blk [^"]*blkd[^"]*" data-key="services\.0"[^>]*><mark [^>]*data-key="services\.0\.request"/);
  });

  it('splits the later of two crossing spans into fragments that join to its text', () => {
    const spans = [value('a', 0, 12), value('b', 6, 20)];
    const m = markText(text, spans);
    expect(m.fragments.get('a')).toBe(1);
    expect(m.fragments.get('b')).toBe(2);
    const ms = markers(m.html);
    expect(ms.filter(([, cont]) => !cont).map(([k]) => k)).toEqual(['a', 'b']);
    expect(ms.filter(([, cont]) => cont).map(([k]) => k)).toEqual(['b']);
    expect(textOf(m.html)).toBe(text);
    // b's fragments: the one inside a, then the rest.
    const parts = [...m.html.matchAll(/data-key="b"[^>]*>([^<]*)</g)].map((x) => x[1]);
    expect(parts.join('')).toBe(text.slice(6, 20));
  });

  it('a span crossing a section boundary is split at the boundary', () => {
    const m = markText(text, [value('x', 5, 15)], [{ name: 'one', start: 0, end: 10 }, { name: 'two', start: 10, end: text.length }]);
    expect(m.fragments.get('x')).toBe(2);
    expect(textOf(m.html)).toBe(text);
  });

  it('draws an empty span as an empty marker and clamps spans outside the text, saying so', () => {
    const m = markText('abc', [value('e', 1, 1), value('out', 2, 9)]);
    expect(markers(m.html).map(([k]) => k).sort()).toEqual(['e', 'out']);
    expect(m.html).toContain('class="ev val f-e empty"');
    expect(m.problems).toEqual(['span out [2, 9) lies outside the text (3 characters); drawn as [2, 3)']);
    expect(textOf(m.html)).toBe('abc');
  });

  it('a block on whole lines becomes a block box and the newline after it is not drawn twice', () => {
    const t = 'intro\nITEM one\nrest';
    const m = markText(t, [block('services.0', 6, 14), value('services.0.request', 6, 10)]);
    expect(m.html).toContain('blkd');
    expect(m.html).toContain('<span class="nlb">\n</span>rest');
    expect(textOf(m.html)).toBe(t);
    // Mid-line: stays inline.
    const inline = markText('say ITEM one now', [block('imaging.0', 4, 12), value('imaging.0.bodyRegion', 9, 12)]);
    expect(inline.html).not.toContain('blkd');
  });

  it('a block running on into the next section is drawn as a box in each, the later ones labelled continued', () => {
    const t = 'ISSUE\nItem: Upheld\nSUMMARY\nmore of it\n';
    const m = markText(t, [block('services.0', 6, t.length), value('services.0.request', 6, 10)], [
      { name: 'issue', start: 0, end: 19 },
      { name: 'summary', start: 19, end: t.length },
    ]);
    expect(m.fragments.get('services.0')).toBe(2);
    expect((m.html.match(/class="ev blk f-services blkd"/g) ?? []).length).toBe(2);
    expect(m.html).toContain('data-cont data-label="disputed service 1 (continued)"');
    expect(textOf(m.html)).toBe(t);
  });

  it('escapes the letter text', () => {
    const m = markText('a <b> & "c"', [value('k', 2, 5)]);
    expect(m.html).toContain('&lt;b&gt;');
    expect(textOf(m.html)).toBe('a <b> & "c"');
  });
});
