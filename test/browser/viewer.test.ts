/**
 * The letter viewer in headless chromium: every corpus letter (text and PDF) loads with no console
 * error and no request, draws one highlight per span, and (for one letter per format) every
 * record value scrolls its evidence into view when clicked. A real letter from ../shared/corpus
 * is checked too when it is there; its page and screenshot stay in test-output/ (git-ignored).
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, SHARED_CORPUS, sharedCorpusAvailable } from '../paths.js';
import { extractFile } from '../../src/pipeline/index.js';
import { renderViewer } from '../../src/report/viewer.js';
import { chromiumAvailable, launch, openFile, OUTPUT_DIR, type Browser } from './browser.js';
import { expectClicksReveal, expectEverySpanReachable, expectHighlightsMatchSpans, expectHoverShowsField } from './checks.js';

function listLetters(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(txt|pdf)$/i.test(e)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

const corpus = listLetters(path.join(REPO_ROOT, 'corpus')).map((p) => path.relative(REPO_ROOT, p));
/** One letter per corpus folder, as text, plus the PDF of the first: clicked value by value. */
const clickAll = new Set<string>();
for (const p of corpus) {
  const folder = path.dirname(p);
  if (p.endsWith('.txt') && ![...clickAll].some((c) => path.dirname(c) === folder)) clickAll.add(p);
}
const firstPdf = corpus.find((p) => p.endsWith('.pdf'));
if (firstPdf) clickAll.add(firstPdf);

const outDir = path.join(OUTPUT_DIR, 'viewer');
const shotName = (letter: string) => letter.replace(/^corpus[\\/]/, '').replace(/[\\/]/g, '__');

if (!chromiumAvailable()) console.warn('browser tests skipped: no chromium at /usr/bin/chromium (apt-get install chromium; .ci/run installs it)');

describe.skipIf(!chromiumAvailable())('imr show pages in chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    browser = await launch();
  }, 60_000);
  afterAll(async () => browser?.close());

  it('there are corpus letters in every format to look at', () => {
    expect(corpus.length).toBeGreaterThan(20);
    expect(clickAll.size).toBeGreaterThanOrEqual(6);
  });

  it.each(corpus)('%s', async (letter) => {
    const { record, text } = await extractFile(path.join(REPO_ROOT, letter));
    const file = path.join(outDir, `${shotName(letter)}.html`);
    writeFileSync(file, renderViewer({ record, text }));
    const { page, log } = await openFile(browser, file);
    try {
      await page.screenshot({ path: file.replace(/\.html$/, '.png') });
      const spans = await expectHighlightsMatchSpans(page, record, text);
      expect(spans).toBeGreaterThan(5);
      await expectEverySpanReachable(page, record);
      await expect.poll(() => page.locator('#warnings').isVisible()).toBe(true);
      if (clickAll.has(letter)) {
        await expectHoverShowsField(page);
        expect(await expectClicksReveal(page)).toBe(await page.locator('.pane-record button.go[data-target]').count());
        await page.evaluate(() => document.querySelector('.pane-letter')!.scrollTo(0, 0));
        await page.evaluate(() => document.querySelector('.pane-record')!.scrollTo(0, 0));
        // The page after clicking the last service's request in the record: its evidence flashes.
        const request = page.locator('.pane-record button.go[data-target^="services."][data-target$=".request"]').last();
        if ((await request.count()) > 0) await request.click();
        await page.screenshot({ path: file.replace(/\.html$/, '.clicked.png') });
      } else {
        await expectClicksReveal(page, 4);
      }
      expect(log.errors).toEqual([]);
      expect(log.requests).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  const shared = sharedCorpusAvailable('viewer pages of real letters') ? listLetters(SHARED_CORPUS).filter((p) => p.endsWith('.pdf')) : [];
  it.skipIf(shared.length === 0)('a real letter from the shared corpus (page kept out of git in test-output/real/)', async () => {
    const letter = shared[0]!;
    const { record, text } = await extractFile(letter);
    const dir = path.join(OUTPUT_DIR, 'real');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${path.basename(letter).replace(/\.pdf$/i, '')}.html`);
    writeFileSync(file, renderViewer({ record, text }));
    const { page, log } = await openFile(browser, file);
    try {
      await page.screenshot({ path: file.replace(/\.html$/, '.png') });
      await expectHighlightsMatchSpans(page, record, text);
      await expectEverySpanReachable(page, record);
      await expectHoverShowsField(page);
      await expectClicksReveal(page);
      expect(log.errors).toEqual([]);
      expect(log.requests).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});
