import type { ModelArch } from './arch';

/**
 * LoRA target names of the grammar. Every linear layer of a decoder maps onto one of them;
 * `head` is lm_head.
 */
export type TargetName = 'q' | 'k' | 'v' | 'o' | 'gate' | 'up' | 'down' | 'head';

/**
 * One kind of linear layer in the decoder stack.
 * `instances` counts it over the whole model (layers x experts), so the parameters of this
 * kind are `instances x (inFeatures x outFeatures + (bias ? outFeatures : 0))`.
 */
export interface LinearKind {
  /** Module name as in the HF implementation (`q_proj`, `experts.gate_proj`, ...). */
  readonly module: string;
  /** Which LoRA target selects it (null: never adapted, e.g. the MoE router). */
  readonly target: TargetName | null;
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly bias: boolean;
  /** How many of these exist in the whole model. */
  readonly instances: number;
  /**
   * Of those, how many a token passes through per layer-pass on average (MoE experts: top-k
   * of E). Used for activations: tokens x routedShare x width.
   */
  readonly tokenShare: number;
  /** bitsandbytes quantizes it under QLoRA/int8 (every nn.Linear in the decoder but the router). */
  readonly quantizable: boolean;
}

/** Parameter counts by group; `total` is what model cards publish. */
export interface ParamBreakdown {
  readonly embedding: number;
  readonly positional: number;
  /** 0 when tied to the embedding. */
  readonly lmHead: number;
  /** All decoder linear weights + biases (attention, MLP, experts, router). */
  readonly linear: number;
  /**
   * Norm weights/biases (per-layer, q/k norms, MLA norms, final norm), plus gpt-oss's attention
   * sinks (`layers x heads`): the other small per-layer vectors, kept unquantized like the norms.
   */
  readonly norms: number;
  /** Frozen extra towers (vision encoder) loaded with the model. */
  readonly extra: number;
  readonly total: number;
}

/** Attention linears of one layer, per architecture. */
function attentionLinears(a: ModelArch, L: number): LinearKind[] {
  const d = a.headDim;
  const h = a.hidden;
  const base = { instances: L, tokenShare: 1, quantizable: true } as const;
  if (a.mla) {
    const m = a.mla;
    const qHead = m.qkNopeHeadDim + m.qkRopeHeadDim;
    const out: LinearKind[] = [];
    if (m.qLoraRank !== null) {
      out.push({ ...base, module: 'q_a_proj', target: 'q', inFeatures: h, outFeatures: m.qLoraRank, bias: false });
      out.push({ ...base, module: 'q_b_proj', target: 'q', inFeatures: m.qLoraRank, outFeatures: a.heads * qHead, bias: false });
    } else {
      out.push({ ...base, module: 'q_proj', target: 'q', inFeatures: h, outFeatures: a.heads * qHead, bias: false });
    }
    out.push({ ...base, module: 'kv_a_proj_with_mqa', target: 'k', inFeatures: h, outFeatures: m.kvLoraRank + m.qkRopeHeadDim, bias: false });
    out.push({ ...base, module: 'kv_b_proj', target: 'v', inFeatures: m.kvLoraRank, outFeatures: a.heads * (m.qkNopeHeadDim + m.vHeadDim), bias: false });
    out.push({ ...base, module: 'o_proj', target: 'o', inFeatures: a.heads * m.vHeadDim, outFeatures: h, bias: false });
    return out;
  }
  return [
    { ...base, module: 'q_proj', target: 'q', inFeatures: h, outFeatures: a.heads * d, bias: a.qkvBias },
    { ...base, module: 'k_proj', target: 'k', inFeatures: h, outFeatures: a.kvHeads * d, bias: a.qkvBias },
    { ...base, module: 'v_proj', target: 'v', inFeatures: h, outFeatures: a.kvHeads * d, bias: a.qkvBias },
    { ...base, module: 'o_proj', target: 'o', inFeatures: a.heads * d, outFeatures: h, bias: a.oBias },
  ];
}

/** MLP linears of a dense MLP of width `f`, `instances` times, each seen by `share` of the tokens. */
function mlpLinears(a: ModelArch, f: number, instances: number, share: number, prefix: string): LinearKind[] {
  const h = a.hidden;
  const b = a.mlpBias;
  const base = { instances, tokenShare: share, quantizable: true } as const;
  if (a.mlp === 'gated') {
    return [
      { ...base, module: `${prefix}gate_proj`, target: 'gate', inFeatures: h, outFeatures: f, bias: b },
      { ...base, module: `${prefix}up_proj`, target: 'up', inFeatures: h, outFeatures: f, bias: b },
      { ...base, module: `${prefix}down_proj`, target: 'down', inFeatures: f, outFeatures: h, bias: b },
    ];
  }
  return [
    { ...base, module: `${prefix}fc1`, target: 'up', inFeatures: h, outFeatures: f, bias: b },
    { ...base, module: `${prefix}fc2`, target: 'down', inFeatures: f, outFeatures: h, bias: b },
  ];
}

/**
 * Every linear layer kind of the decoder stack (lm_head excluded: see {@link headLinear}).
 *
 * MoE layers contribute a router (kept unquantized: QLoRA recipes list the router gate among the
 * modules not to convert, and at `hidden x experts` it is small), `experts` routed experts seen
 * by `topK/experts` of the tokens each, and shared experts seen by every token.
 */
export function decoderLinears(a: ModelArch): readonly LinearKind[] {
  let cached = LINEARS_CACHE.get(a);
  if (!cached) {
    cached = Object.freeze(buildDecoderLinears(a));
    LINEARS_CACHE.set(a, cached);
  }
  return cached;
}

/** Architectures are immutable records: their derived tables are computed once. */
const LINEARS_CACHE = new WeakMap<ModelArch, readonly LinearKind[]>();
const PARAMS_CACHE = new WeakMap<ModelArch, ParamBreakdown>();

function buildDecoderLinears(a: ModelArch): LinearKind[] {
  const out: LinearKind[] = attentionLinears(a, a.layers);
  if (!a.moe) {
    out.push(...mlpLinears(a, a.intermediate, a.layers, 1, ''));
    return out;
  }
  const m = a.moe;
  const moeLayers = a.layers - m.denseLayers;
  if (m.denseLayers > 0) out.push(...mlpLinears(a, a.intermediate, m.denseLayers, 1, 'dense.'));
  out.push({
    module: 'router', target: null, inFeatures: a.hidden, outFeatures: m.routerExperts ?? m.experts, bias: false,
    instances: moeLayers, tokenShare: 1, quantizable: false,
  });
  out.push(...mlpLinears(a, m.expertIntermediate, moeLayers * m.experts, m.topK / m.experts, 'experts.'));
  if (m.sharedExperts > 0) {
    out.push(...mlpLinears(a, m.sharedIntermediate * m.sharedExperts, moeLayers, 1, 'shared_experts.'));
  }
  return out;
}

/** lm_head as a linear kind (present even when tied: it still runs, and LoRA can target it). */
export function headLinear(a: ModelArch): LinearKind {
  return {
    module: 'lm_head', target: 'head', inFeatures: a.hidden, outFeatures: a.vocab,
    bias: a.headBias === true, instances: 1, tokenShare: 1, quantizable: false,
  };
}

/** Parameters of one linear kind, weights and biases, over all its instances. */
export function linearParams(l: LinearKind): number {
  return l.instances * (l.inFeatures * l.outFeatures + (l.bias ? l.outFeatures : 0));
}

/** Parameters in one norm module of width `w`. */
function normParams(a: ModelArch, w: number): number {
  const hasBias = a.norm === 'layernorm' && a.normBias !== false;
  return hasBias ? 2 * w : w;
}

/**
 * Counts parameters from the architecture, group by group.
 *
 * @example countParams(llama31_8b).total // 8_030_261_248
 */
export function countParams(a: ModelArch): ParamBreakdown {
  let cached = PARAMS_CACHE.get(a);
  if (!cached) {
    cached = Object.freeze(computeParams(a));
    PARAMS_CACHE.set(a, cached);
  }
  return cached;
}

function computeParams(a: ModelArch): ParamBreakdown {
  const h = a.hidden;
  const embedding = a.vocab * h;
  const positional = a.positional === 'learned' ? a.maxContext * h : 0;
  const head = headLinear(a);
  const lmHead = a.tiedEmbeddings ? (head.bias ? a.vocab : 0) : linearParams(head);
  let linear = 0;
  for (const l of decoderLinears(a)) linear += linearParams(l);
  if (a.moe?.routerBias) linear += (a.layers - a.moe.denseLayers) * (a.moe.routerExperts ?? a.moe.experts);

  let norms = a.layers * a.normsPerLayer * normParams(a, h) + normParams(a, h);
  if (a.qkNorm === 'head') norms += a.layers * 2 * a.headDim;
  if (a.qkNorm === 'full') norms += a.layers * (a.heads + a.kvHeads) * a.headDim;
  if (a.mla) norms += a.layers * ((a.mla.qLoraRank ?? 0) + a.mla.kvLoraRank);
  if (a.attentionSinks === true) norms += a.layers * a.heads;

  const extra = a.extraFrozenParams?.count ?? 0;
  const total = embedding + positional + lmHead + linear + norms + extra;
  return { embedding, positional, lmHead, linear, norms, extra, total };
}
