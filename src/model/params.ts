import type { ModelArch, NormKind, VisionProjector, VisionTower } from './arch';

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
  /**
   * Everything outside the text decoder loaded with it: a VLM's vision tower and projector (from
   * its `vision` spec, split below), or an opaque `extraFrozenParams` count.
   */
  readonly extra: number;
  /** Of `extra`: the vision encoder and the projector (0 without a `vision` spec). */
  readonly visionEncoder: number;
  readonly visionProjector: number;
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

/** Parameters of the final norm (before the head), the one norm outside the decoder layers. */
export function finalNormParams(a: ModelArch): number {
  return normParams(a, a.hidden);
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
  const embedding = (a.vocab + (a.extraEmbeddingRows ?? 0)) * h;
  const positional = a.positional === 'learned' ? a.maxContext * h : 0;
  const head = headLinear(a);
  const lmHead = a.tiedEmbeddings ? (head.bias ? a.vocab : 0) : linearParams(head);
  let linear = 0;
  for (const l of decoderLinears(a)) linear += linearParams(l);
  if (a.moe?.routerBias) linear += (a.layers - a.moe.denseLayers) * (a.moe.routerExperts ?? a.moe.experts);

  let norms = a.layers * a.normsPerLayer * normParams(a, h) + normParams(a, h);
  // mllama cross-attention layers: q_norm and k_norm over head_dim, and the attention and MLP tanh gates (one scalar each).
  norms += (a.crossAttentionLayers ?? 0) * (2 * a.headDim + 2);
  if (a.qkNorm === 'head') norms += a.layers * 2 * a.headDim;
  if (a.qkNorm === 'full') norms += a.layers * (a.heads + a.kvHeads) * a.headDim;
  if (a.mla) norms += a.layers * ((a.mla.qLoraRank ?? 0) + a.mla.kvLoraRank);
  if (a.attentionSinks === true) norms += a.layers * a.heads;

  const tower = a.vision ? visionTowerParams(a.vision) : { encoder: 0, projector: 0 };
  const extra = a.vision ? tower.encoder + tower.projector : a.extraFrozenParams?.count ?? 0;
  const total = embedding + positional + lmHead + linear + norms + extra;
  return { embedding, positional, lmHead, linear, norms, extra, visionEncoder: tower.encoder, visionProjector: tower.projector, total };
}

// ── Vision towers ─────────────────────────────────────────────────────────────────────────────

/** Parameters of one norm module of width `w` (LayerNorm: weight and bias; RMSNorm: weight). */
const normOf = (kind: NormKind, w: number): number => (kind === 'layernorm' ? 2 * w : w);

/**
 * One ViT layer of SigLIP, CLIP and mllama: q, k, v, o of `h x h` (with biases where `attnBias`),
 * fc1 `h x i` and fc2 `i x h` with biases, two LayerNorms.
 */
function vitLayer(h: number, i: number, attnBias: boolean): number {
  return 4 * (h * h + (attnBias ? h : 0)) + 2 * h * i + i + h + 4 * h;
}

/**
 * Parameters of a vision encoder (without its projector), per the transformers module of its
 * `encoder` kind. P = (imageSize / patch)^2 patches per crop.
 * - qwen2_5_vl (`Qwen2_5_VisionTransformerPretrainedModel`): bias-free Conv3d `c t p^2 h`; per block
 *   two RMSNorms `2h`, fused qkv `3h^2 + 3h`, proj `h^2 + h`, gated MLP with biases `3hi + 2i + h`.
 * - siglip (`SiglipVisionModel`): Conv2d `c p^2 h + h`, positions `P h`, layers, post LayerNorm `2h`,
 *   and with `head` the attention-pooling head (probe `h`, attention `4h^2 + 4h`, LayerNorm `2h`, MLP).
 * - clip (`CLIPVisionModel`): bias-free Conv2d, class token `h`, positions `(P + 1) h`, pre and post
 *   LayerNorm `4h`, layers.
 * - pixtral (`PixtralVisionModel`): bias-free Conv2d, `ln_pre` RMSNorm `h`; per layer two RMSNorms,
 *   bias-free q/k/v/o `4h^2` and gated MLP `3hi`.
 * - mllama (`MllamaVisionModel`): bias-free Conv2d, class token, gated positions `(P + 1) h + 1`,
 *   the tile position embedding `(ratios + 1) x tiles x (P + 1) x h`, pre/post tile embeddings
 *   `2 ((ratios + 1) tiles h + 1)`, `layernorm_pre`/`layernorm_post` `4h`, local layers and global
 *   layers (bias-free attention) with two gates each.
 * - intern_vit (`InternVisionModel`): Conv2d with bias, class token, positions `(P + 1) h`; per layer
 *   fused qkv `3h^2 + 3h`, proj `h^2 + h`, two LayerNorms `4h`, layer scales `ls1`/`ls2` `2h`, MLP.
 *
 * @example visionEncoderParams(qwen25vl7b.vision) // 631_975_680
 */
export function visionEncoderParams(v: VisionTower): number {
  const h = v.hidden;
  const i = v.intermediate;
  const c = v.channels;
  const p = v.patch;
  const P = Math.floor(v.imageSize / p) ** 2;
  switch (v.encoder) {
    case 'qwen2_5_vl':
      return c * (v.temporalPatch ?? 2) * p * p * h + v.layers * (2 * h + 3 * h * h + 3 * h + h * h + h + 3 * h * i + 2 * i + h);
    case 'siglip': {
      const head = v.head === true ? h + 4 * h * h + 4 * h + 2 * h + 2 * h * i + i + h : 0;
      return c * p * p * h + h + P * h + v.layers * vitLayer(h, i, true) + 2 * h + head;
    }
    case 'clip':
      return c * p * p * h + h + (P + 1) * h + 4 * h + v.layers * vitLayer(h, i, true);
    case 'pixtral':
      return c * p * p * h + h + v.layers * (2 * h + 4 * h * h + 3 * h * i);
    case 'mllama': {
      const tiles = v.maxTiles ?? 4;
      const ids = (v.aspectRatios ?? 8) + 1;
      const g = v.globalLayers ?? 0;
      const positions = (P + 1) * h + 1 + ids * tiles * (P + 1) * h;
      return c * p * p * h + h + positions + 2 * (ids * tiles * h + 1) + 4 * h + (v.layers + g) * vitLayer(h, i, false) + 2 * g;
    }
    case 'intern_vit':
      return c * p * p * h + h + h + (P + 1) * h + v.layers * (3 * h * h + 3 * h + h * h + h + 4 * h + 2 * h + 2 * h * i + i + h);
  }
}

/** Parameters of a projector: its norm, its linears (weights and biases) and its learned extra vectors. */
export function projectorParams(pr: VisionProjector): number {
  let n = pr.extraParams + (pr.norm ? normOf(pr.norm.kind, pr.norm.width) : 0);
  for (const l of pr.linears) n += l.in * l.out + (l.bias ? l.out : 0);
  return n;
}

/** The vision encoder and the projector of a VLM, each with its parameters. */
export function visionTowerParams(v: VisionTower): { encoder: number; projector: number } {
  return { encoder: visionEncoderParams(v), projector: projectorParams(v.projector) };
}

/**
 * The linear layers of a vision encoder, as {@link LinearKind}s under the module names of its HF
 * implementation (LoRA on the tower adapts them; the tower's activations are derived from them).
 * Fused `qkv` (Qwen2.5-VL, InternViT) is one linear of `h x 3h` with target `q`.
 */
export function visionLinears(v: VisionTower): readonly LinearKind[] {
  let cached = VISION_LINEARS.get(v);
  if (!cached) {
    cached = Object.freeze(buildVisionLinears(v));
    VISION_LINEARS.set(v, cached);
  }
  return cached;
}

const VISION_LINEARS = new WeakMap<VisionTower, readonly LinearKind[]>();

function buildVisionLinears(v: VisionTower): LinearKind[] {
  const h = v.hidden;
  const i = v.intermediate;
  const n = v.layers + (v.globalLayers ?? 0);
  const base = { instances: n, tokenShare: 1, quantizable: false } as const;
  const lin = (module: string, target: TargetName, inF: number, outF: number, bias: boolean): LinearKind => ({ ...base, module, target, inFeatures: inF, outFeatures: outF, bias });
  switch (v.encoder) {
    case 'qwen2_5_vl':
      return [lin('attn.qkv', 'q', h, 3 * h, true), lin('attn.proj', 'o', h, h, true),
        lin('mlp.gate_proj', 'gate', h, i, true), lin('mlp.up_proj', 'up', h, i, true), lin('mlp.down_proj', 'down', i, h, true)];
    case 'intern_vit':
      return [lin('attn.qkv', 'q', h, 3 * h, true), lin('attn.proj', 'o', h, h, true), lin('mlp.fc1', 'up', h, i, true), lin('mlp.fc2', 'down', i, h, true)];
    case 'pixtral':
      return [lin('attention.q_proj', 'q', h, h, false), lin('attention.k_proj', 'k', h, h, false), lin('attention.v_proj', 'v', h, h, false), lin('attention.o_proj', 'o', h, h, false),
        lin('feed_forward.gate_proj', 'gate', h, i, false), lin('feed_forward.up_proj', 'up', h, i, false), lin('feed_forward.down_proj', 'down', i, h, false)];
    case 'mllama':
      return [lin('self_attn.q_proj', 'q', h, h, false), lin('self_attn.k_proj', 'k', h, h, false), lin('self_attn.v_proj', 'v', h, h, false), lin('self_attn.o_proj', 'o', h, h, false),
        lin('mlp.fc1', 'up', h, i, true), lin('mlp.fc2', 'down', i, h, true)];
    default:
      return [lin('self_attn.q_proj', 'q', h, h, true), lin('self_attn.k_proj', 'k', h, h, true), lin('self_attn.v_proj', 'v', h, h, true), lin('self_attn.out_proj', 'o', h, h, true),
        lin('mlp.fc1', 'up', h, i, true), lin('mlp.fc2', 'down', i, h, true)];
  }
}
