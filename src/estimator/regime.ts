/**
 * The regime of a configuration: the settings that decide which of the estimator's mechanisms
 * carry the number, from the most specific to the coarsest. The range of an estimate (`range.ts`)
 * comes from the calibration residuals of the most specific regime with enough measurements.
 */
import type { EstimateConfig } from '../config';
import { SHARDING_CAPS } from '../config/keys';
import { formatFamily } from './quant';

/** Settings that are not fields of every config version read as their default. */
const field = (c: EstimateConfig, name: string, dflt: string): string => {
  const v = (c as unknown as Record<string, unknown>)[name];
  return v === undefined || v === null ? dflt : String(v);
};

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
  const images = Number(field(c, 'images', '0')) > 0;
  const objective = `${field(c, 'objective', 'sft')}${images ? '+vlm' : ''}`;
  const shard = SHARDING_CAPS[c.sharding].states ? 'sharded' : 'replicated';
  const engine = field(c, 'engine', 'hf');
  return [
    `train|${objective}|${c.method}|${engine}|${c.loss}|${shard}`,
    `train|${objective}|${c.method}|${engine}`,
    `train|${objective}|${c.method}`,
    // The mode-and-method level holds plain SFT only: a preference objective or a VLM's points would widen the text SFT range.
    `train|${c.method}${objective === 'sft' ? '' : `+${objective}`}`,
    'train',
    'all',
  ];
}
