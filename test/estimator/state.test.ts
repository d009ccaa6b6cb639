import { adapterWeightBytes, autocastCacheBytes, baseWeightBytes, gradientBytes, optimizerStateBytes, optimizerStepBytes, quantizableParams } from '../../src/estimator/state';
import { setup } from './helpers';

// Llama-3.1-8B by hand (config.json: h 4096, f 14336, 32 layers, 32 heads, 8 KV heads, d 128, V 128256, untied):
// per layer q 4096x4096 + k 4096x1024 + v 4096x1024 + o 4096x4096 + gate/up/down 3 x 4096x14336 = 218,103,808
const LINEAR_8B = 32 * 218_103_808; // 6,979,321,856
const P_8B = 8_030_261_248;
const REST_8B = P_8B - LINEAR_8B; // embeddings 2 x 525,336,576 + norms 266,240 = 1,050,939,392

describe('weights', () => {
  test('GIVEN Llama-3.1-8B in bf16 THEN weights = P x 2 B', () => {
    expect(baseWeightBytes(setup('model:llama-3.1-8b')).bytes).toBe(P_8B * 2);
  });
  test('GIVEN precision:fp32 THEN weights = P x 4 B', () => {
    expect(baseWeightBytes(setup('model:llama-3.1-8b precision:fp32')).bytes).toBe(P_8B * 4);
  });
  test('GIVEN the decoder linears of 8B THEN 6,979,321,856 quantizable params', () => {
    expect(quantizableParams(setup('model:llama-3.1-8b')).params).toBe(LINEAR_8B);
    expect(REST_8B).toBe(1_050_939_392);
  });
  test('GIVEN QLoRA NF4 without double quant, upcast THEN linears x (0.5 + 4/64) + rest x 4 B', () => {
    const w = baseWeightBytes(setup('model:llama-3.1-8b qlora:true')).bytes;
    expect(w).toBeCloseTo(LINEAR_8B * 0.5625 + REST_8B * 4, 0);
  });
  test('GIVEN QLoRA NF4 with double quant and no upcast THEN linears x (0.5 + 1/64 + 4/16384) + rest x 2 B', () => {
    const w = baseWeightBytes(setup('model:llama-3.1-8b qlora:true dq:true upcast:false')).bytes;
    expect(w).toBeCloseTo(LINEAR_8B * (0.5 + 1 / 64 + 4 / 16384) + REST_8B * 2, 0);
  });
  test('GIVEN int8 serving THEN linears x 1 B + an fp32 scale per output row + rest x 2 B', () => {
    const s = setup('model:llama-3.1-8b mode:infer quant:int8');
    const rows = quantizableParams(s).rows;
    expect(rows).toBe(32 * (4096 + 1024 + 1024 + 4096 + 14336 * 2 + 4096));
    expect(baseWeightBytes(s).bytes).toBe(LINEAR_8B * 1 + rows * 4 + REST_8B * 2);
  });
  test('GIVEN zero3 on 4 GPUs THEN weights per GPU = P x 2 / 4', () => {
    expect(baseWeightBytes(setup('model:llama-3.1-8b gpus:4 sharding:zero3')).bytes).toBe((P_8B * 2) / 4);
  });
  test('GIVEN offload:params THEN no weights on the GPU', () => {
    expect(baseWeightBytes(setup('model:llama-3.1-8b gpus:4 sharding:zero3 offload:params')).bytes).toBe(0);
  });
});

describe('adapters, gradients, optimizer', () => {
  // LoRA r=16 on all 7 linears: per layer 16 x [(4096+4096) x 2 + (4096+1024) x 2 + (4096+14336) x 3] = 1,310,720
  const LORA_8B_R16 = 32 * 1_310_720; // 41,943,040 (PEFT prints the same "trainable params")
  test('GIVEN LoRA r16 all-linear on 8B THEN 41,943,040 adapter params in fp32', () => {
    const s = setup('model:llama-3.1-8b lora:true');
    expect(s.adapterParams).toBe(LORA_8B_R16);
    expect(adapterWeightBytes(s)).toBe(LORA_8B_R16 * 4);
  });
  test('GIVEN LoRA r8 on q,v THEN 32 x 8 x ((4096+4096) + (4096+1024)) params', () => {
    expect(setup('model:llama-3.1-8b lora:true rank:8 targets:q,v').adapterParams).toBe(32 * 8 * (8192 + 5120));
  });
  test('GIVEN full fine-tuning bf16 THEN gradients = P x 2 B and AdamW states = 2 x P x 2 B', () => {
    const s = setup('model:llama-3.1-8b');
    expect(gradientBytes(s)).toBe(P_8B * 2);
    expect(optimizerStateBytes(s).bytes).toBe(2 * P_8B * 2);
  });
  test('GIVEN torch AdamW (foreach) THEN one state-sized temporary at the step; fused THEN none', () => {
    expect(optimizerStepBytes(setup('model:llama-3.1-8b'))).toBe(P_8B * 2);
    expect(optimizerStepBytes(setup('model:llama-3.1-8b optimizer:adamw-fused'))).toBe(0);
  });
  test('GIVEN 8-bit AdamW on 8B (h = 4096, no tensor under 4096 elements) THEN 2 x (1 + 4/256) B per param', () => {
    expect(optimizerStateBytes(setup('model:llama-3.1-8b optimizer:adamw-8bit')).bytes).toBeCloseTo(2 * P_8B * (1 + 4 / 256), 0);
  });
  test('GIVEN paged 8-bit AdamW THEN the same bytes, flagged as managed memory', () => {
    const st = optimizerStateBytes(setup('model:llama-3.1-8b optimizer:paged-adamw-8bit'));
    expect(st.managed).toBe(true);
    expect(st.bytes).toBeCloseTo(2 * P_8B * (1 + 4 / 256), 0);
  });
  test('GIVEN SGD or Lion THEN one state of the param dtype', () => {
    expect(optimizerStateBytes(setup('model:llama-3.1-8b optimizer:sgd')).bytes).toBe(P_8B * 2);
    expect(optimizerStateBytes(setup('model:llama-3.1-8b optimizer:lion')).bytes).toBe(P_8B * 2);
  });
  test('GIVEN Adafactor THEN far less than one state per param (factored rows + cols)', () => {
    const b = optimizerStateBytes(setup('model:llama-3.1-8b optimizer:adafactor')).bytes;
    expect(b).toBeLessThan(P_8B * 2 * 0.01);
    expect(b).toBeGreaterThan(0);
  });
  test('GIVEN zero1 on 8 GPUs THEN states / 8 but gradients whole; zero2 THEN gradients / 8 too', () => {
    expect(optimizerStateBytes(setup('model:llama-3.1-8b gpus:8 sharding:zero1')).bytes).toBe((2 * P_8B * 2) / 8);
    expect(gradientBytes(setup('model:llama-3.1-8b gpus:8 sharding:zero1'))).toBe(P_8B * 2);
    expect(gradientBytes(setup('model:llama-3.1-8b gpus:8 sharding:zero2'))).toBe((P_8B * 2) / 8);
  });
  test('GIVEN offload:optimizer THEN no optimizer states or step temporaries on the GPU', () => {
    const s = setup('model:llama-3.1-8b gpus:2 sharding:zero3 offload:optimizer');
    expect(optimizerStateBytes(s).bytes).toBe(0);
    expect(optimizerStepBytes(s)).toBe(0);
  });
  test('GIVEN precision:mixed THEN fp32 weights, grads and states plus a 2 B copy of every matmul weight', () => {
    const s = setup('model:llama-3.1-8b precision:mixed');
    expect(baseWeightBytes(s).bytes).toBe(P_8B * 4);
    expect(gradientBytes(s)).toBe(P_8B * 4);
    expect(optimizerStateBytes(s).bytes).toBe(2 * P_8B * 4);
    // matmul weights: decoder linears + lm_head (the input embedding is a lookup, not cast)
    expect(autocastCacheBytes(s)).toBe((LINEAR_8B + 128_256 * 4096) * 2);
  });
  test('GIVEN bf16 THEN no autocast copies', () => {
    expect(autocastCacheBytes(setup('model:llama-3.1-8b'))).toBe(0);
  });
});
