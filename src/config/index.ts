/**
 * Configuration: every environment variable imr reads, with its default, read here and nowhere
 * else. Library code takes settings as arguments; the CLI (and the ingest's workers) pass these.
 *
 * | variable | what | default |
 * |---|---|---|
 * | `IMR_SHARED_CORPUS` | the shared (real, read-only) corpus that gold names as `shared` | `../shared/corpus` from the working folder |
 * | `IMR_DUCKDB_MEMORY_LIMIT` | DuckDB's memory limit for the ingest's writer | `64MB` |
 * | `IMR_DUCKDB_THREADS` | DuckDB threads for the ingest's writer | `1` |
 * | `IMR_DUCKDB_CHECKPOINT_THRESHOLD` | WAL size that triggers a checkpoint while ingesting | `256MB` |
 * | `IMR_DUCKDB_MAX_VACUUM_TASKS` | DuckDB vacuum tasks at the ingest's checkpoints | `0` |
 * | `IMR_EXTRACTOR_MODULE` | a module exporting `extractBytes` for the ingest's workers (tests) | the pipeline |
 * | `DUCKDB_JE_MALLOC_CONF` | DuckDB's allocator settings (set before DuckDB loads) | pages returned at once |
 * | `CI` | under CI a missing shared corpus fails the tests that need it instead of skipping them | unset |
 */
import path from 'node:path';

export interface Settings {
  /** Absolute path of the shared corpus root. */
  sharedCorpus: string;
  /** DuckDB settings of the ingest's writer connection. */
  writer: Readonly<Record<string, string>>;
  /** A module (path or URL) to load in ingest workers instead of the pipeline, if set. */
  extractorModule: string | undefined;
  /** Whether this runs under CI. */
  ci: boolean;
}

/** The settings in `env`, relative paths resolved against `cwd`. */
export function readSettings(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Settings {
  return {
    sharedCorpus: path.resolve(cwd, env.IMR_SHARED_CORPUS ?? path.join('..', 'shared', 'corpus')),
    writer: {
      memory_limit: env.IMR_DUCKDB_MEMORY_LIMIT ?? '64MB',
      threads: env.IMR_DUCKDB_THREADS ?? '1',
      checkpoint_threshold: env.IMR_DUCKDB_CHECKPOINT_THRESHOLD ?? '256MB',
      max_vacuum_tasks: env.IMR_DUCKDB_MAX_VACUUM_TASKS ?? '0',
    },
    extractorModule: env.IMR_EXTRACTOR_MODULE || undefined,
    ci: env.CI === 'true' || env.CI === '1',
  };
}

/** This process's settings, read once. */
export const settings: Settings = readSettings();

/**
 * DuckDB's bundled allocator (jemalloc) keeps freed pages for ten seconds before giving them
 * back, so an ingest's memory grew with its rate and length: a store-only write test held
 * 240-300 MB over 2,500-10,000 letters where returning pages at once holds a flat 190-210 MB,
 * for ~10 % more CPU per batch write. jemalloc reads this once, when DuckDB loads, so the store
 * calls this before it imports @duckdb/node-api. A user's own setting wins.
 */
export function setDuckdbAllocatorDefaults(env: NodeJS.ProcessEnv = process.env): void {
  env.DUCKDB_JE_MALLOC_CONF ??= 'dirty_decay_ms:0,muzzy_decay_ms:0';
}
