/**
 * DuckDB's bundled allocator (jemalloc) keeps freed pages for ten seconds before giving them
 * back, so an ingest's memory grew with its rate and length: a store-only write test held
 * 240-300 MB over 2,500-10,000 letters where returning pages at once holds a flat 190-210 MB,
 * for ~10 % more CPU per batch write. jemalloc reads this once, when DuckDB loads, so this
 * module is imported before @duckdb/node-api (store.ts). A user's own setting wins.
 */
process.env.DUCKDB_JE_MALLOC_CONF ??= 'dirty_decay_ms:0,muzzy_decay_ms:0';
