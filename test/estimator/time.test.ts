/**
 * Training step time, run time, cost and the serving roofline, checked against arithmetic done by
 * hand (written out in each test). Llama-3.1-8B (config.json): hidden 4096, 32 layers, 32 heads
 * of 128, 8 KV heads, intermediate 14336, vocab 128256, untied head.
 */
import { findGpu } from '../../src/catalog/gpus';
import { pricesFor, PRICES_AS_OF } from '../../src/catalog/prices';
import { buildConfig } from '../../src/config';
import { resolveArgs } from '../../src/report';
import { costOf, datasetTokens, estimateTime, runTime, trainFlopsPerToken, trainTime, utilisationFor, type Utilisation } from '../../src/estimator/time';
import { expertsTouched, serveTime } from '../../src/estimator/serving-time';
import { UTILISATION_DATA } from '../../src/estimator/utilisation.data';
import { reportFromLine } from '../../commands/estimate-line';

const args = (line: string): Record<string, string> => Object.fromEntries(line.split(/\s+/).map((t) => [t.slice(0, t.indexOf(':')), t.slice(t.indexOf(':') + 1)]));

function resolved(line: string) {
  const r = resolveArgs(args(line));
  if (!r.ok) throw new Error(`${line}: ${JSON.stringify(r.errors)}`);
  return r.value;
}

const HALF: Utilisation = { value: 0.5, level: 'overall', key: 'test', rows: 0, text: 'test' };
const H100 = findGpu('h100');
if (!H100) throw new Error('no h100');

// Llama-3.1-8B by hand, multiply-adds per token:
// per layer q 4096x4096 + k 4096x1024 + v 4096x1024 + o 4096x4096 + gate/up/down 3 x 4096x14336
const PER_LAYER = 2 * 4096 * 4096 + 2 * 4096 * 1024 + 3 * 4096 * 14336; // 218,103,808
const DECODER = 32 * PER_LAYER; // 6,979,321,856
const HEAD = 4096 * 128_256; // 525,336,576
// Attention, sdpa causal at seq 2048: 2 FLOPs x 32 heads x (128 + 128) x (2049 / 2) keys per layer, 32 layers.
const ATTN_FWD = 2 * 32 * 256 * (2049 / 2) * 32; // 537,133,056

describe('FLOPs per token', () => {
  test('GIVEN Llama-3.1-8B full at seq 2048 THEN 3 x 2 x (decoder + head) + 3.5 x attention = 46,907,916,288', () => {
    expect(PER_LAYER).toBe(218_103_808);
    const r = resolved('model:llama-3.1-8b batch:2 seq:2048');
    const f = trainFlopsPerToken(r.arch, r.built.config);
    expect(f.forward).toBe(2 * (DECODER + HEAD)); // 15,009,316,864
    expect(f.inputGrad).toBe(f.forward);
    expect(f.weightGrad).toBe(f.forward);
    // FlashAttention's backward is 2.5x its forward: 1 + 2.5 = 3.5.
    expect(f.attention).toBeCloseTo(3.5 * ATTN_FWD, 0); // 1,879,965,696
    expect(f.recompute).toBe(0);
    expect(f.total).toBeCloseTo(3 * 2 * (DECODER + HEAD) + 3.5 * ATTN_FWD, 0); // 46,907,916,288
  });

  test('GIVEN LoRA r16 on every linear with gc:true THEN no weight gradients, 6 r (in + out) per adapter and one more forward of the layers', () => {
    // Adapter MACs per layer: 16 x [(4096+4096) x 2 (q, o) + (4096+1024) x 2 (k, v) + (4096+14336) x 3] = 1,310,720.
    const ADAPTER = 32 * 16 * (8192 * 2 + 5120 * 2 + 18432 * 3); // 41,943,040
    const r = resolved('model:llama-3.1-8b batch:2 seq:2048 lora:true rank:16 gc:true');
    const f = trainFlopsPerToken(r.arch, r.built.config);
    expect(f.weightGrad).toBe(0);
    expect(f.adapters).toBe(6 * ADAPTER); // 251,658,240
    expect(f.recompute).toBeCloseTo(2 * DECODER + 2 * ADAPTER + ATTN_FWD, 0); // 14,579,662,848
    expect(f.total).toBeCloseTo(2 * 2 * (DECODER + HEAD) + 6 * ADAPTER + 3.5 * ATTN_FWD + 2 * DECODER + 2 * ADAPTER + ATTN_FWD, 0);
  });

  test('GIVEN attention:eager THEN the full s x s square and a 2x backward', () => {
    const r = resolved('model:llama-3.1-8b batch:2 seq:2048 attention:eager');
    const f = trainFlopsPerToken(r.arch, r.built.config);
    // 2 x 32 heads x 256 x 2048 keys x 32 layers forward, 3x with the backward.
    expect(f.attention).toBe(3 * 2 * 32 * 256 * 2048 * 32);
  });
});

describe('step time on an H100 SXM (989.4 TFLOPS bf16 dense, 3,350 GB/s)', () => {
  test('GIVEN Llama-3.1-8B full, batch 2 x 2048, utilisation 0.5 THEN compute 388 ms + foreach AdamW 101 ms', () => {
    const r = resolved('model:llama-3.1-8b batch:2 seq:2048 gpu:h100');
    const t = trainTime(r.arch, r.built.config, H100, { utilisation: HALF });
    if (!t.ok) throw new Error(t.reason);
    const flops = 3 * 2 * (DECODER + HEAD) + 3.5 * ATTN_FWD; // 46,907,916,288 per token
    const compute = (flops * 4096) / (989.4e12 * 0.5); // 0.38839 s
    // torch AdamW's foreach step (torch/optim/adam.py _multi_tensor_adam): 21 element reads and writes of 2 B per param.
    const optimizer = (8_030_261_248 * 21 * 2) / 3350e9; // 0.100678 s
    expect(t.value.peakTflops).toBe(989.4);
    expect(t.value.computeS).toBeCloseTo(compute, 6);
    expect(t.value.optimizerS).toBeCloseTo(optimizer, 6);
    expect(t.value.stepS).toBeCloseTo(compute + optimizer, 6);
    expect(t.value.tokensPerS).toBeCloseTo(4096 / (compute + optimizer), 3); // ~8,378 tokens/s
    expect(t.value.lines.join('\n')).toContain('989.4 TFLOPS bf16 x 0.500');
  });

  test('GIVEN optimizer:adamw-fused THEN one pass: read p, g, m, v and write p, m, v = 14 B per param', () => {
    const r = resolved('model:llama-3.1-8b batch:2 seq:2048 gpu:h100 optimizer:adamw-fused');
    const t = trainTime(r.arch, r.built.config, H100, { utilisation: HALF });
    if (!t.ok) throw new Error(t.reason);
    expect(t.value.optimizerS).toBeCloseTo((8_030_261_248 * 14) / 3350e9, 9); // 33.6 ms
  });

  test('GIVEN QLoRA NF4 with gc:true THEN three dequantisations per micro-batch of 2.5 B per decoder weight', () => {
    const r = resolved('model:llama-3.1-8b batch:2 seq:2048 qlora:true gc:true gpu:h100');
    const t = trainTime(r.arch, r.built.config, H100, { utilisation: HALF });
    if (!t.ok) throw new Error(t.reason);
    // forward + backward + recompute, each reading 0.5 B and writing 2 B per quantized weight.
    expect(t.value.dequantS).toBeCloseTo((3 * DECODER * 2.5) / 3350e9, 9); // 15.6 ms
  });

  test('GIVEN pp:2 with 4 micro-batches THEN the bubble is (pp - 1) / (m + pp - 1) = 1/5', () => {
    const r = resolved('model:llama-3.1-8b batch:1 seq:2048 gpu:h100 pp:2 gpus:2 accum:4');
    const t = trainTime(r.arch, r.built.config, H100, { utilisation: HALF });
    if (!t.ok) throw new Error(t.reason);
    expect(t.value.bubble).toBeCloseTo(1 / 5, 12);
    // Each micro-batch slot is 1/pp of the model's compute; 5 slots in all.
    const slot = t.value.computeS / 4;
    expect(t.value.stepS).toBeCloseTo(5 * slot + t.value.optimizerS, 9);
    expect(t.value.bubbleS).toBeCloseTo(slot, 9);
  });

  test('GIVEN DDP on 2 H100s THEN the gradient all-reduce moves 2 (n-1)/n x 16.06 GB at 450 GB/s, hidden under the backward', () => {
    const r = resolved('model:llama-3.1-8b batch:2 seq:2048 gpu:h100 gpus:2');
    const t = trainTime(r.arch, r.built.config, H100, { utilisation: HALF });
    if (!t.ok) throw new Error(t.reason);
    // bf16 gradients of 8,030,261,248 params; NVLink 900 GB/s bidirectional = 450 GB/s each way.
    expect(t.value.dpCommS).toBeCloseTo((2 * 0.5 * 8_030_261_248 * 2) / 450e9, 9); // 35.7 ms
    expect(t.value.dpExposedS).toBe(0);
    // Two replicas: twice the tokens per step.
    expect(t.value.tokensPerStep).toBe(2 * 4096);
  });

  test('GIVEN tp:2 THEN 4 all-reduces per layer of tokens x hidden x 2 B, on the critical path', () => {
    const r = resolved('model:llama-3.1-8b batch:1 seq:2048 gpu:h100 tp:2');
    const t = trainTime(r.arch, r.built.config, H100, { utilisation: HALF });
    if (!t.ok) throw new Error(t.reason);
    // 2048 x 4096 x 2 B = 16,777,216 B per all-reduce; ring 2 (n-1)/n = 1; 4 x 32 layers.
    expect(t.value.tpCommS).toBeCloseTo((4 * 32 * 2048 * 4096 * 2) / 450e9, 9);
  });

  test('GIVEN a card without bf16 (T4) THEN no time, and the reason names the precision', () => {
    const t4 = findGpu('t4');
    if (!t4) throw new Error('no t4');
    const r = resolved('model:llama-3.2-1b batch:1 seq:512');
    const t = trainTime(r.arch, r.built.config, t4);
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.reason).toContain('bf16');
  });
});

describe('utilisation from the published rows', () => {
  test('torchtune full uses the median of its own rows; an engine without rows (unsloth) takes all rows and says so', () => {
    const tt = UTILISATION_DATA.rows.filter((r) => r.engine === 'torchtune' && r.method === 'full').map((r) => r.mfu).sort((a, b) => a - b);
    expect(tt.length).toBeGreaterThan(2);
    const mid = Math.floor(tt.length / 2);
    const median = tt.length % 2 ? tt[mid] : ((tt[mid - 1] ?? 0) + (tt[mid] ?? 0)) / 2;
    const u = utilisationFor('torchtune', 'full');
    expect(u.value).toBeCloseTo(median ?? 0, 12);
    expect(u.rows).toBe(tt.length);
    const ax = utilisationFor('unsloth', 'full');
    expect(ax.level).toBe('overall');
    expect(ax.rows).toBe(UTILISATION_DATA.rows.length);
    expect(ax.text).toContain('no published row');
    // Stock transformers + PEFT has its own rows (peft's MetaMathQA runs on an L40S, 4 x 210 tokens per step).
    const hf = utilisationFor('hf', 'lora');
    expect(hf.level).toBe('engine|method');
    expect(hf.text).toContain('840 tokens per micro-batch');
  });

  test('leaving a row out changes the median it is predicted with', () => {
    const id = UTILISATION_DATA.rows[0]?.id ?? '';
    expect(utilisationFor('torchtune', 'full', id).rows).toBe(utilisationFor('torchtune', 'full').rows - 1);
  });
});

describe('run time and cost', () => {
  test('GIVEN tokens:1000000000 epochs:2 THEN seconds = 2e9 / tokens per second; cost = GPU-hours x price', () => {
    const run = runTime({ tokensPerS: 10_000 }, { datasetTokens: 1_000_000_000, samples: null, seq: 2048, epochs: 2, gpus: 4 });
    expect(run?.seconds).toBe(200_000); // 2e9 / 1e4
    expect(run?.gpuHours).toBeCloseTo((200_000 / 3600) * 4, 9); // 222.2
    const c = costOf(run?.gpuHours ?? 0, 'h100', 4, 2.5);
    expect(c?.usd).toBeCloseTo(((200_000 / 3600) * 4) * 2.5, 9); // $555.56
    expect(c?.usdPerHour).toBe(10);
    expect(c?.basis).toBe('given');
  });

  test('GIVEN samples:1000 seq:4096 THEN 4,096,000 tokens; without tokens or samples no run', () => {
    expect(datasetTokens({ datasetTokens: null, samples: 1000, seq: 4096 })).toBe(4_096_000);
    expect(runTime({ tokensPerS: 1 }, { datasetTokens: null, samples: null, seq: 2048, epochs: 1, gpus: 1 })).toBeNull();
  });

  test('GIVEN no price THEN the cheapest sourced on-demand row for the card, dated', () => {
    const row = pricesFor('h100')[0];
    if (!row) throw new Error('no h100 price');
    const c = costOf(10, 'h100', 1, null);
    expect(c?.usdPerGpuHour).toBe(row.usdPerGpuHour);
    expect(c?.usd).toBeCloseTo(10 * row.usdPerGpuHour, 9);
    expect(c?.asOf).toBe(PRICES_AS_OF);
    expect(c?.text).toContain(row.instance);
  });

  test('tokens and samples together are refused with a coded error naming the key', () => {
    const b = buildConfig({ model: 'llama-3.1-8b', tokens: '1000000', samples: '10' });
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.errors[0]).toMatchObject({ code: 'conflict', key: 'samples' });
    const bad = buildConfig({ model: 'llama-3.1-8b', epochs: '0' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatchObject({ code: 'out_of_range', key: 'epochs' });
  });

  test('the report carries time and cost; without a card it says to name one', () => {
    const r = reportFromLine('model:llama-3.1-8b lora:true gpu:h100 tokens:100000000 epochs:3 price:2');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.time.kind).toBe('train');
    if (r.value.time.kind !== 'train') return;
    const run = r.value.time.run;
    expect(run?.seconds).toBeCloseTo((100_000_000 * 3) / r.value.time.train.tokensPerS, 6);
    expect(r.value.cost?.usd).toBeCloseTo(((run?.seconds ?? 0) / 3600) * 2, 6);
    const none = reportFromLine('model:llama-3.1-8b lora:true');
    if (!none.ok) throw new Error('x');
    expect(none.value.time.kind).toBe('none');
    expect(none.value.cost).toBeNull();
  });

  test('estimateTime in serving gives the roofline and a cost per million tokens', () => {
    const r = resolved('model:llama-3.1-8b mode:infer engine:vllm context:4096 gpu:h100 price:3');
    const { time, cost } = estimateTime(r.arch, r.built.config);
    expect(time.kind).toBe('serve');
    if (time.kind !== 'serve') return;
    const tps = time.serve.tokensPerSAtMax ?? time.serve.tokensPerS;
    expect(cost?.usdPerMillionTokens).toBeCloseTo((3 / (tps * 3600)) * 1e6, 9);
  });
});

describe('serving roofline', () => {
  test('GIVEN Llama-3.1-8B bf16, batch 1, context 4096 on an H100 THEN decode reads 16.06 GB + 0.54 GB of KV at 3,350 GB/s = 4.95 ms', () => {
    const r = resolved('model:llama-3.1-8b mode:infer context:4096 gpu:h100');
    const t = serveTime(r.arch, r.built.config, H100);
    if (!t.ok) throw new Error(t.reason);
    const weights = 8_030_261_248 * 2; // bf16
    // K and V: 2 x 8 KV heads x 128 x 2 B = 4,096 B per token per layer, x 32 layers x 4096 tokens.
    const kv = 4096 * 32 * 4096; // 536,870,912
    expect(t.value.weightReadBytes).toBe(weights);
    expect(t.value.kvPerSeqBytes).toBe(kv);
    expect(t.value.decodeStepS).toBeCloseTo((weights + kv) / 3350e9, 9); // 4.954 ms
    expect(t.value.bound).toBe('bandwidth');
    // Prefill: 4096 x 2 x 7,504,658,432 + causal attention 2 x 32 x 256 x 4096 x 4097/2 x 32 layers, at 989.4 TFLOPS.
    const prefill = 4096 * 2 * (DECODER + HEAD) + 2 * 32 * 256 * 4096 * (4097 / 2) * 32;
    expect(t.value.prefillFlops).toBeCloseTo(prefill, -3);
    expect(t.value.ttftS).toBeCloseTo(prefill / 989.4e12, 9); // ~65 ms
  });

  test('GIVEN an MoE THEN a batch reads the share of experts its tokens route to: 1 - (1 - k/E)^b', () => {
    expect(expertsTouched(8, 128, 1)).toBeCloseTo(8 / 128, 12);
    expect(expertsTouched(8, 128, 16)).toBeCloseTo(1 - Math.pow(120 / 128, 16), 12); // 0.644
  });
});

describe('what the time model does not cover is refused, naming the key', () => {
  test('GIVEN objective:dpo or offload THEN no time, and the reason names the key', () => {
    const dpo = resolved('model:llama-3.2-1b batch:1 seq:512 objective:dpo lora:true gpu:h100');
    const t = trainTime(dpo.arch, dpo.built.config, H100);
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.reason).toContain('objective:dpo');
    const off = resolved('model:llama-3.2-1b batch:1 seq:512 gpus:2 sharding:zero3 offload:optimizer gpu:h100');
    const o = trainTime(off.arch, off.built.config, H100);
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.reason).toContain('offload:optimizer');
  });

  test('GIVEN llama.cpp with blocks in host RAM THEN no serving roofline', () => {
    const r = resolved('model:llama-3.1-8b mode:infer engine:llamacpp quant:q4_k_m ngl:10 gpu:h100');
    const t = serveTime(r.arch, r.built.config, H100);
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.reason).toContain('ngl');
  });
});

describe('engines on transformers\' Trainer', () => {
  test('GIVEN engine:axolotl (no rows of its own) THEN the stock hf rows of the method, and the reply says why', () => {
    const hf = UTILISATION_DATA.rows.filter((r) => r.engine === 'hf' && r.method === 'lora');
    expect(hf.length).toBeGreaterThan(0);
    const u = utilisationFor('axolotl', 'lora');
    expect(u.rows).toBe(hf.length);
    expect(u.value).toBeCloseTo(utilisationFor('hf', 'lora').value, 12);
    expect(u.text).toContain('no published axolotl row');
    // Unsloth's own kernels are not transformers' loop: it takes every row.
    expect(utilisationFor('unsloth', 'lora').level).toBe('overall');
  });
});

describe('sliding-window layers', () => {
  test('GIVEN a sliding window w < s with flash THEN a query sees (w (w + 1) / 2 + (s - w) w) / s keys on average', () => {
    // Mistral-7B v0.1 (config.json): sliding_window 4096 on every layer, 32 layers, 32 heads of 128.
    const r = resolved('model:mistral-7b-v0.1 batch:1 seq:8192 attention:flash');
    const a = r.arch;
    expect(a.slidingWindow).toBe(4096);
    const w = a.slidingWindow ?? 0;
    const keys = (w * (w + 1) / 2 + (8192 - w) * w) / 8192;
    const windowLayers = Math.round(a.layers * a.slidingFraction);
    const fullLayers = a.layers - windowLayers;
    const perKey = 2 * a.heads * 2 * a.headDim;
    const f = trainFlopsPerToken(a, r.built.config);
    expect(f.attention).toBeCloseTo(3.5 * perKey * (fullLayers * (8193 / 2) + windowLayers * keys), 0);
  });
});
