/**
 * Training step time, tokens per second, run time and cost: a roofline of the step, pure.
 *
 * A step is the matmul FLOPs of the method over the card's dense peak at a measured utilisation,
 * plus the bandwidth-bound terms (QLoRA's dequantisation, the optimizer step) and the collectives
 * (ZeRO/FSDP/DDP over the data-parallel group, tensor-parallel all-reduces per layer), with the
 * pipeline bubble. Every rule cites where the work comes from; every constant is in
 * {@link TIME_CONSTANTS}. The utilisation is not a guess: it is the median of what the published
 * throughput rows (calibration/throughput.jsonl) imply under this same model
 * (scripts/utilisation.ts writes src/estimator/utilisation.data.ts).
 */
import type { EstimateConfig } from '../config';
import { findGpu, peakTflops, type Gpu, type PerfPrecision } from '../catalog/gpus';
import { pricesFor, PRICES_AS_OF, type PriceRow } from '../catalog/prices';
import type { ModelArch } from '../model/arch';
import { decoderLinears, headLinear, type LinearKind } from '../model/params';
import { makeSetup, isAdapted, type Setup } from './setup';
import { optimizerStateBytes, quantizableParams } from './state';
import { formatFamily } from './quant';
import { UTILISATION_DATA } from './utilisation.data';
import type { UtilisationRow } from './utilisation';
import { serveTime, type ServeTime } from './serving-time';

/** Constants of the time model, each with its source. */
export const TIME_CONSTANTS = {
  /**
   * A matmul of an m x k by a k x n matrix is m k n multiply-adds = 2 m k n FLOPs; forward 2N per
   * token over N linear weights, the input gradient (dL/dx = dL/dy W^T) another 2N, the weight
   * gradient (dL/dW = x^T dL/dy) another 2N (Kaplan et al. 2020, "Scaling Laws for Neural Language
   * Models", section 2.1, C = 6N; Narayanan et al. 2021, Megatron-LM, appendix "FLOPs calculation").
   */
  flopsPerMac: 2,
  /**
   * FlashAttention's backward does 2.5x the forward's FLOPs (it recomputes S = QK^T, then dV, dP,
   * dQ, dK): flash-attention benchmarks/benchmark_flash_attention.py `flops()`:
   * `f = 4 * batch * seqlen**2 * nheads * headdim // (2 if causal else 1)`; bwd `2.5 * f`.
   */
  flashBackwardRatio: 2.5,
  /** Eager (and SDPA's math path) keeps the probabilities and does the four backward matmuls (dV, dP, dQ, dK): 2x the forward's two. */
  eagerBackwardRatio: 2,
  /**
   * bitsandbytes NF4/FP4: `MatMul4Bit.forward` runs `F.dequantize_4bit(B, quant_state)` then
   * `torch.nn.functional.linear`; `backward` dequantizes again for grad_A
   * (bitsandbytes/autograd/_functions.py). Each dequantisation reads the 4-bit weight (0.5 B) and
   * writes it in the compute dtype (2 B).
   */
  dequantReadBytes4bit: 0.5,
  /** bitsandbytes int8 (LLM.int8 `MatMul8bitLt`): the int8 weight is read (1 B) and the fp16 result of the dequantised path written (2 B). */
  dequantReadBytes8bit: 1,
  dequantWriteBytes: 2,
  /**
   * Ring collectives move (n-1)/n of the buffer per GPU for all-gather and reduce-scatter and
   * 2(n-1)/n for all-reduce (NCCL tests doc/PERFORMANCE.md, "bus bandwidth": algbw x 2(n-1)/n for
   * AllReduce, x (n-1)/n for AllGather/ReduceScatter); the bus rate is one direction of the link,
   * half of the bidirectional figure the datasheets print.
   */
  busShareOfBidirectional: 0.5,
  /**
   * Element reads + writes per parameter of torch's multi-tensor Adam/AdamW step
   * (torch/optim/adam.py `_multi_tensor_adam`, weight decay on, not capturable):
   * `_foreach_mul_(params)` 1 + 1, `_foreach_lerp_(exp_avgs, grads)` 2 + 1, `_foreach_mul_(exp_avg_sqs)` 1 + 1,
   * `_foreach_addcmul_(exp_avg_sqs, grads, grads)` 3 + 1, `_foreach_sqrt` 1 + 1, `_foreach_div_` 1 + 1,
   * `_foreach_add_(eps)` 1 + 1, `_foreach_addcdiv_(params, exp_avgs, denom)` 3 + 1 = 21, each in the parameter dtype.
   */
  adamForeachPasses: 21,
  /** GPUs of one NVLink/NVSwitch domain on HGX/DGX baseboards (HGX H100/H200/B200: 8 GPUs); beyond it traffic crosses the network, which the catalog does not hold. */
  gpusPerNode: 8,
} as const;

/** Where the utilisation used came from. */
export interface Utilisation {
  /** Fraction of the dense peak the counted FLOPs run at. */
  readonly value: number;
  /** `engine|method`, `engine` or `overall`: the most specific level with a published row. */
  readonly level: 'engine|method' | 'engine' | 'overall';
  readonly key: string;
  /** Published rows behind the median. */
  readonly rows: number;
  /** The sentence the reply shows. */
  readonly text: string;
}

/** The utilisation for a training engine and method (the median of the published rows; see scripts/utilisation.ts). */
export function utilisationFor(engine: string, method: string, exclude?: string): Utilisation {
  const rows = UTILISATION_DATA.rows.filter((r) => r.id !== exclude);
  const med = (xs: readonly number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
  };
  // The rows' micro-batch sizes, said beside the figure: utilisation grows with the matmul sizes, which this median does not model.
  const sizes = (xs: readonly UtilisationRow[]): string => {
    const t = xs.map((r) => r.microTokens);
    const lo = Math.min(...t);
    const hi = Math.max(...t);
    return `${lo === hi ? lo.toLocaleString('en-US') : `${lo.toLocaleString('en-US')}-${hi.toLocaleString('en-US')}`} tokens per micro-batch`;
  };
  const em = rows.filter((r) => r.engine === engine && r.method === method);
  if (em.length > 0) {
    const v = med(em.map((r) => r.mfu));
    return { value: v, level: 'engine|method', key: `${engine}|${method}`, rows: em.length, text: `${pct(v)} of peak: the median of ${em.length} published ${engine} ${method} row${em.length === 1 ? '' : 's'} (${sizes(em)})` };
  }
  const e = rows.filter((r) => r.engine === engine);
  // Engines built on transformers' Trainer run its loop and kernels: without rows of their own they take stock hf's.
  const base = HF_TRAINER_STACKS[engine];
  if (e.length === 0 && base !== undefined) {
    const b = rows.filter((r) => r.engine === 'hf' && r.method === method);
    const bb = b.length > 0 ? b : rows.filter((r) => r.engine === 'hf');
    if (bb.length > 0) {
      const v = med(bb.map((r) => r.mfu));
      return { value: v, level: 'engine', key: `hf (${engine})`, rows: bb.length, text: `${pct(v)} of peak: no published ${engine} row, so the median of ${bb.length} stock transformers row${bb.length === 1 ? '' : 's'}${b.length > 0 ? ` (${method})` : ''} (${base}; ${sizes(bb)})` };
    }
  }
  if (e.length > 0) {
    const v = med(e.map((r) => r.mfu));
    return { value: v, level: 'engine', key: engine, rows: e.length, text: `${pct(v)} of peak: the median of ${e.length} published ${engine} row${e.length === 1 ? '' : 's'} (none for ${method}; ${sizes(e)})` };
  }
  // The generated data always has rows (test/estimator/utilisation.test.ts); no figure is made up without them.
  if (rows.length === 0) throw new Error('no published training rows in src/estimator/utilisation.data.ts: run `npm run utilisation`');
  const v = med(rows.map((r) => r.mfu));
  return { value: v, level: 'overall', key: 'overall', rows: rows.length, text: `${pct(v)} of peak: no published row for ${engine} ${method}, so the median of all ${rows.length} published training rows (${sizes(rows)})` };
}

/** Training engines whose loop is transformers' Trainer, and where that is so. */
const HF_TRAINER_STACKS: Readonly<Record<string, string>> = {
  axolotl: 'axolotl AxolotlTrainer subclasses transformers.Trainer (src/axolotl/core/trainers/base.py)',
  llamafactory: 'LLaMA-Factory CustomSeq2SeqTrainer subclasses Seq2SeqTrainer (src/llamafactory/train/sft/trainer.py)',
  liger: 'liger-kernel patches a transformers model (apply_liger_kernel_to_*), trained by transformers.Trainer',
};

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

/** FLOPs per token of one training step, over the whole model, by kind. */
export interface TrainFlops {
  /** Forward matmuls: 2 x (linear weights a token passes through + lm_head). */
  readonly forward: number;
  /** Input gradients: 2 x the same (every layer above the first trainable one). */
  readonly inputGrad: number;
  /** Weight gradients of the trainable base linears (full fine-tuning): 2 x their weights. */
  readonly weightGrad: number;
  /** The adapters' own matmuls (LoRA: x A, (x A) B forward, and both gradients). */
  readonly adapters: number;
  /** Attention's QK^T and PV, forward and backward, for the kernel. */
  readonly attention: number;
  /** Checkpointing's second forward of the decoder layers (gc:true / offload). */
  readonly recompute: number;
  readonly total: number;
}

/** Per-layer attention FLOPs per token, forward, for `keys` keys per query on average (QK^T 2 d, PV 2 d per key). */
function attentionForwardPerToken(a: ModelArch, seq: number, kernel: EstimateConfig['attention']): number {
  // Query-key width and value width per head: MLA has its own (DeepSeek-V2 modeling: q_head_dim = nope + rope, v_head_dim).
  const qk = a.mla ? a.mla.qkNopeHeadDim + a.mla.qkRopeHeadDim : a.headDim;
  const v = a.mla ? a.mla.vHeadDim : a.headDim;
  // Causal: flash and SDPA's fused kernels (is_causal=True, transformers sdpa_attention_forward) skip
  // the masked upper triangle, so a query sees (s + 1) / 2 keys on average; eager computes the full
  // s x s scores and masks them (transformers eager_attention_forward).
  const keysFull = kernel === 'eager' ? seq : (seq + 1) / 2;
  const w = a.slidingWindow;
  // Local layers with a fused kernel: the mean over positions p = 1..s of the keys a query sees,
  // min(p, w) for a sliding window, its place in its own w-token chunk for chunked attention (Llama 4).
  const localKeys = (win: number): number => {
    if (seq <= win) return (seq + 1) / 2;
    if (a.localAttention === 'chunked') {
      const full = Math.floor(seq / win);
      const rest = seq - full * win;
      return (full * (win * (win + 1)) / 2 + (rest * (rest + 1)) / 2) / seq;
    }
    return ((win * (win + 1)) / 2 + (seq - win) * win) / seq;
  };
  const windowKeys = w === null ? keysFull : kernel === 'eager' ? seq : localKeys(w);
  const windowLayers = w === null || a.slidingFraction <= 0 ? 0 : Math.round(a.layers * a.slidingFraction);
  const fullLayers = a.layers - windowLayers;
  const perKey = TIME_CONSTANTS.flopsPerMac * a.heads * (qk + v);
  return perKey * (fullLayers * keysFull + windowLayers * windowKeys);
}

/** Multiply-adds per token of a linear kind over the whole model (MoE experts: the routed share). */
const macsPerToken = (l: LinearKind): number => l.instances * l.tokenShare * l.inFeatures * l.outFeatures;

/**
 * FLOPs per trained token for the method (whole model): forward 2N, input gradients 2N, weight
 * gradients 2N over the trainable linears (Kaplan et al. 2020), the adapters' own matmuls, the
 * attention for the kernel and one more forward under checkpointing.
 */
export function trainFlopsPerToken(model: ModelArch, cfg: EstimateConfig): TrainFlops {
  const m = TIME_CONSTANTS.flopsPerMac;
  const linears = decoderLinears(model);
  const head = headLinear(model);
  const s = makeSetup(model, cfg);
  const decoderMacs = linears.reduce((a, l) => a + macsPerToken(l), 0);
  const headMacs = macsPerToken(head);
  const full = cfg.method === 'full';
  // freeze:n trains the last n layers only: weight gradients there, input gradients down to the first of them.
  const share = full && cfg.freeze !== null ? Math.min(cfg.freeze, model.layers) / Math.max(1, model.layers) : 1;
  const forward = m * (decoderMacs + headMacs);
  // Autograd computes an input gradient only where something below needs one: every layer for the
  // PEFT methods (the adapters sit in every layer, prompt tuning's embeddings below the first), the
  // trainable layers for freeze. The first layer's input gradient flows to a frozen embedding and
  // is still computed in the layers above it, so all layers count (lm_head's input gradient too).
  const inputGrad = m * (decoderMacs * share + headMacs);
  const headTrains = full && cfg.freeze === null;
  const weightGrad = full ? m * (decoderMacs * share + (headTrains ? headMacs : 0)) : 0;
  // LoRA (PEFT lora.Linear.forward): result + B(A(dropout(x))) x scaling: r (in + out) MACs forward
  // per token per adapted linear; backward its input gradient and both weight gradients: 3x in all.
  let adapterMacs = 0;
  if (cfg.method === 'lora' || cfg.method === 'qlora' || cfg.method === 'dora') {
    for (const l of [...linears, head]) if (isAdapted(s, l)) adapterMacs += l.instances * l.tokenShare * cfg.rank * (l.inFeatures + l.outFeatures);
  } else if (cfg.method === 'adapter') {
    // Bottleneck adapters are linears of their own (down and up projections), each used once per token.
    adapterMacs = s.adapterParams;
  }
  // IA3 scales activations element-wise and prompt/prefix tuning adds embeddings: no matmuls of their own.
  const adapters = 3 * m * adapterMacs;
  const attnFwd = attentionForwardPerToken(model, s.seqLen, cfg.attention);
  const bwdRatio = cfg.attention === 'eager' ? TIME_CONSTANTS.eagerBackwardRatio : TIME_CONSTANTS.flashBackwardRatio;
  // Attention's backward runs down to the lowest layer that needs a gradient (freeze: the trainable layers).
  const attention = attnFwd + bwdRatio * attnFwd * share;
  // Checkpointing (transformers GradientCheckpointingLayer / torch.utils.checkpoint around each
  // decoder layer) runs each layer's forward again in backward: linears, adapters, attention; not lm_head.
  const recompute = cfg.gc === 'false' ? 0 : m * decoderMacs + m * adapterMacs + attnFwd;
  const total = forward + inputGrad + weightGrad + adapters + attention + recompute;
  return { forward, inputGrad, weightGrad, adapters, attention, recompute, total };
}

/** The precision whose dense peak the matmuls run at. */
export function computePrecision(cfg: Pick<EstimateConfig, 'precision'>): PerfPrecision {
  // fp32: PyTorch keeps TF32 off for matmuls by default (torch.backends.cuda.matmul.allow_tf32 = False
  // since 1.12), so fp32 runs on the CUDA cores; mixed autocasts the matmuls to bf16 (HF Trainer bf16=True).
  if (cfg.precision === 'fp32') return 'fp32';
  if (cfg.precision === 'fp16') return 'fp16';
  return 'bf16';
}

/** The per-direction bus bandwidth (bytes/s) between `n` GPUs of this card, and what link it is. */
export function linkBandwidth(gpu: Gpu, n: number): { bytesPerS: number; what: string } {
  const ic = gpu.interconnect;
  const half = TIME_CONSTANTS.busShareOfBidirectional;
  // An NVLink bridge joins 2 (or 4) PCIe cards; a larger group talks over PCIe.
  if (ic.kind === 'nvlink-bridge' && gpu.bridge && n > gpu.bridge.gpus && gpu.pcie) {
    return { bytesPerS: gpu.pcie.gbPerS * 1e9 * half, what: `PCIe ${gpu.pcie.gbPerS} GB/s (more GPUs than one NVLink bridge joins)` };
  }
  return { bytesPerS: ic.gbPerS * 1e9 * half, what: `${ic.kind} ${ic.gbPerS} GB/s bidirectional` };
}

export interface TrainTime {
  readonly gpu: string;
  readonly precision: PerfPrecision;
  readonly peakTflops: number;
  readonly utilisation: Utilisation;
  readonly flops: TrainFlops;
  /** Tokens per optimizer step over all GPUs (batch x seq x micro-batches x data-parallel degree). */
  readonly tokensPerStep: number;
  /** Seconds per optimizer step, and its parts (per GPU, on the critical path). */
  readonly stepS: number;
  readonly computeS: number;
  readonly dequantS: number;
  readonly optimizerS: number;
  /** Data-parallel collectives per step (ZeRO/FSDP/DDP), and how much of it is not hidden under compute. */
  readonly dpCommS: number;
  readonly dpExposedS: number;
  /** Tensor-parallel all-reduces per step (on the critical path). */
  readonly tpCommS: number;
  /** Pipeline bubble share (pp - 1) / (m + pp - 1), and its seconds. */
  readonly bubble: number;
  readonly bubbleS: number;
  readonly tokensPerS: number;
  readonly tokensPerSPerGpu: number;
  /** Lines for how:true: the formula with the numbers. */
  readonly lines: readonly string[];
  /** What the figure leaves out or assumes. */
  readonly assumptions: readonly string[];
}

export interface TrainTimeOptions {
  /** Replace the measured utilisation (the generator bisects on it). */
  readonly utilisation?: Utilisation;
  /** The peak's precision when the run computes in another (fp8 training rows). */
  readonly precision?: PerfPrecision;
}

const sci = (n: number): string => n.toExponential(3).replace('e+', 'e');
const ms = (s: number): string => (s >= 1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(1)} ms`);

/**
 * The step time of a training config on `gpu` (every GPU the same card), or a reason why none.
 *
 * Per GPU and micro-batch: compute = FLOPs per token x tokens / (tp x pp x cp) / (peak x
 * utilisation); + QLoRA's dequantisation (bandwidth); + tensor-parallel all-reduces. The
 * pipeline runs (m + pp - 1) micro-batch slots for m micro-batches (GPipe/1F1B bubble,
 * Narayanan et al. 2021). Data-parallel collectives overlap the backward (PyTorch DDP buckets,
 * FSDP prefetch, DeepSpeed overlap_comm), so only what exceeds the compute adds. The optimizer
 * step reads and writes params, grads and states once (bandwidth-bound).
 */
export function trainTime(model: ModelArch, cfg: EstimateConfig, gpu: Gpu, opts: TrainTimeOptions = {}): { ok: true; value: TrainTime } | { ok: false; reason: string } {
  if (cfg.mode !== 'train') return { ok: false, reason: 'serving: see the serving time' };
  // What the step model does not time is refused rather than guessed.
  if (cfg.objective !== 'sft') return { ok: false, reason: `no time estimate for \`objective:${cfg.objective}\` yet: its reference passes and rollouts are not timed (the memory is estimated)` };
  if (cfg.offload !== 'none') return { ok: false, reason: `no time estimate with \`offload:${cfg.offload}\`: the CPU optimizer step and the PCIe transfers are not timed (the memory is estimated)` };
  const precision = opts.precision ?? computePrecision(cfg);
  const peak = peakTflops(gpu.perf, precision);
  if (peak === null) return { ok: false, reason: `${gpu.id} has no ${precision} tensor path: no time estimate (use precision:fp16)` };
  const engine = cfg.engine;
  const util = opts.utilisation ?? utilisationFor(engine, cfg.method);
  const s = makeSetup(model, cfg);
  const l = s.layout;
  const flops = trainFlopsPerToken(model, cfg);
  const seqTokens = cfg.batch * s.seqLen; // one micro-batch of one data-parallel replica
  const splitWays = l.tp * l.pp * l.cp;
  const peakFlops = peak * 1e12;
  const computeMicro = (flops.total * seqTokens) / splitWays / (peakFlops * util.value);
  const bw = gpu.perf.memoryGBps * 1e9;
  // QLoRA / quantized base: one dequantisation per forward, one per backward, one per recompute.
  const fam = formatFamily(cfg.quant);
  let dequantMicro = 0;
  if (s.quantized && fam === 'bnb') {
    const q = quantizableParams(s).params; // this GPU's quantized weights
    const read = cfg.quant === 'int8' ? TIME_CONSTANTS.dequantReadBytes8bit : TIME_CONSTANTS.dequantReadBytes4bit;
    const passes = 2 + (cfg.gc === 'false' ? 0 : 1);
    dequantMicro = (passes * q * (read + TIME_CONSTANTS.dequantWriteBytes)) / bw;
  }
  // Tensor parallel (Megatron-LM ColumnParallel/RowParallel): two all-reduces per layer forward
  // (after attention and after the MLP) and two backward; sequence parallelism swaps each for a
  // reduce-scatter + all-gather of the same volume (Korthikanti et al. 2022). Buffer: tokens x hidden x p.
  let tpMicro = 0;
  const tpLink = linkBandwidth(gpu, l.tp);
  if (l.tp > 1) {
    const per = ((seqTokens / l.cp) * model.hidden * s.p * 2 * (l.tp - 1)) / l.tp / tpLink.bytesPerS;
    const count = (4 + (cfg.gc === 'false' ? 0 : 2)) * l.stage.layers;
    tpMicro = per * count;
  }
  const m = l.pp > 1 ? l.microbatches : cfg.accum;
  const slot = computeMicro + dequantMicro + tpMicro;
  const slots = m + l.pp - 1;
  const bubble = (l.pp - 1) / slots;
  const pipeS = slot * slots;
  // Data-parallel collectives over dp ranks.
  const dp = l.dp;
  const dpLink = linkBandwidth(gpu, Math.min(cfg.gpus, TIME_CONSTANTS.gpusPerNode));
  const gradBytes = s.trainableParams * s.trainBytes; // this GPU's stage, before sharding
  const weightBytesOnStage = s.params.total * s.weightBytes;
  const ring = (n: number): number => (n - 1) / n;
  let dpComm = 0;
  const sh = cfg.sharding;
  if (dp > 1) {
    if (sh === 'none' || sh === 'ddp' || sh === 'zero1') {
      // DDP: one all-reduce of the gradients per optimizer step (no_sync during accumulation); ZeRO-1 the same volume (reduce + all-gather of the updated shard).
      dpComm = (2 * ring(dp) * gradBytes) / dpLink.bytesPerS;
    } else if (sh === 'zero2') {
      // ZeRO-2: the gradients reduce-scattered every micro-batch, the updated parameters all-gathered once.
      dpComm = (m * ring(dp) * gradBytes + ring(dp) * weightBytesOnStage) / dpLink.bytesPerS;
    } else {
      // ZeRO-3 / FSDP FULL_SHARD: the weights all-gathered for the forward and again for the backward, the gradients reduce-scattered, every micro-batch (Rajbhandari et al. 2020: 3 Psi).
      dpComm = (m * ring(dp) * (2 * weightBytesOnStage + gradBytes)) / dpLink.bytesPerS;
    }
  }
  const dpExposed = Math.max(0, dpComm - pipeS);
  // Optimizer step on this GPU's shard of the trainable params (bandwidth-bound).
  let optimizerS = 0;
  if (cfg.offload === 'none') {
    const st = optimizerStateBytes(s);
    const local = s.trainableParams / s.shardStates;
    // torch AdamW's default foreach path makes 21 element passes per parameter (TIME_CONSTANTS.adamForeachPasses);
    // a fused kernel (adamw-fused, bitsandbytes 8-bit) reads params, grads and states once and writes params and states once.
    const perParam = cfg.optimizer === 'adamw' ? TIME_CONSTANTS.adamForeachPasses * s.trainBytes : 3 * s.trainBytes + 2 * st.perParam;
    optimizerS = (local * perParam) / bw;
  }
  const stepS = pipeS + dpExposed + optimizerS;
  const tokensPerStep = seqTokens * m * dp;
  const tokensPerS = tokensPerStep / stepS;
  const computeS = computeMicro * m;
  const lines: string[] = [
    `FLOPs per token = forward ${sci(flops.forward)} + input grads ${sci(flops.inputGrad)} + weight grads ${sci(flops.weightGrad)} + adapters ${sci(flops.adapters)} + attention ${sci(flops.attention)} (${cfg.attention}) + recompute ${sci(flops.recompute)} = ${sci(flops.total)}`,
    `compute per micro-batch = ${sci(flops.total)} x ${seqTokens.toLocaleString('en-US')} tokens${splitWays > 1 ? ` / ${splitWays} (tp x pp x cp)` : ''} / (${peak} TFLOPS ${precision} x ${util.value.toFixed(3)}) = ${ms(computeMicro)}`,
    ...(dequantMicro > 0 ? [`dequantisation per micro-batch = passes x quantized weights x bytes / ${gpu.perf.memoryGBps} GB/s = ${ms(dequantMicro)}`] : []),
    ...(tpMicro > 0 ? [`tensor-parallel all-reduces per micro-batch (${tpLink.what}) = ${ms(tpMicro)}`] : []),
    `${m} micro-batch${m === 1 ? '' : 'es'}${l.pp > 1 ? ` + ${l.pp - 1} bubble slots (bubble ${(bubble * 100).toFixed(1)}%)` : ''} = ${ms(pipeS)}`,
    ...(dpComm > 0 ? [`data-parallel collectives (${sh}, ${dp} ranks, ${dpLink.what}) = ${ms(dpComm)}, ${ms(dpExposed)} not hidden under compute`] : []),
    `optimizer step (bandwidth, ${gpu.perf.memoryGBps} GB/s) = ${ms(optimizerS)}`,
    `step = ${ms(stepS)} for ${tokensPerStep.toLocaleString('en-US')} tokens = ${Math.round(tokensPerS).toLocaleString('en-US')} tokens/s`,
  ];
  const assumptions: string[] = [`utilisation ${util.text}`];
  if (cfg.gpus > TIME_CONSTANTS.gpusPerNode) assumptions.push(`more than ${TIME_CONSTANTS.gpusPerNode} GPUs: the collectives are timed at the card's own link; across nodes the network is slower`);
  if (l.ep > 1) assumptions.push('the expert-parallel all-to-all exchanges are not timed');
  if (l.cp > 1) assumptions.push('the context-parallel ring exchange of K and V is taken as hidden under attention');
  if (cfg.gc === 'offload') assumptions.push('gc:offload: the checkpoint copies to host RAM are taken as hidden under compute');
  if (model.vision && cfg.images > 0) assumptions.push('the vision tower\'s own FLOPs are not counted (its image tokens are)');
  if (cfg.method === 'dora') assumptions.push('DoRA\'s weight-norm per forward is not counted');
  return {
    ok: true,
    value: {
      gpu: gpu.id, precision, peakTflops: peak, utilisation: util, flops, tokensPerStep, stepS, computeS, dequantS: dequantMicro * m,
      optimizerS, dpCommS: dpComm, dpExposedS: dpExposed, tpCommS: tpMicro * m, bubble, bubbleS: slot * (l.pp - 1),
      tokensPerS, tokensPerSPerGpu: tokensPerS / cfg.gpus, lines, assumptions,
    },
  };
}

/** The training run: tokens x epochs over the tokens per second of all GPUs. */
export interface RunTime {
  readonly tokens: number;
  readonly epochs: number;
  readonly seconds: number;
  readonly gpuHours: number;
}

/** Dataset tokens: `tokens`, else `samples x seq`; null when neither is given. */
export function datasetTokens(cfg: Pick<EstimateConfig, 'datasetTokens' | 'samples' | 'seq'>): number | null {
  if (cfg.datasetTokens !== null) return cfg.datasetTokens;
  if (cfg.samples !== null) return cfg.samples * cfg.seq;
  return null;
}

export function runTime(t: Pick<TrainTime, 'tokensPerS'>, cfg: Pick<EstimateConfig, 'datasetTokens' | 'samples' | 'seq' | 'epochs' | 'gpus'>): RunTime | null {
  const tokens = datasetTokens(cfg);
  if (tokens === null) return null;
  const seconds = (tokens * cfg.epochs) / t.tokensPerS;
  return { tokens, epochs: cfg.epochs, seconds, gpuHours: (seconds / 3600) * cfg.gpus };
}

export interface Cost {
  readonly usdPerGpuHour: number;
  /** All the GPUs of the setup for one hour. */
  readonly usdPerHour: number;
  /** The whole run (training with `tokens` or `samples`); null without a dataset size. */
  readonly usd: number | null;
  /** Serving: dollars per million output tokens at the concurrency the memory admits (or `batch`). */
  readonly usdPerMillionTokens: number | null;
  /** `price` (given) or the cheapest sourced on-demand row. */
  readonly basis: 'given' | 'catalog';
  readonly row?: PriceRow;
  readonly asOf?: string;
  readonly text: string;
}

/** The price of a GPU-hour of `gpuId`: `price` when given, else the cheapest sourced on-demand row; null when there is none. */
export function priceOf(gpuId: string, price: number | null): Pick<Cost, 'usdPerGpuHour' | 'basis' | 'row' | 'asOf' | 'text'> | null {
  if (price !== null) return { usdPerGpuHour: price, basis: 'given', text: `at the given $${price}/GPU-hour` };
  const row = pricesFor(gpuId)[0];
  if (!row) return null;
  return {
    usdPerGpuHour: row.usdPerGpuHour, basis: 'catalog', row, asOf: PRICES_AS_OF,
    text: `at $${row.usdPerGpuHour.toFixed(2)}/GPU-hour, the cheapest on-demand price found: ${row.cloud} ${row.instance}${row.gpus > 1 ? ` (${row.gpus} GPUs per instance)` : ''} (read ${row.readOn}; prices as of ${PRICES_AS_OF})`,
  };
}

/** Cost of `gpuHours` (null: no run size) on `gpus` cards of `gpuId`; null when no price is known. */
export function costOf(gpuHours: number | null, gpuId: string, gpus: number, price: number | null, tokensPerS: number | null = null): Cost | null {
  const p = priceOf(gpuId, price);
  if (!p) return null;
  const usdPerHour = p.usdPerGpuHour * gpus;
  return {
    ...p, usdPerHour, usd: gpuHours === null ? null : gpuHours * p.usdPerGpuHour,
    usdPerMillionTokens: tokensPerS !== null && tokensPerS > 0 ? (usdPerHour / (tokensPerS * 3600)) * 1e6 : null,
  };
}

/** The time half of a report: training step and run, or serving speed, on the target card. */
export type TimeEstimate =
  | { readonly kind: 'train'; readonly gpu: string; readonly train: TrainTime; readonly run: RunTime | null }
  | { readonly kind: 'serve'; readonly gpu: string; readonly serve: ServeTime }
  | { readonly kind: 'none'; readonly reason: string };

/**
 * Time and cost of a config on its target card (`gpu`): the training step, tokens/s, run time
 * (with `tokens`/`samples`) and cost; or the serving roofline and its cost per million tokens.
 */
export function estimateTime(model: ModelArch, cfg: EstimateConfig): { time: TimeEstimate; cost: Cost | null } {
  const gpu = timedGpu(cfg);
  if (!gpu) return { time: { kind: 'none', reason: 'name a card (`gpu:h100`) for the step time, tokens/s and cost' }, cost: null };
  if (cfg.mode === 'infer') {
    const t = serveTime(model, cfg, gpu);
    if (!t.ok) return { time: { kind: 'none', reason: t.reason }, cost: null };
    const tps = t.value.tokensPerSAtMax ?? t.value.tokensPerS;
    return { time: { kind: 'serve', gpu: gpu.id, serve: t.value }, cost: costOf(null, gpu.id, cfg.gpus, cfg.price, tps) };
  }
  const t = trainTime(model, cfg, gpu);
  if (!t.ok) return { time: { kind: 'none', reason: t.reason }, cost: null };
  const run = runTime(t.value, cfg);
  return { time: { kind: 'train', gpu: gpu.id, train: t.value, run }, cost: costOf(run ? run.gpuHours : null, gpu.id, cfg.gpus, cfg.price) };
}

/**
 * How much longer each trained (or served) token takes after a change: base tokens/s over the
 * changed one, less 1 (`gc:true`: about +0.3). Null when either side has no time.
 */
export function timeDelta(base: TimeEstimate, next: TimeEstimate): number | null {
  const rate = (t: TimeEstimate): number | null => (t.kind === 'train' ? t.train.tokensPerS : t.kind === 'serve' ? t.serve.tokensPerSAtMax ?? t.serve.tokensPerS : null);
  const a = rate(base);
  const b = rate(next);
  if (a === null || b === null || b <= 0) return null;
  return a / b - 1;
}

/** A duration in words: `42 s`, `3.5 min`, `7.2 h`, `3.1 days`. */
export function durationText(s: number): string {
  if (s < 90) return `${s.toFixed(s < 10 ? 2 : 0)} s`;
  if (s < 5400) return `${(s / 60).toFixed(1)} min`;
  if (s < 3 * 86400) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} days`;
}

/** The card a config is timed on: the target GPU. */
export function timedGpu(cfg: Pick<EstimateConfig, 'gpu'>): Gpu | null {
  return cfg.gpu === null ? null : findGpu(cfg.gpu) ?? null;
}

export type { Setup };
