import { ropeCacheBytes } from '../../src/estimator/serving';
/**
 * Weight formats (src/estimator/quant.ts): bytes per weight from each format's layout, the tensors
 * each format's tooling leaves unquantized, the kernels' transients, the training and engine rules
 * (src/config/formats.ts), and published measurements (calibration/measurements.jsonl gt300-gt318).
 */
import { buildConfig, type Args } from '../../src/config';
import { formatProblem, withCheckpointFormat } from '../../src/config/formats';
import { reportFromArgs, reportFromLine } from '../../commands/estimate-line';
import { loadMeasurements } from '../../bench/calibration';
import { MARLIN_C_TMP_BYTES } from '../../src/estimator/constants';
import { dequantBufferBytes, formatNotes, ggufTensorType, useMoreBits, weightLayout } from '../../src/estimator/quant';
import { baseWeightBytes, weightsFormula } from '../../src/estimator/state';
import type { Term } from '../../src/estimator/formula';
import { arch, comp, setup, GiB } from './helpers';

// ─── Llama-3.1-8B, by hand ─────────────────────────────────────────────────────────────────
// 32 layers, hidden 4096, 32 heads / 8 KV heads of 128, MLP 14336, vocab 128,256, untied.
// Per layer: q 4096x4096, k 4096x1024, v 4096x1024, o 4096x4096, gate/up 4096x14336, down 14336x4096.
const L = 32;
const PER_LAYER = 4096 * 4096 * 2 + 4096 * 1024 * 2 + 3 * 4096 * 14336; // 218,103,808
const LINEAR = L * PER_LAYER; // 6,979,321,856 quantizable weights
const EMB = 128256 * 4096; // 525,336,576 (embed_tokens; lm_head the same, untied)
const NORMS = 65 * 4096; // 2 per layer + the final norm
const P = LINEAR + 2 * EMB + NORMS; // 8,030,261,248
const REST = P - LINEAR; // embeddings, lm_head, norms: 1,050,939,392
const ROWS = L * (4096 + 1024 + 1024 + 4096 + 14336 + 14336 + 4096); // output rows: 1,376,256
const GROUPS_128 = LINEAR / 128; // scales per group of 128 along the input: 54,525,952
const G_IDX = L * (6 * 4096 + 14336); // int32 per input channel of every linear: 1,245,184
// fp8-block: ceil(out/128) x ceil(in/128) per matrix: q 32x32, k 8x32, v 8x32, o 32x32, gate/up 112x32, down 32x112.
const BLOCKS = L * (1024 + 256 + 256 + 1024 + 3 * 3584); // 425,984
const LARGEST = 4096 * 14336; // gate/up/down, one instance

const weights = (line: string): number => baseWeightBytes(setup(line)).bytes;
const serve = (extra: string): string => `model:llama-3.1-8b mode:infer ${extra}`;

describe('bytes per weight, Llama-3.1-8B served in bf16', () => {
  test('GIVEN quant:none THEN 2 B per parameter', () => {
    expect(P).toBe(8_030_261_248);
    expect(weights(serve('quant:none'))).toBe(P * 2);
  });
  test('GIVEN nf4 THEN 0.5 B + an fp32 absmax per 64 on the linears, the rest in bf16', () => {
    expect(weights(serve('quant:nf4'))).toBe(LINEAR * (0.5 + 4 / 64) + REST * 2);
  });
  test('GIVEN int8 THEN 1 B + an fp32 scale per output row', () => {
    expect(weights(serve('quant:int8'))).toBe(LINEAR + ROWS * 4 + REST * 2);
  });
  test('GIVEN fp8 on vLLM THEN 1 B + an fp32 scale per output channel (FP8_DYNAMIC); lm_head stays bf16', () => {
    expect(weights(serve('quant:fp8 engine:vllm'))).toBe(LINEAR + ROWS * 4 + REST * 2);
  });
  test('GIVEN fp8 on transformers THEN compressed-tensors decompresses the linears to bf16 (plus the bf16 row scale)', () => {
    expect(weights(serve('quant:fp8 engine:hf'))).toBe(LINEAR * 2 + ROWS * 2 + REST * 2);
  });
  test('GIVEN fp8-block THEN 1 B + an fp32 scale per 128x128 block', () => {
    expect(weights(serve('quant:fp8-block engine:vllm'))).toBe(LINEAR + BLOCKS * 4 + REST * 2);
  });
  test('GIVEN awq-int4 (group 128) THEN 4 bits + fp16 scale and 4-bit zero per 128, on any engine', () => {
    const expected = LINEAR / 2 + GROUPS_128 * (2 + 0.5) + REST * 2;
    expect(expected).toBe(5_727_854_592);
    expect(weights(serve('quant:awq-int4 engine:hf'))).toBe(expected);
    expect(weights(serve('quant:awq-int4 engine:vllm'))).toBe(expected);
  });
  test('GIVEN awq-int4 group:64 THEN twice the group constants', () => {
    expect(weights(serve('quant:awq-int4 group:64'))).toBe(LINEAR / 2 + 2 * GROUPS_128 * 2.5 + REST * 2);
  });
  test('GIVEN gptq-int4 on transformers THEN qweight + fp16 scale and packed zero per 128 + int32 g_idx per input', () => {
    expect(weights(serve('quant:gptq-int4 engine:hf'))).toBe(LINEAR / 2 + GROUPS_128 * 2.5 + G_IDX * 4 + REST * 2);
  });
  test('GIVEN gptq-int4 on vLLM THEN Marlin drops qzeros and g_idx: 4 bits + fp16 scale per 128', () => {
    expect(weights(serve('quant:gptq-int4 engine:vllm'))).toBe(LINEAR / 2 + GROUPS_128 * 2 + REST * 2);
  });
  test('GIVEN gptq-int4 group:16 on vLLM (not a Marlin group size) THEN the plain gptq kernel keeps qzeros and g_idx', () => {
    expect(weights(serve('quant:gptq-int4 engine:vllm group:16'))).toBe(LINEAR / 2 + 8 * GROUPS_128 * 2.5 + G_IDX * 4 + REST * 2);
  });
  test('GIVEN gptq-int8 on transformers THEN 1 B + fp16 scale and 8-bit zero per 128 + g_idx', () => {
    expect(weights(serve('quant:gptq-int8 engine:hf'))).toBe(LINEAR + GROUPS_128 * 3 + G_IDX * 4 + REST * 2);
  });
  test('GIVEN mxfp4 on a dense model THEN nothing is quantized (MXFP4 applies to MoE experts only)', () => {
    expect(weights(serve('quant:mxfp4 engine:vllm'))).toBe(P * 2);
  });
});

describe('GGUF types (llama.cpp), Llama-3.1-8B', () => {
  // use_more_bits(i, 32): i < 4, i >= 28, or (i - 4) % 3 == 2: 16 of the 32 layers.
  const MORE = [0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31];
  const V_DOWN = 4096 * 1024 + 14336 * 4096; // attn_v + ffn_down of one layer
  const gguf = (q: string): number => weightLayout(setup(serve(`engine:llamacpp quant:${q}`))).totalBytes;

  test('GIVEN use_more_bits over 32 layers THEN it picks the first and last four and every third between', () => {
    expect(Array.from({ length: 32 }, (_, i) => i).filter((i) => useMoreBits(i, 32))).toEqual(MORE);
  });
  test('GIVEN q4_k_m THEN Q4_K (144 B/256) everywhere but Q6_K (210 B/256) for output and for attn_v/ffn_down in 16 layers; norms F32', () => {
    const q6 = MORE.length * V_DOWN + EMB; // + output
    const q4 = LINEAR - MORE.length * V_DOWN + EMB; // + token_embd
    const expected = q4 * (144 / 256) + q6 * (210 / 256) + NORMS * 4;
    expect(expected).toBe(4_912_898_048); // llama.cpp prints "model size = 4.58 GiB (4.89 BPW)"
    expect(gguf('q4_k_m')).toBe(expected);
  });
  test('GIVEN q4_k_m THEN llama.cpp keeps token_embd on the CPU: the GPU part is the file less 281.81 MiB', () => {
    const w = weightLayout(setup(serve('engine:llamacpp quant:q4_k_m')));
    expect(w.gguf?.inputBytes).toBe(EMB * (144 / 256));
    expect(((w.totalBytes - (w.gguf?.inputBytes ?? 0)) / 2 ** 20).toFixed(2)).toBe('4403.49');
  });
  test('GIVEN q5_k_m THEN Q5_K (176 B/256) with the same Q6_K layers', () => {
    const q6 = MORE.length * V_DOWN + EMB;
    expect(gguf('q5_k_m')).toBe((LINEAR - MORE.length * V_DOWN + EMB) * (176 / 256) + q6 * (210 / 256) + NORMS * 4);
  });
  test('GIVEN q6_k THEN every 2-D tensor Q6_K (6.5625 bpw)', () => {
    expect(gguf('q6_k')).toBe((LINEAR + 2 * EMB) * (210 / 256) + NORMS * 4);
  });
  test('GIVEN q8_0 THEN every 2-D tensor Q8_0 (34 B/32), output included', () => {
    expect(gguf('q8_0')).toBe((LINEAR + 2 * EMB) * (34 / 32) + NORMS * 4);
  });
  test('GIVEN q4_0 THEN Q4_0 (18 B/32) with a Q6_K output', () => {
    expect(gguf('q4_0')).toBe((LINEAR + EMB) * (18 / 32) + EMB * (210 / 256) + NORMS * 4);
  });
  test('GIVEN quant:none on llama.cpp THEN an F16 GGUF with F32 norms', () => {
    expect(gguf('none')).toBe((LINEAR + 2 * EMB) * 2 + NORMS * 4);
  });
  test('GIVEN Mixtral (8 experts) in q4_k_m THEN attn_v and attn_k Q8_0, attn_output Q5_K', () => {
    const parts = weightLayout(setup('model:mixtral-8x7b mode:infer engine:llamacpp quant:q4_k_m')).parts;
    const of = (t: string): number => parts.find((p) => p.what === t)?.params ?? 0;
    expect(of('Q8_0')).toBe(32 * 2 * 4096 * 1024);
    expect(of('Q5_K')).toBe(32 * 4096 * 4096);
  });
  test('GIVEN a 70B (80 layers, GQA) in q4_k_m THEN attn_v outside the use_more_bits layers is Q5_K', () => {
    const parts = weightLayout(setup('model:llama-3.1-70b mode:infer engine:llamacpp quant:q4_k_m')).parts;
    const bumped = Array.from({ length: 80 }, (_, i) => i).filter((i) => useMoreBits(i, 80)).length;
    expect(bumped).toBe(40);
    expect(parts.find((p) => p.what === 'Q5_K')?.params).toBe((80 - bumped) * 8192 * 1024);
  });
  test('GIVEN Qwen2.5-0.5B (hidden 896, not a multiple of 256) in q4_k_m THEN those rows fall back to Q5_0 and the tied output to Q8_0', () => {
    const parts = weightLayout(setup('model:qwen-2.5-0.5b mode:infer engine:llamacpp quant:q4_k_m')).parts;
    expect(parts.map((p) => p.what)).toEqual(expect.arrayContaining(['Q5_0', 'Q8_0']));
    expect(ggufTensorType({ quant: 'q4_k_m', layers: 24, experts: 0, falcon: false, is70b: false, tied: true }, 'token_embd', 0, 896, false)).toBe('q8_0');
  });
  test('GIVEN gpt-oss-20b as llama.cpp MXFP4_MOE THEN experts MXFP4 (17 B/32), the other matrices Q8_0', () => {
    const parts = weightLayout(setup('model:gpt-oss-20b mode:infer engine:llamacpp quant:mxfp4')).parts;
    const experts = 24 * 32 * 3 * 2880 * 2880;
    expect(parts.find((p) => p.what === 'MXFP4')).toEqual(expect.objectContaining({ params: experts, bytes: (experts * 17) / 32 }));
    expect(parts.find((p) => p.what === 'Q8_0')).toBeDefined();
  });
});

describe('what stays unquantized', () => {
  test('GIVEN AWQ THEN embeddings, lm_head and norms are the 16-bit rest', () => {
    const w = weightLayout(setup(serve('quant:awq-int4')));
    expect(w.quantParams).toBe(LINEAR);
    expect(w.parts.find((p) => !p.quantized)).toEqual(expect.objectContaining({ params: REST, bytes: REST * 2 }));
  });
  test('GIVEN gpt-oss mxfp4 THEN only the routed experts are 4.25-bit; attention, router, embeddings stay bf16', () => {
    const s = setup('model:gpt-oss-20b mode:infer engine:vllm quant:mxfp4');
    const w = weightLayout(s);
    const experts = 24 * 32 * 3 * 2880 * 2880;
    expect(w.quantParams).toBe(experts);
    expect(w.quantBytes).toBe((experts * 17) / 32);
    expect(w.restBytes).toBe((s.params.total - experts) * 2);
  });
  test('GIVEN DeepSeek-V3 fp8-block THEN the router stays bf16 and every other decoder linear is FP8', () => {
    const s = setup('model:deepseek-v3 mode:infer engine:vllm quant:fp8-block');
    const w = weightLayout(s);
    const router = s.linears.find((l) => l.module === 'router');
    expect(router?.quantizable).toBe(false);
    const fp8 = s.linears.filter((l) => l.quantizable).reduce((x, l) => x + l.instances * l.inFeatures * l.outFeatures, 0);
    expect(w.quantParams).toBe(fp8);
  });
  test('GIVEN AWQ under QLoRA with upcast THEN PEFT casts the rest to fp32', () => {
    const w = weightLayout(setup('model:llama-3.1-8b qlora:true quant:awq-int4'));
    expect(w.restBytes).toBe(REST * 4);
  });
  test('GIVEN GPTQ under QLoRA with upcast THEN the rest stays 16-bit (prepare_model_for_kbit_training skips GPTQ)', () => {
    const w = weightLayout(setup('model:llama-3.1-8b qlora:true quant:gptq-int4 upcast:true'));
    expect(w.restBytes).toBe(REST * 2);
  });
});

describe('kernel transients', () => {
  const t = (line: string): number => dequantBufferBytes(setup(line));
  test('GIVEN bitsandbytes THEN the dequantized copy of the largest weight in the compute dtype', () => {
    expect(t(serve('quant:nf4'))).toBe(LARGEST * 2);
  });
  test('GIVEN AWQ on transformers with >= 1024 prompt tokens THEN an fp16 copy of the largest weight; fewer tokens none', () => {
    expect(t(serve('quant:awq-int4 context:4096'))).toBe(LARGEST * 2);
    expect(t(serve('quant:awq-int4 context:512'))).toBe(0);
  });
  test('GIVEN AWQ training THEN the backward dequantizes: an fp16 copy', () => {
    expect(t('model:llama-3.1-8b qlora:true quant:awq-int4 seq:512')).toBe(LARGEST * 2);
  });
  test('GIVEN AWQ/GPTQ on vLLM with a Marlin group size THEN only Marlin\'s fp32 reduce scratch', () => {
    expect(t(serve('quant:awq-int4 engine:vllm'))).toBe(MARLIN_C_TMP_BYTES);
    expect(t(serve('quant:gptq-int4 engine:vllm'))).toBe(MARLIN_C_TMP_BYTES);
  });
  test('GIVEN AWQ on vLLM with group:16 THEN the plain awq kernel dequantizes from 256 tokens', () => {
    expect(t(serve('quant:awq-int4 engine:vllm group:16'))).toBe(LARGEST * 2);
  });
  test('GIVEN GPTQ on transformers THEN exllama\'s fp16 dequant scratch of the largest layer', () => {
    expect(t(serve('quant:gptq-int4'))).toBe(LARGEST * 2);
  });
  test('GIVEN FP8, FP8 block, MXFP4 or GGUF THEN no weight-sized copy', () => {
    expect(t(serve('quant:fp8 engine:vllm'))).toBe(0);
    expect(t(serve('quant:fp8-block'))).toBe(0);
    expect(t('model:gpt-oss-20b mode:infer quant:mxfp4')).toBe(0);
    expect(t(serve('engine:llamacpp quant:q4_k_m'))).toBe(0);
  });
});

describe('assumptions the formats carry', () => {
  test('GIVEN each family THEN one note says what was assumed; none for 16-bit', () => {
    expect(formatNotes(setup(serve('engine:llamacpp quant:q4_k_m')))[0]).toMatch(/llama_tensor_get_type/);
    expect(formatNotes(setup(serve('quant:fp8 engine:hf')))[0]).toMatch(/decompressed to 16-bit/);
    expect(formatNotes(setup(serve('quant:gptq-int4 engine:vllm')))[0]).toMatch(/gptq_marlin/);
    expect(formatNotes(setup(serve('quant:none')))).toEqual([]);
  });
});

describe('training and engine rules (buildConfig)', () => {
  const build = (a: Args) => buildConfig({ model: 'llama-3.1-8b', ...a });
  test.each([
    [{ lora: 'true', quant: 'awq-int4' }], [{ method: 'lora', quant: 'gptq-int4' }], [{ qlora: 'true', quant: 'gptq-int8' }],
    [{ qlora: 'true' }], [{ qlora: 'true', quant: 'int8' }],
  ])('GIVEN %j THEN adapters train on the frozen quantized base (method qlora)', (a) => {
    const b = build(a);
    expect(b.ok && b.value.config.method).toBe('qlora');
  });
  test.each(['fp8', 'fp8-block', 'mxfp4', 'q4_k_m', 'q8_0'])('GIVEN lora:true quant:%s THEN a conflict on quant with a reason', (q) => {
    const b = build({ lora: 'true', quant: q });
    expect(b.ok).toBe(false);
    if (!b.ok) {
      expect(b.errors[0]).toEqual(expect.objectContaining({ code: 'conflict', key: 'quant', value: q }));
      expect(b.errors[0]?.detail?.length).toBeGreaterThan(40);
    }
  });
  test.each([
    ['llamacpp', 'awq-int4'], ['llamacpp', 'fp8'], ['llamacpp', 'nf4'], ['vllm', 'q4_k_m'], ['hf', 'q4_0'], ['sglang', 'q8_0'],
  ])('GIVEN engine:%s quant:%s THEN refused with the engine that can load it', (engine, q) => {
    const b = build({ mode: 'infer', engine, quant: q });
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.errors[0]?.detail).toMatch(/engine:(llamacpp|vllm)/);
  });
  test.each([
    ['llamacpp', 'q4_k_m'], ['llamacpp', 'mxfp4'], ['llamacpp', 'none'], ['vllm', 'awq-int4'], ['vllm', 'nf4'], ['hf', 'fp8-block'], ['sglang', 'gptq-int4'],
  ])('GIVEN engine:%s quant:%s THEN accepted', (engine, q) => {
    expect(build({ mode: 'infer', engine, quant: q }).ok).toBe(true);
  });
  test('GIVEN formatProblem directly THEN training ignores the serving engine', () => {
    expect(formatProblem({ mode: 'train', method: 'qlora', quant: 'awq-int4', engine: 'llamacpp' })).toBeNull();
  });
});

describe('a checkpoint that ships quantized', () => {
  const built = (a: Args) => {
    const b = buildConfig({ model: 'gpt-oss-20b', ...a });
    if (!b.ok) throw new Error(JSON.stringify(b.errors));
    return b.value;
  };
  const native = arch('gpt-oss-20b').checkpointQuant;
  test('GIVEN gpt-oss served without quant THEN its native mxfp4, recorded as assumed', () => {
    const b = withCheckpointFormat(built({ mode: 'infer', engine: 'vllm' }), native, false);
    expect(b.config.quant).toBe('mxfp4');
    expect(b.assumed).toContainEqual(expect.objectContaining({ key: 'quant', value: 'mxfp4' }));
  });
  test('GIVEN quant typed THEN the typed format stands', () => {
    const b = withCheckpointFormat(built({ mode: 'infer', quant: 'none' }), native, true);
    expect(b.config.quant).toBe('none');
  });
  test('GIVEN LoRA on gpt-oss THEN it trains on the 16-bit dequantization (assumed)', () => {
    const b = withCheckpointFormat(built({ lora: 'true' }), native, false);
    expect(b.config.quant).toBe('none');
    expect(b.assumed).toContainEqual(expect.objectContaining({ key: 'quant', value: 'none' }));
  });
  test('GIVEN DeepSeek-V3 on llama.cpp THEN fp8-block cannot be loaded there and the config stays as built', () => {
    const b = buildConfig({ model: 'deepseek-v3', mode: 'infer', engine: 'llamacpp' });
    if (!b.ok) throw new Error('build');
    expect(withCheckpointFormat(b.value, arch('deepseek-v3').checkpointQuant, false).config.quant).toBe('none');
  });
});

describe('through the whole estimate and the grammar', () => {
  test.each([
    ['nf4', 'hf'], ['int8', 'vllm'], ['fp8', 'vllm'], ['fp8', 'hf'], ['fp8-block', 'sglang'], ['awq-int4', 'hf'], ['gptq-int4', 'vllm'],
    ['gptq-int8', 'hf'], ['q8_0', 'llamacpp'], ['q6_k', 'llamacpp'], ['q5_k_m', 'llamacpp'], ['q4_k_m', 'llamacpp'], ['q4_0', 'llamacpp'],
  ])('GIVEN quant:%s engine:%s THEN the report carries the format\'s weights', (quant, engine) => {
    const raw = { model: 'llama-3.1-8b', mode: 'infer', quant, engine };
    const r = reportFromArgs(raw);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.config.quant).toBe(quant);
    const s = setup(`model:llama-3.1-8b mode:infer quant:${quant} engine:${engine}`);
    const w = weightLayout(s).totalBytes;
    // llama.cpp keeps token_embd in host RAM: the GPU weights are at most the file; vLLM and
    // SGLang add their rotary cos/sin cache (131,072 positions x 128 x 2 B for Llama 3.1).
    expect(comp(r.value, 'weights')).toBeLessThanOrEqual(w + ropeCacheBytes(s) + 1);
    expect(comp(r.value, 'weights')).toBeGreaterThan(0.85 * w);
    expect(r.value.totalBytes).toBeGreaterThan(comp(r.value, 'weights'));
  });
  test.each([['awq-int4'], ['gptq-int4'], ['nf4']])('GIVEN QLoRA on %s THEN the training estimate runs', (quant) => {
    const r = reportFromArgs({ model: 'llama-3.1-8b', lora: 'true', quant });
    expect(r.ok && r.value.config.method).toBe('qlora');
  });
  test.each([
    ['quant:awq', 'awq-int4'], ['quant:gptq', 'gptq-int4'], ['quant:w8a16', 'gptq-int8'], ['quant:fp8-dynamic', 'fp8'],
    ['quant:deepseek_fp8', 'fp8-block'], ['quant:q4_k engine:llamacpp', 'q4_k_m'], ['quant:Q8_0 engine:gguf', 'q8_0'],
  ])('GIVEN the line "%s" THEN quant is %s', (args, quant) => {
    const r = reportFromLine(`model:llama-3.1-8b mode:infer ${args}`);
    expect(r.ok && r.value.config.quant).toBe(quant);
  });
  test('GIVEN how:true THEN the weights formula shows the format arithmetic with its numbers', () => {
    const s = setup(serve('quant:awq-int4'));
    const f = weightsFormula(s, baseWeightBytes(s));
    expect(f).toContainEqual({ count: LINEAR } satisfies Term);
    expect(f).toContainEqual({ count: REST } satisfies Term);
    expect(f.filter((x): x is string => typeof x === 'string').join('')).toMatch(/AWQ int4: 4 bits \+ fp16 scale and 4-bit zero per 128/);
    const g = setup(serve('engine:llamacpp quant:q4_k_m'));
    const fg = weightsFormula(g, baseWeightBytes(g));
    expect(fg).toContainEqual({ count: LINEAR - 16 * (4096 * 1024 + 14336 * 4096) + EMB } satisfies Term);
    expect(fg.filter((x): x is string => typeof x === 'string').join('')).toMatch(/Q6_K/);
  });
});

describe('published measurements of quantized weights', () => {
  const byId = new Map(loadMeasurements().map((m) => [m.id, m]));
  const measured = (id: string): number => byId.get(id)?.value_gib ?? NaN;
  test.each([
    ['gt300', 'model:llama-2-7b mode:infer engine:llamacpp quant:q4_0'],
    ['gt301', 'model:llama-2-13b mode:infer engine:llamacpp quant:q4_0'],
    ['gt302', 'model:qwen-2.5-7b mode:infer engine:llamacpp quant:q4_k_m'],
  ])('GIVEN %s (llama-bench model size, printed to 0.01 GiB) THEN the GGUF file bytes round to it', (id, line) => {
    expect(Math.abs(weightLayout(setup(line)).totalBytes / GiB - measured(id))).toBeLessThanOrEqual(0.005);
  });
  // A prompt of one token and 2048 generated: the peak is the weights and a 2049-token KV cache.
  test.each([
    ['gt303', 'qwen-2.5-7b', 'gptq-int4', 'fp16', 0.03], ['gt304', 'qwen-2.5-7b', 'gptq-int8', 'fp16', 0.03],
    ['gt305', 'qwen-2.5-7b', 'awq-int4', 'fp16', 0.03], ['gt309', 'qwen-2.5-32b', 'gptq-int4', 'fp16', 0.03],
    ['gt310', 'qwen-2.5-32b', 'awq-int4', 'fp16', 0.03], ['gt311', 'qwen-3-8b', 'fp8-block', 'bf16', 0.02],
    ['gt313', 'qwen-3-8b', 'awq-int4', 'fp16', 0.02], ['gt315', 'qwen-3-32b', 'fp8-block', 'bf16', 0.02],
    ['gt316', 'qwen-3-32b', 'awq-int4', 'fp16', 0.02], ['gt317', 'qwen-3-30b-a3b', 'fp8-block', 'bf16', 0.02],
  ])('GIVEN %s (%s %s in %s, input 1) THEN weights + KV + the format\'s kernel scratch are within %p', (id, model, quant, precision, tol) => {
    const line = `model:${model} mode:infer engine:hf batch:1 context:2049 attention:flash precision:${precision} quant:${quant}`;
    const r = reportFromLine(line);
    if (!r.ok) throw new Error(line);
    const s = setup(line);
    // exllama's scratch is resident from load (GPTQ); AutoAWQ's copy needs >= 1024 prompt tokens, which this run never had.
    const scratch = quant.startsWith('gptq') ? dequantBufferBytes(s) : 0;
    const p = (comp(r.value, 'weights') + comp(r.value, 'kv_cache') + scratch) / GiB;
    expect(Math.abs(p - measured(id)) / measured(id)).toBeLessThanOrEqual(tol);
  });
});
