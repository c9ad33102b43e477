/** The store's default file name, in a module of its own so the CLI can name it without loading DuckDB. */
export const DEFAULT_DB = 'imr.duckdb';
