/**
 * Serving speed against the card's roofline, pure: decode is bandwidth-bound (every step reads
 * the weights once for the whole batch, and each sequence's KV cache), prefill compute-bound
 * (2N FLOPs per prompt token plus attention). The figures are the roofline's, i.e. the fastest
 * the card allows: published engines reach a share of it (bench/accuracy.ts prints that share
 * against calibration/throughput.jsonl's serving rows).
 */
import type { EstimateConfig } from '../config';
import { peakTflops, type Gpu, type PerfPrecision } from '../catalog/gpus';
import type { ModelArch } from '../model/arch';
import { linearParams } from '../model/params';
import { makeSetup } from './setup';
import { baseWeightBytes } from './state';
import { kvBytesPerTokenPerLayer, layerSplit, llamacppLayout, servingPlan } from './serving';
import { TIME_CONSTANTS } from './time';

export interface ServeTime {
  readonly gpu: string;
  readonly precision: PerfPrecision;
  readonly peakTflops: number;
  readonly memoryGBps: number;
  /** Bytes one decode step reads per GPU: the weights the batch touches, and one sequence's KV at `context`. */
  readonly weightReadBytes: number;
  readonly kvPerSeqBytes: number;
  /** Sequences decoded together: `batch`. */
  readonly batch: number;
  /** Seconds per decode step at `batch` sequences of `context` tokens, and whether bandwidth or compute bounds it. */
  readonly decodeStepS: number;
  readonly bound: 'bandwidth' | 'compute';
  readonly tokensPerSPerSeq: number;
  readonly tokensPerS: number;
  /** The concurrency the memory allows (vLLM/SGLang KV pool / context), and the aggregate speed there; null for HF and llama.cpp. */
  readonly maxConcurrency: number | null;
  readonly tokensPerSAtMax: number | null;
  /** Prefill of one `context`-long prompt: FLOPs and the time to first token at the peak. */
  readonly prefillFlops: number;
  readonly ttftS: number;
  readonly lines: readonly string[];
  readonly assumptions: readonly string[];
}

/** The precision the serving matmuls run at: fp8 checkpoints on fp8 tensor cores where the card has them, else the 16-bit dtype (weight-only formats dequantize to it). */
function servePrecision(cfg: EstimateConfig, gpu: Gpu): PerfPrecision {
  if ((cfg.quant === 'fp8' || cfg.quant === 'fp8-block') && gpu.perf.tflops.fp8 !== null) return 'fp8';
  if (cfg.precision === 'fp32') return 'fp32';
  if (cfg.precision === 'fp16' || gpu.perf.tflops.bf16 === null) return 'fp16';
  return 'bf16';
}

/** Expected share of the routed experts a batch of `b` tokens touches, each picking k of E: 1 - (1 - k/E)^b. */
export function expertsTouched(k: number, e: number, b: number): number {
  return 1 - Math.pow(1 - k / e, b);
}

const msText = (s: number): string => `${(s * 1000).toFixed(2)} ms`;

export function serveTime(model: ModelArch, cfg: EstimateConfig, gpu: Gpu): { ok: true; value: ServeTime } | { ok: false; reason: string } {
  if (cfg.mode !== 'infer') return { ok: false, reason: 'training: see the step time' };
  const precision = servePrecision(cfg, gpu);
  const peak = peakTflops(gpu.perf, precision);
  if (peak === null) return { ok: false, reason: `${gpu.id} has no ${precision} path` };
  const s = makeSetup(model, cfg);
  // llama.cpp with blocks left in host RAM: the CPU computes those layers and sets the speed, which no GPU roofline gives.
  if (cfg.engine === 'llamacpp' && llamacppLayout(s).cpuBlocks > 0) return { ok: false, reason: `llama.cpp keeps ${llamacppLayout(s).cpuBlocks} blocks in host RAM (\`ngl\`): the CPU sets the speed, which is not timed` };
  const a = s.arch; // this GPU's share (tp heads, pp stage)
  const bw = gpu.perf.memoryGBps * 1e9;
  const w = baseWeightBytes(s).bytes;
  // MoE: a decode step reads only the experts its tokens route to (vLLM fused_moe reads the
  // selected experts' weights): the expected share touched by `batch` tokens.
  let weightRead = w;
  if (a.moe) {
    const expertParams = s.linears.filter((l) => l.module.startsWith('experts.')).reduce((x, l) => x + linearParams(l), 0);
    const share = expertParams / Math.max(1, s.params.total);
    weightRead = w * (1 - share) + w * share * expertsTouched(a.moe.topK, a.moe.experts, cfg.batch);
  }
  const ctx = cfg.context;
  const { fullLayers, windowLayers } = layerSplit(s);
  const win = Math.min(ctx, a.slidingWindow ?? ctx);
  const kvPerSeq = kvBytesPerTokenPerLayer(s) * (fullLayers * ctx + windowLayers * win);
  // FLOPs of one decoded token on this GPU: 2 x the weights it passes (routed share for experts) + attention over the context.
  const macs = s.linears.reduce((x, l) => x + l.instances * l.tokenShare * l.inFeatures * l.outFeatures, 0) + s.head.instances * s.head.inFeatures * s.head.outFeatures;
  const qk = a.mla ? a.mla.qkNopeHeadDim + a.mla.qkRopeHeadDim : a.headDim;
  const vd = a.mla ? a.mla.vHeadDim : a.headDim;
  const attnPerKey = TIME_CONSTANTS.flopsPerMac * a.heads * (qk + vd);
  const decodeFlops = TIME_CONSTANTS.flopsPerMac * macs + attnPerKey * (fullLayers * ctx + windowLayers * win);
  const stepAt = (b: number): { t: number; bound: 'bandwidth' | 'compute' } => {
    const mem = (weightRead + b * kvPerSeq) / bw;
    const comp = (b * decodeFlops) / (peak * 1e12);
    return mem >= comp ? { t: mem, bound: 'bandwidth' } : { t: comp, bound: 'compute' };
  };
  // Pipeline stages run one after another for a sequence: a decode step crosses all of them.
  const stages = s.layout.pp;
  const at = stepAt(cfg.batch);
  const decodeStepS = at.t * stages;
  const plan = servingPlan(s, gpu, w);
  const maxC = plan ? plan.concurrentSeqs : null;
  const atMax = maxC !== null && maxC > 0 ? maxC / (stepAt(maxC).t * stages) : null;
  // Prefill of a `context`-long prompt: causal attention with the masked half skipped (flash / paged kernels).
  const prefillFlops = ctx * (TIME_CONSTANTS.flopsPerMac * macs) + attnPerKey * (fullLayers * ctx * ((ctx + 1) / 2) + windowLayers * ctx * Math.min((ctx + 1) / 2, win));
  const ttftS = Math.max(prefillFlops / (peak * 1e12), w / bw) * stages;
  const lines = [
    `decode step = max((weights read ${(weightRead / 1e9).toFixed(2)} GB + ${cfg.batch} x KV ${(kvPerSeq / 1e9).toFixed(3)} GB) / ${gpu.perf.memoryGBps} GB/s, ${cfg.batch} x ${decodeFlops.toExponential(3)} FLOPs / ${peak} TFLOPS ${precision})${stages > 1 ? ` x ${stages} stages` : ''} = ${msText(decodeStepS)} (${at.bound}-bound)`,
    `= ${(1 / decodeStepS).toFixed(1)} tokens/s per sequence, ${(cfg.batch / decodeStepS).toFixed(0)} tokens/s for ${cfg.batch}`,
    ...(maxC !== null && atMax !== null ? [`at the ${maxC} sequences the KV pool admits: ${atMax.toFixed(0)} tokens/s`] : []),
    `prefill of ${ctx.toLocaleString('en-US')} tokens = ${prefillFlops.toExponential(3)} FLOPs / ${peak} TFLOPS = ${msText(ttftS)} to the first token`,
  ];
  const assumptions = [
    'roofline: the card at its datasheet bandwidth and dense peak; engines reach a share of it (see Accuracy)',
    `KV read at the full context (${ctx} tokens): the last step of a sequence, the slowest`,
    ...(s.layout.tp > 1 ? ['tensor-parallel all-reduces per step are not timed'] : []),
  ];
  return {
    ok: true,
    value: {
      gpu: gpu.id, precision, peakTflops: peak, memoryGBps: gpu.perf.memoryGBps, weightReadBytes: weightRead, kvPerSeqBytes: kvPerSeq, batch: cfg.batch,
      decodeStepS, bound: at.bound, tokensPerSPerSeq: 1 / decodeStepS, tokensPerS: cfg.batch / decodeStepS, maxConcurrency: maxC, tokensPerSAtMax: atMax,
      prefillFlops, ttftS, lines, assumptions,
    },
  };
}
