/**
 * Serving (README, "How the estimate is computed": Serving): the KV cache, the transient of one
 * forward pass, the CUDA graphs and the engine's own memory plan, per engine:
 *
 * - `hf` (transformers `generate`): every prompt prefilled at once, a `DynamicCache` that grows by
 *   `torch.cat` (the old and the grown tensor of one layer coexist for a moment), logits of the
 *   last position only.
 * - `vllm` (V1): a paged pool of 16-token blocks sized by the profiler as
 *   `util x total - weights - peak activation of a profile run - non-torch memory`
 *   ({@link vllmPlan}); the profile run is a forward of `max_num_batched_tokens` tokens and a
 *   sampler pass over `max_num_seqs` requests; CUDA graphs are captured after the pool.
 * - `sglang`: a token-granular pool of `mem_fraction_static x memory - weights`
 *   ({@link sglangPlan}); chunked prefill and CUDA graphs live in the rest of the card.
 * - `llamacpp`: GGUF weights split by `ngl` between the GPU and host RAM (the token embeddings
 *   always on the CPU, the output layer offloaded first), a KV cache of the whole context for the
 *   offloaded layers only, and a compute buffer sized for one ubatch ({@link llamacppLayout}).
 *
 * Every function here is pure; the engine defaults that depend on the card read the GPU named in
 * the config (`gpu:`), or assume the large-card defaults when none is named.
 */
import { GPUS, type Gpu } from '../catalog/gpus';
import {
  CUBLAS_WORKSPACE_BYTES, CUDA_CONTEXT_BYTES, DTYPE_BYTES, LLAMACPP_ACT_BYTES, LLAMACPP_CTX_PAD, LLAMACPP_N_UBATCH,
  SGLANG_RESERVED_BASE_MIB, SGLANG_RESERVED_FLOOR_LARGE_MIB, SGLANG_RESERVED_PER_GPU_MIB, SGLANG_RESERVED_PER_GRAPH_BS_MIB,
  SGLANG_RESERVED_PER_PREFILL_TOKEN_MIB, SGLANG_REQ_POOL_MAX, SGLANG_REQ_POOL_MIN, SGLANG_TIERS, SGLANG_UNKNOWN_CARD,
  VLLM_BLOCK_TOKENS, VLLM_CUDA_GRAPH_BYTES, VLLM_CUDA_GRAPH_DEFAULT_COUNT, VLLM_GPU_MEMORY_UTILIZATION, VLLM_LARGE_CARD_BYTES,
  VLLM_MAX_CUDA_GRAPH_SIZE, VLLM_MAX_NUM_BATCHED_TOKENS, VLLM_MAX_NUM_BATCHED_TOKENS_SMALL, VLLM_MAX_NUM_SEQS_LARGE,
  VLLM_MAX_NUM_SEQS_SMALL, VLLM_SAMPLER_BYTES_PER_LOGIT,
} from './constants';
import { bytes as b, count, fx, type Formula } from './formula';
import { dequantBufferBytes, type GgufPlacement } from './quant';
import { effectiveMlpWidth, type Setup } from './setup';
import { hfVisionForwardBytes, vllmEncoderProfile } from './vision';

const MiB = 1024 * 1024;
const cdiv = (a: number, d: number): number => Math.ceil(a / d);
const sumOf = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0);
const pad = (n: number, to: number): number => Math.ceil(n / to) * to;

// ─── the card and the engine's settings ────────────────────────────────────────────────────

/** The GPU the config names (`gpu:`), from the catalog; null when none is named. */
export function servingGpu(s: Pick<Setup, 'cfg'>): Gpu | null {
  const id = s.cfg.gpu;
  return id === null ? null : GPUS.find((g) => g.id === id) ?? null;
}

/** vLLM's server defaults for this card (vllm/engine/arg_utils.py `get_batch_defaults`; constants.ts). */
export function vllmDefaults(gpu: Pick<Gpu, 'id' | 'name' | 'memoryBytes'> | null): { batchedTokens: number; maxSeqs: number } {
  const large = gpu === null || (gpu.memoryBytes >= VLLM_LARGE_CARD_BYTES && !/a100/i.test(`${gpu.id} ${gpu.name}`));
  return large
    ? { batchedTokens: VLLM_MAX_NUM_BATCHED_TOKENS, maxSeqs: VLLM_MAX_NUM_SEQS_LARGE }
    : { batchedTokens: VLLM_MAX_NUM_BATCHED_TOKENS_SMALL, maxSeqs: VLLM_MAX_NUM_SEQS_SMALL };
}

/** The piecewise and full-decode CUDA graph sizes vLLM captures (vllm/config/vllm.py `_set_cudagraph_sizes`). */
export function vllmCaptureSizes(maxSeqs: number, batchedTokens: number): { piecewise: number[]; full: number[] } {
  const max = Math.min(maxSeqs * 2, VLLM_MAX_CUDA_GRAPH_SIZE, batchedTokens);
  const all = [1, 2, 4];
  for (let x = 8; x < 256; x += 8) all.push(x);
  for (let x = 256; x <= max; x += 16) all.push(x);
  const piecewise = all.filter((x) => x <= max);
  return { piecewise, full: piecewise.filter((x) => x <= maxSeqs) };
}

export interface VllmSettings {
  readonly util: number;
  readonly batchedTokens: number;
  readonly maxSeqs: number;
  readonly eager: boolean;
  /** Which of util, batched tokens and max seqs came from vLLM's defaults. */
  readonly defaulted: readonly ('util' | 'batched_tokens' | 'max_seqs')[];
}

export function vllmSettings(s: Pick<Setup, 'cfg'>, gpu: Gpu | null = servingGpu(s)): VllmSettings {
  const d = vllmDefaults(gpu);
  const c = s.cfg;
  const defaulted: VllmSettings['defaulted'][number][] = [];
  if (c.util === null) defaulted.push('util');
  if (c.batchedTokens === null) defaulted.push('batched_tokens');
  if (c.maxSeqs === null) defaulted.push('max_seqs');
  return { util: c.util ?? VLLM_GPU_MEMORY_UTILIZATION, batchedTokens: c.batchedTokens ?? d.batchedTokens, maxSeqs: c.maxSeqs ?? d.maxSeqs, eager: c.eager, defaulted };
}

export interface SglangSettings {
  readonly memFractionStatic: number;
  readonly chunkedPrefill: number;
  readonly cudaGraphMaxBs: number;
  readonly maxRunning: number | null;
  readonly eager: boolean;
}

/**
 * SGLang's GPU-memory-dependent defaults (python/sglang/srt/server_args.py
 * `_handle_gpu_memory_settings`): chunked prefill size and CUDA graph batch size by card tier,
 * then `mem_fraction_static = round((gpu_mem - reserved) / gpu_mem, 3)` in MiB.
 */
export function sglangDefaults(gpuMiB: number | null, tp = 1, pp = 1): Omit<SglangSettings, 'maxRunning' | 'eager'> {
  if (gpuMiB === null) return { memFractionStatic: SGLANG_UNKNOWN_CARD.memFractionStatic, chunkedPrefill: SGLANG_UNKNOWN_CARD.chunk, cudaGraphMaxBs: SGLANG_UNKNOWN_CARD.graphBs };
  const tier = SGLANG_TIERS.find((t) => gpuMiB < t.belowMiB) ?? SGLANG_TIERS[SGLANG_TIERS.length - 1];
  const chunkedPrefill = tier?.chunk ?? SGLANG_UNKNOWN_CARD.chunk;
  const cudaGraphMaxBs = tp >= 4 ? tier?.graphBsTp4 ?? 160 : tier?.graphBs ?? 160;
  let reserved = SGLANG_RESERVED_BASE_MIB + Math.max(chunkedPrefill, 2048) * SGLANG_RESERVED_PER_PREFILL_TOKEN_MIB
    + cudaGraphMaxBs * SGLANG_RESERVED_PER_GRAPH_BS_MIB + tp * pp * SGLANG_RESERVED_PER_GPU_MIB;
  if (gpuMiB > 60 * 1024) reserved = Math.max(reserved, SGLANG_RESERVED_FLOOR_LARGE_MIB);
  return { memFractionStatic: Math.round(((gpuMiB - reserved) / gpuMiB) * 1000) / 1000, chunkedPrefill, cudaGraphMaxBs };
}

export function sglangSettings(s: Pick<Setup, 'cfg'>, gpu: Gpu | null = servingGpu(s)): SglangSettings {
  const c = s.cfg;
  const d = sglangDefaults(gpu === null ? null : gpu.memoryBytes / MiB, c.tp ?? 1, c.pp ?? 1);
  return {
    memFractionStatic: c.util ?? d.memFractionStatic,
    chunkedPrefill: c.batchedTokens ?? d.chunkedPrefill,
    cudaGraphMaxBs: c.maxSeqs !== null ? Math.min(c.maxSeqs, d.cudaGraphMaxBs) : d.cudaGraphMaxBs,
    maxRunning: c.maxSeqs,
    eager: c.eager,
  };
}

// ─── the KV cache ──────────────────────────────────────────────────────────────────────────

/** Layers that attend over the full context vs a sliding window. */
export function layerSplit(s: Pick<Setup, 'arch'>): { fullLayers: number; windowLayers: number } {
  const a = s.arch;
  if (a.slidingWindow === null || a.slidingFraction <= 0) return { fullLayers: a.layers, windowLayers: 0 };
  const windowLayers = Math.round(a.layers * a.slidingFraction);
  return { fullLayers: a.layers - windowLayers, windowLayers };
}

/** Bytes of cache one token adds in one full-attention layer (K and V; MLA: the latent and the rope key). */
export function kvBytesPerTokenPerLayer(s: Pick<Setup, 'arch' | 'cfg'>): number {
  const a = s.arch;
  const kvb = DTYPE_BYTES[s.cfg.kv];
  // MLA caches the compressed latent plus the shared rope key (vLLM/SGLang layout).
  if (a.mla) return (a.mla.kvLoraRank + a.mla.qkRopeHeadDim) * kvb;
  return 2 * a.kvHeads * a.headDim * kvb;
}

/** Tokens of the whole context llama.cpp allocates: `context x batch` (one slot per sequence), padded to 256. */
export function llamacppContextTokens(s: Pick<Setup, 'cfg'>): number {
  return pad(s.cfg.context * s.cfg.batch, LLAMACPP_CTX_PAD);
}

/**
 * KV cache the config holds, by engine:
 * - hf, sglang: `2 x kv_heads x head_dim x bytes(kv)` per token per layer over `context x batch`
 *   tokens (SGLang pages by token, page size 1); sliding-window layers hold at most `window`;
 * - vllm: whole 16-token blocks per sequence (a sliding-window group holds
 *   `cdiv(min(window - 1 + max_num_batched_tokens, context), 16) + 1` blocks, vllm/v1/kv_cache_interface.py
 *   `SlidingWindowSpec.max_memory_usage_bytes`);
 * - llamacpp: the whole padded context for the offloaded layers only (the rest is in host RAM);
 *   window layers hold `min(n_ctx, window x seqs + n_ubatch)` (src/llama-kv-cache-iswa.cpp);
 * - MLA holds `kv_lora_rank + rope dim` per token per layer.
 */
export function kvCacheBytes(s: Setup): { bytes: number; formula: () => Formula } {
  const a = s.arch;
  const per = kvBytesPerTokenPerLayer(s);
  const { fullLayers, windowLayers } = layerSplit(s);
  const kvDtype = DTYPE_BYTES[s.cfg.kv];
  const what = a.mla
    ? `(kv_lora_rank ${a.mla.kvLoraRank} + rope ${a.mla.qkRopeHeadDim}) x ${kvDtype} B`
    : `2 x ${a.kvHeads} KV heads x ${a.headDim} x ${Number(kvDtype.toFixed(4))} B`;
  if (s.cfg.engine === 'vllm') {
    const v = vllmSettings(s);
    const perSeq = vllmBlocksPerRequest(s, s.cfg.context, v.batchedTokens);
    const bytes = per * VLLM_BLOCK_TOKENS * s.cfg.batch * (fullLayers * perSeq.full + windowLayers * perSeq.window);
    const layers = windowLayers > 0
      ? `(${fullLayers} layers x ${perSeq.full} + ${windowLayers} window layers x ${perSeq.window}) blocks of ${VLLM_BLOCK_TOKENS} tokens`
      : `${fullLayers} layers x ${perSeq.full} blocks of ${VLLM_BLOCK_TOKENS} tokens`;
    return { bytes, formula: () => fx`${what} x ${layers} x batch ${s.cfg.batch} = ${b(bytes)}` };
  }
  if (s.cfg.engine === 'llamacpp') {
    const lay = llamacppLayout(s);
    const n = llamacppContextTokens(s);
    const winTokens = Math.min(n, (a.slidingWindow ?? n) * s.cfg.batch + LLAMACPP_N_UBATCH);
    const bytes = per * (lay.gpuFullLayers * n + lay.gpuWindowLayers * winTokens);
    const layers = lay.gpuWindowLayers > 0
      ? `(${lay.gpuFullLayers} offloaded layers x ${n} + ${lay.gpuWindowLayers} window layers x ${winTokens}) tokens`
      : `${lay.gpuFullLayers} offloaded layers x n_ctx ${n} (context x ${s.cfg.batch} slots, padded to ${LLAMACPP_CTX_PAD})`;
    return { bytes, formula: () => fx`${what} x ${layers} = ${b(bytes)}` };
  }
  const ctx = s.cfg.context;
  const win = Math.min(ctx, a.slidingWindow ?? ctx);
  const bytes = per * s.cfg.batch * (fullLayers * ctx + windowLayers * win);
  const layers = windowLayers > 0 ? `(${fullLayers} layers x ${ctx} + ${windowLayers} window layers x ${win}) tokens` : `${fullLayers} layers x ${ctx} tokens`;
  return { bytes, formula: () => fx`${what} x ${layers} x batch ${s.cfg.batch} = ${b(bytes)}` };
}

/**
 * transformers `DynamicCache` (the default cache of `generate`): each decode step
 * `DynamicLayer.update` does `self.keys = torch.cat([self.keys, key_states], dim=-2)` (and the
 * same for values; transformers src/transformers/cache_utils.py), so while one layer's K is
 * replaced the old and the grown tensor are both alive: one layer's K of the full context on top
 * of the cache. That is a decode-time transient, far smaller than the prefill transient that sets
 * the serving peak (16 MiB against ~1 GiB for Llama-3.1-8B at 8192 tokens), so it is reported
 * here and not added to the peak.
 */
export function hfCacheGrowthBytes(s: Pick<Setup, 'arch' | 'cfg'>): number {
  if (s.cfg.engine !== 'hf') return 0;
  return (kvBytesPerTokenPerLayer(s) / (s.arch.mla ? 1 : 2)) * s.cfg.batch * s.cfg.context;
}

/** Blocks one request of `context` tokens holds in vLLM, for a full-attention layer and for a sliding-window layer. */
export function vllmBlocksPerRequest(s: Pick<Setup, 'arch'>, context: number, batchedTokens: number): { full: number; window: number } {
  const w = s.arch.slidingWindow;
  const full = cdiv(context, VLLM_BLOCK_TOKENS);
  if (w === null) return { full, window: full };
  // SlidingWindowSpec.max_memory_usage_bytes: the last window - 1 tokens plus the newly scheduled ones, +1 block of misalignment.
  const window = cdiv(Math.min(w - 1 + batchedTokens, context), VLLM_BLOCK_TOKENS) + 1;
  return { full, window: Math.min(window, full + 1) };
}

// ─── activations ───────────────────────────────────────────────────────────────────────────

/** Tokens one forward processes at the peak: vLLM's profile run and SGLang's chunks; HF takes every prompt at once; llama.cpp one ubatch. */
export function prefillTokens(s: Setup): number {
  switch (s.cfg.engine) {
    case 'vllm': return vllmSettings(s).batchedTokens;
    case 'sglang': return Math.min(s.tokens, sglangSettings(s).chunkedPrefill);
    case 'llamacpp': return Math.min(llamacppContextTokens(s), LLAMACPP_N_UBATCH);
    default: return hfPromptTokens(s);
  }
}

/**
 * HF generate's one prefill: every sequence's prompt, `context - output` tokens (`output`:
 * max_new_tokens; without it the whole context is prompt). The decoding that follows runs one
 * token per sequence per step.
 */
export function hfPromptTokens(s: Setup): number {
  const out = s.cfg.output ?? 0;
  return Math.max(s.cfg.batch, s.tokens - s.cfg.batch * out);
}

/**
 * HF generate with `output`: the KV cache the decoding adds after the prefill (the cache of the
 * last `output` tokens per sequence). The prefill happens while the cache holds only the
 * prompts, so the serve peak is the larger of (cache of the prompts + the prefill transient) and
 * (the full cache + one decode step): with the cache counted at the full context, what the
 * activations add on top is max(prefill transient - this, one decode step's transient).
 */
export function hfOutputCacheBytes(s: Setup): number {
  if (s.cfg.engine !== 'hf' || !s.cfg.output) return 0;
  const prompt = { ...s, cfg: { ...s.cfg, context: s.cfg.context - s.cfg.output } };
  return kvCacheBytes(s).bytes - kvCacheBytes(prompt).bytes;
}

/**
 * The largest transient of one forward over T tokens (no autograd): the MLP's three f-wide
 * intermediates (activation, up, product) or attention's q, k, v, output (eager adds the
 * `heads x context x T` scores in p and their fp32 softmax), plus three residual-width buffers.
 * A bitsandbytes-quantized model also holds the dequantized 16-bit copy of the weight in use.
 * Checked against vLLM's own profile (issue #10517, RTX 3090, Llama-3.1-8B: 2.07 GiB at 20,000
 * tokens and 2.99 GiB at 29,000; this gives 2.06 and 2.99).
 */
export function forwardTransientBytes(s: Setup, T: number): number {
  const a = s.arch;
  const p = s.p;
  const mlp = 3 * p * effectiveMlpWidth(s) * T;
  let attn = p * (2 * a.heads + 2 * a.kvHeads) * a.headDim * T;
  if (s.cfg.attention === 'eager') attn += (4 + p) * a.heads * Math.min(s.cfg.context, T) * T;
  return Math.max(mlp, attn) + 3 * s.r * a.hidden * T + dequantBufferBytes(s);
}

/**
 * vLLM's sampler pass of the profile run: logits and the top-k/top-p sampler over
 * `min(max_num_seqs, max_num_batched_tokens)` dummy requests, while the forward's hidden states
 * are still alive ({@link VLLM_SAMPLER_BYTES_PER_LOGIT}).
 */
export function vllmSamplerBytes(s: Setup): number {
  const v = vllmSettings(s);
  const reqs = Math.min(v.maxSeqs, v.batchedTokens);
  return reqs * s.arch.vocab * VLLM_SAMPLER_BYTES_PER_LOGIT + v.batchedTokens * s.arch.hidden * s.p;
}

/**
 * The forward's activation peak, by engine: HF the forward transient over every prompt token;
 * vLLM the forward of its profile run over `max_num_batched_tokens` (reserved whatever the
 * batch); SGLang one chunked-prefill chunk; llama.cpp the compute buffer
 * ({@link llamacppComputeBufferBytes}). vLLM's sampler pass is {@link vllmProfilePeakBytes}.
 */
export function prefillBytes(s: Setup): number {
  switch (s.cfg.engine) {
    case 'llamacpp': return llamacppComputeBufferBytes(s);
    // HF generate runs a VLM's tower over the batch's images before the text prefill (src/estimator/vision.ts `hfVisionForwardBytes`).
    default: {
      const prefill = forwardTransientBytes(s, prefillTokens(s));
      const lead = hfOutputCacheBytes(s);
      const text = lead > 0 ? Math.max(prefill - lead, forwardTransientBytes(s, s.cfg.batch)) : prefill;
      return Math.max(text, s.cfg.engine === 'hf' ? hfVisionForwardBytes(s) : 0);
    }
  }
}

/**
 * The torch peak increase of vLLM's profile run, which its profiler subtracts from the budget:
 * the larger of the forward over `max_num_batched_tokens` and the sampler pass over
 * `min(max_num_seqs, max_num_batched_tokens)` requests (gpu_model_runner.py `profile_run`).
 */
export function vllmProfilePeakBytes(s: Setup): number {
  const text = Math.max(forwardTransientBytes(s, vllmSettings(s).batchedTokens), vllmSamplerBytes(s));
  // A VLM: the encoder's profiling pass first, its outputs cached through the text run (src/estimator/vision.ts `vllmEncoderProfile`).
  const enc = vllmEncoderProfile(s, vllmSettings(s).batchedTokens);
  return enc ? Math.max(enc.encoderBytes, enc.cacheBytes + text) : text;
}

export const KV_SOURCE = 'K and V per layer per token; vLLM 16-token blocks (kv_cache_interface.py); SGLang token pool; llama.cpp n_ctx padded to 256, offloaded layers only; HF DynamicCache torch.cat';
export const PREFILL_SOURCE = 'HF forward without autograd; vLLM profile_run (max_num_batched_tokens forward + sampler over max_num_seqs); SGLang chunked prefill; llama.cpp compute buffer (graph_reserve)';

/** The arithmetic of {@link vllmProfilePeakBytes}. */
export function vllmProfileFormula(s: Setup): Formula {
  const v = vllmSettings(s);
  const enc = vllmEncoderProfile(s, v.batchedTokens);
  const encoder = enc ? fx`; vision encoder profiled over ${enc.items} largest images (${enc.layout.note}): ${b(enc.encoderBytes)}, its outputs cached ${b(enc.cacheBytes)} through the text run` : [];
  return fx`vLLM profile run: max(forward over max_num_batched_tokens ${count(v.batchedTokens)} = ${b(forwardTransientBytes(s, v.batchedTokens))}, sampler over ${count(Math.min(v.maxSeqs, v.batchedTokens))} requests x V ${count(s.arch.vocab)} x ${VLLM_SAMPLER_BYTES_PER_LOGIT} B = ${b(vllmSamplerBytes(s))})${encoder} = ${b(vllmProfilePeakBytes(s))}`;
}

/** The arithmetic of {@link prefillBytes}. */
export function prefillFormula(s: Setup, bytes: number): Formula {
  switch (s.cfg.engine) {
    case 'vllm': return fx`vLLM profile run: forward over max_num_batched_tokens ${count(prefillTokens(s))} = ${b(bytes)}`;
    case 'llamacpp': return fx`llama.cpp compute buffer for one ubatch of ${count(prefillTokens(s))} tokens = ${b(bytes)}`;
    case 'sglang': return fx`largest transient of one chunked-prefill forward over ${count(prefillTokens(s))} tokens = ${b(bytes)}`;
    default: {
      const lead = hfOutputCacheBytes(s);
      if (lead > 0) return fx`prefill over ${count(prefillTokens(s))} prompt tokens ${b(forwardTransientBytes(s, prefillTokens(s)))} while the cache lacks the ${count(s.cfg.output ?? 0)} output tokens per sequence (${b(lead)}); beside the full cache that is max(${b(forwardTransientBytes(s, prefillTokens(s)))} - ${b(lead)}, one decode step ${b(forwardTransientBytes(s, s.cfg.batch))}) = ${b(bytes)}`;
      return fx`largest prefill transient over ${count(prefillTokens(s))} tokens = ${b(bytes)}`;
    }
  }
}

// ─── CUDA graphs ───────────────────────────────────────────────────────────────────────────

/**
 * CUDA graph memory: vLLM about half a GiB for the default 86 graphs, scaled by the number it
 * captures (constants.ts `VLLM_CUDA_GRAPH_BYTES`); SGLang `cuda_graph_max_bs x 2 MiB` (the
 * allowance server_args.py reserves for them); none with `eager:true` (vLLM `enforce_eager`,
 * SGLang `disable_cuda_graph`), for HF generate and for llama.cpp.
 */
export function cudaGraphBytes(s: Setup): number {
  if (s.train || s.cfg.eager) return 0;
  if (s.cfg.engine === 'vllm') {
    const v = vllmSettings(s);
    const sizes = vllmCaptureSizes(v.maxSeqs, v.batchedTokens);
    return (VLLM_CUDA_GRAPH_BYTES * (sizes.piecewise.length + sizes.full.length)) / VLLM_CUDA_GRAPH_DEFAULT_COUNT;
  }
  if (s.cfg.engine === 'sglang') return sglangSettings(s).cudaGraphMaxBs * SGLANG_RESERVED_PER_GRAPH_BS_MIB * MiB;
  return 0;
}

export const CUDA_GRAPHS_FORMULA = (s: Setup): Formula => {
  if (s.cfg.engine === 'vllm') {
    const v = vllmSettings(s);
    const sz = vllmCaptureSizes(v.maxSeqs, v.batchedTokens);
    return fx`${sz.piecewise.length} piecewise + ${sz.full.length} full graphs / ${VLLM_CUDA_GRAPH_DEFAULT_COUNT} x ${b(VLLM_CUDA_GRAPH_BYTES)} = ${b(cudaGraphBytes(s))}`;
  }
  return fx`cuda_graph_max_bs ${sglangSettings(s).cudaGraphMaxBs} x 2 MiB = ${b(cudaGraphBytes(s))}`;
};

// ─── llama.cpp ─────────────────────────────────────────────────────────────────────────────

export interface LlamacppLayout {
  /** Value of `-ngl` in effect (null in the config = all: `n_layer + 1`). */
  readonly ngl: number;
  readonly gpuBlocks: number;
  readonly cpuBlocks: number;
  readonly outputOnGpu: boolean;
  readonly gpuFullLayers: number;
  readonly gpuWindowLayers: number;
}

/**
 * Where llama.cpp puts the layers (src/llama-model.cpp `load_tensors`): with `-ngl k` the slots
 * are counted from the tail, the output layer first: `i_gpu_start = max(n_layer + 1 - k, 0)`, so
 * the GPU holds the output layer (any k >= 1) and the last `k - 1` blocks; k = n_layer leaves
 * block 0 on the CPU, only k >= n_layer + 1 (the default `-1` = all) offloads everything. The
 * input layer (token embeddings) always stays on the CPU ("there is very little benefit to
 * offloading the input layer"). Builds before the `n_layer_all` change used
 * `i_gpu_start = max(n_layer - k, 0)`: there the output layer joined only when k > n_layer.
 */
export function llamacppLayout(s: Pick<Setup, 'arch' | 'cfg'>): LlamacppLayout {
  const L = s.arch.layers;
  const ngl = Math.min(s.cfg.ngl ?? L + 1, L + 1);
  const gpuBlocks = Math.max(0, ngl - 1);
  const { windowLayers } = layerSplit(s);
  // Window layers are interleaved; the offloaded tail holds its share of them.
  const gpuWindowLayers = L === 0 ? 0 : Math.round((gpuBlocks * windowLayers) / L);
  return { ngl, gpuBlocks, cpuBlocks: L - gpuBlocks, outputOnGpu: ngl >= 1, gpuFullLayers: gpuBlocks - gpuWindowLayers, gpuWindowLayers };
}

/**
 * llama.cpp's compute buffer on the GPU ("CUDA0 compute buffer size"): ggml-alloc's peak over the
 * worst-case graph of one ubatch of `ub = min(n_ctx, n_ubatch = 512)` tokens with every token an
 * output (llama-context.cpp `graph_reserve`). The larger of the output stage (f32 logits `V x ub`
 * plus one `h x ub` f32 row block, when the output layer is on the GPU) and a layer's stage (the
 * f32 gate and up `2 f x ub`, two `h x ub` blocks and, without flash attention
 * (`attention:eager`), the f32 scores `heads x n_ctx x ub`). llama.cpp enables flash attention
 * by default where the GPU supports it (`-fa auto`). Checked against a published log (llamafile
 * PR #552, RTX 4080, TriLM 3.9B, n_ctx 512, no FA: 105.00 MiB; this gives 105.0 MiB).
 */
export function llamacppComputeBufferBytes(s: Setup): number {
  const a = s.arch;
  const lay = llamacppLayout(s);
  const nCtx = llamacppContextTokens(s);
  const ub = Math.min(nCtx, LLAMACPP_N_UBATCH);
  const f = LLAMACPP_ACT_BYTES;
  const output = lay.outputOnGpu ? a.vocab * ub * f + a.hidden * ub * f : 0;
  const scores = s.cfg.attention === 'eager' ? a.heads * nCtx * ub * f : 0;
  const layer = lay.gpuBlocks > 0 ? 2 * effectiveMlpWidth(s) * ub * f + 2 * a.hidden * ub * f + scores : 0;
  return Math.max(output, layer);
}

/** Parameters of the token embeddings, of one decoder block, and of the output layer (a tied head is duplicated for the output layer). */
function llamacppParamSplit(s: Pick<Setup, 'arch' | 'params'>): { input: number; perBlock: number; output: number } {
  const p = s.params;
  const input = p.embedding + p.positional;
  const output = p.lmHead > 0 ? p.lmHead : s.arch.vocab * s.arch.hidden;
  const perBlock = s.arch.layers > 0 ? (p.total - p.extra - input - p.lmHead) / s.arch.layers : 0;
  return { input, perBlock, output };
}

/**
 * Weight bytes on the GPU: all of them for the GPU engines; for llama.cpp the offloaded blocks and
 * the output layer at the model's average bytes per parameter (`totalWeightBytes` is what the
 * estimator computes for the format, GGUF included). A tied output layer is a copy of the token
 * embeddings, so it adds to the total rather than moving part of it.
 */
export function servingGpuWeightBytes(s: Setup, totalWeightBytes: number, gguf?: GgufPlacement): number {
  if (s.train || s.cfg.engine !== 'llamacpp') return totalWeightBytes;
  const lay = llamacppLayout(s);
  // Tensor by tensor (quant.ts `ggufWeights`): the offloaded blocks are the last ones.
  if (gguf) return sumOf(gguf.blockBytes.slice(gguf.blockBytes.length - lay.gpuBlocks)) + (lay.outputOnGpu ? gguf.outputBytes : 0);
  const sp = llamacppParamSplit(s);
  const perParam = totalWeightBytes / Math.max(1, s.params.total);
  return perParam * (lay.gpuBlocks * sp.perBlock + (lay.outputOnGpu ? sp.output : 0));
}

/**
 * Host RAM the serving engine holds beyond the process itself: for llama.cpp the weights left on
 * the CPU (token embeddings, the blocks not offloaded, the output layer when it is not, mapped
 * from the GGUF file), their KV cache, and the pinned output buffer (`V x 4 B` per sequence,
 * "CUDA_Host output buffer size"). Nothing for the GPU engines. For estimate.ts `hostRam`.
 */
export function servingHostBytes(s: Setup, totalWeightBytes: number, gguf?: GgufPlacement): { bytes: number; parts: { label: string; bytes: number }[] } {
  const parts: { label: string; bytes: number }[] = [];
  if (s.train || s.cfg.engine !== 'llamacpp') return { bytes: 0, parts };
  const lay = llamacppLayout(s);
  const sp = llamacppParamSplit(s);
  const perParam = totalWeightBytes / Math.max(1, s.params.total);
  const untiedHead = s.params.lmHead > 0 ? sp.output : 0;
  const cpuWeights = gguf
    ? gguf.inputBytes + sumOf(gguf.blockBytes.slice(0, lay.cpuBlocks)) + (lay.outputOnGpu || gguf.outputDuplicated ? 0 : gguf.outputBytes)
    : perParam * (sp.input + lay.cpuBlocks * sp.perBlock + (lay.outputOnGpu ? 0 : untiedHead));
  parts.push({ label: `llama.cpp weights on the CPU (token embeddings${lay.cpuBlocks > 0 ? ` + ${lay.cpuBlocks} blocks` : ''}${lay.outputOnGpu ? '' : ' + output layer'})`, bytes: cpuWeights });
  const { windowLayers } = layerSplit(s);
  const cpuWindow = windowLayers - lay.gpuWindowLayers;
  const n = llamacppContextTokens(s);
  const winTokens = Math.min(n, (s.arch.slidingWindow ?? n) * s.cfg.batch + LLAMACPP_N_UBATCH);
  const cpuKv = kvBytesPerTokenPerLayer(s) * ((lay.cpuBlocks - cpuWindow) * n + cpuWindow * winTokens);
  if (cpuKv > 0) parts.push({ label: `llama.cpp KV cache of the ${lay.cpuBlocks} CPU layers`, bytes: cpuKv });
  parts.push({ label: 'llama.cpp output buffer (f32 logits per sequence)', bytes: s.arch.vocab * 4 * s.cfg.batch });
  return { bytes: parts.reduce((x, p) => x + p.bytes, 0), parts };
}

// ─── the engine's memory plan: the KV pool and what it admits ──────────────────────────────

/** The engine's own arithmetic on one card: its budget, what it subtracts, and the KV pool it keeps. */
export interface ServingPlan {
  readonly engine: 'vllm' | 'sglang';
  /** vLLM: util x total; SGLang: mem_fraction_static x the memory free at start. */
  readonly budgetBytes: number;
  readonly util: number;
  readonly weightsBytes: number;
  /** Peak activation the engine subtracts (vLLM: its profile run) or leaves outside the budget (SGLang). */
  readonly activationBytes: number;
  readonly nonTorchBytes: number;
  readonly cudaGraphBytes: number;
  /** Whether the graphs come out of the budget (false: they live in the rest of the card). */
  readonly graphsInBudget: boolean;
  readonly kvPoolBytes: number;
  /** vLLM: blocks of 16 tokens; SGLang: null (token pool). */
  readonly blocks: number | null;
  readonly blockTokens: number;
  /** "GPU KV cache size: N tokens" (vLLM) / "KV Cache is allocated. #tokens: N" (SGLang). */
  readonly kvCacheTokens: number;
  /** "Maximum concurrency for {context} tokens per request: Y.YYx" as vLLM computes it (SGLang: tokens / context). */
  readonly maxConcurrency: number;
  readonly maxSeqs: number;
  /** Sequences of `context` tokens the engine runs at once: floor(maxConcurrency), capped by max_num_seqs / max_running_requests. */
  readonly concurrentSeqs: number;
  readonly limitedBy: 'kv-cache' | 'max_seqs';
  /** Whether a single request of `context` tokens fits (vLLM refuses to start otherwise). */
  readonly oneRequestFits: boolean;
  /** What nvidia-smi shows once the engine is up: the CUDA context, the budget, and what lives outside it. */
  readonly nvidiaSmiBytes: number;
  /** Whether that fits on the card (util too high: the graphs or the context overflow it). */
  readonly fitsCard: boolean;
  readonly batchedTokens: number;
  readonly context: number;
}

/** Blocks of the vLLM pool and the blocks one request of `context` tokens needs, layer groups included (kv_cache_utils.py). */
export function vllmPoolBlocks(s: Setup, poolBytes: number, context: number, batchedTokens: number): { blocks: number; tokens: number; perRequest: number } {
  const pageBytes = kvBytesPerTokenPerLayer(s) * VLLM_BLOCK_TOKENS;
  const { fullLayers, windowLayers } = layerSplit(s);
  const per = vllmBlocksPerRequest(s, context, batchedTokens);
  if (windowLayers === 0 || fullLayers === 0) {
    // One KV cache type: each layer its own tensor of num_blocks pages (_get_kv_cache_config_uniform_type).
    const blocks = Math.max(0, Math.floor(poolBytes / pageBytes / s.arch.layers));
    return { blocks, tokens: blocks * VLLM_BLOCK_TOKENS, perRequest: windowLayers > 0 ? per.window : per.full };
  }
  // Hybrid (full + sliding window): groups of `group` layers share `group` tensors (_get_kv_cache_config_uniform_page_size).
  const group = Math.min(fullLayers, windowLayers);
  const fullGroups = cdiv(fullLayers, group);
  const windowGroups = cdiv(windowLayers, group);
  const blocks = Math.max(0, Math.floor(poolBytes / pageBytes / group));
  const tokens = Math.floor(blocks / (fullGroups + windowGroups)) * VLLM_BLOCK_TOKENS;
  return { blocks, tokens, perRequest: fullGroups * per.full + windowGroups * per.window };
}

/**
 * vLLM's KV pool on this card, as `Worker.determine_available_memory` computes it:
 * `util x total - (weights + torch peak increase of the profile run + non-torch increase)`
 * (v1/worker/gpu_worker.py, utils/mem_utils.py `memory_profiling`); then blocks = pool / page /
 * layers, "GPU KV cache size" = blocks x 16 tokens and "Maximum concurrency" = blocks /
 * cdiv(context, 16) (v1/core/kv_cache_utils.py `get_num_blocks`,
 * `get_max_concurrency_for_kv_cache_config`). The CUDA context exists before vLLM's start
 * snapshot and the graphs are captured after the pool, so both sit outside the budget.
 * Non-torch memory here: the cuBLAS workspace (NCCL buffers under tp are the parallelism model's).
 */
export function vllmPlan(s: Setup, gpu: Gpu, weightsBytes: number): ServingPlan {
  const v = vllmSettings(s, gpu);
  const budget = v.util * gpu.memoryBytes;
  const activation = vllmProfilePeakBytes(s);
  const nonTorch = CUBLAS_WORKSPACE_BYTES;
  const graphs = cudaGraphBytes(s);
  const pool = Math.max(0, budget - weightsBytes - activation - nonTorch);
  const blk = vllmPoolBlocks(s, pool, s.cfg.context, v.batchedTokens);
  const maxConcurrency = blk.perRequest > 0 ? blk.blocks / blk.perRequest : 0;
  const byMemory = Math.floor(maxConcurrency + 1e-9);
  const concurrentSeqs = Math.min(byMemory, v.maxSeqs);
  const nvidiaSmi = CUDA_CONTEXT_BYTES + budget + graphs;
  return {
    engine: 'vllm', budgetBytes: budget, util: v.util, weightsBytes, activationBytes: activation, nonTorchBytes: nonTorch,
    cudaGraphBytes: graphs, graphsInBudget: false, kvPoolBytes: pool, blocks: blk.blocks, blockTokens: VLLM_BLOCK_TOKENS,
    kvCacheTokens: blk.tokens, maxConcurrency, maxSeqs: v.maxSeqs, concurrentSeqs, limitedBy: byMemory > v.maxSeqs ? 'max_seqs' : 'kv-cache',
    oneRequestFits: byMemory >= 1, nvidiaSmiBytes: nvidiaSmi, fitsCard: nvidiaSmi <= gpu.memoryBytes, batchedTokens: v.batchedTokens, context: s.cfg.context,
  };
}

/** Bytes of one token in SGLang's pool, every layer (model_runner.py `profile_max_num_token` `cell_size`). */
export function sglangCellBytes(s: Pick<Setup, 'arch' | 'cfg'>): number {
  return kvBytesPerTokenPerLayer(s) * s.arch.layers;
}

/**
 * SGLang's token pool on this card (python/sglang/srt/model_executor/model_runner.py
 * `profile_max_num_token`): `rest = available after weights - total x (1 - mem_fraction_static)`
 * in GiB, `max_total_num_tokens = rest / cell_size`, where `total` is the memory free when the
 * model runner starts (the card less the CUDA context) and the available memory is that less the
 * weights: `rest = frac x (card - context) - weights`. Pages of 1 token (no block rounding); the
 * chunked-prefill activations and CUDA graphs use the (1 - frac) rest of the card.
 */
export function sglangPlan(s: Setup, gpu: Gpu, weightsBytes: number): ServingPlan {
  const g = sglangSettings(s, gpu);
  const atStart = gpu.memoryBytes - CUDA_CONTEXT_BYTES;
  const budget = g.memFractionStatic * atStart;
  const pool = Math.max(0, budget - weightsBytes);
  const tokens = Math.floor(pool / sglangCellBytes(s));
  const maxConcurrency = s.cfg.context > 0 ? tokens / s.cfg.context : 0;
  const reqPool = Math.min(Math.max(Math.floor((tokens / Math.max(1, s.arch.maxContext)) * 512), SGLANG_REQ_POOL_MIN), SGLANG_REQ_POOL_MAX);
  const cap = g.maxRunning ?? reqPool;
  const byMemory = Math.floor(maxConcurrency);
  const activation = prefillBytes(s);
  const graphs = cudaGraphBytes(s);
  const nvidiaSmi = CUDA_CONTEXT_BYTES + budget + activation + graphs + CUBLAS_WORKSPACE_BYTES;
  return {
    engine: 'sglang', budgetBytes: budget, util: g.memFractionStatic, weightsBytes, activationBytes: activation, nonTorchBytes: CUBLAS_WORKSPACE_BYTES,
    cudaGraphBytes: graphs, graphsInBudget: false, kvPoolBytes: pool, blocks: null, blockTokens: 1, kvCacheTokens: tokens, maxConcurrency,
    maxSeqs: cap, concurrentSeqs: Math.min(byMemory, cap), limitedBy: byMemory > cap ? 'max_seqs' : 'kv-cache', oneRequestFits: tokens >= s.cfg.context,
    nvidiaSmiBytes: nvidiaSmi, fitsCard: nvidiaSmi <= gpu.memoryBytes, batchedTokens: g.chunkedPrefill, context: s.cfg.context,
  };
}

/** The engine's memory plan for vLLM and SGLang on `gpu`; null for HF generate and llama.cpp (no pre-allocated pool). */
export function servingPlan(s: Setup, gpu: Gpu, weightsBytes: number): ServingPlan | null {
  if (s.train) return null;
  if (s.cfg.engine === 'vllm') return vllmPlan(s, gpu, weightsBytes);
  if (s.cfg.engine === 'sglang') return sglangPlan(s, gpu, weightsBytes);
  return null;
}

/**
 * The budget the estimate's demand must fit under on a card of `gpuBytes` (src/report.ts
 * `usableBytes` uses it): vLLM `util x total`, its budget for weights, activations and KV;
 * SGLang `mem_fraction_static x total` (weights and the KV pool live in that fraction, so the
 * demand of `batch` sequences must: conservative by the CUDA context, prefill chunk and graphs
 * that SGLang keeps in the rest); HF generate and llama.cpp the whole card.
 */
export function servingBudgetBytes(c: Pick<Setup['cfg'], 'mode' | 'engine' | 'util'> & Partial<Pick<Setup['cfg'], 'tp' | 'pp'>>, gpuBytes: number): number {
  if (c.mode !== 'infer') return gpuBytes;
  if (c.engine === 'vllm') return gpuBytes * (c.util ?? VLLM_GPU_MEMORY_UTILIZATION);
  if (c.engine === 'sglang') return gpuBytes * (c.util ?? sglangDefaults(gpuBytes / MiB, c.tp ?? 1, c.pp ?? 1).memFractionStatic);
  return gpuBytes;
}

// ─── the serve phase, for estimate.ts ─────────────────────────────────────────────────────

/**
 * The entries of the serve phase per engine, the way estimate.ts `servePhases` should combine
 * them: weights on the GPU, the KV cache, the activation peak, the logits (HF and SGLang: last
 * position of each sequence; vLLM: inside its profile peak; llama.cpp: inside the compute buffer),
 * the cuBLAS workspace and the CUDA graphs (vLLM, SGLang).
 */
/**
 * vLLM's rotary cos/sin cache, a buffer of the model that counts as weights in its "Loading model
 * weights took" line: `max_position_embeddings x rotary_dim` in the model dtype, one per model
 * (vllm/model_executor/layers/rotary_embedding `RotaryEmbedding.__init__`:
 * `cache = self._compute_cos_sin_cache().to(dtype)`, shared through `get_rope`'s cache). SGLang
 * adapted the same class. The full head dimension is assumed to rotate (partial-rotary models
 * hold less); HF computes the angles per forward instead. Checked on a Llama-70B architecture at
 * tp 8: 131,072 x 128 x 2 B = 32 MiB is the gap between its parameters and vLLM's logged
 * 16.4610 GiB per rank (vllm-project/vllm-ascend issue #2235).
 */
export function ropeCacheBytes(s: Pick<Setup, 'arch' | 'cfg' | 'train' | 'p'>): number {
  if (s.train || (s.cfg.engine !== 'vllm' && s.cfg.engine !== 'sglang') || s.arch.positional !== 'rope') return 0;
  const rotary = s.arch.mla ? s.arch.mla.qkRopeHeadDim : s.arch.headDim;
  return s.arch.maxContext * rotary * s.p;
}

export function servingEntries(s: Setup, totalWeightBytes: number, hfLogitsBytes: number, gguf?: GgufPlacement): {
  weights: number; kv_cache: number; activations: number; logits: number; cublas_workspace: number; cuda_graphs: number;
} {
  return {
    weights: servingGpuWeightBytes(s, totalWeightBytes, gguf) + ropeCacheBytes(s),
    kv_cache: kvCacheBytes(s).bytes,
    activations: s.cfg.engine === 'vllm' ? vllmProfilePeakBytes(s) : prefillBytes(s),
    logits: s.cfg.engine === 'hf' || s.cfg.engine === 'sglang' ? hfLogitsBytes : 0,
    cublas_workspace: CUBLAS_WORKSPACE_BYTES,
    cuda_graphs: cudaGraphBytes(s),
  };
}
