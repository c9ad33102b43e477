import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { bytesOf } from '../../src/store/size.js';

/**
 * DuckDB's own reading of a memory_limit, from the `488.2 MiB` form it shows (one decimal, cut
 * rather than rounded: 1.5GB shows as 1.3 GiB), as bytes and the width of that last decimal; null
 * when DuckDB refuses the value.
 */
async function duckdbReads(value: string): Promise<{ bytes: number; step: number } | null> {
  let db: DuckDBInstance;
  try {
    db = await DuckDBInstance.create(':memory:', { memory_limit: value });
  } catch {
    return null;
  }
  const c = await db.connect();
  try {
    const shown = String((await c.runAndReadAll(`SELECT current_setting('memory_limit')`)).getRowsJS()[0]![0]);
    const m = /^([\d.]+) (B|KiB|MiB|GiB|TiB)$/.exec(shown)!;
    const unit = 1024 ** ['B', 'KiB', 'MiB', 'GiB', 'TiB'].indexOf(m[2]!);
    return { bytes: Number(m[1]) * unit, step: 0.1 * unit };
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

describe('bytesOf (sizes for --memory-limit, checked before DuckDB loads)', () => {
  it('reads what DuckDB reads, as DuckDB reads it, and refuses what DuckDB refuses', async () => {
    const values = ['512MB', '512mb', '512M', '512 m', '512 MB', '512MiB', '1G', '1.5GB', '1.5GiB', '2T', '3000000 bytes', '100', '80%', 'lots', '', 'MB'];
    for (const v of values) {
      const duck = await duckdbReads(v);
      const ours = bytesOf(v);
      if (duck === null) expect(ours, v).toBeNaN();
      else {
        expect(ours - duck.bytes, v).toBeGreaterThanOrEqual(0);
        expect(ours - duck.bytes, v).toBeLessThan(duck.step);
      }
    }
  });
});
