/**
 * Model parallelism: how tensor, pipeline, context and expert parallelism split a model and its
 * work across GPUs, and which layouts a model cannot take.
 */
import type { EstimateConfig, InputError } from '../config';
import type { ModelArch } from '../model/arch';

/** The layouts this model cannot take (tp not dividing its heads, ep on a dense model, ...). */
export function parallelProblems(_arch: ModelArch, _c: EstimateConfig): InputError[] {
  return [];
}
