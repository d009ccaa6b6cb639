/**
 * Preference and RL fine-tuning objectives (key `objective`), per GPU, as TRL allocates them
 * (README, "How the estimate is computed": Preference and RL objectives). Sources are TRL 1.10
 * (huggingface/trl, `trl/trainer/{dpo,kto,grpo,reward}_trainer.py`, `trl/experimental/{orpo,cpo,ppo}`,
 * `trl/generation/vllm_generation.py`, `trl/trainer/utils.py` `selective_log_softmax`), cited per rule.
 *
 * - `sft`: the estimate as it was; nothing here applies.
 * - `dpo`, `ipo` (DPOTrainer, `loss_type` sigmoid / ipo): DataCollatorForPreference puts the chosen
 *   and the rejected sequence of every pair in one batch (`input_ids = prompt_chosen_ids +
 *   prompt_rejected_ids`): 2 x batch sequences of `seq` (max_length) tokens under autograd. The
 *   reference: `create_model_from_path` with the policy's own init kwargs (a second copy in the
 *   policy's dtype; `prepare_deepspeed` shards it under ZeRO-3 and keeps stage 0 otherwise,
 *   `prepare_fsdp` shards it under FSDP); with PEFT none (`use_adapter` disables the adapter);
 *   with `ref:precomputed` (`precompute_ref_log_probs=True`) none during training. `_compute_loss`
 *   runs the policy forward first, then the reference forward under `torch.no_grad()` while the
 *   policy's activations and logits are alive: its logits are a transient on top of them.
 * - `orpo` (ORPOTrainer), `cpo` (CPOTrainer, `cpo_alpha=1`), `simpo` (CPOTrainer `loss_type="simpo"`,
 *   `cpo_alpha=0`): the same concatenated 2 x batch layout, no reference; ORPO and CPO add
 *   `nn.CrossEntropyLoss` over the chosen half (its log_softmax output is saved as well).
 * - `kto` (KTOTrainer): `batch` unpaired examples under autograd, plus a KL batch of the same
 *   size (completions cycled within the batch) that the policy and the reference run under no_grad
 *   (`_compute_kl_logps`); the reference is kept unless precomputed or PEFT.
 * - `rm` (RewardTrainer): AutoModelForSequenceClassification with `num_labels=1`: the LM head is
 *   replaced by a `score` linear of hidden x 1, no vocabulary logits; chosen and rejected
 *   concatenated (2 x batch sequences).
 * - `grpo` (GRPOTrainer): a rollout phase (generation), then the training step over `batch`
 *   sequences of prompt + completion tokens with logits for the completion only (`logits_to_keep`).
 * - `ppo` (experimental PPOTrainer): policy, a reference copy (PEFT: the adapter disabled), a value
 *   model trained in full and a frozen reward model, both sequence classifiers.
 */
import { SHARDING_CAPS } from '../config/keys';
import { activations } from './activations';
import { bytes, count, fx, type Formula } from './formula';
import { logitsBytes, type LogitsResult } from './logits';
import { cudaGraphBytes, forwardTransientBytes, kvCacheBytes, ropeCacheBytes, servingGpu, vllmPlan, type ServingPlan } from './serving';
import { baseWeightBytes, optimizerStateBytes, optimizerStepBytes } from './state';
import { makeSetup, type Setup } from './setup';

// ─── TRL's defaults ───────────────────────────────────────────────────────────────────────

/** `GRPOConfig.num_generations` default (trl/trainer/grpo_config.py); `__post_init__` refuses fewer than 2. */
export const TRL_GRPO_NUM_GENERATIONS = 8;
/** `TrainingArguments.per_device_train_batch_size` default 8 (transformers training_args.py; TRL's configs keep it): the batch of grpo and kto when unset. */
export const TRL_PER_DEVICE_TRAIN_BATCH_SIZE = 8;
/** `max_length` default 1024 of DPOConfig, KTOConfig, RewardConfig (trl/trainer/*_config.py) and ORPOConfig, CPOConfig (trl/experimental): the seq of those objectives when unset. */
export const TRL_MAX_LENGTH = 1024;
/** `GRPOConfig.max_completion_length` default (trl/trainer/grpo_config.py). */
export const TRL_GRPO_MAX_COMPLETION_LENGTH = 512;
/**
 * `GRPOConfig.beta` default 0.0 (trl/trainer/grpo_config.py: "If `0.0` (default), the reference
 * model is not loaded"); `GRPOTrainer.__init__` sets `self.ref_model = None` when `beta == 0.0`.
 */
export const TRL_GRPO_BETA = 0;
/** `GRPOConfig.vllm_gpu_memory_utilization` default 0.3 (colocate mode only; trl/trainer/grpo_config.py). */
export const TRL_VLLM_GPU_MEMORY_UTILIZATION = 0.3;
/** `VLLMGeneration` builds its colocated `LLM(..., max_num_batched_tokens=4096)` (trl/generation/vllm_generation.py). */
export const TRL_VLLM_MAX_NUM_BATCHED_TOKENS = 4096;
/** `entropy_from_logits(logits, chunk_size=128)`: rows per chunk (trl/trainer/utils.py). */
export const ENTROPY_CHUNK_ROWS = 128;
/** `PPOConfig.response_length` default 53 (trl/experimental/ppo/ppo_config.py). */
export const TRL_PPO_RESPONSE_LENGTH = 53;
/** `PPOConfig.local_rollout_forward_batch_size` default 64: queries generated and scored at once (trl/experimental/ppo/ppo_config.py). */
export const TRL_PPO_ROLLOUT_CHUNK = 64;

export type Objective = 'sft' | 'dpo' | 'ipo' | 'orpo' | 'simpo' | 'cpo' | 'kto' | 'rm' | 'grpo' | 'ppo';

/** Objectives whose micro-batch holds a chosen and a rejected sequence per pair (2 x batch rows). */
export const PAIRED: readonly Objective[] = ['dpo', 'ipo', 'orpo', 'simpo', 'cpo', 'rm'];
/** Objectives that keep a reference model unless its log-probs are precomputed (`ref:precomputed`). */
export const PRECOMPUTABLE: readonly Objective[] = ['dpo', 'ipo', 'kto'];
/** Objectives with a rollout (generation) phase. */
export const ONLINE: readonly Objective[] = ['grpo', 'ppo'];

export const OBJECTIVES_SOURCE = 'TRL 1.10 trainers: DPOTrainer/KTOTrainer/GRPOTrainer/RewardTrainer, experimental ORPO/CPO/PPO; trl/trainer/utils.py selective_log_softmax';

// ─── the pieces ───────────────────────────────────────────────────────────────────────────

/** A term with its bytes and the arithmetic, built only when shown. */
export interface Term {
  readonly bytes: number;
  readonly formula: () => Formula;
}
const NONE: Term = Object.freeze({ bytes: 0, formula: (): Formula => [] });

/** How the reference model is held. */
export type RefKind = 'none' | 'copy' | 'adapter' | 'precomputed';

/** The colocated vLLM engine (`rollout:vllm`): its share of the card and what its profiler plans inside it. */
export interface ColocatedVllm {
  /** `util x card`: vLLM's budget (weights, profile peak, KV pool); held whenever the engine is awake. */
  readonly budgetBytes: number;
  /** CUDA graphs captured after the pool, outside the budget; sleep mode keeps them. */
  readonly graphBytes: number;
  readonly plan: ServingPlan;
  readonly sleep: boolean;
  /** Sequences one generation batch holds (max_num_seqs = batch x steps_per_generation). */
  readonly sequences: number;
  /** KV pool tokens one sequence of the model's full context needs (vLLM refuses to start below it with max_model_len unset). */
  readonly fullContextBytes: number;
  readonly formula: () => Formula;
}

/** What the rollout holds on this GPU besides the resident state, at its high point. */
export interface Rollout {
  /** Generation KV cache (HF DynamicCache); 0 with vLLM (inside its pool) or a server. */
  readonly kv: Term;
  /** Working memory of the rollout's high point: prefill activations and sampling logits, ZeRO-3's gathered policy, PPO's stored scores, the scoring forwards. */
  readonly work: Term;
  /** Which moment sets it. */
  readonly what: string;
  /** Whether a colocated vLLM holds its budget at that moment (sleep mode: only while it generates). */
  readonly vllmAwake: boolean;
  /** Whether the policy's own forward runs at that moment (HF generate, scoring): under `mixed` its autocast weight cache fills again. */
  readonly policyForward: boolean;
}

/** PPO's value model: weights, gradients, optimizer states and step temporaries, and its forward's saved tensors. */
export interface ValueModel {
  readonly weights: number;
  readonly grads: number;
  readonly states: number;
  readonly step: number;
  /** Its activations under autograd in the training step (never checkpointed: `PolicyAndValueWrapper` enables checkpointing on the policy only). */
  readonly activations: number;
  readonly params: number;
  readonly formula: () => Formula;
}

export interface ObjectivePlan {
  readonly objective: Objective;
  /** The setup the policy's training step is computed on (tokens per micro-batch under autograd; `rm`: the score head instead of lm_head). */
  readonly setup: Setup;
  /** Rows (sequences) per micro-batch under autograd, and their length. */
  readonly rows: number;
  readonly rowTokens: number;
  /** The policy's logits and loss as TRL computes them. */
  readonly logits: LogitsResult;
  readonly refKind: RefKind;
  /** Frozen reference weights, resident. */
  readonly reference: Term;
  /** The no_grad reference forward inside the training step (DPO, KTO), on top of the policy's activations and logits. */
  readonly referenceForward: Term;
  /** Frozen reward model (PPO), resident. */
  readonly reward: Term;
  readonly value: ValueModel | null;
  /** Tensors PPO keeps beyond autograd's: every layer's hidden states (`output_hidden_states=True`) of policy and value, and the policy's logits, alive until the next micro-batch (through the optimizer step). */
  readonly retained: Term;
  readonly rollout: Rollout | null;
  readonly vllm: ColocatedVllm | null;
  /** GRPO with beta > 0 / PPO: reference log-probs computed in the rollout. */
  readonly notes: readonly string[];
}

/**
 * Bytes of one logit as TRL's losses see it. Under `mixed` (fp32 weights, bf16 autocast) the
 * Trainer's accelerate wraps the model's forward in autocast and `convert_outputs_to_fp32`
 * (accelerate/accelerator.py `prepare_model`, native AMP): the bf16 logits come out as an fp32
 * copy, and the loss (outside autocast) runs on fp32. DeepSpeed does its own bf16 (no native AMP
 * wrapper): the logits stay in the compute dtype, as in pure bf16/fp16/fp32.
 */
export function logitBytes(s: Setup): number {
  return convertsToFp32(s) ? 4 : s.p;
}

/** Whether accelerate's native-AMP wrapper converts the model's outputs to fp32 (`mixed` without DeepSpeed). */
function convertsToFp32(s: Setup): boolean {
  return s.cfg.precision === 'mixed' && !SHARDING_CAPS[s.cfg.sharding].deepspeed;
}

/** Bytes of one element that `selective_log_softmax` saves: 16-bit logits keep each row's log_softmax output in their own dtype (the loss runs outside autocast). */
function logSoftmaxBytes(s: Setup): number {
  return logitBytes(s);
}

/**
 * The policy's logits and loss in TRL (`trl/trainer/utils.py` `selective_log_softmax`): the model
 * writes `rows x kept x V` logits in the compute dtype `p` (no upcast: no `labels` are passed to
 * the model); the shifted `rows x used x V` slice goes through log_softmax row by row and gathers
 * the label's log-prob.
 * - 16-bit logits (and `mixed`, where autocast runs log_softmax in fp32): each row's log_softmax
 *   output is saved (q = p, or 4 under autocast). At the loss: the logits + the saved outputs.
 *   In backward the saved outputs are released row by row while the rows' gradients (p) are
 *   stacked into the logits gradient: max(q, 2p) per used element.
 * - fp32 logits (`precision:fp32`): the logsumexp path; each row's logsumexp saves its input, a
 *   view that keeps the whole logits tensor; backward adds the gather's zero-filled gradient and
 *   the stacked logsumexp gradients: 4 + 4 + 4 B per element.
 * - `nllRows` (ORPO, CPO): `nn.CrossEntropyLoss` over the chosen rows' `.contiguous()` copy saves
 *   its log_softmax output (q) too, and its gradient in backward.
 */
export function policyLogits(s: Setup, rows: number, kept: number, used: number, nllRows = 0, label = '', entropy = false): LogitsResult {
  const V = s.arch.vocab;
  const p = logitBytes(s);
  const q = logSoftmaxBytes(s);
  const E = rows * kept * V;
  const U = rows * used * V;
  const N = nllRows * used * V;
  let fwd: number;
  let bwd: number;
  let rule: () => Formula;
  // GRPO `_compute_loss` (compute_entropy=True) logs the entropy under no_grad: `entropy_from_logits`
  // reshapes the sliced, non-contiguous logits (a copy, U elements) and takes 128 rows at a time
  // (log_softmax, exp, product: 3 x 128 x V) while the loss's saved tensors are alive.
  const ent = entropy ? p * U + 3 * ENTROPY_CHUNK_ROWS * V * p : 0;
  if (p === 4) {
    const conv = convertsToFp32(s) ? 6 * E : 0;
    fwd = Math.max(4 * E + 4 * N + ent, conv);
    bwd = 4 * E + 8 * U + 8 * N;
    rule = () => fx`fp32 logits kept by logsumexp 4 B x ${count(E)}${N ? fx` + cross-entropy log_softmax 4 B x ${count(N)}` : ''}${ent ? fx` + the entropy's copy and chunks ${bytes(ent)}` : ''}${conv ? fx` (at least the bf16 output and its fp32 copy, accelerate convert_outputs_to_fp32: 6 B x ${count(E)})` : ''}; backward: + the gather's gradient and the stacked gradients 8 B x ${count(U + N)}`;
  } else {
    fwd = p * E + q * (U + N) + ent;
    bwd = Math.max(q, 2 * p) * (U + N);
    rule = () => fx`logits ${p} B x ${count(E)} + saved log_softmax ${q} B x ${count(U + N)}${ent ? fx` + the entropy's copy and chunks ${bytes(ent)}` : ''}; backward max(${q}, 2 x ${p}) B x ${count(U + N)}`;
  }
  const shape = (): Formula => fx`${rows} rows x ${kept} positions x V ${count(V)}${label}`;
  return {
    forwardBytes: fwd, backwardBytes: bwd,
    formula: () => fx`TRL selective_log_softmax over ${shape()}${N ? fx` (+ cross-entropy over ${nllRows} chosen rows)` : ''}: ${rule()}`,
  };
}

/** The setup of the policy's training step. */
export function objectiveSetup(s: Setup): Setup {
  const o = s.cfg.objective as Objective;
  if (o === 'sft' || !s.train) return s;
  if (o === 'grpo' || o === 'ppo') {
    const len = s.cfg.seq + completionOf(s);
    return { ...s, tokens: s.cfg.batch * len, seqLen: len };
  }
  if (o === 'kto') return s;
  const paired = { ...s, tokens: 2 * s.tokens };
  if (o !== 'rm') return paired;
  // RewardTrainer: AutoModelForSequenceClassification(num_labels=1): lm_head -> score (hidden x 1, no bias).
  const h = s.arch.hidden;
  const scoreHead = { ...s.head, module: 'score', target: null, outFeatures: s.head.instances > 0 ? 1 : 0, bias: false };
  const score = s.head.instances > 0 ? h : 0;
  const params = { ...s.params, lmHead: score, total: s.params.total - s.params.lmHead + score };
  const trainableParams = s.full ? params.total - params.extra : s.trainableParams;
  return { ...paired, head: scoreHead, params, trainableParams };
}

/** The completion length (grpo/ppo): the key, else TRL's default. */
export function completionOf(s: Pick<Setup, 'cfg'>): number {
  return s.cfg.completion ?? (s.cfg.objective === 'ppo' ? TRL_PPO_RESPONSE_LENGTH : TRL_GRPO_MAX_COMPLETION_LENGTH);
}

/** GRPO's KL coefficient: the key, else TRL's default 0. */
export function betaOf(s: Pick<Setup, 'cfg'>): number {
  return s.cfg.beta ?? TRL_GRPO_BETA;
}

/**
 * How the reference model is held:
 * - GRPO: none when beta is 0 (`GRPOTrainer.__init__`); PPO: always (`PPOTrainer.__init__`
 *   `create_reference_model` unless PEFT);
 * - ORPO, SimPO, CPO, RM: none (no reference in their losses);
 * - with `ref:precomputed` (DPO, KTO: `precompute_ref_log_probs`): none during training;
 * - LoRA/QLoRA: the same weights with the adapter disabled (`use_adapter` / `disable_adapter`);
 * - full fine-tuning: a second copy.
 */
export function refKindOf(s: Setup): RefKind {
  const o = s.cfg.objective as Objective;
  if (o === 'sft' || o === 'orpo' || o === 'simpo' || o === 'cpo' || o === 'rm') return 'none';
  if (o === 'grpo' && betaOf(s) === 0) return 'none';
  if (s.cfg.ref === 'precomputed') return 'precomputed';
  return s.full ? 'copy' : 'adapter';
}

/**
 * The reference copy on this GPU (full fine-tuning): the policy's own weights, same dtype, same
 * sharding: DPO/KTO/GRPO build it with the policy's `model_init_kwargs` (`create_model_from_path`)
 * and `prepare_deepspeed` (stage 3 shards it, any other stage is set to 0: a whole copy) or
 * `prepare_fsdp` (sharded); PPO deep-copies the policy and shards it only under ZeRO-3
 * (`prepare_deepspeed`; otherwise `.to(device)`). ZeRO-3 parameter offload offloads it too.
 */
function referenceTerm(s: Setup, kind: RefKind, policyWeights: number, unsharded: number): Term {
  if (kind !== 'copy') return NONE;
  const ppoWhole = s.cfg.objective === 'ppo' && s.cfg.sharding === 'fsdp';
  const ds = frozenDeepSpeedBytes(s);
  const b = ds !== null ? ds : ppoWhole ? unsharded : policyWeights;
  const where = s.cfg.offload === 'params' ? ' (offloaded to host RAM with the policy)' : s.shardWeights > 1 && !ppoWhole ? ` / ${s.shardWeights} GPUs (sharded like the policy)` : '';
  return {
    bytes: b,
    formula: () => fx`frozen reference: a second copy of the policy (${count(s.params.total)} params in ${ds !== null ? '2 B (DeepSpeed bf16)' : `${s.weightBytes} B`}${where}) = ${bytes(b)}`,
  };
}

/**
 * A frozen model under DeepSpeed with `mixed`: `prepare_deepspeed` runs `deepspeed.initialize` with the
 * run's config, whose bf16 section casts the module to bf16 (2 B per parameter, whatever it was loaded
 * in); stage 3 shards it, any other stage is set to 0 (a whole copy). Null where the policy's own
 * weight bytes apply.
 */
function frozenDeepSpeedBytes(s: Setup, params = s.params.total): number | null {
  if (s.cfg.precision !== 'mixed' || !SHARDING_CAPS[s.cfg.sharding].deepspeed) return null;
  if (s.cfg.offload === 'params' && s.cfg.sharding === 'zero3') return 0;
  return (params * 2) / (s.cfg.sharding === 'zero3' ? s.shardWeights : 1);
}

/**
 * The reference's no_grad forward over `rows` sequences of `len` tokens while the policy's
 * activations and logits are alive (DPO `_compute_loss`; KTO's KL batch and main batch run one
 * after the other, each of `batch` rows): the larger of one layer's forward transient (no
 * autograd: serving.ts `forwardTransientBytes`) and its logits (`rows x len x V` in p) with one
 * row's log_softmax; ZeRO-3/FSDP gather the reference's units like the policy's.
 */
function referenceForwardTerm(s: Setup, rows: number, len: number, kept: number, used: number, gathered: number, label: string): Term {
  const V = s.arch.vocab;
  const T = rows * len;
  const fs = noGradSetup(s, len);
  const layer = forwardTransientBytes(fs, T);
  const lb = logitBytes(s);
  // One row's temporary: its log_softmax (16-bit) or logsumexp's exp (fp32); accelerate's fp32 conversion holds the bf16 output beside its copy.
  const row = used * V * lb;
  const E = rows * kept * V;
  const logits = Math.max(E * lb + row, convertsToFp32(s) ? 6 * E : 0);
  const b = Math.max(layer, logits) + gathered;
  return {
    bytes: b,
    formula: () => fx`${label} no_grad forward over ${rows} x ${len} tokens: max(layer transient ${bytes(layer)}, logits ${rows} x ${kept} x V ${count(V)} x ${lb} B + one row's ${bytes(row)}${convertsToFp32(s) ? fx`, the bf16 logits and their fp32 copy 6 B x ${count(E)}` : ''})${gathered ? fx` + gathered shards ${bytes(gathered)}` : ''} = ${bytes(b)}`,
  };
}

/** A setup for a forward without autograd over sequences of `len` tokens (the attention scores of eager attention follow `context`). */
function noGradSetup(s: Setup, len: number): Setup {
  return { ...s, cfg: { ...s.cfg, context: len }, train: false };
}

/** Sequences one GRPO generation batch holds on this GPU: per_device_train_batch_size x steps_per_generation (= gradient_accumulation_steps, GRPOConfig.__post_init__). */
export function generationSequences(s: Pick<Setup, 'cfg'>): number {
  return s.cfg.batch * s.cfg.accum;
}

/**
 * The inference-side setup of the policy for the rollout (no autograd). `mixed`: HF generate calls
 * the forward accelerate wrapped in bf16 autocast (`unwrap_model_for_generation` keeps that wrapper,
 * `Accelerator.unwrap_model(keep_fp32_wrapper=True)`), so activations and the DynamicCache are bf16;
 * vLLM loads the checkpoint in its 16-bit dtype.
 */
function rolloutSetup(s: Setup, engine: 'hf' | 'vllm', batch: number, context: number): Setup {
  const precision = s.cfg.precision === 'mixed' ? 'bf16' : s.cfg.precision;
  const kv = precision === 'fp32' ? 'fp32' : precision === 'fp16' ? 'fp16' : 'bf16';
  const quant = s.cfg.method !== 'full' ? s.cfg.quant : 'none';
  return makeSetup(s.model, {
    ...s.cfg, mode: 'infer', engine, method: 'full', quant, precision, kv, batch, context,
    tp: 1, pp: 1, cp: 1, ep: 1, gpus: 1, sharding: 'none', offload: 'none', upcast: false,
    util: engine === 'vllm' ? s.cfg.util ?? TRL_VLLM_GPU_MEMORY_UTILIZATION : s.cfg.util,
    batchedTokens: TRL_VLLM_MAX_NUM_BATCHED_TOKENS, maxSeqs: batch, eager: false,
  });
}

/**
 * HF `generate` over the generation batch (GRPO: `batch x accum` sequences, every prompt repeated
 * `generations` times by the RepeatSampler; PPO: one chunk of `local_rollout_forward_batch_size`
 * queries): at the prefill, the cache of the prompts plus the largest forward transient over all
 * prompt tokens and the last position's logits (transformers `generate` keeps only the last
 * position, serving.ts/logits.ts rules); at the end of decoding, the DynamicCache of prompt +
 * completion tokens (serving.ts `kvCacheBytes`, engine hf) with one decode step.
 */
function hfGenerate(s: Setup, sequences: number, prompt: number, completion: number): { kv: number; work: number; prefill: boolean; formula: () => Formula; workFormula: () => Formula } {
  const pre = rolloutSetup(s, 'hf', sequences, prompt);
  const end = rolloutSetup(s, 'hf', sequences, prompt + completion);
  const kvPre = kvCacheBytes(pre).bytes;
  const kvEnd = kvCacheBytes(end).bytes;
  const logits = logitsBytes(end).forwardBytes;
  const prefillWork = forwardTransientBytes(pre, sequences * prompt) + logits;
  const decodeWork = forwardTransientBytes(end, sequences) + logits;
  const prefill = kvPre + prefillWork > kvEnd + decodeWork;
  return {
    kv: prefill ? kvPre : kvEnd,
    work: prefill ? prefillWork : decodeWork,
    prefill,
    formula: () => (prefill
      ? fx`HF generate over ${sequences} sequences, at the prefill: DynamicCache of ${prompt} prompt tokens (${kvCacheBytes(pre).formula()})`
      : fx`HF generate over ${sequences} sequences, end of decoding: DynamicCache of ${prompt} + ${completion} tokens (${kvCacheBytes(end).formula()})`),
    workFormula: () => (prefill
      ? fx`HF generate's prefill of ${sequences} x ${prompt} prompt tokens: largest layer transient ${bytes(prefillWork - logits)} + last-position logits ${bytes(logits)}`
      : fx`HF generate's last decode step over ${sequences} sequences: layer transient ${bytes(decodeWork - logits)} + last-position logits ${bytes(logits)}`),
  };
}

/**
 * The colocated vLLM engine (`rollout:vllm`, TRL `vllm_mode="colocate"`): `LLM(...,
 * gpu_memory_utilization=util, max_num_seqs=batch x steps_per_generation, max_num_batched_tokens=4096,
 * enable_sleep_mode=sleep)` in the training process (trl/generation/vllm_generation.py). vLLM takes
 * `util x card` (serving.ts `vllmPlan`: its weights, its profile run, the KV pool filling the rest),
 * and captures CUDA graphs outside it (TRL does not set enforce_eager). With sleep mode TRL calls
 * `llm.sleep(level=2)` right after init and after every generate (weights and KV cache released)
 * and `wake_up` before the weight sync and the generate. QLoRA policies are loaded by vLLM in
 * bitsandbytes 4-bit (`quantization="bitsandbytes"`); a `mixed` (fp32) policy in the checkpoint's
 * 16-bit dtype (vLLM's dtype "auto").
 */
function colocatedVllm(s: Setup): ColocatedVllm | null {
  if (s.cfg.rollout !== 'vllm') return null;
  const gpu = servingGpu(s);
  if (gpu === null) return null;
  const sequences = generationSequences(s);
  const len = s.cfg.seq + completionOf(s);
  const vs = rolloutSetup(s, 'vllm', sequences, len);
  const weights = baseWeightBytes(vs).bytes + ropeCacheBytes(vs);
  const plan = vllmPlan(vs, gpu, weights);
  const graphs = cudaGraphBytes(vs);
  const full = rolloutSetup(s, 'vllm', 1, s.model.maxContext);
  const fullContextBytes = kvCacheBytes(full).bytes;
  return {
    budgetBytes: plan.budgetBytes, graphBytes: graphs, plan, sleep: s.cfg.sleep, sequences, fullContextBytes,
    formula: () => fx`colocated vLLM: gpu_memory_utilization ${plan.util} x ${bytes(gpu.memoryBytes)} = ${bytes(plan.budgetBytes)} (its weights ${bytes(weights)}, profile peak ${bytes(plan.activationBytes)}, KV pool ${bytes(plan.kvPoolBytes)} = ${count(plan.kvCacheTokens)} tokens) + CUDA graphs ${bytes(graphs)}${s.cfg.sleep ? '; sleep mode (level 2) releases the budget outside generation' : ''}`,
  };
}

/**
 * GRPO's rollout on this GPU, every `steps_per_generation` steps, after an optimizer step (gradients
 * freed by `zero_grad(set_to_none=True)`), optimizer states resident:
 * - generation: HF `generate` (`rollout:hf`; under ZeRO-3 `unwrap_model_for_generation` gathers
 *   the whole policy, `ds3_gather_for_generation=True`), the colocated vLLM (`rollout:vllm`, its
 *   budget counted apart) or a vLLM server (`rollout:server`, other GPUs);
 * - scoring (`_generate_and_score_completions`, no_grad, chunks of `batch` sequences): the
 *   reference's log-probs when beta > 0, and the policy's own (`old_per_token_logps`) with vLLM's
 *   importance-sampling correction (on by default): one chunk's forward transient, or its logits
 *   over the completion (`logits_to_keep + 1` positions) with one row's log_softmax.
 */
function grpoRollout(s: Setup, unshardedWeights: number, gathered: number, vllm: ColocatedVllm | null): Rollout {
  const G = generationSequences(s);
  const P = s.cfg.seq;
  const C = completionOf(s);
  const zero3 = SHARDING_CAPS[s.cfg.sharding].weights && SHARDING_CAPS[s.cfg.sharding].deepspeed && s.layout.dp > 1;
  let kv = NONE;
  let gen = NONE;
  let genWhat = '';
  if (s.cfg.rollout === 'hf') {
    const g = hfGenerate(s, G, P, C);
    const gather = zero3 ? unshardedWeights : 0;
    kv = { bytes: g.kv, formula: g.formula };
    gen = { bytes: g.work + gather, formula: () => fx`${g.workFormula()}${gather ? fx` + the policy gathered whole for generate under ZeRO-3 (ds3_gather_for_generation) ${bytes(gather)}` : ''}` };
    genWhat = g.prefill ? 'rollout: HF generate, prefill of the generation batch' : 'rollout: HF generate, end of decoding (full KV cache)';
  } else if (s.cfg.rollout === 'vllm') {
    genWhat = 'rollout: colocated vLLM generate';
  } else {
    genWhat = 'rollout: completions from the vLLM server (other GPUs)';
  }
  // Scoring: the reference (beta > 0) and, with vLLM's importance-sampling correction, the policy itself.
  const scoring = betaOf(s) > 0 || s.cfg.rollout !== 'hf';
  let score = NONE;
  if (scoring) {
    const who = betaOf(s) > 0 ? 'reference' : 'policy (old log-probs)';
    score = referenceForwardTerm(s, s.cfg.batch, P + C, C + 1, C, gathered, `scoring: ${who}`);
  }
  // Sleep mode: vLLM holds its budget while it generates and sleeps (level 2) before the scoring
  // (vllm_generation.py `generate` ends with `llm.sleep(level=2)`); otherwise it holds it throughout.
  const asleep = vllm !== null && vllm.sleep;
  const genTotal = kv.bytes + gen.bytes + (asleep ? vllm.budgetBytes : 0);
  const scoreWhat = `rollout: scoring the completions (${betaOf(s) > 0 ? 'reference log-probs' : 'old log-probs'}, no_grad, ${s.cfg.batch} sequences at a time)${asleep ? ', vLLM asleep' : ''}`;
  if (score.bytes > genTotal) return { kv: NONE, work: score, what: scoreWhat, vllmAwake: vllm !== null && !asleep, policyForward: true };
  return { kv, work: gen, what: genWhat, vllmAwake: vllm !== null, policyForward: s.cfg.rollout === 'hf' };
}

/**
 * PPO's rollout (trl/experimental/ppo/ppo_trainer.py `train`): `batch x accum` queries per GPU
 * (`local_batch_size`), generated in chunks of 64 (`batch_generation` with `output_scores=True`:
 * `torch.stack(output.scores, 1)` keeps every generated position's fp32 scores, `chunk x C x V x 4`,
 * and `pad` copies all chunks' into one tensor), then scored chunk by chunk while those padded
 * scores stay alive: the reference forward (full `chunk x (P + C) x V` logits in p, and every layer's
 * hidden states, `output_hidden_states=True`), then the value and reward backbones (hidden states
 * again). The largest of: the last chunk generating (its DynamicCache + its score list and stack +
 * the earlier chunks' scores), the pad (two copies of all scores), and a scoring forward.
 */
function ppoRollout(s: Setup, unshardedWeights: number): Rollout {
  const Q = generationSequences(s);
  const chunk = Math.min(TRL_PPO_ROLLOUT_CHUNK, Q);
  const P = s.cfg.seq;
  const C = completionOf(s);
  const V = s.arch.vocab;
  const L = s.arch.layers;
  const h = s.arch.hidden;
  const g = hfGenerate(s, chunk, P, C);
  const scores = (n: number): number => n * C * V * 4;
  const zero3 = SHARDING_CAPS[s.cfg.sharding].weights && SHARDING_CAPS[s.cfg.sharding].deepspeed && s.layout.dp > 1;
  const gather = zero3 ? unshardedWeights : 0;
  const gen = g.kv + g.work + 2 * scores(chunk) + scores(Q - chunk) + gather;
  const padded = Math.ceil(Q / chunk) * chunk;
  const pad = scores(Q) + scores(padded);
  const T = chunk * (P + C);
  const hidden = (L + 1) * T * h * s.p;
  const refLogits = T * V * s.p + C * V * 4;
  const scoring = scores(padded) + Math.max(forwardTransientBytes(noGradSetup(s, P + C), T), refLogits) + hidden;
  const best = Math.max(gen, pad, scoring);
  const what = best === gen ? 'rollout: HF generate of the last chunk (scores kept for every position)' : best === pad ? 'rollout: padding the stacked scores of every chunk' : 'rollout: scoring a chunk (reference forward with hidden states) beside the stored scores';
  return {
    kv: best === gen ? { bytes: g.kv, formula: g.formula } : NONE,
    work: {
      bytes: best === gen ? best - g.kv : best,
      formula: () => fx`PPO rollout of ${Q} queries in chunks of ${chunk}: max(generate ${bytes(gen)} (fp32 scores ${chunk} x ${C} x V ${count(V)} x 4 B twice + ${Q - chunk} earlier${gather ? ' + policy gathered for ZeRO-3' : ''}), pad ${bytes(pad)}, scoring ${bytes(scoring)} (stored scores + ref logits + ${L + 1} hidden states x ${count(T)} tokens x ${h} x ${s.p} B))`,
    },
    what,
    vllmAwake: false,
    policyForward: true,
  };
}

/** Parameters of a sequence classifier with the policy's backbone: lm_head replaced by a hidden x 1 score. */
function classifierParams(s: Setup): number {
  return s.params.total - s.params.lmHead + s.arch.hidden;
}

/**
 * PPO's value model, assumed the policy's architecture with a score head (TRL's example loads
 * value and reward models from `reward_model_path`): trained in full whatever the policy's method
 * (`PolicyAndValueWrapper` puts it in the optimizer; PEFT wraps the policy only), in the model's
 * dtype, sharded like the policy's wrapper; its forward in the training step over `batch x (P + C)`
 * tokens with full fine-tuning's saved tensors (never checkpointed). Optimizer states and the
 * step's temporaries per parameter as for a full fine-tune (state.ts rules, scaled).
 */
function valueModel(s: Setup, tokens: number, seqLen: number): ValueModel {
  const n = classifierParams(s);
  const full = makeSetup(s.model, { ...s.cfg, method: 'full', quant: 'none', gc: 'false', objective: 'sft' });
  const shardW = s.shardWeights;
  const weights = s.cfg.offload === 'params' ? 0 : (n * s.weightBytes) / shardW;
  const grads = (n * s.weightBytes) / s.shardGrads;
  const perParamStates = full.trainableParams > 0 ? optimizerStateBytes(full).bytes * full.shardStates / full.trainableParams : 0;
  const states = (n * perParamStates) / s.shardStates;
  const perParamStep = full.trainableParams > 0 ? optimizerStepBytes(full) * full.shardStates / full.trainableParams : 0;
  const step = s.cfg.optimizer === 'adamw' ? (n * perParamStep) / s.shardStates : 0;
  const act = activations({ ...full, tokens, seqLen }).forwardEndBytes;
  return {
    weights, grads, states, step, activations: act, params: n,
    formula: () => fx`value model (the policy's backbone + score, trained in full): ${count(n)} params x ${s.weightBytes} B${shardW > 1 ? ` / ${shardW}` : ''} = ${bytes(weights)}; its gradients ${bytes(grads)}, optimizer states ${bytes(states)}${step ? fx`, step temporaries ${bytes(step)}` : ''}; its activations over ${count(tokens)} tokens ${bytes(act)} (in Activations)`,
  };
}

/**
 * Everything an objective adds or changes, for estimate.ts. `policyWeights`/`unsharded`: the
 * policy's weight bytes on this GPU and whole; `gathered`: ZeRO-3/FSDP units gathered during a
 * forward (distributed.ts `shardingBuffers` in-flight bytes).
 */
export function objectivePlan(s: Setup, policyWeights: number, unsharded: number, gathered: number): ObjectivePlan | null {
  const o = s.cfg.objective as Objective;
  if (!s.train || o === 'sft') return null;
  const t = objectiveSetup(s);
  const refKind = refKindOf(s);
  const reference = referenceTerm(s, refKind, policyWeights, unsharded);
  const refGathered = refKind === 'copy' && SHARDING_CAPS[s.cfg.sharding].weights && !(o === 'ppo' && s.cfg.sharding === 'fsdp') ? gathered : 0;
  const S = s.cfg.seq;
  const B = s.cfg.batch;
  const notes: string[] = [];
  let rows = B;
  let rowTokens = S;
  let logits: LogitsResult;
  let referenceForward = NONE;
  let reward = NONE;
  let value: ValueModel | null = null;
  let retained = NONE;
  let rollout: Rollout | null = null;
  const vllm = o === 'grpo' ? colocatedVllm(s) : null;
  switch (o) {
    case 'dpo': case 'ipo': case 'orpo': case 'simpo': case 'cpo': {
      rows = 2 * B;
      const nll = o === 'orpo' || o === 'cpo' ? B : 0;
      logits = policyLogits(s, rows, S, S - 1, nll, ' (chosen and rejected)');
      // Its ZeRO-3/FSDP units are gathered in place of the policy's (released after the policy's forward): the forward phase's sharding buffers already count one set in flight.
      if (refKind === 'copy' || refKind === 'adapter') referenceForward = referenceForwardTerm(s, rows, S, S, S - 1, 0, 'reference');
      break;
    }
    case 'kto': {
      logits = policyLogits(s, B, S, S - 1);
      if (refKind === 'copy' || refKind === 'adapter') referenceForward = referenceForwardTerm(s, B, S, S, S - 1, 0, 'reference (KL batch, then the batch)');
      break;
    }
    case 'rm': {
      rows = 2 * B;
      // The score linear writes rows x S x 1 in p; the loss pools one position per row.
      const T = rows * S;
      logits = { forwardBytes: T * t.p, backwardBytes: 2 * T * t.p, formula: () => fx`score head: ${count(T)} tokens x 1 output x ${t.p} B (no vocabulary logits)` };
      break;
    }
    case 'grpo': {
      const C = completionOf(s);
      rowTokens = S + C;
      // logits_to_keep = C + 1 positions materialised, the last excluded, the completion's C used.
      logits = policyLogits(s, B, C + 1, C, 0, ' (completion only: logits_to_keep)', true);
      rollout = grpoRollout(s, unsharded, refGathered || (refKind === 'none' && SHARDING_CAPS[s.cfg.sharding].weights ? gathered : 0), vllm);
      if (refKind === 'adapter') notes.push('GRPO with LoRA and beta > 0: the reference log-probs come from the policy with its adapter disabled (no copy).');
      break;
    }
    case 'ppo': {
      const C = completionOf(s);
      rowTokens = S + C;
      const T = t.tokens;
      logits = policyLogits(s, B, S + C, C, 0, ' (full logits; the response positions used)');
      value = valueModel(s, T, S + C);
      const h = s.arch.hidden;
      const L = s.arch.layers;
      // output_hidden_states=True on policy and critic backbones (ppo_trainer.py `forward`): the
      // embedding output and every layer's output are referenced by `output` / `vpred_temp` until
      // the `del` after the optimizer step, so they outlive autograd's own saved tensors (which
      // hold them until backward; counted in the activations there).
      const hid = 2 * (L + 1) * T * h * s.p;
      retained = { bytes: hid, formula: () => fx`hidden states kept (output_hidden_states=True): policy ${L + 1} + value ${L + 1} x ${count(T)} tokens x ${h} x ${s.p} B = ${bytes(hid)}` };
      const rw = frozenDeepSpeedBytes(s, classifierParams(s)) ?? (s.cfg.sharding === 'zero3' ? classifierParams(s) * s.weightBytes / s.shardWeights : classifierParams(s) * s.weightBytes);
      reward = { bytes: s.cfg.offload === 'params' && s.cfg.sharding === 'zero3' ? 0 : rw, formula: () => fx`frozen reward model (the policy's backbone + score, assumed): ${count(classifierParams(s))} params x ${frozenDeepSpeedBytes(s) !== null ? '2 B (DeepSpeed bf16)' : `${s.weightBytes} B`}${s.cfg.sharding === 'zero3' ? ` / ${s.shardWeights} (ZeRO-3)` : ''} = ${bytes(rw)}` };
      rollout = ppoRollout(s, unsharded);
      break;
    }
    default:
      return null;
  }
  return { objective: o, setup: t, rows, rowTokens, logits, refKind, reference, referenceForward, reward, value, retained, rollout, vllm, notes };
}

/** Sentences for the reply: which phase peaks (generation or the training step), and where the reference is. */
export function objectiveNotes(o: ObjectivePlan, peak: string, phases: readonly { readonly phase: string; readonly allocatedBytes: number; readonly what: string }[]): string[] {
  const out: string[] = [...o.notes];
  const gib = (b: number): string => `${(b / 1024 ** 3).toFixed(1)} GiB`;
  const step = phases.filter((p) => p.phase !== 'generation' && p.phase !== 'load').reduce((a, p) => Math.max(a, p.allocatedBytes), 0);
  const gen = phases.find((p) => p.phase === 'generation');
  if (gen) {
    const which = peak === 'generation' ? 'the generation phase (rollout) peaks' : 'the training step peaks';
    out.push(`objective:${o.objective}: ${which}: rollout ${gib(gen.allocatedBytes)} allocated (${gen.what}), training step ${gib(step)}.`);
  }
  if (o.value) out.push(`objective:ppo: the value and reward models are assumed to be the policy's architecture with a 1-output score head (TRL's examples load both from reward_model_path); the value model trains in full (${(o.value.params / 1e9).toFixed(2)}B parameters) whatever the policy's method.`);
  if (o.refKind === 'adapter') out.push(`objective:${o.objective}: the reference is the base model with the adapter disabled (TRL, PEFT): no second copy.`);
  if (o.refKind === 'precomputed') out.push(`objective:${o.objective}: ref:precomputed: the reference log-probs are computed in a pass before training (precompute_ref_log_probs), no reference during training.`);
  const v = o.vllm;
  if (v) {
    out.push(`rollout:vllm: the colocated vLLM takes gpu_memory_utilization ${v.plan.util} of the card${v.sleep ? ' while it generates; sleep mode releases its weights and KV cache for the training step' : ' for the whole run'}.`);
    const len = o.rowTokens;
    // vLLM's own start-up checks (vllm/v1/core/kv_cache_utils.py `check_enough_kv_cache_memory`): a KV pool, and room in it for one request of max_model_len.
    if (v.plan.kvPoolBytes <= 0) {
      out.push(`rollout:vllm: util ${v.plan.util} x the card (${gib(v.plan.budgetBytes)}) does not hold vLLM's weights (${gib(v.plan.weightsBytes)}) and profile run: vLLM refuses to start (no memory for the KV cache). Raise \`util\`.`);
    } else if (v.fullContextBytes > v.plan.kvPoolBytes) {
      out.push(`rollout:vllm: with TRL's vllm_max_model_length unset, vLLM sizes for the model's full context: one such request needs ${gib(v.fullContextBytes)} of KV cache, more than the ${gib(v.plan.kvPoolBytes)} pool, so vLLM refuses to start. Set vllm_max_model_length (seq + completion = ${len} tokens) or raise \`util\`.`);
    }
    const need = v.sequences * len;
    if (v.plan.kvCacheTokens > 0 && v.plan.kvCacheTokens < need) {
      out.push(`rollout:vllm: the KV pool holds ${v.plan.kvCacheTokens} tokens, fewer than the ${v.sequences} x ${len} = ${need} of the generation batch: vLLM generates them in waves (slower, no more memory).`);
    }
  }
  return out;
}
