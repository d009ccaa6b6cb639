/**
 * The full answer to one `/vram` question, platform-neutral: the estimate, the fit on every
 * catalog GPU (and the target GPU), and the tips. Pure: config in, numbers out.
 */
import { withVisionInputs } from './estimator/vision';
import { buildConfig, canonicalArgs, fail, lookupKey, ok, type Args, type BuiltConfig, type EstimateConfig, type Result } from './config';
import { withCheckpointFormat } from './config/formats';
import { withModelAttention } from './config/attention';
import { DTYPE_BYTES } from './estimator/constants';
import { servingBudgetBytes, vllmSettings } from './estimator/serving';
import { GPUS, type Gpu } from './catalog/gpus';
import { resolveGpu, resolveModel, type ResolvedModel } from './catalog/resolve';
import { estimate } from './estimator/estimate';
import { parallelProblems } from './estimator/parallel';
import { estimateRange, type EstimateRange } from './estimator/range';
import { parseMargin, withMargin } from './config/margin';
import type { Estimate } from './estimator/types';
import { estimateTime, type Cost, type TimeEstimate } from './estimator/time';
import type { ModelArch } from './model/arch';

export interface Fit {
  readonly gpu: string;
  readonly name: string;
  readonly memoryBytes: number;
  /** Per-GPU total (nvidia-smi view, the central figure) is at most the card's usable memory. */
  readonly fits: boolean;
  /**
   * The verdict against the estimate's likely range (or `margin`): `fits` when the top of it fits,
   * `tight` when the card's usable memory is inside it, `no` when even the bottom does not fit.
   */
  readonly verdict: 'fits' | 'tight' | 'no';
  /** `verdict === 'tight'`: the card is inside the likely range. */
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
  /** Time per token after the change relative to before, less 1 (+0.3: 30% slower), on the target card; absent without one (src/estimator/time.ts `timeDelta`). */
  readonly timeDelta?: number;
}

/**
 * Something in the setup the estimate answers but that will not run as asked: a context beyond
 * what the model was trained for, more sequences than the engine schedules, a KV format the
 * engine's kernels need a setting for. `key` is the grammar key to change.
 */
export interface ReportWarning {
  readonly code: 'beyond_model_context' | 'needs_rope_scaling' | 'batch_over_max_seqs' | 'kv_needs_flash_attention' | 'kv_format_engine';
  readonly key: string;
  readonly message: string;
}

export interface Report extends Estimate {
  readonly fits: readonly Fit[];
  readonly target: Fit | null;
  readonly tips: readonly Tip[];
  /** How sure the figure is: the likely range from the calibration residuals of its regime; null when no regime has enough measurements. */
  readonly range: EstimateRange | null;
  /** Warnings about the setup (empty when none), shown near the top of the reply and in the JSON. */
  readonly warnings: readonly ReportWarning[];
  /** Canonical arguments (presets store these). */
  readonly canonical: string;
  /** `calibrated:true`: the team's mean offset applied (see {@link calibrateReport}). */
  readonly calibration?: Calibration;
  readonly resolvedNote?: string;
  /** Step time, tokens/s and run time (training) or the serving roofline, on the target card (src/estimator/time.ts `estimateTime`). */
  readonly time: TimeEstimate;
  /** What the run (or an hour of serving) costs at `price` or the cheapest sourced on-demand price; null without a card or a price. */
  readonly cost: Cost | null;
}

/** The team's offset applied to an estimate: the mean residual of its recorded runs in the most specific regime with enough of them. */
export interface Calibration {
  readonly regime: string;
  readonly runs: number;
  /** Mean of measured / estimated - 1. */
  readonly offset: number;
  /** The estimate x (1 + offset), and its bounds likewise. */
  readonly totalBytes: number;
  readonly lowBytes: number;
  readonly highBytes: number;
}

/**
 * Applies a team's offset (src/team/offsets.ts `offsetFor`) to a report: the calibrated total is
 * the estimate x (1 + offset), its likely range scaled the same way, and the fit verdicts are
 * judged on those. The breakdown stays the model's own (the offset is not a component).
 */
export function calibrateReport(r: Report, o: { readonly regime: string; readonly n: number; readonly mean: number }): Report {
  const f = 1 + o.mean;
  const b = boundsFor(r.totalBytes, r.range, r.config);
  const total = r.totalBytes * f;
  const bounds = { lowBytes: b.lowBytes * f, highBytes: b.highBytes * f };
  const target = r.target ? GPUS.find((g) => g.id === r.target?.gpu) : undefined;
  return {
    ...r,
    calibration: { regime: o.regime, runs: o.n, offset: o.mean, totalBytes: total, lowBytes: bounds.lowBytes, highBytes: bounds.highBytes },
    fits: GPUS.map((g) => fitOn(g, total, r.config, bounds)),
    target: target ? fitOn(target, total, r.config, bounds) : null,
  };
}

/** The bytes a verdict is judged on: the bottom and top of the likely range, or the estimate and the estimate plus `margin`. */
export interface Bounds {
  readonly lowBytes: number;
  readonly highBytes: number;
}

/**
 * The bounds a fit is judged on: with `margin` the estimate itself and the estimate plus the
 * margin; otherwise the estimate's likely range (src/estimator/range.ts); the estimate alone
 * when no regime has enough measurements.
 */
export function boundsFor(totalBytes: number, range: EstimateRange | null, c: Pick<EstimateConfig, 'margin'>): Bounds {
  const m = c.margin === null ? null : parseMargin(c.margin);
  if (m) return { lowBytes: totalBytes, highBytes: withMargin(totalBytes, m) };
  if (range) return { lowBytes: Math.min(range.lowBytes, totalBytes), highBytes: Math.max(range.highBytes, totalBytes) };
  return { lowBytes: totalBytes, highBytes: totalBytes };
}

/** The bytes a fit is sized against (the fit solver, tips that must make a setup fit): the top of the bounds. */
export function sizingBytes(arch: ModelArch, c: EstimateConfig, totalBytes: number, tokens: number): number {
  return boundsFor(totalBytes, c.margin === null ? estimateRange(totalBytes, c, arch, tokens) : null, c).highBytes;
}

/**
 * Bytes of the card the setup may use: all of it, except that vLLM (serving with engine:vllm)
 * claims only `util` (`gpu_memory_utilization`, default 0.9) of it for weights, activations and
 * KV blocks, and SGLang keeps weights and KV in `util` (`mem_fraction_static`, by default derived
 * from the card) (src/estimator/serving.ts `servingBudgetBytes`).
 */
export function usableBytes(gpu: Gpu, config: Pick<EstimateConfig, 'mode' | 'engine' | 'util'> & Partial<Pick<EstimateConfig, 'tp' | 'pp'>>): number {
  return servingBudgetBytes(config, gpu.memoryBytes);
}

export function fitOn(
  gpu: Gpu, totalBytes: number, config: Pick<EstimateConfig, 'mode' | 'engine' | 'util'> & Partial<Pick<EstimateConfig, 'tp' | 'pp'>>,
  bounds: Bounds = { lowBytes: totalBytes, highBytes: totalBytes },
): Fit {
  const cap = usableBytes(gpu, config);
  const verdict = bounds.highBytes <= cap ? 'fits' : bounds.lowBytes <= cap ? 'tight' : 'no';
  return {
    gpu: gpu.id, name: gpu.name, memoryBytes: gpu.memoryBytes, fits: totalBytes <= cap, verdict, tight: verdict === 'tight',
    headroomBytes: cap - totalBytes, common: gpu.common, vendor: gpu.vendor,
  };
}

/** The model's context length as its config ships (`maxContext`, rope scaling in config.json included). */
export function modelContextLimit(arch: ModelArch): number {
  return arch.maxContext;
}

/** The longer context an opt-in rope scaling documents (Qwen3: YaRN x4 to 131,072), or null. */
export function optInContext(arch: ModelArch): number | null {
  const a = arch as ModelArch & { readonly usableContext?: number; readonly ropeScaling?: { readonly inConfig: boolean } };
  if (a.usableContext !== undefined && a.usableContext > arch.maxContext && a.ropeScaling && !a.ropeScaling.inConfig) return a.usableContext;
  return null;
}

const QUANT_KV = new Set<string>(['q8_0', 'q4_0']);

/**
 * The warnings of a setup: a sequence or context longer than the model's context length (the
 * positions beyond it were never trained: quality degrades or the engine refuses, vLLM with
 * "User-specified max_model_len is greater than the derived max_model_len"); more concurrent
 * sequences than vLLM/SGLang schedule at once; a quantized llama.cpp V cache without flash
 * attention (llama.cpp refuses: "V cache quantization requires flash_attn"); GGUF KV types on a
 * GPU engine, or fp8/int8 KV on llama.cpp, which their kernels do not take.
 */
export function warningsFor(arch: ModelArch, c: EstimateConfig): ReportWarning[] {
  const out: ReportWarning[] = [];
  const limit = modelContextLimit(arch);
  const serving = c.mode === 'infer';
  const len = serving ? c.context : c.seq;
  const key = serving ? 'context' : 'seq';
  const optIn = optInContext(arch);
  if (len > limit && optIn !== null && len <= optIn) {
    const rs = (arch as ModelArch & { readonly ropeScaling?: { readonly type: string; readonly factor: number } }).ropeScaling;
    out.push({
      code: 'needs_rope_scaling', key,
      message: `\`${key}:${len}\` is beyond ${arch.name}'s shipped context length of ${limit.toLocaleString('en-US')} tokens; the model card documents ${optIn.toLocaleString('en-US')} with ${rs ? `${rs.type} rope scaling x${rs.factor}` : 'rope scaling'} added to config.json (the memory is the same; without it the positions are out of range).`,
    });
  } else if (len > limit) {
    out.push({
      code: 'beyond_model_context', key,
      message: `\`${key}:${len}\` is beyond ${arch.name}'s context length of ${limit.toLocaleString('en-US')} tokens: the memory is estimated, but positions past ${limit.toLocaleString('en-US')} were never trained${serving ? ' (vLLM refuses a max_model_len above it unless VLLM_ALLOW_LONG_MAX_MODEL_LEN=1)' : ''}. Use \`${key}:${limit}\` or a rope-scaled variant.`,
    });
  }
  if (serving && (c.engine === 'vllm' || c.engine === 'sglang')) {
    const maxSeqs = c.engine === 'vllm' ? vllmSettings({ cfg: c }).maxSeqs : c.maxSeqs;
    if (maxSeqs !== null && c.batch > maxSeqs) {
      out.push({ code: 'batch_over_max_seqs', key: 'max_seqs', message: `\`batch:${c.batch}\` is more than the ${maxSeqs} sequences ${c.engine === 'vllm' ? 'vLLM (max_num_seqs)' : 'SGLang (max_running_requests)'} runs at once: the rest wait in the queue. Raise \`max_seqs\` to run them together.` });
    }
  }
  if (serving && c.engine === 'llamacpp' && QUANT_KV.has(c.kv) && c.attention === 'eager') {
    out.push({ code: 'kv_needs_flash_attention', key: 'attention', message: `llama.cpp quantizes the V cache (\`kv:${c.kv}\`) only with flash attention: drop \`attention:eager\` (llama.cpp's default \`-fa auto\` turns it on).` });
  }
  if (serving && c.engine !== 'llamacpp' && QUANT_KV.has(c.kv)) {
    out.push({ code: 'kv_format_engine', key: 'kv', message: `\`kv:${c.kv}\` is a llama.cpp (GGUF) cache type; ${c.engine} caches in 16 bits or fp8: use \`kv:fp8\` or \`engine:llamacpp\`.` });
  }
  if (serving && c.engine === 'llamacpp' && DTYPE_BYTES[c.kv] === 1) {
    out.push({ code: 'kv_format_engine', key: 'kv', message: `llama.cpp has no \`kv:${c.kv}\` cache: its 8-bit cache is \`kv:q8_0\`.` });
  }
  return out;
}

/** Estimate for an already-built config and resolved model (no tips). */
export function estimateBuilt(arch: ModelArch, built: BuiltConfig, target: Gpu | null): Omit<Report, 'tips'> {
  const e = estimate(arch, built);
  const range = estimateRange(e.totalBytes, e.config, arch, e.tokens);
  const bounds = boundsFor(e.totalBytes, range, e.config);
  return {
    ...e,
    range,
    warnings: warningsFor(arch, e.config),
    ...estimateTime(arch, e.config),
    fits: GPUS.map((g) => fitOn(g, e.totalBytes, e.config, bounds)),
    target: target ? fitOn(target, e.totalBytes, e.config, bounds) : null,
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
  return finishResolve(b.value, resolveModel(b.value.config.model), quantGiven(raw));
}

/** Whether the user named a weight format (any alias of `quant`): a checkpoint's own format is then not assumed. */
const quantGiven = (raw: Args): boolean => Object.keys(raw).some((k) => lookupKey(k)?.key === 'quant');

/**
 * Like {@link resolveArgs}, but a model the catalog does not know may come from `lookup`
 * (the Hugging Face Hub resolver, `src/hub/resolve-any.ts`), or from a local config
 * (`config:<path>` on the CLI).
 */
export async function resolveArgsAsync(raw: Args, lookup: (model: string) => Promise<Result<ResolvedModel>> | Result<ResolvedModel>): Promise<Result<Resolved>> {
  const b = buildConfig(raw);
  if (!b.ok) return b;
  return finishResolve(b.value, await lookup(b.value.config.model), quantGiven(raw));
}

function finishResolve(given: BuiltConfig, m: Result<ResolvedModel>, quantNamed: boolean): Result<Resolved> {
  if (!m.ok) return m;
  // A checkpoint that ships quantized (gpt-oss in MXFP4, DeepSeek-V3 in block FP8) is served in its own format unless `quant` says otherwise.
  const attention = withModelAttention(withCheckpointFormat(given, m.value.arch.checkpointQuant, quantNamed), m.value.arch);
  if (!attention.ok) return { ok: false, errors: [attention.error] };
  // The image keys against the model: a VLM's tower and processor, or a coded error on a text model (src/estimator/vision.ts).
  const vision = withVisionInputs(attention.built, m.value.arch);
  if (!vision.ok) return { ok: false, errors: [vision.error] };
  const built = vision.built;
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
