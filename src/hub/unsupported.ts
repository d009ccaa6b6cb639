/**
 * `model_type`s vram-bot recognises but cannot model, each kind with the reason users see.
 * Anything neither supported nor listed here gets {@link unsupportedReason}'s generic answer.
 */

const DECODER_ONLY = 'vram-bot models decoder-only transformers';

const KINDS: readonly { readonly types: readonly string[]; readonly reason: string }[] = [
  {
    types: ['mamba', 'mamba2', 'falcon_mamba', 'rwkv', 'recurrent_gemma', 'xlstm'],
    reason: `state-space and recurrent models have no KV cache/attention; ${DECODER_ONLY}.`,
  },
  {
    types: ['jamba', 'zamba', 'zamba2', 'bamba', 'nemotron_h', 'granitemoehybrid', 'falcon_h1', 'lfm2', 'qwen3_next', 'minimax'],
    reason: `it mixes attention with state-space or linear-attention layers, whose memory I do not model; ${DECODER_ONLY}.`,
  },
  {
    types: [
      't5', 'mt5', 'umt5', 'longt5', 'switch_transformers', 't5gemma', 'bart', 'mbart', 'plbart', 'pegasus', 'pegasus_x', 'marian',
      'm2m_100', 'nllb-moe', 'led', 'bigbird_pegasus', 'blenderbot', 'blenderbot-small', 'fsmt', 'prophetnet', 'whisper',
      'encoder-decoder', 'speech-encoder-decoder', 'vision-encoder-decoder', 'seamless_m4t', 'seamless_m4t_v2',
    ],
    reason: `encoder-decoder models keep an encoder and cross-attention that I do not model; ${DECODER_ONLY}.`,
  },
  {
    types: [
      'bert', 'roberta', 'xlm-roberta', 'xlm-roberta-xl', 'deberta', 'deberta-v2', 'distilbert', 'albert', 'electra', 'modernbert',
      'camembert', 'mpnet', 'ernie', 'nomic_bert', 'roformer', 'convbert',
    ],
    reason: `encoder-only models (embeddings, classifiers) have no causal LM head or KV cache; ${DECODER_ONLY}.`,
  },
  {
    types: [
      'llava_onevision', 'qwen2_vl', 'qwen2_5_omni', 'qwen2_audio', 'idefics', 'idefics2',
      'idefics3', 'paligemma', 'gemma3n', 'smolvlm', 'internvl', 'phi4_multimodal', 'kimi_vl', 'chameleon', 'blip-2',
    ],
    reason: `multimodal wrappers are read only for Gemma 3, Qwen2.5-VL, Mistral 3, LLaVA (1.5, NeXT, Pixtral), Llama 3.2 Vision and Llama 4 so far (the catalog also has Phi-3.5-vision, SmolVLM and InternVL2.5); ${DECODER_ONLY}. Try the repo of its language model.`,
  },
  {
    types: ['vit', 'clip', 'siglip', 'dinov2', 'convnext', 'resnet', 'detr', 'sam', 'wav2vec2', 'hubert', 'wavlm', 'musicgen'],
    reason: `it is not a language model; ${DECODER_ONLY}.`,
  },
];

const REASONS: ReadonlyMap<string, string> = new Map(KINDS.flatMap((k) => k.types.map((t) => [t, k.reason] as const)));

/**
 * Why a `model_type` cannot be estimated, in one sentence.
 *
 * @example unsupportedReason('mamba', ['llama'])
 * // "state-space and recurrent models have no KV cache/attention; vram-bot models decoder-only transformers."
 */
export function unsupportedReason(modelType: string, supported: readonly string[]): string {
  return (
    REASONS.get(modelType) ??
    `I have no mapping from its config.json to a decoder-only transformer yet. Supported model_types: ${supported.map((t) => `\`${t}\``).join(', ')}.`
  );
}
