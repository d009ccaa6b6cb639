/**
 * Logits and loss (README, "How the estimate is computed": Logits and loss): often the largest single peak with 128k-256k
 * vocabularies.
 */
import { CHUNKED_LOSS_HIDDEN_BYTES_PER_TOKEN_PER_H, LOSS_FP32_TENSORS_BACKWARD, LOSS_FP32_TENSORS_FORWARD } from './constants';
import { bytes, count, fx, type Formula } from './formula';
import type { Setup } from './setup';
import { prefillTokens } from './serving';

export interface LogitsResult {
  /** Live at the loss in forward (with every activation still saved). */
  readonly forwardBytes: number;
  /** Live at the start of backward (with every activation still saved). */
  readonly backwardBytes: number;
  /** The arithmetic (built only when shown). */
  readonly formula: () => Formula;
}

const nextPow2 = (x: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, x)));

/** torchtune's chunks: `num_output_chunks=8` (modules/loss/cross_entropy_loss.py LinearCrossEntropyLoss, ce_chunked_output_loss.py). */
export const TORCHTUNE_LOSS_CHUNKS = 8;
/** LitGPT's chunk: `lm_head_chunk_size=128` tokens (litgpt/finetune/lora.py fit) and `chunked_cross_entropy(chunk_size=128)` (litgpt/utils.py). */
export const LITGPT_LOSS_CHUNK_TOKENS = 128;

/**
 * Unsloth's fused CE (unsloth_zoo/fused_losses/cross_entropy_loss.py, since Aug 2025): each chunk's
 * fp32 logits are at most `target_gb = min(free / 2, 4 GiB)` (`_get_chunk_multiplier`; the 4 GiB
 * cap since unsloth-zoo #857); the number of chunks is rounded up to a multiple of 4
 * (`get_chunk_size`). The free memory at the loss is not known here, so the cap is used: the largest
 * chunk Unsloth makes (smaller when less than 8 GiB is free).
 */
export const UNSLOTH_CE_TARGET_BYTES = 4 * 1024 ** 3;

/** Tokens per chunk of Unsloth's fused CE: one chunk when the fp32 logits fit the target, else ceil(n / 4) x 4 chunks. */
export function unslothCeChunkTokens(tokens: number, vocab: number): number {
  const exact = (tokens * vocab * 4) / UNSLOTH_CE_TARGET_BYTES;
  const chunks = exact <= 1 ? 1 : Math.ceil(exact / 4) * 4;
  return Math.ceil(tokens / chunks);
}

/**
 * The chunked loss (`loss:chunked`), per logit element, as torchtune and LitGPT run it:
 * - torchtune (the default): the head runs per chunk of tokens/8, each chunk's logits are upcast
 *   (`logits.float()`) and go through F.cross_entropy, whose log_softmax saves its fp32 output for
 *   backward: 4 B per element for every chunk (LinearCrossEntropyLoss.compute_cross_entropy).
 *   With `compile:true` the recipe compiles the per-chunk loss (apply_compile_strategy): inductor
 *   keeps the chunk's 16-bit logits instead and recomputes the softmax in backward: p B per
 *   element (gt032: CEWithChunkedOutputLoss, compiled). One chunk at a time also holds its 16-bit
 *   logits and the fp32 copy (forward), or its fp32 gradient and the 16-bit cast (backward).
 * - `engine:litgpt`: 128-token chunks, cross-entropy on the 16-bit logits (no upcast); the list of
 *   chunk logits stays referenced by the training loop through backward and each chunk's
 *   log_softmax saves its 16-bit output: 2p B per element; one chunk's gradients (2p) at a time.
 */
export function chunkedLossShape(s: Setup): { chunkTokens: number; savedPerElem: number; fwdChunkPerElem: number; bwdChunkPerElem: number; what: string } {
  const p = s.p;
  const T = s.tokens;
  if (s.cfg.engine === 'litgpt') {
    return { chunkTokens: Math.min(T, LITGPT_LOSS_CHUNK_TOKENS), savedPerElem: 2 * p, fwdChunkPerElem: 0, bwdChunkPerElem: 2 * p, what: 'LitGPT chunked_cross_entropy: 16-bit logits + 16-bit log_softmax of every chunk' };
  }
  const compiled = s.cfg.compile;
  return {
    chunkTokens: Math.ceil(T / TORCHTUNE_LOSS_CHUNKS), savedPerElem: compiled ? p : 4, fwdChunkPerElem: p + 4, bwdChunkPerElem: 4 + p,
    what: compiled ? 'torchtune chunked CE, compiled: every chunk\'s 16-bit logits kept' : 'torchtune chunked CE: every chunk\'s fp32 log_softmax kept',
  };
}

/**
 * Standard loss (stock HF): `lm_head` writes `tokens x V` logits in the compute dtype `p`;
 * ForCausalLMLoss upcasts them (`logits.float()`, a copy unless p is already 4) and
 * log_softmax saves its fp32 output. Forward at the loss: p + 4 (+4 for the upcast copy when
 * p = 2) B per element. Backward start: the saved log_softmax output, nll's fp32 gradient and
 * log_softmax's fp32 gradient: 3 x 4 B ({@link LOSS_FP32_TENSORS_BACKWARD}; hfk044 measures 11.2).
 * `transformers:4.48` and older (before PR #35646, 4.49): the loss also copies the shifted fp32
 * logits (`logits[..., :-1, :].contiguous()`, in ForCausalLMLoss from 4.46, in each model's
 * forward before): +4 B per element in forward and backward (the copy, then its gradient).
 * A LoRA adapter on lm_head adds its own logits-sized output and the sum (2 x p per element).
 *
 * Chunked loss: {@link chunkedLossShape}.
 *
 * Fused loss (Liger fused linear cross-entropy, Unsloth's fused CE, Cut Cross-Entropy): no logits
 * tensor; only one chunk of logits exists, chunk = next_pow2(tokens / ceil(V / h)), in p plus an
 * fp32 copy, plus fp32 + 16-bit gradient accumulators for the hidden states of every token.
 */
export function logitsBytes(s: Setup): LogitsResult {
  const V = s.arch.vocab;
  const T = s.tokens;
  const p = s.p;
  // Pipeline parallelism: only the last stage holds the head, its logits and the loss.
  if (s.head.instances === 0) return { forwardBytes: 0, backwardBytes: 0, formula: () => ['no head on this pipeline stage'] };
  if (!s.train) {
    // Transformers 4.44 and older: generate's prefill computes (and the forward upcasts) the logits of every prompt position (num_logits_to_keep arrived in 4.45, PR #31292).
    if (s.cfg.transformers === '4.44' && s.cfg.engine === 'hf') {
      const n = prefillTokens(s);
      const b = n * V * (p + 4);
      return { forwardBytes: b, backwardBytes: 0, formula: () => fx`${count(n)} prompt tokens x V ${V} x (${p} + 4) B (transformers 4.44 and older: every prompt position, upcast)` };
    }
    // Serving: HF generate computes the last position only (logits_to_keep=1), upcast to fp32.
    const b = s.cfg.batch * V * (p + 4);
    return { forwardBytes: b, backwardBytes: 0, formula: () => fx`batch ${s.cfg.batch} x V ${V} x (${p} + 4) B (last position only)` };
  }
  const headLora = s.adapted.has('head') ? 2 * p : 0;
  if (s.cfg.loss === 'fused' && s.cfg.engine === 'unsloth') {
    // Each chunk runs F.cross_entropy(logits.float()) under torch.func.grad_and_value: the stock loss's
    // 16-bit + fp32 copy + log_softmax in forward, 3 fp32 tensors in backward, over the chunk only;
    // grad_inputs = torch.empty_like(hidden_states) holds the hidden-state gradient for every token.
    const chunk = unslothCeChunkTokens(T, V);
    const perElem = Math.max(p + (p === 4 ? 0 : 4) + 4 * (LOSS_FP32_TENSORS_FORWARD - 1), 4 * LOSS_FP32_TENSORS_BACKWARD) + headLora;
    const b = chunk * V * perElem + T * s.arch.hidden * p;
    return {
      forwardBytes: b, backwardBytes: b,
      formula: () => fx`Unsloth fused CE: chunk ${count(chunk)} tokens (fp32 logits up to 4 GiB) x V ${count(V)} x ${perElem} B + grad_inputs ${count(T)} tokens x h ${s.arch.hidden} x ${p} B`,
    };
  }
  if (s.cfg.loss === 'fused') {
    const chunk = Math.min(T, nextPow2(Math.ceil(T / Math.ceil(V / s.arch.hidden))));
    const b = chunk * V * (p + 4) + T * s.arch.hidden * CHUNKED_LOSS_HIDDEN_BYTES_PER_TOKEN_PER_H + T * V * headLora;
    return {
      forwardBytes: b, backwardBytes: b,
      formula: () => fx`fused: chunk ${chunk} tokens x V ${V} x (${p} + 4) B + ${T} tokens x h ${s.arch.hidden} x ${CHUNKED_LOSS_HIDDEN_BYTES_PER_TOKEN_PER_H} B${headLora ? ` + LoRA head ${headLora} B x ${T} x ${V}` : ''}`,
    };
  }
  if (s.cfg.loss === 'chunked') {
    const c = chunkedLossShape(s);
    const saved = T * V * (c.savedPerElem + headLora);
    const fwd = saved + c.chunkTokens * V * c.fwdChunkPerElem;
    const bwd = saved + c.chunkTokens * V * c.bwdChunkPerElem;
    return {
      forwardBytes: fwd, backwardBytes: bwd,
      formula: () => fx`${c.what}: ${count(T)} tokens x V ${count(V)} x ${c.savedPerElem + headLora} B + one chunk ${count(c.chunkTokens)} tokens x V x max(${c.fwdChunkPerElem}, ${c.bwdChunkPerElem}) B`,
    };
  }
  const upcastCopy = p === 4 ? 0 : 4;
  // Before transformers 4.49 the shifted fp32 logits are copied (.contiguous()), then their gradient.
  const shiftCopy = s.cfg.transformers === 'latest' ? 0 : 4;
  const fwdPerElem = p + upcastCopy + 4 * (LOSS_FP32_TENSORS_FORWARD - 1) + shiftCopy + headLora;
  const bwdPerElem = 4 * LOSS_FP32_TENSORS_BACKWARD + shiftCopy;
  const elems = T * V;
  return {
    forwardBytes: elems * fwdPerElem,
    backwardBytes: elems * bwdPerElem,
    formula: () => fx`${count(T)} tokens x V ${count(V)} = ${count(elems)} elements x max(forward ${fwdPerElem} B, backward ${bwdPerElem} B)${shiftCopy ? ' (transformers 4.48 and older: + the shifted fp32 copy)' : ''}`,
  };
}

export const LOGITS_SOURCE = 'HF ForCausalLMLoss (fp32 upcast + log_softmax; shifted copy before 4.49); torchtune LinearCrossEntropyLoss / LitGPT chunked_cross_entropy; Liger fused linear cross-entropy; hfk044, gt032';

/** The component's formula: the arithmetic and its larger phase value. */
export function logitsFormula(l: LogitsResult): Formula {
  return fx`${l.formula()} = ${bytes(Math.max(l.forwardBytes, l.backwardBytes))}`;
}
