/**
 * Half a surrogate pair (a lone UTF-16 surrogate) is no character: it becomes U+FFFD, as a UTF-8
 * encoder gives, one code unit for one so that offsets hold. DuckDB stores text as UTF-8, so a
 * string with one comes back from the store with U+FFFD in its place.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function toWellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}
