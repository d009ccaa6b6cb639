import { z } from 'zod';
import { CONTEXT, ConfigProblem, Core, DIM, HEADS, LAYERS, VOCAB, WINDOW, activation, decoderShape, slidingWindow } from './fields';
import { family, type Family } from './family';

/**
 * GPT-style decoders by `model_type`: LayerNorm with bias, plain (fc1/fc2) MLP, biases, often a
 * parallel attention + MLP block. Defaults are the transformers configuration classes'.
 */

/** `PhiConfig` (phi-1, phi-1.5, phi-2): one LayerNorm feeding parallel attention and a `gelu_new` MLP; biases everywhere, lm_head included. */
const phi = family(
  Core.extend({ qk_layernorm: z.boolean() }),
  { max_position_embeddings: 2048, tie_word_embeddings: false, hidden_act: 'gelu_new', qk_layernorm: false },
  (c) => ({
    shape: decoderShape(c, {
      mlp: 'plain', norm: 'layernorm', normsPerLayer: 1, parallelBlock: true,
      qkvBias: true, oBias: true, mlpBias: true, headBias: true, qkNorm: c.qk_layernorm ? 'head' : 'none',
    }),
    notes: c.qk_layernorm ? ['the biases of the q/k LayerNorms (2 x head_dim per layer) are not counted'] : [],
  }),
);

/**
 * `FalconConfig`. KV heads: `num_kv_heads` with `new_decoder_architecture` (40B/180B), 1 with
 * `multi_query` (7B), else one per head. Norms per layer: 2 without `parallel_attn`; with it,
 * `num_ln_in_parallel_attn` (2 for the new architecture, else 1). `bias` covers every linear;
 * `alibi` replaces RoPE. The MLP is `ffn_hidden_size` (default 4 x hidden) wide.
 */
const falcon = family(
  z.object({
    hidden_size: DIM, num_hidden_layers: LAYERS, num_attention_heads: HEADS, num_kv_heads: HEADS.nullish(),
    vocab_size: VOCAB, max_position_embeddings: CONTEXT, tie_word_embeddings: z.boolean(),
    multi_query: z.boolean(), new_decoder_architecture: z.boolean(), parallel_attn: z.boolean(), bias: z.boolean(), alibi: z.boolean(),
    ffn_hidden_size: DIM.nullish(), num_ln_in_parallel_attn: z.number().int().min(1).max(2).nullish(), activation: z.string(),
  }),
  {
    max_position_embeddings: 2048, tie_word_embeddings: true, multi_query: true, new_decoder_architecture: false,
    parallel_attn: true, bias: false, alibi: false, activation: 'gelu',
  },
  (c) => {
    const heads = c.num_attention_heads;
    if (c.hidden_size % heads !== 0) throw new ConfigProblem(`\`hidden_size\` (${c.hidden_size}) is not divisible by \`num_attention_heads\` (${heads}).`);
    const kvHeads = c.new_decoder_architecture ? (c.num_kv_heads ?? heads) : c.multi_query ? 1 : heads;
    if (heads % kvHeads !== 0) throw new ConfigProblem(`\`num_attention_heads\` (${heads}) is not a multiple of \`num_kv_heads\` (${kvHeads}).`);
    const parallelNorms = c.num_ln_in_parallel_attn ?? (c.new_decoder_architecture ? 2 : 1);
    return {
      hidden: c.hidden_size, intermediate: c.ffn_hidden_size ?? 4 * c.hidden_size, layers: c.num_hidden_layers,
      heads, kvHeads, headDim: c.hidden_size / heads, vocab: c.vocab_size, maxContext: c.max_position_embeddings,
      tiedEmbeddings: c.tie_word_embeddings, mlp: 'plain', activation: activation(c.activation, 'activation'),
      norm: 'layernorm', normsPerLayer: c.parallel_attn ? parallelNorms : 2, qkNorm: 'none',
      qkvBias: c.bias, oBias: c.bias, mlpBias: c.bias, parallelBlock: c.parallel_attn,
      positional: c.alibi ? 'alibi' : 'rope', slidingWindow: null, slidingFraction: 0,
    };
  },
  { n_layer: 'num_hidden_layers', n_head: 'num_attention_heads', n_head_kv: 'num_kv_heads', n_embed: 'hidden_size' },
);

/**
 * `GPTNeoXConfig` (Pythia, GPT-NeoX-20B, StableLM-Alpha): two LayerNorms per layer,
 * `use_parallel_residual`, `attention_bias` on the fused qkv and the output projection, MLP
 * biases always. Multi-head only: `num_key_value_heads`/`head_dim` are not read by the model.
 */
const gptNeox = family(
  Core.extend({ use_parallel_residual: z.boolean(), attention_bias: z.boolean() }),
  { max_position_embeddings: 2048, tie_word_embeddings: false, hidden_act: 'gelu', use_parallel_residual: true, attention_bias: true },
  (c) => decoderShape({ ...c, num_key_value_heads: null, head_dim: null }, {
    mlp: 'plain', norm: 'layernorm', parallelBlock: c.use_parallel_residual,
    qkvBias: c.attention_bias, oBias: c.attention_bias, mlpBias: true,
  }),
);

/**
 * `GPTBigCodeConfig` (StarCoder, SantaCoder, OctoCoder): learned positions (`n_positions`),
 * fused `c_attn` with one KV head under `multi_query`, biases everywhere, tied lm_head; the MLP is
 * `n_inner` (default 4 x `n_embd`) wide.
 */
const gptBigcode = family(
  z.object({
    hidden_size: DIM, num_hidden_layers: LAYERS, num_attention_heads: HEADS, intermediate_size: DIM.nullish(),
    vocab_size: VOCAB, max_position_embeddings: CONTEXT, tie_word_embeddings: z.boolean(), multi_query: z.boolean(), activation_function: z.string(),
  }),
  { max_position_embeddings: 1024, tie_word_embeddings: true, multi_query: true, activation_function: 'gelu_pytorch_tanh' },
  (c) => decoderShape({
    ...c, intermediate_size: c.intermediate_size ?? 4 * c.hidden_size, num_key_value_heads: c.multi_query ? 1 : null,
    head_dim: null, hidden_act: c.activation_function, layer_types: null,
  }, {
    mlp: 'plain', activation: activation(c.activation_function, 'activation_function'), norm: 'layernorm', positional: 'learned',
    qkvBias: true, oBias: true, mlpBias: true,
  }),
  { n_embd: 'hidden_size', n_layer: 'num_hidden_layers', n_head: 'num_attention_heads', n_inner: 'intermediate_size', n_positions: 'max_position_embeddings' },
);

/** `Starcoder2Config`: LayerNorm, plain `gelu_pytorch_tanh` MLP, `use_bias` on every linear, GQA, tied, optional `sliding_window`. */
const starcoder2 = family(
  Core.extend({ sliding_window: WINDOW, use_bias: z.boolean() }),
  { max_position_embeddings: 4096, tie_word_embeddings: true, hidden_act: 'gelu_pytorch_tanh', num_key_value_heads: 2, sliding_window: null, use_bias: true },
  (c) => decoderShape(c, {
    mlp: 'plain', norm: 'layernorm', qkvBias: c.use_bias, oBias: c.use_bias, mlpBias: c.use_bias,
    ...slidingWindow(c.sliding_window, c.num_hidden_layers, c.layer_types, () => true),
  }),
);

export const CLASSIC_FAMILIES: ReadonlyMap<string, Family> = new Map([
  ['phi', phi], ['falcon', falcon], ['gpt_neox', gptNeox], ['gpt_bigcode', gptBigcode], ['starcoder2', starcoder2],
]);
