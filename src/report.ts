/**
 * The full answer to one `/vram` question, platform-neutral: the estimate, the fit on every
 * catalog GPU (and the target GPU), and the tips. Pure: config in, numbers out.
 */
import { buildConfig, canonicalArgs, fail, ok, type Args, type BuiltConfig, type EstimateConfig, type Result } from './config';
import { VLLM_GPU_MEMORY_UTILIZATION } from './estimator/constants';
import { GPUS, type Gpu } from './catalog/gpus';
import { resolveGpu, resolveModel, type ResolvedModel } from './catalog/resolve';
import { estimate } from './estimator/estimate';
import { parallelProblems } from './estimator/parallel';
import type { Estimate } from './estimator/types';
import type { ModelArch } from './model/arch';

export interface Fit {
  readonly gpu: string;
  readonly name: string;
  readonly memoryBytes: number;
  /** Per-GPU total (nvidia-smi view) is at most the card's memory. */
  readonly fits: boolean;
  /** Fits, but with less than 10% of the card left (fragmentation or a longer batch can tip it). */
  readonly tight: boolean;
  readonly headroomBytes: number;
  readonly common: boolean;
  readonly vendor: Gpu['vendor'];
}

export interface Tip {
  /** What to change, in the grammar (`gc:true`). */
  readonly change: string;
  readonly title: string;
  readonly savedBytes: number;
  readonly newTotalBytes: number;
  /** Makes the config fit the target GPU (when one is set). */
  readonly makesFit: boolean;
  /** What it costs in training terms. */
  readonly cost: string;
}

export interface Report extends Estimate {
  readonly fits: readonly Fit[];
  readonly target: Fit | null;
  readonly tips: readonly Tip[];
  /** Canonical arguments (presets store these). */
  readonly canonical: string;
  readonly resolvedNote?: string;
}

/** Share of the card below which a fit counts as tight. */
export const TIGHT_FRACTION = 0.9;

/**
 * Bytes of the card the setup may use: all of it, except that vLLM (serving with engine:vllm)
 * claims only `gpu_memory_utilization` of it.
 */
export function usableBytes(gpu: Gpu, config: Pick<EstimateConfig, 'mode' | 'engine'>): number {
  return config.mode === 'infer' && config.engine === 'vllm' ? gpu.memoryBytes * VLLM_GPU_MEMORY_UTILIZATION : gpu.memoryBytes;
}

export function fitOn(gpu: Gpu, totalBytes: number, config: Pick<EstimateConfig, 'mode' | 'engine'>): Fit {
  const cap = usableBytes(gpu, config);
  return {
    gpu: gpu.id, name: gpu.name, memoryBytes: gpu.memoryBytes, fits: totalBytes <= cap,
    tight: totalBytes <= cap && totalBytes > TIGHT_FRACTION * cap,
    headroomBytes: cap - totalBytes, common: gpu.common, vendor: gpu.vendor,
  };
}

/** Estimate for an already-built config and resolved model (no tips). */
export function estimateBuilt(arch: ModelArch, built: BuiltConfig, target: Gpu | null): Omit<Report, 'tips'> {
  const e = estimate(arch, built);
  return {
    ...e,
    fits: GPUS.map((g) => fitOn(g, e.totalBytes, e.config)),
    target: target ? fitOn(target, e.totalBytes, e.config) : null,
    canonical: canonicalArgs(built.config),
  };
}

export interface Resolved {
  readonly built: BuiltConfig;
  readonly arch: ModelArch;
  readonly gpu: Gpu | null;
  readonly note?: string;
}

/** Validates raw pairs and resolves the model (from the catalog) and GPU they name. */
export function resolveArgs(raw: Args): Result<Resolved> {
  const b = buildConfig(raw);
  if (!b.ok) return b;
  return finishResolve(b.value, resolveModel(b.value.config.model));
}

/**
 * Like {@link resolveArgs}, but a model the catalog does not know may come from `lookup`
 * (the Hugging Face Hub resolver, `src/hub/resolve-any.ts`), or from a local config
 * (`config:<path>` on the CLI).
 */
export async function resolveArgsAsync(raw: Args, lookup: (model: string) => Promise<Result<ResolvedModel>> | Result<ResolvedModel>): Promise<Result<Resolved>> {
  const b = buildConfig(raw);
  if (!b.ok) return b;
  return finishResolve(b.value, await lookup(b.value.config.model));
}

function finishResolve(built: BuiltConfig, m: Result<ResolvedModel>): Result<Resolved> {
  if (!m.ok) return m;
  let gpu: Gpu | null = null;
  if (built.config.gpu !== null) {
    const g = resolveGpu(built.config.gpu);
    if (!g.ok) return g;
    gpu = g.value;
  }
  const config = { ...built.config, model: m.value.arch.id, gpu: gpu?.id ?? null };
  const layout = parallelProblems(m.value.arch, config);
  if (layout.length > 0) return { ok: false, errors: layout };
  // Where the architecture came from (a stand-in for a bare size, the Hub) is said once, as the
  // reply's first note; it is not repeated among the assumed keys.
  return ok({ built: { config, assumed: built.assumed }, arch: m.value.arch, gpu, ...(m.value.note ? { note: m.value.note } : {}) });
}

export { fail };
