/**
 * Resident state: weights, adapters, autocast cache, gradients, optimizer states and the
 * optimizer step's temporaries. One function per component; each returns bytes per GPU.
 */
import { BNB8_MIN_SIZE, BNB8_STATE_BYTES } from './constants';
import { fixed, fx, bytes, count, type Formula, type Term } from './formula';
import { averageQuantBytes, weightLayout, type WeightLayout } from './quant';
import { adapterParamsOf, isAdapted, type Setup } from './setup';
import { galoreStateElements, galoreStepBytes, peftAdafactorElements, peftLargestTensor, peftSmallTensorParams } from './peft';
import { SHARDING_CAPS } from '../config/keys';
import { countParams, finalNormParams } from '../model/params';

/** ` / n GPUs` when a quantity is divided across n GPUs, else nothing. */
const over = (n: number, what = ' GPUs'): string => {
  if (n <= 1) return '';
  if (Number.isInteger(n)) return ` / ${n}${what}`;
  // Expert parallelism: dense parameters shard over dp, routed experts over dp / ep only.
  return ` / ${n.toFixed(2)} (ZeRO over the data-parallel GPUs; routed experts over dp/ep only)`;
};

/**
 * Bytes per quantized weight for the config's format, scales, zeros and block constants included
 * (the average over the quantized linears: GPTQ's g_idx and fp8's row scales depend on the
 * shapes; GGUF mixes types). The weight dtype when nothing is quantized. See `./quant.ts`.
 */
export function quantBytesPerParam(s: Setup): number {
  return averageQuantBytes(s);
}

/** Parameters of the quantizable linear weights (bias excluded) and their output rows. */
export function quantizableParams(s: Setup): { params: number; rows: number } {
  let params = 0;
  let rows = 0;
  for (const l of s.linears) {
    if (!l.quantizable) continue;
    params += l.instances * l.inFeatures * l.outFeatures;
    rows += l.instances * l.outFeatures;
  }
  return { params, rows };
}

/**
 * Base model weights on one GPU.
 * - Not quantized: `P x bytes(dtype)` (bf16/fp16 2 B, fp32 and mixed 4 B). Tied embeddings once.
 * - Quantized: the linears the format quantizes at their format's bytes (`./quant.ts`
 *   `linearFormatBytes`: bitsandbytes, fp8, fp8-block, AWQ, GPTQ, MXFP4); embeddings, lm_head,
 *   norms, biases, router and frozen extras stay unquantized, in fp32 when `upcast`
 *   (PEFT prepare_model_for_kbit_training, which skips GPTQ models), else in the model dtype.
 * - engine:llamacpp: the GGUF file tensor by tensor (`./quant.ts` `ggufWeights`: the types
 *   llama.cpp's `llama_tensor_get_type` picks, F32 norms/biases/router), the whole file;
 *   `layout.gguf` says where llama.cpp puts each part (the input layer stays in host RAM, `ngl`
 *   decides the blocks), which the serving split uses.
 * - ZeRO-3/FSDP: divided by the GPU count; `offload:params` moves them to host RAM.
 */
export function baseWeightBytes(s: Setup): { bytes: number; quantBytes: number; restBytes: number; unshardedBytes: number; layout: WeightLayout } {
  const layout = weightLayout(s);
  const onGpu = s.cfg.offload === 'params' ? 0 : 1 / s.shardWeights;
  return {
    bytes: layout.totalBytes * onGpu, quantBytes: layout.quantBytes * onGpu, restBytes: layout.restBytes * onGpu,
    unshardedBytes: layout.totalBytes, layout,
  };
}

export const WEIGHTS_SOURCE = 'numel x dtype size; bitsandbytes blocks (QLoRA paper); AutoAWQ WQLinear_GEMM / AutoGPTQ QuantLinear buffers; compressed-tensors FP8 schemes; DeepSeek-V3 weight_block_size; OCP MX (MXFP4); ggml-common.h blocks and llama-quant.cpp llama_tensor_get_type';

/** The arithmetic of {@link baseWeightBytes}, with its numbers: one term per format part. */
export function weightsFormula(s: Setup, w: ReturnType<typeof baseWeightBytes>): Formula {
  const where = s.cfg.offload === 'params' ? ' (offloaded to host RAM)' : over(s.shardWeights);
  const parts = w.layout.parts;
  if (parts.length === 0) return fx`${count(s.params.total)} params x ${s.weightBytes} B${where} = ${bytes(w.bytes)}`;
  const terms: Formula[] = parts.map((p) => fx`${p.what} ${count(p.params)} x ${fixed(p.params > 0 ? p.bytes / p.params : 0, 4)} B`);
  const sum: Term[] = [];
  terms.forEach((t, i) => { if (i > 0) sum.push(' + '); sum.push(...t); });
  const gguf = w.layout.gguf;
  const note = gguf
    ? fx` (GGUF ${s.cfg.quant === 'none' ? 'F16' : s.cfg.quant}, the whole file: token_embd ${bytes(gguf.inputBytes)} stays in host RAM${gguf.outputDuplicated ? '; the tied output layer is a GPU copy of it' : ''}${s.params.extra > 0 ? '; the vision tower is a separate mmproj file' : ''})`
    : [];
  return fx`${sum}${where} = ${bytes(w.bytes)}${note}`;
}

/** LoRA adapter weights: `r x (in + out)` per adapted linear, in the adapter dtype. */
export function adapterWeightBytes(s: Setup): number {
  return (s.adapterParams * s.adapterBytes) / s.shardWeights;
}

export const ADAPTERS_SOURCE = 'PEFT LoRA/DoRA/IA3/prompt/prefix shapes, adapters DoubleSeqBnConfig; autocast_adapter_dtype=True keeps fp32';

/** Every part of the method's parameters (`./peft.ts` `peftSetup`): LoRA, DoRA magnitudes, IA3 vectors, prompts, prefixes, bottleneck adapters. */
export function adaptersFormula(s: Setup, b: number): Formula {
  const parts = s.peft.parts.filter((p) => p.params > 0);
  const listed = s.adapterParams - parts.reduce((n, p) => n + p.params, 0);
  const terms: Formula[] = parts.map((p) => fx`${p.what} ${count(p.params)} (${p.formula})`);
  // A VLM tower's LoRA (vision:lora) is counted with the adapters.
  if (listed > 0) terms.push(fx`vision tower LoRA ${count(listed)}`);
  const sum: Term[] = [];
  terms.forEach((t, i) => { if (i > 0) sum.push(' + '); sum.push(...t); });
  const what: Formula = terms.length > 0 ? sum : fx`${count(s.adapterParams)} params`;
  const total: Formula = terms.length > 1 ? fx` = ${count(s.adapterParams)} params` : [];
  return fx`${what}${total} x ${s.adapterBytes} B${over(s.shardWeights)} = ${bytes(b)}`;
}

/**
 * Autocast weight copies (precision:mixed only). Under torch.autocast every matmul casts its
 * fp32 weight to 16-bit. For a weight that requires grad (trainable, or any parameter left at
 * the default `requires_grad=True`, as in inference without freezing) autocast caches the copy
 * until the autocast region ends; for a frozen weight whose input requires grad the copy is
 * saved by autograd for the input gradient. Either way one 16-bit copy of every matmul weight
 * (all linears and lm_head; adapters too) lives through forward and backward: +2 B each.
 * Source: torch autocast `cached_cast` (leaf tensors requiring grad) and linear's saved weight;
 * gt133/gt134 (LitGPT bf16-mixed generate: 6 B/param measured: 4 B fp32 + 2 B copy).
 */
export function autocastCacheBytes(s: Setup): number {
  if (s.cfg.precision !== 'mixed') return 0;
  let matmul = s.head.instances * s.head.inFeatures * s.head.outFeatures;
  for (const l of s.linears) matmul += l.instances * l.inFeatures * l.outFeatures;
  return ((matmul + s.adapterParams) * 2) / s.shardWeights;
}

export const AUTOCAST_SOURCE = 'torch.autocast cached casts / saved casted weights; gt133, gt134';

export function autocastFormula(_s: Setup, b: number): Formula {
  return fx`16-bit copies of the fp32 matmul weights x 2 B = ${bytes(b)}`;
}

/**
 * Gradients: trainable parameters x their dtype (torch keeps `.grad` in the parameter dtype).
 * Sharded by ZeRO-2/3 and FSDP.
 */
export function gradientBytes(s: Setup): number {
  if (!s.train) return 0;
  // opt_in_bwd (torchtune training.register_optim_in_bwd_hooks): a post-accumulate-grad hook steps
  // each parameter's optimizer and zeroes its grad as soon as it is ready: one gradient at a time.
  if (s.cfg.optInBwd) return (largestTrainableTensor(s) * s.trainBytes) / s.shardGrads;
  return (s.trainableParams * s.trainBytes) / s.shardGrads;
}

export const GRADIENTS_SOURCE = '.grad in the parameter dtype';

export function gradientsFormula(s: Setup, b: number): Formula {
  if (s.cfg.optInBwd) return fx`optimizer in backward: one gradient at a time, the largest trainable tensor ${count(largestTrainableTensor(s))} x ${s.trainBytes} B${over(s.shardGrads)} = ${bytes(b)}`;
  return fx`${count(s.trainableParams)} trainable x ${s.trainBytes} B${over(s.shardGrads)} = ${bytes(b)}`;
}

/** Trainable tensors smaller than bnb's min_8bit_size keep 32-bit states: norms of narrow models, biases. */
function smallTrainableParams(s: Setup): number {
  if (!s.full) return peftSmallTensorParams(s, BNB8_MIN_SIZE);
  return s.arch.hidden < BNB8_MIN_SIZE ? s.params.norms : 0;
}

/** The largest trainable tensor (per-tensor optimizers allocate temporaries of its size). */
export function largestTrainableTensor(s: Setup): number {
  let max = 0;
  if (s.full) {
    // With `freeze` the embedding and lm_head stay frozen.
    max = s.cfg.freeze === null ? s.arch.vocab * s.arch.hidden : 0;
    for (const l of s.linears) max = Math.max(max, l.inFeatures * l.outFeatures);
    return max;
  }
  for (const l of [...s.linears, s.head]) {
    if (isAdapted(s, l) || (l.target === 'head' && s.adapted.has('head'))) {
      max = Math.max(max, s.cfg.rank * Math.max(l.inFeatures, l.outFeatures));
    }
  }
  return Math.max(max, peftLargestTensor(s));
}

/** Adafactor's factored second moment: rows + cols per matrix, full size for vectors. */
function adafactorStateElements(s: Setup): number {
  if (s.full && s.cfg.freeze !== null) {
    // The last n layers only (peft.ts `peftSetup`): their matrices factored, their norms whole.
    let n = 0;
    for (const l of s.linears) n += l.instances * (l.inFeatures + l.outFeatures + (l.bias ? l.outFeatures : 0));
    const perLayerNorms = (s.params.norms - finalNormParams(s.arch)) / Math.max(1, s.arch.layers);
    return ((n / Math.max(1, s.arch.layers)) + perLayerNorms) * s.peft.trainableLayers;
  }
  if (s.full) {
    let n = s.arch.vocab + s.arch.hidden; // embedding
    if (!s.arch.tiedEmbeddings) n += s.arch.vocab + s.arch.hidden;
    for (const l of s.linears) n += l.instances * (l.inFeatures + l.outFeatures + (l.bias ? l.outFeatures : 0));
    return n + s.params.norms + s.params.positional;
  }
  let n = 0;
  for (const l of [...s.linears, s.head]) {
    if (l.target !== null && s.adapted.has(l.target)) {
      n += adapterParamsOf(l, 1) + 2 * l.instances * s.cfg.rank;
    }
  }
  return n + peftAdafactorElements(s);
}

/**
 * Optimizer states, created at the first step, for trainable parameters only:
 * AdamW 2 states in the parameter dtype (torch keeps exp_avg/exp_avg_sq like the param);
 * bnb 8-bit AdamW 2 x (1 B + fp32 absmax per 256), 32-bit for tensors under 4096 elements;
 * paged AdamW 8-bit the same bytes in CUDA managed memory; SGD one momentum buffer (momentum > 0
 * assumed, as every recipe sets it); Lion one (exp_avg); Adafactor (HF, beta1=None) factored
 * second moments only. Sharded by ZeRO-1/2/3 and FSDP; `offload` moves them to host RAM.
 */
export function optimizerStateBytes(s: Setup): { bytes: number; perParam: number; managed: boolean } {
  if (!s.train) return { bytes: 0, perParam: 0, managed: false };
  const n = s.trainableParams;
  let total: number;
  switch (s.cfg.optimizer) {
    case 'adamw':
    case 'adamw-fused':
      total = 2 * n * s.trainBytes;
      break;
    case 'adamw-8bit':
    case 'paged-adamw-8bit': {
      const small = smallTrainableParams(s);
      total = 2 * (n - small) * BNB8_STATE_BYTES + 2 * small * 4;
      break;
    }
    case 'sgd':
    case 'lion':
      total = n * s.trainBytes;
      break;
    case 'adafactor':
      total = adafactorStateElements(s) * s.trainBytes;
      break;
    case 'galore':
      total = galoreStateElements(s) * s.trainBytes;
      break;
  }
  const onGpu = s.cfg.offload === 'none' ? 1 : 0;
  return { bytes: (total * onGpu) / s.shardStates, perParam: n > 0 ? total / n : 0, managed: s.cfg.optimizer === 'paged-adamw-8bit' };
}

export const OPTIMIZER_STATES_SOURCE = 'torch AdamW: 2 states in the param dtype; bitsandbytes 8-bit: 1 B + fp32 absmax per 256; SGD/Lion 1 state; Adafactor rows + cols';

export function optimizerStatesFormula(s: Setup, st: ReturnType<typeof optimizerStateBytes>): Formula {
  const offloaded = s.cfg.offload !== 'none';
  const perParam = offloaded ? 0 : +st.perParam.toFixed(4);
  return fx`${s.cfg.optimizer}: ${count(s.trainableParams)} trainable params x ${perParam} B${over(s.shardStates)}${offloaded ? ' (offloaded to host RAM: 0 on the GPU)' : ''} = ${bytes(st.bytes)}${st.managed ? ' (CUDA managed memory: nvidia-smi sees it, torch does not)' : ''}`;
}

/** Optimizer states as they sit in host RAM under offload (DeepSpeed CPU Adam: fp32 master + 2 fp32 states). */
export function offloadedOptimizerHostBytes(s: Setup): number {
  if (!s.train || s.cfg.offload === 'none') return 0;
  const perParam = s.cfg.optimizer === 'sgd' || s.cfg.optimizer === 'lion' ? 8 : 12;
  return s.trainableParams * perParam;
}

/**
 * Temporaries of one optimizer step, on top of weights + grads + states:
 * - torch AdamW, default `foreach` path: `_foreach_sqrt(exp_avg_sq)` allocates a state-sized
 *   copy for the whole parameter group (torch/optim/adamw.py `_multi_tensor_adamw`): 1 x states/2.
 * - fused AdamW (`fused=True`) and bnb 8-bit: in-place kernels per tensor, nothing sizeable.
 * - HF Adafactor: per tensor, fp32 copies of the param and grad plus the update: 3 x 4 B x largest tensor.
 * - Lion: per tensor, the update and interpolation: 2 x largest tensor.
 * - SGD (no weight decay): in place.
 * - DeepSpeed ZeRO (zero1/2/3): HF Trainer hands AdamW to DeepSpeed, which runs its fused
 *   multi-tensor Adam kernel on the flat partition: no state-sized temporaries.
 */
export function optimizerStepBytes(s: Setup): number {
  if (!s.train || s.cfg.offload !== 'none') return 0;
  const deepspeed = SHARDING_CAPS[s.cfg.sharding].deepspeed;
  switch (s.cfg.optimizer) {
    case 'adamw':
      // opt_in_bwd: one optimizer per parameter (torchtune OptimizerInBackwardWrapper), so the foreach copy is one tensor's.
      if (s.cfg.optInBwd) return (largestTrainableTensor(s) * s.trainBytes) / s.shardStates;
      return deepspeed ? 0 : (s.trainableParams * s.trainBytes) / s.shardStates;
    case 'adafactor':
      return largestTrainableTensor(s) * 12;
    case 'lion':
      return largestTrainableTensor(s) * s.trainBytes * 2;
    case 'galore':
      return galoreStepBytes(s);
    default:
      return 0;
  }
}

export const OPTIMIZER_STEP_SOURCE = 'torch/optim/adamw.py _multi_tensor_adamw (_foreach_sqrt copy); HF Adafactor and Lion per-tensor temporaries';

export function optimizerStepFormula(s: Setup, b: number): Formula {
  if (s.cfg.optInBwd && s.cfg.optimizer === 'adamw' && b > 0) return fx`optimizer in backward, one parameter at a time: foreach sqrt copy of the largest tensor ${count(largestTrainableTensor(s))} x ${s.trainBytes} B${over(s.shardStates, '')} = ${bytes(b)}`;
  if (s.cfg.optimizer === 'adamw' && b > 0) return fx`foreach sqrt copy of exp_avg_sq: ${count(s.trainableParams)} x ${s.trainBytes} B${over(s.shardStates, '')} = ${bytes(b)}`;
  if (s.cfg.optimizer === 'galore') return fx`GaLore, per tensor: the fp32 SVD of the largest projected gradient (copy + U + Vh, every update_proj_gap steps), its back-projection x scale, or sqrt/divide of the largest plain tensor = ${bytes(b)}`;
  return fx`${s.cfg.optimizer} per-tensor temporaries = ${bytes(b)}`;
}
