import type { ModelArch } from '../model/arch';
import { countParams, decoderLinears, finalNormParams, headLinear, linearParams, type LinearKind, type ParamBreakdown } from '../model/params';
import type { EstimateConfig, Target } from '../config';
import { SHARDING_CAPS } from '../config/keys';
import { gpuView, layoutOf, type Layout } from './parallel';
import { DTYPE_BYTES } from './constants';
import { peftParams, peftSetup, type PeftSetup } from './peft';
import { imageSequenceTokens, visionTrainableParams } from './vision';

/**
 * Quantities derived once from the config and the architecture, shared by every component.
 * Pure data; no component recomputes them.
 */
export interface Setup {
  /**
   * The part of the model one GPU holds (`gpuView`): the whole model on one GPU or with data
   * parallelism; with tensor, pipeline or expert parallelism, this GPU's stage and shards.
   * Every component computes on it, so its figures are per GPU.
   */
  readonly arch: ModelArch;
  /** The whole model (names, published counts, the disk and host-RAM figures). */
  readonly model: ModelArch;
  /** Parameters of the whole model. */
  readonly modelParams: ParamBreakdown;
  /** The parallel layout and the stage this setup is of. */
  readonly layout: Layout;
  readonly cfg: EstimateConfig;
  readonly train: boolean;
  /** Every base weight trains (full fine-tuning). */
  readonly full: boolean;
  /** LoRA targets in effect (empty for full fine-tuning and serving). */
  readonly adapted: ReadonlySet<Target>;
  /** Base linears are bitsandbytes-quantized (QLoRA, or quantized serving). */
  readonly quantized: boolean;
  /** Bytes of a stored base weight that is not quantized (bf16/fp16: 2, fp32/mixed: 4). */
  readonly weightBytes: number;
  /** Bytes of the non-quantized weights of a quantized model (fp32 when upcast). */
  readonly nonQuantBytes: number;
  /** Bytes of one activation element out of a matmul (compute dtype: 2 unless fp32). */
  readonly p: number;
  /** Bytes of the residual stream (2 for bf16/fp16; 4 for fp32, and mixed, where the embedding output stays fp32). */
  readonly r: number;
  /** Adapter weight bytes (PEFT `autocast_adapter_dtype=True` keeps adapters in fp32). */
  readonly adapterBytes: number;
  /** Tokens per micro-batch per GPU (train: batch x seq / cp; infer: batch x context). */
  readonly tokens: number;
  /** Sequence length the attention sees (train: seq; infer: context). */
  readonly seqLen: number;
  /** Parameters on this GPU (its stage and shards, before ZeRO/FSDP). */
  readonly params: ParamBreakdown;
  readonly linears: readonly LinearKind[];
  readonly head: LinearKind;
  /**
   * Parameters a PEFT method adds to the frozen base (`peft.parts`): LoRA r x (in + out) per
   * adapted linear instance, DoRA's magnitudes, IA3's vectors, prompt/prefix embeddings,
   * bottleneck adapters (and a VLM tower's LoRA with vision:lora). 0 for full fine-tuning.
   */
  readonly adapterParams: number;
  /** The PEFT method's own quantities (`./peft.ts` `peftSetup`). */
  readonly peft: PeftSetup;
  /** Parameters that receive gradients and optimizer states. */
  readonly trainableParams: number;
  /** Bytes of one trainable parameter (its weight dtype), which gradients and torch optimizer states share. */
  readonly trainBytes: number;
  /**
   * Shard count for each kind of state (1 when not sharded): the data-parallel degree, or with
   * expert parallelism the weighted divisor of dense parameters over dp and expert ones over dp/ep.
   */
  readonly shardStates: number;
  readonly shardGrads: number;
  readonly shardWeights: number;
}

/** Whether LoRA target `t` selects linear `l`. */
export function isAdapted(s: Pick<Setup, 'adapted'>, l: LinearKind): boolean {
  return l.target !== null && s.adapted.has(l.target);
}

/** LoRA parameters of one linear kind at rank r: instances x r x (in + out). */
export function adapterParamsOf(l: LinearKind, rank: number): number {
  return l.instances * rank * (l.inFeatures + l.outFeatures);
}

/**
 * MLP width a token passes through in one layer: top-k routed experts plus the shared ones for
 * MoE, never less than the dense width (DeepSeek's dense layers).
 */
export function effectiveMlpWidth(s: Pick<Setup, 'arch'>): number {
  const a = s.arch;
  const routed = a.moe ? a.moe.topK * a.moe.expertIntermediate + a.moe.sharedExperts * a.moe.sharedIntermediate : a.intermediate;
  return Math.max(routed, a.intermediate);
}

/**
 * The parameters of this GPU's view, with what its pipeline stage does not hold taken out: the
 * embedding (and learned positions, and frozen extra towers) sit on the first stage, the head on
 * the last, with the final norm. A tied head on a last stage that is not also the first keeps a copy of the embedding,
 * as Megatron-LM does (`shared_embedding_or_output_weight`).
 */
function stageParams(view: ModelArch, l: Layout): ParamBreakdown {
  const p = countParams(view);
  if (!l.split) return p;
  const { embedding: hasEmb, head: hasHead } = l.stage;
  const embedding = hasEmb ? p.embedding : 0;
  const positional = hasEmb ? p.positional : 0;
  const extra = hasEmb ? p.extra : 0;
  const lmHead = !hasHead ? 0 : view.tiedEmbeddings && !hasEmb ? p.embedding : p.lmHead;
  // The final norm sits before the head, on the last stage.
  const norms = hasHead ? p.norms : p.norms - finalNormParams(view);
  const total = embedding + positional + lmHead + p.linear + norms + extra;
  return { ...p, embedding, positional, lmHead, norms, extra, total };
}

export function makeSetup(model: ModelArch, cfg: EstimateConfig, stageIndex = 0): Setup {
  const layout = layoutOf(model, cfg, stageIndex);
  const arch = gpuView(model, layout);
  const modelParams = countParams(model);
  const train = cfg.mode === 'train';
  const full = train && cfg.method === 'full';
  // LoRA targets: LoRA, QLoRA and DoRA (DoRA is LoRA plus magnitudes). IA3's scaled linears are `peft.ia3`.
  const loraFamily = cfg.method === 'lora' || cfg.method === 'qlora' || cfg.method === 'dora';
  const adapted: ReadonlySet<Target> = train && loraFamily ? new Set(cfg.targets) : new Set();
  // Every method but full fine-tuning may train on a quantized base (schema.ts allows `quant` for them).
  const quantized = cfg.quant !== 'none' && (!train || cfg.method !== 'full');
  const weightBytes = cfg.precision === 'fp32' || cfg.precision === 'mixed' ? 4 : 2;
  const nonQuantBytes = quantized && train && cfg.upcast ? 4 : weightBytes;
  const p = cfg.precision === 'fp32' ? 4 : 2;
  const r = cfg.precision === 'fp32' || cfg.precision === 'mixed' ? 4 : 2;
  const adapterBytes = DTYPE_BYTES[cfg.adapterDtype];
  // A VLM's images add their tokens to the sequence (src/estimator/vision.ts; 0 for text models).
  // Prompt tuning prepends its virtual tokens to every sequence (peft PeftModelForCausalLM.forward): every layer and the logits see seq + n.
  const promptTokens = train && cfg.method === 'prompt' ? cfg.virtualTokens : 0;
  const seqLen = (train ? cfg.seq + promptTokens : cfg.context) + imageSequenceTokens(model, cfg);
  const tokens = cfg.batch * Math.ceil(seqLen / layout.cp);
  const params = stageParams(arch, layout);
  const linears = decoderLinears(arch);
  const head = layout.stage.head ? headLinear(arch) : { ...headLinear(arch), instances: 0 };
  const finalNorm = finalNormParams(arch);
  const peft = peftSetup(arch, cfg, linears, head, params, adapted, layout.stage.head ? finalNorm : 0);
  let adapterParams = peftParams(peft);
  // Frozen extras never train; a VLM's tower and projector train with `vision` (src/estimator/vision.ts):
  // their LoRA counts as adapters (vision:lora), their weights with full fine-tuning (vision:full).
  const towerTrainable = layout.stage.embedding ? visionTrainableParams(model, cfg) : 0;
  if (cfg.vision === 'lora') adapterParams += towerTrainable;
  // With `freeze` only the last n decoder layers train (embeddings and lm_head frozen).
  const trainableParams = full ? (cfg.freeze !== null ? peft.frozenTrainable + towerTrainable : params.total - params.extra + towerTrainable) : adapterParams;
  const trainBytes = full ? weightBytes : adapterBytes;
  // ZeRO/FSDP shard over the data-parallel ranks: gpus / (tp x pp x cp). With expert
  // parallelism the routed experts' parameters are replicated only over the expert-data-parallel
  // group, dp / ep (Megatron-core `expert_data_parallel`; DeepSpeed-MoE's expert groups), so
  // their share divides by dp / ep, the rest by dp: the divisor is the weighted one.
  const n = layout.dp;
  const sh = cfg.sharding;
  const caps = SHARDING_CAPS[sh];
  let expertTrainable = 0;
  let expertWeights = 0;
  if (layout.ep > 1 && n > 1 && (caps.states || caps.grads || caps.weights)) {
    for (const l of linears) {
      if (!l.module.startsWith('experts.')) continue;
      expertWeights += linearParams(l);
      if (full) expertTrainable += (linearParams(l) * peft.trainableLayers) / Math.max(1, arch.layers);
      else if (isAdapted({ adapted }, l)) expertTrainable += adapterParamsOf(l, cfg.rank);
    }
  }
  const divisor = (total: number, expert: number): number => {
    if (expert <= 0 || total <= 0) return n;
    return total / ((total - expert) / n + expert / Math.max(1, n / layout.ep));
  };
  const trainDivisor = divisor(trainableParams, expertTrainable);
  const shardStates = caps.states ? trainDivisor : 1;
  const shardGrads = caps.grads ? trainDivisor : 1;
  const shardWeights = caps.weights ? divisor(params.total, expertWeights) : 1;
  return {
    arch, model, modelParams, layout, cfg, train, full, adapted, quantized, weightBytes, nonQuantBytes, p, r, adapterBytes, tokens, seqLen,
    params, linears, head, adapterParams, peft, trainableParams, trainBytes, shardStates, shardGrads, shardWeights,
  };
}

export { linearParams };
