export { ingest, type IngestOptions, type IngestProgress, type IngestSummary } from './ingest.js';
export { ExtractPool, PoolBrokenError, defaultWorkerCount, workerEntry, type PoolOptions, type TaskOutcome } from './pool.js';
export { createProgressReporter, progressLine, formatDuration, type ProgressReporter } from './progress.js';
