import { z } from 'zod';
import { int } from '../format/text';
import { ConfigProblem, Core, LAYERS, WINDOW, activation, decoderShape, slidingWindow } from './fields';
import { family, parseConfig, type Family } from './family';
import { Nested, pixtralTower, pixtralVisionSpec, qwen25VlTower, qwen25VlVisionSpec, within } from './families-towers';

/**
 * Llama-style dense decoders (RMSNorm or LayerNorm, gated MLP, RoPE) by `model_type`.
 * Defaults are the transformers configuration classes' (`configuration_<type>.py`); only the
 * fields a config.json may omit have one, so a config without `hidden_size` is rejected.
 */

const all = (): boolean => true;

/** `LlamaConfig`: biases on q/k/v/o with `attention_bias`, on the MLP with `mlp_bias`; untied by default. */
const llama = family(
  Core.extend({ attention_bias: z.boolean(), mlp_bias: z.boolean() }),
  { max_position_embeddings: 2048, tie_word_embeddings: false, hidden_act: 'silu', attention_bias: false, mlp_bias: false },
  (c) => decoderShape(c, { qkvBias: c.attention_bias, oBias: c.attention_bias, mlpBias: c.mlp_bias }),
);

/** `MistralConfig`: the Llama layer; `sliding_window` (class default 4096, null in v0.2+) on every layer. */
const mistral = family(
  Core.extend({ sliding_window: WINDOW }),
  { max_position_embeddings: 4096 * 32, tie_word_embeddings: false, hidden_act: 'silu', num_key_value_heads: 8, sliding_window: 4096 },
  (c) => decoderShape(c, slidingWindow(c.sliding_window, c.num_hidden_layers, c.layer_types, all)),
);

/** Qwen2/Qwen3 sliding rule: with `use_sliding_window`, layers from `max_window_layers` on are local. */
const QWEN_WINDOW = { use_sliding_window: z.boolean(), sliding_window: WINDOW, max_window_layers: z.number().int().min(0) };
const QWEN_DEFAULTS = {
  max_position_embeddings: 32768, tie_word_embeddings: false, hidden_act: 'silu', num_key_value_heads: 32,
  use_sliding_window: false, sliding_window: 4096, max_window_layers: 28,
};
const qwenWindow = (c: z.infer<z.ZodObject<typeof QWEN_WINDOW>> & { num_hidden_layers: number; layer_types?: string[] | null }) =>
  slidingWindow(c.use_sliding_window ? c.sliding_window : null, c.num_hidden_layers, c.layer_types, (i) => i >= c.max_window_layers);

/** `Qwen2Config`: bias on q, k, v (hard-coded in `Qwen2Attention`), none on o or the MLP. */
const qwen2 = family(
  Core.extend(QWEN_WINDOW),
  QWEN_DEFAULTS,
  (c) => decoderShape(c, { qkvBias: true, ...qwenWindow(c) }),
);

/** `Qwen3Config`: per-head RMSNorm on q and k, `head_dim` 128 by default, `attention_bias` on q/k/v/o. */
const qwen3 = family(
  Core.extend({ ...QWEN_WINDOW, attention_bias: z.boolean() }),
  { ...QWEN_DEFAULTS, head_dim: 128, attention_bias: false },
  (c) => decoderShape(c, { qkNorm: 'head', qkvBias: c.attention_bias, oBias: c.attention_bias, ...qwenWindow(c) }),
);

/** Gemma activation: `hidden_activation`, else the approximate GeLU of the reference code (the old `hidden_act: "gelu"` is ignored, as transformers does). */
const GEMMA_FIELDS = { attention_bias: z.boolean(), hidden_activation: z.string().nullish() };
const gemmaAct = (c: { hidden_activation?: string | null }) => activation(c.hidden_activation ?? 'gelu_pytorch_tanh', 'hidden_activation');

/** `GemmaConfig`: the Llama layer with GeGLU, head_dim 256, tied embeddings. */
const gemma = family(
  Core.extend(GEMMA_FIELDS),
  { head_dim: 256, max_position_embeddings: 8192, tie_word_embeddings: true, hidden_act: 'gelu_pytorch_tanh', attention_bias: false, num_key_value_heads: 16 },
  (c) => decoderShape(c, { activation: gemmaAct(c), qkvBias: c.attention_bias, oBias: c.attention_bias }),
);

/** `Gemma2Config`: sandwich norms (4 per layer); even-index layers use the sliding window. */
const gemma2 = family(
  Core.extend({ ...GEMMA_FIELDS, sliding_window: WINDOW }),
  { head_dim: 256, max_position_embeddings: 8192, tie_word_embeddings: true, hidden_act: 'gelu_pytorch_tanh', attention_bias: false, num_key_value_heads: 4, sliding_window: 4096 },
  (c) => decoderShape(c, {
    activation: gemmaAct(c), qkvBias: c.attention_bias, oBias: c.attention_bias, normsPerLayer: 4,
    ...slidingWindow(c.sliding_window, c.num_hidden_layers, c.layer_types, (i) => i % 2 === 0),
  }),
);

/**
 * Every `Gemma3TextConfig` default, core sizes included: the multimodal config.json nests the
 * text model as `text_config`, which `save_pretrained` writes as a diff against these.
 */
export const GEMMA3_TEXT_DEFAULTS = {
  vocab_size: 262_208, hidden_size: 2304, intermediate_size: 9216, num_hidden_layers: 26, num_attention_heads: 8,
  num_key_value_heads: 4, head_dim: 256, hidden_activation: 'gelu_pytorch_tanh', hidden_act: 'gelu_pytorch_tanh',
  max_position_embeddings: 131_072, tie_word_embeddings: true, attention_bias: false, sliding_window: 4096, sliding_window_pattern: 6,
} as const;

/** `Gemma3TextConfig`: Gemma 2 norms plus per-head q/k RMSNorm; of each `sliding_window_pattern` layers, the last is global. */
export const gemma3Text = family(
  Core.extend({ ...GEMMA_FIELDS, sliding_window: WINDOW, sliding_window_pattern: LAYERS }),
  GEMMA3_TEXT_DEFAULTS,
  (c) => decoderShape(c, {
    activation: gemmaAct(c), qkvBias: c.attention_bias, oBias: c.attention_bias, normsPerLayer: 4, qkNorm: 'head',
    ...slidingWindow(c.sliding_window, c.num_hidden_layers, c.layer_types, (i) => (i + 1) % c.sliding_window_pattern !== 0),
  }),
);

/** `Phi3Config` (Phi-3, Phi-3.5-mini, Phi-4): the Llama layer with fused qkv / gate_up (same count); `sliding_window` on every layer. */
const phi3 = family(
  Core.extend({ sliding_window: WINDOW }),
  { max_position_embeddings: 4096, tie_word_embeddings: false, hidden_act: 'silu', sliding_window: null },
  (c) => decoderShape(c, slidingWindow(c.sliding_window, c.num_hidden_layers, c.layer_types, all)),
);

/** `Olmo2Config`: norms after attention and after the MLP (2 per layer), RMSNorm over the whole q and k width. */
const olmo2 = family(
  Core.extend({ attention_bias: z.boolean() }),
  { max_position_embeddings: 2048, tie_word_embeddings: false, hidden_act: 'silu', attention_bias: false },
  (c) => decoderShape(c, { qkNorm: 'full', qkvBias: c.attention_bias, oBias: c.attention_bias }),
);

/** `CohereConfig` (Command-R): one bias-free LayerNorm feeding parallel attention and MLP; tied; optional per-head q/k norms. */
const cohere = family(
  Core.extend({ attention_bias: z.boolean(), use_qk_norm: z.boolean() }),
  { max_position_embeddings: 8192, tie_word_embeddings: true, hidden_act: 'silu', attention_bias: false, use_qk_norm: false },
  (c) => decoderShape(c, {
    norm: 'layernorm', normBias: false, normsPerLayer: 1, parallelBlock: true,
    qkNorm: c.use_qk_norm ? 'full' : 'none', qkvBias: c.attention_bias, oBias: c.attention_bias,
  }),
);

/**
 * `StableLmConfig` (StableLM 2, StableLM-3B-4E1T): LayerNorm with bias, gated MLP without bias,
 * `use_qkv_bias`, per-head bias-free q/k LayerNorms (`qk_layernorm`), `use_parallel_residual`
 * (then one norm per layer). KV heads default to the query heads.
 */
const stablelm = family(
  Core.extend({ use_qkv_bias: z.boolean(), qk_layernorm: z.boolean(), use_parallel_residual: z.boolean() }),
  { max_position_embeddings: 4096, tie_word_embeddings: false, hidden_act: 'silu', use_qkv_bias: false, qk_layernorm: false, use_parallel_residual: false },
  (c) => decoderShape(c, {
    norm: 'layernorm', normsPerLayer: c.use_parallel_residual ? 1 : 2, parallelBlock: c.use_parallel_residual,
    qkvBias: c.use_qkv_bias, qkNorm: c.qk_layernorm ? 'full' : 'none',
  }),
);

/**
 * `SmolLM3Config`: the Llama layer (`attention_bias`, `mlp_bias`), tied; `no_rope_layers` (1 = RoPE,
 * 0 = NoPE; default a NoPE layer every `no_rope_layer_interval` = 4) gives `nopeLayers`; with
 * `use_sliding_window` only the NoPE layers are local (transformers' layer_types rule).
 */
const smollm3 = family(
  Core.extend({
    attention_bias: z.boolean(), mlp_bias: z.boolean(), use_sliding_window: z.boolean(), sliding_window: WINDOW,
    no_rope_layers: z.array(z.number().int().min(0).max(1)).nullish(), no_rope_layer_interval: LAYERS,
  }),
  {
    vocab_size: 128256, hidden_size: 2048, intermediate_size: 11008, num_hidden_layers: 36, num_attention_heads: 16, num_key_value_heads: 4,
    hidden_act: 'silu', max_position_embeddings: 32768, tie_word_embeddings: true, attention_bias: false, mlp_bias: false,
    use_sliding_window: false, sliding_window: null, no_rope_layer_interval: 4,
  },
  (c) => {
    const L = c.num_hidden_layers;
    const rope = c.no_rope_layers && c.no_rope_layers.length > 0
      ? c.no_rope_layers
      : Array.from({ length: L }, (_, i) => ((i + 1) % c.no_rope_layer_interval !== 0 ? 1 : 0));
    if (rope.length < L) throw new ConfigProblem(`\`no_rope_layers\` lists ${rope.length} layers but \`num_hidden_layers\` is ${L}.`);
    const nope = rope.slice(0, L).filter((r) => r === 0).length;
    return decoderShape(c, {
      qkvBias: c.attention_bias, oBias: c.attention_bias, mlpBias: c.mlp_bias, ...(nope > 0 ? { nopeLayers: nope } : {}),
      ...slidingWindow(c.use_sliding_window ? c.sliding_window : null, L, c.layer_types, (i) => rope[i] === 0),
    });
  },
);

/**
 * Every `Qwen2_5_VLTextConfig` default: the text fields sit at the top level of older Qwen2.5-VL
 * config.json files, and newer ones nest them as `text_config` written as a diff against these.
 */
const QWEN25_VL_TEXT_DEFAULTS = {
  vocab_size: 152064, hidden_size: 8192, intermediate_size: 29568, num_hidden_layers: 80, num_attention_heads: 64, num_key_value_heads: 8,
  hidden_act: 'silu', max_position_embeddings: 32768, tie_word_embeddings: false, use_sliding_window: false, sliding_window: 4096, max_window_layers: 80,
};
const qwen25VlText = family(Core.extend(QWEN_WINDOW), QWEN25_VL_TEXT_DEFAULTS, (c) => decoderShape(c, { qkvBias: true, ...qwenWindow(c) }));

const Multimodal = z.object({ text_config: Nested, vision_config: Nested });

/** The text part of a multimodal config: `text_config` over the top-level fields (older files keep them at the top). */
function textPart(raw: Readonly<Record<string, unknown>>, textConfig: Readonly<Record<string, unknown>> | null | undefined): Record<string, unknown> {
  const { text_config: _t, vision_config: _v, model_type: _m, architectures: _a, ...top } = raw;
  return { ...top, ...(textConfig ?? {}) };
}

/**
 * `Qwen2_5_VLConfig` (Qwen2.5-VL 3B/7B/32B/72B): the text decoder is a Qwen2 layer (q/k/v bias,
 * M-RoPE without parameters) read from the top level or `text_config`; the ViT and the patch merger
 * of `vision_config` load with it and stay frozen (`extraFrozenParams`).
 */
const qwen25Vl: Family = {
  read(raw) {
    const c = parseConfig(Multimodal, raw);
    const text = within('text_config', () => qwen25VlText.read(textPart(raw, c.text_config)));
    const tower = within('vision_config', () => qwen25VlTower(c.vision_config ?? {}));
    const vision = within('vision_config', () => qwen25VlVisionSpec(c.vision_config ?? {}, 'config.json vision_config; the image processor\'s defaults (min_pixels 3,136, max_pixels 12,845,056)'));
    return {
      shape: { ...text.shape, vision },
      notes: [...text.notes, `text decoder from the text fields; ViT (${int(tower.encoder)}) and patch merger (${int(tower.projector)}) from vision_config, with the processor's default pixels`],
    };
  },
};

/** `Mistral3Config` defaults beyond the sub-configs (transformers `configuration_mistral3.py`). */
const Mistral3 = Multimodal.extend({ spatial_merge_size: z.number().int().min(1).max(64), multimodal_projector_bias: z.boolean() });

/**
 * `Mistral3Config` (Mistral Small 3.1 / 3.2): `text_config` is a `mistral` decoder (its class
 * defaults apply to omitted fields, as transformers builds it); the Pixtral encoder of
 * `vision_config` and the projector (patch merger of `spatial_merge_size`) stay frozen.
 */
const mistral3: Family = {
  read(raw) {
    const c = parseConfig(Mistral3, { spatial_merge_size: 2, multimodal_projector_bias: false, ...raw });
    const textRaw: Record<string, unknown> = { ...(c.text_config ?? {}), ...(raw.quantization_config !== undefined ? { quantization_config: raw.quantization_config } : {}) };
    const textType = typeof textRaw.model_type === 'string' ? textRaw.model_type : 'mistral';
    const textFamily = DENSE_TEXT.get(textType);
    if (!textFamily) throw new ConfigProblem(`\`text_config.model_type\` is \`${textType}\`; I read ${[...DENSE_TEXT.keys()].map((k) => `\`${k}\``).join(', ')} there.`);
    const text = within('text_config', () => textFamily.read(textRaw));
    const tower = within('vision_config', () => pixtralTower(c.vision_config ?? {}, text.shape.hidden, c.spatial_merge_size, c.multimodal_projector_bias));
    const vision = within('vision_config', () => pixtralVisionSpec(c.vision_config ?? {}, text.shape.hidden, c.spatial_merge_size, c.multimodal_projector_bias, 'config.json vision_config (image_size: the processor\'s longest edge)'));
    return {
      shape: { ...text.shape, vision },
      notes: [...text.notes, `text decoder from text_config; Pixtral encoder (${int(tower.encoder)}) and projector (${int(tower.projector)}) from vision_config`],
    };
  },
};

/** Text decoders a multimodal wrapper may nest as `text_config`. */
const DENSE_TEXT: ReadonlyMap<string, Family> = new Map([['mistral', mistral], ['llama', llama]]);

export const DENSE_FAMILIES: ReadonlyMap<string, Family> = new Map([
  ['llama', llama], ['mistral', mistral], ['qwen2', qwen2], ['qwen3', qwen3],
  ['gemma', gemma], ['gemma2', gemma2], ['gemma3_text', gemma3Text],
  ['phi3', phi3], ['olmo2', olmo2], ['cohere', cohere], ['stablelm', stablelm],
  ['smollm3', smollm3], ['qwen2_5_vl', qwen25Vl], ['qwen2_5_vl_text', qwen25VlText], ['mistral3', mistral3],
]);
