/** The statistics the accuracy benchmarks report (memory in bench/accuracy.ts, time in bench/time-accuracy.ts, ranges in scripts/ranges.ts). */

/** Linear-interpolation quantile of `xs` (q from 0 to 1); NaN for no values. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] ?? 0) + ((s[hi] ?? 0) - (s[lo] ?? 0)) * (pos - lo);
}

/** Median and p90 of the absolute errors, how many are within 10%, and the mean signed error. */
export function summarize(errs: readonly number[]): { n: number; median: number; p90: number; within10: number; mean: number } {
  const abs = errs.map(Math.abs);
  return { n: errs.length, median: quantile(abs, 0.5), p90: quantile(abs, 0.9), within10: abs.filter((a) => a <= 0.1).length, mean: errs.length ? errs.reduce((a, e) => a + e, 0) / errs.length : NaN };
}
