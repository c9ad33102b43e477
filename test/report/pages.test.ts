import { describe, expect, it } from 'vitest';
import { extractFile } from '../../src/pipeline/index.js';
import { esc, jsonForScript } from '../../src/report/html.js';
import { renderViewer } from '../../src/report/viewer.js';
import { renderEvalReport } from '../../src/report/eval-page.js';
import { renderStatsPage } from '../../src/report/stats-page.js';
import { pageName } from '../../src/report/write-eval.js';
import { evaluateTargets } from '../../src/eval/run.js';
import type { LetterTarget } from '../../src/eval/gold.js';
import type { GoldRecord } from '../../src/record/gold.js';
import { statsSections, type Stats } from '../../src/store/stats.js';
import { allSpans } from '../helpers.js';
import { goldWithMedications } from '../helpers.js';

/** No page may load anything: no src/href/url() pointing outside the page. */
function expectSelfContained(html: string) {
  expect(html).toContain('Content-Security-Policy');
  expect(html).not.toMatch(/\s(?:src|href)="(?!#)[a-z]+:/i);
  expect(html).not.toMatch(/url\((?!#)/);
  expect(html).not.toMatch(/<link\b/);
}

describe('html helpers', () => {
  it('escapes text and keeps JSON from closing its script element', () => {
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const json = jsonForScript({ v: '</script><script>alert(1)</script>\u2028' });
    expect(json).not.toContain('</script');
    expect(JSON.parse(json)).toEqual({ v: '</script><script>alert(1)</script>\u2028' });
  });
});

describe('renderViewer', () => {
  it('one marker per span of the record, the record values as buttons, warnings at the top', async () => {
    const { record, text } = await extractFile('corpus/dwc-prose/lumbar-esi-chiro.txt');
    const html = renderViewer({ record: { ...record, warnings: ['a test warning <b>'] }, text });
    expectSelfContained(html);
    const markers = [...html.matchAll(/<(?:mark|span) [^>]*data-key="([^"]+)"(?![^>]*data-cont)[^>]*>/g)].map((m) => m[1]);
    expect(markers.sort()).toEqual(allSpans(record).map((s) => s.key).sort());
    expect(html).toContain('a test warning &lt;b&gt;');
    expect(html.indexOf('id="warnings"')).toBeLessThan(html.indexOf('id="letter"'));
    for (const key of ['caseNumber', 'services.0.request', 'diagnoses.0']) {
      if (allSpans(record).some((s) => s.key === key)) expect(html).toContain(`data-target="${key}"`);
    }
  });

  it('shows gold beside the prediction and marks the differences', async () => {
    const { record, text } = await extractFile('corpus/dwc-header/shoulder-mri-emg.txt');
    const gold: GoldRecord = {
      format: record.format,
      caseNumber: 'CM16-0000000',
      dates: record.dates,
      priority: record.priority,
      reviewer: record.reviewer,
      patient: record.patient,
      injury: record.injury,
      diagnoses: [{ text: 'an unseen diagnosis' }],
      imaging: [],
      medications: record.medications,
      services: record.services.map((s) => ({ request: s.request, decision: s.decision, originalRequest: s.originalRequest, authorizedPortion: s.authorizedPortion, category: s.category })),
    };
    const html = renderViewer({ record, text, gold, issues: [{ field: 'caseNumber', kind: 'wrong', gold: 'CM16-0000000', pred: record.caseNumber }] });
    expect(html).toContain('Prediction and gold');
    expect(html).toMatch(/<tr class="st-wrong"><th scope="row">case number/);
    expect(html).toMatch(/<div class="block st-miss"><div class="block-title"><span class="item">gold diagnosis 1: an unseen diagnosis<\/span> <span class="badge b-miss">missed/);
    expect(html).toMatch(/<div class="block st-spurious">/); // the predicted diagnoses the gold does not list
    expect(html).toContain('Evaluation against gold: 0 missed, 0 spurious, 1 wrong, 0 lenient');
  });

  it('renders a letter without a record (extraction failed) and without text', () => {
    const html = renderViewer({ record: null, text: 'Some letter', notes: ['extraction failed: boom'] });
    expect(html).toContain('extraction failed: boom');
    expect(html).toContain('Some letter');
    expect(renderViewer({ record: null, text: null })).toContain('The letter text is not available.');
  });
});

const gold: GoldRecord = goldWithMedications(['Norco']);
const target = (id: string): LetterTarget => ({ id, goldFile: `annotations/${id}.json`, kind: 'corpus', set: 'corpus', letterPath: `/x/${id}.txt`, sha256: '0'.repeat(64), variant: false, gold });

describe('renderEvalReport', () => {
  it('draws the figures as bars and links each differing letter to its viewer page', async () => {
    const report = await evaluateTargets('pred', [target('corpus/a'), target('corpus/b')], (t) =>
      t.id === 'corpus/a' ? { record: { ...gold, medications: ['Norco', 'Soma'] } } : { record: gold },
    );
    const html = renderEvalReport(report, { viewerHref: (id) => (id === 'corpus/a' ? 'report_files/corpus_a.html' : undefined) });
    expectSelfContained(html.replace(/href="report_files\//g, 'href="#'));
    expect(html).toContain('<svg class="chart"');
    // Only caseNumber and medications have anything to score: P, R and F1 bars for each.
    expect((html.match(/class="bar strict"/g) ?? []).length).toBe(6);
    expect(html).toContain('href="report_files/corpus_a.html"');
    expect(html).toContain('Soma');
    expect(html).not.toContain('id="doc-corpus-b"');
    expect(html).toContain('1 of 2 letter file(s) differ from the gold');
  });

  it('names viewer pages after the document id, variants by their extension', () => {
    expect(pageName('real/CM16-0219557')).toBe('real_CM16-0219557');
    expect(pageName('corpus/dwc-header/x @ corpus/dwc-header/x.pdf')).toBe('corpus_dwc-header_x.pdf');
  });
});

describe('renderStatsPage', () => {
  const result = (columns: string[], rows: unknown[][], types = columns.map(() => 'VARCHAR')) => ({ columns, types, rows });
  const sections = Object.fromEntries(statsSections().map((x) => [x.key, x]));
  const stats: Stats = {
    overview: { title: 'Overall', section: sections.overview!, result: result(['letters', 'services', 'upheld_rate'], [[3, 7, 0.5714]], ['BIGINT', 'BIGINT', 'DOUBLE']) },
    ratesByCategory: {
      title: 'Outcome by type of service',
      section: sections.ratesByCategory!,
      result: result(['category', 'services', 'upheld', 'overturned', 'upheld_rate', 'overturned_rate'], [['pharmacy', 4, 3, 1, 0.75, 0.25], ['imaging', 3, 1, 2, 0.3333, 0.6667]]),
    },
    topGuidelines: { title: 'Top cited guideline topics', section: sections.topGuidelines!, result: result(['guideline', 'citations', 'letters'], [['MTUS · chronic pain medical treatment', 5, 3]]) },
    failures: { title: 'Failures by code', section: sections.failures!, result: result(['code', 'files'], []) },
    somethingNew: { title: 'A new question', section: { key: 'somethingNew', title: 'A new question', sql: '', chart: 'table' }, result: result(['a', 'b'], [['x <y>', 1]]) },
  };

  it('charts the known questions, tables the rest', () => {
    const html = renderStatsPage(stats);
    expectSelfContained(html);
    const section = (key: string) => html.slice(html.indexOf(`data-section="${key}"`), html.indexOf('</section>', html.indexOf(`data-section="${key}"`)));
    expect(section('ratesByCategory')).toContain('<svg class="chart"');
    expect(section('ratesByCategory')).toContain('75.0% upheld · n=4');
    expect(section('topGuidelines')).toContain('MTUS · chronic pain medical treatment');
    expect(section('failures')).toContain('No rows.');
    expect(section('somethingNew')).toContain('x &lt;y&gt;');
    expect(section('somethingNew')).not.toContain('<svg');
    expect(section('overview')).toContain('letters');
    expect(section('overview')).toContain('57.1%'); // rates shown as percentages
  });
});
