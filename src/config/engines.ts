/**
 * Training engines: each a named bundle of mechanism switches (`loss`, `kernels`, `gc`,
 * `act_offload`, `opt_in_bwd`, `adapter_dtype`), the defaults that engine sets, each cited from
 * its own source. A switch the user types wins over the engine's value; every value the engine
 * fills is listed as assumed, with the engine and its source as the reason. Serving engines
 * (`hf`, `vllm`, `sglang`, `llamacpp`) live in src/estimator/serving.ts; each mode refuses the
 * other's engines.
 */
import { SERVE_ENGINES, TRAIN_ENGINES, type Method, type Mode } from './keys';
import type { InputError } from './errors';

export type TrainEngine = (typeof TRAIN_ENGINES)[number];
export type ServeEngine = (typeof SERVE_ENGINES)[number];

/** The switches a bundle may set: key (as typed) and the config field it fills. */
export const ENGINE_SWITCHES = {
  loss: 'loss', kernels: 'kernels', gc: 'gc', act_offload: 'actOffload', opt_in_bwd: 'optInBwd', adapter_dtype: 'adapterDtype', upcast: 'upcast',
} as const;
export type EngineSwitch = keyof typeof ENGINE_SWITCHES;

/** What the setup looks like when a bundle decides (some defaults hold only for some recipes). */
export interface EngineContext {
  readonly method: Method;
  readonly gpus: number;
  readonly accum: number;
}

/** One default an engine sets: the switch, its value (as the key's text), where the engine sets it. */
export interface EngineDefault {
  readonly key: EngineSwitch;
  readonly value: string;
  readonly source: string;
  /** Only for these setups (absent: always). */
  readonly when?: (c: EngineContext) => boolean;
}

const LORA_METHODS: readonly Method[] = ['lora', 'qlora', 'dora'];
const isLora = (c: EngineContext): boolean => LORA_METHODS.includes(c.method);

/**
 * The bundles. `hf` is stock Transformers + PEFT + TRL: every switch at its key default.
 * - unsloth: `FastLanguageModel.get_peft_model(use_gradient_checkpointing="unsloth")` (unsloth/models/llama.py
 *   get_peft_model: the default), i.e. checkpoints offloaded to host RAM (`gc:offload`); its Triton
 *   RMSNorm/RoPE kernels and fused LoRA MLP/QKV/O autograd functions (unsloth/kernels/rms_layernorm.py,
 *   rope_embedding.py, fast_lora.py); the fused linear cross-entropy `unsloth_fused_ce_loss`
 *   (unsloth/models/llama.py CausalLM forward, unless UNSLOTH_RETURN_LOGITS=1); QLoRA without PEFT's
 *   fp32 upcast of the frozen embeddings and head (its prepare_model_for_kbit_training calls
 *   prepare_model_for_training(train_embedding=False, train_lm_head=False), unsloth/models/_utils.py).
 * - liger: `AutoLigerKernelForCausalLM` / `apply_liger_kernel_to_llama(rope=True, rms_norm=True,
 *   swiglu=True, fused_linear_cross_entropy=True)` (liger_kernel/transformers/monkey_patch.py).
 * - torchtune: the recipes' configs (recipes/configs/llama3_2/3B_full_single_device.yaml,
 *   3B_lora_single_device.yaml): `loss: LinearCrossEntropyLoss` (chunked, 8 chunks),
 *   `enable_activation_checkpointing: True`, `enable_activation_offloading: False`, `compile: False`;
 *   `optimizer_in_bwd: True` in the full single-device configs (it needs gradient_accumulation_steps=1;
 *   the distributed configs set False); LoRA adapters in the model dtype (`dtype: bf16`).
 * - axolotl: stock Transformers + PEFT under its own config: `gradient_checkpointing` defaults to
 *   None (src/axolotl/utils/schemas/config.py), the Liger plugin is opt-in (`liger_*` keys,
 *   src/axolotl/integrations/liger/args.py): every switch at the HF default.
 * - llamafactory: `disable_gradient_checkpointing: False` (src/llamafactory/hparams/model_args.py), so
 *   `prepare_model_for_training` enables checkpointing (model/model_utils/checkpointing.py);
 *   `enable_liger_kernel: False`, `use_unsloth_gc: False`.
 * - litgpt: `model(input_ids, lm_head_chunk_size=128)` and `chunked_cross_entropy` (litgpt/finetune/lora.py
 *   fit, litgpt/utils.py: 128-token chunks, no fp32 upcast); the whole model, LoRA included, in the
 *   precision's dtype (bf16-true).
 */
export const ENGINE_BUNDLES: Readonly<Record<TrainEngine, readonly EngineDefault[]>> = {
  hf: [],
  unsloth: [
    { key: 'loss', value: 'fused', source: 'unsloth_fused_ce_loss (unsloth/models/llama.py)' },
    { key: 'kernels', value: 'unsloth', source: 'Fast_RMS_Layernorm, Fast_RoPE_Embedding, LoRA_MLP/LoRA_QKV/LoRA_W (unsloth/kernels)' },
    { key: 'gc', value: 'offload', source: 'get_peft_model(use_gradient_checkpointing="unsloth"): checkpoints offloaded to host RAM' },
    { key: 'upcast', value: 'false', source: 'prepare_model_for_training(train_embedding=False, train_lm_head=False): frozen weights stay 16-bit (unsloth/models/_utils.py)', when: (c) => c.method === 'qlora' },
  ],
  liger: [
    { key: 'loss', value: 'fused', source: 'apply_liger_kernel_to_*(fused_linear_cross_entropy=True)' },
    { key: 'kernels', value: 'liger', source: 'apply_liger_kernel_to_*(rope=True, rms_norm=True, swiglu=True)' },
  ],
  torchtune: [
    { key: 'loss', value: 'chunked', source: 'recipe configs: loss LinearCrossEntropyLoss (8 chunks)' },
    { key: 'gc', value: 'true', source: 'recipe configs: enable_activation_checkpointing: True' },
    { key: 'opt_in_bwd', value: 'true', source: '*_full_single_device.yaml: optimizer_in_bwd: True (needs accum 1)', when: (c) => c.method === 'full' && c.gpus === 1 && c.accum === 1 },
    { key: 'adapter_dtype', value: 'bf16', source: 'LoRA adapters in the model dtype (dtype: bf16)', when: isLora },
  ],
  axolotl: [],
  llamafactory: [
    { key: 'gc', value: 'true', source: 'disable_gradient_checkpointing: False (hparams/model_args.py)' },
  ],
  litgpt: [
    { key: 'loss', value: 'chunked', source: 'lm_head_chunk_size=128 + chunked_cross_entropy (litgpt/finetune/lora.py)' },
    { key: 'adapter_dtype', value: 'bf16', source: 'the whole model in the precision dtype (bf16-true)', when: isLora },
  ],
};

const TRAIN_SET: ReadonlySet<string> = new Set(TRAIN_ENGINES);
const SERVE_SET: ReadonlySet<string> = new Set(SERVE_ENGINES);

export const isTrainEngine = (e: string): e is TrainEngine => TRAIN_SET.has(e);
export const isServeEngine = (e: string): e is ServeEngine => SERVE_SET.has(e);

/** A training engine in serving or a serving engine in training: the coded error, naming `engine` and the mode's values. */
export function engineProblem(mode: Mode, engine: string): InputError | null {
  if (mode === 'train' && !isTrainEngine(engine)) {
    return { code: 'conflict', key: 'engine', value: engine, detail: `\`engine:${engine}\` is a serving engine; training engines are ${TRAIN_ENGINES.map((e) => `\`${e}\``).join(', ')} (or \`mode:infer\`).` };
  }
  if (mode === 'infer' && !isServeEngine(engine)) {
    return { code: 'conflict', key: 'engine', value: engine, detail: `\`engine:${engine}\` is a training engine; serving engines are ${SERVE_ENGINES.map((e) => `\`${e}\``).join(', ')} (or \`mode:train\`).` };
  }
  return null;
}

/** The defaults `engine` sets for this setup (hf and serving engines: none). */
export function engineDefaults(engine: string, c: EngineContext): readonly EngineDefault[] {
  if (!isTrainEngine(engine)) return [];
  return ENGINE_BUNDLES[engine].filter((d) => d.when === undefined || d.when(c));
}

/** What the switches need of each other and of the setup; the first problem, as a coded error. */
export function switchProblem(c: {
  readonly mode: Mode; readonly accum: number; readonly sharding: string; readonly offload: string; readonly gc: string;
  readonly optInBwd: boolean; readonly actOffload: boolean; readonly engine: string;
}): InputError | null {
  if (c.mode !== 'train') return null;
  if (c.optInBwd) {
    // torchtune recipes raise: "Gradient accumulation is not supported with optimizer in bwd".
    if (c.accum > 1) return { code: 'conflict', key: 'opt_in_bwd', value: 'true', detail: 'the optimizer steps inside backward, so gradients cannot accumulate (torchtune raises for gradient_accumulation_steps > 1): use `accum:1` or `opt_in_bwd:false`.' };
    if (c.sharding.startsWith('zero')) return { code: 'conflict', key: 'opt_in_bwd', value: 'true', detail: 'optimizer in backward is torchtune\'s (single GPU or FSDP2), not DeepSpeed ZeRO\'s: use `sharding:fsdp`, `ddp` or `none`.' };
    if (c.offload !== 'none') return { code: 'conflict', key: 'opt_in_bwd', value: 'true', detail: 'optimizer offload runs the step on the CPU after backward: use `offload:none` with `opt_in_bwd:true`.' };
  }
  if (c.actOffload && c.gc !== 'true') {
    return { code: 'conflict', key: 'act_offload', value: 'true', detail: `torchtune offloads activations together with activation checkpointing (enable_activation_checkpointing: True), which this estimate models: add \`gc:true\`${c.gc === 'offload' ? ' (`gc:offload` already keeps the checkpoints in host RAM)' : ''}.` };
  }
  return null;
}
