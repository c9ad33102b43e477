/**
 * DuckDB reads its allocator settings once, when it loads: store.ts imports this module before
 * @duckdb/node-api so that the defaults of src/config (freed pages returned at once) apply.
 */
import { setDuckdbAllocatorDefaults } from '../config/index.js';

setDuckdbAllocatorDefaults();
