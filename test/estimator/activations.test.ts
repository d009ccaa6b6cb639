import { activations, layerTerms, sumTerms } from '../../src/estimator/activations';
import { logitsBytes } from '../../src/estimator/logits';
import { kvCacheBytes, prefillBytes } from '../../src/estimator/serving';
import { setup } from './helpers';

const h = 4096;
const kd = 8 * 128;
const f = 14336;
const LSE = 4 * 32; // fp32 logsumexp per head

describe('activations per layer (the worked example of the memory model, Llama-3.1-8B, bf16, SDPA)', () => {
  test('GIVEN full fine-tuning THEN 22h + 4kd + 8f = 208,896 B per token per layer (+ fp32 logsumexp)', () => {
    const per = sumTerms(layerTerms(setup('model:llama-3.1-8b'), false));
    expect(22 * h + 4 * kd + 8 * f).toBe(208_896);
    expect(per).toBe(208_896 + LSE);
  });
  test('GIVEN LoRA on all linears with bf16 adapters, no dropout THEN 12h + 4kd + 6f plus adapter reads (6h + 2f) and rank-16 intermediates', () => {
    const per = sumTerms(layerTerms(setup('model:llama-3.1-8b lora:true adapter_dtype:bf16'), false));
    expect(per).toBe(12 * h + 4 * kd + 6 * f + (6 * h + 2 * f) + 7 * 2 * 16 + LSE);
  });
  test('GIVEN PEFT\'s default fp32 adapters THEN each adapter keeps its own 16-bit copy of its input (q, k, v: 3 x 2h; gate, up: 2 x 2h)', () => {
    const per = sumTerms(layerTerms(setup('model:llama-3.1-8b lora:true'), false));
    // shared reads become one copy per adapter: +2 x 2h (attention norm) +1 x 2h (MLP norm)
    expect(per).toBe(12 * h + 4 * kd + 6 * f + (6 * h + 2 * f) + 6 * h + 7 * 2 * 16 + LSE);
  });
  test('GIVEN LoRA on q,v with dropout 0.05 THEN each adapter keeps its dropout output + mask (3 B per input element)', () => {
    const per = sumTerms(layerTerms(setup('model:llama-3.1-8b lora:true targets:q,v dropout:0.05'), false));
    expect(per).toBe(12 * h + 4 * kd + 6 * f + 2 * 3 * h + 2 * 2 * 16 + LSE);
  });
  test('GIVEN QLoRA on q,v with bitsandbytes <= 0.43.1 THEN every quantized linear keeps its input (norm outputs, attention output, MLP product), and the fp32 q and v adapters their own copies', () => {
    const per = sumTerms(layerTerms(setup('model:llama-3.1-8b qlora:true targets:q,v bnb:0.43.1'), false));
    expect(per).toBe(12 * h + 4 * kd + 6 * f + (2 * h + 2 * h + 2 * h + 2 * f) + 2 * 2 * h + 2 * 2 * 16 + LSE);
    const bf16 = sumTerms(layerTerms(setup('model:llama-3.1-8b qlora:true targets:q,v adapter_dtype:bf16 bnb:0.43.1'), false));
    expect(bf16).toBe(12 * h + 4 * kd + 6 * f + (2 * h + 2 * h + 2 * h + 2 * f) + 2 * 2 * 16 + LSE);
  });
  test('GIVEN QLoRA on q,v with today\'s bitsandbytes THEN the 4-bit linears keep no input: only the adapters\' (their fp32 casts, or one shared bf16 input)', () => {
    const per = sumTerms(layerTerms(setup('model:llama-3.1-8b qlora:true targets:q,v'), false));
    expect(per).toBe(12 * h + 4 * kd + 6 * f + 2 * 2 * h + 2 * 2 * 16 + LSE);
    const bf16 = sumTerms(layerTerms(setup('model:llama-3.1-8b qlora:true targets:q,v adapter_dtype:bf16'), false));
    expect(bf16).toBe(12 * h + 4 * kd + 6 * f + 2 * h + 2 * 2 * 16 + LSE);
  });
  test('GIVEN eager attention THEN k/v expanded to all heads and (4 + 2) x heads x s per token added', () => {
    const sd = sumTerms(layerTerms(setup('model:llama-3.1-8b seq:1024'), false));
    const eager = sumTerms(layerTerms(setup('model:llama-3.1-8b seq:1024 attention:eager'), false));
    // eager: q + expanded k, v (no kernel output kept) + s^2 terms; sdpa: q, k, v, out + lse
    expect(eager - sd).toBe(2 * (h + 2 * h) + 6 * 32 * 1024 - 2 * (2 * h + 2 * kd) - LSE);
  });
  test('GIVEN gradient checkpointing THEN L x 2h per token, plus the final norm at the end of forward, or one recomputed layer in backward', () => {
    const s = setup('model:llama-3.1-8b gc:true batch:2 seq:2048');
    const a = activations(s);
    const T = 4096;
    expect(a.forwardEndBytes).toBe(32 * 2 * h * T + a.finalPerToken * T);
    expect(a.recomputeBytes).toBe(32 * 2 * h * T + a.oneLayerBytes);
    expect(a.savedBytes).toBe(Math.max(a.forwardEndBytes, a.recomputeBytes));
  });
  test('GIVEN gc:offload THEN only two checkpoints stay on the GPU and the rest go to host RAM', () => {
    const a = activations(setup('model:llama-3.1-8b gc:offload'));
    expect(a.hostBytes).toBe(32 * 2 * h * 2048);
  });
});

describe('logits and loss', () => {
  test('GIVEN the standard loss THEN tokens x V x 12 B at the start of backward', () => {
    const l = logitsBytes(setup('model:llama-3.1-8b'));
    expect(l.backwardBytes).toBe(2048 * 128_256 * 12);
    expect(l.forwardBytes).toBe(2048 * 128_256 * 10);
  });
  test('GIVEN the fused loss THEN one chunk of next_pow2(tokens / ceil(V / h)) tokens', () => {
    const l = logitsBytes(setup('model:llama-3.1-8b loss:fused'));
    // ceil(128256 / 4096) = 32; 2048 / 32 = 64 tokens per chunk
    expect(l.forwardBytes).toBe(64 * 128_256 * 6 + 2048 * 4096 * 6);
  });
});

describe('KV cache', () => {
  test('GIVEN Llama-3.1-8B, 8192 tokens, bf16 THEN 2 x 32 x 8 x 128 x 8192 x 2 B = 1 GiB', () => {
    expect(kvCacheBytes(setup('model:llama-3.1-8b mode:infer context:8192')).bytes).toBe(1024 ** 3);
  });
  test('GIVEN kv:fp8 THEN half', () => {
    expect(kvCacheBytes(setup('model:llama-3.1-8b mode:infer context:8192 kv:fp8')).bytes).toBe(1024 ** 3 / 2);
  });
  test('GIVEN Mistral 7B v0.1 (4096 sliding window on every layer) at 8192 THEN capped at the window', () => {
    expect(kvCacheBytes(setup('model:mistral-7b-v0.1 mode:infer context:8192')).bytes).toBe(2 * 32 * 8 * 128 * 4096 * 2);
  });
  test('GIVEN Gemma 2 9B (half the layers local, window 4096) at 8192 THEN 21 full + 21 windowed layers', () => {
    expect(kvCacheBytes(setup('model:gemma-2-9b mode:infer context:8192')).bytes).toBe(2 * 8 * 256 * 2 * (21 * 8192 + 21 * 4096));
  });
});

describe('serving engines', () => {
  test('GIVEN engine:vllm THEN the KV cache holds whole 16-token blocks', () => {
    expect(kvCacheBytes(setup('model:llama-3.1-8b mode:infer context:8200 engine:vllm')).bytes).toBe(2 * 32 * 8 * 128 * 8208 * 2);
    expect(kvCacheBytes(setup('model:llama-3.1-8b mode:infer context:8200 engine:hf')).bytes).toBe(2 * 32 * 8 * 128 * 8200 * 2);
  });
  test('GIVEN engine:vllm THEN the prefill transient is capped at one 8192-token chunk, HF prefills every prompt', () => {
    const v1 = prefillBytes(setup('model:llama-3.1-8b mode:infer context:8192 batch:1 engine:vllm'));
    const v16 = prefillBytes(setup('model:llama-3.1-8b mode:infer context:8192 batch:16 engine:vllm'));
    const hf16 = prefillBytes(setup('model:llama-3.1-8b mode:infer context:8192 batch:16 engine:hf'));
    expect(v16).toBe(v1);
    expect(hf16).toBeCloseTo(16 * v1, -3);
  });
});
