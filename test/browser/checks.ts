/** Checks every viewer page must pass in the browser (used by the viewer and evaluation tests). */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { ImrRecord } from '../../src/record/schema.js';
import { allSpans } from '../helpers.js';

/**
 * Highlights == spans: the markers in the letter (elements with `data-key`, not `data-cont`) are
 * exactly the spans of the record (every `evidence` entry plus every list item's `span`, counted
 * by test/helpers.ts independently of src/report), the fragments of each join to the span's text,
 * and the letter's text is the normalised text, character for character.
 */
export async function expectHighlightsMatchSpans(page: Page, record: ImrRecord, text: string): Promise<number> {
  const seen = await page.evaluate(() => {
    const letter = document.getElementById('letter')!;
    const markers = [...letter.querySelectorAll('[data-key]:not([data-cont])')].map((el) => el.getAttribute('data-key')!);
    const joined: Record<string, string> = {};
    for (const el of letter.querySelectorAll('[data-key]')) {
      const key = el.getAttribute('data-key')!;
      joined[key] = (joined[key] ?? '') + el.textContent;
    }
    return { markers, joined, text: letter.textContent };
  });
  const spans = allSpans(record);
  expect(seen.markers.length).toBe(spans.length);
  expect([...seen.markers].sort()).toEqual(spans.map((s) => s.key).sort());
  expect(seen.text).toBe(text);
  for (const { key, span } of spans) expect(seen.joined[key], key).toBe(text.slice(span[0], span[1]));
  return spans.length;
}

/** Every span can be reached from the record: the record's buttons target exactly the span keys. */
export async function expectEverySpanReachable(page: Page, record: ImrRecord): Promise<void> {
  const targets = await page.$$eval('.pane-record button.go[data-target]', (bs) => bs.map((b) => b.getAttribute('data-target')!));
  expect([...new Set(targets)].sort()).toEqual(allSpans(record).map((s) => s.key).sort());
}

/**
 * Clicking a record value scrolls its evidence into view: after the click, the start of the
 * marker is inside the letter pane and inside the window, and the marker flashes.
 * `limit` clicks only that many buttons, spread over the pane.
 */
export async function expectClicksReveal(page: Page, limit = Infinity): Promise<number> {
  const buttons = page.locator('.pane-record button.go[data-target]');
  const n = await buttons.count();
  const step = Math.max(1, Math.ceil(n / limit));
  let clicked = 0;
  // Walk backwards so each click has to scroll the letter (later values sit further down).
  for (let i = n - 1; i >= 0; i -= step) {
    const button = buttons.nth(i);
    const key = (await button.getAttribute('data-target'))!;
    await button.click();
    const where = await page.evaluate((k) => {
      const el = document.getElementById(`ev-${k}`)!;
      const r = el.getBoundingClientRect();
      const pane = document.querySelector('.pane-letter')!.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, paneTop: pane.top, paneBottom: pane.bottom, height: window.innerHeight, flash: el.classList.contains('flash') };
    }, key);
    const visible = where.top >= where.paneTop - 1 && where.top < where.paneBottom && where.top >= 0 && where.top < where.height;
    expect(visible, `${key}: marker top ${where.top} outside the letter pane [${where.paneTop}, ${where.paneBottom})`).toBe(true);
    expect(where.flash, `${key} flashes`).toBe(true);
    clicked++;
  }
  return clicked;
}

/** Hovering a value marker shows its field and value. */
export async function expectHoverShowsField(page: Page): Promise<void> {
  const mark = page.locator('#letter mark.ev.val:not(.long):not(.empty)').first();
  const key = (await mark.getAttribute('data-key'))!;
  await mark.hover();
  const tip = page.locator('#tip');
  await expect.poll(() => tip.isVisible()).toBe(true);
  const shown = (await tip.textContent()) ?? '';
  expect(shown).toContain(key);
  expect(shown.length).toBeGreaterThan(key.length);
}
