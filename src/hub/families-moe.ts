import { z } from 'zod';
import { int } from '../format/text';
import type { ModelArch, MoeSpec } from '../model/arch';
import { countParams } from '../model/params';
import { COUNT, Core, DIM, EXPERTS, ConfigProblem, LAYERS, WINDOW, decoderShape, slidingWindow, type ArchShape } from './fields';
import { family, parseConfig, type Family } from './family';
import { Nested, llama4Tower, within } from './families-towers';

/**
 * Mixture-of-experts decoders by `model_type`. Defaults are the transformers configuration
 * classes'. Which layers are sparse decides `denseLayers` (a count: the parameter and activation
 * formulas do not depend on where the dense layers sit).
 */

/** Checks top-k against the expert count. */
function moe(spec: MoeSpec): MoeSpec {
  if (spec.topK > spec.experts) throw new ConfigProblem(`\`num_experts_per_tok\` (${spec.topK}) is more than the ${spec.experts} experts.`);
  return spec;
}

/** Number of layers `i` in `[0, layers)` for which `sparse(i)` holds. */
function countSparse(layers: number, sparse: (i: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < layers; i++) if (sparse(i)) n++;
  return n;
}

/** `MixtralConfig`: every layer MoE, `num_local_experts` experts of `intermediate_size`, top `num_experts_per_tok`. */
const mixtral = family(
  Core.extend({ sliding_window: WINDOW, num_local_experts: EXPERTS, num_experts_per_tok: EXPERTS }),
  { max_position_embeddings: 4096 * 32, tie_word_embeddings: false, hidden_act: 'silu', num_key_value_heads: 8, sliding_window: null, num_local_experts: 8, num_experts_per_tok: 2 },
  (c) => decoderShape(c, {
    ...slidingWindow(c.sliding_window, c.num_hidden_layers, c.layer_types, () => true),
    moe: moe({ experts: c.num_local_experts, topK: c.num_experts_per_tok, expertIntermediate: c.intermediate_size, sharedExperts: 0, sharedIntermediate: 0, denseLayers: 0, routerBias: false }),
  }),
);

/** Qwen MoE sparsity: layer `i` is sparse unless listed in `mlp_only_layers`, and when `(i + 1) % decoder_sparse_step == 0`. */
const QWEN_MOE = {
  num_experts: EXPERTS, num_experts_per_tok: EXPERTS, moe_intermediate_size: DIM,
  decoder_sparse_step: z.number().int().min(1), mlp_only_layers: z.array(z.number().int().min(0)).nullish(),
  use_sliding_window: z.boolean(), sliding_window: WINDOW,
};
const QWEN_MOE_DEFAULTS = { max_position_embeddings: 32768, tie_word_embeddings: false, hidden_act: 'silu', decoder_sparse_step: 1, use_sliding_window: false, sliding_window: 4096 };
const qwenDense = (c: { num_hidden_layers: number; decoder_sparse_step: number; mlp_only_layers?: number[] | null }): number => {
  const only = new Set(c.mlp_only_layers ?? []);
  return c.num_hidden_layers - countSparse(c.num_hidden_layers, (i) => !only.has(i) && (i + 1) % c.decoder_sparse_step === 0);
};

/**
 * `Qwen2MoeConfig` (Qwen1.5-MoE, Qwen2-57B-A14B): q/k/v bias (`qkv_bias`), one shared expert of
 * `shared_expert_intermediate_size`. Its sigmoid gate (`shared_expert_gate`, hidden x 1 per layer)
 * has no place in the record and is left out (under 0.01% of the parameters).
 */
const qwen2Moe = family(
  Core.extend({ ...QWEN_MOE, shared_expert_intermediate_size: z.number().int().min(0), qkv_bias: z.boolean(), max_window_layers: z.number().int().min(0) }),
  {
    ...QWEN_MOE_DEFAULTS, num_key_value_heads: 16, num_experts: 60, num_experts_per_tok: 4, moe_intermediate_size: 1408,
    shared_expert_intermediate_size: 5632, qkv_bias: true, max_window_layers: 28,
  },
  (c) => {
    const dense = qwenDense(c);
    const shared = c.shared_expert_intermediate_size;
    return {
      shape: decoderShape(c, {
        qkvBias: c.qkv_bias,
        ...slidingWindow(c.use_sliding_window ? c.sliding_window : null, c.num_hidden_layers, c.layer_types, (i) => (i + 1) % 2 === 1 && i < c.max_window_layers),
        ...(dense < c.num_hidden_layers ? {
          moe: moe({ experts: c.num_experts, topK: c.num_experts_per_tok, expertIntermediate: c.moe_intermediate_size, sharedExperts: shared > 0 ? 1 : 0, sharedIntermediate: shared, denseLayers: dense, routerBias: false }),
        } : {}),
      }),
      notes: shared > 0 ? ['the shared-expert gate (hidden_size x 1 per MoE layer) is not counted'] : [],
    };
  },
);

/** `Qwen3MoeConfig` (Qwen3-30B-A3B, Qwen3-235B-A22B): Qwen3 attention (per-head q/k norms), no shared expert. */
const qwen3Moe = family(
  Core.extend({ ...QWEN_MOE, attention_bias: z.boolean() }),
  { ...QWEN_MOE_DEFAULTS, num_key_value_heads: 4, num_experts: 128, num_experts_per_tok: 8, moe_intermediate_size: 768, attention_bias: false },
  (c) => {
    const dense = qwenDense(c);
    return decoderShape(c, {
      qkNorm: 'head', qkvBias: c.attention_bias, oBias: c.attention_bias,
      ...slidingWindow(c.use_sliding_window ? c.sliding_window : null, c.num_hidden_layers, c.layer_types, () => true),
      ...(dense < c.num_hidden_layers ? {
        moe: moe({ experts: c.num_experts, topK: c.num_experts_per_tok, expertIntermediate: c.moe_intermediate_size, sharedExperts: 0, sharedIntermediate: 0, denseLayers: dense, routerBias: false }),
      } : {}),
    });
  },
);

const DEEPSEEK = Core.extend({
  attention_bias: z.boolean(), n_routed_experts: EXPERTS.nullish(), n_shared_experts: COUNT.nullish(), moe_intermediate_size: DIM,
  num_experts_per_tok: EXPERTS.nullish(), first_k_dense_replace: z.number().int().min(0), moe_layer_freq: z.number().int().min(1),
  q_lora_rank: DIM.nullish(), kv_lora_rank: DIM, qk_nope_head_dim: DIM, qk_rope_head_dim: DIM, v_head_dim: DIM,
  topk_method: z.string().nullish(), num_nextn_predict_layers: COUNT.nullish(),
});

/**
 * DeepSeek-V2/V3: multi-head latent attention (`q_lora_rank` null means a plain q projection),
 * `first_k_dense_replace` dense layers then MoE every `moe_layer_freq` layers, shared experts of
 * `moe_intermediate_size` each. V3's router has a per-expert bias (`e_score_correction_bias`;
 * V2 only with `topk_method: "noaux_tc"`). The multi-token-prediction layers
 * (`num_nextn_predict_layers`) are not part of the model transformers loads and are not counted.
 */
function deepseek(v3: boolean): Family {
  const defaults = v3
    ? { max_position_embeddings: 4096, n_routed_experts: 256, n_shared_experts: 1, moe_intermediate_size: 2048, num_experts_per_tok: 8, first_k_dense_replace: 3, topk_method: 'noaux_tc' }
    : { max_position_embeddings: 2048, n_routed_experts: 64, n_shared_experts: 2, moe_intermediate_size: 1407, num_experts_per_tok: null, first_k_dense_replace: 0, topk_method: 'greedy' };
  return family(
    DEEPSEEK,
    {
      ...defaults, tie_word_embeddings: false, hidden_act: 'silu', attention_bias: false, moe_layer_freq: 1,
      q_lora_rank: 1536, kv_lora_rank: 512, qk_nope_head_dim: 128, qk_rope_head_dim: 64, v_head_dim: 128,
    },
    (c) => {
      if (c.attention_bias) throw new ConfigProblem('`attention_bias` is true; biases on the latent-attention projections are not modelled.');
      const L = c.num_hidden_layers;
      const sparse = c.n_routed_experts ? countSparse(L, (i) => i >= c.first_k_dense_replace && i % c.moe_layer_freq === 0) : 0;
      if (sparse > 0 && !c.num_experts_per_tok) throw new ConfigProblem('`num_experts_per_tok` is missing.');
      const heads = c.num_attention_heads;
      const mtp = c.num_nextn_predict_layers ?? 0;
      let built: { shape: ArchShape; notes: string[] } = {
        shape: decoderShape({ ...c, head_dim: c.qk_nope_head_dim + c.qk_rope_head_dim, num_key_value_heads: c.num_key_value_heads ?? heads }, {
          mla: { qLoraRank: c.q_lora_rank ?? null, kvLoraRank: c.kv_lora_rank, qkNopeHeadDim: c.qk_nope_head_dim, qkRopeHeadDim: c.qk_rope_head_dim, vHeadDim: c.v_head_dim },
          ...(sparse > 0 && c.n_routed_experts && c.num_experts_per_tok ? {
            moe: moe({
              experts: c.n_routed_experts, topK: c.num_experts_per_tok, expertIntermediate: c.moe_intermediate_size,
              sharedExperts: c.n_shared_experts ?? 0, sharedIntermediate: c.moe_intermediate_size, denseLayers: L - sparse,
              routerBias: v3 || c.topk_method === 'noaux_tc',
            }),
          } : {}),
        }),
        notes: mtp > 0 ? [`the ${mtp} multi-token-prediction layer${mtp > 1 ? 's' : ''} (num_nextn_predict_layers) are not counted`] : [],
      };
      if (mtp > 0 && built.shape.moe) built = { ...built, shape: { ...built.shape, mtp: { layers: mtp, params: mtp * mtpLayerParams(built.shape) } } };
      return built;
    },
  );
}

/**
 * One DeepSeek-V3 multi-token-prediction module (`model.layers.61` in the checkpoint): an MoE
 * decoder layer, `eh_proj` (2h x h), the `enorm`/`hnorm` norms and its head norm; it shares the
 * embedding and lm_head with the main model. DeepSeek-V3: 11,610,068,224.
 */
function mtpLayerParams(shape: ArchShape): number {
  const h = shape.hidden;
  const one: ModelArch = {
    id: 'mtp', name: 'mtp', family: 'mtp', hfId: 'mtp/mtp', aliases: [], configSource: '', officialParams: { count: 0, source: '' },
    ...shape, layers: 1, ...(shape.moe ? { moe: { ...shape.moe, denseLayers: 0 } } : {}), extraFrozenParams: undefined,
  };
  const b = countParams(one);
  return b.total - b.embedding - b.lmHead - h + 2 * h * h + 3 * h;
}

/**
 * `GptOssConfig` (gpt-oss-20b/120b): every layer MoE of `num_local_experts` experts (top
 * `num_experts_per_tok`) with biases on gate/up/down, a router with bias, `attention_bias` on
 * q/k/v/o, one learned sink per head, the even layers sliding (`layer_types`, window
 * `sliding_window`). `quantization_config` mxfp4 marks the experts as MXFP4 (`checkpointQuant`).
 */
const gptOss = family(
  Core.extend({ num_local_experts: EXPERTS, num_experts_per_tok: EXPERTS, sliding_window: WINDOW, attention_bias: z.boolean() }),
  {
    num_hidden_layers: 36, num_local_experts: 128, vocab_size: 201088, hidden_size: 2880, intermediate_size: 2880, head_dim: 64,
    num_attention_heads: 64, num_key_value_heads: 8, sliding_window: 128, tie_word_embeddings: false, hidden_act: 'silu',
    max_position_embeddings: 131072, num_experts_per_tok: 4, attention_bias: true,
  },
  (c) => decoderShape(c, {
    qkvBias: c.attention_bias, oBias: c.attention_bias, mlpBias: true, attentionSinks: true,
    ...slidingWindow(c.sliding_window, c.num_hidden_layers, c.layer_types, (i) => (i + 1) % 2 === 1),
    moe: moe({ experts: c.num_local_experts, topK: c.num_experts_per_tok, expertIntermediate: c.intermediate_size, sharedExperts: 0, sharedIntermediate: 0, denseLayers: 0, routerBias: true }),
  }),
);

/** Every `Llama4TextConfig` default: Llama 4's config.json nests the text model as `text_config`, written as a diff against these. */
const LLAMA4_TEXT_DEFAULTS = {
  vocab_size: 202048, hidden_size: 5120, intermediate_size: 8192, intermediate_size_mlp: 16384, num_hidden_layers: 48, num_attention_heads: 40,
  num_key_value_heads: 8, head_dim: 128, hidden_act: 'silu', max_position_embeddings: 4096 * 32, tie_word_embeddings: false,
  num_experts_per_tok: 1, num_local_experts: 16, interleave_moe_layer_step: 1, no_rope_layer_interval: 4, attention_chunk_size: 8192,
  attention_bias: false,
};

/**
 * `Llama4TextConfig`: layer `i` is MoE when listed in `moe_layers` (default every
 * `interleave_moe_layer_step`-th, from step - 1): 16/128 routed experts of `intermediate_size`
 * plus one shared expert of the same width; the others a dense SwiGLU of `intermediate_size_mlp`
 * (`intermediate`). `no_rope_layers` (1 = RoPE; default 0 every `no_rope_layer_interval`) gives
 * the NoPE layers; `layer_types` (default: RoPE layers `chunked_attention`, NoPE layers full) with
 * `attention_chunk_size` gives the chunked local layers. `use_qk_norm` is a weightless L2 norm.
 */
const llama4Text = family(
  Core.extend({
    intermediate_size_mlp: DIM, num_local_experts: EXPERTS, num_experts_per_tok: EXPERTS, moe_layers: z.array(z.number().int().min(0)).nullish(),
    interleave_moe_layer_step: LAYERS, no_rope_layers: z.array(z.number().int().min(0).max(1)).nullish(), no_rope_layer_interval: LAYERS,
    attention_chunk_size: WINDOW, attention_bias: z.boolean(),
  }),
  LLAMA4_TEXT_DEFAULTS,
  (c) => {
    const L = c.num_hidden_layers;
    const moeSet = new Set(c.moe_layers ?? Array.from({ length: Math.ceil((L - (c.interleave_moe_layer_step - 1)) / c.interleave_moe_layer_step) }, (_, k) => c.interleave_moe_layer_step - 1 + k * c.interleave_moe_layer_step));
    const sparse = countSparse(L, (i) => moeSet.has(i));
    const rope = c.no_rope_layers && c.no_rope_layers.length > 0
      ? c.no_rope_layers
      : Array.from({ length: L }, (_, i) => ((i + 1) % c.no_rope_layer_interval !== 0 ? 1 : 0));
    if (rope.length < L) throw new ConfigProblem(`\`no_rope_layers\` lists ${rope.length} layers but \`num_hidden_layers\` is ${L}.`);
    const types = c.layer_types ?? Array.from({ length: L }, (_, i) => (rope[i] === 1 ? 'chunked_attention' : 'full_attention'));
    if (types.length !== L) throw new ConfigProblem(`\`layer_types\` lists ${types.length} layers but \`num_hidden_layers\` is ${L}.`);
    const chunked = types.filter((t) => t === 'chunked_attention').length;
    const nope = rope.slice(0, L).filter((r) => r === 0).length;
    const window = c.attention_chunk_size ?? null;
    return decoderShape({ ...c, intermediate_size: c.intermediate_size_mlp, layer_types: null }, {
      qkvBias: c.attention_bias, oBias: c.attention_bias,
      ...(window !== null && chunked > 0 ? { slidingWindow: window, slidingFraction: chunked / L, localAttention: 'chunked' as const } : {}),
      ...(nope > 0 ? { nopeLayers: nope } : {}),
      ...(sparse > 0 ? {
        moe: moe({ experts: c.num_local_experts, topK: c.num_experts_per_tok, expertIntermediate: c.intermediate_size, sharedExperts: 1, sharedIntermediate: c.intermediate_size, denseLayers: L - sparse, routerBias: false }),
      } : {}),
    });
  },
);

/**
 * `Llama4Config` (Llama 4 Scout / Maverick, Llama4ForConditionalGeneration): the decoder is
 * `text_config`; the vision encoder and projector of `vision_config` load with it and stay frozen.
 */
const llama4: Family = {
  read(raw) {
    const c = parseConfig(z.object({ text_config: Nested, vision_config: Nested }), raw);
    const textRaw: Record<string, unknown> = { ...(c.text_config ?? {}), ...(raw.quantization_config !== undefined ? { quantization_config: raw.quantization_config } : {}) };
    const text = within('text_config', () => llama4Text.read(textRaw));
    const tower = within('vision_config', () => llama4Tower(c.vision_config ?? {}, text.shape.hidden));
    return {
      shape: {
        ...text.shape,
        extraFrozenParams: { count: tower.encoder + tower.projector, what: `Llama 4 vision encoder (${int(tower.encoder)}) + multimodal projector (${int(tower.projector)})` },
      },
      notes: [...text.notes, 'text decoder from text_config; vision encoder and projector from vision_config, counted as frozen extras'],
    };
  },
};

export const MOE_FAMILIES: ReadonlyMap<string, Family> = new Map([
  ['mixtral', mixtral], ['qwen2_moe', qwen2Moe], ['qwen3_moe', qwen3Moe], ['deepseek_v2', deepseek(false)], ['deepseek_v3', deepseek(true)],
  ['gpt_oss', gptOss], ['llama4_text', llama4Text], ['llama4', llama4],
]);
