import { z } from 'zod';
import type { Activation, CheckpointQuant, ModelArch, RopeScaling } from '../model/arch';

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
  /** Read by {@link ropeScalingOf}; any shape is accepted (unknown kinds are ignored). */
  rope_scaling: z.unknown().optional(),
  /** transformers >= 5 spelling of `rope_scaling` (with `rope_theta` inside). */
  rope_parameters: z.unknown().optional(),
  /** Read by {@link checkpointQuantOf}. */
  quantization_config: z.unknown().optional(),
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

const isRecord = (x: unknown): x is Readonly<Record<string, unknown>> => typeof x === 'object' && x !== null && !Array.isArray(x);
const ROPE_TYPES: ReadonlySet<string> = new Set(['linear', 'llama3', 'yarn', 'longrope', 'dynamic']);

/**
 * `rope_scaling` (or `rope_parameters`) as a {@link RopeScaling} with `inConfig: true`; undefined
 * for none, `default`/`mrope` (no scaling) or a kind vram-bot does not know. `longrope` has no
 * scalar factor: it is `max_position_embeddings / original_max_position_embeddings`.
 *
 * @example ropeScalingOf({ rope_scaling: { rope_type: 'llama3', factor: 8, original_max_position_embeddings: 8192 }, max_position_embeddings: 131072 })
 * // { type: 'llama3', factor: 8, originalContext: 8192, inConfig: true }
 */
export function ropeScalingOf(c: { rope_scaling?: unknown; rope_parameters?: unknown; max_position_embeddings?: number }): RopeScaling | undefined {
  const r = isRecord(c.rope_scaling) ? c.rope_scaling : isRecord(c.rope_parameters) ? c.rope_parameters : undefined;
  if (!r) return undefined;
  const type = typeof r.rope_type === 'string' ? r.rope_type : typeof r.type === 'string' ? r.type : undefined;
  if (type === undefined || !ROPE_TYPES.has(type)) return undefined;
  const original = typeof r.original_max_position_embeddings === 'number' && Number.isSafeInteger(r.original_max_position_embeddings) && r.original_max_position_embeddings > 0
    ? r.original_max_position_embeddings : undefined;
  let factor = typeof r.factor === 'number' && Number.isFinite(r.factor) && r.factor > 0 ? r.factor : undefined;
  if (factor === undefined && original !== undefined && c.max_position_embeddings !== undefined) factor = c.max_position_embeddings / original;
  if (factor === undefined) return undefined;
  return { type: type as RopeScaling['type'], factor, ...(original !== undefined ? { originalContext: original } : {}), inConfig: true };
}

/**
 * The weight format of a pre-quantized checkpoint from its `quantization_config`: `fp8` (with
 * `weight_block_size`: `fp8-block`), `fbgemm_fp8` (`fp8`), `mxfp4` (transformers quantizes only
 * the MoE experts: modules `experts`), `awq` 4-bit, `gptq` 4/8-bit. Undefined otherwise
 * (bitsandbytes, compressed-tensors, none).
 */
export function checkpointQuantOf(q: unknown): Pick<ArchShape, 'checkpointQuant' | 'checkpointQuantModules'> {
  if (!isRecord(q) || typeof q.quant_method !== 'string') return {};
  const bits = q.bits ?? q.w_bit;
  let format: CheckpointQuant | undefined;
  switch (q.quant_method) {
    case 'fp8': format = Array.isArray(q.weight_block_size) ? 'fp8-block' : 'fp8'; break;
    case 'fbgemm_fp8': format = 'fp8'; break;
    case 'mxfp4': format = 'mxfp4'; break;
    case 'awq': format = bits === 4 ? 'awq-int4' : undefined; break;
    case 'gptq': format = bits === 4 ? 'gptq-int4' : bits === 8 ? 'gptq-int8' : undefined; break;
    default: format = undefined;
  }
  if (format === undefined) return {};
  return { checkpointQuant: format, checkpointQuantModules: format === 'mxfp4' ? 'experts' : 'linear' };
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
    ...optionalExtras(c),
    ...over,
  };
}

/** The optional record fields every Core family reads: rope scaling and the checkpoint's quantization. */
function optionalExtras(c: CoreConfig): Partial<ArchShape> {
  const rope = ropeScalingOf(c);
  return { ...(rope ? { ropeScaling: rope } : {}), ...checkpointQuantOf(c.quantization_config) };
}
