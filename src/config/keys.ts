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
/**
 * What is trained: every weight (`full`, or its last `freeze` layers), or a PEFT method on a frozen
 * base: LoRA (`qlora`: on a quantized base), DoRA, IA3, prompt and prefix tuning, bottleneck
 * adapters (`src/estimator/peft.ts`).
 */
export const METHODS = ['full', 'lora', 'qlora', 'dora', 'ia3', 'prompt', 'prefix', 'adapter'] as const;
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
/** `galore`: GaLore's AdamW (transformers `optim="galore_adamw"`), full fine-tuning only. */
export const OPTIMIZERS = ['adamw', 'adamw-fused', 'adamw-8bit', 'paged-adamw-8bit', 'sgd', 'adafactor', 'lion', 'galore'] as const;
/**
 * LoRA variants that change LoRA's maths but not its memory: rsLoRA (alpha / sqrt(r) scaling,
 * PEFT `use_rslora`), LoRA+ (a larger learning rate for B: optimizer groups), PiSSA and OLoRA
 * (SVD / QR initialisation of the adapters from the base weight, PEFT `init_lora_weights`).
 */
export const LORA_VARIANTS = ['none', 'rslora', 'loraplus', 'pissa', 'olora'] as const;
export const GC_MODES = ['false', 'true', 'offload'] as const;
export const ATTENTIONS = ['sdpa', 'flash', 'eager'] as const;
/**
 * `standard`: stock HF (full logits upcast to fp32); `chunked`: torchtune / LitGPT chunked
 * cross-entropy (every chunk's logits kept for backward, one chunk upcast at a time); `fused`:
 * Liger / Unsloth / Cut Cross-Entropy (no logits tensor). See src/estimator/logits.ts.
 */
export const LOSSES = ['standard', 'chunked', 'fused'] as const;
export const SHARDINGS = ['none', 'ddp', 'zero1', 'zero2', 'zero3', 'fsdp'] as const;
export const OFFLOADS = ['none', 'optimizer', 'params'] as const;
export const KV_DTYPES = ['bf16', 'fp16', 'fp32', 'fp8', 'int8', 'q8_0', 'q4_0'] as const;
export const ADAPTER_DTYPES = ['fp32', 'bf16', 'fp16'] as const;
/** Serving engines (src/estimator/serving.ts). */
export const SERVE_ENGINES = ['hf', 'vllm', 'sglang', 'llamacpp'] as const;
/** Training engines: named bundles of switches (src/config/engines.ts); `hf` = stock Transformers + PEFT. */
export const TRAIN_ENGINES = ['hf', 'unsloth', 'liger', 'torchtune', 'axolotl', 'llamafactory', 'litgpt'] as const;
export const ENGINES = ['hf', 'vllm', 'sglang', 'llamacpp', 'unsloth', 'liger', 'torchtune', 'axolotl', 'llamafactory', 'litgpt'] as const;
/** Fused training kernels (src/estimator/activations.ts): Liger's RMSNorm/SwiGLU/RoPE, Unsloth's RMSNorm/RoPE and fused LoRA MLP/QKV/O. */
export const KERNELS = ['none', 'liger', 'unsloth'] as const;
export const TARGET_NAMES = ['q', 'k', 'v', 'o', 'gate', 'up', 'down', 'head'] as const;

export type Mode = (typeof MODES)[number];
export type Method = (typeof METHODS)[number];
export type Quant = (typeof QUANTS)[number];
export type Precision = (typeof PRECISIONS)[number];
export type Optimizer = (typeof OPTIMIZERS)[number];
export type LoraVariant = (typeof LORA_VARIANTS)[number];
export type GcMode = (typeof GC_MODES)[number];
export type Attention = (typeof ATTENTIONS)[number];
export type Loss = (typeof LOSSES)[number];
export type Sharding = (typeof SHARDINGS)[number];
export type Offload = (typeof OFFLOADS)[number];
export type KvDtype = (typeof KV_DTYPES)[number];
export type AdapterDtype = (typeof ADAPTER_DTYPES)[number];
export type Engine = (typeof ENGINES)[number];
export type Kernels = (typeof KERNELS)[number];
/**
 * Transformers releases whose memory differs for the paths modelled here (src/estimator/logits.ts):
 * `latest` (4.49 and later: ForCausalLMLoss no longer copies the shifted logits, PR #35646);
 * `4.48` (4.45 to 4.48: the loss upcasts the logits and copies the shifted fp32 logits with
 * `.contiguous()`; ForCausalLMLoss from 4.46, the model's own forward before); `4.44` (4.44 and
 * earlier: in addition generate computes and upcasts the logits of every prompt position:
 * `num_logits_to_keep` arrived in 4.45, PR #31292).
 */
/**
 * bitsandbytes releases by what a frozen 4-bit linear keeps for backward: `latest` (0.43.2 and
 * later) keeps only the quantized weight; `0.43.1` (and every earlier release) also keeps its
 * input `A` in `ctx.tensors` (bitsandbytes/autograd/_functions.py `MatMul4Bit.forward`; removed by
 * commit 9e75374, "fix QLoRA mem bug: delete useless buffered activation", PR #1270, first in 0.43.2).
 */
export const BNB_ERAS = ['latest', '0.43.1'] as const;
export type BnbEra = (typeof BNB_ERAS)[number];
/** Every `0.x` / `0.x.y` spelling to the behaviour it has. */
function bnbSynonyms(): Record<string, BnbEra> {
  const out: Record<string, BnbEra> = { current: 'latest', newest: 'latest' };
  for (let minor = 35; minor <= 60; minor++) {
    for (let patch = -1; patch <= 9; patch++) {
      const v = patch < 0 ? `0.${minor}` : `0.${minor}.${patch}`;
      const era: BnbEra = minor < 43 || (minor === 43 && patch >= 0 && patch <= 1) || (minor === 43 && patch < 0) ? '0.43.1' : 'latest';
      if (v !== era) out[v] = era;
      out[`v${v}`] = era;
    }
  }
  return out;
}
export const TRANSFORMERS_ERAS = ['latest', '4.48', '4.44'] as const;
export type TransformersEra = (typeof TRANSFORMERS_ERAS)[number];
/** Every `4.x` and `4.x.y` spelling (and `v4.x.y`, 5.x) to the era it behaves like. */
function transformersSynonyms(): Record<string, TransformersEra> {
  const out: Record<string, TransformersEra> = { current: 'latest', main: 'latest', newest: 'latest' };
  for (let minor = 0; minor <= 99; minor++) {
    const era: TransformersEra = minor >= 49 ? 'latest' : minor >= 45 ? '4.48' : '4.44';
    for (const v of [`4.${minor}`, ...Array.from({ length: 10 }, (_, p) => `4.${minor}.${p}`)]) {
      if (v !== era) out[v] = era;
      out[`v${v}`] = era;
    }
  }
  for (let minor = 0; minor <= 20; minor++) { out[`5.${minor}`] = 'latest'; out[`5.${minor}.0`] = 'latest'; }
  return out;
}
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
  lora: 'PEFT methods: LoRA rank, targets, dropout, variants and adapter dtype; DoRA, IA3, prompt/prefix tokens, bottleneck adapters, training the last n layers',
  training: 'optimizer, accumulation, checkpointing, attention kernel, loss, fused kernels, activation offloading, optimizer in backward, torch.compile, Transformers release',
  quant: 'weight formats (bitsandbytes, FP8, AWQ, GPTQ, MXFP4, GGUF)',
  serving: 'context, KV-cache dtype, serving engines and their knobs',
  parallel: 'several GPUs: ZeRO/FSDP sharding, offload, tensor, pipeline, context and expert parallelism',
  objectives: 'preference and RL objectives as TRL runs them (DPO, ORPO, SimPO, KTO, reward models, GRPO, PPO), references and rollouts',
  vision: 'vision-language models: images per sample, their resolution, and whether the vision tower trains',
  time: 'how long and how much: dataset tokens or samples, epochs, price per GPU-hour (the time and cost estimate)',
} as const;
export type Topic = keyof typeof TOPICS;

const BOTH: Applies = { train: 'all', infer: true };
const TRAIN: Applies = { train: 'all', infer: false };
/** LoRA's own keys (rank, dropout, variant): LoRA, QLoRA and DoRA. */
const LORA_FAMILY: Applies = { train: ['lora', 'qlora', 'dora'], infer: false };
/** Methods that pick linears by `targets` (IA3 scales them). */
const TARGETED: Applies = { train: ['lora', 'qlora', 'dora', 'ia3'], infer: false };
/** Every method that adds parameters to a frozen base (their dtype). */
const ADAPTERS: Applies = { train: ['lora', 'qlora', 'dora', 'ia3', 'prompt', 'prefix', 'adapter'], infer: false };
const QLORA: Applies = { train: ['qlora'], infer: false };
/** Methods that may train on a quantized base (`quant`, `group`). */
const QUANT_BASE: readonly Method[] = ['qlora', 'dora', 'ia3', 'prompt', 'prefix', 'adapter'];
const PROMPTS: Applies = { train: ['prompt', 'prefix'], infer: false };
const BOTTLENECK: Applies = { train: ['adapter'], infer: false };
const FULL_ONLY: Applies = { train: ['full'], infer: false };
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
    key: 'method', topic: 'basics', field: 'method', aliases: [], spec: {
      kind: 'enum', values: METHODS,
      synonyms: {
        'full-finetune': 'full', fft: 'full', 'use-dora': 'dora', '(ia)3': 'ia3', 'ia^3': 'ia3', 'prompt-tuning': 'prompt', 'prefix-tuning': 'prefix',
        bottleneck: 'adapter', 'bottleneck-adapter': 'adapter', houlsby: 'adapter', 'double-seq-bn': 'adapter', adapters: 'adapter',
      },
    },
    default: 'full', applies: TRAIN, reportDefault: false, settings: 'always', discord: 6,
    help: 'what is trained: full, lora, qlora, dora, ia3, prompt, prefix, adapter (bottleneck)', example: 'method:lora',
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
    key: 'rank', topic: 'lora', field: 'rank', aliases: ['r', 'lora_rank'], spec: { kind: 'int', min: 1, max: 4096 }, default: 16, applies: LORA_FAMILY, reportDefault: true, settings: 'always', discord: 7,
    help: 'LoRA/DoRA rank (optimizer:galore: the projection rank, default 128)', example: 'rank:64',
  },
  {
    key: 'targets', topic: 'lora', field: 'targets', aliases: ['target', 'target_modules'], spec: { kind: 'targets' }, default: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'],
    applies: TARGETED, reportDefault: true, settings: 'always', discord: 21, defaultNote: 'all (ia3: PEFT\'s default for the model type)',
    help: 'LoRA/DoRA/IA3 targets: all, attn, qv, mlp, or a comma list of q,k,v,o,gate,up,down,head', example: 'targets:q,v',
  },
  {
    key: 'dropout', topic: 'lora', field: 'dropout', aliases: ['lora_dropout'], spec: { kind: 'float', min: 0, max: 1, maxExclusive: true }, default: 0, applies: LORA_FAMILY, reportDefault: true, settings: 'changed',
    help: 'LoRA dropout (0 to <1)', example: 'dropout:0.05',
  },
  {
    key: 'variant', topic: 'lora', field: 'variant', aliases: ['lora_variant'],
    spec: { kind: 'enum', values: LORA_VARIANTS, synonyms: { 'lora+': 'loraplus', 'lora-plus': 'loraplus', rs: 'rslora', 'rs-lora': 'rslora', 'use-rslora': 'rslora', pissa_niter: 'pissa', 'pissa-niter': 'pissa', false: 'none', off: 'none' } },
    default: 'none', applies: LORA_FAMILY, reportDefault: false, settings: 'changed',
    help: 'a LoRA variant with LoRA\'s memory: rslora, loraplus, pissa, olora (init)', example: 'variant:rslora',
  },
  {
    key: 'virtual_tokens', topic: 'lora', field: 'virtualTokens', aliases: ['num_virtual_tokens', 'n_virtual_tokens'], spec: { kind: 'int', min: 1, max: 8192 }, default: 20, applies: PROMPTS, reportDefault: true, settings: 'always',
    help: 'prompt/prefix tuning: virtual tokens (PEFT num_virtual_tokens; prompt tuning adds them to every sequence)', example: 'virtual_tokens:20',
  },
  {
    key: 'bottleneck', topic: 'lora', field: 'bottleneck', aliases: ['bottleneck_size', 'adapter_size'], spec: { kind: 'int', min: 1, max: 65_536, nullable: true }, applies: BOTTLENECK, reportDefault: false, settings: 'changed',
    defaultNote: 'hidden / 16 (reduction_factor 16)',
    help: 'bottleneck adapters: width of each adapter\'s down projection', example: 'bottleneck:64',
  },
  {
    key: 'freeze', topic: 'lora', field: 'freeze', aliases: ['freeze_trainable_layers', 'trainable_layers'], spec: { kind: 'int', min: 1, max: 10_000, nullable: true }, applies: FULL_ONLY, reportDefault: false, settings: 'changed',
    defaultNote: 'off (every layer trains)',
    help: 'method:full: train only the last n decoder layers (LLaMA-Factory freeze_trainable_layers; embeddings and lm_head frozen)', example: 'freeze:4',
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
    default: 'none', applies: { train: QUANT_BASE, infer: true }, reportDefault: false, settings: 'always', discord: 16, defaultNote: 'none (qlora: nf4)',
    help: 'weight format: bitsandbytes nf4/fp4/int8, checkpoints fp8, fp8-block, awq-int4, gptq-int4/8, mxfp4, GGUF q8_0..q4_0', example: 'quant:awq-int4',
  },
  {
    key: 'group', topic: 'quant', field: 'group', aliases: ['group_size', 'gs'], spec: { kind: 'int', min: 16, max: 4096 }, default: 128, applies: { train: QUANT_BASE, infer: true }, reportDefault: false, settings: 'changed',
    help: 'AWQ/GPTQ group size: one scale (and zero) per this many weights', example: 'group:64',
  },
  {
    key: 'dq', topic: 'quant', field: 'dq', aliases: ['double_quant'], spec: { kind: 'bool' }, default: false, applies: QLORA, reportDefault: true, settings: 'always',
    help: 'bitsandbytes double quantization', example: 'dq:true',
  },
  {
    key: 'bnb', topic: 'quant', field: 'bnb', aliases: ['bitsandbytes', 'bnb_version'], spec: { kind: 'enum', values: BNB_ERAS, synonyms: bnbSynonyms() },
    default: 'latest', applies: { train: QUANT_BASE, infer: false }, reportDefault: false, settings: 'changed', defaultNote: 'the current release (0.43.2 or later)',
    help: 'the bitsandbytes release (e.g. 0.42.0): up to 0.43.1 a frozen 4-bit linear also keeps its input for backward', example: 'bnb:0.42.0',
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
      synonyms: { adam: 'adamw', adamw_torch: 'adamw', adamw_torch_fused: 'adamw-fused', 'fused-adamw': 'adamw-fused', adamw_8bit: 'adamw-8bit', adamw8bit: 'adamw-8bit', '8bit-adamw': 'adamw-8bit', adamw_bnb_8bit: 'adamw-8bit', paged_adamw_8bit: 'paged-adamw-8bit', 'paged-adamw': 'paged-adamw-8bit', galore_adamw: 'galore', 'galore-adamw': 'galore' },
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
    key: 'output', topic: 'serving', field: 'output', aliases: ['max_new_tokens', 'new_tokens', 'generated'], spec: { kind: 'int', min: 1, max: 10_000_000, nullable: true },
    applies: SERVE, reportDefault: false, settings: 'changed', defaultNote: 'none: the whole context is prompt, prefilled at once',
    help: 'infer, engine:hf: tokens generated after the prompt (max_new_tokens); the prefill covers context - output tokens', example: 'output:2048',
  },
  {
    key: 'accum', topic: 'training', field: 'accum', aliases: ['grad_accum', 'gradient_accumulation', 'ga'], spec: { kind: 'int', min: 1, max: 100_000 }, default: 1, applies: TRAIN, reportDefault: true, settings: 'always', discord: 19,
    help: 'gradient-accumulation steps', example: 'accum:8',
  },
  {
    key: 'gc', topic: 'training', field: 'gc', aliases: ['checkpointing', 'grad_ckpt', 'gradient_checkpointing'],
    // Unsloth's use_gradient_checkpointing="unsloth" is per-layer checkpointing with the checkpoints
    // offloaded to host RAM (unsloth_zoo gradient_checkpointing.py, Unsloth_Offloaded_Gradient_Checkpointer): gc:offload.
    spec: { kind: 'enum', values: GC_MODES, synonyms: { ...BOOL_SYNONYMS, unsloth: 'offload' } },
    default: 'false', applies: TRAIN, reportDefault: true, settings: 'always', discord: 8,
    help: 'gradient checkpointing: true, false, offload (checkpoints in CPU RAM; unsloth = offload)', example: 'gc:true',
  },
  {
    key: 'attention', topic: 'training', field: 'attention', aliases: ['attn', 'attn_implementation'],
    spec: { kind: 'enum', values: ATTENTIONS, synonyms: { flash_attention_2: 'flash', fa2: 'flash', 'flash-attn': 'flash', flash2: 'flash', math: 'eager' } },
    default: 'sdpa', applies: BOTH, reportDefault: true, settings: 'always', discord: 12,
    help: 'attention kernel', example: 'attention:flash',
  },
  {
    key: 'loss', topic: 'training', field: 'loss', aliases: [],
    spec: { kind: 'enum', values: LOSSES, synonyms: { liger: 'fused', cce: 'fused', 'cut-cross-entropy': 'fused', flce: 'fused', 'fused-linear': 'fused', unsloth: 'fused', torchtune: 'chunked', litgpt: 'chunked', full: 'standard', hf: 'standard' } },
    default: 'standard', applies: TRAIN, reportDefault: true, settings: 'always', discord: 15,
    help: 'standard (full fp32 logits, stock HF), chunked (torchtune/LitGPT: every chunk\'s logits kept) or fused (Liger/Unsloth/CCE: no logits)', example: 'loss:fused',
  },
  {
    key: 'kernels', topic: 'training', field: 'kernels', aliases: ['fused_kernels', 'use_liger_kernel'], spec: { kind: 'enum', values: KERNELS, synonyms: { false: 'none', off: 'none', hf: 'none', true: 'liger' } },
    default: 'none', applies: TRAIN, reportDefault: false, settings: 'changed',
    help: 'fused training kernels: liger (RMSNorm, SwiGLU, RoPE), unsloth (RMSNorm, RoPE, fused LoRA MLP/QKV/O)', example: 'kernels:liger',
  },
  {
    key: 'act_offload', topic: 'training', field: 'actOffload', aliases: ['enable_activation_offloading', 'activation_offloading'], spec: { kind: 'bool' },
    default: false, applies: TRAIN, reportDefault: false, settings: 'changed',
    help: 'torchtune activation offloading: saved activations go to host RAM (needs gc:true)', example: 'act_offload:true',
  },
  {
    key: 'opt_in_bwd', topic: 'training', field: 'optInBwd', aliases: ['optimizer_in_bwd', 'optimizer_in_backward'], spec: { kind: 'bool' },
    default: false, applies: TRAIN, reportDefault: false, settings: 'changed',
    help: 'torchtune optimizer in backward: each parameter steps and frees its gradient as soon as it is computed (accum:1)', example: 'opt_in_bwd:true',
  },
  {
    key: 'transformers', topic: 'training', field: 'transformers', aliases: ['transformers_version', 'hf_version'], spec: { kind: 'enum', values: TRANSFORMERS_ERAS, synonyms: transformersSynonyms() },
    default: 'latest', applies: BOTH, reportDefault: false, settings: 'changed', defaultNote: 'the current release (4.49 or later)',
    help: 'the Transformers release to follow (e.g. 4.44.2): before 4.45 generate computes every prompt position\'s logits, before 4.49 the loss copies the shifted fp32 logits', example: 'transformers:4.44.2',
  },
  // Preference and RL objectives (src/estimator/objectives.ts): TRL's trainers and their defaults.
  {
    key: 'objective', topic: 'objectives', field: 'objective', aliases: ['trainer', 'algorithm'],
    spec: { kind: 'enum', values: ['sft', 'dpo', 'ipo', 'orpo', 'simpo', 'cpo', 'kto', 'rm', 'grpo', 'ppo'], synonyms: { reward: 'rm', reward_model: 'rm', 'reward-model': 'rm', sequence_classification: 'rm', supervised: 'sft' } },
    default: 'sft', applies: TRAIN, reportDefault: false, settings: 'changed',
    help: 'training objective as TRL runs it: sft, dpo, ipo, orpo, simpo, cpo, kto, rm (reward model), grpo, ppo', example: 'objective:dpo',
  },
  {
    key: 'ref', topic: 'objectives', field: 'ref', aliases: ['reference', 'ref_model'], spec: { kind: 'enum', values: ['model', 'precomputed'], synonyms: { precompute: 'precomputed', precompute_ref_log_probs: 'precomputed', live: 'model' } },
    default: 'model', applies: TRAIN, reportDefault: false, settings: 'changed',
    help: 'dpo/ipo/kto: the reference model kept in memory, or its log-probs precomputed before training (precompute_ref_log_probs)', example: 'ref:precomputed',
  },
  {
    key: 'beta', topic: 'objectives', field: 'beta', aliases: [], spec: { kind: 'float', min: 0, max: 100, nullable: true }, applies: TRAIN, reportDefault: false, settings: 'changed', defaultNote: 'grpo 0 (GRPOConfig.beta: no reference model)',
    help: 'grpo: KL coefficient; above 0 a reference model is loaded (a copy for full fine-tuning)', example: 'beta:0.04',
  },
  {
    key: 'generations', topic: 'objectives', field: 'generations', aliases: ['num_generations'], spec: { kind: 'int', min: 2, max: 4096, nullable: true }, applies: TRAIN, reportDefault: false, settings: 'changed', defaultNote: 'grpo 8 (num_generations)',
    help: 'grpo: completions sampled per prompt (num_generations; must divide batch x gpus x accum)', example: 'generations:4',
  },
  {
    key: 'completion', topic: 'objectives', field: 'completion', aliases: ['max_completion_length', 'response_length', 'completion_len'], spec: { kind: 'int', min: 1, max: 1_048_576, nullable: true }, applies: TRAIN, reportDefault: false, settings: 'changed', defaultNote: 'grpo 512 (max_completion_length), ppo 53 (response_length)',
    help: 'grpo/ppo: tokens generated per completion, on top of the seq prompt tokens', example: 'completion:1024',
  },
  {
    key: 'rollout', topic: 'objectives', field: 'rollout', aliases: ['vllm_mode', 'generator'], spec: { kind: 'enum', values: ['hf', 'vllm', 'server'], synonyms: { colocate: 'vllm', transformers: 'hf', generate: 'hf', remote: 'server' } },
    default: 'hf', applies: TRAIN, reportDefault: false, settings: 'changed',
    help: 'grpo: who generates: hf (model.generate), vllm (colocated: util of the card), server (a vLLM server on other GPUs)', example: 'rollout:vllm',
  },
  {
    key: 'sleep', topic: 'objectives', field: 'sleep', aliases: ['vllm_enable_sleep_mode', 'sleep_mode'], spec: { kind: 'bool' }, default: false, applies: TRAIN, reportDefault: false, settings: 'changed',
    help: 'rollout:vllm: sleep mode releases vLLM\'s weights and KV cache during the training step', example: 'sleep:true',
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
    key: 'engine', topic: 'serving', field: 'engine', aliases: ['server', 'runtime', 'framework', 'trainer_engine'],
    spec: { kind: 'enum', values: ENGINES, synonyms: { transformers: 'hf', generate: 'hf', huggingface: 'hf', trl: 'hf', peft: 'hf', 'llama.cpp': 'llamacpp', 'llama-cpp': 'llamacpp', gguf: 'llamacpp', sgl: 'sglang', 'liger-kernel': 'liger', 'llama-factory': 'llamafactory', llama_factory: 'llamafactory', 'lit-gpt': 'litgpt' } },
    default: 'hf', applies: BOTH, reportDefault: true, settings: 'always',
    help: 'infer: hf (transformers generate), vllm (paged KV pool in util of the card), sglang, llamacpp (GGUF); train: hf, unsloth, liger, torchtune, axolotl, llamafactory, litgpt (each a bundle of switches)', example: 'engine:vllm',
  },
  {
    key: 'util', topic: 'serving', field: 'util', aliases: ['gpu_memory_utilization', 'mem_fraction', 'mem_fraction_static', 'vllm_gpu_memory_utilization'], spec: { kind: 'float', min: 0.05, max: 1, nullable: true },
    applies: BOTH, reportDefault: false, settings: 'changed', defaultNote: 'vllm 0.9; sglang (card - reserve) / card, by card and tp; training with rollout:vllm 0.3 (TRL)',
    help: 'infer: share of the card vLLM (gpu_memory_utilization) or SGLang (mem_fraction_static) takes; grpo rollout:vllm: the colocated vLLM\'s share', example: 'util:0.95',
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
  // Vision-language models (src/estimator/vision.ts): images through the vision tower, their tokens in the sequence.
  {
    key: 'images', topic: 'vision', field: 'images', aliases: ['image', 'num_images', 'images_per_sample'], spec: { kind: 'int', min: 0, max: 256 }, default: 0, applies: BOTH, reportDefault: false, settings: 'changed',
    help: 'VLMs: images per sample (train) or per request (infer); their tokens add to seq/context', example: 'images:1',
  },
  {
    key: 'resolution', topic: 'vision', field: 'resolution', aliases: ['image_size', 'res'], spec: { kind: 'text', maxLength: 12, nullable: true }, applies: BOTH, reportDefault: false, settings: 'changed',
    defaultNote: 'the tower\'s own crop (Qwen2.5-VL, Pixtral: their longest edge)',
    help: 'VLMs: image size in pixels, a side (448) or width x height (1280x720)', example: 'resolution:448',
  },
  {
    key: 'max_pixels', topic: 'vision', field: 'maxPixels', aliases: ['maxpixels'], spec: { kind: 'int', min: 1, max: 100_000_000, nullable: true }, applies: BOTH, reportDefault: false, settings: 'changed',
    defaultNote: 'the processor\'s (Qwen2.5-VL 12,845,056)',
    help: 'Qwen2.5-VL: the image processor\'s max_pixels (smart_resize caps each image at this many pixels)', example: 'max_pixels:802816',
  },
  {
    key: 'vision', topic: 'vision', field: 'vision', aliases: ['vision_tower', 'tower'], spec: { kind: 'enum', values: ['frozen', 'lora', 'full'], synonyms: { freeze: 'frozen', none: 'frozen', train: 'full', false: 'frozen' } },
    default: 'frozen', applies: TRAIN, reportDefault: false, settings: 'changed',
    help: 'VLMs: the vision tower and projector frozen (LLaMA-Factory\'s default), LoRA-adapted (LoRA methods) or fully trained (method:full)', example: 'vision:lora',
  },
  {
    key: 'gpu', topic: 'basics', field: 'gpu', aliases: ['card', 'device'], spec: { kind: 'text', maxLength: 60, nullable: true }, applies: BOTH, reportDefault: false, settings: 'never', discord: 5, autocomplete: 'gpu',
    help: 'a GPU to check the fit against', example: 'gpu:rtx4090', defaultNote: 'none (the common GPUs)', listedBy: 'gpus',
  },
  {
    key: 'margin', topic: 'basics', field: 'margin', aliases: ['headroom', 'safety'], spec: { kind: 'text', maxLength: 16, nullable: true }, applies: BOTH, reportDefault: false, settings: 'changed',
    help: 'size fits with this much over the estimate (GiB or %) instead of the top of its likely range', example: 'margin:10%', defaultNote: 'the top of the likely range',
  },
  // Time and cost (src/estimator/time.ts): how much data the run trains on, and the price of a GPU-hour.
  {
    key: 'tokens', topic: 'time', field: 'datasetTokens', aliases: ['dataset_tokens', 'train_tokens'], spec: { kind: 'int', min: 1, max: 1_000_000_000_000_000, nullable: true }, applies: TRAIN, reportDefault: false, settings: 'changed',
    defaultNote: 'none (time per step and tokens/s only)',
    help: 'training tokens in the dataset (per epoch), for the run time and cost', example: 'tokens:2000000000',
  },
  {
    key: 'samples', topic: 'time', field: 'samples', aliases: ['num_samples', 'examples'], spec: { kind: 'int', min: 1, max: 1_000_000_000_000, nullable: true }, applies: TRAIN, reportDefault: false, settings: 'changed',
    defaultNote: 'none', help: 'training samples in the dataset (each seq tokens), instead of tokens', example: 'samples:50000',
  },
  {
    key: 'epochs', topic: 'time', field: 'epochs', aliases: ['num_train_epochs', 'epoch'], spec: { kind: 'float', min: 0.01, max: 100_000 }, default: 1, applies: TRAIN, reportDefault: false, settings: 'changed',
    help: 'passes over the dataset (HF num_train_epochs)', example: 'epochs:3',
  },
  {
    key: 'price', topic: 'time', field: 'price', aliases: ['usd_per_gpu_hour', 'gpu_hour_price'], spec: { kind: 'float', min: 0, max: 10_000, nullable: true }, applies: BOTH, reportDefault: false, settings: 'changed',
    defaultNote: 'the cheapest sourced on-demand price of the card',
    help: 'US dollars per GPU-hour for the cost', example: 'price:2.49',
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
