/**
 * The key table: every argument key of the estimate, declared once. Its name and aliases, the
 * type and range of its value, its default, the help line and an example, which modes and
 * methods it matters for, how the Settings line shows it, and whether Discord offers it as a
 * typed option. Everything else is derived from this table:
 * - the zod schema and the `EstimateConfig` type, the fixed defaults and "relevant keys"
 *   (`./schema.ts`), the canonical text presets are saved as (`canonicalArgs`);
 * - the Settings line of a reply (`src/reply/estimate-reply.ts`), the fit solver's search bounds
 *   (`src/fit.ts`);
 * - `/vram help`, Discord's options and the grammar's key lookup (`commands/`).
 *
 * Keys the commands take besides the estimate's (`private`, `how`, `preset`, a preset's `name`)
 * are declared the same way in `commands/params.ts`. The names are fixed: saved presets and
 * other tools depend on them.
 */

export const MODES = ['train', 'infer'] as const;
export const METHODS = ['full', 'lora', 'qlora'] as const;
/**
 * Weight formats: bitsandbytes (`nf4`, `fp4`, `int8`), quantized checkpoints (`fp8` per-tensor or
 * per-channel scales, `fp8-block` 128x128 block scales as DeepSeek-V3 ships, `awq-int4`,
 * `gptq-int4`, `gptq-int8` with a scale and zero per `group` weights, `mxfp4` as gpt-oss ships)
 * and GGUF types for llama.cpp.
 */
export const QUANTS = ['none', 'nf4', 'fp4', 'int8', 'fp8', 'fp8-block', 'awq-int4', 'gptq-int4', 'gptq-int8', 'mxfp4', 'q8_0', 'q6_k', 'q5_k_m', 'q4_k_m', 'q4_0'] as const;
/** The formats bitsandbytes quantizes on load (QLoRA's base). */
export const BNB_QUANTS = ['nf4', 'fp4', 'int8'] as const;
/** GGUF weight types (llama.cpp). */
export const GGUF_QUANTS = ['q8_0', 'q6_k', 'q5_k_m', 'q4_k_m', 'q4_0'] as const;
export const PRECISIONS = ['bf16', 'fp16', 'fp32', 'mixed'] as const;
export const OPTIMIZERS = ['adamw', 'adamw-fused', 'adamw-8bit', 'paged-adamw-8bit', 'sgd', 'adafactor', 'lion'] as const;
export const GC_MODES = ['false', 'true', 'offload'] as const;
export const ATTENTIONS = ['sdpa', 'flash', 'eager'] as const;
export const LOSSES = ['standard', 'chunked'] as const;
export const SHARDINGS = ['none', 'ddp', 'zero1', 'zero2', 'zero3', 'fsdp'] as const;
export const OFFLOADS = ['none', 'optimizer', 'params'] as const;
export const KV_DTYPES = ['bf16', 'fp16', 'fp32', 'fp8', 'int8', 'q8_0', 'q4_0'] as const;
export const ADAPTER_DTYPES = ['fp32', 'bf16', 'fp16'] as const;
export const ENGINES = ['hf', 'vllm', 'sglang', 'llamacpp'] as const;
export const TARGET_NAMES = ['q', 'k', 'v', 'o', 'gate', 'up', 'down', 'head'] as const;

export type Mode = (typeof MODES)[number];
export type Method = (typeof METHODS)[number];
export type Quant = (typeof QUANTS)[number];
export type Precision = (typeof PRECISIONS)[number];
export type Optimizer = (typeof OPTIMIZERS)[number];
export type GcMode = (typeof GC_MODES)[number];
export type Attention = (typeof ATTENTIONS)[number];
export type Loss = (typeof LOSSES)[number];
export type Sharding = (typeof SHARDINGS)[number];
export type Offload = (typeof OFFLOADS)[number];
export type KvDtype = (typeof KV_DTYPES)[number];
export type AdapterDtype = (typeof ADAPTER_DTYPES)[number];
export type Engine = (typeof ENGINES)[number];
export type Target = (typeof TARGET_NAMES)[number];

/** Named target sets. `all` = every linear layer of the decoder (PEFT `all-linear`), not lm_head. */
export const TARGET_PRESETS: Readonly<Record<string, readonly Target[]>> = {
  all: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'],
  attn: ['q', 'k', 'v', 'o'],
  qv: ['q', 'v'],
  mlp: ['gate', 'up', 'down'],
};

/** Every spelling of true and false the grammar accepts, for every boolean (and `gc`). */
export const BOOL_SPELLINGS: Readonly<Record<'true' | 'false', readonly string[]>> = {
  true: ['true', 'yes', 'on', '1', 'y'],
  false: ['false', 'no', 'off', '0', 'n'],
};
/** The same as a synonym table (`yes` -> `true`). */
export const BOOL_SYNONYMS: Readonly<Record<string, 'true' | 'false'>> = Object.fromEntries(
  (['true', 'false'] as const).flatMap((v) => BOOL_SPELLINGS[v].map((s) => [s, v] as const)),
);

/**
 * What each sharding strategy divides across the GPUs, and who runs it. The one place that knows:
 * the shard counts (`src/estimator/setup.ts`), the offload rules (`./schema.ts`), the buffers
 * (`src/estimator/distributed.ts`), the optimizer step (`src/estimator/state.ts`) and the tips
 * read it from here.
 * - `states`/`grads`/`weights`: optimizer states, gradients, parameters are split n ways.
 * - `deepspeed`: run by DeepSpeed (HF Trainer hands AdamW to its fused multi-tensor kernel).
 * Source: DeepSpeed ZeRO stages 1-3 (Rajbhandari et al. 2020); PyTorch FSDP FULL_SHARD.
 */
export const SHARDING_CAPS: Readonly<Record<Sharding, { readonly states: boolean; readonly grads: boolean; readonly weights: boolean; readonly deepspeed: boolean }>> = {
  none: { states: false, grads: false, weights: false, deepspeed: false },
  ddp: { states: false, grads: false, weights: false, deepspeed: false },
  zero1: { states: true, grads: false, weights: false, deepspeed: true },
  zero2: { states: true, grads: true, weights: false, deepspeed: true },
  zero3: { states: true, grads: true, weights: true, deepspeed: true },
  fsdp: { states: true, grads: true, weights: true, deepspeed: false },
};
/** Shardings that offload may use: optimizer offload needs sharded states, parameter offload sharded weights. */
export const OFFLOAD_NEEDS: Readonly<Record<Exclude<Offload, 'none'>, 'states' | 'weights'>> = { optimizer: 'states', params: 'weights' };

export type KeySpec =
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly synonyms?: Readonly<Record<string, string>> }
  /**
   * Every int accepts `4k` (x1024), `1_000` and `1,000` as whole tokens. `nullable` (int, float,
   * bool): absent means null, i.e. "the engine's or the setup's own default", resolved by the
   * estimator where it depends on more than the config (the GPU, the engine, the model).
   */
  | { readonly kind: 'int'; readonly min: number; readonly max: number; readonly nullable?: boolean }
  | { readonly kind: 'float'; readonly min: number; readonly max: number; readonly maxExclusive?: boolean; readonly nullable?: boolean }
  | { readonly kind: 'bool'; readonly nullable?: boolean }
  /** `nullable`: absent means null (no default). */
  | { readonly kind: 'text'; readonly maxLength: number; readonly nullable?: boolean }
  | { readonly kind: 'targets' };

/**
 * Where a key matters: in training (for these methods, or every method), in serving, or both.
 * A defaulted key is reported as assumed only where it matters; the Settings line shows it only
 * there.
 */
export interface Applies {
  readonly train: readonly Method[] | 'all' | 'none';
  readonly infer: boolean;
}

/**
 * How the Settings line of a reply shows a key where it applies:
 * `always`; `changed`: only when its value is not the default; `never`. `group` keys show
 * together as soon as one of them is changed (`gpus` and `sharding`).
 */
export type SettingsRule = 'always' | 'changed' | 'never';

/** A key of some command's grammar (the estimate's, or a command's own in `commands/params.ts`). */
export interface ParamDef {
  /** Canonical name, lowercase. */
  readonly key: string;
  readonly aliases: readonly string[];
  readonly spec: KeySpec;
  /** One line for help and Discord's option description. */
  readonly help: string;
  /** A pair as a user would type it, for help. */
  readonly example: string;
  /** The default as help shows it, when it is not simply `default` (derived defaults). */
  readonly defaultNote?: string;
  /** The command that lists its valid values (`gpus` for `gpu`), which help points to. */
  readonly listedBy?: string;
  /** Autocomplete source, where a list of valid values is too long for choices. */
  readonly autocomplete?: 'model' | 'gpu' | 'preset';
}

/** A key of the estimate: a field of the config (or a shorthand that sets one). */
export interface KeyDef extends ParamDef {
  /** The `EstimateConfig` field it fills; null for shorthands (`lora`, `qlora` set `method`). */
  readonly field: string | null;
  /**
   * The default; undefined when required (`model`), derived from other keys in `buildConfig`
   * (`kv`, `upcast`), or absent (`gpu`). Keys whose default `buildConfig` may override from other
   * keys (`method`, `quant`, `sharding`) have `reportDefault: false` and say why they were assumed
   * themselves.
   */
  readonly default?: string | number | boolean | readonly string[];
  readonly applies: Applies;
  /** A defaulted value is listed as assumed where the key applies (false: quiet defaults like `compile`). */
  readonly reportDefault: boolean;
  readonly settings: SettingsRule;
  readonly group?: string;
  /** The help topic it is listed under (`/vram help <topic>`). */
  readonly topic: Topic;
  /** Position among Discord's typed options of `/vram` (absent: reached through `more`). */
  readonly discord?: number;
}

/**
 * The help topics, in the order help lists them: `basics` in full on `/vram help`, the others by
 * name (`/vram help serving`), so help stays within a chat message.
 */
export const TOPICS = {
  basics: 'the model, what is trained, precision, batch, sequence and GPUs',
  lora: 'LoRA rank, targets, dropout and adapter dtype',
  training: 'optimizer, accumulation, checkpointing, attention kernel, loss, torch.compile',
  quant: 'weight formats (bitsandbytes, FP8, AWQ, GPTQ, MXFP4, GGUF)',
  serving: 'context, KV-cache dtype, serving engines and their knobs',
  parallel: 'several GPUs: ZeRO/FSDP sharding, offload, tensor, pipeline, context and expert parallelism',
} as const;
export type Topic = keyof typeof TOPICS;

const BOTH: Applies = { train: 'all', infer: true };
const TRAIN: Applies = { train: 'all', infer: false };
const ADAPTERS: Applies = { train: ['lora', 'qlora'], infer: false };
const QLORA: Applies = { train: ['qlora'], infer: false };
const SERVE: Applies = { train: 'none', infer: true };

/**
 * Every key of the estimate, in the order help lists them, presets are saved in and the
 * Settings line shows them.
 */
export const KEYS = [
  {
    key: 'model', topic: 'basics', field: 'model', aliases: ['m'], spec: { kind: 'text', maxLength: 200 }, applies: BOTH, reportDefault: false, settings: 'never',
    help: 'catalog id, alias or Hub id, or a size like 7b', example: 'model:llama-3.1-8b', defaultNote: 'required', autocomplete: 'model', listedBy: 'models',
  },
  {
    key: 'mode', topic: 'basics', field: 'mode', aliases: [], spec: { kind: 'enum', values: MODES, synonyms: { training: 'train', finetune: 'train', inference: 'infer', serve: 'infer', serving: 'infer' } },
    default: 'train', applies: BOTH, reportDefault: false, settings: 'always', discord: 14,
    help: 'fine-tuning or serving', example: 'mode:infer',
  },
  {
    key: 'method', topic: 'basics', field: 'method', aliases: [], spec: { kind: 'enum', values: METHODS, synonyms: { 'full-finetune': 'full', fft: 'full' } },
    default: 'full', applies: TRAIN, reportDefault: false, settings: 'always', discord: 6,
    help: 'what is trained', example: 'method:lora',
  },
  {
    key: 'lora', topic: 'basics', field: null, aliases: [], spec: { kind: 'bool' }, applies: TRAIN, reportDefault: false, settings: 'never', discord: 3,
    help: 'shorthand for method:lora', example: 'lora:true',
  },
  {
    key: 'qlora', topic: 'basics', field: null, aliases: [], spec: { kind: 'bool' }, applies: TRAIN, reportDefault: false, settings: 'never', discord: 4,
    help: 'shorthand for method:qlora (4-bit NF4 base)', example: 'qlora:true',
  },
  {
    key: 'rank', topic: 'lora', field: 'rank', aliases: ['r', 'lora_rank'], spec: { kind: 'int', min: 1, max: 4096 }, default: 16, applies: ADAPTERS, reportDefault: true, settings: 'always', discord: 7,
    help: 'LoRA rank', example: 'rank:64',
  },
  {
    key: 'targets', topic: 'lora', field: 'targets', aliases: ['target', 'target_modules'], spec: { kind: 'targets' }, default: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'],
    applies: ADAPTERS, reportDefault: true, settings: 'always', discord: 21, defaultNote: 'all',
    help: 'LoRA targets: all, attn, qv, mlp, or a comma list of q,k,v,o,gate,up,down,head', example: 'targets:q,v',
  },
  {
    key: 'dropout', topic: 'lora', field: 'dropout', aliases: ['lora_dropout'], spec: { kind: 'float', min: 0, max: 1, maxExclusive: true }, default: 0, applies: ADAPTERS, reportDefault: true, settings: 'changed',
    help: 'LoRA dropout (0 to <1)', example: 'dropout:0.05',
  },
  {
    key: 'quant', topic: 'quant', field: 'quant', aliases: ['quantization', 'bits'],
    spec: {
      kind: 'enum', values: QUANTS,
      synonyms: {
        '4bit': 'nf4', '4': 'nf4', '8bit': 'int8', '8': 'int8', false: 'none', off: 'none', '16': 'none', bnb4: 'nf4', bnb8: 'int8',
        fp8_e4m3: 'fp8', 'fp8-dynamic': 'fp8', 'fp8-static': 'fp8', 'fp8-block128': 'fp8-block', 'fp8-deepseek': 'fp8-block', deepseek_fp8: 'fp8-block',
        awq: 'awq-int4', 'awq-4bit': 'awq-int4', 'w4a16': 'awq-int4', gptq: 'gptq-int4', 'gptq-4bit': 'gptq-int4', 'gptq-8bit': 'gptq-int8', 'w8a16': 'gptq-int8',
        mxfp4_moe: 'mxfp4', 'q4_k': 'q4_k_m', 'q5_k': 'q5_k_m', q8: 'q8_0', q6: 'q6_k', q4: 'q4_0',
      },
    },
    default: 'none', applies: { train: ['qlora'], infer: true }, reportDefault: false, settings: 'always', discord: 16, defaultNote: 'none (qlora: nf4)',
    help: 'weight format: bitsandbytes nf4/fp4/int8, checkpoints fp8, fp8-block, awq-int4, gptq-int4/8, mxfp4, GGUF q8_0..q4_0', example: 'quant:awq-int4',
  },
  {
    key: 'group', topic: 'quant', field: 'group', aliases: ['group_size', 'gs'], spec: { kind: 'int', min: 16, max: 4096 }, default: 128, applies: { train: ['qlora'], infer: true }, reportDefault: false, settings: 'changed',
    help: 'AWQ/GPTQ group size: one scale (and zero) per this many weights', example: 'group:64',
  },
  {
    key: 'dq', topic: 'quant', field: 'dq', aliases: ['double_quant'], spec: { kind: 'bool' }, default: false, applies: QLORA, reportDefault: true, settings: 'always',
    help: 'bitsandbytes double quantization', example: 'dq:true',
  },
  {
    key: 'upcast', topic: 'quant', field: 'upcast', aliases: [], spec: { kind: 'bool' }, applies: QLORA, reportDefault: false, settings: 'always', defaultNote: 'true (qlora)',
    help: 'qlora: non-quantized weights in fp32 (prepare_model_for_kbit_training)', example: 'upcast:false',
  },
  {
    key: 'precision', topic: 'basics', field: 'precision', aliases: ['dtype', 'p'],
    spec: { kind: 'enum', values: PRECISIONS, synonyms: { bfloat16: 'bf16', float16: 'fp16', half: 'fp16', float32: 'fp32', amp: 'mixed', 'bf16-mixed': 'mixed', 'fp16-mixed': 'mixed', 'bf16-true': 'bf16' } },
    default: 'bf16', applies: BOTH, reportDefault: true, settings: 'always', discord: 10,
    help: 'weight dtype; mixed = fp32 weights + 16-bit autocast', example: 'precision:mixed',
  },
  {
    key: 'optimizer', topic: 'training', field: 'optimizer', aliases: ['optim', 'opt'],
    spec: {
      kind: 'enum', values: OPTIMIZERS,
      synonyms: { adam: 'adamw', adamw_torch: 'adamw', adamw_torch_fused: 'adamw-fused', 'fused-adamw': 'adamw-fused', adamw_8bit: 'adamw-8bit', adamw8bit: 'adamw-8bit', '8bit-adamw': 'adamw-8bit', adamw_bnb_8bit: 'adamw-8bit', paged_adamw_8bit: 'paged-adamw-8bit', 'paged-adamw': 'paged-adamw-8bit' },
    },
    default: 'adamw', applies: TRAIN, reportDefault: true, settings: 'always', discord: 11,
    help: 'optimizer', example: 'optimizer:adamw-8bit',
  },
  {
    key: 'batch', topic: 'basics', field: 'batch', aliases: ['b', 'bs', 'micro_batch', 'batch_size'], spec: { kind: 'int', min: 1, max: 4096 }, default: 1, applies: BOTH, reportDefault: true, settings: 'always', discord: 1,
    help: 'micro-batch size per GPU (infer: concurrent sequences)', example: 'batch:4',
  },
  {
    key: 'seq', topic: 'basics', field: 'seq', aliases: ['s', 'seq_len', 'seqlen', 'length', 'max_len'], spec: { kind: 'int', min: 1, max: 1_048_576 }, default: 2048, applies: TRAIN, reportDefault: true, settings: 'always', discord: 2,
    help: 'tokens per training sequence', example: 'seq:4096',
  },
  {
    key: 'context', topic: 'serving', field: 'context', aliases: ['ctx', 'context_length', 'max_model_len'], spec: { kind: 'int', min: 1, max: 10_000_000 }, default: 4096, applies: SERVE, reportDefault: true, settings: 'always', discord: 20,
    help: 'infer: tokens per sequence (prompt + output)', example: 'context:8192',
  },
  {
    key: 'accum', topic: 'training', field: 'accum', aliases: ['grad_accum', 'gradient_accumulation', 'ga'], spec: { kind: 'int', min: 1, max: 100_000 }, default: 1, applies: TRAIN, reportDefault: true, settings: 'always', discord: 19,
    help: 'gradient-accumulation steps', example: 'accum:8',
  },
  {
    key: 'gc', topic: 'training', field: 'gc', aliases: ['checkpointing', 'grad_ckpt', 'gradient_checkpointing'], spec: { kind: 'enum', values: GC_MODES, synonyms: BOOL_SYNONYMS },
    default: 'false', applies: TRAIN, reportDefault: true, settings: 'always', discord: 8,
    help: 'gradient checkpointing: true, false, offload (checkpoints in CPU RAM)', example: 'gc:true',
  },
  {
    key: 'attention', topic: 'training', field: 'attention', aliases: ['attn', 'attn_implementation'],
    spec: { kind: 'enum', values: ATTENTIONS, synonyms: { flash_attention_2: 'flash', fa2: 'flash', 'flash-attn': 'flash', flash2: 'flash', math: 'eager' } },
    default: 'sdpa', applies: BOTH, reportDefault: true, settings: 'always', discord: 12,
    help: 'attention kernel', example: 'attention:flash',
  },
  {
    key: 'loss', topic: 'training', field: 'loss', aliases: [], spec: { kind: 'enum', values: LOSSES, synonyms: { fused: 'chunked', liger: 'chunked', cce: 'chunked', full: 'standard' } },
    default: 'standard', applies: TRAIN, reportDefault: true, settings: 'always', discord: 15,
    help: 'standard (full fp32 logits) or chunked (fused/chunked cross-entropy)', example: 'loss:chunked',
  },
  {
    key: 'compile', topic: 'training', field: 'compile', aliases: ['torch_compile'], spec: { kind: 'bool' }, default: false, applies: TRAIN, reportDefault: false, settings: 'changed',
    help: 'torch.compile: fused norms and activations keep less for backward', example: 'compile:true',
  },
  {
    key: 'kv', topic: 'serving', field: 'kv', aliases: ['kv_dtype', 'kv_cache_dtype'],
    spec: { kind: 'enum', values: KV_DTYPES, synonyms: { bfloat16: 'bf16', float16: 'fp16', f16: 'fp16', fp8_e4m3: 'fp8', fp8_e5m2: 'fp8', auto: 'bf16', q8: 'q8_0', q4: 'q4_0' } },
    applies: SERVE, reportDefault: false, settings: 'always', discord: 17, defaultNote: 'the model dtype',
    help: 'infer: KV-cache dtype (llama.cpp also q8_0, q4_0)', example: 'kv:fp8',
  },
  {
    key: 'engine', topic: 'serving', field: 'engine', aliases: ['server', 'runtime'], spec: { kind: 'enum', values: ENGINES, synonyms: { transformers: 'hf', generate: 'hf', huggingface: 'hf', 'llama.cpp': 'llamacpp', 'llama-cpp': 'llamacpp', gguf: 'llamacpp', sgl: 'sglang' } },
    default: 'hf', applies: SERVE, reportDefault: true, settings: 'always',
    help: 'infer: hf (transformers generate), vllm (paged KV pool in util of the card), sglang, llamacpp (GGUF)', example: 'engine:vllm',
  },
  {
    key: 'util', topic: 'serving', field: 'util', aliases: ['gpu_memory_utilization', 'mem_fraction', 'mem_fraction_static'], spec: { kind: 'float', min: 0.05, max: 1, nullable: true },
    applies: SERVE, reportDefault: false, settings: 'changed', defaultNote: 'vllm 0.9; sglang (card - reserve) / card, by card and tp',
    help: 'infer: share of the card vLLM (gpu_memory_utilization) or SGLang (mem_fraction_static) takes', example: 'util:0.95',
  },
  {
    key: 'batched_tokens', topic: 'serving', field: 'batchedTokens', aliases: ['max_num_batched_tokens', 'chunk'], spec: { kind: 'int', min: 16, max: 1_048_576, nullable: true },
    applies: SERVE, reportDefault: false, settings: 'changed', defaultNote: 'vllm 8192 on cards of 70+ GiB (not A100), else 2048; sglang 2048-16384 by card',
    help: 'infer: tokens one prefill step processes (max_num_batched_tokens / chunked prefill)', example: 'batched_tokens:16384',
  },
  {
    key: 'max_seqs', topic: 'serving', field: 'maxSeqs', aliases: ['max_num_seqs', 'max_running_requests'], spec: { kind: 'int', min: 1, max: 65_536, nullable: true },
    applies: SERVE, reportDefault: false, settings: 'changed', defaultNote: 'vllm 1024 on cards of 70+ GiB (not A100), else 256',
    help: 'infer: most sequences scheduled at once (max_num_seqs)', example: 'max_seqs:128',
  },
  {
    key: 'eager', topic: 'serving', field: 'eager', aliases: ['enforce_eager'], spec: { kind: 'bool' }, default: false, applies: SERVE, reportDefault: false, settings: 'changed',
    help: 'infer: no CUDA graphs (vLLM enforce_eager, SGLang disable_cuda_graph)', example: 'eager:true',
  },
  {
    key: 'ngl', topic: 'serving', field: 'ngl', aliases: ['n_gpu_layers', 'gpu_layers'], spec: { kind: 'int', min: 0, max: 10_000, nullable: true },
    applies: SERVE, reportDefault: false, settings: 'changed', defaultNote: 'all layers',
    help: 'infer, llamacpp: layers offloaded to the GPU (the rest in host RAM)', example: 'ngl:20',
  },
  {
    key: 'gpus', topic: 'basics', field: 'gpus', aliases: ['n_gpus', 'num_gpus', 'ngpus', 'count'], spec: { kind: 'int', min: 1, max: 4096 }, default: 1, applies: BOTH, reportDefault: false, settings: 'changed', group: 'parallel', discord: 9,
    help: 'number of GPUs', example: 'gpus:8',
  },
  {
    key: 'sharding', topic: 'parallel', field: 'sharding', aliases: ['zero', 'strategy', 'parallel'],
    spec: { kind: 'enum', values: SHARDINGS, synonyms: { '0': 'ddp', '1': 'zero1', '2': 'zero2', '3': 'zero3', 'zero-1': 'zero1', 'zero-2': 'zero2', 'zero-3': 'zero3', full_shard: 'fsdp', 'fsdp-full': 'fsdp' } },
    default: 'none', applies: BOTH, reportDefault: false, settings: 'changed', group: 'parallel', discord: 13, defaultNote: 'none (ddp when gpus>1)',
    help: 'multi-GPU memory sharding', example: 'sharding:zero3',
  },
  {
    key: 'tp', topic: 'parallel', field: 'tp', aliases: ['tensor_parallel', 'tensor_parallel_size', 'tp_size'], spec: { kind: 'int', min: 1, max: 1024 }, default: 1, applies: BOTH, reportDefault: false, settings: 'changed',
    help: 'tensor parallel degree (Megatron-style, with sequence parallelism in training)', example: 'tp:4',
  },
  {
    key: 'pp', topic: 'parallel', field: 'pp', aliases: ['pipeline_parallel', 'pipeline_parallel_size', 'pp_size'], spec: { kind: 'int', min: 1, max: 1024 }, default: 1, applies: BOTH, reportDefault: false, settings: 'changed',
    help: 'pipeline parallel degree (1F1B schedule in training)', example: 'pp:2',
  },
  {
    key: 'cp', topic: 'parallel', field: 'cp', aliases: ['context_parallel', 'context_parallel_size'], spec: { kind: 'int', min: 1, max: 1024 }, default: 1, applies: TRAIN, reportDefault: false, settings: 'changed',
    help: 'context parallel degree (ring attention: each GPU holds seq/cp tokens)', example: 'cp:2',
  },
  {
    key: 'ep', topic: 'parallel', field: 'ep', aliases: ['expert_parallel', 'expert_parallel_size'], spec: { kind: 'int', min: 1, max: 1024 }, default: 1, applies: BOTH, reportDefault: false, settings: 'changed',
    help: 'expert parallel degree for MoE models (experts split across GPUs)', example: 'ep:8',
  },
  {
    key: 'sp', topic: 'parallel', field: 'sp', aliases: ['sequence_parallel'], spec: { kind: 'bool', nullable: true }, applies: TRAIN, reportDefault: false, settings: 'changed', defaultNote: 'true when tp>1',
    help: 'sequence parallelism with tp (norm and residual activations split too)', example: 'sp:false',
  },
  {
    key: 'microbatches', topic: 'parallel', field: 'microbatches', aliases: ['num_microbatches', 'micro_batches'], spec: { kind: 'int', min: 1, max: 100_000, nullable: true }, applies: TRAIN, reportDefault: false, settings: 'changed', defaultNote: 'accum',
    help: 'micro-batches per step through the pipeline (pp>1)', example: 'microbatches:16',
  },
  {
    key: 'offload', topic: 'parallel', field: 'offload', aliases: [], spec: { kind: 'enum', values: OFFLOADS, synonyms: { cpu: 'optimizer', false: 'none', off: 'none', param: 'params', all: 'params' } },
    default: 'none', applies: TRAIN, reportDefault: false, settings: 'changed', discord: 18,
    help: 'ZeRO/FSDP CPU offload (params includes the optimizer)', example: 'offload:optimizer',
  },
  {
    key: 'adapter_dtype', topic: 'lora', field: 'adapterDtype', aliases: ['adapter'], spec: { kind: 'enum', values: ADAPTER_DTYPES, synonyms: { bfloat16: 'bf16', float32: 'fp32', float16: 'fp16' } },
    default: 'fp32', applies: ADAPTERS, reportDefault: true, settings: 'changed',
    help: 'LoRA adapter weight dtype (PEFT upcasts adapters to fp32 by default)', example: 'adapter_dtype:bf16',
  },
  {
    key: 'gpu', topic: 'basics', field: 'gpu', aliases: ['card', 'device'], spec: { kind: 'text', maxLength: 60, nullable: true }, applies: BOTH, reportDefault: false, settings: 'never', discord: 5, autocomplete: 'gpu',
    help: 'a GPU to check the fit against', example: 'gpu:rtx4090', defaultNote: 'none (the common GPUs)', listedBy: 'gpus',
  },
  {
    key: 'margin', topic: 'basics', field: 'margin', aliases: ['headroom', 'safety'], spec: { kind: 'text', maxLength: 16, nullable: true }, applies: BOTH, reportDefault: false, settings: 'changed',
    help: 'size fits with this much over the estimate (GiB or %) instead of the top of its likely range', example: 'margin:10%', defaultNote: 'the top of the likely range',
  },
] as const satisfies readonly KeyDef[];

/** Lookup from any spelling of a key (canonical or alias, lowercase) to its definition. */
export const KEY_INDEX: ReadonlyMap<string, KeyDef> = new Map(
  (KEYS as readonly KeyDef[]).flatMap((k) => [[k.key, k] as const, ...k.aliases.map((a) => [a, k] as const)]),
);

/** The definition of a canonical key (throws for a name that is not in the table: a bug). */
export function keyDef(key: string): KeyDef {
  const d = KEY_INDEX.get(key);
  if (d === undefined || d.key !== key) throw new Error(`no key ${key} in KEYS`);
  return d;
}

/** Whether a key matters for this mode and method. */
export function applies(def: Pick<KeyDef, 'applies'>, mode: Mode, method: Method): boolean {
  if (mode === 'infer') return def.applies.infer;
  const t = def.applies.train;
  return t === 'all' || (t !== 'none' && t.includes(method));
}
