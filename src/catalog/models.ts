import type { ModelArch, VisionTower } from '../model/arch';

/**
 * The model catalog: the architecture of every model the bot knows without a Hub lookup.
 *
 * Each entry copies the shape-deciding fields of the model's Hugging Face `config.json`
 * (`configSource` names the config URL and the mirror the values were read from) and carries
 * the published total parameter count (`officialParams`, with where it is published).
 * `countParams(entry).total` reproduces `officialParams.count` exactly for every entry
 * (`test/catalog/models.test.ts`), which checks every shape below against a published figure;
 * where the Hub shows another figure (a tied lm_head stored twice, MTP layers, buffers) the
 * source says by how much and why.
 *
 * Optional fields of newer architectures (`src/model/arch.ts`): `localAttention` and `nopeLayers`
 * (Llama 4, SmolLM3), `attentionSinks` (gpt-oss), `checkpointQuant` / `checkpointQuantModules`
 * (gpt-oss MXFP4 experts, DeepSeek FP8 block scales), `mtp` (DeepSeek), and the context fields
 * `ropeScaling` / `usableContext` / `contextNote` where rope scaling extends or limits
 * `maxContext` (= `max_position_embeddings`).
 *
 * Source abbreviations used in `configSource` / `officialParams.source`:
 * - REF: `docs/catalog/models-reference.json` (config.json values with their mirrors: MLC
 *   presets, LitGPT configs, verbatim config.json copies).
 * - LITGPT: `Lightning-AI/litgpt` `litgpt/config.py`, whose entries name the config.json they mirror.
 * - KERAS: `keras-team/keras-hub` preset tables (`keras_hub/src/models/<family>/<family>_presets.py`,
 *   metadata `params`), which count the loaded backbone's weights.
 * - HUB: the Hugging Face model API `safetensors.total` (the count shown on the model page).
 * - FIREWORKS: `paramCount` in Fireworks AI's fine-tuning model catalog (a public GitHub JSON dump).
 *
 * Typed static data: no I/O and no side effects at import.
 */

/** Llama-style decoder layer: RMSNorm pre-norm, SwiGLU MLP, RoPE, no biases, full attention. */
const LLAMA = {
  mlp: 'gated',
  activation: 'silu',
  norm: 'rmsnorm',
  normsPerLayer: 2,
  qkNorm: 'none',
  qkvBias: false,
  oBias: false,
  mlpBias: false,
  parallelBlock: false,
  positional: 'rope',
  slidingWindow: null,
  slidingFraction: 0,
} as const;

/** Qwen2 / Qwen2.5 layer: Llama layer plus biases on q, k, v (not o); `use_sliding_window` false. */
const QWEN2 = { ...LLAMA, qkvBias: true } as const;

/** Qwen3 layer: Llama layer plus per-head RMSNorm on q and k; no qkv bias. */
const QWEN3 = { ...LLAMA, qkNorm: 'head' } as const;

/** Gemma (v1) layer: Llama layer with GeGLU (`gelu_pytorch_tanh`), tied embeddings. */
const GEMMA = { ...LLAMA, activation: 'gelu_tanh' } as const;

/** Gemma 2 layer: sandwich norms (pre/post attention, pre/post MLP), every other layer local. */
const GEMMA2 = { ...GEMMA, normsPerLayer: 4, slidingWindow: 4096, slidingFraction: 1 / 2 } as const;

/**
 * Gemma 3 layer: Gemma 2 norms plus per-head q/k RMSNorm; 5 local layers for each global one.
 * config.json: `sliding_window` 1024 (4B/12B/27B; 512 for 1B) and `sliding_window_pattern` 6, which
 * transformers' Gemma3TextConfig turns into layer_types: layer i is global when (i + 1) % 6 == 0.
 * Each entry's `slidingFraction` is that count over its own depth (1B 22/26, 4B 29/34, 12B 40/48,
 * 27B 52/62), not a rounded 5/6.
 */
const GEMMA3 = { ...GEMMA, normsPerLayer: 4, qkNorm: 'head', slidingWindow: 1024, slidingFraction: 5 / 6 } as const;
/** Gemma 3 4B/12B/27B context: linear RoPE x8 on the global layers (rope_scaling in config.json). */
const GEMMA3_CONTEXT = {
  ropeScaling: { type: 'linear', factor: 8, inConfig: true },
  contextNote: 'max_position_embeddings 131,072: rope_scaling linear factor 8 on the global layers (rope_theta 1e6; pre-trained at 32K, Gemma 3 report); the local layers use rope_local_base_freq 10,000 within their 1,024-token window',
} as const;

/**
 * GPT-NeoX layer (Pythia, StableLM-Alpha): LayerNorm with bias (input + post-attention),
 * parallel attention + MLP (`use_parallel_residual`), biases on every linear, GELU MLP, partial RoPE.
 */
const NEOX = {
  mlp: 'plain',
  activation: 'gelu',
  norm: 'layernorm',
  normsPerLayer: 2,
  qkNorm: 'none',
  qkvBias: true,
  oBias: true,
  mlpBias: true,
  parallelBlock: true,
  positional: 'rope',
  slidingWindow: null,
  slidingFraction: 0,
  tiedEmbeddings: false,
} as const;

/** Phi-1.5 / Phi-2 layer: one LayerNorm feeding parallel attention and `gelu_new` MLP; biases everywhere incl. lm_head. */
const PHI = {
  mlp: 'plain',
  activation: 'gelu_tanh',
  norm: 'layernorm',
  normsPerLayer: 1,
  qkNorm: 'none',
  qkvBias: true,
  oBias: true,
  mlpBias: true,
  headBias: true,
  parallelBlock: true,
  positional: 'rope',
  slidingWindow: null,
  slidingFraction: 0,
  tiedEmbeddings: false,
} as const;

/** Falcon layer: LayerNorm with bias, parallel attention + GELU MLP, no linear biases, tied lm_head. */
const FALCON = {
  mlp: 'plain',
  activation: 'gelu',
  norm: 'layernorm',
  qkNorm: 'none',
  qkvBias: false,
  oBias: false,
  mlpBias: false,
  parallelBlock: true,
  positional: 'rope',
  slidingWindow: null,
  slidingFraction: 0,
  tiedEmbeddings: true,
  vocab: 65024,
  maxContext: 2048,
  headDim: 64,
} as const;

/** Llama 3.1/3.3 (and the R1 distills of them): rope_scaling llama3 x8 over 8,192 trained positions. */
const LLAMA31_CONTEXT = 'rope_scaling rope_type llama3, factor 8, original_max_position_embeddings 8192 (in config.json): 131,072 usable';
/** Llama 3.2 1B/3B: the same scheme at factor 32. */
const LLAMA32_CONTEXT = 'rope_scaling rope_type llama3, factor 32, original_max_position_embeddings 8192 (in config.json): 131,072 usable';
/**
 * Qwen3 dense and MoE (April 2025 releases): 32,768 native positions; config.json allows 40,960
 * (room for the output); the model cards document YaRN factor 4 as an opt-in edit of config.json.
 */
const QWEN3_CONTEXT = {
  ropeScaling: { type: 'yarn', factor: 4, originalContext: 32768, inConfig: false },
  usableContext: 131072,
  contextNote: 'max_position_embeddings 40,960 = 32,768 native + output room; the model card enables 131,072 by adding rope_scaling YaRN factor 4 (original 32,768), not in config.json as shipped',
} as const;
/** Qwen2.5 7B+: base config.json 131,072; the -Instruct config.json says 32,768 and its card adds YaRN x4 for 131,072. */
const QWEN25_CONTEXT = {
  ropeScaling: { type: 'yarn', factor: 4, originalContext: 32768, inConfig: false },
  contextNote: 'base config.json: max_position_embeddings 131,072; the -Instruct config.json has 32,768 and its card reaches 131,072 by adding rope_scaling YaRN factor 4',
} as const;

const REF = 'docs/catalog/models-reference.json';
const LITGPT = 'Lightning-AI/litgpt litgpt/config.py';
const KVFIT = 'HUB safetensors total as listed in debaditc/kvfit scripts/build_registry.py ("exact params from HF safetensors")';

/** Fireworks AI's fine-tuning model catalog (paramCount), as captured in a public GitHub JSON dump. */
const FIREWORKS = 'paramCount in Fireworks AI\'s fine-tuning model catalog (public GitHub JSON dump)';

/** `https://huggingface.co/<repo>/blob/main/config.json`. */
function cfg(repo: string): string {
  return `https://huggingface.co/${repo}/blob/main/config.json`;
}

// ── Vision towers (VLMs) ─────────────────────────────────────────────────────────────────────
// Each follows the repo's `vision_config` and preprocessor_config.json; `src/model/params.ts`
// counts them, `src/estimator/vision.ts` turns images into crops and tokens.

/** `https://huggingface.co/<repo>/blob/main/preprocessor_config.json`. */
function pre(repo: string): string {
  return `https://huggingface.co/${repo}/blob/main/preprocessor_config.json`;
}

/**
 * Qwen2.5-VL (every size): vision_config depth 32, hidden_size 1280, num_heads 16, patch_size 14,
 * temporal_patch_size 2, spatial_merge_size 2, window_size 112, fullatt_block_indexes
 * [7, 15, 23, 31], intermediate_size 3420 (3B/7B) or 3456 (32B/72B), out_hidden_size = the text
 * width; preprocessor_config.json min_pixels 3136, max_pixels 12845056. The merger
 * (`Qwen2_5_VLPatchMerger`): RMSNorm `ln_q` over each patch, then Linear(5120, 5120) + GELU +
 * Linear(5120, out) over each 2 x 2 group. No fixed image size: `resolution` defaults to 1024.
 */
function qwen25VlVision(intermediate: number, textHidden: number, repo: string): VisionTower {
  const m = 1280 * 4;
  return {
    encoder: 'qwen2_5_vl', layers: 32, hidden: 1280, intermediate, heads: 16, patch: 14, channels: 3, imageSize: 1024,
    temporalPatch: 2, fullAttentionLayers: 4, windowPatches: 8,
    processing: { kind: 'qwen2_5_vl', minPixels: 3136, maxPixels: 12_845_056 },
    projector: {
      module: 'visual.merger', merge: 2, norm: { kind: 'rmsnorm', width: 1280, perPatch: true },
      linears: [{ in: m, out: m, bias: true }, { in: m, out: textHidden, bias: true }], extraParams: 0,
    },
    source: `${cfg(repo)} vision_config; ${pre(repo)}`,
  };
}

/**
 * Gemma 3 4B/12B/27B: SigLIP vision_config hidden_size 1152, intermediate_size 4304, 27 layers,
 * 16 heads, patch_size 14, image_size 896, vision_use_head false; `mm_tokens_per_image` 256: the
 * 64 x 64 patch grid average-pooled 4 x 4 (`Gemma3MultiModalProjector`: AvgPool2d, RMSNorm
 * `mm_soft_emb_norm` over 1152, `mm_input_projection_weight` 1152 x text). Pan and scan is off in
 * the processor by default (`do_pan_and_scan` false): one 896-px crop per image.
 */
function gemma3Vision(textHidden: number, repo: string): VisionTower {
  return {
    encoder: 'siglip', layers: 27, hidden: 1152, intermediate: 4304, heads: 16, patch: 14, channels: 3, imageSize: 896, head: false,
    processing: { kind: 'fixed', wrapperTokens: 4 },
    projector: {
      module: 'multi_modal_projector', merge: 4, pool: true, norm: { kind: 'rmsnorm', width: 1152, perPatch: false },
      linears: [{ in: 1152, out: textHidden, bias: false }], extraParams: 0,
    },
    source: `${cfg(repo)} vision_config, mm_tokens_per_image 256; ${pre(repo)} (size 896, do_pan_and_scan false)`,
  };
}

/**
 * Mistral Small 3.1/3.2 (`mistral3`): Pixtral vision_config hidden_size 1024, intermediate_size
 * 4096, 24 layers, 16 heads, patch_size 14, image_size 1540 (the processor's longest edge);
 * `Mistral3MultiModalProjector`: RMSNorm over each patch, the patch merger Linear(4096, 1024) over
 * 2 x 2 groups (`spatial_merge_size` 2), `linear_1` 1024 x text and `linear_2` text x text, no
 * biases (`multimodal_projector_bias` false).
 */
function mistral3Vision(textHidden: number, repo: string): VisionTower {
  return {
    encoder: 'pixtral', layers: 24, hidden: 1024, intermediate: 4096, heads: 16, patch: 14, channels: 3, imageSize: 1540,
    processing: { kind: 'pixtral', longestEdge: 1540 },
    projector: {
      module: 'multi_modal_projector', merge: 2, norm: { kind: 'rmsnorm', width: 1024, perPatch: true },
      linears: [{ in: 4096, out: 1024, bias: false }, { in: 1024, out: textHidden, bias: false }, { in: textHidden, out: textHidden, bias: false }], extraParams: 0,
    },
    source: `${cfg(repo)} vision_config, spatial_merge_size 2; ${pre(repo)} (longest_edge 1540, patch_size 14)`,
  };
}

/**
 * CLIP ViT-L/14 at 336 px (`openai/clip-vit-large-patch14-336`: hidden 1024, intermediate 4096,
 * 24 layers, 16 heads), the tower of LLaVA-1.5, LLaVA-NeXT and Phi-3.5-vision. The LLaVA projector
 * (`LlavaMultiModalProjector`): Linear(1024, text) + GELU + Linear(text, text), with biases.
 */
function clipL336(processing: VisionTower['processing'], projector: VisionTower['projector'], source: string): VisionTower {
  return { encoder: 'clip', layers: 24, hidden: 1024, intermediate: 4096, heads: 16, patch: 14, channels: 3, imageSize: 336, processing, projector, source };
}

const llavaProjector = (textHidden: number, extraParams = 0): VisionTower['projector'] => ({
  module: 'multi_modal_projector', merge: 1, norm: null,
  linears: [{ in: 1024, out: textHidden, bias: true }, { in: textHidden, out: textHidden, bias: true }], extraParams,
});

/**
 * mllama (Llama 3.2 Vision 11B/90B): vision_config hidden_size 1280, intermediate_size 5120, 32
 * local + 8 global layers (`num_global_layers`), 16 heads, patch_size 14, image_size 560,
 * max_num_tiles 4 (8 supported aspect ratios), vision_output_dim 7680 (the output and 5
 * intermediate layers concatenated); `multi_modal_projector` Linear(7680, text) with bias.
 */
function mllamaVision(textHidden: number, repo: string): VisionTower {
  return {
    encoder: 'mllama', layers: 32, globalLayers: 8, hidden: 1280, intermediate: 5120, heads: 16, patch: 14, channels: 3, imageSize: 560,
    maxTiles: 4, aspectRatios: 8,
    processing: { kind: 'mllama', maxTiles: 4 },
    projector: { module: 'multi_modal_projector', merge: 1, norm: null, linears: [{ in: 7680, out: textHidden, bias: true }], extraParams: 0 },
    source: `${cfg(repo)} vision_config; ${pre(repo)} (max_image_tiles 4, size 560)`,
  };
}

/**
 * InternViT-300M-448px-V2_5 (InternVL2.5 1B-8B): hidden 1024, intermediate 4096, 24 layers, 16
 * heads, patch 14, image 448, qkv_bias true, layer_norm, layer scale; `downsample_ratio` 0.5 (pixel
 * shuffle: 2 x 2 patches per token, 256 per tile); `mlp1`: LayerNorm(4096) + Linear(4096, text) +
 * GELU + Linear(text, text), with biases; `max_dynamic_patch` 12, `use_thumbnail` true.
 */
function internVit300m(textHidden: number, repo: string): VisionTower {
  return {
    encoder: 'intern_vit', layers: 24, hidden: 1024, intermediate: 4096, heads: 16, patch: 14, channels: 3, imageSize: 448,
    processing: { kind: 'internvl', minTiles: 1, maxTiles: 12 },
    projector: {
      module: 'mlp1', merge: 2, norm: { kind: 'layernorm', width: 4096, perPatch: false },
      linears: [{ in: 4096, out: textHidden, bias: true }, { in: textHidden, out: textHidden, bias: true }], extraParams: 0,
    },
    source: `${cfg(repo)} vision_config (InternViT-300M-448px-V2_5), downsample_ratio 0.5, max_dynamic_patch 12, use_thumbnail true`,
  };
}

const LLAMA_FAMILY: readonly ModelArch[] = [
  {
    id: 'llama-2-7b', name: 'Llama 2 7B', family: 'llama-2', hfId: 'meta-llama/Llama-2-7b-hf',
    aliases: ['meta-llama/Llama-2-7b-chat-hf', 'meta-llama/Llama-2-7b', 'llama2-7b', 'llama-2-7b-chat', 'llama2-7b-chat'],
    configSource: `${cfg('meta-llama/Llama-2-7b-hf')}; values as mirrored in ${REF} (LitGPT Llama-2-7b-hf; derivative config.json copies)`,
    officialParams: {
      count: 6_738_415_616,
      source: 'KERAS llama2_7b_en params 6,738,415,616 (llama/llama_presets.py). HUB safetensors.total 6,738,417,664 is 2,048 higher: the checkpoint also stores rotary inv_freq buffers (64 x 32 layers)',
    },
    ...LLAMA, hidden: 4096, intermediate: 11008, layers: 32, heads: 32, kvHeads: 32, headDim: 128,
    vocab: 32000, maxContext: 4096, tiedEmbeddings: false,
  },
  {
    id: 'llama-2-13b', name: 'Llama 2 13B', family: 'llama-2', hfId: 'meta-llama/Llama-2-13b-hf',
    aliases: ['meta-llama/Llama-2-13b-chat-hf', 'meta-llama/Llama-2-13b', 'llama2-13b', 'llama-2-13b-chat', 'llama2-13b-chat'],
    configSource: `${cfg('meta-llama/Llama-2-13b-hf')}; values as mirrored in ${REF} (MLC llama2_13b; LitGPT Llama-2-13b-hf)`,
    officialParams: {
      count: 13_015_864_320,
      source: '13,015,864,320 for meta-llama/Llama-2-13b-chat-hf in published model-size tables on GitHub (find_string 13015864320). HUB safetensors.total 13,015,866,880 (revision 5c31dfb) is 2,560 higher: rotary inv_freq buffers (64 x 40 layers)',
    },
    ...LLAMA, hidden: 5120, intermediate: 13824, layers: 40, heads: 40, kvHeads: 40, headDim: 128,
    vocab: 32000, maxContext: 4096, tiedEmbeddings: false,
  },
  {
    id: 'llama-2-70b', name: 'Llama 2 70B', family: 'llama-2', hfId: 'meta-llama/Llama-2-70b-hf',
    aliases: ['meta-llama/Llama-2-70b-chat-hf', 'meta-llama/Llama-2-70b', 'llama2-70b', 'llama-2-70b-chat', 'llama2-70b-chat'],
    configSource: `${cfg('meta-llama/Llama-2-70b-hf')}; values as mirrored in ${REF} (MLC llama2_70b; LitGPT Llama-2-70b-hf)`,
    officialParams: {
      count: 68_976_648_192,
      source: '68,976,648,192 for togethercomputer/llama-2-70b in a published model-size table on GitHub (find_string 68976648192). HUB safetensors.total 68,976,653,312 (revision 3aba440) is 5,120 higher: rotary inv_freq buffers (64 x 80 layers)',
    },
    ...LLAMA, hidden: 8192, intermediate: 28672, layers: 80, heads: 64, kvHeads: 8, headDim: 128,
    vocab: 32000, maxContext: 4096, tiedEmbeddings: false,
  },
  {
    id: 'llama-3-8b', name: 'Llama 3 8B', family: 'llama-3', hfId: 'meta-llama/Meta-Llama-3-8B',
    aliases: ['meta-llama/Meta-Llama-3-8B-Instruct', 'llama3-8b', 'llama3-8b-instruct', 'llama-3-8b-instruct'],
    configSource: `${cfg('meta-llama/Meta-Llama-3-8B')}; values as mirrored in ${REF} (LitGPT Llama-3-8B)`,
    officialParams: { count: 8_030_261_248, source: 'KERAS llama3_8b_en params 8,030,261,248 (llama3/llama3_presets.py)' },
    ...LLAMA, hidden: 4096, intermediate: 14336, layers: 32, heads: 32, kvHeads: 8, headDim: 128,
    vocab: 128256, maxContext: 8192, tiedEmbeddings: false,
  },
  {
    id: 'llama-3.1-8b', name: 'Llama 3.1 8B', family: 'llama-3.1', hfId: 'meta-llama/Llama-3.1-8B',
    aliases: [
      'meta-llama/Llama-3.1-8B-Instruct', 'meta-llama/Meta-Llama-3.1-8B', 'meta-llama/Meta-Llama-3.1-8B-Instruct',
      'llama3.1-8b', 'llama3.1-8b-instruct', 'llama-3.1-8b-instruct',
    ],
    configSource: `${cfg('meta-llama/Llama-3.1-8B')}; values as mirrored in ${REF} (MLC llama3_1_8b; LitGPT Llama-3.1-8B)`,
    officialParams: {
      count: 8_030_261_248,
      source: 'HUB safetensors.total of meta-llama/Llama-3.1-8B (revision d04e592) 8,030,261,248, as recorded in a public GitHub dataset script; same figure in REF (KERAS llama3.1_8b)',
    },
    ...LLAMA, hidden: 4096, intermediate: 14336, layers: 32, heads: 32, kvHeads: 8, headDim: 128,
    vocab: 128256, maxContext: 131072, tiedEmbeddings: false,
    ropeScaling: { type: 'llama3', factor: 8, originalContext: 8192, inConfig: true }, contextNote: LLAMA31_CONTEXT,
  },
  {
    id: 'llama-3.1-70b', name: 'Llama 3.1 70B', family: 'llama-3.1', hfId: 'meta-llama/Llama-3.1-70B',
    aliases: [
      'meta-llama/Llama-3.1-70B-Instruct', 'meta-llama/Meta-Llama-3.1-70B', 'meta-llama/Meta-Llama-3.1-70B-Instruct',
      'llama3.1-70b', 'llama3.1-70b-instruct', 'llama-3.1-70b-instruct',
    ],
    configSource: `${cfg('meta-llama/Llama-3.1-70B')}; values as mirrored in ${REF} (MLC llama3_1_70b; LitGPT Llama-3.1-70B)`,
    officialParams: {
      count: 70_553_706_496,
      source: 'HUB safetensors.total of meta-llama/Llama-3.1-70B (revision 349b2dd) 70,553,706,496, as recorded in a public GitHub dataset script',
    },
    ...LLAMA, hidden: 8192, intermediate: 28672, layers: 80, heads: 64, kvHeads: 8, headDim: 128,
    vocab: 128256, maxContext: 131072, tiedEmbeddings: false,
    ropeScaling: { type: 'llama3', factor: 8, originalContext: 8192, inConfig: true }, contextNote: LLAMA31_CONTEXT,
  },
  {
    id: 'llama-3.1-405b', name: 'Llama 3.1 405B', family: 'llama-3.1', hfId: 'meta-llama/Llama-3.1-405B',
    aliases: [
      'meta-llama/Llama-3.1-405B-Instruct', 'meta-llama/Meta-Llama-3.1-405B', 'meta-llama/Meta-Llama-3.1-405B-Instruct',
      'llama3.1-405b', 'llama3.1-405b-instruct', 'llama-3.1-405b-instruct',
    ],
    configSource: `${cfg('meta-llama/Llama-3.1-405B')}; values as mirrored in ${REF} (LitGPT Llama-3.1-405B). The bf16 repo has 8 KV heads; FP8/AWQ repacks may list 16`,
    officialParams: {
      count: 405_853_388_800,
      source: 'HUB safetensors.total of meta-llama/Llama-3.1-405B (revision b906e4d) 405,853,388,800, as recorded in a public GitHub dataset script',
    },
    ...LLAMA, hidden: 16384, intermediate: 53248, layers: 126, heads: 128, kvHeads: 8, headDim: 128,
    vocab: 128256, maxContext: 131072, tiedEmbeddings: false,
    ropeScaling: { type: 'llama3', factor: 8, originalContext: 8192, inConfig: true }, contextNote: LLAMA31_CONTEXT,
  },
  {
    id: 'llama-3.2-1b', name: 'Llama 3.2 1B', family: 'llama-3.2', hfId: 'meta-llama/Llama-3.2-1B',
    aliases: ['meta-llama/Llama-3.2-1B-Instruct', 'llama3.2-1b', 'llama3.2-1b-instruct', 'llama-3.2-1b-instruct'],
    configSource: `${cfg('meta-llama/Llama-3.2-1B')}; values as mirrored in ${REF} (MLC llama3_2_1b; LitGPT Llama-3.2-1B); head_dim 64 explicit, tie_word_embeddings true`,
    officialParams: {
      count: 1_235_814_400,
      source: 'REF total_params (Llama-3.2-1B-Instruct 1,235,814,400, HF table); same figure for meta-llama/Llama-3.2-1B-Instruct in published model-size tables on GitHub. KERAS lists 1,498,482,688 because it counts the tied lm_head again',
    },
    ...LLAMA, hidden: 2048, intermediate: 8192, layers: 16, heads: 32, kvHeads: 8, headDim: 64,
    vocab: 128256, maxContext: 131072, tiedEmbeddings: true,
    ropeScaling: { type: 'llama3', factor: 32, originalContext: 8192, inConfig: true }, contextNote: LLAMA32_CONTEXT,
  },
  {
    id: 'llama-3.2-3b', name: 'Llama 3.2 3B', family: 'llama-3.2', hfId: 'meta-llama/Llama-3.2-3B',
    aliases: ['meta-llama/Llama-3.2-3B-Instruct', 'llama3.2-3b', 'llama3.2-3b-instruct', 'llama-3.2-3b-instruct'],
    configSource: `${cfg('meta-llama/Llama-3.2-3B')}; values as mirrored in ${REF} (MLC llama3_2_3b; LitGPT Llama-3.2-3B); tie_word_embeddings true`,
    officialParams: { count: 3_212_749_824, source: `${KVFIT} (Llama-3.2-3B-Instruct 3,212,749,824)` },
    ...LLAMA, hidden: 3072, intermediate: 8192, layers: 28, heads: 24, kvHeads: 8, headDim: 128,
    vocab: 128256, maxContext: 131072, tiedEmbeddings: true,
    ropeScaling: { type: 'llama3', factor: 32, originalContext: 8192, inConfig: true }, contextNote: LLAMA32_CONTEXT,
  },
  {
    id: 'llama-3.3-70b', name: 'Llama 3.3 70B', family: 'llama-3.3', hfId: 'meta-llama/Llama-3.3-70B-Instruct',
    aliases: ['llama3.3-70b', 'llama3.3-70b-instruct', 'llama-3.3-70b-instruct'],
    configSource: `${cfg('meta-llama/Llama-3.3-70B-Instruct')}; values as mirrored in ${REF} (LitGPT Llama-3.3-70B-Instruct). Llama 3.3 ships only as 70B-Instruct`,
    officialParams: { count: 70_553_706_496, source: `${KVFIT} (Llama-3.3-70B-Instruct 70,553,706,496)` },
    ...LLAMA, hidden: 8192, intermediate: 28672, layers: 80, heads: 64, kvHeads: 8, headDim: 128,
    vocab: 128256, maxContext: 131072, tiedEmbeddings: false,
    ropeScaling: { type: 'llama3', factor: 8, originalContext: 8192, inConfig: true }, contextNote: LLAMA31_CONTEXT,
  },
  {
    id: 'llama-4-scout-17b-16e', name: 'Llama 4 Scout 17B-16E', family: 'llama-4', hfId: 'meta-llama/Llama-4-Scout-17B-16E',
    aliases: ['meta-llama/Llama-4-Scout-17B-16E-Instruct', 'llama-4-scout', 'llama4-scout', 'llama-4-scout-17b', 'llama4-scout-17b-16e'],
    configSource: `${cfg('meta-llama/Llama-4-Scout-17B-16E')} (model_type llama4, text_config llama4_text): hidden 5120, 48 layers, 40 heads, 8 KV heads, head_dim 128, vocab 202048, untied; every layer MoE (interleave_moe_layer_step 1): 16 routed experts top-1 of intermediate_size 8192 plus one always-on shared expert of 8192; intermediate_size_mlp 16384 (the dense-layer width, unused here); attention_chunk_size 8192 on the 36 RoPE layers, full attention on the 12 NoPE layers (every 4th); use_qk_norm is a weightless L2 norm; max_position_embeddings 10485760. Values as quoted from the config.json in public tests (neuronx-distributed-inference Scout mock, the TRT-LLM Maverick copy for the shared fields) and transformers configuration_llama4.py`,
    officialParams: {
      count: 108_641_793_536,
      source: 'HUB safetensors BF16 total 108,641,793,536 of meta-llama/Llama-4-Scout-17B-16E-Instruct (revision 92f3b15, quoted in public GitHub model manifests) = text 107,769,861,120 + vision encoder and projector 871,932,416 (split stated in a public GitHub test that reproduces both Llama 4 totals)',
    },
    ...LLAMA, hidden: 5120, intermediate: 16384, layers: 48, heads: 40, kvHeads: 8, headDim: 128,
    vocab: 202048, maxContext: 10485760, tiedEmbeddings: false,
    slidingWindow: 8192, slidingFraction: 36 / 48, localAttention: 'chunked', nopeLayers: 12,
    moe: { experts: 16, topK: 1, expertIntermediate: 8192, sharedExperts: 1, sharedIntermediate: 8192, denseLayers: 0, routerBias: false },
    extraFrozenParams: { count: 871_932_416, what: 'Llama 4 vision encoder (850,960,896) + multimodal projector (20,971,520)' },
    ropeScaling: { type: 'llama3', factor: 16, originalContext: 8192, inConfig: true },
    contextNote: 'max_position_embeddings 10,485,760 (the card\'s 10M); rope_scaling llama3 x16 over 8,192 on the RoPE layers, which attend within 8,192-token chunks; the NoPE layers hold the whole context',
  },
  {
    id: 'llama-4-maverick-17b-128e', name: 'Llama 4 Maverick 17B-128E', family: 'llama-4', hfId: 'meta-llama/Llama-4-Maverick-17B-128E',
    aliases: ['meta-llama/Llama-4-Maverick-17B-128E-Instruct', 'llama-4-maverick', 'llama4-maverick', 'llama-4-maverick-17b', 'llama4-maverick-17b-128e'],
    configSource: `${cfg('meta-llama/Llama-4-Maverick-17B-128E')} (model_type llama4, text_config llama4_text): hidden 5120, 48 layers, 40 heads, 8 KV heads, head_dim 128, vocab 202048, untied; interleave_moe_layer_step 2: the 24 odd layers are MoE (128 routed experts top-1 of 8192 + one shared expert of 8192), the 24 even layers a dense SwiGLU of intermediate_size_mlp 16384; attention_chunk_size 8192 on the 36 RoPE layers, 12 NoPE full-attention layers; use_qk_norm false; rope_scaling null; max_position_embeddings 1048576. Values as in the Llama4 Maverick config.json copied into TensorRT-LLM tests/unittest/_torch/modeling/test_modeling_llama_min_latency.py and transformers configuration_llama4.py`,
    officialParams: {
      count: 401_583_781_376,
      source: 'HUB safetensors total 401,583,781,376 of meta-llama/Llama-4-Maverick-17B-128E-Instruct, quoted with Scout\'s in a public GitHub test that reproduces both: text 400,711,848,960 + the same 871,932,416 vision encoder and projector',
    },
    ...LLAMA, hidden: 5120, intermediate: 16384, layers: 48, heads: 40, kvHeads: 8, headDim: 128,
    vocab: 202048, maxContext: 1048576, tiedEmbeddings: false,
    slidingWindow: 8192, slidingFraction: 36 / 48, localAttention: 'chunked', nopeLayers: 12,
    moe: { experts: 128, topK: 1, expertIntermediate: 8192, sharedExperts: 1, sharedIntermediate: 8192, denseLayers: 24, routerBias: false },
    extraFrozenParams: { count: 871_932_416, what: 'Llama 4 vision encoder (850,960,896) + multimodal projector (20,971,520)' },
    contextNote: 'max_position_embeddings 1,048,576 (the card\'s 1M), no rope_scaling; the RoPE layers attend within 8,192-token chunks, the NoPE layers over the whole context',
  },
  {
    id: 'codellama-34b', name: 'Code Llama 34B', family: 'codellama', hfId: 'codellama/CodeLlama-34b-hf',
    aliases: [
      'codellama/CodeLlama-34b-Instruct-hf', 'codellama/CodeLlama-34b-Python-hf', 'codellama-34b-instruct',
      'code-llama-34b', 'codellama-34b-python',
    ],
    configSource: `${cfg('codellama/CodeLlama-34b-hf')}; values as mirrored in ${LITGPT} (CodeLlama-34b-hf: 48 layers, 64 heads, 8 KV groups, intermediate 22016, vocab 32000, block 16384, rope_base 1e6)`,
    officialParams: {
      count: 33_743_970_304,
      source: 'computed from config.json with countParams; matches the "34B" of the Code Llama paper and the exact num_parameters 33,743,970,304 that Together\'s model catalog publishes for Phind-CodeLlama-34B-v2, a full fine-tune with identical shapes',
    },
    ...LLAMA, hidden: 8192, intermediate: 22016, layers: 48, heads: 64, kvHeads: 8, headDim: 128,
    vocab: 32000, maxContext: 16384, tiedEmbeddings: false,
  },
  {
    id: 'tinyllama-1.1b', name: 'TinyLlama 1.1B', family: 'tinyllama', hfId: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0',
    aliases: ['TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T', 'tinyllama', 'tinyllama-1.1b-chat'],
    configSource: `${cfg('TinyLlama/TinyLlama-1.1B-Chat-v1.0')}; values as mirrored in ${REF} (MLC tinyllama_1b_chat_v1.0; LitGPT tiny-llama-1.1b)`,
    officialParams: {
      count: 1_100_048_384,
      source: 'HUB count 1,100,048,384 for TinyLlama/TinyLlama-1.1B-Chat-v1.0 in a published table of Hugging Face model sizes (and for unsloth/tinyllama-chat in a public model-size table on GitHub)',
    },
    ...LLAMA, hidden: 2048, intermediate: 5632, layers: 22, heads: 32, kvHeads: 4, headDim: 64,
    vocab: 32000, maxContext: 2048, tiedEmbeddings: false,
  },
  {
    id: 'smollm2-135m', name: 'SmolLM2 135M', family: 'smollm2', hfId: 'HuggingFaceTB/SmolLM2-135M',
    aliases: ['HuggingFaceTB/SmolLM2-135M-Instruct', 'smollm2-135m-instruct', 'smollm-2-135m'],
    configSource: `${cfg('HuggingFaceTB/SmolLM2-135M')}; values as mirrored in ${REF} (MLC smollm2_135m)`,
    officialParams: {
      count: 134_515_008,
      source: 'REF total_params (GitHub table: SmolLM2-135M 134,515,008); same count measured with sum(p.numel()) in a public GitHub study',
    },
    ...LLAMA, hidden: 576, intermediate: 1536, layers: 30, heads: 9, kvHeads: 3, headDim: 64,
    vocab: 49152, maxContext: 8192, tiedEmbeddings: true,
  },
  {
    id: 'smollm2-360m', name: 'SmolLM2 360M', family: 'smollm2', hfId: 'HuggingFaceTB/SmolLM2-360M',
    aliases: ['HuggingFaceTB/SmolLM2-360M-Instruct', 'smollm2-360m-instruct', 'smollm-2-360m'],
    configSource: `${cfg('HuggingFaceTB/SmolLM2-360M')}; values as mirrored in ${REF} (MLC smollm2_360m)`,
    officialParams: {
      count: 361_821_120,
      source: 'SmolLM2-360M 361,821,120 parameters as loaded (model table of a public GitHub study, transformers 4.39); the same figure is the HUB count of the same-shape unsloth/SmolLM-360M in a public model-size table',
    },
    ...LLAMA, hidden: 960, intermediate: 2560, layers: 32, heads: 15, kvHeads: 5, headDim: 64,
    vocab: 49152, maxContext: 8192, tiedEmbeddings: true,
  },
  {
    id: 'smollm2-1.7b', name: 'SmolLM2 1.7B', family: 'smollm2', hfId: 'HuggingFaceTB/SmolLM2-1.7B',
    aliases: ['HuggingFaceTB/SmolLM2-1.7B-Instruct', 'smollm2-1.7b-instruct', 'smollm-2-1.7b'],
    configSource: `${cfg('HuggingFaceTB/SmolLM2-1.7B')}; values as mirrored in ${REF} (MLC smollm2_1_7b; config.json copies of SmolLM2-1.7B(-Instruct))`,
    officialParams: {
      count: 1_711_376_384,
      source: 'SmolLM2-1.7B(-Instruct) 1,711,376,384: the sum(p.numel()) a public GitHub loader asserts together with the lm_head/embedding tie, and the GGUF general.parameter_count of SmolLM2-1.7B-Instruct conversions',
    },
    ...LLAMA, hidden: 2048, intermediate: 8192, layers: 24, heads: 32, kvHeads: 32, headDim: 64,
    vocab: 49152, maxContext: 8192, tiedEmbeddings: true,
  },
  {
    id: 'smollm3-3b', name: 'SmolLM3 3B', family: 'smollm3', hfId: 'HuggingFaceTB/SmolLM3-3B',
    aliases: ['HuggingFaceTB/SmolLM3-3B-Base', 'smollm3', 'smollm3-3b-base', 'smollm-3-3b'],
    configSource: `${cfg('HuggingFaceTB/SmolLM3-3B')} (model_type smollm3): hidden 2048, intermediate 11008, 36 layers, 16 heads, 4 KV heads, vocab 128256, tie_word_embeddings true, max_position_embeddings 65536, rope_theta 5e6; no_rope_layers drops RoPE on every 4th layer (9 NoPE layers), use_sliding_window false. Shapes as in transformers configuration_smollm3.py defaults and keras-hub smollm3_presets.py (36 layers, 16 query / 4 KV heads)`,
    officialParams: {
      count: 3_075_098_624,
      source: 'HUB: the safetensors index of HuggingFaceTB/SmolLM3-3B reports total_parameters 3,075,098,624 (quoted in a public GitHub note, with no separate lm_head: tied); the same count for SmolLM3-3B-Base (revision d78a42f) in a public GitHub dataset script. KERAS smollm3_3b_en lists 3,075,100,928, 2,304 = 36 x 64 more (rotary inv_freq buffers)',
    },
    ...LLAMA, hidden: 2048, intermediate: 11008, layers: 36, heads: 16, kvHeads: 4, headDim: 128,
    vocab: 128256, maxContext: 65536, tiedEmbeddings: true, nopeLayers: 9,
    ropeScaling: { type: 'yarn', factor: 2, originalContext: 65536, inConfig: false },
    usableContext: 131072,
    contextNote: 'max_position_embeddings 65,536 (trained); the model card extends to 128K by adding rope_scaling YaRN factor 2, not in config.json as shipped',
  },
];

const MISTRAL_FAMILY: readonly ModelArch[] = [
  {
    id: 'mistral-7b-v0.1', name: 'Mistral 7B v0.1', family: 'mistral', hfId: 'mistralai/Mistral-7B-v0.1',
    aliases: ['mistralai/Mistral-7B-Instruct-v0.1', 'mistral-7b-instruct-v0.1'],
    configSource: `${cfg('mistralai/Mistral-7B-v0.1')}; values as mirrored in ${REF} (MLC mistral_7b; LitGPT Mistral-7B-v0.1); sliding_window 4096 on every layer`,
    officialParams: { count: 7_241_732_096, source: 'KERAS mistral_7b_en params 7,241,732,096 (mistral/mistral_presets.py)' },
    ...LLAMA, hidden: 4096, intermediate: 14336, layers: 32, heads: 32, kvHeads: 8, headDim: 128,
    vocab: 32000, maxContext: 32768, tiedEmbeddings: false, slidingWindow: 4096, slidingFraction: 1,
  },
  {
    id: 'mistral-7b-v0.3', name: 'Mistral 7B v0.3', family: 'mistral', hfId: 'mistralai/Mistral-7B-v0.3',
    aliases: ['mistralai/Mistral-7B-Instruct-v0.3', 'mistral-7b', 'mistral-7b-instruct', 'mistral-7b-instruct-v0.3'],
    configSource: `${cfg('mistralai/Mistral-7B-v0.3')}; values as mirrored in ${REF} (MLC mistral_7b_v03; LitGPT Mistral-7B-v0.3); vocab 32768, sliding_window null`,
    officialParams: { count: 7_248_023_552, source: `${KVFIT} (Mistral-7B-Instruct-v0.3 7,248,023,552)` },
    ...LLAMA, hidden: 4096, intermediate: 14336, layers: 32, heads: 32, kvHeads: 8, headDim: 128,
    vocab: 32768, maxContext: 32768, tiedEmbeddings: false,
  },
  {
    id: 'mistral-nemo-12b', name: 'Mistral Nemo 12B', family: 'mistral-nemo', hfId: 'mistralai/Mistral-Nemo-Base-2407',
    aliases: ['mistralai/Mistral-Nemo-Instruct-2407', 'mistral-nemo', 'mistral-nemo-instruct', 'mistral-nemo-12b-instruct'],
    configSource: `${cfg('mistralai/Mistral-Nemo-Base-2407')}; values as mirrored in ${REF} (verbatim config.json); head_dim 128 explicit (not 5120/32 = 160)`,
    officialParams: { count: 12_247_782_400, source: `${KVFIT} (Mistral-Nemo-Instruct-2407 12,247,782,400)` },
    ...LLAMA, hidden: 5120, intermediate: 14336, layers: 40, heads: 32, kvHeads: 8, headDim: 128,
    vocab: 131072, maxContext: 128000, tiedEmbeddings: false,
  },
  {
    id: 'mistral-small-3-24b', name: 'Mistral Small 3 24B', family: 'mistral-small', hfId: 'mistralai/Mistral-Small-24B-Base-2501',
    aliases: ['mistralai/Mistral-Small-24B-Instruct-2501', 'mistral-small-3', 'mistral-small-24b', 'mistral-small-2501', 'mistral-small-24b-instruct-2501'],
    configSource: `${cfg('mistralai/Mistral-Small-24B-Base-2501')} (model_type mistral, text only): hidden 5120, intermediate 32768, 40 layers, 32 heads, 8 KV heads, head_dim 128, vocab 131072, untied, max_position_embeddings 32768, sliding_window null, rope_theta 1e8; the same decoder as the 3.1/3.2 text tower`,
    officialParams: {
      count: 23_572_403_200,
      source: `${FIREWORKS}: Mistral Small 24B Instruct 2501 23,572,403,200; the same count for the same decoder in KERAS magistral_small_2506_en and devstral_small_1_1 (mistral/mistral_presets.py)`,
    },
    ...LLAMA, hidden: 5120, intermediate: 32768, layers: 40, heads: 32, kvHeads: 8, headDim: 128,
    vocab: 131072, maxContext: 32768, tiedEmbeddings: false,
  },
  {
    id: 'mistral-small-3.1-24b', name: 'Mistral Small 3.1 24B', family: 'mistral-small', hfId: 'mistralai/Mistral-Small-3.1-24B-Base-2503',
    aliases: [
      'mistralai/Mistral-Small-3.1-24B-Instruct-2503', 'mistralai/Mistral-Small-3.2-24B-Instruct-2506', 'mistral-small-3.1', 'mistral-small-3.2',
      'mistral-small-2503', 'mistral-small-2506', 'mistral-small-3.1-24b-instruct', 'mistral-small-3.2-24b',
    ],
    configSource: `${cfg('mistralai/Mistral-Small-3.1-24B-Base-2503')} (model_type mistral3: text_config a mistral decoder of Mistral Small 3's shapes with max_position_embeddings 131072 and rope_theta 1e9; vision_config pixtral: hidden 1024, intermediate 4096, 24 layers, patch 14; projector with a 2x2 patch merger). The text tower is modelled; Pixtral and the projector load with it and stay frozen`,
    officialParams: {
      count: 24_011_361_280,
      source: 'KERAS mistral_small_3.1_24b_base_2503_en / _instruct_2503_en / 3.2_24b_instruct_2506_en params 24,011,361,280 (mistral3/mistral3_presets.py); the same published_total_parameters for Mistral-Small-3.2-24B-Instruct-2506 in public GitHub manifests = text 23,572,403,200 + Pixtral 403,305,472 + projector 35,652,608',
    },
    ...LLAMA, hidden: 5120, intermediate: 32768, layers: 40, heads: 32, kvHeads: 8, headDim: 128,
    vocab: 131072, maxContext: 131072, tiedEmbeddings: false,
    vision: mistral3Vision(5120, 'mistralai/Mistral-Small-3.1-24B-Base-2503'),
  },
  {
    id: 'mixtral-8x7b', name: 'Mixtral 8x7B', family: 'mixtral', hfId: 'mistralai/Mixtral-8x7B-v0.1',
    aliases: ['mistralai/Mixtral-8x7B-Instruct-v0.1', 'mixtral', 'mixtral-8x7b-instruct'],
    configSource: `${cfg('mistralai/Mixtral-8x7B-v0.1')}; values as mirrored in ${REF} (MLC Mixtral-8x7B-v0.1; LitGPT Mixtral-8x7B-v0.1)`,
    officialParams: { count: 46_702_792_704, source: 'KERAS mixtral_8_7b_en params 46,702,792,704 (via REF total_params)' },
    ...LLAMA, hidden: 4096, intermediate: 14336, layers: 32, heads: 32, kvHeads: 8, headDim: 128,
    vocab: 32000, maxContext: 32768, tiedEmbeddings: false,
    moe: { experts: 8, topK: 2, expertIntermediate: 14336, sharedExperts: 0, sharedIntermediate: 0, denseLayers: 0, routerBias: false },
  },
  {
    id: 'mixtral-8x22b', name: 'Mixtral 8x22B', family: 'mixtral', hfId: 'mistralai/Mixtral-8x22B-v0.1',
    aliases: ['mistral-community/Mixtral-8x22B-v0.1', 'mistralai/Mixtral-8x22B-Instruct-v0.1', 'mixtral-8x22b-instruct'],
    configSource: `${cfg('mistralai/Mixtral-8x22B-v0.1')}; values as mirrored in ${REF} (LitGPT Mixtral-8x22B). The base has vocab 32000; the Instruct repo has 32768 (+9.4M params, 140,630,071,296)`,
    officialParams: {
      count: 140_620_634_112,
      source: 'HUB total 140,620,634,112 for mistral-community/Mixtral-8x22B-v0.1 (the base weights) in a published table of Hub models on GitHub',
    },
    ...LLAMA, hidden: 6144, intermediate: 16384, layers: 56, heads: 48, kvHeads: 8, headDim: 128,
    vocab: 32000, maxContext: 65536, tiedEmbeddings: false,
    moe: { experts: 8, topK: 2, expertIntermediate: 16384, sharedExperts: 0, sharedIntermediate: 0, denseLayers: 0, routerBias: false },
  },
];

const QWEN_FAMILY: readonly ModelArch[] = [
  {
    id: 'qwen-2.5-0.5b', name: 'Qwen2.5 0.5B', family: 'qwen-2.5', hfId: 'Qwen/Qwen2.5-0.5B',
    aliases: ['Qwen/Qwen2.5-0.5B-Instruct', 'qwen2.5-0.5b', 'qwen2.5-0.5b-instruct'],
    configSource: `${cfg('Qwen/Qwen2.5-0.5B')}; values as mirrored in ${REF} (LitGPT Qwen2.5-0.5B; MLC qwen2_0_5b); tie_word_embeddings true`,
    officialParams: { count: 494_032_768, source: 'KERAS qwen2.5_0.5b_en params 494,032,768 (qwen/qwen_presets.py)' },
    ...QWEN2, hidden: 896, intermediate: 4864, layers: 24, heads: 14, kvHeads: 2, headDim: 64,
    vocab: 151936, maxContext: 32768, tiedEmbeddings: true,
  },
  {
    id: 'qwen-2.5-1.5b', name: 'Qwen2.5 1.5B', family: 'qwen-2.5', hfId: 'Qwen/Qwen2.5-1.5B',
    aliases: ['Qwen/Qwen2.5-1.5B-Instruct', 'qwen2.5-1.5b', 'qwen2.5-1.5b-instruct'],
    configSource: `${cfg('Qwen/Qwen2.5-1.5B')}; values as mirrored in ${REF} (LitGPT Qwen2.5-1.5B; MLC qwen2_1_5b); tie_word_embeddings true`,
    officialParams: {
      count: 1_543_714_304,
      source: 'HUB count 1,543,714,304 for Qwen/Qwen2.5-1.5B-Instruct in a published table of Hugging Face model sizes; same figure for the same-shape KERAS qwen2.5_math_1.5b_en',
    },
    ...QWEN2, hidden: 1536, intermediate: 8960, layers: 28, heads: 12, kvHeads: 2, headDim: 128,
    vocab: 151936, maxContext: 131072, tiedEmbeddings: true,
  },
  {
    id: 'qwen-2.5-3b', name: 'Qwen2.5 3B', family: 'qwen-2.5', hfId: 'Qwen/Qwen2.5-3B',
    aliases: ['Qwen/Qwen2.5-3B-Instruct', 'qwen2.5-3b', 'qwen2.5-3b-instruct'],
    configSource: `${cfg('Qwen/Qwen2.5-3B')}; values as mirrored in ${REF} (LitGPT Qwen2.5-3B; MLC qwen2.5_3b); tie_word_embeddings true`,
    officialParams: { count: 3_085_938_688, source: 'KERAS qwen2.5_3b_en params 3,085,938,688 (qwen/qwen_presets.py)' },
    ...QWEN2, hidden: 2048, intermediate: 11008, layers: 36, heads: 16, kvHeads: 2, headDim: 128,
    vocab: 151936, maxContext: 32768, tiedEmbeddings: true,
  },
  {
    id: 'qwen-2.5-7b', name: 'Qwen2.5 7B', family: 'qwen-2.5', hfId: 'Qwen/Qwen2.5-7B',
    aliases: ['Qwen/Qwen2.5-7B-Instruct', 'qwen2.5-7b', 'qwen2.5-7b-instruct'],
    configSource: `${cfg('Qwen/Qwen2.5-7B')}; values as mirrored in ${REF} (LitGPT Qwen2.5-7B); untied, vocab 152064`,
    officialParams: {
      count: 7_615_616_512,
      source: `${KVFIT} (Qwen2.5-7B-Instruct 7,615,616,512); same figure in REF and KERAS qwen2.5_math_7b_en`,
    },
    ...QWEN2, hidden: 3584, intermediate: 18944, layers: 28, heads: 28, kvHeads: 4, headDim: 128,
    vocab: 152064, maxContext: 131072, tiedEmbeddings: false,
    ...QWEN25_CONTEXT,
  },
  {
    id: 'qwen-2.5-14b', name: 'Qwen2.5 14B', family: 'qwen-2.5', hfId: 'Qwen/Qwen2.5-14B',
    aliases: ['Qwen/Qwen2.5-14B-Instruct', 'qwen2.5-14b', 'qwen2.5-14b-instruct'],
    configSource: `${cfg('Qwen/Qwen2.5-14B')}; values as mirrored in ${REF} (LitGPT Qwen2.5-14B)`,
    officialParams: {
      count: 14_770_033_664,
      source: 'HUB count 14,770,033,664 for unsloth/Qwen2.5-14B-Instruct in a public model-size table on GitHub; same as the GGUF general.parameter_count of Qwen2.5-14B-Instruct conversions',
    },
    ...QWEN2, hidden: 5120, intermediate: 13824, layers: 48, heads: 40, kvHeads: 8, headDim: 128,
    vocab: 152064, maxContext: 131072, tiedEmbeddings: false,
    ...QWEN25_CONTEXT,
  },
  {
    id: 'qwen-2.5-32b', name: 'Qwen2.5 32B', family: 'qwen-2.5', hfId: 'Qwen/Qwen2.5-32B',
    aliases: ['Qwen/Qwen2.5-32B-Instruct', 'qwen2.5-32b', 'qwen2.5-32b-instruct'],
    configSource: `${cfg('Qwen/Qwen2.5-32B')}; values as mirrored in ${REF} (LitGPT Qwen2.5-32B)`,
    officialParams: { count: 32_763_876_352, source: 'KERAS qwen2.5_instruct_32b_en params 32,763,876,352 (qwen/qwen_presets.py)' },
    ...QWEN2, hidden: 5120, intermediate: 27648, layers: 64, heads: 40, kvHeads: 8, headDim: 128,
    vocab: 152064, maxContext: 131072, tiedEmbeddings: false,
    ...QWEN25_CONTEXT,
  },
  {
    id: 'qwen-2.5-72b', name: 'Qwen2.5 72B', family: 'qwen-2.5', hfId: 'Qwen/Qwen2.5-72B',
    aliases: ['Qwen/Qwen2.5-72B-Instruct', 'qwen2.5-72b', 'qwen2.5-72b-instruct'],
    configSource: `${cfg('Qwen/Qwen2.5-72B')}; values as mirrored in ${REF} (LitGPT Qwen2.5-72B); intermediate 29568`,
    officialParams: { count: 72_706_203_648, source: 'KERAS qwen2.5_instruct_72b_en params 72,706,203,648 (qwen/qwen_presets.py); same in the kvfit HUB list' },
    ...QWEN2, hidden: 8192, intermediate: 29568, layers: 80, heads: 64, kvHeads: 8, headDim: 128,
    vocab: 152064, maxContext: 131072, tiedEmbeddings: false,
    ...QWEN25_CONTEXT,
  },
  {
    id: 'qwen-3-0.6b', name: 'Qwen3 0.6B', family: 'qwen-3', hfId: 'Qwen/Qwen3-0.6B',
    aliases: ['Qwen/Qwen3-0.6B-Base', 'qwen3-0.6b', 'qwen3-0.6b-base'],
    configSource: `${cfg('Qwen/Qwen3-0.6B')}; values as mirrored in ${REF} (MLC qwen3_0.6b; LitGPT Qwen3-0.6B); head_dim 128 explicit (16 x 128 > hidden 1024), tied`,
    officialParams: { count: 596_049_920, source: 'KERAS qwen3_0.6b_en params 596,049,920 (qwen3/qwen3_presets.py)' },
    ...QWEN3, hidden: 1024, intermediate: 3072, layers: 28, heads: 16, kvHeads: 8, headDim: 128,
    vocab: 151936, maxContext: 40960, tiedEmbeddings: true,
    ...QWEN3_CONTEXT,
  },
  {
    id: 'qwen-3-1.7b', name: 'Qwen3 1.7B', family: 'qwen-3', hfId: 'Qwen/Qwen3-1.7B',
    aliases: ['Qwen/Qwen3-1.7B-Base', 'qwen3-1.7b', 'qwen3-1.7b-base'],
    configSource: `${cfg('Qwen/Qwen3-1.7B')}; values as mirrored in ${LITGPT} (Qwen3-1.7B: n_embd 2048, 28 layers, 16 heads, 8 query groups, intermediate 6144, padded vocab 151936, block 40960, norm_qk); head_dim 128 (class default), tie_word_embeddings true`,
    officialParams: {
      count: 1_720_574_976,
      source: `KERAS qwen3_1.7b_en params 1,720,574,976 (qwen3/qwen3_presets.py). The Hub and ${FIREWORKS} show 2,031,739,904 because the safetensors store the tied lm_head again: 1,720,574,976 + 151,936 x 2,048 = 2,031,739,904 exactly`,
    },
    ...QWEN3, hidden: 2048, intermediate: 6144, layers: 28, heads: 16, kvHeads: 8, headDim: 128,
    vocab: 151936, maxContext: 40960, tiedEmbeddings: true,
    ...QWEN3_CONTEXT,
  },
  {
    id: 'qwen-3-4b', name: 'Qwen3 4B', family: 'qwen-3', hfId: 'Qwen/Qwen3-4B',
    aliases: ['Qwen/Qwen3-4B-Base', 'Qwen/Qwen3-4B-Instruct-2507', 'Qwen/Qwen3-4B-Thinking-2507', 'qwen3-4b', 'qwen3-4b-base', 'qwen3-4b-2507'],
    configSource: `${cfg('Qwen/Qwen3-4B')}; values as mirrored in ${LITGPT} (Qwen3-4B and Qwen3-4B-*-2507: n_embd 2560, 36 layers, 32 heads, 8 query groups, head_size 128, intermediate 9728, padded vocab 151936, norm_qk); tie_word_embeddings true`,
    officialParams: {
      count: 4_022_468_096,
      source: `KERAS qwen3_4b_en params 4,022,468,096 (qwen3/qwen3_presets.py). ${FIREWORKS} lists 4,411,424,256 for Qwen 3 4B (and 4B Instruct 2507): the tied lm_head stored again, 4,022,468,096 + 151,936 x 2,560 = 4,411,424,256 exactly`,
    },
    ...QWEN3, hidden: 2560, intermediate: 9728, layers: 36, heads: 32, kvHeads: 8, headDim: 128,
    vocab: 151936, maxContext: 40960, tiedEmbeddings: true,
    ...QWEN3_CONTEXT,
    contextNote: 'Qwen3-4B: max_position_embeddings 40,960 (32,768 native + output room), 131,072 with the card\'s opt-in YaRN x4. The -2507 Instruct/Thinking repos (aliases, same shapes) ship 262,144 native positions (rope_theta 5e6)',
  },
  {
    id: 'qwen-3-8b', name: 'Qwen3 8B', family: 'qwen-3', hfId: 'Qwen/Qwen3-8B',
    aliases: ['Qwen/Qwen3-8B-Base', 'qwen3-8b', 'qwen3-8b-base'],
    configSource: `${cfg('Qwen/Qwen3-8B')}; values as mirrored in ${REF} (LitGPT Qwen3-8B); head_dim 128 explicit, untied`,
    officialParams: { count: 8_190_735_360, source: 'KERAS qwen3_8b_en params 8,190,735,360 (qwen3/qwen3_presets.py); same in the kvfit HUB list' },
    ...QWEN3, hidden: 4096, intermediate: 12288, layers: 36, heads: 32, kvHeads: 8, headDim: 128,
    vocab: 151936, maxContext: 40960, tiedEmbeddings: false,
    ...QWEN3_CONTEXT,
  },
  {
    id: 'qwen-3-14b', name: 'Qwen3 14B', family: 'qwen-3', hfId: 'Qwen/Qwen3-14B',
    aliases: ['Qwen/Qwen3-14B-Base', 'qwen3-14b', 'qwen3-14b-base'],
    configSource: `${cfg('Qwen/Qwen3-14B')}; values as mirrored in ${LITGPT} (Qwen3-14B: n_embd 5120, 40 layers, 40 heads, 8 query groups, intermediate 17408, padded vocab 151936, norm_qk); head_dim 128, untied`,
    officialParams: {
      count: 14_768_307_200,
      source: `KERAS qwen3_14b_en params 14,768,307,200 (qwen3/qwen3_presets.py); same in ${FIREWORKS} (Qwen 3 14B)`,
    },
    ...QWEN3, hidden: 5120, intermediate: 17408, layers: 40, heads: 40, kvHeads: 8, headDim: 128,
    vocab: 151936, maxContext: 40960, tiedEmbeddings: false,
    ...QWEN3_CONTEXT,
  },
  {
    id: 'qwen-3-32b', name: 'Qwen3 32B', family: 'qwen-3', hfId: 'Qwen/Qwen3-32B',
    aliases: ['qwen3-32b'],
    configSource: `${cfg('Qwen/Qwen3-32B')}; values as mirrored in ${REF} (LitGPT Qwen3-32B); 64 heads x 128 = 8192 > hidden 5120`,
    officialParams: { count: 32_762_123_264, source: 'KERAS qwen3_32b_en params 32,762,123,264 (qwen3/qwen3_presets.py); same in the kvfit HUB list' },
    ...QWEN3, hidden: 5120, intermediate: 25600, layers: 64, heads: 64, kvHeads: 8, headDim: 128,
    vocab: 151936, maxContext: 40960, tiedEmbeddings: false,
    ...QWEN3_CONTEXT,
  },
  {
    id: 'qwen-3-30b-a3b', name: 'Qwen3 30B-A3B', family: 'qwen-3', hfId: 'Qwen/Qwen3-30B-A3B',
    aliases: [
      'Qwen/Qwen3-30B-A3B-Base', 'Qwen/Qwen3-30B-A3B-Instruct-2507', 'Qwen/Qwen3-30B-A3B-Thinking-2507',
      'qwen3-30b-a3b', 'qwen3-30b',
    ],
    configSource: `${cfg('Qwen/Qwen3-30B-A3B')}; values as mirrored in ${REF} (LitGPT Qwen3-30B-A3B): all 48 layers MoE (decoder_sparse_step 1, mlp_only_layers []), 128 experts top-8, moe_intermediate 768; intermediate_size 6144 unused`,
    officialParams: { count: 30_532_122_624, source: 'KERAS qwen3_moe_30b_a3b_en params 30,532,122,624 (qwen3_moe/qwen3_moe_presets.py); same in the kvfit HUB list' },
    ...QWEN3, hidden: 2048, intermediate: 6144, layers: 48, heads: 32, kvHeads: 4, headDim: 128,
    vocab: 151936, maxContext: 40960, tiedEmbeddings: false,
    moe: { experts: 128, topK: 8, expertIntermediate: 768, sharedExperts: 0, sharedIntermediate: 0, denseLayers: 0, routerBias: false },
    ...QWEN3_CONTEXT,
    contextNote: 'Qwen3-30B-A3B: max_position_embeddings 40,960 (32,768 native + output room), 131,072 with the card\'s opt-in YaRN x4. The -2507 Instruct/Thinking repos (aliases, same shapes) ship 262,144 native positions (rope_theta 1e7)',
  },
  {
    id: 'qwen-3-235b-a22b', name: 'Qwen3 235B-A22B', family: 'qwen-3', hfId: 'Qwen/Qwen3-235B-A22B',
    aliases: [
      'Qwen/Qwen3-235B-A22B-Instruct-2507', 'Qwen/Qwen3-235B-A22B-Thinking-2507', 'qwen3-235b-a22b', 'qwen3-235b',
      'qwen3-235b-a22b-2507',
    ],
    configSource: `${cfg('Qwen/Qwen3-235B-A22B')}; values as mirrored in ${LITGPT} (Qwen3-235B-A22B and -2507: n_embd 4096, 94 layers, 64 heads, 4 query groups, head_size 128, 128 experts top-8, moe_intermediate 1536, padded vocab 151936, norm_qk): every layer MoE, intermediate_size 12288 unused, no shared expert`,
    officialParams: {
      count: 235_093_634_560,
      source: `KERAS qwen3_moe_235b_a22b_en params 235,093,634,560 (qwen3_moe/qwen3_moe_presets.py); same in ${FIREWORKS} (Qwen 3 235B A22B and its Instruct/Thinking 2507)`,
    },
    ...QWEN3, hidden: 4096, intermediate: 12288, layers: 94, heads: 64, kvHeads: 4, headDim: 128,
    vocab: 151936, maxContext: 40960, tiedEmbeddings: false,
    moe: { experts: 128, topK: 8, expertIntermediate: 1536, sharedExperts: 0, sharedIntermediate: 0, denseLayers: 0, routerBias: false },
    ...QWEN3_CONTEXT,
    contextNote: 'Qwen3-235B-A22B: max_position_embeddings 40,960 (32,768 native + output room), 131,072 with the card\'s opt-in YaRN x4. The -2507 Instruct/Thinking repos (aliases, same shapes) ship 262,144 native positions (rope_theta 5e6)',
  },
  {
    id: 'qwen-2.5-vl-3b', name: 'Qwen2.5-VL 3B', family: 'qwen-2.5-vl', hfId: 'Qwen/Qwen2.5-VL-3B-Instruct',
    aliases: ['qwen2.5-vl-3b', 'qwen2.5-vl-3b-instruct', 'qwen2.5vl-3b', 'qwen-2.5-vl-3b-instruct'],
    configSource: `${cfg('Qwen/Qwen2.5-VL-3B-Instruct')} (model_type qwen2_5_vl, text fields at top level): the text decoder is Qwen2.5-3B's shape (hidden 2048, intermediate 11008, 36 layers, 16 heads, 2 KV heads, vocab 151936, tie_word_embeddings true, max_position_embeddings 128000, M-RoPE without extra parameters); vision_config depth 32, hidden 1280, intermediate 3420, out_hidden_size 2048`,
    officialParams: {
      count: 3_754_622_976,
      source: 'HUB count 3,754,622,976 of Qwen/Qwen2.5-VL-3B-Instruct (asserted as the loaded model\'s EXPECTED_PARAMS in public GitHub code) = text 3,085,938,688 (KERAS qwen2.5_3b_en) + vision tower 631,975,680 + patch merger 36,708,608',
    },
    ...QWEN2, hidden: 2048, intermediate: 11008, layers: 36, heads: 16, kvHeads: 2, headDim: 128,
    vocab: 151936, maxContext: 128000, tiedEmbeddings: true,
    vision: qwen25VlVision(3420, 2048, 'Qwen/Qwen2.5-VL-3B-Instruct'),
  },
  {
    id: 'qwen-2.5-vl-7b', name: 'Qwen2.5-VL 7B', family: 'qwen-2.5-vl', hfId: 'Qwen/Qwen2.5-VL-7B-Instruct',
    aliases: ['qwen2.5-vl-7b', 'qwen2.5-vl-7b-instruct', 'qwen2.5vl-7b', 'qwen-2.5-vl-7b-instruct'],
    configSource: `${cfg('Qwen/Qwen2.5-VL-7B-Instruct')} (model_type qwen2_5_vl): the text decoder is Qwen2.5-7B's shape (hidden 3584, intermediate 18944, 28 layers, 28 heads, 4 KV heads, vocab 152064, untied, max_position_embeddings 128000); vision_config depth 32, hidden 1280, intermediate 3420, out_hidden_size 3584`,
    officialParams: {
      count: 8_292_166_656,
      source: `HUB numParameters 8,292,166,656 of Qwen/Qwen2.5-VL-7B-Instruct; same in ${FIREWORKS} (Qwen 2.5-VL 7B Instruct). A public fine-tuning script prints the split: visual 676,550,144 + text 7,615,616,512 (= Qwen2.5-7B)`,
    },
    ...QWEN2, hidden: 3584, intermediate: 18944, layers: 28, heads: 28, kvHeads: 4, headDim: 128,
    vocab: 152064, maxContext: 128000, tiedEmbeddings: false,
    vision: qwen25VlVision(3420, 3584, 'Qwen/Qwen2.5-VL-7B-Instruct'),
  },
  {
    id: 'qwen-2.5-vl-32b', name: 'Qwen2.5-VL 32B', family: 'qwen-2.5-vl', hfId: 'Qwen/Qwen2.5-VL-32B-Instruct',
    aliases: ['qwen2.5-vl-32b', 'qwen2.5-vl-32b-instruct', 'qwen2.5vl-32b', 'qwen-2.5-vl-32b-instruct'],
    configSource: `${cfg('Qwen/Qwen2.5-VL-32B-Instruct')} (model_type qwen2_5_vl): the text decoder is Qwen2.5-32B's shape (hidden 5120, intermediate 27648, 64 layers, 40 heads, 8 KV heads, vocab 152064, untied, max_position_embeddings 128000); vision_config depth 32, hidden 1280, intermediate 3456 (not 3420 as in 3B/7B), out_hidden_size 5120`,
    officialParams: {
      count: 33_452_718_336,
      source: 'parameter total 33,452,718,336 recorded for the 32B Qwen2.5-VL in a public GitHub analysis script (P32) = text 32,763,876,352 (KERAS qwen2.5_instruct_32b_en) + vision tower 636,401,664 + patch merger 52,440,320 exactly; the Hub page rounds to 33.5B',
    },
    ...QWEN2, hidden: 5120, intermediate: 27648, layers: 64, heads: 40, kvHeads: 8, headDim: 128,
    vocab: 152064, maxContext: 128000, tiedEmbeddings: false,
    vision: qwen25VlVision(3456, 5120, 'Qwen/Qwen2.5-VL-32B-Instruct'),
  },
  {
    id: 'qwen-2.5-vl-72b', name: 'Qwen2.5-VL 72B', family: 'qwen-2.5-vl', hfId: 'Qwen/Qwen2.5-VL-72B-Instruct',
    aliases: ['qwen2.5-vl-72b', 'qwen2.5-vl-72b-instruct', 'qwen2.5vl-72b', 'qwen-2.5-vl-72b-instruct'],
    configSource: `${cfg('Qwen/Qwen2.5-VL-72B-Instruct')} (model_type qwen2_5_vl): the text decoder is Qwen2.5-72B's shape (hidden 8192, intermediate 29568, 80 layers, 64 heads, 8 KV heads, vocab 152064, untied, max_position_embeddings 128000); vision_config depth 32, hidden 1280, intermediate 3456, out_hidden_size 8192`,
    officialParams: {
      count: 73_410_777_344,
      source: 'computed from config.json with countParams: text 72,706,203,648 (KERAS qwen2.5_instruct_72b_en, the same decoder) + vision tower 636,401,664 + patch merger 68,172,032; the Hub page shows 73.4B. No exact published integer was found; with the 3B/7B vision MLP (3420) it would be 73,406,351,360, also 73.4B',
    },
    ...QWEN2, hidden: 8192, intermediate: 29568, layers: 80, heads: 64, kvHeads: 8, headDim: 128,
    vocab: 152064, maxContext: 128000, tiedEmbeddings: false,
    vision: qwen25VlVision(3456, 8192, 'Qwen/Qwen2.5-VL-72B-Instruct'),
  },
];

const GEMMA_FAMILY: readonly ModelArch[] = [
  {
    id: 'gemma-2b', name: 'Gemma 2B', family: 'gemma', hfId: 'google/gemma-2b',
    aliases: ['google/gemma-2b-it', 'google/gemma-1.1-2b-it', 'gemma-2b-it', 'gemma-1.1-2b'],
    configSource: `${cfg('google/gemma-2b')}; values as mirrored in ${LITGPT} (Gemma-2b: 18 layers, 8 heads, 1 KV group, n_embd 2048, intermediate 16384, vocab 256000); head_dim 256, tied`,
    officialParams: { count: 2_506_172_416, source: 'KERAS gemma_2b_en params 2,506,172,416 (gemma/gemma_presets.py)' },
    ...GEMMA, hidden: 2048, intermediate: 16384, layers: 18, heads: 8, kvHeads: 1, headDim: 256,
    vocab: 256000, maxContext: 8192, tiedEmbeddings: true,
  },
  {
    id: 'gemma-7b', name: 'Gemma 7B', family: 'gemma', hfId: 'google/gemma-7b',
    aliases: ['google/gemma-7b-it', 'google/gemma-1.1-7b-it', 'gemma-7b-it', 'gemma-1.1-7b'],
    configSource: `${cfg('google/gemma-7b')}; values as mirrored in ${LITGPT} (Gemma-7b: 28 layers, 16 heads, head_size 256, n_embd 3072, intermediate 24576, vocab 256000); q_proj 3072 -> 4096, tied`,
    officialParams: { count: 8_537_680_896, source: 'KERAS gemma_7b_en params 8,537,680,896 (gemma/gemma_presets.py)' },
    ...GEMMA, hidden: 3072, intermediate: 24576, layers: 28, heads: 16, kvHeads: 16, headDim: 256,
    vocab: 256000, maxContext: 8192, tiedEmbeddings: true,
  },
  {
    id: 'gemma-2-2b', name: 'Gemma 2 2B', family: 'gemma-2', hfId: 'google/gemma-2-2b',
    aliases: ['google/gemma-2-2b-it', 'gemma2-2b', 'gemma2-2b-it', 'gemma-2-2b-it'],
    configSource: `${cfg('google/gemma-2-2b')}; values as mirrored in ${REF} (MLC gemma2_2b; LitGPT Gemma-2-2b); head_dim 256, sliding_window 4096 on even layers`,
    officialParams: { count: 2_614_341_888, source: 'KERAS gemma2_2b_en params 2,614,341,888 (gemma/gemma_presets.py)' },
    ...GEMMA2, hidden: 2304, intermediate: 9216, layers: 26, heads: 8, kvHeads: 4, headDim: 256,
    vocab: 256000, maxContext: 8192, tiedEmbeddings: true,
  },
  {
    id: 'gemma-2-9b', name: 'Gemma 2 9B', family: 'gemma-2', hfId: 'google/gemma-2-9b',
    aliases: ['google/gemma-2-9b-it', 'gemma2-9b', 'gemma2-9b-it', 'gemma-2-9b-it'],
    configSource: `${cfg('google/gemma-2-9b')}; values as mirrored in ${REF} (MLC gemma2_9b; LitGPT Gemma-2-9b)`,
    officialParams: { count: 9_241_705_984, source: 'KERAS gemma2_9b_en params 9,241,705,984 (gemma/gemma_presets.py); same in the kvfit HUB list (gemma-2-9b-it)' },
    ...GEMMA2, hidden: 3584, intermediate: 14336, layers: 42, heads: 16, kvHeads: 8, headDim: 256,
    vocab: 256000, maxContext: 8192, tiedEmbeddings: true,
  },
  {
    id: 'gemma-2-27b', name: 'Gemma 2 27B', family: 'gemma-2', hfId: 'google/gemma-2-27b',
    aliases: ['google/gemma-2-27b-it', 'gemma2-27b', 'gemma2-27b-it', 'gemma-2-27b-it'],
    configSource: `${cfg('google/gemma-2-27b')}; values as mirrored in ${REF} (MLC gemma2_27b; LitGPT Gemma-2-27b); head_dim 128`,
    officialParams: { count: 27_227_128_320, source: 'KERAS gemma2_27b_en params 27,227,128,320 (gemma/gemma_presets.py); same in the kvfit HUB list (gemma-2-27b-it)' },
    ...GEMMA2, hidden: 4608, intermediate: 36864, layers: 46, heads: 32, kvHeads: 16, headDim: 128,
    vocab: 256000, maxContext: 8192, tiedEmbeddings: true,
  },
  {
    id: 'gemma-3-1b', name: 'Gemma 3 1B', family: 'gemma-3', hfId: 'google/gemma-3-1b-pt',
    aliases: ['google/gemma-3-1b-it', 'gemma3-1b', 'gemma3-1b-it', 'gemma-3-1b-it'],
    configSource: `${cfg('google/gemma-3-1b-pt')}; values as mirrored in ${REF} (MLC gemma3_1b_it; LitGPT Gemma-3-1b-it): text-only, sliding_window 512 with sliding_window_pattern 6 (22 of 26 layers local), vocab 262144`,
    officialParams: { count: 999_885_952, source: 'KERAS gemma3_1b params 999,885,952 (via REF total_params)' },
    ...GEMMA3, hidden: 1152, intermediate: 6912, layers: 26, heads: 4, kvHeads: 1, headDim: 256,
    vocab: 262144, maxContext: 32768, tiedEmbeddings: true, slidingWindow: 512, slidingFraction: 22 / 26,
  },
  {
    id: 'gemma-3-4b', name: 'Gemma 3 4B', family: 'gemma-3', hfId: 'google/gemma-3-4b-it',
    aliases: ['google/gemma-3-4b-pt', 'gemma3-4b', 'gemma3-4b-it', 'gemma-3-4b-it'],
    configSource: `${cfg('google/gemma-3-4b-it')} (text_config); values as mirrored in ${REF} (GEMMA3_CFG; LitGPT Gemma-3-4b-it): text vocab 262208, sliding_window 1024 with sliding_window_pattern 6 (29 of 34 layers local)`,
    officialParams: {
      count: 4_300_079_472,
      source: `${KVFIT} (gemma-3-4b-it 4,300,079,472) = text 3,880,263,168 + SigLIP vision tower 416,866,032 + projector 2,950,272 (split from REF)`,
    },
    ...GEMMA3, hidden: 2560, intermediate: 10240, layers: 34, heads: 8, kvHeads: 4, headDim: 256,
    vocab: 262208, maxContext: 131072, tiedEmbeddings: true, slidingFraction: 29 / 34,
    ...GEMMA3_CONTEXT,
    vision: gemma3Vision(2560, 'google/gemma-3-4b-it'),
  },
  {
    id: 'gemma-3-12b', name: 'Gemma 3 12B', family: 'gemma-3', hfId: 'google/gemma-3-12b-it',
    aliases: ['google/gemma-3-12b-pt', 'gemma3-12b', 'gemma3-12b-it', 'gemma-3-12b-it'],
    configSource: `${cfg('google/gemma-3-12b-it')} (text_config); values as mirrored in ${REF} (GEMMA3_CFG; LitGPT Gemma-3-12b-it): sliding_window 1024 with sliding_window_pattern 6 (40 of 48 layers local)`,
    officialParams: {
      count: 12_187_325_040,
      source: `${KVFIT} (gemma-3-12b-it 12,187,325,040) = text 11,766,034,176 + SigLIP vision tower 416,866,032 + projector 4,424,832 (split from REF)`,
    },
    ...GEMMA3, hidden: 3840, intermediate: 15360, layers: 48, heads: 16, kvHeads: 8, headDim: 256,
    vocab: 262208, maxContext: 131072, tiedEmbeddings: true, slidingFraction: 40 / 48,
    ...GEMMA3_CONTEXT,
    vision: gemma3Vision(3840, 'google/gemma-3-12b-it'),
  },
  {
    id: 'gemma-3-27b', name: 'Gemma 3 27B', family: 'gemma-3', hfId: 'google/gemma-3-27b-it',
    aliases: ['google/gemma-3-27b-pt', 'gemma3-27b', 'gemma3-27b-it', 'gemma-3-27b-it'],
    configSource: `${cfg('google/gemma-3-27b-it')} (text_config); values as mirrored in ${REF} (GEMMA3_CFG; LitGPT Gemma-3-27b-it); head_dim 128, sliding_window 1024 with sliding_window_pattern 6 (52 of 62 layers local)`,
    officialParams: {
      count: 27_432_406_640,
      source: `${KVFIT} (gemma-3-27b-it 27,432,406,640) = text 27,009,346,304 + SigLIP vision tower 416,866,032 + projector 6,194,304 (split from REF)`,
    },
    ...GEMMA3, hidden: 5376, intermediate: 21504, layers: 62, heads: 32, kvHeads: 16, headDim: 128,
    vocab: 262208, maxContext: 131072, tiedEmbeddings: true, slidingFraction: 52 / 62,
    ...GEMMA3_CONTEXT,
    vision: gemma3Vision(5376, 'google/gemma-3-27b-it'),
  },
];

const PHI_FAMILY: readonly ModelArch[] = [
  {
    id: 'phi-1.5', name: 'Phi-1.5', family: 'phi', hfId: 'microsoft/phi-1_5',
    aliases: ['phi-1_5', 'phi1.5'],
    configSource: `${cfg('microsoft/phi-1_5')}; values as mirrored in ${LITGPT} (phi-1_5: n_embd 2048, 24 layers, 32 heads, padded vocab 51200, block 2048, shared attention norm, lm_head bias)`,
    officialParams: { count: 1_418_270_720, source: 'HUB safetensors_total_params 1,418,270,720 of microsoft/phi-1_5 (Hub metadata quoted in public GitHub docs)' },
    ...PHI, hidden: 2048, intermediate: 8192, layers: 24, heads: 32, kvHeads: 32, headDim: 64,
    vocab: 51200, maxContext: 2048,
  },
  {
    id: 'phi-2', name: 'Phi-2', family: 'phi', hfId: 'microsoft/phi-2',
    aliases: ['phi2'],
    configSource: `${cfg('microsoft/phi-2')}; values as mirrored in ${LITGPT} (phi-2: n_embd 2560, 32 layers, 32 heads, padded vocab 51200, block 2048, shared attention norm, lm_head bias)`,
    officialParams: {
      count: 2_779_683_840,
      source: 'HUB safetensors parameters {F16: 2,779,683,840} of microsoft/phi-2 (Hub API response in public GitHub test fixtures; same figure in a published table of Hugging Face model sizes)',
    },
    ...PHI, hidden: 2560, intermediate: 10240, layers: 32, heads: 32, kvHeads: 32, headDim: 80,
    vocab: 51200, maxContext: 2048,
  },
  {
    id: 'phi-3-mini-4k', name: 'Phi-3 mini 4K', family: 'phi-3', hfId: 'microsoft/Phi-3-mini-4k-instruct',
    aliases: ['phi-3-mini', 'phi3-mini', 'phi-3-mini-4k-instruct'],
    configSource: `${cfg('microsoft/Phi-3-mini-4k-instruct')}; values as mirrored in ${REF} (PHI3_CFG; LitGPT Phi-3-mini-4k-instruct); fused qkv_proj / gate_up_proj (same count as split), sliding_window 2047`,
    officialParams: { count: 3_821_079_552, source: 'KERAS phi3_mini_4k_instruct_en params 3,821,079,552 (phi3/phi3_presets.py)' },
    ...LLAMA, hidden: 3072, intermediate: 8192, layers: 32, heads: 32, kvHeads: 32, headDim: 96,
    vocab: 32064, maxContext: 4096, tiedEmbeddings: false, slidingWindow: 2047, slidingFraction: 1,
  },
  {
    id: 'phi-3-medium-4k', name: 'Phi-3 medium 4K', family: 'phi-3', hfId: 'microsoft/Phi-3-medium-4k-instruct',
    aliases: ['phi-3-medium', 'phi3-medium', 'phi-3-medium-4k-instruct'],
    configSource: `${cfg('microsoft/Phi-3-medium-4k-instruct')}; values as in ${REF} (Phi-3 report: 40 layers, 40 heads, 10 KV heads, hidden 5120; intermediate 17920, vocab 32064, sliding_window 2047; REF found no verbatim config.json, the exact Hub count below confirms these shapes)`,
    officialParams: { count: 13_960_238_080, source: 'HUB count 13,960,238,080 for unsloth/Phi-3-medium-4k-instruct in a public model-size table on GitHub' },
    ...LLAMA, hidden: 5120, intermediate: 17920, layers: 40, heads: 40, kvHeads: 10, headDim: 128,
    vocab: 32064, maxContext: 4096, tiedEmbeddings: false, slidingWindow: 2047, slidingFraction: 1,
  },
  {
    id: 'phi-4', name: 'Phi-4', family: 'phi-4', hfId: 'microsoft/phi-4',
    aliases: ['phi4', 'phi-4-14b'],
    configSource: `${cfg('microsoft/phi-4')}; values as mirrored in ${REF} (LitGPT phi-4); model_type phi3, vocab 100352, untied`,
    officialParams: { count: 14_659_507_200, source: `${KVFIT} (phi-4 14,659,507,200); same as the GGUF general.parameter_count of microsoft/phi-4 conversions` },
    ...LLAMA, hidden: 5120, intermediate: 17920, layers: 40, heads: 40, kvHeads: 10, headDim: 128,
    vocab: 100352, maxContext: 16384, tiedEmbeddings: false,
  },
  {
    id: 'phi-4-mini', name: 'Phi-4-mini 3.8B', family: 'phi-4', hfId: 'microsoft/Phi-4-mini-instruct',
    aliases: ['microsoft/Phi-4-mini-reasoning', 'phi-4-mini-instruct', 'phi4-mini', 'phi-4-mini-reasoning', 'phi-4-mini-3.8b'],
    configSource: `${cfg('microsoft/Phi-4-mini-instruct')}; values as mirrored in ${LITGPT} (Phi-4-mini-instruct: n_embd 3072, 32 layers, 24 heads, 8 query groups, intermediate 8192, padded vocab 200064, block 131072, rotary_percentage 0.75): model_type phi3 (fused qkv / gate_up, same count), tie_word_embeddings true, sliding_window 262144 on every layer (wider than the context, so no effect)`,
    officialParams: {
      count: 3_836_021_760,
      source: 'HUB count 3,836,021,760 for microsoft/Phi-4-mini-instruct (revision cfbefac) and Phi-4-mini-reasoning, pinned in public GitHub model registries and recorded as official_parameter_count with 7,672,066,216 BF16 checkpoint bytes in a public benchmark manifest',
    },
    ...LLAMA, hidden: 3072, intermediate: 8192, layers: 32, heads: 24, kvHeads: 8, headDim: 128,
    vocab: 200064, maxContext: 131072, tiedEmbeddings: true, slidingWindow: 262144, slidingFraction: 1,
    ropeScaling: { type: 'longrope', factor: 32, originalContext: 4096, inConfig: true },
    contextNote: 'rope_scaling longrope (short/long factors) over original_max_position_embeddings 4,096 in config.json: 131,072 usable (factor = 131,072 / 4,096)',
  },
];

const OTHER_FAMILIES: readonly ModelArch[] = [
  {
    id: 'falcon-7b', name: 'Falcon 7B', family: 'falcon', hfId: 'tiiuae/falcon-7b',
    aliases: ['tiiuae/falcon-7b-instruct', 'falcon-7b-instruct'],
    configSource: `${cfg('tiiuae/falcon-7b')}; values as mirrored in ${REF} (falcon-7b config.json copies; LitGPT falcon-7b): multi_query (1 KV head), parallel_attn with one LayerNorm, bias false`,
    officialParams: {
      count: 6_921_720_704,
      source: 'computed from config.json (REF total_params, CALC: unique parameters with lm_head tied). The Hub shows 7.22B (7,217,189,760) because the safetensors store the tied lm_head a second time: 7,217,189,760 - 65,024 x 4,544 = 6,921,720,704 exactly',
    },
    ...FALCON, hidden: 4544, intermediate: 18176, layers: 32, heads: 71, kvHeads: 1, normsPerLayer: 1,
  },
  {
    id: 'falcon-40b', name: 'Falcon 40B', family: 'falcon', hfId: 'tiiuae/falcon-40b',
    aliases: ['tiiuae/falcon-40b-instruct', 'falcon-40b-instruct'],
    configSource: `${cfg('tiiuae/falcon-40b')}; values as mirrored in ${LITGPT} (falcon-40b: 60 layers, 128 heads, 8 query groups, n_embd 8192, vocab 65024, bias false): new_decoder_architecture with ln_attn + ln_mlp`,
    officialParams: {
      count: 41_303_293_952,
      source: 'computed from config.json with countParams (lm_head tied, as in falcon-7b). The total 41,835,970,560 that a public model catalog on GitHub lists for falcon-40b counts the separately stored lm_head copy: 41,835,970,560 - 65,024 x 8,192 = 41,303,293,952 exactly',
    },
    ...FALCON, hidden: 8192, intermediate: 32768, layers: 60, heads: 128, kvHeads: 8, normsPerLayer: 2,
  },
  {
    id: 'olmo-2-7b', name: 'OLMo 2 7B', family: 'olmo-2', hfId: 'allenai/OLMo-2-1124-7B',
    aliases: ['allenai/OLMo-2-1124-7B-Instruct', 'allenai/OLMo-2-1124-7B-SFT', 'allenai/OLMo-2-1124-7B-DPO', 'olmo2-7b', 'olmo-2-1124-7b'],
    configSource: `${cfg('allenai/OLMo-2-1124-7B')}; values as mirrored in ${REF} (MLC olmo2_7b; LitGPT OLMo-2-1124-7B): post-norm (after attention, after MLP), q_norm/k_norm over the full projection width`,
    officialParams: {
      count: 7_298_617_344,
      source: 'HUB safetensors.total of allenai/OLMo-2-1124-7B (revision 7df9a82) 7,298,617,344, as recorded in a public GitHub dataset script',
    },
    ...LLAMA, hidden: 4096, intermediate: 11008, layers: 32, heads: 32, kvHeads: 32, headDim: 128,
    vocab: 100352, maxContext: 4096, tiedEmbeddings: false, qkNorm: 'full',
  },
  {
    id: 'stablelm-base-alpha-3b', name: 'StableLM-Base-Alpha 3B', family: 'stablelm-alpha', hfId: 'stabilityai/stablelm-base-alpha-3b',
    aliases: ['stabilityai/stablelm-tuned-alpha-3b', 'stablelm-tuned-alpha-3b', 'stablelm-alpha-3b'],
    configSource: `${cfg('stabilityai/stablelm-base-alpha-3b')}; values as mirrored in ${LITGPT} (stablelm-base-alpha-3b: GPT-NeoX defaults n_embd 4096, 16 layers, 32 heads, vocab 50688, block 4096, rotary 0.25, parallel residual)`,
    officialParams: {
      count: 3_637_321_728,
      source: 'parameter count of https://huggingface.co/stabilityai/stablelm-base-alpha-3b asserted as 3,637,321,728 in mlverse/minhub tests/testthat/test-gptneox.R',
    },
    ...NEOX, hidden: 4096, intermediate: 16384, layers: 16, heads: 32, kvHeads: 32, headDim: 128,
    vocab: 50688, maxContext: 4096,
  },
  {
    id: 'starcoder-15.5b', name: 'StarCoder 15.5B', family: 'starcoder', hfId: 'bigcode/starcoder',
    aliases: ['bigcode/octocoder', 'bigcode/starcoderbase', 'octocoder', 'starcoder', 'starcoderbase'],
    configSource: `${cfg('bigcode/starcoder')} (bigcode/octocoder shares it); values as mirrored in Cerebras' GPTBigCode config converter defaults (n_embd 6144, n_head 48, n_inner 24576, n_layer 40, n_positions 8192, vocab 49152, multi_query, tie_word_embeddings true)`,
    officialParams: {
      count: 15_517_456_384,
      source: 'computed from config.json with countParams (gpt_bigcode: fused c_attn with bias, 1 KV head, learned positions, LayerNorm, GELU MLP with biases, tied lm_head); matches the 15.5B of the StarCoder paper and the exact 15,517,456,384 listed for StarCoder-15B fine-tunes (nuprl MultiPL-T) in a public GitHub table',
    },
    mlp: 'plain', activation: 'gelu_tanh', norm: 'layernorm', normsPerLayer: 2, qkNorm: 'none',
    qkvBias: true, oBias: true, mlpBias: true, parallelBlock: false, positional: 'learned',
    slidingWindow: null, slidingFraction: 0,
    hidden: 6144, intermediate: 24576, layers: 40, heads: 48, kvHeads: 1, headDim: 128,
    vocab: 49152, maxContext: 8192, tiedEmbeddings: true,
  },
];

/**
 * gpt-oss layer: RMSNorm pre-norm, biases on q/k/v/o and on every expert projection, a router with
 * bias, learned attention sinks, alternating 128-token sliding and full attention (layer_types),
 * YaRN x32 over 4,096. The experts' clamped SwiGLU (alpha 1.702, limit 7) is a gated MLP.
 */
const GPT_OSS = {
  ...LLAMA, qkvBias: true, oBias: true, mlpBias: true, slidingWindow: 128, slidingFraction: 1 / 2, attentionSinks: true,
  hidden: 2880, intermediate: 2880, heads: 64, kvHeads: 8, headDim: 64, vocab: 201088, maxContext: 131072, tiedEmbeddings: false,
  checkpointQuant: 'mxfp4', checkpointQuantModules: 'experts',
  ropeScaling: { type: 'yarn', factor: 32, originalContext: 4096, inConfig: true },
  contextNote: 'rope_scaling YaRN factor 32 over original_max_position_embeddings 4,096 (in config.json): 131,072 usable; the sliding layers cache at most 128 tokens',
} as const;

const GPT_OSS_FAMILY: readonly ModelArch[] = [
  {
    id: 'gpt-oss-20b', name: 'gpt-oss-20b', family: 'gpt-oss', hfId: 'openai/gpt-oss-20b',
    aliases: ['gpt-oss:20b', 'gptoss-20b', 'openai/gpt-oss-safeguard-20b'],
    configSource: `${cfg('openai/gpt-oss-20b')} (model_type gpt_oss): hidden 2880, 24 layers, 64 heads, 8 KV heads, head_dim 64, vocab 201088, 32 local experts top-4 of intermediate 2880, attention_bias true, sliding_window 128 on the even layers (layer_types alternates sliding/full), max_position_embeddings 131072, untied; quantization_config mxfp4 with modules_to_not_convert self_attn, router, embed_tokens, lm_head (the experts ship in MXFP4). Shapes as in transformers configuration_gpt_oss.py`,
    officialParams: {
      count: 20_914_757_184,
      source: `KERAS gpt_oss_20b_en params 20,914,757,184 (gpt_oss/gpt_oss_presets.py); the same paramCount in ${FIREWORKS} (OpenAI gpt-oss-20b); the model card's 21B`,
    },
    ...GPT_OSS, layers: 24,
    moe: { experts: 32, topK: 4, expertIntermediate: 2880, sharedExperts: 0, sharedIntermediate: 0, denseLayers: 0, routerBias: true },
  },
  {
    id: 'gpt-oss-120b', name: 'gpt-oss-120b', family: 'gpt-oss', hfId: 'openai/gpt-oss-120b',
    aliases: ['gpt-oss:120b', 'gptoss-120b', 'openai/gpt-oss-safeguard-120b'],
    configSource: `${cfg('openai/gpt-oss-120b')} (model_type gpt_oss): as gpt-oss-20b with 36 layers and 128 local experts top-4; quantization_config mxfp4 on the experts. Shapes as in transformers configuration_gpt_oss.py (its defaults are the 120b)`,
    officialParams: {
      count: 116_829_156_672,
      source: `KERAS gpt_oss_120b_en params 116,829,156,672 (gpt_oss/gpt_oss_presets.py); the same paramCount in ${FIREWORKS} (OpenAI gpt-oss-120b); the model card's 117B`,
    },
    ...GPT_OSS, layers: 36,
    moe: { experts: 128, topK: 4, expertIntermediate: 2880, sharedExperts: 0, sharedIntermediate: 0, denseLayers: 0, routerBias: true },
  },
];

/** Pythia: GPT-NeoX, untied embed_in / embed_out; counts from the model cards' "Naming convention and parameter count" table. */
const PYTHIA_SOURCE = 'Pythia model card (huggingface.co/EleutherAI/pythia-*) "Naming convention and parameter count" table, total params';
const PYTHIA_CONFIG = 'values as mirrored in docs/catalog/models-reference.json (LitGPT pythia-* layers/width/heads; padded vocab)';

const PYTHIA_FAMILY: readonly ModelArch[] = [
  {
    id: 'pythia-70m', name: 'Pythia 70M', family: 'pythia', hfId: 'EleutherAI/pythia-70m',
    aliases: ['EleutherAI/pythia-70m-deduped', 'pythia-70m-deduped'],
    configSource: `${cfg('EleutherAI/pythia-70m')}; ${PYTHIA_CONFIG}`,
    officialParams: { count: 70_426_624, source: `${PYTHIA_SOURCE}: 70,426,624 (non-embedding 18,915,328)` },
    ...NEOX, hidden: 512, intermediate: 2048, layers: 6, heads: 8, kvHeads: 8, headDim: 64, vocab: 50304, maxContext: 2048,
  },
  {
    id: 'pythia-160m', name: 'Pythia 160M', family: 'pythia', hfId: 'EleutherAI/pythia-160m',
    aliases: ['EleutherAI/pythia-160m-deduped', 'pythia-160m-deduped'],
    configSource: `${cfg('EleutherAI/pythia-160m')}; ${PYTHIA_CONFIG}`,
    officialParams: { count: 162_322_944, source: `${PYTHIA_SOURCE}: 162,322,944 (non-embedding 85,056,000)` },
    ...NEOX, hidden: 768, intermediate: 3072, layers: 12, heads: 12, kvHeads: 12, headDim: 64, vocab: 50304, maxContext: 2048,
  },
  {
    id: 'pythia-410m', name: 'Pythia 410M', family: 'pythia', hfId: 'EleutherAI/pythia-410m',
    aliases: ['EleutherAI/pythia-410m-deduped', 'pythia-410m-deduped'],
    configSource: `${cfg('EleutherAI/pythia-410m')}; ${PYTHIA_CONFIG}`,
    officialParams: { count: 405_334_016, source: `${PYTHIA_SOURCE}: 405,334,016 (non-embedding 302,311,424)` },
    ...NEOX, hidden: 1024, intermediate: 4096, layers: 24, heads: 16, kvHeads: 16, headDim: 64, vocab: 50304, maxContext: 2048,
  },
  {
    id: 'pythia-1b', name: 'Pythia 1B', family: 'pythia', hfId: 'EleutherAI/pythia-1b',
    aliases: ['EleutherAI/pythia-1b-deduped', 'pythia-1b-deduped'],
    configSource: `${cfg('EleutherAI/pythia-1b')}; ${PYTHIA_CONFIG}`,
    officialParams: { count: 1_011_781_632, source: `${PYTHIA_SOURCE}: 1,011,781,632 (non-embedding 805,736,448)` },
    ...NEOX, hidden: 2048, intermediate: 8192, layers: 16, heads: 8, kvHeads: 8, headDim: 256, vocab: 50304, maxContext: 2048,
  },
  {
    id: 'pythia-1.4b', name: 'Pythia 1.4B', family: 'pythia', hfId: 'EleutherAI/pythia-1.4b',
    aliases: ['EleutherAI/pythia-1.4b-deduped', 'pythia-1.4b-deduped'],
    configSource: `${cfg('EleutherAI/pythia-1.4b')}; ${PYTHIA_CONFIG}`,
    officialParams: { count: 1_414_647_808, source: `${PYTHIA_SOURCE}: 1,414,647,808 (non-embedding 1,208,602,624)` },
    ...NEOX, hidden: 2048, intermediate: 8192, layers: 24, heads: 16, kvHeads: 16, headDim: 128, vocab: 50304, maxContext: 2048,
  },
  {
    id: 'pythia-2.8b', name: 'Pythia 2.8B', family: 'pythia', hfId: 'EleutherAI/pythia-2.8b',
    aliases: ['EleutherAI/pythia-2.8b-deduped', 'pythia-2.8b-deduped'],
    configSource: `${cfg('EleutherAI/pythia-2.8b')}; ${PYTHIA_CONFIG}`,
    officialParams: { count: 2_775_208_960, source: `${PYTHIA_SOURCE}: 2,775,208,960 (non-embedding 2,517,652,480)` },
    ...NEOX, hidden: 2560, intermediate: 10240, layers: 32, heads: 32, kvHeads: 32, headDim: 80, vocab: 50304, maxContext: 2048,
  },
  {
    id: 'pythia-6.9b', name: 'Pythia 6.9B', family: 'pythia', hfId: 'EleutherAI/pythia-6.9b',
    aliases: ['EleutherAI/pythia-6.9b-deduped', 'pythia-6.9b-deduped'],
    configSource: `${cfg('EleutherAI/pythia-6.9b')}; ${PYTHIA_CONFIG}; vocab padded to 50432`,
    officialParams: { count: 6_857_302_016, source: `${PYTHIA_SOURCE}: 6,857,302,016 (non-embedding 6,444,163,072)` },
    ...NEOX, hidden: 4096, intermediate: 16384, layers: 32, heads: 32, kvHeads: 32, headDim: 128, vocab: 50432, maxContext: 2048,
  },
  {
    id: 'pythia-12b', name: 'Pythia 12B', family: 'pythia', hfId: 'EleutherAI/pythia-12b',
    aliases: ['EleutherAI/pythia-12b-deduped', 'pythia-12b-deduped'],
    configSource: `${cfg('EleutherAI/pythia-12b')}; ${PYTHIA_CONFIG}; vocab padded to 50688`,
    officialParams: { count: 11_846_072_320, source: `${PYTHIA_SOURCE}: 11,846,072,320 (non-embedding 11,327,027,200)` },
    ...NEOX, hidden: 5120, intermediate: 20480, layers: 36, heads: 40, kvHeads: 40, headDim: 128, vocab: 50688, maxContext: 2048,
  },
];

/**
 * What DeepSeek-V3 and R1 ship besides the 61-layer model: FP8 e4m3 weights with one scale per
 * 128x128 block (quantization_config fp8, weight_block_size [128, 128]; embeddings, lm_head, norms
 * and the router stay bf16) and one multi-token-prediction layer (REF mtp_module_params_unique).
 */
const DEEPSEEK_V3_CHECKPOINT = {
  checkpointQuant: 'fp8-block', checkpointQuantModules: 'linear',
  mtp: { layers: 1, params: 11_610_068_224 },
  ropeScaling: { type: 'yarn', factor: 40, originalContext: 4096, inConfig: true },
  usableContext: 131072,
  contextNote: 'config.json: max_position_embeddings 163,840 = 4,096 x YaRN factor 40; the model cards state a 128K context',
} as const;

const DEEPSEEK_FAMILY: readonly ModelArch[] = [
  {
    id: 'deepseek-r1-distill-qwen-1.5b', name: 'DeepSeek-R1-Distill-Qwen-1.5B', family: 'deepseek-r1-distill',
    hfId: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B',
    aliases: ['deepseek-r1:1.5b', 'r1-distill-qwen-1.5b'],
    configSource: `${cfg('deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B')}; Qwen2.5-Math-1.5B shapes as mirrored in ${LITGPT} (Qwen2.5-Math-1.5B); the distill unties lm_head (tie_word_embeddings false), rope_theta 10000, 131072 positions`,
    officialParams: {
      count: 1_777_088_000,
      source: 'parameter count 1,777,088,000 of deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B (339 tensors) pinned in public GitHub test fixtures and pruning scripts (original_param_num); untied, hence 233M above Qwen2.5-1.5B',
    },
    ...QWEN2, hidden: 1536, intermediate: 8960, layers: 28, heads: 12, kvHeads: 2, headDim: 128,
    vocab: 151936, maxContext: 131072, tiedEmbeddings: false,
  },
  {
    id: 'deepseek-r1-distill-qwen-7b', name: 'DeepSeek-R1-Distill-Qwen-7B', family: 'deepseek-r1-distill',
    hfId: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-7B',
    aliases: ['deepseek-r1:7b', 'r1-distill-qwen-7b'],
    configSource: `${cfg('deepseek-ai/DeepSeek-R1-Distill-Qwen-7B')}; values as mirrored in ${REF} (config.json copies): Qwen2.5-Math-7B shapes, rope_theta 10000`,
    officialParams: {
      count: 7_615_616_512,
      source: 'GGUF general.parameter_count 7,615,616,512 of Ollama deepseek-r1:7b (the R1-Distill-Qwen-7B conversion) in padiazg/ollama-tools README.md; same figure for the same-shape KERAS qwen2.5_math_7b_en',
    },
    ...QWEN2, hidden: 3584, intermediate: 18944, layers: 28, heads: 28, kvHeads: 4, headDim: 128,
    vocab: 152064, maxContext: 131072, tiedEmbeddings: false,
  },
  {
    id: 'deepseek-r1-distill-llama-8b', name: 'DeepSeek-R1-Distill-Llama-8B', family: 'deepseek-r1-distill',
    hfId: 'deepseek-ai/DeepSeek-R1-Distill-Llama-8B',
    aliases: ['deepseek-r1:8b', 'r1-distill-llama-8b'],
    configSource: `${cfg('deepseek-ai/DeepSeek-R1-Distill-Llama-8B')}; values as in ${REF} (identical shapes to Llama-3.1-8B, its base)`,
    officialParams: { count: 8_030_261_248, source: `${FIREWORKS}: DeepSeek R1 Distill Llama 8B 8,030,261,248` },
    ...LLAMA, hidden: 4096, intermediate: 14336, layers: 32, heads: 32, kvHeads: 8, headDim: 128,
    vocab: 128256, maxContext: 131072, tiedEmbeddings: false,
    ropeScaling: { type: 'llama3', factor: 8, originalContext: 8192, inConfig: true }, contextNote: LLAMA31_CONTEXT,
  },
  {
    id: 'deepseek-r1-distill-qwen-14b', name: 'DeepSeek-R1-Distill-Qwen-14B', family: 'deepseek-r1-distill',
    hfId: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-14B',
    aliases: ['deepseek-r1:14b', 'r1-distill-qwen-14b'],
    configSource: `${cfg('deepseek-ai/DeepSeek-R1-Distill-Qwen-14B')}; Qwen2.5-14B shapes (its base) as mirrored in ${LITGPT} (Qwen2.5-14B); 131072 positions`,
    officialParams: {
      count: 14_770_033_664,
      source: `${FIREWORKS}: DeepSeek R1 Distill Qwen 14B 14,770,033,664; same as the GGUF parameter_count of Ollama deepseek-r1:14b in padiazg/ollama-tools README.md`,
    },
    ...QWEN2, hidden: 5120, intermediate: 13824, layers: 48, heads: 40, kvHeads: 8, headDim: 128,
    vocab: 152064, maxContext: 131072, tiedEmbeddings: false,
  },
  {
    id: 'deepseek-r1-distill-qwen-32b', name: 'DeepSeek-R1-Distill-Qwen-32B', family: 'deepseek-r1-distill',
    hfId: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-32B',
    aliases: ['deepseek-r1:32b', 'r1-distill-qwen-32b'],
    configSource: `${cfg('deepseek-ai/DeepSeek-R1-Distill-Qwen-32B')}; Qwen2.5-32B shapes (its base) as mirrored in ${LITGPT} (Qwen2.5-32B); 131072 positions`,
    officialParams: { count: 32_763_876_352, source: `${FIREWORKS}: DeepSeek R1 Distill Qwen 32B 32,763,876,352` },
    ...QWEN2, hidden: 5120, intermediate: 27648, layers: 64, heads: 40, kvHeads: 8, headDim: 128,
    vocab: 152064, maxContext: 131072, tiedEmbeddings: false,
  },
  {
    id: 'deepseek-r1-distill-llama-70b', name: 'DeepSeek-R1-Distill-Llama-70B', family: 'deepseek-r1-distill',
    hfId: 'deepseek-ai/DeepSeek-R1-Distill-Llama-70B',
    aliases: ['deepseek-r1:70b', 'r1-distill-llama-70b'],
    configSource: `${cfg('deepseek-ai/DeepSeek-R1-Distill-Llama-70B')}; Llama-3.3-70B-Instruct shapes (its base) as mirrored in ${REF} (LitGPT Llama-3.3-70B-Instruct)`,
    officialParams: { count: 70_553_706_496, source: `${FIREWORKS}: DeepSeek R1 Distill Llama 70B 70,553,706,496; same as the GGUF parameter count of DeepSeek-R1-Distill-Llama-70B in public GitHub fixtures` },
    ...LLAMA, hidden: 8192, intermediate: 28672, layers: 80, heads: 64, kvHeads: 8, headDim: 128,
    vocab: 128256, maxContext: 131072, tiedEmbeddings: false,
    ropeScaling: { type: 'llama3', factor: 8, originalContext: 8192, inConfig: true }, contextNote: LLAMA31_CONTEXT,
  },
  {
    id: 'deepseek-v3', name: 'DeepSeek-V3', family: 'deepseek-v3', hfId: 'deepseek-ai/DeepSeek-V3',
    aliases: ['deepseek-ai/DeepSeek-V3-Base', 'deepseek-ai/DeepSeek-V3-0324', 'deepseek-v3-0324', 'deepseek-v3-671b', 'deepseek-v3-base'],
    configSource: `${cfg('deepseek-ai/DeepSeek-V3')}; values as mirrored in ${REF} (DSV3_CFG): 61 layers (first 3 dense, intermediate 18432), 256 routed + 1 shared expert of width 2048, top-8, MLA (q_lora 1536, kv_lora 512, nope 128, rope 64, v 128), e_score_correction_bias. headDim here is the q.k width per head (128 + 64). Weights ship in FP8`,
    officialParams: {
      count: 671_026_419_200,
      source: 'REF total_params (CALC 671,026,419,200: main model without the MTP module, as the README\'s "671B main model weights"); same paramCount in Fireworks AI\'s model catalog. The Hub\'s 685B adds the MTP layer (11.6B) and FP8 scale tensors',
    },
    ...LLAMA, hidden: 7168, intermediate: 18432, layers: 61, heads: 128, kvHeads: 128, headDim: 192,
    vocab: 129280, maxContext: 163840, tiedEmbeddings: false,
    moe: { experts: 256, topK: 8, expertIntermediate: 2048, sharedExperts: 1, sharedIntermediate: 2048, denseLayers: 3, routerBias: true },
    mla: { qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 },
    ...DEEPSEEK_V3_CHECKPOINT,
  },
  {
    id: 'deepseek-r1', name: 'DeepSeek-R1 671B', family: 'deepseek-r1', hfId: 'deepseek-ai/DeepSeek-R1',
    aliases: ['deepseek-ai/DeepSeek-R1-0528', 'deepseek-ai/DeepSeek-R1-Zero', 'deepseek-r1:671b', 'deepseek-r1-0528', 'deepseek-r1-zero', 'deepseek-r1-671b'],
    configSource: `${cfg('deepseek-ai/DeepSeek-R1')}: the DeepSeek-V3 architecture unchanged (architectures DeepseekV3ForCausalLM, model_type deepseek_v3; R1 and R1-Zero are post-trained from DeepSeek-V3-Base), values as for deepseek-v3 in ${REF} (DSV3_CFG): 61 layers (3 dense), 256 routed + 1 shared expert of 2048, top-8, MLA, num_nextn_predict_layers 1, FP8 weights with 128x128 block scales (quantization_config fp8, weight_block_size [128, 128])`,
    officialParams: {
      count: 671_026_419_200,
      source: 'the DeepSeek-R1 model card\'s "#Total Params 671B, #Activated Params 37B", as the same architecture\'s REF total_params for DeepSeek-V3 (CALC 671,026,419,200: main model without the MTP module). The Hub\'s 685B adds the MTP layer (11.6B) and FP8 scale tensors',
    },
    ...LLAMA, hidden: 7168, intermediate: 18432, layers: 61, heads: 128, kvHeads: 128, headDim: 192,
    vocab: 129280, maxContext: 163840, tiedEmbeddings: false,
    moe: { experts: 256, topK: 8, expertIntermediate: 2048, sharedExperts: 1, sharedIntermediate: 2048, denseLayers: 3, routerBias: true },
    mla: { qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 },
    ...DEEPSEEK_V3_CHECKPOINT,
  },
];

/** Public GitHub code listing Hub safetensors parameter counts of VLMs (`get_model_sizes`, "computed via HfApi().get_safetensors_metadata"). */
const VLM_SIZES = 'HUB safetensors parameter count as listed in a public GitHub benchmark\'s get_model_sizes() (computed with HfApi.get_safetensors_metadata)';

/**
 * Vision-language models whose text decoder has no text-only catalog entry of the same shape, or
 * whose tower is of another family. Every count is the text decoder + the tower + the projector
 * (`src/model/params.ts` `visionTowerParams`).
 */
const VLM_FAMILY: readonly ModelArch[] = [
  {
    id: 'llava-1.5-7b', name: 'LLaVA-1.5 7B', family: 'llava-1.5', hfId: 'llava-hf/llava-1.5-7b-hf',
    aliases: ['liuhaotian/llava-v1.5-7b', 'llava-1.5', 'llava-v1.5-7b', 'llava-7b', 'llava-1.5-7b-hf'],
    configSource: `${cfg('llava-hf/llava-1.5-7b-hf')} (model_type llava): text_config Vicuna-7B v1.5 (the Llama 2 7B shape, vocab 32064, max_position_embeddings 4096); CLIP ViT-L/14-336 (vision_feature_layer -2, strategy default: 576 tokens per image)`,
    officialParams: {
      count: 7_063_427_072,
      source: 'asserted as count_parameters(LlavaForConditionalGeneration(LlavaConfig.from_pretrained("llava-hf/llava-1.5-7b-hf"))) == 7063427072 in public GitHub test code; same total in a public safetensors header audit of revision b234b80 (686 tensors) = text 6,738,939,904 + CLIP 303,507,456 + projector 20,979,712',
    },
    ...LLAMA, hidden: 4096, intermediate: 11008, layers: 32, heads: 32, kvHeads: 32, headDim: 128,
    vocab: 32064, maxContext: 4096, tiedEmbeddings: false,
    vision: clipL336({ kind: 'fixed', wrapperTokens: 0 }, llavaProjector(4096), `${cfg('llava-hf/llava-1.5-7b-hf')} vision_config; ${pre('llava-hf/llava-1.5-7b-hf')} (crop_size 336)`),
  },
  {
    id: 'llava-1.5-13b', name: 'LLaVA-1.5 13B', family: 'llava-1.5', hfId: 'llava-hf/llava-1.5-13b-hf',
    aliases: ['liuhaotian/llava-v1.5-13b', 'llava-v1.5-13b', 'llava-13b', 'llava-1.5-13b-hf'],
    configSource: `${cfg('llava-hf/llava-1.5-13b-hf')} (model_type llava): text_config Vicuna-13B v1.5 (the Llama 2 13B shape, vocab 32064, max_position_embeddings 4096); CLIP ViT-L/14-336`,
    officialParams: {
      count: 13_351_494_656,
      source: 'computed from config.json with countParams: text 13,016,519,680 (Llama 2 13B at vocab 32,064) + CLIP 303,507,456 + projector 31,467,520; the Hub page shows 13.4B. No exact published integer was found; the 7B sibling\'s formula reproduces its published 7,063,427,072 exactly',
    },
    ...LLAMA, hidden: 5120, intermediate: 13824, layers: 40, heads: 40, kvHeads: 40, headDim: 128,
    vocab: 32064, maxContext: 4096, tiedEmbeddings: false,
    vision: clipL336({ kind: 'fixed', wrapperTokens: 0 }, llavaProjector(5120), `${cfg('llava-hf/llava-1.5-13b-hf')} vision_config; ${pre('llava-hf/llava-1.5-13b-hf')} (crop_size 336)`),
  },
  {
    id: 'llava-next-mistral-7b', name: 'LLaVA-NeXT Mistral 7B', family: 'llava-next', hfId: 'llava-hf/llava-v1.6-mistral-7b-hf',
    aliases: ['liuhaotian/llava-v1.6-mistral-7b', 'llava-v1.6-mistral-7b', 'llava-next', 'llava-1.6-mistral-7b', 'llava-next-7b'],
    configSource: `${cfg('llava-hf/llava-v1.6-mistral-7b-hf')} (model_type llava_next): text_config Mistral-7B-Instruct-v0.2 (hidden 4096, intermediate 14336, 32 layers, 8 KV heads, vocab 32064, max_position_embeddings 32768, no sliding window); CLIP ViT-L/14-336; image_grid_pinpoints [[336,672],[672,336],[672,672],[1008,336],[336,1008]]; image_newline (4096)`,
    officialParams: {
      count: 7_566_747_648,
      source: 'computed from config.json with countParams: text 7,242,256,384 + CLIP 303,507,456 + projector 20,979,712 + image_newline 4,096 (Hub page: 7.57B). The same shapes at vocab 32,005 give 7,566,264,320, the n_parameters MTEB publishes for BAAI/BGE-VL-MLLM-S1, a LLaVA-NeXT-Mistral-7B fine-tune with that vocabulary',
    },
    ...LLAMA, hidden: 4096, intermediate: 14336, layers: 32, heads: 32, kvHeads: 8, headDim: 128,
    vocab: 32064, maxContext: 32768, tiedEmbeddings: false,
    vision: clipL336(
      { kind: 'anyres', pinpoints: [[336, 672], [672, 336], [672, 672], [1008, 336], [336, 1008]] }, llavaProjector(4096, 4096),
      `${cfg('llava-hf/llava-v1.6-mistral-7b-hf')} vision_config, image_grid_pinpoints; ${pre('llava-hf/llava-v1.6-mistral-7b-hf')}`,
    ),
  },
  {
    id: 'pixtral-12b', name: 'Pixtral 12B', family: 'pixtral', hfId: 'mistral-community/pixtral-12b',
    aliases: ['mistralai/Pixtral-12B-2409', 'mistralai/Pixtral-12B-Base-2409', 'pixtral', 'pixtral-12b-2409'],
    configSource: `${cfg('mistral-community/pixtral-12b')} (model_type llava, the transformers port of mistralai/Pixtral-12B-2409): text_config the Mistral Nemo 12B decoder (hidden 5120, 40 layers, 32 heads, 8 KV heads, head_dim 128, vocab 131072), 128k context per the model card; vision_config pixtral (hidden 1024, intermediate 4096, 24 layers, 16 heads, patch 16, image_size 1024); LlavaMultiModalProjector 1024 -> 5120 -> 5120 with biases`,
    officialParams: {
      count: 12_682_739_712,
      source: 'computed from config.json with countParams: text 12,247,782,400 (= Mistral Nemo, KERAS) + Pixtral 403,489,792 + projector 31,467,520 (Hub page: 12.7B; the card: "12B parameter multimodal decoder + 400M parameter vision encoder"). No exact published integer was found; Mistral Small 3.1\'s Pixtral tower (patch 14) reproduces its published 403,305,472 with the same formula',
    },
    ...LLAMA, hidden: 5120, intermediate: 14336, layers: 40, heads: 32, kvHeads: 8, headDim: 128,
    vocab: 131072, maxContext: 131072, tiedEmbeddings: false,
    vision: {
      encoder: 'pixtral', layers: 24, hidden: 1024, intermediate: 4096, heads: 16, patch: 16, channels: 3, imageSize: 1024,
      processing: { kind: 'pixtral', longestEdge: 1024 },
      projector: llavaProjector(5120),
      source: `${cfg('mistral-community/pixtral-12b')} vision_config; ${pre('mistral-community/pixtral-12b')} (longest_edge 1024, patch_size 16)`,
    },
  },
  {
    id: 'llama-3.2-11b-vision', name: 'Llama 3.2 11B Vision', family: 'llama-3.2-vision', hfId: 'meta-llama/Llama-3.2-11B-Vision',
    aliases: ['meta-llama/Llama-3.2-11B-Vision-Instruct', 'llama-3.2-11b-vision-instruct', 'llama3.2-11b-vision', 'llama-3.2-vision', 'llama3.2-vision-11b'],
    configSource: `${cfg('meta-llama/Llama-3.2-11B-Vision')} (model_type mllama): text_config hidden 4096, intermediate 14336, 40 layers of which 8 cross-attention (cross_attention_layers [3, 8, 13, 18, 23, 28, 33, 38]), 32 heads, 8 KV heads, vocab 128256 (embed_tokens 128256 + 8 rows), untied, rope llama3 x8; vision_config mllama (see the tower)`,
    officialParams: {
      count: 10_670_220_835,
      source: `${VLM_SIZES} (meta-llama/llama-3.2-11b-vision-instruct 10,670,220,835) = text 9,775,192,080 + vision 863,567,379 + projector 31,461,376`,
    },
    ...LLAMA, hidden: 4096, intermediate: 14336, layers: 40, heads: 32, kvHeads: 8, headDim: 128,
    vocab: 128256, maxContext: 131072, tiedEmbeddings: false, crossAttentionLayers: 8, extraEmbeddingRows: 8,
    ropeScaling: { type: 'llama3', factor: 8, originalContext: 8192, inConfig: true }, contextNote: LLAMA31_CONTEXT,
    vision: mllamaVision(4096, 'meta-llama/Llama-3.2-11B-Vision'),
  },
  {
    id: 'llama-3.2-90b-vision', name: 'Llama 3.2 90B Vision', family: 'llama-3.2-vision', hfId: 'meta-llama/Llama-3.2-90B-Vision',
    aliases: ['meta-llama/Llama-3.2-90B-Vision-Instruct', 'llama-3.2-90b-vision-instruct', 'llama3.2-90b-vision', 'llama3.2-vision-90b'],
    configSource: `${cfg('meta-llama/Llama-3.2-90B-Vision')} (model_type mllama): text_config hidden 8192, intermediate 28672, 100 layers of which 20 cross-attention, 64 heads, 8 KV heads, vocab 128256 (+ 8 embedding rows), untied; the same vision tower as 11B, projector 7680 -> 8192`,
    officialParams: {
      count: 88_593_355_323,
      source: 'computed from config.json with countParams: text 87,666,865,192 + vision 863,567,379 + projector 62,922,752 (Hub page: 88.6B). No exact published integer was found; the same formula reproduces the 11B\'s published 10,670,220,835 exactly',
    },
    ...LLAMA, hidden: 8192, intermediate: 28672, layers: 100, heads: 64, kvHeads: 8, headDim: 128,
    vocab: 128256, maxContext: 131072, tiedEmbeddings: false, crossAttentionLayers: 20, extraEmbeddingRows: 8,
    ropeScaling: { type: 'llama3', factor: 8, originalContext: 8192, inConfig: true }, contextNote: LLAMA31_CONTEXT,
    vision: mllamaVision(8192, 'meta-llama/Llama-3.2-90B-Vision'),
  },
  {
    id: 'phi-3.5-vision', name: 'Phi-3.5-vision 4.2B', family: 'phi-3.5-vision', hfId: 'microsoft/Phi-3.5-vision-instruct',
    aliases: ['phi-3.5-vision-instruct', 'phi3.5-vision', 'phi-3.5-v'],
    configSource: `${cfg('microsoft/Phi-3.5-vision-instruct')} (model_type phi3_v, remote code): the Phi-3.5-mini decoder (hidden 3072, intermediate 8192, 32 layers, 32 heads, vocab 32064, max_position_embeddings 131072, longrope over 4096); img_processor CLIP ViT-L/14-336 (layer_idx -2), HD transform with 2 x 2 feature merge, img_projection 4096 -> 3072 -> 3072, glb_GN and sub_GN separators (4096 each)`,
    officialParams: {
      count: 4_146_621_440,
      source: `${VLM_SIZES} (microsoft/phi-3.5-vision-instruct 4,146,621,440); the same n_parameters in MTEB's model metadata = text 3,821,079,552 (Phi-3 mini, KERAS) + CLIP 303,507,456 + projector 22,026,240 + separators 8,192`,
    },
    ...LLAMA, hidden: 3072, intermediate: 8192, layers: 32, heads: 32, kvHeads: 32, headDim: 96,
    vocab: 32064, maxContext: 131072, tiedEmbeddings: false,
    ropeScaling: { type: 'longrope', factor: 32, originalContext: 4096, inConfig: true },
    contextNote: 'rope_scaling longrope over original_max_position_embeddings 4,096 in config.json: 131,072 usable',
    vision: clipL336(
      { kind: 'phi3_v', numCrops: 4 },
      { module: 'img_projection', merge: 2, norm: null, linears: [{ in: 4096, out: 3072, bias: true }, { in: 3072, out: 3072, bias: true }], extraParams: 8192 },
      `${cfg('microsoft/Phi-3.5-vision-instruct')} img_processor, embd_layer (use_hd_transform, with_learnable_separator); processor_config.json num_crops 4`,
    ),
  },
  {
    id: 'smolvlm-2.2b', name: 'SmolVLM 2.2B', family: 'smolvlm', hfId: 'HuggingFaceTB/SmolVLM-Instruct',
    aliases: ['HuggingFaceTB/SmolVLM-Base', 'smolvlm', 'smolvlm-instruct', 'smolvlm-2b'],
    configSource: `${cfg('HuggingFaceTB/SmolVLM-Instruct')} (model_type idefics3): text_config the SmolLM2-1.7B decoder (hidden 2048, intermediate 8192, 24 layers, 32 heads, vocab 49155, untied, max_position_embeddings 16384); vision_config SigLIP (hidden 1152, intermediate 4304, 27 layers, 16 heads, patch 14, image_size 384); scale_factor 3 (pixel shuffle: 81 tokens per 384-px tile); connector Linear(10368, 2048) without bias`,
    officialParams: {
      count: 2_246_272_880,
      source: 'computed from config.json with countParams: text 1,812,051,968 + SigLIP 412,987,248 + connector 21,233,664 (Hub page: 2.25B). No exact published integer was found',
    },
    ...LLAMA, hidden: 2048, intermediate: 8192, layers: 24, heads: 32, kvHeads: 32, headDim: 64,
    vocab: 49155, maxContext: 16384, tiedEmbeddings: false,
    vision: {
      encoder: 'siglip', layers: 27, hidden: 1152, intermediate: 4304, heads: 16, patch: 14, channels: 3, imageSize: 384, head: false,
      processing: { kind: 'idefics3', longestEdge: 1536 },
      projector: { module: 'connector', merge: 3, norm: null, linears: [{ in: 10368, out: 2048, bias: false }], extraParams: 0 },
      source: `${cfg('HuggingFaceTB/SmolVLM-Instruct')} vision_config, scale_factor 3; ${pre('HuggingFaceTB/SmolVLM-Instruct')} (size longest_edge 1536, max_image_size 384, do_image_splitting true)`,
    },
  },
  {
    id: 'internvl-2.5-1b', name: 'InternVL2.5 1B', family: 'internvl-2.5', hfId: 'OpenGVLab/InternVL2_5-1B',
    aliases: ['internvl2.5-1b', 'internvl2_5-1b', 'internvl-1b'],
    configSource: `${cfg('OpenGVLab/InternVL2_5-1B')} (model_type internvl_chat, remote code): llm_config the Qwen2.5-0.5B-Instruct decoder with vocab 151674, untied (hidden 896, intermediate 4864, 24 layers, 14 heads, 2 KV heads, max_position_embeddings 32768); InternViT-300M-448px-V2_5`,
    officialParams: {
      count: 938_193_024,
      source: `${VLM_SIZES} (opengvlab/internvl2_5-1b 938,193,024) = text 629,697,920 + InternViT 304,012,288 + mlp1 4,482,816`,
    },
    ...QWEN2, hidden: 896, intermediate: 4864, layers: 24, heads: 14, kvHeads: 2, headDim: 64,
    vocab: 151674, maxContext: 32768, tiedEmbeddings: false,
    vision: internVit300m(896, 'OpenGVLab/InternVL2_5-1B'),
  },
  {
    id: 'internvl-2.5-4b', name: 'InternVL2.5 4B', family: 'internvl-2.5', hfId: 'OpenGVLab/InternVL2_5-4B',
    aliases: ['internvl2.5-4b', 'internvl2_5-4b', 'internvl-4b'],
    configSource: `${cfg('OpenGVLab/InternVL2_5-4B')} (model_type internvl_chat, remote code): llm_config the Qwen2.5-3B-Instruct decoder with vocab 151674, untied (hidden 2048, intermediate 11008, 36 layers, 16 heads, 2 KV heads, max_position_embeddings 32768); InternViT-300M-448px-V2_5`,
    officialParams: {
      count: 3_712_637_952,
      source: `${VLM_SIZES} (opengvlab/internvl2_5-4b 3,712,637,952) = text 3,396,030,464 + InternViT 304,012,288 + mlp1 12,595,200`,
    },
    ...QWEN2, hidden: 2048, intermediate: 11008, layers: 36, heads: 16, kvHeads: 2, headDim: 128,
    vocab: 151674, maxContext: 32768, tiedEmbeddings: false,
    vision: internVit300m(2048, 'OpenGVLab/InternVL2_5-4B'),
  },
  {
    id: 'internvl-2.5-8b', name: 'InternVL2.5 8B', family: 'internvl-2.5', hfId: 'OpenGVLab/InternVL2_5-8B',
    aliases: ['internvl2.5-8b', 'internvl2_5-8b', 'internvl-8b'],
    configSource: `${cfg('OpenGVLab/InternVL2_5-8B')} (model_type internvl_chat, remote code): llm_config InternLM2.5-7B-chat (internlm2: fused wqkv, same count as split; hidden 4096, intermediate 14336, 32 layers, 32 heads, 8 KV heads, no biases, vocab 92553, untied, max_position_embeddings 32768); InternViT-300M-448px-V2_5`,
    officialParams: {
      count: 8_075_365_376,
      source: `${VLM_SIZES} (opengvlab/internvl2_5-8b 8,075,365,376) = text 7,737,782,272 (the listed internlm2_5-7b-chat 7,737,708,544 at vocab 92,544, + 9 rows x 4,096 x 2) + InternViT 304,012,288 + mlp1 33,570,816`,
    },
    ...LLAMA, hidden: 4096, intermediate: 14336, layers: 32, heads: 32, kvHeads: 8, headDim: 128,
    vocab: 92553, maxContext: 32768, tiedEmbeddings: false,
    vision: internVit300m(4096, 'OpenGVLab/InternVL2_5-8B'),
  },
];

/** Every catalog model, grouped by family. */
export const MODELS: readonly ModelArch[] = [
  ...LLAMA_FAMILY,
  ...MISTRAL_FAMILY,
  ...QWEN_FAMILY,
  ...GEMMA_FAMILY,
  ...PHI_FAMILY,
  ...OTHER_FAMILIES,
  ...PYTHIA_FAMILY,
  ...DEEPSEEK_FAMILY,
  ...GPT_OSS_FAMILY,
  ...VLM_FAMILY,
];
