/**
 * Several GPUs (README, "How the estimate is computed": Several GPUs): what data parallelism and ZeRO/FSDP add per GPU
 * besides dividing states (the division itself is in `setup.ts`'s shard counts).
 */
import { SHARDING_CAPS } from '../config/keys';
import { FSDP_UNITS_IN_FLIGHT, ZERO3_PREFETCH_BUCKET_PER_H2, ZERO_REDUCE_BUCKET_PER_H2 } from './constants';
import { count, fixed, fx, type Formula } from './formula';
import type { Setup } from './setup';

export interface ShardingBuffers {
  /** Allocated once and kept (DDP gradient buckets, ZeRO reduce buckets). */
  readonly residentBytes: number;
  /** Gathered full-size units during forward/backward (ZeRO-3/FSDP). */
  readonly inFlightBytes: number;
  /** The arithmetic (built only when shown). */
  readonly formula: () => Formula;
}

/** Average stored bytes per base parameter (quantized formats included). */
function bytesPerBaseParam(s: Setup, baseBytesTotal: number): number {
  return s.params.total > 0 ? baseBytesTotal / s.params.total : s.weightBytes;
}

/**
 * - DDP: the reducer copies gradients into flat buckets that live as long as the model
 *   (`gradient_as_bucket_view=False` is the default in torch and accelerate): + one
 *   gradient-sized buffer.
 * - ZeRO-1/2/3: reduce buckets of `hidden^2` elements (HF "auto" config), double-buffered with
 *   overlap_comm, capped by the gradient size; ZeRO-3 adds a prefetch bucket of 0.9 x hidden^2.
 * - ZeRO-3/FSDP with more than one GPU: the root unit (embeddings + lm_head, unsharded for the
 *   whole forward) plus {@link FSDP_UNITS_IN_FLIGHT} decoder layers gathered at full size, and
 *   in full fine-tuning one layer's unsharded gradients before its reduce-scatter.
 * @param baseBytesTotal unsharded bytes of all base weights (for quantized bases)
 */
export function shardingBuffers(s: Setup, baseBytesTotal: number): ShardingBuffers {
  // Data parallelism and ZeRO/FSDP work over the data-parallel ranks: gpus / (tp x pp x cp).
  const n = s.layout.dp;
  const sh = s.cfg.sharding;
  if (!s.train || n === 1) return { residentBytes: 0, inFlightBytes: 0, formula: () => [s.layout.split ? 'no data parallelism: none' : 'one GPU: none'] };
  const gradBytes = s.trainableParams * s.trainBytes;
  const h2 = s.arch.hidden * s.arch.hidden;
  if (!SHARDING_CAPS[sh].states) {
    return { residentBytes: gradBytes, inFlightBytes: 0, formula: () => fx`DDP buckets = trainable ${count(s.trainableParams)} x ${s.trainBytes} B` };
  }
  const bucket = Math.min(gradBytes, 2 * ZERO_REDUCE_BUCKET_PER_H2 * h2 * s.trainBytes);
  if (!SHARDING_CAPS[sh].weights) {
    return { residentBytes: bucket, inFlightBytes: 0, formula: () => fx`2 reduce buckets x hidden^2 (${h2}) x ${s.trainBytes} B` };
  }
  const perParam = bytesPerBaseParam(s, baseBytesTotal);
  const root = s.params.embedding + s.params.lmHead + s.params.positional;
  const layer = (s.params.linear + s.params.norms) / s.arch.layers;
  const gathered = (root + FSDP_UNITS_IN_FLIGHT * layer) * perParam;
  const unitGrads = s.full ? layer * s.trainBytes : 0;
  const prefetch = SHARDING_CAPS[sh].deepspeed ? ZERO3_PREFETCH_BUCKET_PER_H2 * h2 * s.weightBytes : 0;
  return {
    residentBytes: bucket + prefetch,
    inFlightBytes: gathered + unitGrads,
    formula: () => fx`gathered: (root ${count(root)} + ${FSDP_UNITS_IN_FLIGHT} layers x ${count(layer)}) params x ${fixed(perParam, 2)} B${unitGrads ? ` + one layer's grads` : ''}; buckets ${count(bucket + prefetch)} B`,
  };
}

export const SHARDING_SOURCE = 'torch DDP reducer; DeepSpeed/FSDP defaults';
