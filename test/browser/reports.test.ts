/**
 * `imr eval --html` and `imr stats --html` pages in headless chromium, built from our own corpus:
 * they load with no console error and no request, draw their charts, and every letter the
 * evaluation lists links to a viewer page that shows gold beside the prediction, with one
 * highlight per span and clicks that reveal the evidence. Screenshots go to test-output/.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LETTER_ROOTS, REPO_ROOT } from '../paths.js';
import { loadGold, resolveTargets } from '../../src/eval/gold.js';
import { evaluateTargets, extractorPredictor, type EvalReport } from '../../src/eval/run.js';
import { extractFile } from '../../src/pipeline/index.js';
import type { ImrRecord } from '../../src/record/schema.js';
import { renderStatsPage } from '../../src/report/stats-page.js';
import { writeEvalHtml, type EvalHtmlResult } from '../../src/report/write-eval.js';
import { computeStats } from '../../src/store/stats.js';
import { Store } from '../../src/store/store.js';
import { letterRowSet } from '../../src/store/rows.js';
import { chromiumAvailable, launch, openFile, OUTPUT_DIR, type Browser } from './browser.js';
import { expectClicksReveal, expectHighlightsMatchSpans } from './checks.js';

describe.skipIf(!chromiumAvailable())('report pages in chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  }, 60_000);
  afterAll(async () => browser?.close());

  describe('imr eval --html', () => {
    const annotations = path.join(REPO_ROOT, 'annotations');
    const out = path.join(OUTPUT_DIR, 'eval', 'report.html');
    let report: EvalReport;
    let written: EvalHtmlResult;
    const targetsById = new Map<string, string>();

    beforeAll(async () => {
      rmSync(path.dirname(out), { recursive: true, force: true });
      const { entries } = loadGold(annotations);
      const { targets, problems } = resolveTargets(entries.filter((e) => e.kind === 'corpus'), LETTER_ROOTS);
      for (const t of targets) targetsById.set(t.id, t.letterPath);
      report = await evaluateTargets('extract', targets, extractorPredictor(extractFile), problems);
      written = writeEvalHtml(report, out);
    }, 120_000);

    it('the report page loads clean, draws the bars, and links every differing letter to an existing viewer page', async () => {
      const { page, log } = await openFile(browser, out);
      try {
        await page.screenshot({ path: path.join(OUTPUT_DIR, 'eval', 'report.png') });
        await page.screenshot({ path: path.join(OUTPUT_DIR, 'eval', 'report-full.png'), fullPage: true });
        expect(await page.locator('svg.chart').count()).toBeGreaterThanOrEqual(2 * report.groups.length);
        expect(await page.locator('svg.chart rect.bar.strict').count()).toBeGreaterThan(0);
        const differing = report.documents.filter((d) => d.issues.length > 0 || d.note);
        expect(differing.length).toBeGreaterThan(0);
        expect(written.pages.size).toBe(differing.length);
        const links = await page.$$eval('.doc h3 a', (as) => as.map((a) => (a as HTMLAnchorElement).href));
        expect(links).toHaveLength(differing.length);
        for (const href of links) expect(existsSync(fileURLToPath(href)), href).toBe(true);
        // The filter shows only the letters with a kind of difference.
        await page.click('.filters button[data-kind="spurious"]');
        const shown = await page.locator('.doc:not([hidden])').count();
        expect(shown).toBe(differing.filter((d) => d.issues.some((i) => i.kind === 'spurious')).length);
        expect(log.errors).toEqual([]);
        expect(log.requests).toEqual([]);
      } finally {
        await page.close();
      }
    });

    it('each viewer page shows gold beside the prediction, one highlight per span, and clicks reveal the evidence', async () => {
      const differing = report.documents.filter((d) => d.issues.length > 0 || d.note);
      let first = true;
      for (const doc of differing) {
        const file = path.join(path.dirname(out), decodeURIComponent(written.pages.get(doc.id)!));
        const { page, log } = await openFile(browser, file);
        try {
          if (first) await page.screenshot({ path: path.join(OUTPUT_DIR, 'eval', 'viewer.png') });
          expect(await page.locator('table.rec.sbs').count()).toBeGreaterThan(0);
          expect(await page.locator('.evalbox li').count()).toBe(doc.issues.length);
          const { record, text } = await extractFile(targetsById.get(doc.id)!);
          await expectHighlightsMatchSpans(page, record as ImrRecord, text);
          await expectClicksReveal(page, 3);
          // The way back to the report.
          const back = await page.locator('.back a').getAttribute('href');
          expect(back).toMatch(/^\.\.\/report\.html#doc-/);
          expect(log.errors).toEqual([]);
          expect(log.requests).toEqual([]);
        } finally {
          await page.close();
        }
        first = false;
      }
    }, 180_000);

    it('clicking a letter in the report opens its viewer page', async () => {
      const { page, log } = await openFile(browser, out);
      try {
        await Promise.all([page.waitForEvent('load'), page.locator('.doc h3 a').first().click()]);
        expect(page.url()).toContain('report_files/');
        expect(await page.locator('#letter [data-key]').count()).toBeGreaterThan(0);
        expect(log.errors).toEqual([]);
      } finally {
        await page.close();
      }
    });
  });

  describe('imr stats --html', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'imr-stats-html-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('the analyst questions as charts, from a store of our corpus letters', async () => {
      const letters: string[] = [];
      const walk = (d: string) => {
        for (const e of readdirSync(d).sort()) {
          const p = path.join(d, e);
          if (statSync(p).isDirectory()) walk(p);
          else if (e.endsWith('.txt')) letters.push(p);
        }
      };
      walk(path.join(REPO_ROOT, 'corpus'));
      const records: ImrRecord[] = [];
      for (const l of letters) records.push((await extractFile(l)).record);
      const store = await Store.open(path.join(dir, 'corpus.duckdb'));
      let html: string;
      try {
        await store.write({ letters: records.map((r) => letterRowSet(r)), files: [], failures: [] });
        html = renderStatsPage(await computeStats(store, { top: 10 }), { subtitle: `${records.length} corpus letters` });
      } finally {
        store.close();
      }
      const file = path.join(OUTPUT_DIR, 'stats', 'stats.html');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, html);
      const { page, log } = await openFile(browser, file);
      try {
        await page.screenshot({ path: path.join(OUTPUT_DIR, 'stats', 'stats.png') });
        await page.screenshot({ path: path.join(OUTPUT_DIR, 'stats', 'stats-full.png'), fullPage: true });
        for (const key of ['ratesByCategory', 'ratesBySpecialty', 'ratesByYear', 'topRequests', 'topGuidelines']) {
          const bars = await page.locator(`[data-section="${key}"] svg.chart rect.bar`).count();
          expect(bars, key).toBeGreaterThan(0);
        }
        // Every service is in the category chart: upheld + overturned bars add up to the store's count.
        const services = records.reduce((n, r) => n + r.services.length, 0);
        const titles = await page.$$eval('[data-section="ratesByCategory"] g.bar-row > title', (ts) => ts.map((t) => t.textContent ?? ''));
        const total = titles.reduce((n, t) => n + Number(/of (\d+)/.exec(t)?.[1] ?? 0), 0);
        expect(total).toBe(services);
        expect(log.errors).toEqual([]);
        expect(log.requests).toEqual([]);
      } finally {
        await page.close();
      }
    }, 120_000);
  });
});
