/**
 * Training engines and the loss split, mechanism by mechanism, with the arithmetic written out
 * (Llama-3.1-8B: h 4096, kv width 1024, f 14336, V 128,256, 32 layers; Llama-3.2-3B: h 3072, 28 layers).
 */
import { buildConfig } from '../../src/config';
import { ENGINE_BUNDLES } from '../../src/config/engines';
import { activations, layerTerms, layerWorkspaceBytes, sumTerms } from '../../src/estimator/activations';
import { logitsBytes } from '../../src/estimator/logits';
import { gradientBytes, largestTrainableTensor, optimizerStepBytes } from '../../src/estimator/state';
import { loadMeasurements, mapMeasurement, maxFitArgs } from '../../bench/calibration';
import { predict } from '../../bench/accuracy';
import { candidates } from '../../src/tips';
import { cfg, setup } from './helpers';

const h = 4096;
const kd = 1024;
const f = 14336;
const V = 128_256;
const LSE = 4 * 32;

describe('loss:standard / chunked / fused (src/estimator/logits.ts)', () => {
  const T = 2048;
  test('GIVEN loss:standard THEN forward 2 + 4 + 4 = 10 B, backward 3 x 4 = 12 B per logit element', () => {
    const l = logitsBytes(setup('model:llama-3.1-8b seq:2048'));
    expect(l.forwardBytes).toBe(T * V * 10);
    expect(l.backwardBytes).toBe(T * V * 12);
  });
  test('GIVEN transformers:4.48 (before the shifted-copy fix) THEN +4 B per element both ways: 14 and 16', () => {
    const l = logitsBytes(setup('model:llama-3.1-8b seq:2048 transformers:4.46.3'));
    expect(l.forwardBytes).toBe(T * V * 14);
    expect(l.backwardBytes).toBe(T * V * 16);
    const now = logitsBytes(setup('model:llama-3.1-8b seq:2048 transformers:4.50.0'));
    expect(now.backwardBytes).toBe(T * V * 12);
  });
  test('GIVEN loss:chunked (torchtune, not compiled) THEN every chunk\'s fp32 log_softmax (4 B) + one chunk of 2048/8 = 256 tokens x (2 + 4) B', () => {
    const l = logitsBytes(setup('model:llama-3.1-8b seq:2048 loss:chunked'));
    expect(l.forwardBytes).toBe(T * V * 4 + 256 * V * 6);
    expect(l.backwardBytes).toBe(T * V * 4 + 256 * V * 6);
  });
  test('GIVEN loss:chunked compile:true THEN every chunk\'s 16-bit logits (2 B) + one chunk', () => {
    const l = logitsBytes(setup('model:llama-3.1-8b seq:2048 loss:chunked compile:true'));
    expect(l.forwardBytes).toBe(T * V * 2 + 256 * V * 6);
  });
  test('GIVEN engine:litgpt (chunked by default) THEN 16-bit logits + 16-bit log_softmax of every chunk (2 x 2 B) + one 128-token chunk of gradients (2 x 2 B)', () => {
    const l = logitsBytes(setup('model:llama-3.1-8b seq:2048 engine:litgpt'));
    expect(l.forwardBytes).toBe(T * V * 4);
    expect(l.backwardBytes).toBe(T * V * 4 + 128 * V * 4);
  });
  test('GIVEN loss:fused THEN one chunk of next_pow2(2048 / ceil(128256/4096) = 64) = 64 tokens x (2 + 4) B + 2048 x h x 6 B (what loss:chunked meant before)', () => {
    const l = logitsBytes(setup('model:llama-3.1-8b seq:2048 loss:fused'));
    expect(l.forwardBytes).toBe(64 * V * 6 + T * h * 6);
  });
  test('GIVEN engine:unsloth (its fused CE) THEN chunks of fp32 logits up to 4 GiB, 12 B per element, + the 16-bit hidden-state gradient', () => {
    // 2048 x 128256 x 4 B = 1.05e9 B < 4 GiB: one chunk of all 2048 tokens
    const short = logitsBytes(setup('model:llama-3.1-8b qlora:true seq:2048 engine:unsloth'));
    expect(short.forwardBytes).toBe(2048 * V * 12 + 2048 * h * 2);
    // 32768 tokens: 32768 x 128256 x 4 / 4 GiB = 3.91 -> 4 chunks of 8192 tokens
    const long = logitsBytes(setup('model:llama-3.1-8b qlora:true seq:32768 engine:unsloth'));
    expect(long.forwardBytes).toBe(8192 * V * 12 + 32768 * h * 2);
  });
  test('GIVEN serving with transformers:4.44 THEN generate keeps every prompt position\'s logits: 4096 x V x (2 + 4); later releases the last position only', () => {
    expect(logitsBytes(setup('model:llama-3.1-8b mode:infer context:4096 transformers:4.44.2')).forwardBytes).toBe(4096 * V * 6);
    expect(logitsBytes(setup('model:llama-3.1-8b mode:infer context:4096')).forwardBytes).toBe(1 * V * 6);
  });
});

describe('kernels (src/estimator/activations.ts)', () => {
  test('GIVEN kernels:liger, full fine-tuning THEN norms keep X + fp32 rstd (2h + 4 instead of 6h, x2) and SwiGLU keeps gate and up only (4f instead of 6f)', () => {
    const per = sumTerms(layerTerms(setup('model:llama-3.1-8b kernels:liger'), false));
    // stock 22h + 4kd + 8f; minus 2 x 4h, plus 2 x 4 B; minus 2f
    expect(per).toBe(14 * h + 4 * kd + 6 * f + 8 + LSE);
  });
  test('GIVEN kernels:liger on a model type Liger does not patch (DeepSeek-V3: RMSNorm, gated MLP, not in MODEL_TYPE_TO_APPLY_LIGER_FN) THEN the stock modules; kernels:unsloth still changes the norms', () => {
    const stock = sumTerms(layerTerms(setup('model:deepseek-v3'), true));
    expect(sumTerms(layerTerms(setup('model:deepseek-v3 kernels:liger'), true))).toBe(stock);
    expect(sumTerms(layerTerms(setup('model:deepseek-v3 kernels:unsloth'), true))).toBeLessThan(stock);
  });
  test('GIVEN kernels:unsloth with LoRA on all linears THEN LoRA_QKV, LoRA_W and LoRA_MLP keep X, X, X, e, g: 14h + 4kd + 4f + 8 per token, whatever the adapter dtype', () => {
    const a = sumTerms(layerTerms(setup('model:llama-3.1-8b lora:true kernels:unsloth'), false));
    const b = sumTerms(layerTerms(setup('model:llama-3.1-8b qlora:true kernels:unsloth adapter_dtype:bf16'), false));
    // norms 2 x (2h + 4); qkv input 2h; kernel q,k,v,out 2(2h + 2kd) + lse; o input 2h; MLP input 2h; e, g 2 x 2f
    expect(a).toBe(2 * (2 * h + 4) + 2 * h + (4 * h + 4 * kd) + 2 * h + 2 * h + 4 * f + LSE);
    expect(b).toBe(a);
  });
  test('GIVEN kernels:unsloth with LoRA dropout THEN the fused paths are off (Unsloth needs dropout 0): only the norms change', () => {
    const stock = sumTerms(layerTerms(setup('model:llama-3.1-8b lora:true dropout:0.1'), false));
    const u = sumTerms(layerTerms(setup('model:llama-3.1-8b lora:true dropout:0.1 kernels:unsloth'), false));
    // LoRA: norms are not trained, so stock keeps 4h per norm; the kernel keeps 2h + 4
    expect(stock - u).toBe(2 * (4 * h - (2 * h + 4)));
  });
  test('GIVEN Unsloth\'s LoRA_MLP THEN backward works in the saved buffers: the MLP workspace is 1 x 2f per token, not 3 x 2f', () => {
    const T = 2048;
    const stock = layerWorkspaceBytes(setup('model:llama-3.1-8b lora:true seq:2048'));
    const u = layerWorkspaceBytes(setup('model:llama-3.1-8b lora:true seq:2048 kernels:unsloth'));
    expect(stock).toBe(3 * 2 * f * T + 2 * 2 * h * T);
    expect(u).toBe(Math.max(2 * f * T, (4 + 2) * h * T + 2 * 2 * kd * T) + 2 * 2 * h * T);
  });
});

describe('checkpointing and offloading', () => {
  test('GIVEN gc:unsloth THEN it is gc:offload (Unsloth\'s offloaded checkpoints)', () => {
    const b = buildConfig({ model: 'llama-3.1-8b', gc: 'unsloth' });
    expect(b.ok && b.value.config.gc).toBe('offload');
  });
  test('GIVEN act_offload:true gc:true (3B, 8192 tokens) THEN 5 checkpoints in the forward stash, 2 + one layer in backward, 28 in host RAM', () => {
    const s = setup('model:llama-3.2-3b batch:2 seq:4096 gc:true act_offload:true');
    const a = activations(s);
    const ckpt = 2 * 3072 * 8192;
    expect(a.forwardEndBytes).toBe(5 * ckpt + a.finalPerToken * 8192);
    expect(a.recomputeBytes).toBe(2 * ckpt + a.oneLayerBytes);
    expect(a.hostBytes).toBe(28 * ckpt);
  });
  test('GIVEN act_offload:true without gc:true THEN a coded error naming act_offload', () => {
    const b = buildConfig({ model: 'llama-3.1-8b', act_offload: 'true' });
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.errors[0]).toMatchObject({ code: 'conflict', key: 'act_offload' });
  });
});

describe('opt_in_bwd (src/estimator/state.ts)', () => {
  test('GIVEN full fine-tuning of 8B with opt_in_bwd THEN one gradient alive: the embedding 128256 x 4096 x 2 B; its foreach sqrt copy the same', () => {
    const s = setup('model:llama-3.1-8b opt_in_bwd:true');
    expect(largestTrainableTensor(s)).toBe(V * h);
    expect(gradientBytes(s)).toBe(V * h * 2);
    expect(optimizerStepBytes(s)).toBe(V * h * 2);
    expect(optimizerStepBytes(setup('model:llama-3.1-8b opt_in_bwd:true optimizer:adamw-fused'))).toBe(0);
  });
  test('GIVEN opt_in_bwd with accum:4 THEN a coded error naming opt_in_bwd', () => {
    const b = buildConfig({ model: 'llama-3.1-8b', opt_in_bwd: 'true', accum: '4' });
    expect(!b.ok && b.errors[0]).toMatchObject({ code: 'conflict', key: 'opt_in_bwd' });
  });
});

describe('engines (src/config/engines.ts)', () => {
  test('GIVEN engine:unsloth THEN loss:fused kernels:unsloth gc:offload filled and listed as assumed with the engine as the reason; a typed switch wins', () => {
    const b = buildConfig({ model: 'llama-3.1-8b', method: 'qlora', engine: 'unsloth' });
    if (!b.ok) throw new Error('build');
    expect(b.value.config).toMatchObject({ engine: 'unsloth', loss: 'fused', kernels: 'unsloth', gc: 'offload', upcast: false });
    const loss = b.value.assumed.find((a) => a.key === 'loss');
    expect(loss?.value).toBe('fused');
    expect(loss?.why).toMatch(/^engine:unsloth: /);
    const typed = buildConfig({ model: 'llama-3.1-8b', method: 'qlora', engine: 'unsloth', loss: 'standard' });
    expect(typed.ok && typed.value.config.loss).toBe('standard');
  });
  test('GIVEN engine:torchtune full fine-tuning on one GPU THEN opt_in_bwd (the single-device configs); with accum:4 it is not set', () => {
    const one = buildConfig({ model: 'llama-3.2-3b', engine: 'torchtune' });
    expect(one.ok && one.value.config).toMatchObject({ loss: 'chunked', gc: 'true', optInBwd: true });
    const acc = buildConfig({ model: 'llama-3.2-3b', engine: 'torchtune', accum: '4' });
    expect(acc.ok && acc.value.config.optInBwd).toBe(false);
  });
  test('GIVEN every bundle THEN each default has a source and names a real switch', () => {
    for (const [engine, sets] of Object.entries(ENGINE_BUNDLES)) {
      for (const d of sets) {
        expect(d.source.length).toBeGreaterThan(10);
        const b = buildConfig({ model: 'llama-3.1-8b', method: 'lora', engine });
        expect(b.ok).toBe(true);
      }
    }
  });
  test('GIVEN a training engine in serving, or a serving engine in training THEN a coded error naming engine and the mode\'s values', () => {
    const a = buildConfig({ model: 'llama-3.1-8b', mode: 'infer', engine: 'unsloth' });
    expect(!a.ok && a.errors[0]).toMatchObject({ code: 'conflict', key: 'engine', value: 'unsloth' });
    if (!a.ok) expect(a.errors[0]?.detail).toMatch(/`vllm`/);
    const b = buildConfig({ model: 'llama-3.1-8b', engine: 'vllm' });
    expect(!b.ok && b.errors[0]).toMatchObject({ code: 'conflict', key: 'engine', value: 'vllm' });
    if (!b.ok) expect(b.errors[0]?.detail).toMatch(/`torchtune`/);
  });
  test('GIVEN engine:liger with a TRL objective THEN a coded error naming engine (its fused loss is not modelled for TRL\'s losses); loss:standard typed passes', () => {
    const b = buildConfig({ model: 'llama-3.1-8b', method: 'lora', engine: 'liger', objective: 'dpo' });
    expect(!b.ok && b.errors[0]).toMatchObject({ code: 'conflict', key: 'engine', value: 'liger' });
    const ok = buildConfig({ model: 'llama-3.1-8b', method: 'lora', engine: 'liger', objective: 'dpo', loss: 'standard' });
    expect(ok.ok && ok.value.config.kernels).toBe('liger');
  });
  test('GIVEN the default Transformers release THEN it is stated in the assumptions', () => {
    const b = buildConfig({ model: 'llama-3.1-8b' });
    expect(b.ok && b.value.assumed.find((a) => a.key === 'transformers')?.value).toBe('latest');
  });
  test('GIVEN loss spellings THEN liger/cce are fused, torchtune is chunked', () => {
    for (const [typed, want] of [['liger', 'fused'], ['cce', 'fused'], ['torchtune', 'chunked'], ['standard', 'standard']] as const) {
      const b = buildConfig({ model: 'llama-3.1-8b', loss: typed });
      expect(b.ok && b.value.config.loss).toBe(want);
    }
  });
});

describe('calibration: torchtune ladder and Unsloth context table', () => {
  const points = new Map(loadMeasurements().map((m) => [m.id, m]));
  const within = (id: string, tol: number): void => {
    const m = points.get(id);
    const p = m && mapMeasurement(m);
    if (!p || p.kind !== 'point' || p.m.value_gib === null) throw new Error(id);
    expect(Math.abs(predict(p.args, p.stat) - p.m.value_gib) / p.m.value_gib).toBeLessThanOrEqual(tol);
  };
  test('GIVEN gt032 (chunked CE, compiled: 42.9 GiB) THEN within 3%', () => within('gt032', 0.03));
  test('GIVEN gt034 (+ optimizer in backward: 23.1 GiB) THEN within 3%', () => within('gt034', 0.03));
  test('GIVEN gt035 (+ activation offloading: 21.8 GiB) THEN within 3%', () => within('gt035', 0.03));
  test('GIVEN the Unsloth README max-context rows (gt450-gt462, Jan 2025) THEN every estimate fits its card, and none is more than 15% under it', () => {
    for (let i = 450; i <= 462; i++) {
      const m = points.get(`gt${i}`);
      if (!m || m.value_gib === null) throw new Error(`gt${i}`);
      const p = predict(maxFitArgs(m), 'total');
      expect(p).toBeLessThanOrEqual(m.value_gib);
      expect(p).toBeGreaterThanOrEqual(0.85 * m.value_gib);
    }
  });
});

describe('tips (src/tips.ts)', () => {
  const texts = (line: string): string[] => candidates(cfg(line)).map((c) => c.text);
  test('GIVEN stock full fine-tuning THEN loss:fused, kernels:liger and opt_in_bwd:true are proposed; none for a setup that has them', () => {
    const t = texts('model:llama-3.2-3b');
    for (const x of ['loss:fused', 'kernels:liger', 'opt_in_bwd:true']) expect(t).toContain(x);
    const done = texts('model:llama-3.2-3b loss:fused kernels:liger opt_in_bwd:true');
    for (const x of ['loss:fused', 'kernels:liger', 'opt_in_bwd:true']) expect(done).not.toContain(x);
  });
  test('GIVEN opt_in_bwd THEN no smaller-batch-more-accumulation tip (it cannot accumulate); act_offload THEN no gc:offload tip', () => {
    expect(texts('model:llama-3.2-3b batch:4 opt_in_bwd:true').some((x) => x.includes('accum:'))).toBe(false);
    expect(texts('model:llama-3.2-3b gc:true act_offload:true')).not.toContain('gc:offload');
  });
});

describe('bnb: what a frozen 4-bit linear keeps for backward (bitsandbytes MatMul4Bit, commit 9e75374)', () => {
  const line = 'model:llama-3.1-8b method:qlora targets:q,v dropout:0 adapter_dtype:bf16 precision:bf16 batch:1 seq:2048';
  test('GIVEN bnb:0.42.0 THEN the inputs of o, gate/up and down are kept too: (2h + I) x 2 B per token per layer more than today', () => {
    const today = activations(setup(line)).savedBytes;
    const old = activations(setup(`${line} bnb:0.42.0`)).savedBytes;
    // q,k,v read the attention norm's output, which q's and v's LoRA keep anyway; o's input, the
    // MLP norm's output (gate and up share it) and down's input are kept only by the old matmul.
    expect(old - today).toBe((2 * 4096 + 14336) * 2 * 2048 * 32);
  });
  test('GIVEN an int8 base THEN its input is kept in every release (MatMul8bitLt keeps A)', () => {
    const l = 'model:llama-3.1-8b method:qlora quant:int8 targets:q,v dropout:0 adapter_dtype:bf16 precision:bf16 batch:1 seq:2048';
    expect(activations(setup(`${l} bnb:0.42.0`)).savedBytes).toBe(activations(setup(l)).savedBytes);
  });
  test('GIVEN the version spellings THEN 0.43.1 and earlier keep A, 0.43.2 and later do not', () => {
    expect(setup(`${line} bnb:0.41.1`).cfg.bnb).toBe('0.43.1');
    expect(setup(`${line} bnb:0.43.1`).cfg.bnb).toBe('0.43.1');
    expect(setup(`${line} bnb:0.43.2`).cfg.bnb).toBe('latest');
    expect(setup(`${line} bnb:0.45.5`).cfg.bnb).toBe('latest');
  });
});
