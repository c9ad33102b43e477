/**
 * `imr show`, `imr eval --html` and `imr stats --html` through the real CLI (a fresh
 * `node --import tsx` process each), writing into a temporary folder.
 */
import { imr as run } from '../run-imr.js';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 120_000 });

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'imr-report-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs from a temporary folder, where the pages are written. */
const imr = (...args: string[]) => run(args, { cwd: dir });

describe('imr show', () => {
  it('writes <letter>.html in the working folder by default, or where -o says', () => {
    const letter = path.join(ROOT, 'corpus/dwc-header/shoulder-mri-emg.pdf');
    const r = imr('show', letter);
    expect(r.code).toBe(0);
    const html = readFileSync(path.join(dir, 'shoulder-mri-emg.html'), 'utf8');
    expect(html).toContain('id="ev-services.0.request"');
    expect(imr('show', letter, '-o', 'sub/x.html').code).toBe(0);
    expect(existsSync(path.join(dir, 'sub/x.html'))).toBe(true);
  });

  it('puts a gold file beside the prediction', () => {
    const r = imr('show', path.join(ROOT, 'corpus/dwc-header/shoulder-mri-emg.txt'), '--gold', path.join(ROOT, 'annotations/corpus/dwc-header/shoulder-mri-emg.json'), '-o', '-');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Prediction and gold');
  });

  it('exits 1 with a typed error line for a letter it cannot read, 2 for a bad gold file', () => {
    const r = imr('show', 'missing.pdf');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr.trim())).toMatchObject({ error: 'not-found', file: 'missing.pdf' });
    expect(imr('show', path.join(ROOT, 'corpus/dwc-header/shoulder-mri-emg.txt'), '--gold', path.join(ROOT, 'package.json')).code).toBe(2);
  });
});

describe('imr eval --html', () => {
  it('writes the report and a viewer page per differing letter beside it, and still prints the text report', () => {
    const r = imr('eval', '--gold', path.join(ROOT, 'annotations'), '--only', 'corpus', '--html', 'eval/report.html');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('misses and spurious items');
    const html = readFileSync(path.join(dir, 'eval/report.html'), 'utf8');
    const pages = readdirSync(path.join(dir, 'eval/report_files'));
    expect(r.stderr).toContain(`${pages.length} viewer page(s)`);
    for (const p of pages) expect(html).toContain(`report_files/${encodeURIComponent(p.replace(/\.html$/, ''))}.html`);
  });
});

describe('imr stats --html', () => {
  it('writes the charts page from the store', () => {
    expect(imr('ingest', path.join(ROOT, 'corpus/dwc-header'), '--db', 'imr.duckdb', '--workers', '1', '--quiet').code).toBe(0);
    const r = imr('stats', '--db', 'imr.duckdb', '--html', 'stats.html');
    expect(r.code).toBe(0);
    const html = readFileSync(path.join(dir, 'stats.html'), 'utf8');
    expect(html).toContain('data-section="ratesByCategory"');
    expect(html).toContain('<svg class="chart"');
  });
});
