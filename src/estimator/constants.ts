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
 * vLLM (engine:vllm), V1 engine. `gpu_memory_utilization` default 0.9 (vllm/config/cache.py
 * `CacheConfig.gpu_memory_utilization`). The worker takes `requested_memory = total x util` at
 * init (vllm/v1/worker/gpu_worker.py `Worker.init_device`, after the CUDA context and NCCL exist)
 * and sizes the KV pool in `determine_available_memory` as `requested_memory -
 * non_kv_cache_memory`, where `non_kv_cache_memory = weights + torch_peak_increase (profile run)
 * + non_torch_increase` (vllm/utils/mem_utils.py `memory_profiling`).
 */
export const VLLM_GPU_MEMORY_UTILIZATION = 0.9;
/**
 * `max_num_batched_tokens` of the OpenAI server (`vllm serve`) on a card with >= 70 GiB that is
 * not an A100 (H100, H200, MI300X): 8192; and its `max_num_seqs` there: 1024. Every other card:
 * 2048 tokens and 256 sequences. (The `LLM` class uses 16384 / 8192 tokens; we model the server.)
 * Source: vllm/engine/arg_utils.py `EngineArgs.get_batch_defaults` (the A100 exclusion cites
 * vLLM PR #17885). With no card named, the estimate assumes the large-card pair.
 */
export const VLLM_MAX_NUM_BATCHED_TOKENS = 8192;
export const VLLM_MAX_NUM_SEQS_LARGE = 1024;
export const VLLM_MAX_NUM_BATCHED_TOKENS_SMALL = 2048;
export const VLLM_MAX_NUM_SEQS_SMALL = 256;
/** The card memory (GiB, as the driver reports it) from which the larger defaults apply (arg_utils.py `device_memory >= 70 * GiB_bytes`). */
export const VLLM_LARGE_CARD_BYTES = 70 * GiB;
/** KV blocks of 16 tokens (vllm/config/cache.py `CacheConfig.block_size` default on CUDA). */
export const VLLM_BLOCK_TOKENS = 16;
/**
 * CUDA graphs of the default capture list (51 piecewise sizes up to 512 + 35 full decode sizes up
 * to 256 = 86 graphs): about half a GiB for small and mid-size dense models. Published V1 logs:
 * "Graph capturing finished in 3 secs, took 0.46 GiB" (Qwen3-0.6B, v0.19.1, PIECEWISE=51,
 * FULL=35), "took 0.65 GiB" (v0.18, 86 graphs), "Estimated CUDA graph memory: 0.55 GiB total"
 * (gpu_model_runner.py `profile_cudagraph_memory`). The memory is measured by
 * gpu_model_runner.py `capture_model` as free memory before minus after capture.
 * By default the graphs are captured after the KV pool is allocated and are not subtracted from
 * it (vllm/envs.py `VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS` default "0"): they come out of the
 * (1 - util) headroom. We scale the half GiB with the number of graphs captured.
 */
export const VLLM_CUDA_GRAPH_BYTES = 0.5 * GiB;
/** Graphs in the default capture list that {@link VLLM_CUDA_GRAPH_BYTES} was measured with (51 piecewise + 35 full). */
export const VLLM_CUDA_GRAPH_DEFAULT_COUNT = 86;
/**
 * Largest piecewise capture size: `min(max_num_seqs x 2, 512)`; sizes are [1, 2, 4] +
 * range(8, 256, 8) + range(256, max + 1, 16) (vllm/config/vllm.py `_set_cudagraph_sizes`); full
 * decode graphs are captured up to `max_num_seqs` (logs: "PIECEWISE=51 (largest=512), FULL=35
 * (largest=256)" with 256 sequences; "PIECEWISE=4 (largest=8), FULL=3 (largest=4)" with 4).
 */
export const VLLM_MAX_CUDA_GRAPH_SIZE = 512;
/**
 * The profile run's sampler pass: `_dummy_sampler_run` computes logits for
 * `min(max_num_seqs, max_num_batched_tokens)` dummy requests and runs the sampler with top-k and
 * top-p on (vllm/v1/worker/gpu_model_runner.py `profile_run`, `_dummy_sampler_run`; its OOM
 * message asks to lower `max_num_seqs`). Per logit: the model-dtype logits (2 B), their fp32 copy
 * (4, v1/sample/sampler.py `Sampler.forward`), the fp32 probabilities (4) and the exponential
 * noise of `random_sample` (4, `q = torch.empty_like(probs).exponential_()`); top-k/top-p run in
 * the Triton pivot kernel for 8 requests or more, without a sort (v1/sample/ops/topk_topp_sampler.py
 * `apply_top_k_top_p`; the older PyTorch sort path adds 12 B of values and int64 indices).
 */
export const VLLM_SAMPLER_BYTES_PER_LOGIT = 2 + 4 + 4 + 4;

/**
 * SGLang `mem_fraction_static` default: `(gpu_mem - reserved) / gpu_mem` (MiB), reserved = 512
 * + max(chunked_prefill_size, 2048) x 1.5 + cuda_graph_max_bs x 2 + tp x pp / 8 x 1024, at
 * least 10 GiB on cards over 60 GiB (python/sglang/srt/server_args.py
 * `ServerArgs._handle_gpu_memory_settings`). Its docstring: mem_fraction_static = (weights + KV
 * pool) / GPU memory; activations and CUDA graph buffers live in the rest.
 */
export const SGLANG_RESERVED_BASE_MIB = 512;
export const SGLANG_RESERVED_PER_PREFILL_TOKEN_MIB = 1.5;
export const SGLANG_RESERVED_PER_GRAPH_BS_MIB = 2;
export const SGLANG_RESERVED_PER_GPU_MIB = 1024 / 8;
export const SGLANG_RESERVED_FLOOR_LARGE_MIB = 10 * 1024;
/**
 * SGLang `chunked_prefill_size` and `cuda_graph_max_bs` by GPU memory (MiB) and tp (server_args.py
 * `_handle_gpu_memory_settings`): < 20 GiB: 2048 / 8; < 35 GiB: 2048 / 24 (80 with tp >= 4);
 * < 60 GiB: 4096 / 32 (160); < 90 GiB: 8192 / 256 (512); < 160 GiB: 8192 / 256 (512); larger:
 * 16384 / 512. Unknown card: 4096 / 160 and mem_fraction_static 0.88.
 */
export const SGLANG_TIERS: readonly { readonly belowMiB: number; readonly chunk: number; readonly graphBs: number; readonly graphBsTp4: number }[] = [
  { belowMiB: 20 * 1024, chunk: 2048, graphBs: 8, graphBsTp4: 8 },
  { belowMiB: 35 * 1024, chunk: 2048, graphBs: 24, graphBsTp4: 80 },
  { belowMiB: 60 * 1024, chunk: 4096, graphBs: 32, graphBsTp4: 160 },
  { belowMiB: 90 * 1024, chunk: 8192, graphBs: 256, graphBsTp4: 512 },
  { belowMiB: 160 * 1024, chunk: 8192, graphBs: 256, graphBsTp4: 512 },
  { belowMiB: Infinity, chunk: 16384, graphBs: 512, graphBsTp4: 512 },
];
export const SGLANG_UNKNOWN_CARD = { chunk: 4096, graphBs: 160, memFractionStatic: 0.88 } as const;
/**
 * SGLang's concurrency cap when `max_running_requests` is not set: the request pool holds
 * min(max(tokens / context_len x 512, 2048), 4096) requests
 * (python/sglang/srt/model_executor/model_runner.py `init_memory_pool`).
 */
export const SGLANG_REQ_POOL_MIN = 2048;
export const SGLANG_REQ_POOL_MAX = 4096;

/**
 * llama.cpp (engine:llamacpp): `n_ubatch` default 512 and `n_batch` 2048
 * (include/llama.h `llama_context_default_params`); the compute buffer is reserved for a
 * worst-case ubatch of `min(n_ctx, n_ubatch)` tokens, all of them outputs
 * (src/llama-context.cpp `graph_reserve`), and ggml-alloc sizes it to the graph's peak of live
 * tensors (logged as "CUDA0 compute buffer size").
 */
export const LLAMACPP_N_UBATCH = 512;
export const LLAMACPP_N_BATCH = 2048;
/** The context is padded to a multiple of 256 (src/llama-context.cpp: `cparams.n_ctx = GGML_PAD(cparams.n_ctx, 256)`, PR #17046). */
export const LLAMACPP_CTX_PAD = 256;
/** Activations in the ggml graph are f32 (4 B): logits, attention scores, MLP intermediates. */
export const LLAMACPP_ACT_BYTES = 4;

// ─── Weight formats (src/estimator/quant.ts) ──────────────────────────────────────────────

/**
 * FP8 (e4m3) weights: 1 B each. `quant:fp8` is the compressed-tensors / llm-compressor
 * `FP8_DYNAMIC` scheme ("FP8-Dynamic" checkpoints): weights `strategy=CHANNEL`, one scale per
 * output row, activations per token at run time (compressed_tensors/quantization/quant_scheme.py
 * `FP8_DYNAMIC`; the static `FP8` preset uses one scale per tensor, 4 B per matrix). vLLM holds the
 * scale in fp32 (vllm/model_executor/layers/quantization/utils/fp8_utils.py
 * `create_fp8_scale_parameter`: `ChannelQuantScaleParameter(torch.empty((sum(output_partition_sizes), 1), dtype=torch.float32))`);
 * the checkpoint stores it in the model dtype (compressed_tensors/quantization/lifecycle/initialize.py:
 * `scale_dtype = observed_dtype`), which is what transformers keeps.
 */
export const FP8_WEIGHT_BYTES = 1;
export const FP8_SCALE_BYTES_VLLM = 4;
/**
 * `fp8-block` (DeepSeek-V3 `quantization_config.weight_block_size: [128, 128]`): one fp32
 * `weight_scale_inv` per 128 x 128 block, ceil(out/128) x ceil(in/128) per matrix
 * (transformers quantizers/quantizer_finegrained_fp8.py `create_quantized_param`; vLLM
 * `create_fp8_scale_parameter` BlockQuantScaleParameter, fp32).
 */
export const FP8_BLOCK = 128;
export const FP8_BLOCK_SCALE_BYTES = 4;

/**
 * AWQ (AutoAWQ `WQLinear_GEMM`, awq/modules/linear/gemm.py): `qweight` int32 [in, out/8] = 4 bits
 * a weight; `qzeros` int32 [in/group, out/8] = a 4-bit zero per group; `scales` fp16
 * [in/group, out] = 2 B per group. GPTQ (AutoGPTQ qlinear_exllamav2.py / qlinear_cuda_old.py):
 * `qweight` int32 [in x bits/32, out], `qzeros` int32 [ceil(in/group), out x bits/32],
 * `scales` fp16 [ceil(in/group), out], `g_idx` int32 [in] (registered whether or not desc_act).
 */
export const GROUP_SCALE_BYTES = 2;
export const GPTQ_G_IDX_BYTES = 4;
/**
 * vLLM's Marlin kernels (gptq_marlin, awq_marlin) take only these group sizes
 * (vllm/model_executor/layers/quantization/utils/marlin_utils.py `MARLIN_SUPPORTED_GROUP_SIZES`,
 * -1 = one group per row); with another group size vLLM falls back to its plain `gptq` / `awq` kernels.
 */
export const MARLIN_GROUP_SIZES: readonly number[] = [-1, 32, 64, 128];
/**
 * Marlin's fp32 global-reduce scratch, allocated per matmul: `sms x min(round16(m), 64) x
 * max_thread_n (256) x 4 B` (csrc/quantization/gptq_marlin/gptq_marlin.cu `gptq_marlin_gemm`:
 * `max_c_tmp_size = sms * max_m_block_size * max_thread_n`), taken at m >= 64 on a 132-SM H100
 * SXM: 8.25 MiB. Cards with fewer SMs need less.
 */
export const MARLIN_C_TMP_BYTES = 132 * 64 * 256 * 4;
/**
 * Token counts from which the AWQ kernels dequantize the whole weight to fp16 and call cuBLAS:
 * AutoAWQ `WQLinearMMFunction.forward` `FP16_MATMUL_HEURISTIC_CONDITION = x.shape[0] * x.shape[1] >= 1024`
 * (transformers' AWQ path); vLLM `AWQLinearMethod.apply` `x.shape[:-1].numel() >= 256`.
 */
export const AWQ_DEQUANT_TOKENS_HF = 1024;
export const AWQ_DEQUANT_TOKENS_VLLM = 256;

/**
 * MXFP4 (OCP Microscaling v1.0; gpt-oss): blocks of 32 e2m1 values (16 B of nibbles) sharing one
 * e8m0 scale byte: 17 B per 32 weights = 4.25 bits. The checkpoint's `*_blocks` uint8
 * [E, out, in/32, 16] and `*_scales` uint8 [E, out, in/32] (transformers quantizers/quantizer_mxfp4.py
 * `get_state_dict_and_metadata`); ggml `block_mxfp4` { uint8_t e; uint8_t qs[16]; } the same 17 B.
 */
export const MXFP4_BLOCK = 32;
export const MXFP4_BLOCK_BYTES = 17;

/**
 * GGML block types: bytes per block and weights per block (ggml/src/ggml-common.h):
 * `block_q8_0` fp16 d + 32 int8 = 34 B / 32; `block_q4_0` fp16 d + 16 B = 18 B / 32;
 * `block_q4_1` 2 fp16 + 16 B = 20 / 32; `block_q5_0` fp16 + 4 B high bits + 16 B = 22 / 32;
 * `block_q5_1` 24 / 32; `block_q4_K` 2 fp16 + 12 B scales + 128 B = 144 / 256 (4.5 bpw);
 * `block_q5_K` 2 fp16 + 12 + 32 + 128 = 176 / 256 (5.5 bpw); `block_q6_K` 128 + 64 + 16 + fp16 =
 * 210 / 256 (6.5625 bpw); `block_mxfp4` 17 / 32; F16 2 B, F32 4 B.
 */
export const GGML_TYPES = {
  f32: { bytes: 4, block: 1 }, f16: { bytes: 2, block: 1 },
  q8_0: { bytes: 34, block: 32 }, q4_0: { bytes: 18, block: 32 }, q4_1: { bytes: 20, block: 32 },
  q5_0: { bytes: 22, block: 32 }, q5_1: { bytes: 24, block: 32 },
  q4_K: { bytes: 144, block: 256 }, q5_K: { bytes: 176, block: 256 }, q6_K: { bytes: 210, block: 256 },
  mxfp4: { bytes: 17, block: 32 },
} as const;
