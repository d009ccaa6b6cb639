/** Renders the estimator's structured formulas (`src/estimator/formula.ts`) as reply text. */
import type { Formula } from '../estimator/formula';
import { gib, int } from './text';

/**
 * @example formulaText(fx`${count(8030261248)} params x 2 B = ${bytes(16060522496)}`)
 * // "8,030,261,248 params x 2 B = 14.96 GiB"
 */
export function formulaText(f: Formula): string {
  let s = '';
  for (const t of f) {
    if (typeof t === 'string') s += t;
    else if ('bytes' in t) s += gib(t.bytes);
    else if ('count' in t) s += int(t.count);
    else s += t.fixed.toFixed(t.digits);
  }
  return s;
}
