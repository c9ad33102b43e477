export { Store, StoreError, DEFAULT_DB, sqlString, readerResult, type FailureRow, type WriteBatch, type QueryResult, type OpenOptions } from './store.js';
export { TABLES, LETTER_CHILD_TABLES, VIEWS, STORE_SCHEMA_VERSION, type TableName } from './schema.js';
export { recordRows, letterRowSet, type LetterRowSet } from './rows.js';
export { RECORD_TABLES, ALL_TABLES, type Table, type Column } from './tables.js';
export { formatResult, formatTable, formatCsv, formatJson, OUTPUT_FORMATS, type OutputFormat } from './output.js';
export { computeStats, renderStats, statsJson, statsSections, type Stats } from './stats.js';
export { exportStore, type ExportFormat, type ExportedTable } from './export.js';
