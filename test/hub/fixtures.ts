/**
 * config.json fixtures for the Hub tests. Most are rebuilt from `docs/catalog/models-reference.json`
 * (the config.json values of 68 public models, each entry naming the Hub repo it was
 * read from in `hf_id` and `source`); the rest are written out here with the repo they come from.
 * The file is the repository's own, so the tests pass wherever it is cloned.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Json = Record<string, unknown>;

export const REFERENCE: readonly Json[] = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'docs', 'catalog', 'models-reference.json'), 'utf8'),
) as Json[];

/** Keys of the reference file that annotate an entry rather than copy a config.json field. */
const ANNOTATIONS = new Set([
  'hf_id', 'gotchas', 'source', 'total_params', 'head_dim_in_config', 'text_params', 'vision_params', 'projector_params',
  'attention_pattern', 'attention_type', 'weights_dtype', 'mtp_module_params_unique', 'qk_norm', 'fused_qkv', 'fused_gate_up',
  'shared_experts', 'text_model_type',
]);

/**
 * The config.json of a reference entry: its config fields (`head_dim` only where the real file
 * has it). Gemma 3 multimodal entries are flattened in the reference; they are nested back into
 * `text_config` / `vision_config`, with `vision_use_head: false` as in google/gemma-3-*-it.
 */
export function configFromReference(ref: Json): Json {
  const c: Json = {};
  for (const [k, v] of Object.entries(ref)) {
    if (ANNOTATIONS.has(k) || (k === 'head_dim' && ref.head_dim_in_config !== true)) continue;
    c[k] = v;
  }
  if (ref.model_type !== 'gemma3') return c;
  const { model_type, architectures, torch_dtype, mm_tokens_per_image, vision_config, ...text } = c;
  return {
    model_type, architectures, torch_dtype, mm_tokens_per_image,
    vision_config: { ...(vision_config as Json), vision_use_head: false },
    text_config: { ...text, model_type: 'gemma3_text' },
  };
}

/** The reference config.json of one Hub id. */
export function referenceConfig(hfId: string): Json {
  const ref = REFERENCE.find((r) => r.hf_id === hfId);
  if (!ref) throw new Error(`${hfId} is not in models-reference.json`);
  return configFromReference(ref);
}

/** microsoft/phi-2 config.json (shape fields). */
export const PHI2: Json = {
  model_type: 'phi', architectures: ['PhiForCausalLM'], hidden_size: 2560, intermediate_size: 10240, num_hidden_layers: 32,
  num_attention_heads: 32, num_key_value_heads: 32, vocab_size: 51200, max_position_embeddings: 2048, hidden_act: 'gelu_new',
  partial_rotary_factor: 0.4, qk_layernorm: false, tie_word_embeddings: false, torch_dtype: 'float16',
};

/** tiiuae/falcon-40b config.json: new decoder architecture, 8 KV heads, old key names (`n_head`, `n_layer`). */
export const FALCON_40B: Json = {
  model_type: 'falcon', hidden_size: 8192, n_head: 128, num_kv_heads: 8, n_layer: 60, vocab_size: 65024,
  new_decoder_architecture: true, parallel_attn: true, bias: false, alibi: false, torch_dtype: 'bfloat16',
};

/** bigcode/starcoder config.json (gpt_bigcode; GPT-2 key names). */
export const STARCODER: Json = {
  model_type: 'gpt_bigcode', n_embd: 6144, n_head: 48, n_inner: 24576, n_layer: 40, n_positions: 8192, vocab_size: 49152,
  multi_query: true, activation_function: 'gelu_pytorch_tanh',
};

/**
 * google/gemma-3-4b-it config.json as published: `text_config` lists only what differs from
 * the Gemma3TextConfig defaults (heads, KV heads, head_dim and vocab are all defaults).
 */
export const GEMMA3_4B_SPARSE: Json = {
  model_type: 'gemma3', architectures: ['Gemma3ForConditionalGeneration'], mm_tokens_per_image: 256, torch_dtype: 'bfloat16',
  text_config: {
    model_type: 'gemma3_text', hidden_size: 2560, intermediate_size: 10240, num_hidden_layers: 34,
    rope_scaling: { factor: 8.0, rope_type: 'linear' }, sliding_window: 1024,
  },
  vision_config: {
    model_type: 'siglip_vision_model', hidden_size: 1152, image_size: 896, intermediate_size: 4304,
    num_attention_heads: 16, num_hidden_layers: 27, patch_size: 14, vision_use_head: false,
  },
};

/** state-spaces/mamba-2.8b-hf config.json (shape fields). */
export const MAMBA: Json = { model_type: 'mamba', hidden_size: 2560, num_hidden_layers: 64, state_size: 16, vocab_size: 50280 };

/**
 * A config.json text nested `levels` deep: `{"model_type":"llama","x":[[[...]]]}`. At 150,000
 * levels it is 300 kB (under the 1 MB cap) and `JSON.stringify` of its parsed value overflows
 * the stack.
 */
export const deepConfigText = (levels: number): string => `{"model_type":"llama","x":${'['.repeat(levels)}${']'.repeat(levels)}}`;
