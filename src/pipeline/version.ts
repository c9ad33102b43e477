/**
 * The extractor's version, stored with every record so that `imr ingest --reextract` can
 * find records made by older rules. Bump it whenever extraction output can change.
 */
export const EXTRACTOR_VERSION = '0.2.0';
