/**
 * Maps the published measurements in `calibration/measurements.jsonl` (each with its source and
 * settings; see calibration/SOURCES.md) onto the grammar, and says which statistic each one
 * measured so that like is compared with like. Points that our grammar cannot express are
 * kept with the reason, so the benchmark reports them instead of silently dropping them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Measurement {
  readonly id: string;
  readonly source: string;
  readonly source_ref: string;
  readonly model: string;
  readonly phase: string;
  readonly method: string | null;
  readonly precision: string | null;
  readonly optimizer: string | null;
  readonly micro_batch_size: number | null;
  readonly seq_len: number | null;
  readonly grad_checkpointing: boolean | null;
  readonly quantization: string | null;
  readonly num_gpus: number | null;
  readonly sharding: string | null;
  readonly gpu: string | null;
  readonly measured_what: string;
  readonly value_gib: number | null;
  readonly oom: boolean;
  readonly completeness: string;
  readonly notes: string;
}

/** Which number of the estimate to compare: the one the source measured. */
/** `file`: the checkpoint's size on disk in its format (the reply's download line). */
export type Statistic = 'allocated' | 'reserved' | 'total' | 'load' | 'file';

export type Mapped =
  | { readonly kind: 'point'; readonly m: Measurement; readonly args: string; readonly stat: Statistic; readonly why: string }
  | { readonly kind: 'oom'; readonly m: Measurement; readonly args: string; readonly capacityGiB: number; readonly why: string }
  | { readonly kind: 'unusable'; readonly m: Measurement; readonly why: string };

export function loadMeasurements(dir = join(__dirname, '..', 'calibration')): Measurement[] {
  return readFileSync(join(dir, 'measurements.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Measurement);
}

const num = (id: string): number => Number(id.slice(2));

/** LitGPT quantization flag -> grammar. */
function litQuant(q: string | null): string {
  if (!q) return '';
  if (/4bit.*fp4|default fp4/.test(q)) return ' quant:fp4';
  if (/int8/.test(q)) return ' quant:int8';
  const dq = /double|dq/.test(q) ? ' dq:true' : '';
  return ` quant:nf4${dq}`;
}

/**
 * LitGPT finetune scripts (resource tables, Oct 2023): pure bf16 (`bf16-true`), LoRA r=8,
 * alpha 16, dropout 0.05 on q and v, adapters in bf16, torch AdamW (foreach), SDPA, no upcast of
 * non-quantized weights, peak at the longest Alpaca sample (seq_len of the row),
 * max_memory_allocated.
 *
 * Loss: LitGPT of that era splits lm_head into 128-token chunks and runs cross-entropy per
 * chunk, but keeps every chunk's logits and log-probabilities alive until backward. The
 * measured per-token slopes show that it saves nothing against the full-logits loss: phi-1.5
 * gt059 -> gt062 -> gt063 grows 1.86 MB per token, StableLM gt064 -> gt067 2.33 MB, Llama-2-7B
 * gt069 -> gt072 5.95 MB; the activations alone account for 1.18 / 1.70 / 5.0 MB and the
 * 12 B per logit element of `loss:standard` for the rest (0.61 / 0.61 / 0.38 MB). So these rows
 * map to `loss:standard`, not to the fused `loss:chunked` (Liger-style), which would predict
 * ~0.01 MB per token of loss memory.
 */
function litgptTrain(m: Measurement): string {
  const quant = litQuant(m.quantization);
  const method = quant ? 'qlora' : 'lora';
  const multi = (m.num_gpus ?? 1) > 1 ? ` gpus:${m.num_gpus} sharding:fsdp gc:true` : '';
  // bitsandbytes of Oct 2023 (0.41.x; LitGPT pinned 0.41.0 on 2023-11-09, commit 96666c38): its 4-bit matmul keeps its input (`bnb:0.43.1`).
  return `model:${m.model} method:${method} rank:8 dropout:0.05 targets:q,v adapter_dtype:bf16 precision:bf16 optimizer:adamw batch:${m.micro_batch_size} seq:${m.seq_len} attention:sdpa loss:standard${quant}${quant ? ' upcast:false bnb:0.41.1' : ''}${multi}`;
}

/** LitGPT generate: a short prompt plus up to ~100 new tokens, batch 1. */
function litgptInfer(m: Measurement): string {
  const prec = /mixed/.test(m.precision ?? '') ? 'mixed' : 'bf16';
  return `model:${m.model} mode:infer precision:${prec} batch:1 context:128 attention:sdpa${litQuant(m.quantization)}`;
}

/**
 * The weight-format rows (calibration/SOURCES.md, "Weight formats"): each row's settings in the
 * grammar. Qwen's speed benchmarks: HF generate with flash attention, batch 1, the prompt plus 2048
 * generated tokens as `context` with `output:2048` (one prefill of the prompt, then 2048 decode
 * steps), fp16 for AWQ/GPTQ (their kernels' dtype), bf16 for FP8.
 */
const qwenBench = (model: string, ctx: number, quant: string, precision: string): string =>
  `model:${model} mode:infer engine:hf batch:1 context:${ctx} output:2048 attention:flash precision:${precision} quant:${quant}`;
const FORMAT_POINTS: Readonly<Record<string, { readonly args: string; readonly stat: Statistic; readonly why: string }>> = {
  gt300: { args: 'model:llama-2-7b mode:infer engine:llamacpp quant:q4_0', stat: 'file', why: 'llama-bench model size: the GGUF file, tensor by tensor' },
  gt301: { args: 'model:llama-2-13b mode:infer engine:llamacpp quant:q4_0', stat: 'file', why: 'llama-bench model size: the GGUF file, tensor by tensor' },
  gt302: { args: 'model:qwen-2.5-7b mode:infer engine:llamacpp quant:q4_k_m', stat: 'file', why: 'llama-bench model size: Q4_K_M mixes Q6_K into attn_v/ffn_down' },
  gt303: { args: qwenBench('qwen-2.5-7b', 2049, 'gptq-int4', 'fp16'), stat: 'allocated', why: 'Qwen2.5 speed benchmark, AutoGPTQ, input 1 + 2048 generated' },
  gt304: { args: qwenBench('qwen-2.5-7b', 2049, 'gptq-int8', 'fp16'), stat: 'allocated', why: 'Qwen2.5 speed benchmark, AutoGPTQ int8, input 1' },
  gt305: { args: qwenBench('qwen-2.5-7b', 2049, 'awq-int4', 'fp16'), stat: 'allocated', why: 'Qwen2.5 speed benchmark, AutoAWQ, input 1' },
  gt306: { args: qwenBench('qwen-2.5-7b', 8192, 'gptq-int4', 'fp16'), stat: 'allocated', why: 'Qwen2.5 speed benchmark, AutoGPTQ, input 6144' },
  gt307: { args: qwenBench('qwen-2.5-7b', 8192, 'gptq-int8', 'fp16'), stat: 'allocated', why: 'Qwen2.5 speed benchmark, AutoGPTQ int8, input 6144' },
  gt308: { args: qwenBench('qwen-2.5-7b', 8192, 'awq-int4', 'fp16'), stat: 'allocated', why: 'Qwen2.5 speed benchmark, AutoAWQ, input 6144' },
  gt309: { args: qwenBench('qwen-2.5-32b', 2049, 'gptq-int4', 'fp16'), stat: 'allocated', why: 'Qwen2.5 speed benchmark, 32B AutoGPTQ, input 1' },
  gt310: { args: qwenBench('qwen-2.5-32b', 2049, 'awq-int4', 'fp16'), stat: 'allocated', why: 'Qwen2.5 speed benchmark, 32B AutoAWQ, input 1' },
  gt311: { args: qwenBench('qwen-3-8b', 2049, 'fp8-block', 'bf16'), stat: 'allocated', why: 'Qwen3 speed benchmark (H20), block FP8, input 1' },
  gt312: { args: qwenBench('qwen-3-8b', 8192, 'fp8-block', 'bf16'), stat: 'allocated', why: 'Qwen3 speed benchmark, block FP8, input 6144' },
  gt313: { args: qwenBench('qwen-3-8b', 2049, 'awq-int4', 'fp16'), stat: 'allocated', why: 'Qwen3 speed benchmark, AWQ, input 1' },
  gt314: { args: qwenBench('qwen-3-8b', 8192, 'awq-int4', 'fp16'), stat: 'allocated', why: 'Qwen3 speed benchmark, AWQ, input 6144' },
  gt315: { args: qwenBench('qwen-3-32b', 2049, 'fp8-block', 'bf16'), stat: 'allocated', why: 'Qwen3 speed benchmark, 32B block FP8, input 1' },
  gt316: { args: qwenBench('qwen-3-32b', 2049, 'awq-int4', 'fp16'), stat: 'allocated', why: 'Qwen3 speed benchmark, 32B AWQ, input 1' },
  gt317: { args: qwenBench('qwen-3-30b-a3b', 2049, 'fp8-block', 'bf16'), stat: 'allocated', why: 'Qwen3 speed benchmark, 30B-A3B MoE block FP8, input 1' },
  gt318: { args: 'model:gpt-oss-20b mode:infer engine:vllm quant:mxfp4 context:4096', stat: 'load', why: 'vLLM "Model loading took" (Marlin padding of the MXFP4 experts on Ampere not modelled)' },
};

/**
 * The grammar line of an Unsloth README max-context row (gt450-gt462, Jan 2025): QLoRA rank 32 on
 * all linears, batch 1, padded to the length; the Unsloth column with Unsloth's switches of the day
 * (its kernels, offloaded checkpointing, no fp32 upcast, a fused loss: Cut Cross-Entropy then; its
 * notebooks' adamw_8bit), the Hugging Face + FA2 column with checkpointing and the Transformers of
 * the day (4.48).
 */
export function maxFitArgs(m: Measurement): string {
  const base = `model:llama-3.1-8b method:qlora rank:32 targets:all batch:1 attention:flash seq:${m.seq_len ?? 0}`;
  // Jan 2025 predates unsloth_fused_ce_loss (unsloth-zoo, Aug 2025): Unsloth then used Cut Cross-Entropy, the generic
  // fused loss; so its switches are typed one by one rather than `engine:unsloth`, whose loss is today's chunked fused CE.
  return /Unsloth column/.test(m.notes ?? '') ? `${base} kernels:unsloth gc:offload loss:fused upcast:false optimizer:adamw-8bit` : `${base} gc:true transformers:4.48 optimizer:adamw`;
}

/**
 * Vision-language models (gt550-gt599; calibration/SOURCES.md "Vision-language models"): ms-swift's
 * example scripts with their memory comments (its logged memory(GiB) is max_memory_reserved).
 */
function vlmMeasurement(m: Measurement, i: number): Mapped {
  const swift = 'model:qwen-2.5-vl-7b lora:true rank:8 gc:true images:1 max_pixels:1003520 precision:bf16 optimizer:adamw attention:sdpa';
  if (i === 550) return { kind: 'point', m, stat: 'reserved', args: `${swift} resolution:640x480 seq:80`, why: 'ms-swift caption example: a COCO image (640x480 assumed: 393 image tokens) + ~80 text tokens' };
  if (i === 551) return { kind: 'point', m, stat: 'reserved', args: `${swift} resolution:400x100 seq:80`, why: 'ms-swift OCR example: a small handwritten-formula crop (400x100 assumed: 56 image tokens) + ~80 text tokens' };
  if (i >= 552 && i <= 555) return { kind: 'unusable', m, why: 'video inputs (frames through the Qwen2.5-VL tower) and padding-free packing are not in the grammar; kept for the tower-checkpointing deltas' };
  if (i === 556) return { kind: 'unusable', m, why: 'LoRA on the language model with a fully trained tower (ms-swift lora_llm): vision:full needs method:full in the grammar' };
  return { kind: 'unusable', m, why: 'vision-language measurement not mapped' };
}

export function mapMeasurement(m: Measurement): Mapped {
  // PEFT's FSDP + QLoRA example (gt604 with CPU offload, gt605 without): Llama-2-70B on 2 GPUs.
  if (m.id === 'gt604' || m.id === 'gt605') {
    const offload = m.id === 'gt604' ? ' offload:params' : '';
    return { kind: 'point', m, args: `model:llama-2-70b method:qlora rank:8 dropout:0.1 dq:true upcast:false precision:bf16 batch:2 seq:2048 accum:2 gc:true attention:flash gpus:2 sharding:fsdp${offload}`, stat: 'total', why: "PEFT docs: memory per GPU as a monitor shows it" };
  }
  // LitGPT config hub, 1x A10G (gt600-gt603): litgpt/finetune/lora.py with its config's settings, bitsandbytes 0.42.0 (pinned then).
  if (/^gt60[0-3]$/.test(m.id)) {
    const q = m.method === 'qlora' ? ' method:qlora quant:nf4 upcast:false bnb:0.42.0' : ' method:lora';
    return { kind: 'point', m, args: `model:${m.id <= 'gt601' ? 'llama-3.1-8b' : 'llama-3-8b'}${q} rank:32 dropout:0.05 targets:q,v precision:bf16 engine:litgpt batch:${m.micro_batch_size} seq:512 attention:sdpa`, stat: 'allocated', why: 'LitGPT config hub: max_memory_allocated / 1e9 over the run' };
  }
  const i = num(m.id);
  const format = FORMAT_POINTS[m.id];
  if (format) return { kind: 'point', m, ...format };
  if (i >= 550 && i <= 599) return vlmMeasurement(m, i);
  // PEFT's MetaMathQA method comparison (calibration/SOURCES.md, PEFT methods): their trainable counts are checked in test/estimator/peft.test.ts.
  if (i >= 500 && i <= 549) return { kind: 'unusable', m, why: 'PEFT MetaMathQA benchmark: variable-length batches (longest not stated) and the max reserved includes evaluation generation at batch 50; the trainable counts are checked in test/estimator/peft.test.ts' };
  if (i <= 11) return { kind: 'unusable', m, why: 'BERT encoder (not a decoder LLM); CUDA-context point is an eager-loading figure (constants.ts cites it)' };
  if (i >= 12 && i <= 20) return { kind: 'unusable', m, why: 'torchtune alpaca run with unstated sequence lengths and partly stated settings' };
  if (i >= 21 && i <= 28) return { kind: 'unusable', m, why: 'torch.compile on (not modelled) and the statistic is not named' };
  if (i === 29) return { kind: 'unusable', m, why: 'unpacked variable-length batches: the peak length is not stated' };
  if (i === 30) {
    return {
      kind: 'point', m, stat: 'allocated',
      args: 'model:llama-3.2-3b method:full precision:bf16 optimizer:adamw-fused batch:2 seq:4096 gc:false attention:sdpa loss:standard',
      why: 'torchtune 3B_full_single_device: pure bf16, fused AdamW, packed 4096, no compile/AC; peak active bytes',
    };
  }
  if (i >= 31 && i <= 33) {
    const ladder = 'model:llama-3.2-3b method:full precision:bf16 optimizer:adamw-fused batch:2 seq:4096 attention:sdpa compile:true';
    const args = i === 31 ? `${ladder} loss:standard gc:false` : i === 32 ? `${ladder} loss:chunked gc:false` : `${ladder} loss:chunked gc:true`;
    return {
      kind: 'point', m, stat: 'allocated', args,
      why: i === 32
        ? 'torchtune ladder + compile + CEWithChunkedOutputLoss (keeps all 8 chunks of bf16 logits, ~2 B per logit element more than the fused loss of loss:chunked)'
        : 'torchtune ladder, cumulative rows: packed 4096, compile, chunked CE, activation checkpointing; peak active bytes',
    };
  }
  if (i >= 34 && i <= 37) {
    // The torchtune ladder continued: opt_in_bwd (gt034), + act_offload (gt035), + bnb 8-bit AdamW (gt036); LoRA with the same flags but no opt_in_bwd (gt037, 3B_lora_single_device: q, v, output_proj + MLP, rank 64, adapters in bf16).
    const ladder = 'model:llama-3.2-3b precision:bf16 batch:2 seq:4096 attention:sdpa compile:true loss:chunked gc:true';
    const args = i === 34 ? `${ladder} method:full optimizer:adamw-fused opt_in_bwd:true`
      : i === 35 ? `${ladder} method:full optimizer:adamw-fused opt_in_bwd:true act_offload:true`
        : i === 36 ? `${ladder} method:full optimizer:adamw-8bit opt_in_bwd:true act_offload:true`
          : `${ladder} method:lora rank:64 targets:q,v,o,gate,up,down adapter_dtype:bf16 optimizer:adamw-fused act_offload:true`;
    return { kind: 'point', m, stat: 'allocated', args, why: 'torchtune ladder, cumulative rows: optimizer in backward, activation offloading, 8-bit AdamW; LoRA; peak active bytes' };
  }
  if (i >= 38 && i <= 42) return { kind: 'unusable', m, why: i === 38 ? 'torchao NF4 QLoRA (torchtune\'s own NF4 tensor, not bitsandbytes)' : 'torchtune alpaca run with unstated sequence lengths' };
  if (i === 400) {
    // TRL GRPO quickstart (PR #5759): GRPOConfig defaults, max_completion_length 1024; the prompt length is not stated (seq:256 assumed).
    return { kind: 'point', m, stat: 'total', args: 'model:qwen-2.5-0.5b objective:grpo completion:1024 seq:256', why: 'TRL GRPO quickstart on one A100 (defaults: float32 load + bf16 autocast, batch 8, 8 generations, beta 0, HF generate); "~32 GB peak", statistic and prompt length not stated' };
  }
  if (i === 401) return { kind: 'unusable', m, why: 'DPO OOM with the TRL of March 2025 (pre-rewrite DPOTrainer: full log_softmax, not the selective_log_softmax modelled); padded lengths not stated' };
  if (i >= 450 && i <= 462) return { kind: 'unusable', m, why: 'a bound, not a point: the longest context that fit on the card (Unsloth README); checked against the card in test/estimator/engines.test.ts with maxFitArgs' };
  if (i === 43) {
    return { kind: 'point', m, stat: 'load', args: 'model:llama-3.1-8b mode:infer quant:nf4 dq:true precision:bf16', why: 'torchao NF4 (block 64, scaler block 256 = double quant) right after init: weights only' };
  }
  if (i >= 44 && i <= 50) return { kind: 'unusable', m, why: 'encoder-decoder (T0/mt0) or BLOOM (not in catalog); example-script tracker with unstated settings' };
  if (i >= 91 && i <= 102) {
    return {
      kind: 'unusable', m,
      why: 'LitGPT FSDP rows: the peak is the end-of-run FULL_STATE_DICT save without CPU offload (every rank gathers the whole model: ~1.1 x W x (1 + 1/N), flat in micro-batch), not training; the HF/accelerate path gathers to CPU',
    };
  }
  if (i >= 59 && i <= 90) {
    if (m.method === 'adapter' || m.method === 'adapter_v2') return { kind: 'unusable', m, why: 'LLaMA-Adapter methods are not in the grammar' };
    const args = litgptTrain(m);
    if (m.oom) return { kind: 'oom', m, args, capacityGiB: 40960 / 1024, why: 'LitGPT reports OOM on an A100 40GB' };
    return { kind: 'point', m, args, stat: 'allocated', why: 'LitGPT resource table: max_memory_allocated at the longest Alpaca sample' };
  }
  if (i >= 103 && i <= 119) return { kind: 'point', m, args: litgptInfer(m), stat: 'allocated', why: 'LitGPT generate: weights + a small KV cache' };
  if (i >= 120 && i <= 136) {
    if (i === 132) {
      return {
        kind: 'point', m, stat: 'allocated',
        args: 'model:stablelm-base-alpha-3b method:lora rank:8 dropout:0.05 targets:q,v adapter_dtype:fp32 precision:mixed optimizer:adamw batch:1 seq:1034 loss:standard',
        why: 'LitGPT bf16-mixed: fp32 weights + autocast, longest sample 1034',
      };
    }
    if (i === 133 || i === 134) return { kind: 'point', m, args: litgptInfer(m), stat: 'allocated', why: 'LitGPT generate with bf16-mixed (fp32 weights)' };
    return { kind: 'unusable', m, why: 'older LitGPT scripts: sequence handling differs between versions (see notes)' };
  }
  if (i === 187) return { kind: 'point', m, stat: 'allocated', args: 'model:bigcode/octocoder mode:infer precision:bf16 batch:1 context:80', why: 'HF pipeline, short prompt + 60 new tokens' };
  if (i === 188) return { kind: 'point', m, stat: 'allocated', args: 'model:bigcode/octocoder mode:infer precision:bf16 quant:int8 batch:1 context:80', why: 'LLM.int8 weights' };
  if (i === 189) return { kind: 'point', m, stat: 'allocated', args: 'model:bigcode/octocoder mode:infer precision:bf16 quant:fp4 batch:1 context:80', why: 'bnb 4-bit (fp4 default)' };
  if (i === 190 || i === 191) return { kind: 'unusable', m, why: 'prompt length only described as "10x system prompt" (several thousand tokens)' };
  return { kind: 'unusable', m, why: 'pipeline/tensor parallel pretraining (Megatron) is out of scope' };
}

// ─── serving measurements (calibration/serving.jsonl) ─────────────────────────────────────

/**
 * A published serving measurement: one number an engine logged at start-up (vLLM "GPU KV cache
 * size", "# GPU blocks", "model weights take", "PyTorch activation peak memory"; SGLang's derived
 * `mem_fraction_static`; llama.cpp "KV self size", "CUDA0 compute buffer size", the model buffers),
 * with the exact settings as a grammar line. `arch` describes a model outside the catalog by a
 * catalog template and the config fields that differ. `use: outlier` rows are reported but left out
 * of the summary, with the reason in `notes`.
 */
export interface ServingMeasurement {
  readonly id: string;
  readonly engine: 'vllm' | 'sglang' | 'llamacpp' | 'hf';
  readonly engine_version: string;
  readonly source: string;
  readonly source_ref: string;
  readonly model: string;
  readonly gpu: string;
  /** The card's total as the engine logged it (torch.cuda.mem_get_info), when it differs from the catalog's nvidia-smi figure. */
  readonly gpu_total_gib: number | null;
  readonly arch?: Readonly<Record<string, string | number | boolean>> & { readonly template: string };
  readonly args: string;
  readonly stat: ServingStat;
  readonly value: number;
  readonly unit: string;
  readonly use: 'check' | 'outlier';
  readonly notes: string;
}

export type ServingStat =
  | 'kv_pool_gib' | 'kv_tokens' | 'max_concurrency' | 'weights_gib' | 'activation_gib'
  | 'mem_fraction_static' | 'llamacpp_kv_mib' | 'llamacpp_compute_mib' | 'llamacpp_gpu_weights_mib' | 'llamacpp_cpu_weights_mib';

export function loadServingMeasurements(dir = join(__dirname, '..', 'calibration')): ServingMeasurement[] {
  return readFileSync(join(dir, 'serving.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ServingMeasurement);
}

/** Mode and engine of a training/inference point of measurements.jsonl, from its grammar line. */
export function modeOf(args: string): { mode: 'train' | 'infer'; engine: string } {
  const mode = /\bmode:infer\b/.test(args) ? 'infer' : 'train';
  const engine = /\bengine:(\w+)/.exec(args)?.[1] ?? (mode === 'infer' ? 'hf' : '-');
  return { mode, engine };
}
