/**
 * Serving (README, "How the estimate is computed": Serving): KV cache and the transient of one prefill.
 */
import { DTYPE_BYTES, VLLM_BLOCK_TOKENS, VLLM_MAX_NUM_BATCHED_TOKENS } from './constants';
import { bytes as b, count, fx, type Formula } from './formula';
import { dequantBufferBytes } from './quant';
import { effectiveMlpWidth, type Setup } from './setup';

/** Layers that attend over the full context vs a sliding window. */
function layerSplit(s: Setup): { fullLayers: number; windowLayers: number } {
  const a = s.arch;
  if (a.slidingWindow === null || a.slidingFraction <= 0) return { fullLayers: a.layers, windowLayers: 0 };
  const windowLayers = Math.round(a.layers * a.slidingFraction);
  return { fullLayers: a.layers - windowLayers, windowLayers };
}

/** Bytes of cache one token adds in one full-attention layer. */
export function kvBytesPerTokenPerLayer(s: Setup): number {
  const a = s.arch;
  const kvb = DTYPE_BYTES[s.cfg.kv];
  // MLA caches the compressed latent plus the shared rope key (vLLM/SGLang layout).
  if (a.mla) return (a.mla.kvLoraRank + a.mla.qkRopeHeadDim) * kvb;
  return 2 * a.kvHeads * a.headDim * kvb;
}

/**
 * KV cache: `2 x L x kv_heads x head_dim x context x batch x bytes(kv dtype)`; layers with a
 * sliding window hold at most `window` tokens; MLA holds (kv_lora_rank + rope dim) per token.
 */
export function kvCacheBytes(s: Setup): { bytes: number; formula: () => Formula } {
  const a = s.arch;
  // vLLM pages the cache in blocks: a sequence holds whole blocks.
  const ctx = s.cfg.engine === 'vllm' ? Math.ceil(s.cfg.context / VLLM_BLOCK_TOKENS) * VLLM_BLOCK_TOKENS : s.cfg.context;
  const per = kvBytesPerTokenPerLayer(s);
  const { fullLayers, windowLayers } = layerSplit(s);
  const win = Math.min(ctx, a.slidingWindow ?? ctx);
  const bytes = per * s.cfg.batch * (fullLayers * ctx + windowLayers * win);
  const what = a.mla
    ? `(kv_lora_rank ${a.mla.kvLoraRank} + rope ${a.mla.qkRopeHeadDim}) x ${DTYPE_BYTES[s.cfg.kv]} B`
    : `2 x ${a.kvHeads} KV heads x ${a.headDim} x ${DTYPE_BYTES[s.cfg.kv]} B`;
  const layers = windowLayers > 0 ? `(${fullLayers} layers x ${ctx} + ${windowLayers} window layers x ${win}) tokens` : `${fullLayers} layers x ${ctx} tokens`;
  return { bytes, formula: () => fx`${what} x ${layers} x batch ${s.cfg.batch} = ${b(bytes)}` };
}

/** Tokens one prefill forward processes: vLLM chunks at max_num_batched_tokens; HF generate takes every prompt at once. */
export function prefillTokens(s: Setup): number {
  return s.cfg.engine === 'vllm' ? Math.min(s.tokens, VLLM_MAX_NUM_BATCHED_TOKENS) : s.tokens;
}

/**
 * The largest transient of one prefill forward (no autograd): the MLP's three f-wide
 * intermediates (activation, up, product) or attention's q, k, v, output (eager adds the
 * `batch x heads x context^2` scores in p and their fp32 softmax), plus three residual-width
 * buffers, over every prompt token at once (HF generate prefills the whole batch).
 * A bitsandbytes-quantized model also holds the dequantized 16-bit copy of the weight in use
 * (bnb dequantizes the whole matrix for a multi-token matmul).
 */
export function prefillBytes(s: Setup): number {
  const a = s.arch;
  // vLLM prefills in chunks of at most max_num_batched_tokens; HF generate prefills every prompt at once.
  const T = prefillTokens(s);
  const p = s.p;
  const mlp = 3 * p * effectiveMlpWidth(s) * T;
  let attn = p * (2 * a.heads + 2 * a.kvHeads) * a.headDim * T;
  if (s.cfg.attention === 'eager') attn += (4 + p) * a.heads * Math.min(s.cfg.context, T) * T;
  return Math.max(mlp, attn) + 3 * s.r * a.hidden * T + dequantBufferBytes(s);
}

export const KV_SOURCE = 'K and V per layer per token; vLLM 16-token blocks';
export const PREFILL_SOURCE = 'HF forward without autograd; vLLM chunked prefill';

/** The arithmetic of {@link prefillBytes}. */
export function prefillFormula(s: Setup, bytes: number): Formula {
  return fx`largest prefill transient over ${count(prefillTokens(s))} tokens = ${b(bytes)}`;
}
