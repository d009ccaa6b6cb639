import { z } from 'zod';
import { int } from '../format/text';
import type { VisionTower } from '../model/arch';
import { projectorParams, visionEncoderParams } from '../model/params';
import { ConfigProblem, DIM, LAYERS } from './fields';
import { DENSE_FAMILIES } from './families-dense';
import { Nested, within } from './families-towers';
import { parseConfig, type Family } from './family';

/**
 * Llama 3.2 Vision (`model_type: "mllama"`, MllamaForConditionalGeneration): `text_config`
 * (`mllama_text_model`) is a Llama decoder whose `cross_attention_layers` attend to the image
 * states instead of the text (MllamaTextCrossAttentionDecoderLayer: the same linears, q/k RMSNorms
 * over head_dim and two tanh gates), with `vocab_size + 8` embedding rows; `vision_config`
 * (`mllama_vision_model`) is the tiled ViT of local and global layers; the projector is
 * Linear(vision_output_dim, text hidden) with bias. Defaults: transformers configuration_mllama.py.
 */

const TEXT_DEFAULTS = {
  vocab_size: 128256, hidden_size: 4096, num_hidden_layers: 40, num_attention_heads: 32, num_key_value_heads: 8, intermediate_size: 14336,
  rope_theta: 500000, max_position_embeddings: 131072, tie_word_embeddings: false, cross_attention_layers: [3, 8, 13, 18, 23, 28, 33, 38],
};
const VISION_DEFAULTS = {
  hidden_size: 1280, num_hidden_layers: 32, num_global_layers: 8, num_attention_heads: 16, num_channels: 3, intermediate_size: 5120,
  vision_output_dim: 7680, image_size: 448, patch_size: 14, max_num_tiles: 4,
  supported_aspect_ratios: [[1, 1], [1, 2], [1, 3], [1, 4], [2, 1], [2, 2], [3, 1], [4, 1]],
};
const MllamaVision = z.object({
  hidden_size: DIM, num_hidden_layers: LAYERS, num_global_layers: z.number().int().min(0).max(1000), num_attention_heads: z.number().int().min(1).max(1024),
  num_channels: z.number().int().min(1).max(64), intermediate_size: DIM, vision_output_dim: DIM, image_size: z.number().int().min(1).max(65_536),
  patch_size: z.number().int().min(1).max(4096), max_num_tiles: z.number().int().min(1).max(64), supported_aspect_ratios: z.array(z.array(z.number().int())).min(1),
});
const Mllama = z.object({ text_config: Nested, vision_config: Nested });

export const mllama: Family = {
  read(raw) {
    const c = parseConfig(Mllama, raw);
    const { model_type: _m, cross_attention_layers: crossRaw, ...textRaw } = { ...TEXT_DEFAULTS, ...(c.text_config ?? {}) } as Record<string, unknown>;
    if (!Array.isArray(crossRaw)) throw new ConfigProblem('In `text_config`: `cross_attention_layers` is not a list.');
    const llama = DENSE_FAMILIES.get('llama');
    if (!llama) throw new ConfigProblem('no llama family');
    const text = within('text_config', () => llama.read(textRaw));
    const v = within('vision_config', () => parseConfig(MllamaVision, { ...VISION_DEFAULTS, ...(c.vision_config ?? {}) }));
    const th = text.shape.hidden;
    const vision: VisionTower = {
      encoder: 'mllama', layers: v.num_hidden_layers, globalLayers: v.num_global_layers, hidden: v.hidden_size, intermediate: v.intermediate_size, heads: v.num_attention_heads,
      patch: v.patch_size, channels: v.num_channels, imageSize: v.image_size, maxTiles: v.max_num_tiles, aspectRatios: v.supported_aspect_ratios.length,
      processing: { kind: 'mllama', maxTiles: v.max_num_tiles },
      projector: { module: 'multi_modal_projector', merge: 1, norm: null, linears: [{ in: v.vision_output_dim, out: th, bias: true }], extraParams: 0 },
      source: 'config.json vision_config (mllama_vision_model)',
    };
    return {
      shape: { ...text.shape, crossAttentionLayers: crossRaw.length, extraEmbeddingRows: 8, vision },
      notes: [...text.notes, `text decoder from text_config with ${crossRaw.length} cross-attention layers; tiled ViT (${int(visionEncoderParams(vision))}) and projector (${int(projectorParams(vision.projector))}) from vision_config`],
    };
  },
};
