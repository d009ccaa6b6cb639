import { resolveModel } from '../../src/catalog/resolve';
import { archFromConfig, SUPPORTED_MODEL_TYPES } from '../../src/hub/config';
import { describeHubError, type HubError, type HubResult } from '../../src/hub/errors';
import type { ModelArch } from '../../src/model/arch';
import { countParams } from '../../src/model/params';
import { imageLayout } from '../../src/estimator/vision';
import { FALCON_40B, GEMMA3_4B_SPARSE, MAMBA, PHI2, REFERENCE, STARCODER, configFromReference, referenceConfig, type Json } from './fixtures';

function arch(id: string, config: unknown, opts?: Parameters<typeof archFromConfig>[2]): ModelArch {
  const r = archFromConfig(id, config, opts);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors)}`);
  return r.value;
}

function onlyError<T>(r: HubResult<T>): HubError {
  if (r.ok) throw new Error('expected an error');
  expect(r.errors).toHaveLength(1);
  const e = r.errors[0];
  if (!e) throw new Error('no error');
  return e;
}

function catalog(id: string): ModelArch {
  const r = resolveModel(id);
  if (!r.ok) throw new Error(`${id} is not in the catalog`);
  return r.value.arch;
}

const total = (a: ModelArch): number => countParams(a).total;

/** The fields that decide parameters, activations and the cache; slidingFraction is compared on its own (a float). */
const SHAPE = [
  'hidden', 'intermediate', 'layers', 'heads', 'kvHeads', 'headDim', 'vocab', 'maxContext', 'tiedEmbeddings', 'mlp', 'activation',
  'norm', 'normBias', 'normsPerLayer', 'qkNorm', 'qkvBias', 'oBias', 'mlpBias', 'headBias', 'parallelBlock', 'positional',
  'slidingWindow', 'moe', 'mla', 'extraFrozenParams',
  'localAttention', 'nopeLayers', 'attentionSinks', 'checkpointQuant', 'checkpointQuantModules', 'mtp',
] as const;
const shapeOf = (a: ModelArch): Record<string, unknown> => Object.fromEntries(SHAPE.map((k) => [k, a[k]]));

describe('archFromConfig: the Hub path agrees with the catalog', () => {
  test('GIVEN the reference models THEN every model_type among them is supported', () => {
    const types = [...new Set(REFERENCE.map((r) => String(r.model_type)))];
    expect(types.filter((t) => !SUPPORTED_MODEL_TYPES.includes(t))).toEqual([]);
  });

  test.each(REFERENCE.map((r) => [String(r.hf_id), r] as const))('GIVEN the config.json of %s THEN its parameter count and shape equal the catalog entry', (hfId, ref) => {
    const hub = arch(hfId, configFromReference(ref));
    const cat = catalog(hfId);
    expect(total(hub)).toBe(total(cat));
    expect(shapeOf(hub)).toEqual(shapeOf(cat));
    expect(hub.slidingFraction).toBeCloseTo(cat.slidingFraction, 12);
  });

  test.each([
    ['microsoft/phi-2', PHI2],
    ['tiiuae/falcon-40b', FALCON_40B],
    ['bigcode/starcoder', STARCODER],
    ['google/gemma-3-4b-it', GEMMA3_4B_SPARSE],
  ] as const)('GIVEN the published config.json of %s THEN the count equals the catalog entry', (hfId, config) => {
    expect(total(arch(hfId, config))).toBe(total(catalog(hfId)));
  });
});

describe('archFromConfig: counts of families outside the catalog', () => {
  test('GIVEN DeepSeek-V2-Lite (deepseek_v2, q_lora_rank null, 2 shared experts) THEN 15,706,484,224 (public model-size tables on GitHub)', () => {
    const a = arch('deepseek-ai/DeepSeek-V2-Lite', {
      model_type: 'deepseek_v2', hidden_size: 2048, intermediate_size: 10944, moe_intermediate_size: 1408, num_hidden_layers: 27,
      num_attention_heads: 16, num_key_value_heads: 16, n_routed_experts: 64, n_shared_experts: 2, num_experts_per_tok: 6,
      first_k_dense_replace: 1, moe_layer_freq: 1, q_lora_rank: null, kv_lora_rank: 512, qk_nope_head_dim: 128, qk_rope_head_dim: 64,
      v_head_dim: 128, vocab_size: 102400, max_position_embeddings: 163840, tie_word_embeddings: false, topk_method: 'greedy',
    });
    expect(a.mla?.qLoraRank).toBeNull();
    expect(a.moe).toMatchObject({ experts: 64, topK: 6, sharedExperts: 2, denseLayers: 1, routerBias: false });
    expect(total(a)).toBe(15_706_484_224);
  });

  test('GIVEN Qwen1.5-MoE-A2.7B (qwen2_moe) THEN the count plus the uncounted shared-expert gates is 14,315,784,192 (keras-hub qwen_moe preset)', () => {
    const a = arch('Qwen/Qwen1.5-MoE-A2.7B', {
      model_type: 'qwen2_moe', hidden_size: 2048, intermediate_size: 5632, moe_intermediate_size: 1408, shared_expert_intermediate_size: 5632,
      num_experts: 60, num_experts_per_tok: 4, num_hidden_layers: 24, num_attention_heads: 16, num_key_value_heads: 16,
      vocab_size: 151936, max_position_embeddings: 8192, tie_word_embeddings: false, decoder_sparse_step: 1,
    });
    expect(a.moe).toMatchObject({ experts: 60, topK: 4, sharedExperts: 1, sharedIntermediate: 5632, denseLayers: 0 });
    expect(a.qkvBias).toBe(true);
    expect(total(a) + 24 * 2048).toBe(14_315_784_192);
    expect(a.configSource).toMatch(/shared-expert gate .* not counted/);
  });

  test('GIVEN Falcon-RW-1B (alibi, sequential block, biases) THEN 1,311,625,216 (keras-hub falcon_refinedweb_1b_en)', () => {
    const a = arch('tiiuae/falcon-rw-1b', {
      model_type: 'falcon', hidden_size: 2048, num_attention_heads: 32, num_hidden_layers: 24, vocab_size: 50304,
      alibi: true, multi_query: false, parallel_attn: false, bias: true, new_decoder_architecture: false,
    });
    expect(a).toMatchObject({ positional: 'alibi', kvHeads: 32, normsPerLayer: 2, parallelBlock: false, qkvBias: true, tiedEmbeddings: true });
    expect(total(a)).toBe(1_311_625_216);
  });

  test('GIVEN StableLM 2 1.6B (stablelm, qkv bias) THEN 1,644,515,328 (published model comparison table on GitHub)', () => {
    const a = arch('stabilityai/stablelm-2-1_6b', {
      model_type: 'stablelm', hidden_size: 2048, intermediate_size: 5632, num_hidden_layers: 24, num_attention_heads: 32,
      num_key_value_heads: 32, vocab_size: 100352, max_position_embeddings: 4096, use_qkv_bias: true, tie_word_embeddings: false,
    });
    expect(a).toMatchObject({ norm: 'layernorm', mlp: 'gated', qkvBias: true, oBias: false, normsPerLayer: 2 });
    expect(total(a)).toBe(1_644_515_328);
  });

  test('GIVEN a Command-R config (cohere) THEN one bias-free LayerNorm, parallel block, tied; use_qk_norm adds full-width q/k norms', () => {
    const base = { model_type: 'cohere', hidden_size: 8192, intermediate_size: 22528, num_hidden_layers: 40, num_attention_heads: 64, vocab_size: 256000 };
    const a = arch('CohereForAI/c4ai-command-r-v01', base);
    expect(a).toMatchObject({ norm: 'layernorm', normBias: false, normsPerLayer: 1, parallelBlock: true, tiedEmbeddings: true, qkNorm: 'none', kvHeads: 64 });
    expect(arch('CohereForAI/c4ai-command-r-plus', { ...base, use_qk_norm: true }).qkNorm).toBe('full');
  });

  test('GIVEN a StarCoder2-3B config (starcoder2) THEN plain MLP, biases on every linear, tied, sliding window on every layer', () => {
    const a = arch('bigcode/starcoder2-3b', {
      model_type: 'starcoder2', hidden_size: 3072, intermediate_size: 12288, num_hidden_layers: 30, num_attention_heads: 24,
      num_key_value_heads: 2, vocab_size: 49152, max_position_embeddings: 16384, sliding_window: 4096, use_bias: true,
    });
    expect(a).toMatchObject({ mlp: 'plain', qkvBias: true, oBias: true, mlpBias: true, tiedEmbeddings: true, slidingWindow: 4096, slidingFraction: 1, activation: 'gelu_tanh' });
  });
});

describe('archFromConfig: the 2025 model types', () => {
  test('GIVEN Llama 4 Scout (llama4: text_config + vision_config) THEN MoE with a shared expert, chunked RoPE layers, NoPE layers and the vision tower', () => {
    const a = arch('meta-llama/Llama-4-Scout-17B-16E', referenceConfig('meta-llama/Llama-4-Scout-17B-16E'));
    expect(a).toMatchObject({
      family: 'llama4', hidden: 5120, intermediate: 16384, layers: 48, kvHeads: 8, vocab: 202048, maxContext: 10_485_760,
      slidingWindow: 8192, slidingFraction: 0.75, localAttention: 'chunked', nopeLayers: 12, qkNorm: 'none',
      moe: { experts: 16, topK: 1, expertIntermediate: 8192, sharedExperts: 1, sharedIntermediate: 8192, denseLayers: 0, routerBias: false },
      ropeScaling: { type: 'llama3', factor: 16, originalContext: 8192, inConfig: true },
    });
    expect(a.extraFrozenParams?.count).toBe(871_932_416);
    // The Hub's safetensors total of the Instruct repo (see the catalog entry).
    expect(total(a)).toBe(108_641_793_536);
  });

  test('GIVEN Llama 4 Maverick (interleave_moe_layer_step 2) THEN 24 dense layers and 401,583,781,376 in all', () => {
    const a = arch('meta-llama/Llama-4-Maverick-17B-128E', referenceConfig('meta-llama/Llama-4-Maverick-17B-128E'));
    expect(a.moe).toMatchObject({ experts: 128, denseLayers: 24 });
    expect(total(a)).toBe(401_583_781_376);
  });

  test('GIVEN a llama4_text config with explicit moe_layers and no_rope_layers THEN they decide the layout', () => {
    const base = (referenceConfig('meta-llama/Llama-4-Scout-17B-16E').text_config ?? {}) as Json;
    const a = arch('org/llama4-text', { ...base, model_type: 'llama4_text', num_hidden_layers: 4, moe_layers: [3], no_rope_layers: [1, 0, 1, 0] });
    expect(a).toMatchObject({ nopeLayers: 2, slidingFraction: 0.5, moe: { denseLayers: 3 } });
    expect(a.extraFrozenParams).toBeUndefined();
  });

  test('GIVEN gpt-oss-20b THEN sinks, biased experts and router, alternating 128-token windows, and MXFP4 experts from quantization_config', () => {
    const cfg = referenceConfig('openai/gpt-oss-20b');
    const a = arch('openai/gpt-oss-20b', cfg);
    expect(a).toMatchObject({
      attentionSinks: true, qkvBias: true, oBias: true, mlpBias: true, slidingWindow: 128, slidingFraction: 0.5,
      checkpointQuant: 'mxfp4', checkpointQuantModules: 'experts',
      moe: { experts: 32, topK: 4, expertIntermediate: 2880, routerBias: true },
      ropeScaling: { type: 'yarn', factor: 32, originalContext: 4096, inConfig: true },
    });
    expect(total(a)).toBe(20_914_757_184);
    const { quantization_config: _q, ...bf16 } = cfg;
    expect(arch('org/gpt-oss-20b-bf16', bf16).checkpointQuant).toBeUndefined();
  });

  test('GIVEN gpt-oss without layer_types THEN the even layers slide (GptOssConfig default)', () => {
    const { layer_types: _l, ...c } = referenceConfig('openai/gpt-oss-120b');
    expect(arch('openai/gpt-oss-120b', c)).toMatchObject({ slidingWindow: 128, slidingFraction: 0.5, layers: 36 });
  });

  test('GIVEN SmolLM3 THEN every 4th layer is NoPE; with use_sliding_window only those layers are local', () => {
    const c = referenceConfig('HuggingFaceTB/SmolLM3-3B');
    expect(arch('HuggingFaceTB/SmolLM3-3B', c)).toMatchObject({ nopeLayers: 9, slidingWindow: null, tiedEmbeddings: true });
    expect(total(arch('HuggingFaceTB/SmolLM3-3B', c))).toBe(3_075_098_624);
    const rope = Array.from({ length: 36 }, (_, i) => (i % 2 === 0 ? 1 : 0));
    expect(arch('org/smol', { ...c, no_rope_layers: rope })).toMatchObject({ nopeLayers: 18 });
    expect(arch('org/smol', { ...c, use_sliding_window: true, sliding_window: 4096 })).toMatchObject({ slidingWindow: 4096, slidingFraction: 9 / 36 });
  });

  test('GIVEN Qwen2.5-VL in the flat layout and with text_config THEN the same text decoder and vision tower', () => {
    const flat = referenceConfig('Qwen/Qwen2.5-VL-7B-Instruct');
    const { vision_config, model_type, architectures, ...text } = flat;
    const nested = { model_type, architectures, vision_config, text_config: { ...text, model_type: 'qwen2_5_vl_text' } };
    const a = arch('Qwen/Qwen2.5-VL-7B-Instruct', flat);
    expect(shapeOf(arch('Qwen/Qwen2.5-VL-7B-Instruct', nested))).toEqual(shapeOf(a));
    expect(a).toMatchObject({ qkvBias: true, maxContext: 128000, vision: { encoder: 'qwen2_5_vl', layers: 32, hidden: 1280, heads: 16, patch: 14, fullAttentionLayers: 4, windowPatches: 8 } });
    // The tower from its spec: ViT 631,975,680 + merger 44,574,464 = 676,550,144 (the published split).
    expect(countParams(a).visionEncoder).toBe(631_975_680);
    expect(countParams(a).extra).toBe(676_550_144);
    // 448 x 448 through the Hub-read spec: 256 tokens, as the catalog entry.
    expect(imageLayout(a.vision!, 448, 448).features).toBe(256);
    expect(a.ropeScaling).toBeUndefined(); // mrope adds no scaling
    expect(total(a)).toBe(8_292_166_656);
  });

  test('GIVEN Mistral Small 3.1 (mistral3) THEN a mistral text_config plus Pixtral and the projector: 24,011,361,280', () => {
    const c = referenceConfig('mistralai/Mistral-Small-3.1-24B-Base-2503');
    const a = arch('mistralai/Mistral-Small-3.1-24B-Base-2503', c);
    expect(a).toMatchObject({ hidden: 5120, headDim: 128, slidingWindow: null, maxContext: 131072, vision: { encoder: 'pixtral', patch: 14, imageSize: 1540, projector: { merge: 2 } } });
    // Pixtral 403,305,472 + projector 35,652,608 = 438,958,080.
    expect(countParams(a).extra).toBe(438_958_080);
    expect(countParams(a).visionEncoder).toBe(403_305_472);
    expect(total(a)).toBe(24_011_361_280);
    const text = { ...(c.text_config as Json) };
    delete text.model_type;
    expect(total(arch('org/m3', { ...c, text_config: text }))).toBe(24_011_361_280);
    expect(onlyError(archFromConfig('org/m3', { ...c, text_config: { ...text, model_type: 'mamba' } })).detail).toMatch(/^In `text_config`|`text_config.model_type` is `mamba`/);
  });

  test('GIVEN DeepSeek-V3 THEN the FP8 block scales give fp8-block and the MTP layer is recorded (11,610,068,224)', () => {
    const a = arch('deepseek-ai/DeepSeek-V3', referenceConfig('deepseek-ai/DeepSeek-V3'));
    expect(a).toMatchObject({ checkpointQuant: 'fp8-block', checkpointQuantModules: 'linear', mtp: { layers: 1, params: 11_610_068_224 } });
    expect(total(a)).toBe(671_026_419_200);
  });

  test.each([
    [{ quant_method: 'fp8', fmt: 'e4m3' }, 'fp8'],
    [{ quant_method: 'awq', bits: 4, group_size: 128 }, 'awq-int4'],
    [{ quant_method: 'gptq', bits: 8 }, 'gptq-int8'],
    [{ quant_method: 'bitsandbytes', load_in_4bit: true }, undefined],
  ])('GIVEN quantization_config %p THEN checkpointQuant %p', (q, expected) => {
    expect(arch('org/q', { ...referenceConfig('meta-llama/Llama-3.1-8B'), quantization_config: q }).checkpointQuant).toBe(expected);
  });

  test('GIVEN Llama 3.1 rope_scaling THEN ropeScaling llama3 x8 over 8,192, in config', () => {
    expect(arch('meta-llama/Llama-3.1-8B', referenceConfig('meta-llama/Llama-3.1-8B')).ropeScaling).toEqual({ type: 'llama3', factor: 8, originalContext: 8192, inConfig: true });
    expect(arch('meta-llama/Llama-2-7b-hf', referenceConfig('meta-llama/Llama-2-7b-hf')).ropeScaling).toBeUndefined();
  });
});

describe('archFromConfig: transformers defaults', () => {
  const llama = (extra: Json = {}): Json => ({ ...referenceConfig('meta-llama/Llama-3.1-8B'), ...extra });

  test('GIVEN a Gemma config without tie_word_embeddings THEN embeddings are tied (GemmaConfig default)', () => {
    const c = { model_type: 'gemma', hidden_size: 2048, intermediate_size: 16384, num_hidden_layers: 18, num_attention_heads: 8, num_key_value_heads: 1, vocab_size: 256000, hidden_act: 'gelu' };
    const a = arch('google/gemma-2b', c);
    expect(a).toMatchObject({ tiedEmbeddings: true, headDim: 256, activation: 'gelu_tanh', maxContext: 8192 });
    expect(total(a)).toBe(total(catalog('google/gemma-2b')));
  });

  test('GIVEN a Llama config without tie_word_embeddings THEN embeddings are untied (LlamaConfig default)', () => {
    const { tie_word_embeddings: _, ...c } = llama();
    expect(arch('meta-llama/Llama-3.1-8B', c).tiedEmbeddings).toBe(false);
  });

  test('GIVEN Qwen2.5-0.5B (tied, attention_bias false in the file) THEN tied with q/k/v bias but no o bias', () => {
    expect(arch('Qwen/Qwen2.5-0.5B', referenceConfig('Qwen/Qwen2.5-0.5B'))).toMatchObject({ tiedEmbeddings: true, qkvBias: true, oBias: false, mlpBias: false });
  });

  test('GIVEN no num_key_value_heads (Llama 2) THEN one KV head per query head', () => {
    const { num_key_value_heads: _, ...c } = referenceConfig('meta-llama/Llama-2-7b-hf');
    expect(arch('meta-llama/Llama-2-7b-hf', c).kvHeads).toBe(32);
  });

  test('GIVEN Mistral with num_key_value_heads absent THEN 8 (MistralConfig default); null THEN one per query head', () => {
    const { num_key_value_heads: _, ...c } = referenceConfig('mistralai/Mistral-7B-v0.3');
    expect(arch('mistralai/Mistral-7B-v0.3', c).kvHeads).toBe(8);
    expect(arch('mistralai/Mistral-7B-v0.3', { ...c, num_key_value_heads: null }).kvHeads).toBe(32);
  });

  test('GIVEN an explicit head_dim that is not hidden/heads (Qwen3-0.6B, Mistral Nemo) THEN it is used', () => {
    expect(arch('Qwen/Qwen3-0.6B', referenceConfig('Qwen/Qwen3-0.6B')).headDim).toBe(128);
    expect(arch('mistralai/Mistral-Nemo-Base-2407', referenceConfig('mistralai/Mistral-Nemo-Base-2407')).headDim).toBe(128);
  });

  test('GIVEN attention_bias and mlp_bias on a Llama config THEN every projection has a bias', () => {
    expect(arch('org/llama-biased', llama({ attention_bias: true, mlp_bias: true }))).toMatchObject({ qkvBias: true, oBias: true, mlpBias: true });
  });

  test('GIVEN max_position_embeddings THEN it is the model context', () => {
    expect(arch('org/llama', llama({ max_position_embeddings: 65536 })).maxContext).toBe(65536);
  });
});

describe('archFromConfig: sliding windows', () => {
  const mistral = referenceConfig('mistralai/Mistral-7B-v0.1');
  const qwen = referenceConfig('Qwen/Qwen2.5-7B');

  test('GIVEN Mistral without sliding_window THEN 4096 on every layer (class default); null THEN none', () => {
    const { sliding_window: _, ...c } = mistral;
    expect(arch('org/m', c)).toMatchObject({ slidingWindow: 4096, slidingFraction: 1 });
    expect(arch('org/m', { ...c, sliding_window: null })).toMatchObject({ slidingWindow: null, slidingFraction: 0 });
  });

  test('GIVEN Qwen2 with sliding_window but use_sliding_window false THEN no window', () => {
    expect(arch('org/q', { ...qwen, sliding_window: 131072, use_sliding_window: false })).toMatchObject({ slidingWindow: null, slidingFraction: 0 });
  });

  test('GIVEN Qwen2 with use_sliding_window and max_window_layers 14 of 28 THEN the upper half is local', () => {
    expect(arch('org/q', { ...qwen, sliding_window: 4096, use_sliding_window: true, max_window_layers: 14 })).toMatchObject({ slidingWindow: 4096, slidingFraction: 0.5 });
  });

  test('GIVEN Gemma 2 THEN every other layer is local', () => {
    expect(arch('google/gemma-2-9b', referenceConfig('google/gemma-2-9b'))).toMatchObject({ slidingWindow: 4096, slidingFraction: 0.5 });
  });

  test('GIVEN Gemma 3 1B (26 layers, pattern 6) THEN 22 of 26 layers are local', () => {
    expect(arch('google/gemma-3-1b-pt', referenceConfig('google/gemma-3-1b-pt'))).toMatchObject({ slidingWindow: 512, slidingFraction: 22 / 26 });
  });

  test('GIVEN layer_types THEN they decide which layers are local', () => {
    const types = Array.from({ length: 32 }, (_, i) => (i < 8 ? 'sliding_attention' : 'full_attention'));
    expect(arch('org/m', { ...mistral, layer_types: types }).slidingFraction).toBe(0.25);
  });
});

describe('archFromConfig: officialParams', () => {
  const llama = referenceConfig('meta-llama/Llama-3.1-8B');

  test('GIVEN exactParams THEN it is the official count, sourced to the Hub safetensors metadata', () => {
    expect(arch('meta-llama/Llama-3.1-8B', llama, { exactParams: 8_030_261_248 }).officialParams).toEqual({ count: 8_030_261_248, source: 'Hub safetensors metadata' });
  });

  test('GIVEN no exactParams THEN the computed count, sourced to config.json', () => {
    expect(arch('meta-llama/Llama-3.1-8B', llama).officialParams).toEqual({ count: 8_030_261_248, source: 'computed from config.json' });
  });

  test('GIVEN a Hub count 4% above the computed one (Falcon-7B stores its tied lm_head twice) THEN the source says so', () => {
    const a = arch('tiiuae/falcon-7b', referenceConfig('tiiuae/falcon-7b'), { exactParams: 7_217_189_760 });
    expect(a.officialParams.count).toBe(7_217_189_760);
    expect(a.officialParams.source).toMatch(/^Hub safetensors metadata; computed from config.json: 6,921,720,704 \(the Hub count is 4\.3% higher/);
  });

  test('GIVEN a quantized checkpoint THEN the Hub tensor count is ignored and the source says why', () => {
    const a = arch('org/llama-awq', { ...llama, quantization_config: { quant_method: 'awq', bits: 4 } }, { exactParams: 1_050_000_000 });
    expect(a.officialParams.count).toBe(8_030_261_248);
    expect(a.officialParams.source).toMatch(/computed from config.json \(the checkpoint is awq quantized/);
  });

  test('GIVEN a source THEN configSource names it with the model_type', () => {
    expect(arch('org/x', llama, { source: 'http://127.0.0.1/org/x/resolve/main/config.json' }).configSource).toBe('http://127.0.0.1/org/x/resolve/main/config.json (model_type llama)');
  });

  test('GIVEN DeepSeek-V3 with num_nextn_predict_layers 1 THEN configSource says the MTP layer is not counted', () => {
    expect(arch('deepseek-ai/DeepSeek-V3', referenceConfig('deepseek-ai/DeepSeek-V3')).configSource).toMatch(/multi-token-prediction layer .* not counted/);
  });

  test('GIVEN a Hub model THEN id, name and hfId are the Hub id with its case, family the model_type', () => {
    expect(arch('Qwen/Qwen2.5-7B', referenceConfig('Qwen/Qwen2.5-7B'))).toMatchObject({ id: 'Qwen/Qwen2.5-7B', name: 'Qwen/Qwen2.5-7B', hfId: 'Qwen/Qwen2.5-7B', family: 'qwen2', aliases: [] });
  });
});

describe('archFromConfig: errors', () => {
  test('GIVEN a mamba config THEN unsupported_architecture naming mamba and saying state-space models have no KV cache/attention', () => {
    const e = onlyError(archFromConfig('state-spaces/mamba-2.8b-hf', MAMBA));
    expect(e).toMatchObject({ code: 'unsupported_architecture', modelType: 'mamba' });
    expect(describeHubError(e)).toBe(
      '`state-spaces/mamba-2.8b-hf` is a `mamba` model, which I cannot estimate: state-space and recurrent models have no KV cache/attention; vram-bot models decoder-only transformers.',
    );
  });

  test.each([
    ['google-t5/t5-base', 't5', /encoder-decoder/],
    ['google-bert/bert-base-uncased', 'bert', /encoder-only/],
    ['ai21labs/Jamba-v0.1', 'jamba', /mixes attention with state-space/],
    ['HuggingFaceTB/SmolVLM-Instruct', 'idefics3', /language model/],
    ['Qwen/Qwen2-VL-7B-Instruct', 'qwen2_vl', /read only for Gemma 3, Qwen2\.5-VL, Mistral 3, LLaVA/],
    ['openai-community/gpt2', 'gpt2', /Supported model_types: .*`llama`/],
    ['org/proto', 'constructor', /Supported model_types/],
  ])('GIVEN %s (model_type %s) THEN unsupported_architecture says why', (id, modelType, reason) => {
    const e = onlyError(archFromConfig(id, { model_type: modelType, hidden_size: 768 }));
    expect(e).toMatchObject({ code: 'unsupported_architecture', modelType });
    expect(e.detail).toMatch(reason);
  });

  test('GIVEN a config without model_type THEN bad_config says it is not a transformers config', () => {
    expect(onlyError(archFromConfig('org/x', { hidden_size: 4096 }))).toMatchObject({ code: 'bad_config', detail: expect.stringMatching(/no `model_type`/) });
  });

  test('GIVEN a Llama config without hidden_size THEN bad_config names hidden_size', () => {
    const { hidden_size: _, ...c } = referenceConfig('meta-llama/Llama-3.1-8B');
    const e = onlyError(archFromConfig('org/x', c));
    expect(e).toMatchObject({ code: 'bad_config', modelType: 'llama' });
    expect(describeHubError(e)).toBe('The config.json of `org/x` (model_type `llama`) is not one I can read. `hidden_size` is missing.');
  });

  test.each([
    ['a string width', { hidden_size: '4096' }, /`hidden_size`/],
    ['a fractional layer count', { num_hidden_layers: 31.5 }, /`num_hidden_layers`/],
    ['a negative vocabulary', { vocab_size: -1 }, /`vocab_size`/],
    ['heads not a multiple of KV heads', { num_key_value_heads: 5 }, /not a multiple of `num_key_value_heads`/],
    ['an unknown activation', { hidden_act: 'mish' }, /`hidden_act` is `mish`/],
    ['layer_types of the wrong length', { model_type: 'mistral', sliding_window: 4096, layer_types: ['full_attention'] }, /`layer_types` lists 1 layers/],
  ])('GIVEN %s THEN bad_config names the field', (_what, extra, detail) => {
    const e = onlyError(archFromConfig('org/x', { ...referenceConfig('meta-llama/Llama-3.1-8B'), ...extra }));
    expect(e.code).toBe('bad_config');
    expect(e.detail).toMatch(detail);
  });

  test('GIVEN a Gemma 3 config whose text_config is malformed THEN bad_config says it is in text_config', () => {
    const e = onlyError(archFromConfig('org/g', { ...GEMMA3_4B_SPARSE, text_config: { hidden_size: 'wide' } }));
    expect(e.detail).toMatch(/^In `text_config`: `hidden_size`/);
  });

  test.each([[null], [[1, 2]], ['{"model_type":"llama"}'], [42]])('GIVEN %p instead of an object THEN bad_json', (config) => {
    expect(onlyError(archFromConfig('org/x', config)).code).toBe('bad_json');
  });

  test('GIVEN an invalid Hub id THEN bad_hub_id before the config is read', () => {
    expect(onlyError(archFromConfig('../etc/passwd', referenceConfig('meta-llama/Llama-3.1-8B'))).code).toBe('bad_hub_id');
  });
});

describe('archFromConfig: vision-language models read with their tower', () => {
  test('GIVEN llava-hf/llava-1.5-7b-hf THEN the Vicuna decoder + CLIP ViT-L/14-336 + projector: 7,063,427,072, as published', () => {
    // text 6,738,939,904 (Llama 2 7B at vocab 32,064) + CLIP 303,507,456 + projector 1024 x 4096 + 4096 + 4096^2 + 4096 = 20,979,712.
    const a = arch('llava-hf/llava-1.5-7b-hf', referenceConfig('llava-hf/llava-1.5-7b-hf'));
    expect(countParams(a).visionEncoder).toBe(303_507_456);
    expect(countParams(a).visionProjector).toBe(20_979_712);
    expect(total(a)).toBe(7_063_427_072);
    expect(a.maxContext).toBe(4096);
    expect(imageLayout(a.vision!, 640, 480).sequenceTokens).toBe(576);
  });

  test('GIVEN llava-hf/llava-v1.6-mistral-7b-hf THEN the catalog count (image_newline included) and AnyRes tokens', () => {
    const a = arch('llava-hf/llava-v1.6-mistral-7b-hf', referenceConfig('llava-hf/llava-v1.6-mistral-7b-hf'));
    expect(total(a)).toBe(total(catalog('llava-hf/llava-v1.6-mistral-7b-hf')));
    expect(a.slidingWindow).toBeNull();
    expect(imageLayout(a.vision!, 672, 672).sequenceTokens).toBe(2928);
  });

  test('GIVEN Gemma 3 4B THEN the SigLIP spec pools 64 x 64 patches to mm_tokens_per_image 256', () => {
    const a = arch('google/gemma-3-4b-it', referenceConfig('google/gemma-3-4b-it'));
    expect(a.vision).toMatchObject({ encoder: 'siglip', layers: 27, heads: 16, projector: { merge: 4, pool: true } });
    expect(countParams(a).extra).toBe(419_816_304);
    expect(imageLayout(a.vision!, 896, 896).features).toBe(256);
  });

  test('GIVEN a llava config with a pixtral vision_config (Pixtral 12B) THEN 16-px patches and the LLaVA projector', () => {
    const c = {
      model_type: 'llava', text_config: { model_type: 'mistral', hidden_size: 5120, head_dim: 128, intermediate_size: 14336, num_hidden_layers: 40, num_attention_heads: 32, num_key_value_heads: 8, vocab_size: 131072, max_position_embeddings: 1024000, rope_theta: 1000000000.0, sliding_window: null },
      vision_config: { model_type: 'pixtral', hidden_size: 1024, intermediate_size: 4096, num_hidden_layers: 24, num_attention_heads: 16, patch_size: 16, image_size: 1024 },
      multimodal_projector_bias: true,
    };
    const a = arch('mistral-community/pixtral-12b', c);
    // The catalog's Pixtral 12B: text 12,247,782,400 + Pixtral 403,489,792 + projector 31,467,520.
    expect(countParams(a).extra).toBe(403_489_792 + 31_467_520);
    expect(imageLayout(a.vision!, 1024, 1024).sequenceTokens).toBe(4160);
  });

  test('GIVEN the Llama 3.2 11B Vision config (mllama) THEN 8 cross-attention layers, the tiled tower, and the published 10,670,220,835', () => {
    const c = {
      model_type: 'mllama',
      text_config: {
        model_type: 'mllama_text_model', hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 40, num_attention_heads: 32, num_key_value_heads: 8,
        vocab_size: 128256, max_position_embeddings: 131072, rope_theta: 500000.0, tie_word_embeddings: false, cross_attention_layers: [3, 8, 13, 18, 23, 28, 33, 38],
        rope_scaling: { factor: 8.0, high_freq_factor: 4.0, low_freq_factor: 1.0, original_max_position_embeddings: 8192, rope_type: 'llama3' },
      },
      vision_config: { hidden_size: 1280, image_size: 560, intermediate_size: 5120, max_num_tiles: 4, num_global_layers: 8, num_hidden_layers: 32, num_attention_heads: 16, patch_size: 14, vision_output_dim: 7680 },
    };
    const a = arch('org/llama-3.2-11b-vision-ft', c);
    expect(a).toMatchObject({ layers: 40, crossAttentionLayers: 8, extraEmbeddingRows: 8, vision: { encoder: 'mllama', globalLayers: 8, maxTiles: 4 } });
    // text 9,775,192,080 + vision 863,567,379 + projector 7680 x 4096 + 4096 = 31,461,376.
    expect(total(a)).toBe(10_670_220_835);
    expect(imageLayout(a.vision!, 560, 560).crossTokens).toBe(6404);
  });

  test('GIVEN a llava text_config of another model_type THEN bad_config names text_config', () => {
    const c = { ...referenceConfig('llava-hf/llava-1.5-7b-hf'), text_config: { model_type: 'mamba' } };
    expect(onlyError(archFromConfig('org/l', c)).detail).toMatch(/text_config/);
  });
});
