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
  /**
   * Experts the router scores, when it is not `experts`: a GPU's view under expert parallelism
   * holds experts/ep of them but the whole router (`src/estimator/parallel.ts` `gpuView`).
   */
  readonly routerExperts?: number;
}

/**
 * How the local (windowed) layers restrict attention. `sliding`: each token sees the last
 * `slidingWindow` tokens (Mistral v0.1, Gemma 2/3, gpt-oss); `chunked`: each token sees the tokens
 * of its own fixed, non-overlapping `slidingWindow`-token chunk (Llama 4's `attention_chunk_size`).
 * Either way a local layer caches at most `slidingWindow` tokens per sequence.
 */
export type LocalAttention = 'sliding' | 'chunked';

/**
 * A weight format a checkpoint ships in, spelled as the estimate's `quant` key spells it:
 * `fp8` (per-tensor / per-channel scales), `fp8-block` (e4m3 with one scale per 128x128 block,
 * DeepSeek-V3/R1), `mxfp4` (4-bit e2m1 with one e8m0 scale per 32 values, gpt-oss),
 * `awq-int4`, `gptq-int4`, `gptq-int8`.
 */
export type CheckpointQuant = 'fp8' | 'fp8-block' | 'mxfp4' | 'awq-int4' | 'gptq-int4' | 'gptq-int8';

/** RoPE scaling: what `rope_scaling` in config.json says, or what the model card documents as an opt-in. */
export interface RopeScaling {
  /** `rope_type` (`type` in older configs). */
  readonly type: 'linear' | 'llama3' | 'yarn' | 'longrope' | 'dynamic';
  readonly factor: number;
  /** `original_max_position_embeddings`: the context trained before scaling; absent where config.json has none. */
  readonly originalContext?: number;
  /**
   * true: config.json as shipped carries it (`maxContext` already includes it); false: the model
   * card documents it as an opt-in to add to config.json (Qwen3: YaRN x4 for 131,072 tokens).
   */
  readonly inConfig: boolean;
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

  // ── Optional fields of newer architectures. Absent means today's behaviour. ──────────────

  /** How the `slidingWindow` layers attend (default `sliding`); see {@link LocalAttention}. */
  readonly localAttention?: LocalAttention;
  /**
   * Decoder layers without rotary embeddings (NoPE): Llama 4 (every 4th layer, which are also its
   * full-attention layers) and SmolLM3 (every 4th layer). No parameters and no cache of their own;
   * recorded because their reach is not bounded by RoPE. Default 0.
   */
  readonly nopeLayers?: number;
  /**
   * Learned attention sinks (gpt-oss `self_attn.sinks`): one logit per query head per layer that
   * joins the softmax and absorbs probability mass. `layers x heads` parameters, counted with the
   * norms (small unquantized vectors); no cache. Default false.
   */
  readonly attentionSinks?: boolean;
  /**
   * The checkpoint's published weights are already quantized in this format (the estimator can
   * default `quant` to it for serving). Default: 16-bit (`torch_dtype`).
   */
  readonly checkpointQuant?: CheckpointQuant;
  /**
   * Which weights `checkpointQuant` covers: `linear` (default: every decoder linear but the router;
   * embeddings, lm_head and norms stay 16-bit, as DeepSeek-V3's FP8 checkpoint) or `experts` (only
   * the routed experts: gpt-oss keeps attention, router, embeddings and lm_head in bf16).
   */
  readonly checkpointQuantModules?: 'linear' | 'experts';
  /**
   * Multi-token-prediction modules the checkpoint ships beyond `layers` (DeepSeek-V3/R1: 1 layer
   * of 11,610,068,224 unique parameters, `num_nextn_predict_layers`). Not in the total: transformers
   * does not load them; vLLM/SGLang load them only for MTP speculative decoding.
   */
  readonly mtp?: { readonly layers: number; readonly params: number };
  /** RoPE scaling as shipped or documented; see {@link RopeScaling}. */
  readonly ropeScaling?: RopeScaling;
  /**
   * The longest context the model card documents (default `maxContext`). Above `maxContext`
   * only with the opt-in `ropeScaling` (Qwen3: 40,960 -> 131,072); below it where the config
   * allows more than the model was validated for. `contextNote` says which.
   */
  readonly usableContext?: number;
  /** One line on where `maxContext` / `usableContext` come from (rope scaling, card, variants). */
  readonly contextNote?: string;
}
