import { z } from 'zod';
import { ConfigProblem, DIM, LAYERS } from './fields';
import { parseConfig } from './family';
import type { VisionTower } from '../model/arch';

/**
 * The frozen towers of multimodal checkpoints whose text decoder vram-bot models: the vision
 * encoders and projectors of Qwen2.5-VL, Mistral 3 (Pixtral) and Llama 4, counted from their
 * `vision_config` as `extraFrozenParams` (as `src/hub/gemma3.ts` does for Gemma 3's SigLIP).
 * Each formula follows the transformers module it names; defaults are its configuration class's.
 */

const SMALL = (max: number) => z.number().int().min(1).max(max);

/** Runs `read` and says which nested config a problem is in. */
export function within<T>(key: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ConfigProblem) throw new ConfigProblem(`In \`${key}\`: ${e.message}`);
    throw e;
  }
}

/** A nested config object (`text_config`, `vision_config`): absent or null reads as `{}`. */
export const Nested = z.record(z.string(), z.unknown()).nullish();

/** A tower count: the encoder and the projector that feeds the decoder, each with its parameters. */
export interface Tower {
  readonly encoder: number;
  readonly projector: number;
}

// ── Qwen2.5-VL ─────────────────────────────────────────────────────────────────────────────

/** `Qwen2_5_VLVisionConfig` defaults (transformers `configuration_qwen2_5_vl.py`). */
const QWEN25_VL_VISION_DEFAULTS = {
  depth: 32, hidden_size: 3584, intermediate_size: 3420, in_channels: 3, patch_size: 14, temporal_patch_size: 2,
  spatial_merge_size: 2, out_hidden_size: 3584,
};
const Qwen25VlVision = z.object({
  depth: LAYERS, hidden_size: DIM, intermediate_size: DIM, in_channels: SMALL(64), patch_size: SMALL(4096),
  temporal_patch_size: SMALL(64), spatial_merge_size: SMALL(64), out_hidden_size: DIM,
});

/**
 * Qwen2_5_VisionTransformerPretrainedModel: a bias-free Conv3d patch embedding
 * (`c x t x p x p x h`); per block two RMSNorms `2h`, fused qkv `3h^2 + 3h`, proj `h^2 + h` and a
 * gated MLP with biases `3hi + 2i + h`; the patch merger: RMSNorm `h`, then over `m = h x merge^2`
 * a Linear `m^2 + m`, GELU and a Linear to the text width `m x out + out`.
 *
 * @example qwen25VlTower({ hidden_size: 1280, intermediate_size: 3420, out_hidden_size: 3584 }) // { encoder: 631_975_680, projector: 44_574_464 } (7B)
 */
export function qwen25VlTower(raw: Readonly<Record<string, unknown>>): Tower {
  const v = parseConfig(Qwen25VlVision, { ...QWEN25_VL_VISION_DEFAULTS, ...(Object.hasOwn(raw, 'in_chans') ? { in_channels: raw.in_chans } : {}), ...raw });
  const h = v.hidden_size;
  const i = v.intermediate_size;
  const block = 2 * h + 3 * h * h + 3 * h + h * h + h + 3 * h * i + 2 * i + h;
  const encoder = v.in_channels * v.temporal_patch_size * v.patch_size * v.patch_size * h + v.depth * block;
  const m = h * v.spatial_merge_size ** 2;
  const projector = h + m * m + m + m * v.out_hidden_size + v.out_hidden_size;
  return { encoder, projector };
}

// ── Mistral 3 (Pixtral) ────────────────────────────────────────────────────────────────────

/** `PixtralVisionConfig` defaults (transformers `configuration_pixtral.py`). */
const PIXTRAL_DEFAULTS = { hidden_size: 1024, intermediate_size: 4096, num_hidden_layers: 24, num_channels: 3, patch_size: 16 };
const Pixtral = z.object({ hidden_size: DIM, intermediate_size: DIM, num_hidden_layers: LAYERS, num_channels: SMALL(64), patch_size: SMALL(4096) });

/**
 * PixtralVisionModel plus Mistral3MultiModalProjector: a bias-free patch Conv2d `c x p x p x h`,
 * `ln_pre` `h`, per layer two RMSNorms `2h`, bias-free q/k/v/o `4h^2` and gated MLP `3hi`; the
 * projector: RMSNorm `h`, the patch merger `h merge^2 x h`, `linear_1` `h x text` and `linear_2`
 * `text x text` (biases with `multimodal_projector_bias`).
 *
 * @example pixtralTower({ hidden_size: 1024, intermediate_size: 4096, num_hidden_layers: 24, patch_size: 14 }, 5120, 2, false)
 * // { encoder: 403_305_472, projector: 35_652_608 } (Mistral Small 3.1)
 */
export function pixtralTower(raw: Readonly<Record<string, unknown>>, textHidden: number, mergeSize: number, projectorBias: boolean): Tower {
  const v = parseConfig(Pixtral, { ...PIXTRAL_DEFAULTS, ...raw });
  const h = v.hidden_size;
  const layer = 2 * h + 4 * h * h + 3 * h * v.intermediate_size;
  const encoder = v.num_channels * v.patch_size * v.patch_size * h + h + v.num_hidden_layers * layer;
  const bias = projectorBias ? 2 * textHidden : 0;
  const projector = h + h * mergeSize * mergeSize * h + h * textHidden + textHidden * textHidden + bias;
  return { encoder, projector };
}

// ── Llama 4 ────────────────────────────────────────────────────────────────────────────────

/** `Llama4VisionConfig` defaults (transformers `configuration_llama4.py`). */
const LLAMA4_VISION_DEFAULTS = {
  hidden_size: 768, intermediate_size: 5632, num_hidden_layers: 34, num_channels: 3, image_size: 448, patch_size: 14,
  vision_output_dim: 7680, projector_input_dim: 4096, projector_output_dim: 4096, multi_modal_projector_bias: false,
};
const Llama4Vision = z.object({
  hidden_size: DIM, intermediate_size: DIM, num_hidden_layers: LAYERS, num_channels: SMALL(64), image_size: SMALL(65_536), patch_size: SMALL(4096),
  vision_output_dim: DIM, projector_input_dim: DIM, projector_output_dim: DIM, multi_modal_projector_bias: z.boolean(),
});

/**
 * Llama4VisionModel plus Llama4MultiModalProjector: a bias-free unfold patch Linear `c p^2 x h`,
 * the class token `h` and positions `((image/patch)^2 + 1) x h`, LayerNorms pre and post `4h`,
 * per layer q/k/v/o with bias `4(h^2 + h)`, MLP `2hi + i + h`, two LayerNorms `4h`; the
 * pixel-shuffle adapter (bias-free `i x proj_in` and `proj_out^2`); the projector
 * `vision_output_dim x text` (bias with `multi_modal_projector_bias`).
 *
 * @example llama4Tower({ hidden_size: 1408, image_size: 336, vision_output_dim: 4096 }, 5120) // { encoder: 850_960_896, projector: 20_971_520 }
 */
export function llama4Tower(raw: Readonly<Record<string, unknown>>, textHidden: number): Tower {
  const v = parseConfig(Llama4Vision, { ...LLAMA4_VISION_DEFAULTS, ...raw });
  const h = v.hidden_size;
  const i = v.intermediate_size;
  const positions = Math.floor(v.image_size / v.patch_size) ** 2 + 1;
  const layer = 4 * (h * h + h) + 2 * h * i + i + h + 4 * h;
  const adapter = i * v.projector_input_dim + v.projector_output_dim * v.projector_output_dim;
  const encoder = v.num_channels * v.patch_size * v.patch_size * h + h + positions * h + 4 * h + v.num_hidden_layers * layer + adapter;
  const projector = v.vision_output_dim * textHidden + (v.multi_modal_projector_bias ? textHidden : 0);
  return { encoder, projector };
}

// ── Vision specs (src/model/arch.ts `VisionTower`): what the estimator runs images through ──────
// Each spec counts the same parameters as the tower functions above (test/hub/config.test.ts
// checks both); the image processing is the processor's default (preprocessor_config.json is not
// read: `resolution` / `max_pixels` override it).

/** Qwen2.5-VL: `vision_config` as a {@link VisionTower}; the processor's min/max pixels (3,136 / 12,845,056, Qwen2VLImageProcessor). */
export function qwen25VlVisionSpec(raw: Readonly<Record<string, unknown>>, source: string): VisionTower {
  const v = parseConfig(Qwen25VlVisionFull, { ...QWEN25_VL_VISION_DEFAULTS, num_heads: 16, window_size: 112, fullatt_block_indexes: [7, 15, 23, 31], ...(Object.hasOwn(raw, 'in_chans') ? { in_channels: raw.in_chans } : {}), ...raw });
  const m = v.hidden_size * v.spatial_merge_size ** 2;
  return {
    encoder: 'qwen2_5_vl', layers: v.depth, hidden: v.hidden_size, intermediate: v.intermediate_size, heads: v.num_heads, patch: v.patch_size, channels: v.in_channels,
    imageSize: 1024, temporalPatch: v.temporal_patch_size, fullAttentionLayers: v.fullatt_block_indexes.length, windowPatches: v.window_size / v.patch_size,
    processing: { kind: 'qwen2_5_vl', minPixels: 3136, maxPixels: 12_845_056 },
    projector: {
      module: 'visual.merger', merge: v.spatial_merge_size, norm: { kind: 'rmsnorm', width: v.hidden_size, perPatch: true },
      linears: [{ in: m, out: m, bias: true }, { in: m, out: v.out_hidden_size, bias: true }], extraParams: 0,
    },
    source,
  };
}
const Qwen25VlVisionFull = Qwen25VlVision.extend({ num_heads: SMALL(1024), window_size: SMALL(65_536), fullatt_block_indexes: z.array(z.number().int().min(0)) });

/** Mistral 3: the Pixtral encoder and the patch-merger projector as a {@link VisionTower}; images fit in `image_size` (PixtralImageProcessor longest_edge). */
export function pixtralVisionSpec(raw: Readonly<Record<string, unknown>>, textHidden: number, mergeSize: number, projectorBias: boolean, source: string): VisionTower {
  const v = parseConfig(PixtralFull, { ...PIXTRAL_DEFAULTS, num_attention_heads: 16, image_size: 1024, ...raw });
  const h = v.hidden_size;
  return {
    encoder: 'pixtral', layers: v.num_hidden_layers, hidden: h, intermediate: v.intermediate_size, heads: v.num_attention_heads, patch: v.patch_size, channels: v.num_channels,
    imageSize: v.image_size, processing: { kind: 'pixtral', longestEdge: v.image_size },
    projector: {
      module: 'multi_modal_projector', merge: mergeSize, norm: { kind: 'rmsnorm', width: h, perPatch: true },
      linears: [{ in: h * mergeSize * mergeSize, out: h, bias: false }, { in: h, out: textHidden, bias: projectorBias }, { in: textHidden, out: textHidden, bias: projectorBias }], extraParams: 0,
    },
    source,
  };
}
const PixtralFull = Pixtral.extend({ num_attention_heads: SMALL(1024), image_size: SMALL(65_536) });
