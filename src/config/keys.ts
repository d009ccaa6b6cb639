/**
 * The argument keys of the one grammar (`key:value`), their aliases, allowed values and
 * defaults. Slack text, the console, the CLI and Discord's typed options all end up here.
 * The names are fixed: saved presets and other tools depend on them.
 */

export const MODES = ['train', 'infer'] as const;
export const METHODS = ['full', 'lora', 'qlora'] as const;
export const QUANTS = ['none', 'nf4', 'fp4', 'int8'] as const;
export const PRECISIONS = ['bf16', 'fp16', 'fp32', 'mixed'] as const;
export const OPTIMIZERS = ['adamw', 'adamw-fused', 'adamw-8bit', 'paged-adamw-8bit', 'sgd', 'adafactor', 'lion'] as const;
export const GC_MODES = ['false', 'true', 'offload'] as const;
export const ATTENTIONS = ['sdpa', 'flash', 'eager'] as const;
export const LOSSES = ['standard', 'chunked'] as const;
export const SHARDINGS = ['none', 'ddp', 'zero1', 'zero2', 'zero3', 'fsdp'] as const;
export const OFFLOADS = ['none', 'optimizer', 'params'] as const;
export const KV_DTYPES = ['bf16', 'fp16', 'fp32', 'fp8', 'int8'] as const;
export const ADAPTER_DTYPES = ['fp32', 'bf16', 'fp16'] as const;
export const ENGINES = ['hf', 'vllm'] as const;
export const TARGET_NAMES = ['q', 'k', 'v', 'o', 'gate', 'up', 'down', 'head'] as const;
/** Named target sets. `all` = every linear layer of the decoder (PEFT `all-linear`), not lm_head. */
export const TARGET_PRESETS: Readonly<Record<string, readonly (typeof TARGET_NAMES)[number][]>> = {
  all: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'],
  attn: ['q', 'k', 'v', 'o'],
  qv: ['q', 'v'],
  mlp: ['gate', 'up', 'down'],
};

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

export type KeySpec =
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly synonyms?: Readonly<Record<string, string>> }
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'float'; readonly min: number; readonly max: number; readonly maxExclusive?: boolean }
  | { readonly kind: 'bool' }
  | { readonly kind: 'text'; readonly maxLength: number }
  | { readonly kind: 'targets' };

export interface KeyDef {
  /** Canonical key name. */
  readonly key: string;
  readonly aliases: readonly string[];
  readonly spec: KeySpec;
  /** One line for `/vram help`. */
  readonly help: string;
  /** Default as the user would type it (undefined: required or derived). */
  readonly defaultText?: string;
  readonly example: string;
}

const BOOL_SYNONYMS: Readonly<Record<string, string>> = {
  true: 'true', yes: 'true', on: 'true', '1': 'true', y: 'true',
  false: 'false', no: 'false', off: 'false', '0': 'false', n: 'false',
};

/** Every key of the grammar, in the order help lists them. */
export const KEYS: readonly KeyDef[] = [
  { key: 'model', aliases: ['m'], spec: { kind: 'text', maxLength: 200 }, help: 'catalog id, alias or Hub id, or a size like 7b', example: 'model:llama-3.1-8b' },
  { key: 'mode', aliases: [], spec: { kind: 'enum', values: MODES, synonyms: { training: 'train', finetune: 'train', inference: 'infer', serve: 'infer', serving: 'infer' } }, help: 'fine-tuning or serving', defaultText: 'train', example: 'mode:infer' },
  { key: 'method', aliases: [], spec: { kind: 'enum', values: METHODS, synonyms: { 'full-finetune': 'full', fft: 'full' } }, help: 'what is trained', defaultText: 'full', example: 'method:lora' },
  { key: 'lora', aliases: [], spec: { kind: 'bool' }, help: 'shorthand for method:lora', example: 'lora:true' },
  { key: 'qlora', aliases: [], spec: { kind: 'bool' }, help: 'shorthand for method:qlora (4-bit NF4 base)', example: 'qlora:true' },
  { key: 'rank', aliases: ['r', 'lora_rank'], spec: { kind: 'int', min: 1, max: 4096 }, help: 'LoRA rank', defaultText: '16', example: 'rank:64' },
  { key: 'dropout', aliases: ['lora_dropout'], spec: { kind: 'float', min: 0, max: 1, maxExclusive: true }, help: 'LoRA dropout (0 to <1)', defaultText: '0', example: 'dropout:0.05' },
  { key: 'targets', aliases: ['target', 'target_modules'], spec: { kind: 'targets' }, help: 'LoRA targets: all, attn, qv, mlp, or a comma list of q,k,v,o,gate,up,down,head', defaultText: 'all', example: 'targets:q,v' },
  { key: 'quant', aliases: ['quantization', 'bits'], spec: { kind: 'enum', values: QUANTS, synonyms: { '4bit': 'nf4', '4': 'nf4', '8bit': 'int8', '8': 'int8', false: 'none', off: 'none', '16': 'none' } }, help: 'weight quantization of the frozen base', defaultText: 'none (qlora: nf4)', example: 'quant:int8' },
  { key: 'dq', aliases: ['double_quant'], spec: { kind: 'bool' }, help: 'bitsandbytes double quantization', defaultText: 'false', example: 'dq:true' },
  { key: 'upcast', aliases: [], spec: { kind: 'bool' }, help: 'qlora: non-quantized weights in fp32 (prepare_model_for_kbit_training)', defaultText: 'true', example: 'upcast:false' },
  { key: 'precision', aliases: ['dtype', 'p'], spec: { kind: 'enum', values: PRECISIONS, synonyms: { bfloat16: 'bf16', float16: 'fp16', half: 'fp16', float32: 'fp32', amp: 'mixed', 'bf16-mixed': 'mixed', 'fp16-mixed': 'mixed', 'bf16-true': 'bf16' } }, help: 'weight dtype; mixed = fp32 weights + 16-bit autocast', defaultText: 'bf16', example: 'precision:mixed' },
  { key: 'optimizer', aliases: ['optim', 'opt'], spec: { kind: 'enum', values: OPTIMIZERS, synonyms: { adam: 'adamw', adamw_torch: 'adamw', adamw_torch_fused: 'adamw-fused', 'fused-adamw': 'adamw-fused', adamw_8bit: 'adamw-8bit', adamw8bit: 'adamw-8bit', '8bit-adamw': 'adamw-8bit', adamw_bnb_8bit: 'adamw-8bit', paged_adamw_8bit: 'paged-adamw-8bit', 'paged-adamw': 'paged-adamw-8bit' } }, help: 'optimizer', defaultText: 'adamw', example: 'optimizer:adamw-8bit' },
  { key: 'batch', aliases: ['b', 'bs', 'micro_batch', 'batch_size'], spec: { kind: 'int', min: 1, max: 4096 }, help: 'micro-batch size per GPU (infer: concurrent sequences)', defaultText: '1', example: 'batch:4' },
  { key: 'seq', aliases: ['s', 'seq_len', 'seqlen', 'length', 'max_len'], spec: { kind: 'int', min: 1, max: 1_048_576 }, help: 'tokens per training sequence', defaultText: '2048', example: 'seq:4096' },
  { key: 'accum', aliases: ['grad_accum', 'gradient_accumulation', 'ga'], spec: { kind: 'int', min: 1, max: 100_000 }, help: 'gradient-accumulation steps', defaultText: '1', example: 'accum:8' },
  { key: 'gc', aliases: ['checkpointing', 'grad_ckpt', 'gradient_checkpointing'], spec: { kind: 'enum', values: GC_MODES, synonyms: BOOL_SYNONYMS }, help: 'gradient checkpointing: true, false, offload (checkpoints in CPU RAM)', defaultText: 'false', example: 'gc:true' },
  { key: 'attention', aliases: ['attn', 'attn_implementation'], spec: { kind: 'enum', values: ATTENTIONS, synonyms: { flash_attention_2: 'flash', fa2: 'flash', 'flash-attn': 'flash', flash2: 'flash', math: 'eager' } }, help: 'attention kernel', defaultText: 'sdpa', example: 'attention:flash' },
  { key: 'compile', aliases: ['torch_compile'], spec: { kind: 'bool' }, help: 'torch.compile: fused norms and activations keep less for backward', defaultText: 'false', example: 'compile:true' },
  { key: 'loss', aliases: [], spec: { kind: 'enum', values: LOSSES, synonyms: { fused: 'chunked', liger: 'chunked', cce: 'chunked', full: 'standard' } }, help: 'standard (full fp32 logits) or chunked (fused/chunked cross-entropy)', defaultText: 'standard', example: 'loss:chunked' },
  { key: 'gpus', aliases: ['n_gpus', 'num_gpus', 'ngpus', 'count'], spec: { kind: 'int', min: 1, max: 4096 }, help: 'number of GPUs', defaultText: '1', example: 'gpus:8' },
  { key: 'sharding', aliases: ['zero', 'strategy', 'parallel'], spec: { kind: 'enum', values: SHARDINGS, synonyms: { '0': 'ddp', '1': 'zero1', '2': 'zero2', '3': 'zero3', 'zero-1': 'zero1', 'zero-2': 'zero2', 'zero-3': 'zero3', full_shard: 'fsdp', 'fsdp-full': 'fsdp' } }, help: 'multi-GPU memory sharding', defaultText: 'none (ddp when gpus>1)', example: 'sharding:zero3' },
  { key: 'offload', aliases: [], spec: { kind: 'enum', values: OFFLOADS, synonyms: { cpu: 'optimizer', false: 'none', off: 'none', param: 'params', all: 'params' } }, help: 'ZeRO/FSDP CPU offload (params includes the optimizer)', defaultText: 'none', example: 'offload:optimizer' },
  { key: 'context', aliases: ['ctx', 'context_length', 'max_model_len'], spec: { kind: 'int', min: 1, max: 10_000_000 }, help: 'infer: tokens per sequence (prompt + output)', defaultText: '4096', example: 'context:8192' },
  { key: 'kv', aliases: ['kv_dtype', 'kv_cache_dtype'], spec: { kind: 'enum', values: KV_DTYPES, synonyms: { bfloat16: 'bf16', float16: 'fp16', fp8_e4m3: 'fp8', fp8_e5m2: 'fp8', auto: 'bf16' } }, help: 'infer: KV-cache dtype', defaultText: 'bf16', example: 'kv:fp8' },
  { key: 'engine', aliases: ['server', 'runtime'], spec: { kind: 'enum', values: ENGINES, synonyms: { transformers: 'hf', generate: 'hf', huggingface: 'hf' } }, help: 'infer: hf (transformers generate: whole-batch prefill) or vllm (paged KV, chunked prefill, 90% of the card)', defaultText: 'hf', example: 'engine:vllm' },
  { key: 'gpu', aliases: ['card', 'device'], spec: { kind: 'text', maxLength: 60 }, help: 'a GPU from /vram gpus to check the fit against', example: 'gpu:rtx4090' },
  { key: 'adapter_dtype', aliases: ['adapter'], spec: { kind: 'enum', values: ADAPTER_DTYPES, synonyms: { bfloat16: 'bf16', float32: 'fp32', float16: 'fp16' } }, help: 'LoRA adapter weight dtype (PEFT upcasts adapters to fp32 by default)', defaultText: 'fp32', example: 'adapter_dtype:bf16' },
];

/** Lookup from any spelling of a key (canonical or alias, lowercase) to its definition. */
export const KEY_INDEX: ReadonlyMap<string, KeyDef> = new Map(
  KEYS.flatMap((k) => [[k.key, k] as const, ...k.aliases.map((a) => [a, k] as const)]),
);
