/**
 * The fit solver: for one GPU, does the config fit, what is the largest micro-batch at this
 * seq (serving: concurrent sequences at this context), the longest seq at this batch (serving:
 * context), the least invasive set of changes that makes it fit, and the fewest GPUs with
 * ZeRO-3 that fit. Exact integer searches: the estimate is monotone in batch, seq and GPU count
 * (property-tested), so a binary search finds the boundary.
 */
import type { Gpu } from './catalog/gpus';
import { keyDef, type EstimateConfig } from './config';
import { estimate } from './estimator/estimate';
import type { ModelArch } from './model/arch';
import { cheapestCombination } from './tips';
import { usableBytes, type Resolved } from './report';

export interface FitChange {
  readonly change: string;
  readonly title: string;
  readonly cost: string;
}

export interface FitResult {
  readonly gpu: string;
  readonly memoryBytes: number;
  readonly totalBytes: number;
  readonly fits: boolean;
  /** Largest micro-batch (serving: concurrent sequences) that fits at the given seq/context; 0 if none. */
  readonly maxBatch: number;
  /** Longest seq (serving: context) that fits at the given batch; 0 if none. */
  readonly maxSeq: number;
  /** Fewest GPUs of this kind with ZeRO-3 that fit (training), or with the weights split (serving: null). */
  readonly minGpus: number | null;
  /** Least invasive changes that make it fit (empty when it fits; null when nothing in reach fits). */
  readonly changes: readonly FitChange[] | null;
  /** The bytes the setup may use on this card (all of it; 90% under vLLM). */
  readonly usableBytes: number;
  /** Per-GPU total after those changes. */
  readonly changedTotalBytes: number | null;
}

/** The largest value the key table allows for an int key: the search bounds are the grammar's own limits. */
function maxOf(key: string): number {
  const spec = keyDef(key).spec;
  if (spec.kind !== 'int') throw new Error(`${key} is not an int key`);
  return spec.max;
}
export const MAX_BATCH = maxOf('batch');
export const MAX_SEQ = maxOf('seq');
export const MAX_CONTEXT = maxOf('context');
export const MAX_GPUS = maxOf('gpus');

export function totalFor(arch: ModelArch, config: EstimateConfig): number {
  return estimate(arch, { config, assumed: [] }).totalBytes;
}

/**
 * Largest n in [lo, hi] with fits(n), given fits is monotone (true then false); 0 if !fits(lo).
 */
export function largestFitting(lo: number, hi: number, fits: (n: number) => boolean): number {
  if (!fits(lo)) return 0;
  if (fits(hi)) return hi;
  let good = lo;
  let bad = hi;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (fits(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

/** Smallest n in [lo, hi] with fits(n), given fits is monotone (false then true); null if none. */
export function smallestFitting(lo: number, hi: number, fits: (n: number) => boolean): number | null {
  if (!fits(hi)) return null;
  if (fits(lo)) return lo;
  let bad = lo;
  let good = hi;
  while (good - bad > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (fits(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

/**
 * Solves the fit questions for `r` on `gpu` (a node of `r.built.config.gpus` cards of that kind).
 *
 * @example solveFit(resolved('model:llama-3.1-8b lora:true'), rtx4090).maxBatch // e.g. 1
 */
export function solveFit(r: Resolved, gpu: Gpu): FitResult {
  const c = r.built.config;
  const cap = usableBytes(gpu, c);
  const fitsWith = (over: Partial<EstimateConfig>): boolean => totalFor(r.arch, { ...c, ...over } as EstimateConfig) <= cap;
  const total = totalFor(r.arch, c);
  const fits = total <= cap;
  const serving = c.mode === 'infer';
  const maxBatch = largestFitting(1, MAX_BATCH, (b) => fitsWith({ batch: b }));
  const maxSeq = serving
    ? largestFitting(1, MAX_CONTEXT, (s) => fitsWith({ context: s }))
    : largestFitting(1, MAX_SEQ, (s) => fitsWith({ seq: s }));
  let minGpus: number | null = null;
  if (!serving) {
    const sharding = c.sharding === 'fsdp' ? 'fsdp' : 'zero3';
    minGpus = smallestFitting(1, MAX_GPUS, (n) => fitsWith({ gpus: n, sharding: n === 1 ? c.sharding : sharding }));
  }
  let changes: FitChange[] | null = [];
  let changedTotalBytes: number | null = fits ? total : null;
  if (!fits) {
    const combo = cheapestCombination(r, cap);
    changes = combo ? combo.changes.map((x) => ({ change: x.text, title: x.title, cost: x.cost })) : null;
    changedTotalBytes = combo ? combo.totalBytes : null;
  }
  return { gpu: gpu.id, memoryBytes: gpu.memoryBytes, usableBytes: cap, totalBytes: total, fits, maxBatch, maxSeq, minGpus, changes, changedTotalBytes };
}
