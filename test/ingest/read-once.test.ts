/**
 * An ingest reads each letter file from disk once (the main thread hashes the bytes and hands them
 * to a worker), and stores which PDF engine read each letter.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../paths.js';
import { ingest } from '../../src/ingest/ingest.js';
import { PDF_ENGINES } from '../../src/read/index.js';
import { Store } from '../../src/store/store.js';

const BYTES_ONLY = new URL('./fixtures/bytes-only-extractor.ts', import.meta.url).href;
const root = mkdtempSync(path.join(os.tmpdir(), 'imr-read-once-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// The dwc-header PDFs of our corpus and their text twins.
const letters = path.join(root, 'letters');
cpSync(path.join(REPO_ROOT, 'corpus', 'dwc-header'), letters, { recursive: true });
const files = readdirSync(letters).map((f) => path.join(letters, f)).sort();
const pdfCount = files.filter((f) => f.endsWith('.pdf')).length;

async function query(db: string, sql: string) {
  const store = await Store.open(db, { readOnly: true });
  try {
    return (await store.query(sql)).rows;
  } finally {
    store.close();
  }
}

describe('ingest reads each file once', () => {
  it.each(PDF_ENGINES)('every letter reaches its worker as bytes, none is read again by name (%s); the store keeps the engine', async (pdfEngine) => {
    const db = path.join(root, `${pdfEngine}.duckdb`);
    const summary = await ingest({ db, files, workers: 2, extractorUrl: BYTES_ONLY, pdfEngine, flushIntervalMs: 50 });
    expect(summary).toMatchObject({ stored: files.length, failed: 0 });
    expect(await query(db, `SELECT kind, engine, count(*)::INTEGER FROM letters GROUP BY ALL ORDER BY 1`)).toEqual([
      ['pdf', pdfEngine, pdfCount],
      ['text', null, files.length - pdfCount],
    ]);
    const records = await query(db, `SELECT record->'$.source'->>'engine' FROM records r JOIN letters l USING (sha256) WHERE l.kind = 'pdf'`);
    expect(records.flat()).toEqual(Array.from({ length: pdfCount }, () => pdfEngine));
  }, 60_000);
});
