/**
 * The serving engines' memory plans (src/estimator/serving.ts): vLLM's profiler arithmetic and
 * defaults, SGLang's static fraction and token pool, llama.cpp's offload rules, KV and compute
 * buffer, HF's DynamicCache, and the warnings of a report.
 */
import { GPUS, type Gpu } from '../../src/catalog/gpus';
import { CUBLAS_WORKSPACE_BYTES, CUDA_CONTEXT_BYTES, VLLM_CUDA_GRAPH_BYTES, VLLM_SAMPLER_BYTES_PER_LOGIT } from '../../src/estimator/constants';
import {
  cudaGraphBytes, forwardTransientBytes, hfCacheGrowthBytes, kvBytesPerTokenPerLayer, kvCacheBytes, llamacppComputeBufferBytes,
  llamacppContextTokens, llamacppLayout, prefillBytes, servingBudgetBytes, servingEntries, servingGpuWeightBytes, servingHostBytes,
  sglangCellBytes, sglangDefaults, sglangPlan, vllmCaptureSizes, vllmDefaults, vllmPlan, vllmPoolBlocks, vllmProfilePeakBytes,
  vllmSamplerBytes, vllmSettings,
} from '../../src/estimator/serving';
import { reportFromLine } from '../../commands/estimate-line';
import { estimateReply } from '../../src/reply/estimate-reply';
import { reportJson } from '../../src/reply/json';
import { replyText } from '../../src/reply/text';
import { GiB, setup } from './helpers';

const gpu = (id: string): Gpu => {
  const g = GPUS.find((x) => x.id === id);
  if (!g) throw new Error(id);
  return g;
};
const W8B = 8_030_261_248 * 2;

describe('vLLM defaults (arg_utils.py get_batch_defaults, OpenAI server)', () => {
  test('GIVEN a card of 70 GiB or more that is not an A100 THEN 8192 batched tokens and 1024 sequences', () => {
    expect(vllmDefaults(gpu('h100'))).toEqual({ batchedTokens: 8192, maxSeqs: 1024 });
    expect(vllmDefaults(gpu('h200'))).toEqual({ batchedTokens: 8192, maxSeqs: 1024 });
  });
  test('GIVEN an A100 80GB (excluded, PR #17885) or a smaller card THEN 2048 tokens and 256 sequences', () => {
    expect(vllmDefaults(gpu('a100-80gb'))).toEqual({ batchedTokens: 2048, maxSeqs: 256 });
    expect(vllmDefaults(gpu('rtx4090'))).toEqual({ batchedTokens: 2048, maxSeqs: 256 });
    expect(vllmDefaults(gpu('l40s'))).toEqual({ batchedTokens: 2048, maxSeqs: 256 });
  });
  test('GIVEN no card THEN the large-card pair, and util 0.9', () => {
    expect(vllmDefaults(null)).toEqual({ batchedTokens: 8192, maxSeqs: 1024 });
    expect(vllmSettings(setup('model:llama-3.1-8b mode:infer engine:vllm')).util).toBe(0.9);
  });
  test('GIVEN batched_tokens, max_seqs and util THEN they replace the defaults', () => {
    const v = vllmSettings(setup('model:llama-3.1-8b mode:infer engine:vllm gpu:h100 batched_tokens:4096 max_seqs:64 util:0.8'));
    expect(v).toMatchObject({ batchedTokens: 4096, maxSeqs: 64, util: 0.8, defaulted: [] });
  });
});

describe('vLLM CUDA graphs (vllm/config/vllm.py _set_cudagraph_sizes; start-up logs)', () => {
  test.each([
    [256, 51, 35], // "PIECEWISE=51 (largest=512), FULL=35 (largest=256)"
    [32, 11, 7], // "PIECEWISE=11 (largest=64), FULL=7 (largest=32)"
    [4, 4, 3], // "PIECEWISE=4 (largest=8), FULL=3 (largest=4)"
  ])('GIVEN max_num_seqs %i THEN %i piecewise and %i full graphs, as logged', (seqs, piecewise, full) => {
    const c = vllmCaptureSizes(seqs, 8192);
    expect([c.piecewise.length, c.full.length]).toEqual([piecewise, full]);
    expect(Math.max(...c.piecewise)).toBe(Math.min(2 * seqs, 512));
  });
  test('GIVEN the default 86 graphs THEN half a GiB; eager:true THEN none; fewer sequences THEN fewer', () => {
    expect(cudaGraphBytes(setup('model:llama-3.1-8b mode:infer engine:vllm gpu:a100-80gb'))).toBeCloseTo(VLLM_CUDA_GRAPH_BYTES, 0);
    expect(cudaGraphBytes(setup('model:llama-3.1-8b mode:infer engine:vllm gpu:a100-80gb eager:true'))).toBe(0);
    expect(cudaGraphBytes(setup('model:llama-3.1-8b mode:infer engine:vllm gpu:a100-80gb max_seqs:4'))).toBeCloseTo((VLLM_CUDA_GRAPH_BYTES * 7) / 86, 0);
    expect(cudaGraphBytes(setup('model:llama-3.1-8b mode:infer engine:hf'))).toBe(0);
  });
});

describe("vLLM's KV pool (gpu_worker.py determine_available_memory, kv_cache_utils.py)", () => {
  const s = setup('model:llama-3.1-8b mode:infer engine:vllm gpu:h100 context:8192');
  const h100 = gpu('h100');
  const plan = vllmPlan(s, h100, W8B);
  test('GIVEN Llama-3.1-8B on an H100 THEN pool = 0.9 x total - weights - profile peak - non-torch', () => {
    expect(plan.budgetBytes).toBeCloseTo(0.9 * h100.memoryBytes, 0);
    expect(plan.kvPoolBytes).toBeCloseTo(0.9 * h100.memoryBytes - W8B - vllmProfilePeakBytes(s) - CUBLAS_WORKSPACE_BYTES, 0);
  });
  test('GIVEN the pool THEN blocks = pool / (16-token page x layers), tokens = 16 x blocks, concurrency = blocks / cdiv(context, 16)', () => {
    const page = 2 * 8 * 128 * 2 * 16;
    expect(plan.blocks).toBe(Math.floor(plan.kvPoolBytes / page / 32));
    expect(plan.kvCacheTokens).toBe((plan.blocks ?? 0) * 16);
    expect(plan.maxConcurrency).toBeCloseTo((plan.blocks ?? 0) / 512, 10);
    expect(plan.concurrentSeqs).toBe(Math.floor(plan.maxConcurrency));
    expect(plan.limitedBy).toBe('kv-cache');
  });
  test('GIVEN the profile run THEN its peak is the larger of the forward over max_num_batched_tokens and the sampler over max_num_seqs requests', () => {
    expect(vllmSamplerBytes(s)).toBe(1024 * 128_256 * VLLM_SAMPLER_BYTES_PER_LOGIT + 8192 * 4096 * 2);
    expect(vllmProfilePeakBytes(s)).toBe(Math.max(forwardTransientBytes(s, 8192), vllmSamplerBytes(s)));
    const small = setup('model:llama-3.1-8b mode:infer engine:vllm gpu:h100 context:8192 max_seqs:64');
    expect(vllmProfilePeakBytes(small)).toBe(forwardTransientBytes(small, 8192));
  });
  test('GIVEN max_seqs below what the pool holds THEN the concurrency is capped by it', () => {
    const capped = vllmPlan(setup('model:llama-3.1-8b mode:infer engine:vllm gpu:h100 context:8192 max_seqs:16'), h100, W8B);
    expect(capped.concurrentSeqs).toBe(16);
    expect(capped.limitedBy).toBe('max_seqs');
    expect(capped.maxConcurrency).toBeGreaterThan(16);
  });
  test('GIVEN util THEN the budget scales with it and nvidia-smi is the context + budget + graphs', () => {
    const low = vllmPlan(setup('model:llama-3.1-8b mode:infer engine:vllm gpu:h100 context:8192 util:0.5'), h100, W8B);
    expect(low.budgetBytes).toBeCloseTo(0.5 * h100.memoryBytes, 0);
    expect(plan.kvPoolBytes - low.kvPoolBytes).toBeCloseTo(0.4 * h100.memoryBytes, 0);
    expect(plan.nvidiaSmiBytes).toBeCloseTo(CUDA_CONTEXT_BYTES + plan.budgetBytes + plan.cudaGraphBytes, 0);
    expect(servingBudgetBytes({ mode: 'infer', engine: 'vllm', util: 0.5 }, h100.memoryBytes)).toBe(0.5 * h100.memoryBytes);
    expect(servingBudgetBytes({ mode: 'infer', engine: 'sglang', util: 0.5 }, h100.memoryBytes)).toBe(0.5 * h100.memoryBytes);
    expect(servingBudgetBytes({ mode: 'infer', engine: 'sglang', util: null }, h100.memoryBytes)).toBeCloseTo(0.835 * h100.memoryBytes, 0);
    expect(servingBudgetBytes({ mode: 'infer', engine: 'hf', util: 0.5 }, h100.memoryBytes)).toBe(h100.memoryBytes);
  });
  test('GIVEN util:1 THEN the graphs and the context no longer fit on the card', () => {
    expect(vllmPlan(setup('model:llama-3.1-8b mode:infer engine:vllm gpu:h100 util:1'), h100, W8B).fitsCard).toBe(false);
  });
  test('GIVEN kv:fp8 THEN twice the tokens', () => {
    const fp8 = vllmPlan(setup('model:llama-3.1-8b mode:infer engine:vllm gpu:h100 context:8192 kv:fp8'), h100, W8B);
    expect(fp8.kvCacheTokens / plan.kvCacheTokens).toBeCloseTo(2, 3);
  });
  test('GIVEN a context longer than the pool THEN not one request fits (vLLM refuses to start)', () => {
    const tiny = vllmPlan(setup('model:llama-3.1-8b mode:infer engine:vllm gpu:rtx4090 context:131072'), gpu('rtx4090'), W8B);
    expect(tiny.oneRequestFits).toBe(false);
    expect(tiny.concurrentSeqs).toBe(0);
  });
  test('GIVEN Gemma 2 (half the layers sliding) THEN layer groups share the pool and a window group needs only its window', () => {
    const g2 = setup('model:gemma-2-9b mode:infer engine:vllm gpu:h100 context:32768');
    const blk = vllmPoolBlocks(g2, 40 * GiB, 32768, 8192);
    const page = kvBytesPerTokenPerLayer(g2) * 16;
    expect(blk.blocks).toBe(Math.floor((40 * GiB) / page / 21));
    expect(blk.tokens).toBe(Math.floor(blk.blocks / 2) * 16);
    // a full group needs cdiv(32768, 16) blocks, the window group cdiv(4095 + 8192, 16) + 1
    expect(blk.perRequest).toBe(2048 + Math.ceil((4095 + 8192) / 16) + 1);
  });
  test('GIVEN engine:vllm THEN a sequence holds whole 16-token blocks in the estimate too', () => {
    expect(kvCacheBytes(setup('model:llama-3.1-8b mode:infer engine:vllm context:8200 batch:2')).bytes).toBe(2 * 32 * 8 * 128 * 2 * 2 * 8208);
  });
});

describe("SGLang (server_args.py _handle_gpu_memory_settings, model_runner.py profile_max_num_token)", () => {
  test('GIVEN an L40S (46,068 MiB) THEN mem_fraction_static 0.851, as logged in SGLang PR #13023', () => {
    expect(sglangDefaults(46068)).toEqual({ memFractionStatic: 0.851, chunkedPrefill: 4096, cudaGraphMaxBs: 32 });
  });
  test('GIVEN an H100, an RTX 4090 and no card THEN the tier defaults', () => {
    // 81,559 MiB: reserved max(512 + 8192 x 1.5 + 256 x 2 + 128, 10 GiB) = 13,440 MiB
    expect(sglangDefaults(81559)).toEqual({ memFractionStatic: 0.835, chunkedPrefill: 8192, cudaGraphMaxBs: 256 });
    expect(sglangDefaults(24564)).toEqual({ memFractionStatic: 0.847, chunkedPrefill: 2048, cudaGraphMaxBs: 24 });
    expect(sglangDefaults(null).memFractionStatic).toBe(0.88);
    expect(sglangDefaults(81559, 4).cudaGraphMaxBs).toBe(512);
  });
  test('GIVEN Llama-3.1-8B on an H100 THEN tokens = (fraction x (card - context) - weights) / cell, pages of one token', () => {
    const s = setup('model:llama-3.1-8b mode:infer engine:sglang gpu:h100 context:8192');
    const h100 = gpu('h100');
    const plan = sglangPlan(s, h100, W8B);
    expect(sglangCellBytes(s)).toBe(2 * 8 * 128 * 2 * 32);
    expect(plan.kvCacheTokens).toBe(Math.floor((0.835 * (h100.memoryBytes - CUDA_CONTEXT_BYTES) - W8B) / sglangCellBytes(s)));
    expect(plan.concurrentSeqs).toBe(Math.floor(plan.kvCacheTokens / 8192));
    expect(plan.blocks).toBeNull();
    // a sequence holds exactly its tokens
    expect(kvCacheBytes(setup('model:llama-3.1-8b mode:infer engine:sglang context:8200')).bytes).toBe(2 * 32 * 8 * 128 * 2 * 8200);
  });
  test('GIVEN util THEN it is mem_fraction_static; max_seqs caps the running requests', () => {
    const s = setup('model:llama-3.1-8b mode:infer engine:sglang gpu:h100 context:4096 util:0.7 max_seqs:8');
    const plan = sglangPlan(s, gpu('h100'), W8B);
    expect(plan.util).toBe(0.7);
    expect(plan.concurrentSeqs).toBe(8);
    expect(plan.limitedBy).toBe('max_seqs');
  });
  test('GIVEN chunked prefill THEN the activation is one chunk, not every prompt', () => {
    const a = prefillBytes(setup('model:llama-3.1-8b mode:infer engine:sglang gpu:h100 context:8192 batch:8'));
    expect(a).toBe(forwardTransientBytes(setup('model:llama-3.1-8b mode:infer engine:sglang gpu:h100 context:8192 batch:8'), 8192));
  });
});

describe('llama.cpp (llama-model.cpp load_tensors, llama-context.cpp, llama-kv-cache)', () => {
  test('GIVEN no ngl THEN every block and the output layer are offloaded, the token embeddings stay on the CPU', () => {
    const lay = llamacppLayout(setup('model:llama-3.1-8b mode:infer engine:llamacpp'));
    expect(lay).toMatchObject({ ngl: 33, gpuBlocks: 32, cpuBlocks: 0, outputOnGpu: true });
  });
  test('GIVEN ngl:32 on a 32-block model THEN the output layer first: block 0 stays on the CPU', () => {
    expect(llamacppLayout(setup('model:llama-3.1-8b mode:infer engine:llamacpp ngl:32'))).toMatchObject({ gpuBlocks: 31, cpuBlocks: 1, outputOnGpu: true });
    expect(llamacppLayout(setup('model:llama-3.1-8b mode:infer engine:llamacpp ngl:1'))).toMatchObject({ gpuBlocks: 0, outputOnGpu: true });
    expect(llamacppLayout(setup('model:llama-3.1-8b mode:infer engine:llamacpp ngl:0'))).toMatchObject({ gpuBlocks: 0, outputOnGpu: false });
    expect(llamacppLayout(setup('model:llama-3.1-8b mode:infer engine:llamacpp ngl:999')).ngl).toBe(33);
  });
  test('GIVEN ngl THEN the KV cache on the GPU is the offloaded layers over the whole padded context', () => {
    const s = setup('model:llama-3.1-8b mode:infer engine:llamacpp context:8000 batch:2 ngl:17');
    expect(llamacppContextTokens(s)).toBe(16128); // 16,000 padded to 256
    expect(kvCacheBytes(s).bytes).toBe(2 * 8 * 128 * 2 * 16128 * 16);
  });
  test('GIVEN kv:q8_0 and kv:q4_0 THEN 34 and 18 B per 32 values (ggml block_q8_0, block_q4_0)', () => {
    const f16 = kvCacheBytes(setup('model:llama-3.1-8b mode:infer engine:llamacpp context:8192 kv:fp16')).bytes;
    expect(kvCacheBytes(setup('model:llama-3.1-8b mode:infer engine:llamacpp context:8192 kv:q8_0')).bytes).toBe((f16 * 34) / 64);
    expect(kvCacheBytes(setup('model:llama-3.1-8b mode:infer engine:llamacpp context:8192 kv:q4_0')).bytes).toBe((f16 * 18) / 64);
  });
  test('GIVEN the default flash attention THEN the compute buffer is the f32 logits of one ubatch; eager adds the scores', () => {
    const fa = llamacppComputeBufferBytes(setup('model:llama-3.1-8b mode:infer engine:llamacpp context:8192'));
    expect(fa).toBe(128_256 * 512 * 4 + 4096 * 512 * 4); // 258.5 MiB
    const eager = llamacppComputeBufferBytes(setup('model:llama-3.1-8b mode:infer engine:llamacpp context:8192 attention:eager'));
    expect(eager).toBe(2 * 14336 * 512 * 4 + 2 * 4096 * 512 * 4 + 32 * 8192 * 512 * 4);
    expect(prefillBytes(setup('model:llama-3.1-8b mode:infer engine:llamacpp context:8192'))).toBe(fa);
  });
  test('GIVEN ngl THEN the weights split between the GPU and host RAM, and host RAM holds the CPU layers and their KV', () => {
    const all = setup('model:llama-3.1-8b mode:infer engine:llamacpp context:8192');
    const half = setup('model:llama-3.1-8b mode:infer engine:llamacpp context:8192 ngl:17');
    const emb = 128_256 * 4096 * 2;
    expect(W8B - servingGpuWeightBytes(all, W8B)).toBeCloseTo(emb, -1); // only the embeddings stay behind
    const host = servingHostBytes(half, W8B);
    expect(servingGpuWeightBytes(half, W8B) + (host.parts[0]?.bytes ?? 0)).toBeCloseTo(W8B, -1);
    expect(host.parts.find((p) => p.label.includes('KV'))?.bytes).toBe(2 * 8 * 128 * 2 * 8192 * 16);
    expect(servingHostBytes(setup('model:llama-3.1-8b mode:infer engine:vllm'), W8B).bytes).toBe(0);
  });
  test('GIVEN tied embeddings THEN the output layer on the GPU is a copy of them', () => {
    const s = setup('model:llama-3.2-1b mode:infer engine:llamacpp');
    const total = s.params.total * 2;
    const emb = 128_256 * 2048 * 2;
    expect(servingGpuWeightBytes(s, total)).toBeCloseTo(total, -1); // blocks + a copy of the embeddings = total
    expect(servingHostBytes(s, total).parts[0]?.bytes).toBeCloseTo(emb, -1);
  });
});

describe('HF generate', () => {
  test("GIVEN DynamicCache THEN a decode step's torch.cat holds one layer's K twice: small against the prefill transient", () => {
    const s = setup('model:llama-3.1-8b mode:infer context:8192');
    expect(hfCacheGrowthBytes(s)).toBe(8 * 128 * 2 * 8192);
    expect(hfCacheGrowthBytes(s)).toBeLessThan(prefillBytes(s) / 10);
    expect(kvCacheBytes(s).bytes).toBe(GiB);
  });
  test('GIVEN every prompt prefilled at once THEN the transient grows with the batch; vLLM keeps its profile size', () => {
    const hf = prefillBytes(setup('model:llama-3.1-8b mode:infer context:4096 batch:8'));
    expect(hf).toBe(forwardTransientBytes(setup('model:llama-3.1-8b mode:infer context:4096 batch:8'), 8 * 4096));
    const v1 = prefillBytes(setup('model:llama-3.1-8b mode:infer engine:vllm gpu:h100 context:1024 batch:1'));
    const v8 = prefillBytes(setup('model:llama-3.1-8b mode:infer engine:vllm gpu:h100 context:4096 batch:8'));
    expect(v1).toBe(v8);
  });
  test('GIVEN output:<n> THEN the prefill covers the prompts only, and what it adds beside the full cache is its transient minus the output tokens\' cache', () => {
    // Qwen3-8B (36 layers, 8 KV heads x 128, MLP 12288, hidden 4096), bf16, batch 1, 6144-token prompt + 2048 generated.
    const line = 'model:qwen-3-8b mode:infer context:8192 output:2048 attention:flash';
    const s = setup(line);
    const kvPerToken = 36 * 2 * 8 * 128 * 2; // 147,456 B
    expect(kvCacheBytes(s).bytes).toBe(8192 * kvPerToken);
    const prefill = forwardTransientBytes(s, 6144);
    expect(prefill).toBe(forwardTransientBytes(setup('model:qwen-3-8b mode:infer context:6144 attention:flash'), 6144));
    // MLP: 3 x 2 B x 12288 x 6144 = 452,984,832 B, plus 3 residual-width buffers (fp32 residual stream: r = 4): 3 x 4 x 4096 x 6144.
    expect(prefill).toBe(3 * 2 * 12288 * 6144 + 3 * s.r * 4096 * 6144);
    expect(prefillBytes(s)).toBe(prefill - 2048 * kvPerToken);
    // The whole context as prompt (no output): a larger prefill over 8192 tokens.
    expect(prefillBytes(setup('model:qwen-3-8b mode:infer context:8192 attention:flash'))).toBe(forwardTransientBytes(s, 8192));
    // A long output and a short prompt: one decode step's transient is what remains.
    const long = setup('model:qwen-3-8b mode:infer context:8192 output:8000 attention:flash');
    expect(prefillBytes(long)).toBe(forwardTransientBytes(long, 1));
  });
  test('GIVEN output on vLLM or output >= context THEN a coded error naming output', () => {
    for (const line of ['model:qwen-3-8b mode:infer engine:vllm gpu:h100 output:100', 'model:qwen-3-8b mode:infer context:2048 output:2048']) {
      const r = reportFromLine(line);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0]).toMatchObject({ code: 'conflict', key: 'output' });
    }
  });
});

describe('servingEntries (the serve phase per engine, for estimate.ts)', () => {
  test('GIVEN each engine THEN the logits are counted once and the graphs only where captured', () => {
    const hf = servingEntries(setup('model:llama-3.1-8b mode:infer'), W8B, 123);
    expect(hf).toMatchObject({ weights: W8B, logits: 123, cuda_graphs: 0 });
    const v = servingEntries(setup('model:llama-3.1-8b mode:infer engine:vllm gpu:h100'), W8B, 123);
    expect(v.logits).toBe(0);
    expect(v.activations).toBe(vllmProfilePeakBytes(setup('model:llama-3.1-8b mode:infer engine:vllm gpu:h100')));
    expect(v.cuda_graphs).toBeGreaterThan(0);
    const l = servingEntries(setup('model:llama-3.1-8b mode:infer engine:llamacpp ngl:17'), W8B, 123);
    expect(l.logits).toBe(0);
    expect(l.weights).toBeLessThan(W8B);
  });
});

describe('warnings', () => {
  const rep = (line: string) => {
    const r = reportFromLine(line);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.value;
  };
  test('GIVEN a context beyond the model length THEN a warning in the report, the reply (near the top) and the JSON', () => {
    const r = rep('model:llama-3-8b mode:infer context:16384');
    expect(r.warnings.map((w) => [w.code, w.key])).toEqual([['beyond_model_context', 'context']]);
    expect(r.warnings[0]?.message).toMatch(/8,192/);
    const reply = estimateReply(r);
    expect(reply.sections[0]?.title).toBe('⚠ Warnings');
    expect(replyText(reply)).toMatch(/beyond Llama 3 8B's context length of 8,192/);
    expect((reportJson(r).warnings as { code: string }[])[0]?.code).toBe('beyond_model_context');
  });
  test('GIVEN a training seq beyond the model length THEN the warning names seq', () => {
    expect(rep('model:llama-3-8b lora:true seq:16384').warnings.map((w) => w.key)).toEqual(['seq']);
  });
  test('GIVEN an ordinary setup THEN no warnings, and the JSON says so', () => {
    const r = rep('model:llama-3.1-8b mode:infer context:8192');
    expect(r.warnings).toEqual([]);
    expect(reportJson(r).warnings).toEqual([]);
    expect(estimateReply(r).sections.some((s) => s.title === '⚠ Warnings')).toBe(false);
  });
  test('GIVEN more sequences than vLLM schedules THEN a max_seqs warning', () => {
    expect(rep('model:llama-3.2-1b mode:infer engine:vllm context:1024 batch:300 max_seqs:256').warnings.map((w) => w.code)).toEqual(['batch_over_max_seqs']);
  });
  test('GIVEN a quantized llama.cpp cache without flash attention THEN a warning naming attention', () => {
    expect(rep('model:llama-3.1-8b mode:infer engine:llamacpp kv:q8_0 attention:eager').warnings.map((w) => [w.code, w.key])).toEqual([['kv_needs_flash_attention', 'attention']]);
  });
  test('GIVEN a GGUF cache type on vLLM THEN a warning naming kv', () => {
    expect(rep('model:llama-3.1-8b mode:infer engine:vllm kv:q8_0').warnings.map((w) => w.code)).toEqual(['kv_format_engine']);
  });
});
