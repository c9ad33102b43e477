/** The reader queue the ingest watches: markers name live processes; a dead reader's marker does not count. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { joinReaderQueue, readerQueue, readersWaiting } from '../../src/store/reader-queue.js';

const dir = mkdtempSync(path.join(tmpdir(), 'imr-reader-queue-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reader queue', () => {
  it('a reader waits from joining until it leaves; leaving tidies the folder', () => {
    const db = path.join(dir, 'a.duckdb');
    expect(readersWaiting(db)).toBe(false);
    const leave = joinReaderQueue(db);
    expect(readersWaiting(db)).toBe(true);
    const second = joinReaderQueue(db);
    leave();
    expect(readersWaiting(db)).toBe(true); // the other one still waits
    second();
    expect(readersWaiting(db)).toBe(false);
    expect(existsSync(readerQueue(db))).toBe(false);
  });

  it('a marker older than any reader waits is stale even when its process id is alive (pids are reused)', () => {
    const db = path.join(dir, 'c.duckdb');
    mkdirSync(readerQueue(db), { recursive: true });
    writeFileSync(path.join(readerQueue(db), `${process.pid}-${Date.now() - 10 * 60_000}-old`), '');
    expect(readersWaiting(db)).toBe(false);
    expect(readdirSync(readerQueue(db))).toEqual([]);
  });

  it("a dead reader's marker is removed and does not count", () => {
    const db = path.join(dir, 'b.duckdb');
    // A process id that has certainly exited: a child that ran and ended.
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(child.stdout);
    mkdirSync(readerQueue(db), { recursive: true });
    writeFileSync(path.join(readerQueue(db), `${deadPid}-${Date.now()}-x`), '');
    writeFileSync(path.join(readerQueue(db), 'not-a-pid'), '');
    expect(readersWaiting(db)).toBe(false);
    expect(readdirSync(readerQueue(db))).toEqual([]);
  });
});
