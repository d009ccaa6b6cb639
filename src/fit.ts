/**
 * The fit solver: for one GPU, does the config fit, what is the largest micro-batch at this
 * seq (serving: concurrent sequences at this context), the longest seq at this batch (serving:
 * context), the least invasive set of changes that makes it fit, and the fewest GPUs with
 * ZeRO-3 that fit. Exact integer searches: the estimate is monotone in batch, seq and GPU count
 * (property-tested), so a binary search finds the boundary.
 */
import type { Gpu } from './catalog/gpus';
import { keyDef, type EstimateConfig } from './config';
import { estimate, makeSetup } from './estimator/estimate';
import { servingPlan, vllmPoolBlocks, vllmSettings, type ServingPlan } from './estimator/serving';
import type { ModelArch } from './model/arch';
import { cheapestCombination } from './tips';
import { estimateTime } from './estimator/time';
import { modelContextLimit, optInContext, sizingBytes, usableBytes, warningsFor, type ReportWarning, type Resolved } from './report';

export interface FitChange {
  readonly change: string;
  readonly title: string;
  readonly cost: string;
}

export interface FitResult {
  readonly gpu: string;
  readonly memoryBytes: number;
  readonly totalBytes: number;
  /** The bytes sized against the card: the top of the estimate's likely range, or the estimate plus `margin`. */
  readonly sizedBytes: number;
  /** `sizedBytes` fits the card's usable memory. */
  readonly fits: boolean;
  /** Largest micro-batch (serving: concurrent sequences) that fits at the given seq/context; 0 if none. */
  readonly maxBatch: number;
  /** Longest seq (serving: context) that fits at the given batch; 0 if none. */
  readonly maxSeq: number;
  /** Fewest GPUs of this kind with ZeRO-3 that fit (training), or with the weights split (serving: null). */
  readonly minGpus: number | null;
  /** Least invasive changes that make it fit (empty when it fits; null when nothing in reach fits). */
  readonly changes: readonly FitChange[] | null;
  /** The bytes the setup may use on this card (all of it; `util` of it under vLLM, 0.9 by default). */
  readonly usableBytes: number;
  /** Per-GPU total after those changes. */
  readonly changedTotalBytes: number | null;
  /** The model's context length (`maxContext`, or its rope-scaling limit): the longest seq/context searched. */
  readonly modelContextLimit: number;
  /** A longer context the model card documents with an opt-in rope scaling (Qwen3: 131,072), or null. */
  readonly optInContext: number | null;
  /** What stops {@link maxSeq}: memory, the model's context length, or the grammar's bound. */
  readonly maxSeqLimitedBy: 'memory' | 'model' | 'grammar';
  /** The longest seq/context memory alone allows (may exceed the model's limit; equals maxSeq when memory limits it). */
  readonly maxSeqByMemory: number;
  /** vLLM and SGLang: the engine's own memory plan on this card and what it admits (null for HF and llama.cpp). */
  readonly serving: ServingFit | null;
  /** The setup's warnings (a context beyond the model's limit, ...), as in the estimate's reply. */
  readonly warnings: readonly ReportWarning[];
}

/**
 * The engine's answers, computed the way it computes them (src/estimator/serving.ts `vllmPlan`,
 * `sglangPlan`): the KV pool in tokens ("GPU KV cache size: N tokens" / "KV Cache is allocated.
 * #tokens: N"), vLLM's "Maximum concurrency for X tokens per request: Y.YYx", the sequences of
 * `context` tokens it runs at once (capped by max_num_seqs / max_running_requests) and the longest
 * context for `batch` sequences.
 */
export interface ServingFit extends ServingPlan {
  /** Longest context the pool holds for `batch` concurrent sequences, capped at the model's context length. */
  readonly longestContext: number;
  readonly longestContextLimitedBy: 'kv-cache' | 'model';
  /** The same by the pool alone (may exceed the model's limit). */
  readonly longestContextByPool: number;
  /** The engine's verdict: `batch` sequences of `context` tokens fit the pool at once and the whole plan fits on the card. */
  readonly fitsEngine: boolean;
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

/** What the fit solver compares with the card: the top of the likely range, or the estimate plus `margin`. */
export function sizedFor(arch: ModelArch, config: EstimateConfig): number {
  const e = estimate(arch, { config, assumed: [] });
  return sizingBytes(arch, config, e.totalBytes, e.tokens);
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
/**
 * The largest micro-batch TRL accepts at or below `b`: GRPO's generation batch (batch x gpus x
 * accum) must hold whole groups of `generations` (GRPOConfig.__post_init__), so the batch rounds
 * down to a multiple of generations / gcd(generations, gpus x accum); 0 when none is left.
 */
export function validBatch(c: EstimateConfig, b: number): number {
  if (c.mode !== 'train' || c.objective !== 'grpo' || c.generations === null) return b;
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  const step = c.generations / gcd(c.generations, c.gpus * c.accum);
  return Math.floor(b / step) * step;
}

export function solveFit(r: Resolved, gpu: Gpu): FitResult {
  const c = r.built.config;
  const cap = usableBytes(gpu, c);
  // Sized against the top of each setup's likely range (or the estimate plus `margin`): a setup
  // "fits" only when its top fits; the answers are the largest values that do.
  const sized = (config: EstimateConfig): number => sizedFor(r.arch, config);
  const fitsWith = (over: Partial<EstimateConfig>): boolean => sized({ ...c, ...over } as EstimateConfig) <= cap;
  const total = totalFor(r.arch, c);
  const sizedBytes = sized(c);
  const fits = sizedBytes <= cap;
  const serving = c.mode === 'infer';
  const maxBatch = validBatch(c, largestFitting(1, MAX_BATCH, (b) => fitsWith({ batch: b })));
  // The longest seq/context never goes past the model's context length without saying so.
  const limit = modelContextLimit(r.arch);
  const grammarMax = serving ? MAX_CONTEXT : MAX_SEQ;
  const lenKey = serving ? 'context' : 'seq';
  const fitsLen = (n: number): boolean => fitsWith({ [lenKey]: n } as Partial<EstimateConfig>);
  const searchTo = Math.min(limit, grammarMax);
  const maxSeq = largestFitting(1, searchTo, fitsLen);
  let maxSeqLimitedBy: FitResult['maxSeqLimitedBy'] = 'memory';
  let maxSeqByMemory = maxSeq;
  if (maxSeq === searchTo && searchTo === limit && limit < grammarMax) {
    maxSeqLimitedBy = 'model';
    maxSeqByMemory = largestFitting(limit, grammarMax, fitsLen);
  } else if (maxSeq === grammarMax) maxSeqLimitedBy = 'grammar';
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
  return {
    gpu: gpu.id, memoryBytes: gpu.memoryBytes, usableBytes: cap, totalBytes: total, sizedBytes, fits, maxBatch, maxSeq, minGpus, changes, changedTotalBytes,
    modelContextLimit: limit, optInContext: optInContext(r.arch), maxSeqLimitedBy, maxSeqByMemory, serving: serving ? servingFit(r.arch, c, gpu, limit) : null,
    warnings: warningsFor(r.arch, c),
  };
}

/** Weights on the GPU as the estimator computes them for this config (its format included). */
function weightsOf(arch: ModelArch, config: EstimateConfig): number {
  return estimate(arch, { config, assumed: [] }).components.find((x) => x.id === 'weights')?.bytes ?? 0;
}

/**
 * vLLM's and SGLang's answers on `gpu`, by their own arithmetic: the pool, the concurrency at
 * `context`, and the longest context for `batch` sequences (capped at the model's length).
 */
export function servingFit(arch: ModelArch, c: EstimateConfig, gpu: Gpu, limit = modelContextLimit(arch)): ServingFit | null {
  if (c.engine !== 'vllm' && c.engine !== 'sglang') return null;
  const config = { ...c, gpu: gpu.id };
  const s = makeSetup(arch, config);
  const plan = servingPlan(s, gpu, weightsOf(arch, config));
  if (plan === null) return null;
  let byPool: number;
  if (plan.engine === 'vllm') {
    // Blocks do not depend on the context (the profile runs max_num_batched_tokens); a window group's need does, monotonically.
    const batchedTokens = vllmSettings(s, gpu).batchedTokens;
    const fitsCtx = (n: number): boolean => {
      const blk = vllmPoolBlocks(makeSetup(arch, { ...config, context: n }), plan.kvPoolBytes, n, batchedTokens);
      return blk.perRequest * c.batch <= blk.blocks;
    };
    byPool = largestFitting(1, MAX_CONTEXT, fitsCtx);
  } else {
    byPool = Math.min(MAX_CONTEXT, Math.floor(plan.kvCacheTokens / c.batch));
  }
  const longestContext = Math.min(byPool, limit);
  const bySeqs = Math.floor(plan.maxConcurrency + 1e-9);
  return {
    ...plan, longestContext, longestContextLimitedBy: byPool > limit ? 'model' : 'kv-cache', longestContextByPool: byPool,
    fitsEngine: bySeqs >= c.batch && plan.fitsCard,
  };
}

/** One card in the cost ranking of `/vram fit`: the run (or an hour) on it, as it is, where it fits. */
export interface CardCost {
  readonly gpu: string;
  readonly tokensPerS: number;
  /** The run's wall time (training with `tokens`/`samples`), else null. */
  readonly seconds: number | null;
  /** The run's cost, else the cost of a million tokens at this speed. */
  readonly usd: number;
  readonly per: 'run' | 'million tokens';
  readonly usdPerGpuHour: number;
  readonly priceText: string;
}

/**
 * The catalog cards with a sourced price (or `price`) on which the setup fits as it is (sized as
 * the fit verdicts are), ranked by what the run costs on them: GPU-hours x price with
 * `tokens`/`samples`, else dollars per million trained or served tokens (src/estimator/time.ts).
 */
export function rankByCost(r: Resolved, cards: readonly Gpu[]): CardCost[] {
  const out: CardCost[] = [];
  for (const g of cards) {
    // A typed `price` is the named card's; the other cards take their own sourced prices.
    const config = { ...r.built.config, gpu: g.id, price: g.id === r.built.config.gpu ? r.built.config.price : null } as EstimateConfig;
    if (sizedFor(r.arch, config) > usableBytes(g, config)) continue;
    const { time, cost } = estimateTime(r.arch, config);
    if (!cost || time.kind === 'none') continue;
    const tps = time.kind === 'train' ? time.train.tokensPerS : time.serve.tokensPerSAtMax ?? time.serve.tokensPerS;
    const run = time.kind === 'train' ? time.run : null;
    const usd = cost.usd ?? (cost.usdPerHour / (tps * 3600)) * 1e6;
    out.push({ gpu: g.id, tokensPerS: tps, seconds: run ? run.seconds : null, usd, per: cost.usd !== null ? 'run' : 'million tokens', usdPerGpuHour: cost.usdPerGpuHour, priceText: cost.text });
  }
  return out.sort((a, b) => a.usd - b.usd);
}
