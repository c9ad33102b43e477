/**
 * Headless Debian chromium driven by playwright-core (no browser download: `.ci/run` installs the
 * `chromium` package). Every launch gets a fresh user-data-dir, removed on close.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.IMR_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumAvailable = (): boolean => existsSync(CHROMIUM);

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots and pages made by the browser tests (git-ignored). */
export const OUTPUT_DIR = path.resolve(import.meta.dirname, '..', '..', 'test-output');

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launch(viewport = { width: 1400, height: 900 }): Promise<Browser> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'imr-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** What went wrong on a page: console errors, uncaught exceptions, and any request that is not a local file. */
export interface PageLog {
  errors: string[];
  requests: string[];
}

/** Opens a local HTML file in a new page, recording errors and requests from the first byte. */
export async function openFile(browser: Browser, file: string): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.context.newPage();
  const log: PageLog = { errors: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') log.errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) log.requests.push(r.url());
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, log };
}
