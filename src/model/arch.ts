/**
 * The architecture record of a decoder-only LLM: exactly the `config.json` fields that decide
 * how many parameters it has and what its layers save for backward. Catalog entries
 * (`src/catalog/models.ts`) and Hub configs (a later issue) both produce this shape.
 */

/** `gated`: gate + up + down projections (SwiGLU, GeGLU); `plain`: fc1 + fc2 (GELU MLP). */
export type MlpKind = 'gated' | 'plain';
export type Activation = 'silu' | 'gelu' | 'gelu_tanh' | 'relu';
/** `rmsnorm` has a weight only; `layernorm` a weight and a bias (unless `normBias` is false). */
export type NormKind = 'rmsnorm' | 'layernorm';
/** `none`; `head`: RMSNorm over head_dim on q and k (Qwen3, Gemma 3); `full`: over the whole q / k width (OLMo 2). */
export type QkNorm = 'none' | 'head' | 'full';
/** `rope`/`alibi` add no parameters; `learned` adds `maxContext x hidden` position embeddings. */
export type Positional = 'rope' | 'alibi' | 'learned';

/** Mixture-of-experts MLP (Mixtral, Qwen3-MoE, DeepSeek-V3). */
export interface MoeSpec {
  /** Routed experts per MoE layer (`num_local_experts` / `num_experts` / `n_routed_experts`). */
  readonly experts: number;
  /** Experts each token runs (`num_experts_per_tok`). */
  readonly topK: number;
  /** Intermediate size of one routed expert (`moe_intermediate_size`; Mixtral: `intermediate_size`). */
  readonly expertIntermediate: number;
  /** Always-on shared experts (`n_shared_experts`; 0 when absent). */
  readonly sharedExperts: number;
  /** Intermediate size of one shared expert (DeepSeek: `moe_intermediate_size`). */
  readonly sharedIntermediate: number;
  /** Leading layers that keep a dense MLP of `intermediate` width (DeepSeek `first_k_dense_replace`). */
  readonly denseLayers: number;
  /** Router carries a per-expert bias vector (DeepSeek-V3 `e_score_correction_bias`). */
  readonly routerBias: boolean;
}

/** Multi-head latent attention (DeepSeek-V2/V3). */
export interface MlaSpec {
  /** `q_lora_rank`; null means a plain q projection. */
  readonly qLoraRank: number | null;
  readonly kvLoraRank: number;
  readonly qkNopeHeadDim: number;
  readonly qkRopeHeadDim: number;
  readonly vHeadDim: number;
}

export interface ModelArch {
  /** Catalog id: lowercase, `family-version-size` (`llama-3.1-8b`). */
  readonly id: string;
  /** Display name (`Llama 3.1 8B`). */
  readonly name: string;
  readonly family: string;
  /** Canonical Hugging Face repo id. */
  readonly hfId: string;
  /** Other names users type: Hub ids of variants (-Instruct, -it, -chat), short forms. */
  readonly aliases: readonly string[];
  /** Where the config values come from (a config.json URL or a cited mirror). */
  readonly configSource: string;
  /** The published total parameter count and where it is published. */
  readonly officialParams: { readonly count: number; readonly source: string };

  readonly hidden: number;
  readonly intermediate: number;
  readonly layers: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly vocab: number;
  readonly maxContext: number;
  readonly tiedEmbeddings: boolean;

  readonly mlp: MlpKind;
  readonly activation: Activation;
  readonly norm: NormKind;
  /** LayerNorm without bias (OLMo-style); ignored for RMSNorm. Default true for layernorm. */
  readonly normBias?: boolean;
  /** Norm modules per decoder layer: 2 (Llama), 4 (Gemma 2/3 sandwich), 1 (Falcon-7B parallel). */
  readonly normsPerLayer: number;
  readonly qkNorm: QkNorm;
  /** Bias on q, k, v projections (Qwen2, Phi-2, GPT-NeoX). */
  readonly qkvBias: boolean;
  /** Bias on the attention output projection. */
  readonly oBias: boolean;
  /** Bias on the MLP projections. */
  readonly mlpBias: boolean;
  /** Bias on lm_head (Phi-2). */
  readonly headBias?: boolean;
  /** Attention and MLP read the same normed input and add to the residual together (GPT-J/NeoX, Falcon, Phi-2). */
  readonly parallelBlock: boolean;
  readonly positional: Positional;
  /** Sliding-window size for the local layers, or null (full attention everywhere). */
  readonly slidingWindow: number | null;
  /** Share of layers that use the sliding window (Gemma 2: 1/2, Gemma 3: 5/6, Mistral v0.1: 1). */
  readonly slidingFraction: number;
  readonly moe?: MoeSpec;
  readonly mla?: MlaSpec;
  /**
   * Parameters outside the text decoder that are loaded with it and stay frozen (Gemma 3's
   * vision tower and projector in the multimodal checkpoints).
   */
  readonly extraFrozenParams?: { readonly count: number; readonly what: string };
}
