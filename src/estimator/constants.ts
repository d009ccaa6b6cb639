/**
 * Every constant of the estimator, with where it comes from. Measurements are cited by their
 * id in `calibration/measurements.jsonl` (gtNNN) or `calibration/kernels.jsonl` (hfkNNN).
 */

import { GiB, MiB } from '../format/units';

/** Bytes per element of each dtype (IEEE sizes). */
export const DTYPE_BYTES = {
  fp32: 4, bf16: 2, fp16: 2, fp8: 1, int8: 1,
  /** GGUF Q8_0: blocks of 32 values, an fp16 scale + 32 int8 = 34 B per 32 (ggml-common.h `block_q8_0`). */
  q8_0: 34 / 32,
  /** GGUF Q4_0: blocks of 32 values, an fp16 scale + 16 B of nibbles = 18 B per 32 (ggml-common.h `block_q4_0`). */
  q4_0: 18 / 32,
} as const;

/**
 * bitsandbytes NF4/FP4 storage: 4 bits per weight (0.5 B) plus one fp32 absmax per block of
 * 64 weights (bnb `quantize_4bit` blocksize=64 default): 4/64 = 0.0625 B/param.
 * Source: bitsandbytes functional.quantize_4bit; QLoRA paper (Dettmers et al. 2023, sec. 3).
 */
export const NF4_BYTES_PER_PARAM = 0.5;
export const NF4_ABSMAX_BYTES_PER_PARAM = 4 / 64;
/**
 * Double quantization: the absmax values are themselves quantized to 8 bits (1 B per 64
 * weights) with one fp32 scale per 256 absmax values (4 B per 16,384 weights):
 * 1/64 + 4/16384 = 0.01587 B/param. Source: QLoRA paper sec. 3 ("0.127 bits per parameter").
 */
export const NF4_DQ_ABSMAX_BYTES_PER_PARAM = 1 / 64 + 4 / (64 * 256);
/** LLM.int8: 1 B per weight plus an fp32 scale per output row (bnb `Int8Params` SCB). Source: bitsandbytes Linear8bitLt. */
export const INT8_BYTES_PER_PARAM = 1;
export const INT8_ROW_SCALE_BYTES = 4;

/**
 * bitsandbytes 8-bit optimizers: 1 B per state element plus one fp32 absmax per block of 256
 * (blockwise quantization, block size 256 in bnb's optimizer kernels). Tensors smaller than
 * `min_8bit_size` = 4096 elements keep 32-bit states. Source: bitsandbytes optim.Optimizer8bit
 * (`min_8bit_size=4096`), Dettmers et al. 2022 "8-bit Optimizers via Block-wise Quantization".
 */
export const BNB8_STATE_BYTES = 1 + 4 / 256;
export const BNB8_MIN_SIZE = 4096;

/**
 * The CUDA context plus kernel images and library handles: visible in nvidia-smi, invisible to
 * torch.cuda.memory_allocated/reserved. gt001 measured 1,343 MiB on a V100 with CUDA 11 eager
 * module loading; PyTorch >= 1.13 with CUDA >= 11.7 loads modules lazily
 * (CUDA_MODULE_LOADING=LAZY is the default), which brings it to about 500 MiB on Ampere/Hopper
 * cards (PyTorch docs, "CUDA semantics: lazy loading"). We use the lazy figure and name gt001's
 * as the upper bound in the assumptions.
 */
export const CUDA_CONTEXT_BYTES = 500 * MiB;
/** Context size under eager module loading (gt001, V100, CUDA 11). */
export const CUDA_CONTEXT_EAGER_BYTES = 1343 * MiB;

/**
 * cuBLAS/cuBLASLt workspace, allocated through PyTorch's caching allocator (so it is in
 * memory_allocated): CUBLAS_WORKSPACE_CONFIG default ":4096:8" on Hopper = 8 x 4 MiB = 32 MiB
 * per handle (PyTorch `getChosenWorkspaceSize`, CUDA docs "cuBLAS workspace").
 */
export const CUBLAS_WORKSPACE_BYTES = 32 * MiB;

/**
 * Caching-allocator slack: reserved minus allocated. Tensors freed during forward/backward
 * leave cached blocks that later, differently sized requests cannot always reuse (blocks
 * above 1 MiB are rounded to 2 MiB and split; oversize blocks are not split). The slack
 * scales with the bytes that churn (activations, logits, workspaces), not with resident
 * weights and optimizer states, which are allocated once. Cached blocks are not released during
 * a step, so the reserved peak is the largest (allocated + slack) over the phases. No measurement in calibration/
 * pairs allocated with reserved for one run, so this is an assumption (8% of the churning
 * bytes) until a device run records both (scripts/measure_peak.py does).
 */
export const ALLOCATOR_SLACK_FRACTION = 0.08;

/**
 * HF ForCausalLMLoss: `logits.float()` then cross_entropy = log_softmax + nll_loss.
 * Forward, at the loss: the 16-bit logits (held by the model output), their fp32 copy and the
 * fp32 log_softmax output are alive at once. Backward start: the saved log_softmax output,
 * the fp32 gradient from nll_loss and the fp32 gradient of log_softmax: 3 x 4 B.
 * hfk044 (TRL, vocab 248,320, 16,384 tokens, bf16 head) measured 47.55 GB, i.e. 11.2 B per
 * logit element after the head's weight and gradient: our 12 B is 7% above, on the safe side.
 */
export const LOSS_FP32_TENSORS_FORWARD = 2;
export const LOSS_FP32_TENSORS_BACKWARD = 3;

/**
 * Chunked/fused linear cross-entropy (Liger `LigerFusedLinearCrossEntropyLoss`): logits exist
 * only for one chunk of tokens at a time, chunk = next_pow2(ceil(tokens / ceil(V / h))),
 * held in the compute dtype with an fp32 softmax/gradient in place; the gradient of the hidden
 * states is accumulated in fp32 for all tokens and cast back. Source: Liger-Kernel
 * ops/fused_linear_cross_entropy.py; the per-token slope of hfk007-hfk010 (13.8 B x h per token,
 * of which 2h is the input itself) fixes the 4 + 2 B x h per token of the accumulation buffers.
 */
export const CHUNKED_LOSS_HIDDEN_BYTES_PER_TOKEN_PER_H = 4 + 2;

/**
 * Host RAM of the training process before any model bytes: Python, PyTorch with its CUDA
 * libraries mapped, tokenizer and dataloader. About 3 GiB RSS for a `import torch,
 * transformers` process with CUDA initialised (PyTorch forum reports; torch's CUDA libraries
 * alone are ~2 GB of shared objects). An assumption, stated as such in every reply.
 */
export const HOST_PROCESS_BYTES = 3 * GiB;
/**
 * Hugging Face checkpoints are sharded at `max_shard_size="5GB"` by default
 * (transformers `save_pretrained`); loading with safetensors maps one shard at a time.
 */
export const HF_SHARD_BYTES = 5e9;

/**
 * DeepSpeed/HF "auto" bucket sizes: reduce_bucket_size = hidden^2 elements,
 * stage3_prefetch_bucket_size = 0.9 x hidden^2 (transformers integrations/deepspeed.py
 * `fill_match("zero_optimization.reduce_bucket_size", hidden_size * hidden_size)`).
 */
export const ZERO_REDUCE_BUCKET_PER_H2 = 1;
export const ZERO3_PREFETCH_BUCKET_PER_H2 = 0.9;

/**
 * Units FSDP/ZeRO-3 keeps gathered at once: the one computing plus the one prefetched.
 * Source: PyTorch FSDP `limit_all_gathers=True` (the default since 2.1) rate-limits the CPU
 * thread to at most two in-flight all-gathers ("FullyShardedDataParallel" API docs); DeepSpeed
 * ZeRO-3 prefetches the next parameters up to `stage3_prefetch_bucket_size` while one runs.
 */
export const FSDP_UNITS_IN_FLIGHT = 2;

/**
 * vLLM (engine:vllm). The engine pre-allocates `gpu_memory_utilization` (default 0.9) of the
 * card for weights, activations and KV-cache blocks; it prefills in chunks of at most
 * `max_num_batched_tokens` (V1 engine default for the OpenAI server: 8192); KV is paged in
 * blocks of 16 tokens; CUDA graphs for decode take about half a GiB on 7-8B models ("Graph
 * capturing finished ..., took 0.5x GiB" in vLLM start-up logs). Source: vLLM docs, "Engine
 * arguments" and "Optimization and tuning".
 */
export const VLLM_GPU_MEMORY_UTILIZATION = 0.9;
export const VLLM_MAX_NUM_BATCHED_TOKENS = 8192;
export const VLLM_BLOCK_TOKENS = 16;
export const VLLM_CUDA_GRAPH_BYTES = 0.5 * GiB;
