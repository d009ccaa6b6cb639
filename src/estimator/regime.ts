/**
 * The regime of a configuration: the settings that decide which of the estimator's mechanisms
 * carry the number, from the most specific to the coarsest. The range of an estimate (`range.ts`)
 * comes from the calibration residuals of the most specific regime with enough measurements.
 */
import type { EstimateConfig } from '../config';
import { SHARDING_CAPS } from '../config/keys';
import { formatFamily } from './quant';

/**
 * Whether a configuration runs a mechanism no calibration point has measured at the
 * objective-and-method level: `MECHANISM_LEVEL` is the index of `train|objective|method` in
 * {@link regimeOf}'s list; a range taken from a coarser level than that is not calibrated for it.
 */
export const MECHANISM_LEVEL = 2;

/** The regime keys of `c`, most specific first, ending with the mode and `all`. */
export function regimeOf(c: EstimateConfig): string[] {
  if (c.mode === 'infer') {
    const fmt = formatFamily(c.quant);
    return [`infer|${c.engine}|${fmt}`, `infer|${c.engine}`, 'infer', 'all'];
  }
  // A VLM with images runs its vision tower and image tokens: a mechanism of its own.
  const objective = `${c.objective}${c.images > 0 ? '+vlm' : ''}`;
  const shard = SHARDING_CAPS[c.sharding].states ? 'sharded' : 'replicated';
  return [
    `train|${objective}|${c.method}|${c.engine}|${c.loss}|${shard}`,
    `train|${objective}|${c.method}|${c.engine}`,
    `train|${objective}|${c.method}`,
    // The mode-and-method level holds plain SFT only: a preference objective or a VLM's points would widen the text SFT range.
    `train|${c.method}${objective === 'sft' ? '' : `+${objective}`}`,
    'train',
    'all',
  ];
}
