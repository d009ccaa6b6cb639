import { z } from 'zod';
import type { Activation, ModelArch } from '../model/arch';

/**
 * Building blocks for reading `config.json`: zod field types with sane bounds, and the derived
 * quantities every family shares (head geometry, activation, sliding-window share).
 */

/** The architecture part of {@link ModelArch}: what a config.json decides. */
export type ArchShape = Omit<ModelArch, 'id' | 'name' | 'family' | 'hfId' | 'aliases' | 'configSource' | 'officialParams'>;

/**
 * A config value that cannot be modelled. Thrown only inside `src/hub` while mapping one config
 * and turned into a `bad_config` value by `archFromConfig`; it never leaves the module.
 */
export class ConfigProblem extends Error {
  override readonly name = 'ConfigProblem';
}

const bounded = (min: number, max: number) => z.number().int().min(min).max(max);
/** Widths and ranks (hidden, intermediate, LoRA ranks of MLA). 262,144 is 4x the widest released. */
export const DIM = bounded(1, 262_144);
export const LAYERS = bounded(1, 4_096);
export const HEADS = bounded(1, 16_384);
export const EXPERTS = bounded(1, 16_384);
export const VOCAB = bounded(1, 16_777_216);
/** Positions; some configs write 1M+ for long-context variants. */
export const CONTEXT = bounded(1, 2 ** 31);
export const COUNT = bounded(0, 16_384);
/** A sliding-window size; null or absent: none. */
export const WINDOW = bounded(1, 2 ** 31).nullish();

/** Fields every decoder family reads, under their transformers names. */
export const CORE = {
  hidden_size: DIM,
  intermediate_size: DIM,
  num_hidden_layers: LAYERS,
  num_attention_heads: HEADS,
  num_key_value_heads: HEADS.nullish(),
  head_dim: DIM.nullish(),
  vocab_size: VOCAB,
  max_position_embeddings: CONTEXT,
  tie_word_embeddings: z.boolean(),
  hidden_act: z.string(),
  layer_types: z.array(z.string()).nullish(),
};
export const Core = z.object(CORE);
export type CoreConfig = z.infer<typeof Core>;

/** transformers' `ACT2FN` names, by the shape of the curve (what the estimator needs). */
const ACTIVATIONS = new Map<string, Activation>([
  ['silu', 'silu'], ['swish', 'silu'],
  ['gelu', 'gelu'], ['gelu_python', 'gelu'], ['gelu_10', 'gelu'], ['quick_gelu', 'gelu'],
  ['gelu_new', 'gelu_tanh'], ['gelu_pytorch_tanh', 'gelu_tanh'], ['gelu_fast', 'gelu_tanh'], ['gelu_accurate', 'gelu_tanh'],
  ['relu', 'relu'],
]);

/** Maps an `ACT2FN` name; throws {@link ConfigProblem} naming the field for one we do not know. */
export function activation(name: string, field = 'hidden_act'): Activation {
  const a = ACTIVATIONS.get(name);
  if (!a) throw new ConfigProblem(`\`${field}\` is \`${name}\`; I know ${[...ACTIVATIONS.keys()].map((k) => `\`${k}\``).join(', ')}.`);
  return a;
}

/**
 * KV heads and head width: `num_key_value_heads` (null, or absent where the family has no class
 * default: one per query head, as transformers does) and `head_dim` (null or absent:
 * `hidden_size / num_attention_heads`).
 * Query heads must be a multiple of KV heads (grouped-query attention).
 */
export function geometry(c: Pick<CoreConfig, 'hidden_size' | 'num_attention_heads' | 'num_key_value_heads' | 'head_dim'>): { kvHeads: number; headDim: number } {
  const heads = c.num_attention_heads;
  const kvHeads = c.num_key_value_heads ?? heads;
  if (heads % kvHeads !== 0) throw new ConfigProblem(`\`num_attention_heads\` (${heads}) is not a multiple of \`num_key_value_heads\` (${kvHeads}).`);
  let headDim = c.head_dim ?? undefined;
  if (headDim === undefined) {
    if (c.hidden_size % heads !== 0) throw new ConfigProblem(`\`hidden_size\` (${c.hidden_size}) is not divisible by \`num_attention_heads\` (${heads}) and there is no \`head_dim\`.`);
    headDim = c.hidden_size / heads;
  }
  return { kvHeads, headDim };
}

/**
 * The sliding-window part of a shape: the window and the share of layers that use it.
 * `layer_types` (transformers >= 4.53 writes it) wins over the family's rule `isSliding(i)`;
 * no window, or no layer using it, gives `{ slidingWindow: null, slidingFraction: 0 }`.
 *
 * @example slidingWindow(4096, 26, undefined, (i) => i % 2 === 0) // { slidingWindow: 4096, slidingFraction: 0.5 }
 */
export function slidingWindow(
  window: number | null | undefined, layers: number, layerTypes: readonly string[] | null | undefined, isSliding: (i: number) => boolean,
): Pick<ArchShape, 'slidingWindow' | 'slidingFraction'> {
  if (window === null || window === undefined) return { slidingWindow: null, slidingFraction: 0 };
  let local = 0;
  if (layerTypes) {
    if (layerTypes.length !== layers) throw new ConfigProblem(`\`layer_types\` lists ${layerTypes.length} layers but \`num_hidden_layers\` is ${layers}.`);
    local = layerTypes.filter((t) => t === 'sliding_attention').length;
  } else {
    for (let i = 0; i < layers; i++) if (isSliding(i)) local++;
  }
  return local === 0 ? { slidingWindow: null, slidingFraction: 0 } : { slidingWindow: window, slidingFraction: local / layers };
}

/**
 * The Llama layer with the config's sizes: RMSNorm pre-norm (2 per layer), gated MLP, RoPE, no
 * biases, full attention, `hidden_act`. Families override what differs.
 */
export function decoderShape(c: CoreConfig, over: Partial<ArchShape> = {}): ArchShape {
  const { kvHeads, headDim } = geometry(c);
  return {
    hidden: c.hidden_size, intermediate: c.intermediate_size, layers: c.num_hidden_layers,
    heads: c.num_attention_heads, kvHeads, headDim, vocab: c.vocab_size,
    maxContext: c.max_position_embeddings, tiedEmbeddings: c.tie_word_embeddings,
    mlp: 'gated', activation: over.activation ?? activation(c.hidden_act), norm: 'rmsnorm', normsPerLayer: 2, qkNorm: 'none',
    qkvBias: false, oBias: false, mlpBias: false, parallelBlock: false, positional: 'rope',
    slidingWindow: null, slidingFraction: 0,
    ...over,
  };
}
