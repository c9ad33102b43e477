/** DuckDB size settings (`memory_limit`, ...), read without loading DuckDB (the CLI checks them before it does). */

/**
 * A DuckDB size setting in bytes: a number and a unit as DuckDB reads them (`64MB`, `512M`,
 * `1.5GB`, `512 MiB`, `100 bytes`; K/M/G/T are powers of 1000, KiB/MiB/... of 1024). NaN when
 * DuckDB would refuse it, a bare number among them (then compared as not smaller).
 */
export function bytesOf(size: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(bytes?|b|[kmgt](?:i?b)?)\s*$/i.exec(size);
  if (!m) return Number.NaN;
  const unit = m[2]!.toUpperCase();
  const power = 'BKMGT'.indexOf(unit[0]!);
  return Number(m[1]) * (unit.includes('I') ? 1024 : 1000) ** power;
}
