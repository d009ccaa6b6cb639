/**
 * How numbers read in replies: bytes as GiB with two decimals, counts with thousands separators,
 * parameter counts as model cards write them. Renderers and commands use these; the estimator
 * does not (it hands out numbers and structured formulas, see `src/estimator/formula.ts`).
 */
import { GiB, MiB } from './units';

/**
 * Bytes as GiB (2^30) with two decimals, the one unit of every reply.
 * @example gib(8_030_261_248 * 2) // "14.96 GiB"
 */
export function gib(bytes: number, digits = 2): string {
  return `${(bytes / GiB).toFixed(digits)} GiB`;
}

/** GiB as a bare number (two decimals), for tables. */
export function gibNum(bytes: number, digits = 2): string {
  return (bytes / GiB).toFixed(digits);
}

/** Small sizes in MiB, larger in GiB (help text, workspace lines). */
export function human(bytes: number): string {
  return Math.abs(bytes) < GiB / 4 ? `${(bytes / MiB).toFixed(1)} MiB` : gib(bytes);
}

/** A whole number with thousands separators. */
export function int(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Parameter counts the way model cards write them: 8.03B, 494M. */
export function paramsShort(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(n >= 1e11 ? 0 : 2)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e8 ? 0 : 1)}M`;
  return int(n);
}

/**
 * A signed share as a percentage with one decimal (an error, an offset, a range end).
 * @example signedPct(0.034) // "+3.4%"
 * @example signedPct(-0.2) // "-20.0%"
 */
export function signedPct(x: number): string {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
}
