/**
 * Logits and loss (README, "How the estimate is computed": Logits and loss): often the largest single peak with 128k-256k
 * vocabularies.
 */
import { CHUNKED_LOSS_HIDDEN_BYTES_PER_TOKEN_PER_H, LOSS_FP32_TENSORS_BACKWARD, LOSS_FP32_TENSORS_FORWARD } from './constants';
import { bytes, count, fx, type Formula } from './formula';
import type { Setup } from './setup';

export interface LogitsResult {
  /** Live at the loss in forward (with every activation still saved). */
  readonly forwardBytes: number;
  /** Live at the start of backward (with every activation still saved). */
  readonly backwardBytes: number;
  /** The arithmetic (built only when shown). */
  readonly formula: () => Formula;
}

const nextPow2 = (x: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, x)));

/**
 * Standard loss (stock HF): `lm_head` writes `tokens x V` logits in the compute dtype `p`;
 * ForCausalLMLoss upcasts them (`logits.float()`, a copy unless p is already 4) and
 * log_softmax saves its fp32 output. Forward at the loss: p + 4 (+4 for the upcast copy when
 * p = 2) B per element. Backward start: the saved log_softmax output, nll's fp32 gradient and
 * log_softmax's fp32 gradient: 3 x 4 B ({@link LOSS_FP32_TENSORS_BACKWARD}; hfk044 measures 11.2).
 * A LoRA adapter on lm_head adds its own logits-sized output and the sum (2 x p per element).
 *
 * Chunked loss (Liger fused linear cross-entropy, torchtune/Unsloth chunking): only one chunk
 * of logits exists, chunk = next_pow2(tokens / ceil(V / h)), in p plus an fp32 copy, plus
 * fp32 + 16-bit gradient accumulators for the hidden states of every token.
 */
export function logitsBytes(s: Setup): LogitsResult {
  const V = s.arch.vocab;
  const T = s.tokens;
  const p = s.p;
  // Pipeline parallelism: only the last stage holds the head, its logits and the loss.
  if (s.head.instances === 0) return { forwardBytes: 0, backwardBytes: 0, formula: () => ['no head on this pipeline stage'] };
  if (!s.train) {
    // Serving: HF generate computes the last position only (logits_to_keep=1), upcast to fp32.
    const b = s.cfg.batch * V * (p + 4);
    return { forwardBytes: b, backwardBytes: 0, formula: () => fx`batch ${s.cfg.batch} x V ${V} x (${p} + 4) B (last position only)` };
  }
  const headLora = s.adapted.has('head') ? 2 * p : 0;
  if (s.cfg.loss === 'chunked') {
    const chunk = Math.min(T, nextPow2(Math.ceil(T / Math.ceil(V / s.arch.hidden))));
    const b = chunk * V * (p + 4) + T * s.arch.hidden * CHUNKED_LOSS_HIDDEN_BYTES_PER_TOKEN_PER_H + T * V * headLora;
    return {
      forwardBytes: b, backwardBytes: b,
      formula: () => fx`chunk ${chunk} tokens x V ${V} x (${p} + 4) B + ${T} tokens x h ${s.arch.hidden} x ${CHUNKED_LOSS_HIDDEN_BYTES_PER_TOKEN_PER_H} B${headLora ? ` + LoRA head ${headLora} B x ${T} x ${V}` : ''}`,
    };
  }
  const upcastCopy = p === 4 ? 0 : 4;
  const fwdPerElem = p + upcastCopy + 4 * (LOSS_FP32_TENSORS_FORWARD - 1) + headLora;
  const bwdPerElem = 4 * LOSS_FP32_TENSORS_BACKWARD;
  const elems = T * V;
  return {
    forwardBytes: elems * fwdPerElem,
    backwardBytes: elems * bwdPerElem,
    formula: () => fx`${count(T)} tokens x V ${count(V)} = ${count(elems)} elements x max(forward ${fwdPerElem} B, backward ${bwdPerElem} B)`,
  };
}

export const LOGITS_SOURCE = 'HF ForCausalLMLoss (fp32 upcast + log_softmax); Liger fused linear cross-entropy; hfk044';

/** The component's formula: the arithmetic and its larger phase value. */
export function logitsFormula(l: LogitsResult): Formula {
  return fx`${l.formula()} = ${bytes(Math.max(l.forwardBytes, l.backwardBytes))}`;
}
