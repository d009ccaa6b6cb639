import type { Assumption } from '../estimator/types';
import { formulaText } from '../format/formula';

/** An assumption as a line of a reply: `key:value (why)`, or the modelling sentence. */
export function assumptionText(a: Assumption): string {
  return a.kind === 'key' ? `${a.key}:${a.value} (${a.why})` : formulaText(a.text);
}
