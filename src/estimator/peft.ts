/**
 * Parameter-efficient methods beyond LoRA: DoRA, IA3, prompt and prefix tuning, bottleneck
 * adapters, training the last n layers (`freeze`), and GaLore's projected optimizer states.
 * `peftSetup` counts what each method trains (read by `makeSetup`, setup.ts); `peftLayerTerms`
 * returns what a method adds to one decoder layer's saved activations (added by `layerTerms`,
 * activations.ts); `doraTransientBytes` is DoRA's per-linear forward temporary; the GaLore
 * functions give its optimizer states and step temporaries (state.ts).
 *
 * Sources (huggingface/peft at 5d602fd, adapter-hub/adapters, jiaweizzhao/GaLore, transformers):
 * - DoRA: peft src/peft/tuners/lora/dora.py `DoraLinearLayer.update_layer` (magnitude =
 *   `nn.Parameter(weight_norm)`: out_features per adapted linear), `get_lora_weight`
 *   (`x_eye = torch.eye(in_features, dtype=lora_A.weight.dtype)`, `lora_B(lora_A(x_eye)).T`: a
 *   weight-sized product every forward), `get_weight_norm` (`weight + scaling * lora_weight`,
 *   `torch.linalg.norm(weight, dim=1)`), `forward` (norm detached; `(mag_norm_scale - 1) *
 *   base_result + mag_norm_scale * lora_result * scaling`); variants.py `DoraLinearVariant.forward`.
 * - IA3: peft src/peft/tuners/ia3/layer.py `IA3Layer.update_layer` (`(1, in_features)` for
 *   feed-forward modules, `(out_features, 1)` otherwise) and `Linear.forward`; defaults per model
 *   type in src/peft/utils/constants.py `TRANSFORMERS_MODELS_TO_IA3_TARGET_MODULES_MAPPING`
 *   (llama, mistral: k_proj, v_proj, down_proj) and `..._IA3_FEEDFORWARD_MODULES_MAPPING` (down_proj).
 * - Prompt tuning: peft src/peft/tuners/prompt_tuning/model.py `PromptEmbedding`
 *   (`nn.Embedding(num_virtual_tokens, token_dim)`); PeftModelForCausalLM.forward concatenates
 *   the prompts before the input embeddings: every layer and the logits see seq + n tokens.
 * - Prefix tuning: peft src/peft/tuners/prefix_tuning/model.py `PrefixEncoder`
 *   (`prefix_projection=False` by default, config.py: `nn.Embedding(num_virtual_tokens,
 *   num_layers * 2 * token_dim)`), src/peft/utils/other.py `_prepare_prompt_learning_config`
 *   (GQA: `token_dim = head_dim * num_key_value_heads`).
 * - Bottleneck adapters: adapter-hub/adapters src/adapters/configuration/adapter_config.py
 *   `DoubleSeqBnConfig` (Houlsby et al. 2019: an adapter after attention, `mh_adapter=True`, and
 *   after the MLP, `output_adapter=True`; `reduction_factor=16`, `non_linearity="swish"`) and
 *   src/adapters/methods/modeling.py `Adapter` (`nn.Linear(input_size, down_sample)`, the
 *   non-linearity, `nn.Linear(down_sample, input_size)`, both with bias). PEFT has no bottleneck
 *   adapter (its `adaption_prompt` is LLaMA-Adapter, a different method).
 * - Freeze: LLaMA-Factory `freeze_trainable_layers` (src/llamafactory/model/adapter.py
 *   `_setup_freeze_tuning`: positive n trains the last n decoder layers, all their modules
 *   (`freeze_trainable_modules="all"`); embeddings and lm_head stay frozen unless
 *   `freeze_extra_modules` names them).
 * - GaLore: jiaweizzhao/GaLore galore_torch/adamw.py `AdamW.step` and galore_projector.py
 *   `GaLoreProjector` (`project`: a (out x r) or (r x in) gradient, whichever side is longer;
 *   `get_orthogonal_matrix`: fp32 SVD, `full_matrices=False`, the r-slice cast back to the grad
 *   dtype); transformers trainer `galore_adamw` (rank 128, update_proj_gap 200, scale 0.25,
 *   proj_type std; the target linears' weights in the GaLore group, every other parameter in a
 *   plain AdamW group). The non-layerwise `galore_adamw` is modelled: every gradient exists at
 *   once after backward, as with AdamW.
 */
import { layerTerms, type ActTerm } from './activations';
import type { Setup } from './setup';
import type { EstimateConfig, Target } from '../config';
import type { ModelArch } from '../model/arch';
import type { LinearKind, ParamBreakdown } from '../model/params';

/** adapters `DoubleSeqBnConfig.reduction_factor`: the bottleneck is hidden / 16. */
export const BOTTLENECK_REDUCTION_FACTOR = 16;
/** adapters `DoubleSeqBnConfig` (Houlsby): one adapter after attention and one after the MLP. */
export const BOTTLENECK_ADAPTERS_PER_LAYER = 2;
/** transformers trainer `galore_adamw`: `optim_args` rank default 128. */
export const GALORE_DEFAULT_RANK = 128;
/** peft `PromptLearningConfig.num_virtual_tokens` has no default; 20 is the value of PEFT's docs and examples (prompt_based_methods.md). */
export const DEFAULT_VIRTUAL_TOKENS = 20;

/** One named group of trainable parameters a method adds, with its formula for how:true. */
export interface PeftPart {
  readonly what: string;
  readonly params: number;
  readonly formula: string;
}

/** The PEFT method's own quantities, derived once in `makeSetup`. */
export interface PeftSetup {
  /** IA3-scaled targets (empty unless method:ia3). */
  readonly ia3: ReadonlySet<Target>;
  /** Virtual tokens of prompt or prefix tuning (0 otherwise). */
  readonly virtualTokens: number;
  /** Tokens prompt tuning adds to every sequence (0 otherwise). */
  readonly promptTokens: number;
  /** Bottleneck width of the adapters (0 unless method:adapter). */
  readonly bottleneck: number;
  /** Decoder layers whose own weights train: all of them for full fine-tuning, n with `freeze`, 0 for adapter methods. */
  readonly trainableLayers: number;
  /** Trainable parameters the method adds to the frozen base (LoRA, magnitudes, vectors, prompts, adapters). */
  readonly parts: readonly PeftPart[];
  /** With `freeze`: the trainable parameters of the last n layers (0 otherwise). */
  readonly frozenTrainable: number;
}

/** How many times a token passes through linear `l` in one layer of this kind (0: not in it). */
export function passesPerLayer(a: ModelArch, l: LinearKind, moeLayer: boolean): number {
  if (l.target === null) return 0;
  if (l.target === 'q' || l.target === 'k' || l.target === 'v' || l.target === 'o') return 1;
  if (l.module.startsWith('experts.')) return moeLayer && a.moe ? a.moe.topK : 0;
  if (l.module.startsWith('shared_experts.')) return moeLayer ? 1 : 0;
  return moeLayer ? 0 : 1;
}

/** IA3 scales the input of feed-forward modules (down_proj / fc2) and the output of the others. */
function ia3Width(l: LinearKind): number {
  return l.target === 'down' ? l.inFeatures : l.outFeatures;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/**
 * The method's trainable parameters and shapes. `linears`/`head` are this GPU's view;
 * `adapted` the LoRA (and DoRA) targets.
 */
export function peftSetup(arch: ModelArch, cfg: EstimateConfig, linears: readonly LinearKind[], head: LinearKind, params: ParamBreakdown, adapted: ReadonlySet<Target>, finalNormParams: number): PeftSetup {
  const train = cfg.mode === 'train';
  const m = train ? cfg.method : 'full';
  const parts: PeftPart[] = [];
  const all = [...linears, head];
  if (adapted.size > 0) {
    let lora = 0;
    let mag = 0;
    for (const l of all) {
      if (l.target === null || !adapted.has(l.target) || l.instances === 0) continue;
      lora += l.instances * cfg.rank * (l.inFeatures + l.outFeatures);
      mag += l.instances * l.outFeatures;
    }
    parts.push({ what: 'LoRA', params: lora, formula: `rank ${cfg.rank} x (in + out) per adapted linear` });
    // DoRA: one magnitude per output row of every adapted linear (dora.py update_layer: nn.Parameter(weight_norm)).
    if (m === 'dora') parts.push({ what: 'DoRA magnitudes', params: mag, formula: 'out_features per adapted linear' });
  }
  const ia3 = new Set<Target>(m === 'ia3' ? cfg.targets : []);
  if (ia3.size > 0) {
    let n = 0;
    for (const l of all) if (l.target !== null && ia3.has(l.target)) n += l.instances * ia3Width(l);
    parts.push({ what: 'IA3 vectors', params: n, formula: 'in_features for down_proj (feed-forward), out_features for the others, per scaled linear' });
  }
  const virtualTokens = m === 'prompt' || m === 'prefix' ? cfg.virtualTokens : 0;
  if (m === 'prompt') {
    parts.push({ what: 'prompt embeddings', params: virtualTokens * arch.hidden, formula: `${virtualTokens} virtual tokens x hidden ${fmt(arch.hidden)}` });
  }
  if (m === 'prefix') {
    const kvWidth = arch.kvHeads * arch.headDim;
    parts.push({ what: 'prefix key/values', params: virtualTokens * arch.layers * 2 * kvWidth, formula: `${virtualTokens} virtual tokens x ${arch.layers} layers x 2 (k, v) x ${fmt(kvWidth)} (kv heads x head dim)` });
  }
  const bottleneck = m === 'adapter' ? (cfg.bottleneck ?? Math.max(1, Math.floor(arch.hidden / BOTTLENECK_REDUCTION_FACTOR))) : 0;
  if (bottleneck > 0) {
    const h = arch.hidden;
    const per = 2 * h * bottleneck + bottleneck + h;
    parts.push({
      what: 'bottleneck adapters', params: arch.layers * BOTTLENECK_ADAPTERS_PER_LAYER * per,
      formula: `${arch.layers} layers x ${BOTTLENECK_ADAPTERS_PER_LAYER} adapters x (2 x ${fmt(h)} x ${bottleneck} + ${bottleneck} + ${fmt(h)} biases)`,
    });
  }
  let trainableLayers = 0;
  let frozenTrainable = 0;
  if (train && m === 'full') {
    trainableLayers = cfg.freeze === null ? arch.layers : Math.min(cfg.freeze, arch.layers);
    if (cfg.freeze !== null) {
      // The decoder layers' own parameters (linears and their norms; the final norm sits outside them), averaged per layer.
      const perLayer = (params.linear + params.norms - finalNormParams) / arch.layers;
      frozenTrainable = Math.round(perLayer * trainableLayers);
    }
  }
  return { ia3, virtualTokens, promptTokens: m === 'prompt' ? virtualTokens : 0, bottleneck, trainableLayers, parts, frozenTrainable };
}

/** The sum of the method's added trainable parameters. */
export const peftParams = (p: PeftSetup): number => p.parts.reduce((n, x) => n + x.params, 0);

/**
 * The terms a PEFT method adds to one decoder layer's saved activations, per token (LoRA's own
 * terms, which DoRA shares, are `inputTerms`' in activations.ts):
 * - DoRA, per adapted linear: the base output (p) and the LoRA output (the adapter dtype, 16-bit
 *   under autocast), saved by the two products with the magnitude scale (which requires grad):
 *   (p + mm) x out. The norm is detached (dora.py:
 *   "weight_norm = weight_norm.detach()"): nothing saved for it.
 * - IA3: `result * ia3_l` saves the base output (p x out) for k/v/others; the feed-forward
 *   `x.to(ia3 dtype) * ia3_l` saves the cast input (adapter dtype x in) for down_proj.
 * - Bottleneck adapters, each: the down projection's input (p x hidden), the non-linearity's
 *   input and the up projection's input (2 x p x bottleneck).
 * - Prefix tuning: the attention kernel keeps k and v for seq + n positions: n x 2 x kv width x p
 *   per layer and sequence, spread here over the seq tokens of the sequence.
 */
export function peftLayerTerms(s: Setup, moeLayer: boolean): ActTerm[] {
  if (!s.train) return [];
  const terms: ActTerm[] = [];
  const a = s.arch;
  const m = s.cfg.method;
  if (m === 'dora') {
    let w = 0;
    let n = 0;
    for (const l of s.linears) {
      if (l.target === null || !s.adapted.has(l.target)) continue;
      const k = passesPerLayer(a, l, moeLayer);
      w += k * l.outFeatures;
      n += k;
    }
    // The base output is in the compute dtype; the LoRA output in the adapter dtype (peft casts x to it), or 16-bit under autocast.
    if (n > 0) terms.push({ label: `DoRA: base and LoRA outputs kept for the magnitude products x${n}`, bytesPerToken: (s.p + adapterMatmulBytes(s)) * w, scope: 'gpu' });
  }
  if (s.peft.ia3.size > 0) {
    let out = 0;
    let inp = 0;
    for (const l of s.linears) {
      if (l.target === null || !s.peft.ia3.has(l.target)) continue;
      const k = passesPerLayer(a, l, moeLayer);
      if (l.target === 'down') inp += k * l.inFeatures;
      else out += k * l.outFeatures;
    }
    if (out > 0) terms.push({ label: 'IA3: base outputs kept for the vector products', bytesPerToken: s.p * out, scope: 'gpu' });
    if (inp > 0) terms.push({ label: 'IA3: feed-forward inputs cast to the vector dtype', bytesPerToken: s.adapterBytes * inp, scope: 'gpu' });
  }
  if (s.peft.bottleneck > 0) {
    const b = s.peft.bottleneck;
    terms.push({ label: `bottleneck adapters: input, activation input, up input x${BOTTLENECK_ADAPTERS_PER_LAYER}`, bytesPerToken: BOTTLENECK_ADAPTERS_PER_LAYER * s.p * (a.hidden + 2 * b), scope: 'gpu' });
  }
  // freeze:n without checkpointing: the layers before the first trainable one run with nothing
  // requiring grad (embeddings frozen, LLaMA-Factory `_setup_freeze_tuning`), so autograd saves
  // nothing for them; the last n save what full fine-tuning saves. As a per-layer average over all
  // layers: minus (L - n) / L of a full layer. With checkpointing the layers stay whole (one
  // trainable layer is recomputed in full; the frozen layers' checkpoints are kept).
  const frozen = a.layers - s.peft.trainableLayers;
  if (s.full && s.cfg.freeze !== null && s.cfg.gc === 'false' && frozen > 0) {
    const whole = layerTerms({ ...s, cfg: { ...s.cfg, freeze: null } }, moeLayer);
    const share = frozen / a.layers;
    for (const scope of ['seq', 'gpu'] as const) {
      const b = whole.filter((x) => x.scope === scope).reduce((n, x) => n + x.bytesPerToken, 0);
      if (b > 0) terms.push({ label: `freeze: the first ${frozen} of ${a.layers} layers save nothing (-${frozen}/${a.layers} of a layer${scope === 'seq' ? ', residual-width part' : ''})`, bytesPerToken: -share * b, scope });
    }
  }
  if (m === 'prefix' && s.peft.virtualTokens > 0) {
    const kv = a.kvHeads * a.headDim;
    terms.push({ label: `prefix: k, v of ${s.peft.virtualTokens} virtual tokens (per sequence, spread over its ${s.seqLen} tokens)`, bytesPerToken: (s.peft.virtualTokens * 2 * kv * s.p) / s.seqLen, scope: 'gpu' });
  }
  return terms;
}

/**
 * The dtype of an adapter's matmul outputs: peft casts the input to the adapter dtype
 * (`_cast_input_dtype`), so without autocast they are in the adapter dtype (fp32 by default);
 * under autocast (`precision:mixed`) the matmuls run in 16-bit.
 */
export function adapterMatmulBytes(s: Setup): number {
  return s.cfg.precision === 'mixed' ? s.p : s.adapterBytes;
}

/**
 * DoRA's forward temporary of one adapted linear, the largest one (the layer's linears run one
 * after the other; nothing of it is saved). peft runs it in the adapter dtype `a` (the input is
 * cast to lora_A's dtype, `_cast_input_dtype`); the LoRA matmuls produce `mm` (`a`, or the
 * 16-bit compute dtype under autocast). Stages (dora.py), each with what is alive:
 * 1-2. `torch.eye(in)` in `a` (alive until `get_lora_weight` returns), its autocast copy for
 *    lora_A (saved by lora_A's backward until the layer's forward returns; without autocast the
 *    eye itself is saved), `lora_A(eye)` in x r x mm, and `lora_B(...)`: in x out x mm;
 * 3. `.to(x.dtype)`: a copy in `a` when mm != a;
 * 4. `get_weight_norm`: the base weight in `a` (a copy unless the base is already in `a`: a
 *    dequantized 4-bit base always is), `scaling * lora_weight` and the sum: 2 x in x out x a more.
 * Under gradient checkpointing the recompute in backward repeats it.
 */
export function doraTransientBytes(s: Setup): number {
  if (!s.train || s.cfg.method !== 'dora') return 0;
  const a = s.adapterBytes;
  const mm = adapterMatmulBytes(s);
  let max = 0;
  for (const l of [...s.linears, s.head]) {
    if (l.target === null || !s.adapted.has(l.target) || l.instances === 0) continue;
    const i = l.inFeatures;
    const o = l.outFeatures;
    const r = s.cfg.rank;
    const eyeSaved = i * i * mm;
    const eyeOwn = mm !== a ? i * i * a : 0;
    const product = i * o * mm;
    const stage2 = eyeSaved + eyeOwn + i * r * mm + product;
    const cast = mm !== a ? i * o * a : 0;
    const stage3 = eyeSaved + i * r * mm + product + cast;
    const loraInA = mm !== a ? cast : product;
    const weightCopy = s.quantized || s.weightBytes !== a ? i * o * a : 0;
    const stage4 = eyeSaved + i * r * mm + loraInA + weightCopy + 2 * i * o * a;
    max = Math.max(max, stage2, stage3, stage4);
  }
  return max;
}

export const DORA_TRANSIENT_SOURCE = 'peft tuners/lora/dora.py DoraLinearLayer.get_lora_weight (torch.eye, lora_B(lora_A(x_eye))) and get_weight_norm';

/** GaLore's projected matrices: the decoder linears' weights (transformers puts `module.weight` of the target linears in the GaLore group). */
function galoreMatrices(s: Setup): readonly LinearKind[] {
  return s.linears.filter((l) => l.target !== null && l.instances > 0);
}

/** The rank GaLore projects to for an out x in weight: the SVD has min(out, in) components. */
const galoreRank = (s: Setup, l: LinearKind): number => Math.min(s.cfg.rank, l.inFeatures, l.outFeatures);

/**
 * GaLore AdamW's state elements: for each projected out x in weight, exp_avg and exp_avg_sq of the
 * projected gradient (r x max(out, in) each: `project` keeps the longer side) plus the projection
 * matrix (r x min(out, in), `ortho_matrix`); every other trainable parameter (embeddings, lm_head,
 * norms, biases) keeps AdamW's 2 full-size states. All in the gradient dtype.
 */
export function galoreStateElements(s: Setup): number {
  let projected = 0;
  let states = 0;
  // With `freeze`, only the last n layers' weights train (and are projected).
  const share = s.arch.layers > 0 ? s.peft.trainableLayers / s.arch.layers : 0;
  for (const l of galoreMatrices(s)) {
    const r = galoreRank(s, l);
    projected += share * l.instances * l.inFeatures * l.outFeatures;
    states += share * l.instances * (2 * r * Math.max(l.inFeatures, l.outFeatures) + r * Math.min(l.inFeatures, l.outFeatures));
  }
  const rest = Math.max(0, s.trainableParams - projected);
  return states + 2 * rest;
}

/**
 * GaLore AdamW's step, one parameter at a time (a Python loop: no foreach copies):
 * - a projected weight: every update_proj_gap steps (the first included) the fp32 SVD of its
 *   gradient: the fp32 copy (out x in) and U, Vh (out x k, k x in, k = min): 4 x (out in + out k +
 *   k in); every step `project_back` and `* scale`: 2 x out x in in the gradient dtype;
 * - a plain parameter: `exp_avg_sq.sqrt()` and `exp_avg / denom`: 2 x its size in its dtype.
 * The largest of these.
 */
export function galoreStepBytes(s: Setup): number {
  if (!s.train) return 0;
  const b = s.trainBytes;
  let max = 0;
  let plainMax = s.full && s.peft.frozenTrainable === 0 ? s.arch.vocab * s.arch.hidden : 0;
  for (const l of galoreMatrices(s)) {
    const o = l.outFeatures;
    const i = l.inFeatures;
    const k = Math.min(o, i);
    max = Math.max(max, 4 * (o * i + o * k + k * i), 2 * o * i * b);
    if (l.bias) plainMax = Math.max(plainMax, o);
  }
  return Math.max(max, 2 * plainMax * b);
}

/** One trainable tensor shape a method adds: `count` tensors of rows x cols (cols 0: a 1-D vector of rows). */
interface PeftTensor {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
}

const sizeOf = (t: PeftTensor): number => (t.cols === 0 ? t.rows : t.rows * t.cols);

/**
 * The tensors of the method's added parameters other than LoRA's A and B (which state.ts handles
 * per linear): DoRA magnitudes (vectors of out), IA3 vectors ((1, in) or (out, 1): 2-D in peft),
 * the prompt embedding (n x hidden), the prefix embedding (n x layers x 2 x kv width), the
 * bottleneck adapters' weights (hidden x b, b x hidden) and biases.
 */
function peftTensors(s: Setup): PeftTensor[] {
  const out: PeftTensor[] = [];
  const a = s.arch;
  const all = [...s.linears, s.head];
  if (s.cfg.method === 'dora') {
    for (const l of all) if (l.target !== null && s.adapted.has(l.target) && l.instances > 0) out.push({ count: l.instances, rows: l.outFeatures, cols: 0 });
  }
  for (const l of all) {
    if (l.target === null || !s.peft.ia3.has(l.target) || l.instances === 0) continue;
    out.push(l.target === 'down' ? { count: l.instances, rows: 1, cols: l.inFeatures } : { count: l.instances, rows: l.outFeatures, cols: 1 });
  }
  const n = s.peft.virtualTokens;
  if (s.cfg.method === 'prompt' && n > 0) out.push({ count: 1, rows: n, cols: a.hidden });
  if (s.cfg.method === 'prefix' && n > 0) out.push({ count: 1, rows: n, cols: a.layers * 2 * a.kvHeads * a.headDim });
  const b = s.peft.bottleneck;
  if (b > 0) {
    const k = a.layers * BOTTLENECK_ADAPTERS_PER_LAYER;
    out.push({ count: k, rows: b, cols: a.hidden }, { count: k, rows: a.hidden, cols: b }, { count: k, rows: b, cols: 0 }, { count: k, rows: a.hidden, cols: 0 });
  }
  return out;
}

/** HF Adafactor's state elements for the method's non-LoRA tensors: rows + cols for a 2-D tensor (`_get_options`: factored when ndim >= 2), its size for a 1-D one. */
export function peftAdafactorElements(s: Setup): number {
  let n = 0;
  for (const t of peftTensors(s)) n += t.count * (t.cols === 0 ? t.rows : t.rows + t.cols);
  return n;
}

/** The largest of the method's non-LoRA tensors (per-tensor optimizer temporaries). */
export function peftLargestTensor(s: Setup): number {
  let max = 0;
  for (const t of peftTensors(s)) max = Math.max(max, sizeOf(t));
  return max;
}

/** Parameters of the method's non-LoRA tensors smaller than `minSize` elements (bitsandbytes keeps their states 32-bit). */
export function peftSmallTensorParams(s: Setup, minSize: number): number {
  let n = 0;
  for (const t of peftTensors(s)) if (sizeOf(t) < minSize) n += t.count * sizeOf(t);
  return n;
}

/**
 * Trainable parameters of the whole model (not this GPU's view): what a checkpoint saves of the
 * method and what the reply's trainable count shows. Full fine-tuning: every weight but frozen
 * extras, or with `freeze` the last n layers; a PEFT method: its parts counted on the whole model.
 */
export function wholeModelTrainable(s: Setup, whole: { readonly linears: readonly LinearKind[]; readonly head: LinearKind; readonly params: ParamBreakdown; readonly finalNorm: number }): number {
  if (!s.train) return 0;
  const p = peftSetup(s.model, s.cfg, whole.linears, whole.head, whole.params, s.adapted, whole.finalNorm);
  if (s.full) return s.cfg.freeze !== null ? p.frozenTrainable : whole.params.total - whole.params.extra;
  return peftParams(p);
}

/**
 * Where GaLore runs: full fine-tuning (it projects full weight matrices) without ZeRO or FSDP,
 * which flatten the parameters GaLore needs as matrices (GaLore issue #2, "Seems not compatible
 * with DeepSpeed (perhaps also FSDP)": DeepSpeed's optimizers flatten the parameters; still open).
 */
export function galoreRunnable(method: string, sharding: string): boolean {
  return method === 'full' && (sharding === 'none' || sharding === 'ddp');
}
