/** DuckDB size settings (`memory_limit`, ...), read without loading DuckDB (the CLI checks them before it does). */

/** A DuckDB size setting (`64MB`, `1GB`, `512 MiB`) in bytes; NaN when unreadable (then compared as not smaller). */
export function bytesOf(size: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B|B)?\s*$/i.exec(size);
  if (!m) return Number.NaN;
  const unit = (m[2] ?? 'B').toUpperCase();
  const power = 'BKMGT'.indexOf(unit[0]!);
  return Number(m[1]) * (unit.includes('I') ? 1024 : 1000) ** power;
}
