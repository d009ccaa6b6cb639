import { z } from 'zod';
import { int } from '../format/text';
import { ConfigProblem, DIM, LAYERS } from './fields';
import { gemma3Text } from './families-dense';
import { parseConfig, type Family } from './family';
import type { VisionTower } from '../model/arch';

/**
 * Gemma 3 multimodal (`model_type: "gemma3"`, Gemma3ForConditionalGeneration): the text decoder
 * is `text_config` (a `gemma3_text` config written as a diff against its defaults); the SigLIP
 * vision tower (`vision_config`) and the projector load with it and stay frozen, so they are
 * counted as `extraFrozenParams`.
 */

/** `SiglipVisionConfig` defaults (transformers `configuration_siglip.py`). */
const SIGLIP_DEFAULTS = {
  hidden_size: 768, intermediate_size: 3072, num_hidden_layers: 12, num_attention_heads: 12, num_channels: 3, image_size: 224, patch_size: 16, vision_use_head: true,
};

const SiglipVision = z.object({
  hidden_size: DIM, intermediate_size: DIM, num_hidden_layers: LAYERS, num_attention_heads: z.number().int().min(1).max(1024),
  num_channels: z.number().int().min(1).max(64), image_size: z.number().int().min(1).max(65_536), patch_size: z.number().int().min(1).max(4096),
  vision_use_head: z.boolean(),
});
type SiglipVision = z.infer<typeof SiglipVision>;

const Gemma3 = z.object({
  text_config: z.record(z.string(), z.unknown()).nullish(),
  vision_config: z.record(z.string(), z.unknown()).nullish(),
  mm_tokens_per_image: z.number().int().min(1).max(65_536).nullish(),
});

/**
 * Parameters of a SigLIP vision tower (SiglipVisionModel):
 * patch embedding `c*p*p*h + h`, position embedding `(image/patch)^2 * h`, per layer
 * q/k/v/o `4(h^2 + h)` + MLP `2hi + i + h` + two LayerNorms `4h`, the post LayerNorm `2h`, and
 * with `vision_use_head` the attention-pooling head (probe `h`, attention `4h^2 + 4h`, LayerNorm
 * `2h`, MLP `2hi + i + h`).
 *
 * @example siglipParams({ hidden_size: 1152, intermediate_size: 4304, num_hidden_layers: 27, num_channels: 3, image_size: 896, patch_size: 14, vision_use_head: false })
 * // 416_866_032 (Gemma 3 4B/12B/27B vision tower)
 */
export function siglipParams(v: SiglipVision): number {
  const h = v.hidden_size;
  const i = v.intermediate_size;
  const mlp = 2 * h * i + i + h;
  const patches = Math.floor(v.image_size / v.patch_size) ** 2;
  const layer = 4 * (h * h + h) + mlp + 4 * h;
  const head = v.vision_use_head ? h + 4 * h * h + 4 * h + 2 * h + mlp : 0;
  return v.num_channels * v.patch_size * v.patch_size * h + h + patches * h + v.num_hidden_layers * layer + 2 * h + head;
}

/** Gemma3MultiModalProjector: `mm_input_projection_weight` (vision hidden x text hidden) and an RMSNorm over the vision width. */
export function gemma3ProjectorParams(visionHidden: number, textHidden: number): number {
  return visionHidden * textHidden + visionHidden;
}

/** Runs `read` and says which nested config a problem is in. */
function within<T>(key: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ConfigProblem) throw new ConfigProblem(`In \`${key}\`: ${e.message}`);
    throw e;
  }
}

export const gemma3: Family = {
  read(raw) {
    const c = parseConfig(Gemma3, raw);
    const text = within('text_config', () => gemma3Text.read(c.text_config ?? {}));
    const vision = within('vision_config', () => parseConfig(SiglipVision, { ...SIGLIP_DEFAULTS, ...(c.vision_config ?? {}) }));
    const tower = siglipParams(vision);
    const projector = gemma3ProjectorParams(vision.hidden_size, text.shape.hidden);
    // Gemma3MultiModalProjector average-pools the patch grid to mm_tokens_per_image tokens (64 x 64 -> 16 x 16: 4 x 4).
    const grid = Math.floor(vision.image_size / vision.patch_size);
    const merge = Math.max(1, Math.round(grid / Math.sqrt(c.mm_tokens_per_image ?? 256)));
    const spec: VisionTower = {
      encoder: 'siglip', layers: vision.num_hidden_layers, hidden: vision.hidden_size, intermediate: vision.intermediate_size, heads: vision.num_attention_heads,
      patch: vision.patch_size, channels: vision.num_channels, imageSize: vision.image_size, head: vision.vision_use_head,
      processing: { kind: 'fixed', wrapperTokens: 4 },
      projector: { module: 'multi_modal_projector', merge, pool: true, norm: { kind: 'rmsnorm', width: vision.hidden_size, perPatch: false }, linears: [{ in: vision.hidden_size, out: text.shape.hidden, bias: false }], extraParams: 0 },
      source: 'config.json vision_config, mm_tokens_per_image; Gemma3ImageProcessor defaults (one crop, do_pan_and_scan false)',
    };
    return {
      shape: { ...text.shape, vision: spec },
      notes: [...text.notes, `text decoder from text_config; SigLIP tower (${int(tower)}) and projector (${int(projector)}) from vision_config`],
    };
  },
};
