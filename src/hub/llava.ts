import { z } from 'zod';
import { int } from '../format/text';
import type { VisionTower } from '../model/arch';
import { projectorParams, visionEncoderParams } from '../model/params';
import { ConfigProblem, DIM, LAYERS } from './fields';
import { DENSE_FAMILIES } from './families-dense';
import { Nested, pixtralVisionSpec, within } from './families-towers';
import { parseConfig, type Family } from './family';

/**
 * LLaVA-1.5 (`model_type: "llava"`, LlavaForConditionalGeneration) and LLaVA-NeXT (`llava_next`):
 * the text decoder is `text_config` (a `llama` or `mistral` config written as a diff against its
 * class defaults, as transformers builds it with `CONFIG_MAPPING[model_type](**text_config)`); the
 * vision tower is `vision_config` (`clip_vision_model`, or `pixtral` for mistral-community/pixtral-12b);
 * the projector is `LlavaMultiModalProjector`: Linear(vision hidden, text) + GELU + Linear(text, text),
 * biases with `multimodal_projector_bias` (default true). LLaVA-NeXT adds `image_newline` (text
 * hidden) and tiles by `image_grid_pinpoints`.
 */

/** `LlamaConfig` / `MistralConfig` defaults for the fields a LLaVA `text_config` omits (transformers configuration_llama.py, configuration_mistral.py). */
const TEXT_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  llama: { hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32, vocab_size: 32000, max_position_embeddings: 2048 },
  mistral: { hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, vocab_size: 32000, max_position_embeddings: 131072 },
};

/** `CLIPVisionConfig` defaults (transformers configuration_clip.py). */
const CLIP_DEFAULTS = { hidden_size: 768, intermediate_size: 3072, num_hidden_layers: 12, num_attention_heads: 12, num_channels: 3, image_size: 224, patch_size: 32 };
const ClipVision = z.object({
  hidden_size: DIM, intermediate_size: DIM, num_hidden_layers: LAYERS, num_attention_heads: z.number().int().min(1).max(1024),
  num_channels: z.number().int().min(1).max(64), image_size: z.number().int().min(1).max(65_536), patch_size: z.number().int().min(1).max(4096),
});

/** LlavaNextConfig's default `image_grid_pinpoints` (height, width). */
const DEFAULT_PINPOINTS: readonly (readonly [number, number])[] = [[336, 672], [672, 336], [672, 672], [1008, 336], [336, 1008]];

const Llava = z.object({
  text_config: Nested,
  vision_config: Nested,
  multimodal_projector_bias: z.boolean(),
  image_grid_pinpoints: z.array(z.tuple([z.number().int().min(1), z.number().int().min(1)])).nullish(),
  vision_feature_layer: z.union([z.number().int(), z.array(z.number().int())]),
});

function llavaFamily(next: boolean): Family {
  return {
    read(raw) {
      const c = parseConfig(Llava, { multimodal_projector_bias: true, vision_feature_layer: -2, ...raw });
      const textRaw: Record<string, unknown> = { ...(c.text_config ?? {}) };
      const textType = typeof textRaw.model_type === 'string' ? textRaw.model_type : 'llama';
      const textFamily = DENSE_FAMILIES.get(textType);
      const defaults = TEXT_DEFAULTS[textType];
      if (!textFamily || !defaults) throw new ConfigProblem(`\`text_config.model_type\` is \`${textType}\`; I read \`llama\` and \`mistral\` there.`);
      const text = within('text_config', () => textFamily.read({ ...defaults, ...textRaw }));
      const th = text.shape.hidden;
      const bias = c.multimodal_projector_bias;
      // vision_feature_layer as a list concatenates those layers' features (linear_1 reads vision hidden x their count).
      const featureLayers = Array.isArray(c.vision_feature_layer) ? c.vision_feature_layer.length : 1;
      const vcfg = c.vision_config ?? {};
      let vision: VisionTower;
      if (vcfg.model_type === 'pixtral') {
        const px = within('vision_config', () => pixtralVisionSpec(vcfg, th, 1, bias, 'config.json vision_config (pixtral)'));
        vision = { ...px, projector: { module: 'multi_modal_projector', merge: 1, norm: null, linears: [{ in: px.hidden * featureLayers, out: th, bias }, { in: th, out: th, bias }], extraParams: 0 } };
      } else {
        const v = within('vision_config', () => parseConfig(ClipVision, { ...CLIP_DEFAULTS, ...vcfg }));
        const pinpoints = (c.image_grid_pinpoints ?? DEFAULT_PINPOINTS).map(([h, w]) => [h, w] as const);
        vision = {
          encoder: 'clip', layers: v.num_hidden_layers, hidden: v.hidden_size, intermediate: v.intermediate_size, heads: v.num_attention_heads, patch: v.patch_size,
          channels: v.num_channels, imageSize: v.image_size,
          processing: next ? { kind: 'anyres', pinpoints } : { kind: 'fixed', wrapperTokens: 0 },
          projector: { module: 'multi_modal_projector', merge: 1, norm: null, linears: [{ in: v.hidden_size * featureLayers, out: th, bias }, { in: th, out: th, bias }], extraParams: next ? th : 0 },
          source: `config.json vision_config (CLIP)${next ? ', image_grid_pinpoints' : ''}`,
        };
      }
      const encoder = visionEncoderParams(vision);
      const projector = projectorParams(vision.projector);
      return {
        shape: { ...text.shape, vision },
        notes: [...text.notes, `text decoder from text_config (${textType}); ${vision.encoder === 'clip' ? 'CLIP' : 'Pixtral'} tower (${int(encoder)}) and projector (${int(projector)}) from vision_config`],
      };
    },
  };
}

export const llava: Family = llavaFamily(false);
export const llavaNext: Family = llavaFamily(true);
