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
   * Parameters outside the text decoder that are loaded with it and stay frozen, counted as one
   * opaque number where no {@link VisionTower} spec is given (Llama 4's vision encoder). A model
   * with `vision` counts its tower from the spec instead.
   */
  readonly extraFrozenParams?: { readonly count: number; readonly what: string };
  /** A vision-language model's vision tower, projector and image processing; see {@link VisionTower}. */
  readonly vision?: VisionTower;
  /**
   * Decoder layers, among `layers`, that cross-attend to the image features instead of attending
   * to the text (mllama: `cross_attention_layers`). Same linears as a self-attention layer (q, o
   * over the text; k, v over the image tokens) plus a per-head-dim q/k RMSNorm and two tanh gates
   * (`MllamaTextCrossAttentionDecoderLayer`); no text KV cache. Default 0.
   */
  readonly crossAttentionLayers?: number;
  /** Rows of the input embedding beyond `vocab` (mllama: `embed_tokens` is `vocab_size + 8` rows). Default 0. */
  readonly extraEmbeddingRows?: number;

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

// ── Vision-language models ───────────────────────────────────────────────────────────────────

/**
 * The vision encoder's module family in transformers; it decides the parameter formula
 * (`src/model/params.ts` `visionTowerParams`):
 * - `qwen2_5_vl`: `Qwen2_5_VisionTransformerPretrainedModel` (Conv3d patches, RMSNorm, fused qkv
 *   with bias, gated SiLU MLP with biases, 2-D rotary; window attention but for 4 blocks);
 * - `siglip`: `SiglipVisionModel` (Conv2d with bias, learned positions, LayerNorm, GELU MLP);
 * - `clip`: `CLIPVisionModel` (bias-free Conv2d, class token, learned positions, pre/post LayerNorm);
 * - `pixtral`: `PixtralVisionModel` (bias-free Conv2d, RMSNorm, bias-free attention and gated MLP, 2-D rotary);
 * - `mllama`: `MllamaVisionModel` (tiles with tile and aspect-ratio embeddings, local then global gated layers);
 * - `intern_vit`: InternVL's `InternVisionModel` (Conv2d with bias, class token, fused qkv, layer scale).
 */
export type VisionEncoder = 'qwen2_5_vl' | 'siglip' | 'clip' | 'pixtral' | 'mllama' | 'intern_vit';

/**
 * How the model's image processor turns one image into the crops the tower runs and the tokens the
 * language model reads (`src/estimator/vision.ts` `imageLayout` follows each processor's code):
 * - `qwen2_5_vl`: `smart_resize` to multiples of patch x merge within [minPixels, maxPixels];
 * - `fixed`: one crop at `imageSize` (LLaVA-1.5's CLIP crop, Gemma 3's 896-px SigLIP crop);
 *   `wrapperTokens` the processor adds around the features (Gemma 3: "\n\n", BOI, EOI, "\n\n");
 * - `anyres`: LLaVA-NeXT's best grid among `pinpoints` (height, width) plus the base image;
 * - `pixtral`: fit inside `longestEdge`, one `[IMG_BREAK]`/`[IMG_END]` token per row;
 * - `mllama`: up to `maxTiles` tiles of `imageSize` (the tower always runs `maxTiles`: padded);
 * - `idefics3`: longest edge resized to `longestEdge`, split into `imageSize` tiles plus the global image;
 * - `internvl`: InternVL's dynamic tiling into `imageSize` tiles (`minTiles`-`maxTiles`) plus a thumbnail;
 * - `phi3_v`: Phi-3.5-vision's HD transform into 336-px crops for `numCrops` plus the global crop.
 */
export type ImageProcessing =
  | { readonly kind: 'qwen2_5_vl'; readonly minPixels: number; readonly maxPixels: number }
  | { readonly kind: 'fixed'; readonly wrapperTokens: number }
  | { readonly kind: 'anyres'; readonly pinpoints: readonly (readonly [number, number])[] }
  | { readonly kind: 'pixtral'; readonly longestEdge: number }
  | { readonly kind: 'mllama'; readonly maxTiles: number }
  | { readonly kind: 'idefics3'; readonly longestEdge: number }
  | { readonly kind: 'internvl'; readonly minTiles: number; readonly maxTiles: number }
  | { readonly kind: 'phi3_v'; readonly numCrops: number };

/** One linear layer of a projector: in and out width per token at its input, and whether it has a bias. */
export interface ProjectorLinear {
  readonly in: number;
  readonly out: number;
  readonly bias: boolean;
}

/**
 * The projector (connector) from the tower's features to the language model's width.
 * `merge`: patches per side combined into one language-model token before it (Qwen2.5-VL's
 * spatial merge 2, Mistral 3's patch merger 2, InternVL's pixel shuffle 0.5 = 2, Idefics3's
 * `scale_factor`, Gemma 3's 4 x 4 average pool, Phi-3.5-vision's 2 x 2 concatenation); 1: none.
 * `pool`: the merge averages (Gemma 3) instead of concatenating the patches' features.
 */
export interface VisionProjector {
  /** Module name in the HF implementation (`visual.merger`, `multi_modal_projector`, `mlp1`, `connector`, `img_projection`). */
  readonly module: string;
  readonly merge: number;
  readonly pool?: boolean;
  /** A norm over the features (its weight width), before the merge (`perPatch`: Qwen2.5-VL `ln_q`, Mistral 3) or after it. */
  readonly norm: { readonly kind: NormKind; readonly width: number; readonly perPatch: boolean } | null;
  /** The linears in order (a GELU between consecutive ones, as every projector here has). */
  readonly linears: readonly ProjectorLinear[];
  /** Learned vectors outside the linears (LLaVA-NeXT `image_newline`; Phi-3.5-vision `glb_GN` + `sub_GN`). */
  readonly extraParams: number;
}

/**
 * A vision-language model's vision tower, as its `vision_config` (and the image processor's
 * `preprocessor_config.json`) describe it. Parameters: `src/model/params.ts` `visionTowerParams`;
 * image tokens and activations: `src/estimator/vision.ts`.
 */
export interface VisionTower {
  readonly encoder: VisionEncoder;
  /** Encoder layers that run (mllama: the local ones; `globalLayers` follow). */
  readonly layers: number;
  readonly hidden: number;
  readonly intermediate: number;
  readonly heads: number;
  readonly patch: number;
  readonly channels: number;
  /**
   * Side in pixels of one crop or tile (what its learned positions cover); for the
   * native-resolution towers (Qwen2.5-VL, Pixtral) the side assumed when `resolution` is not given.
   */
  readonly imageSize: number;
  readonly processing: ImageProcessing;
  readonly projector: VisionProjector;
  /** Qwen2.5-VL: frames per patch (2: an image is its own second frame), blocks of full attention (4 of 32), window side in patches (112 px / 14 = 8). */
  readonly temporalPatch?: number;
  readonly fullAttentionLayers?: number;
  readonly windowPatches?: number;
  /** SigLIP: the attention-pooling head (`vision_use_head`); false in every VLM here. */
  readonly head?: boolean;
  /** mllama: global layers after the local ones, tiles per image and supported aspect ratios (`max_num_tiles`, 8 ratios for 4 tiles). */
  readonly globalLayers?: number;
  readonly maxTiles?: number;
  readonly aspectRatios?: number;
  /** Where the numbers come from (`vision_config` and preprocessor_config.json of the repo). */
  readonly source: string;
}
