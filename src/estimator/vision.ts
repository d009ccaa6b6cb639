/**
 * Vision-language models: the vision tower and projector a VLM runs over its images, what their
 * forward keeps for backward (frozen, LoRA or fully trained tower), and the image tokens they add
 * to the language model's sequence. Pure functions of the architecture (`ModelArch.vision`,
 * `src/model/arch.ts` `VisionTower`) and the config (`images`, `resolution`, `max_pixels`,
 * `vision`).
 *
 * Image processing follows each model's processor in transformers (cited at each case of
 * {@link imageLayout}); the tower's saved tensors follow the same autograd rules as a text layer
 * (`src/estimator/activations.ts`), over the patch sequence with bidirectional attention.
 */
import type { EstimateConfig, BuiltConfig, AssumedKey } from '../config/schema';
import type { InputError } from '../config/errors';
import type { ModelArch, VisionTower } from '../model/arch';
import { projectorParams, visionEncoderParams, visionLinears } from '../model/params';
import type { Setup } from './setup';
import { bytes, count, fx, type Formula } from './formula';

export interface VisionActivations {
  /** Saved for backward by the tower and projector for one micro-batch (0 for text models or a frozen tower). */
  readonly savedBytes: number;
  /** The largest transient of the tower's forward (attention scores, MLP), alive at its peak only. */
  readonly transientBytes: number;
  readonly formula: () => Formula;
}

const NONE: VisionActivations = { savedBytes: 0, transientBytes: 0, formula: () => [] };

// ── Image layout: crops through the tower, tokens in the language model ──────────────────────

/** What one image becomes, per the model's processor. */
export interface ImageLayout {
  /** Size the processor resizes the image to before cropping (Qwen2.5-VL: smart_resize's h_bar x w_bar). */
  readonly resizedWidth: number;
  readonly resizedHeight: number;
  /** Crops (tiles, the global/thumbnail image) the tower runs for this image. */
  readonly crops: number;
  /** Tower sequence length of one crop (patches, + the class token where the tower has one). */
  readonly seqPerCrop: number;
  /** Patch tokens through the tower for this image: crops x seqPerCrop (Qwen2.5-VL, Pixtral: one crop of the native grid). */
  readonly towerTokens: number;
  /**
   * The lengths of the tower's attention problems for this image, per layer kind: `full` (every
   * layer, or Qwen2.5-VL's 4 full-attention blocks) and `window` (Qwen2.5-VL's 28 windowed blocks).
   * Eager attention materialises L^2 scores per problem.
   */
  readonly fullChunks: readonly number[];
  readonly windowChunks: readonly number[];
  /** Image features out of the projector (the `<image>` placeholders the language model reads). */
  readonly features: number;
  /** Tokens this image adds to the language model's sequence: features + markers, breaks and newlines (mllama: its one `<|image|>` token). */
  readonly sequenceTokens: number;
  /** mllama: image tokens the cross-attention layers attend to (tiles x (patches + 1)); 0 otherwise. */
  readonly crossTokens: number;
  /** One line: how the processor got there. */
  readonly note: string;
}

/** Python's round(): half to even (smart_resize uses it). */
function pyRound(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (Math.abs(d - 0.5) < 1e-12) return f % 2 === 0 ? f : f + 1;
  return Math.round(x);
}

/**
 * Qwen2.5-VL's `smart_resize` (transformers models/qwen2_vl/image_processing_qwen2_vl.py, the same
 * in qwen-vl-utils vision_process.py): both sides to multiples of `factor` = patch x merge (28),
 * the area kept within [min_pixels, max_pixels], the aspect ratio kept.
 *
 * @example smartResize(448, 448, 28, 3136, 12845056) // [448, 448]
 */
export function smartResize(height: number, width: number, factor: number, minPixels: number, maxPixels: number): [number, number] {
  let h = Math.max(factor, pyRound(height / factor) * factor);
  let w = Math.max(factor, pyRound(width / factor) * factor);
  if (h * w > maxPixels) {
    const beta = Math.sqrt((height * width) / maxPixels);
    h = Math.max(factor, Math.floor(height / beta / factor) * factor);
    w = Math.max(factor, Math.floor(width / beta / factor) * factor);
  } else if (h * w < minPixels) {
    const beta = Math.sqrt(minPixels / (height * width));
    h = Math.ceil((height * beta) / factor) * factor;
    w = Math.ceil((width * beta) / factor) * factor;
  }
  return [h, w];
}

/** Splits `n` into blocks of `size` (the last one shorter). */
function blocks(n: number, size: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i += size) out.push(Math.min(size, n - i));
  return out;
}

/**
 * LLaVA-NeXT's `select_best_resolution` (transformers image_processing_utils.py): the pinpoint
 * (height, width) that keeps the most of the image's resolution, then the least waste.
 */
export function selectBestResolution(height: number, width: number, pinpoints: readonly (readonly [number, number])[]): [number, number] {
  let best: [number, number] = [pinpoints[0]![0], pinpoints[0]![1]];
  let maxEffective = 0;
  let minWasted = Infinity;
  for (const [ph, pw] of pinpoints) {
    const scale = Math.min(pw / width, ph / height);
    const dw = Math.floor(width * scale);
    const dh = Math.floor(height * scale);
    const effective = Math.min(dw * dh, width * height);
    const wasted = pw * ph - effective;
    if (effective > maxEffective || (effective === maxEffective && wasted < minWasted)) {
      maxEffective = effective;
      minWasted = wasted;
      best = [ph, pw];
    }
  }
  return best;
}

/** InternVL's `find_closest_aspect_ratio` (InternVL chat `dynamic_preprocess`): tiles (columns, rows). */
export function internvlGrid(width: number, height: number, minTiles: number, maxTiles: number, tile: number): [number, number] {
  const ratios: [number, number][] = [];
  const seen = new Set<string>();
  for (let n = minTiles; n <= maxTiles; n++) {
    for (let i = 1; i <= n; i++) {
      for (let j = 1; j <= n; j++) {
        if (i * j > maxTiles || i * j < minTiles || seen.has(`${i},${j}`)) continue;
        seen.add(`${i},${j}`);
        ratios.push([i, j]);
      }
    }
  }
  // sorted(..., key=i*j): Python's sort is stable; ties keep the set's order, which differs only between ratios of the same product that never tie on the aspect difference.
  ratios.sort((a, b) => a[0] * a[1] - b[0] * b[1]);
  const aspect = width / height;
  const area = width * height;
  let bestDiff = Infinity;
  let best: [number, number] = [1, 1];
  for (const r of ratios) {
    const diff = Math.abs(aspect - r[0] / r[1]);
    if (diff < bestDiff) {
      bestDiff = diff;
      best = r;
    } else if (diff === bestDiff && area > 0.5 * tile * tile * r[0] * r[1]) {
      best = r;
    }
  }
  return best;
}

/**
 * One image, `width` x `height` pixels, as the model's processor prepares it: the crops the tower
 * runs, its patch sequence, the image features and the tokens the language model reads.
 * `maxPixels` overrides Qwen2.5-VL's processor `max_pixels`.
 *
 * @example imageLayout(qwen25vl7b.vision, 448, 448).features // 256: 448/14 = 32 x 32 patches, merged 2 x 2
 */
export function imageLayout(v: VisionTower, width: number, height: number, maxPixels: number | null = null): ImageLayout {
  const p = v.patch;
  const pr = v.processing;
  const grid = Math.floor(v.imageSize / p);
  const P = grid * grid;
  const cls = v.encoder === 'clip' || v.encoder === 'intern_vit' || v.encoder === 'mllama' ? 1 : 0;
  const crop = (crops: number, features: number, sequenceTokens: number, note: string, rw = width, rh = height): ImageLayout => ({
    resizedWidth: rw, resizedHeight: rh, crops, seqPerCrop: P + cls, towerTokens: crops * (P + cls),
    fullChunks: Array.from({ length: crops }, () => P + cls), windowChunks: [], features, sequenceTokens, crossTokens: 0, note,
  });
  switch (pr.kind) {
    case 'qwen2_5_vl': {
      // Qwen2VLImageProcessor: smart_resize to multiples of 28; grid (h/14, w/14); an image is
      // repeated to temporal_patch_size 2 frames (grid_t 1); the merger turns each 2 x 2 group into
      // one token; the chat template wraps them in <|vision_start|> ... <|vision_end|>.
      const m = v.projector.merge;
      const [h, w] = smartResize(height, width, p * m, pr.minPixels, maxPixels ?? pr.maxPixels);
      const gh = h / p;
      const gw = w / p;
      const n = gh * gw;
      // Qwen2_5_VisionTransformerPretrainedModel.get_window_index: windows of window_size / patch / merge (112 / 14 / 2 = 4)
      // merged tokens per side, the edge windows cut short; each window is its own attention problem
      // (Qwen2_5_VLVisionAttention splits q/k/v by cu_seqlens outside flash-attention).
      const side = (v.windowPatches ?? 8) / m;
      const windowChunks: number[] = [];
      for (const rh of blocks(gh / m, side)) for (const rw of blocks(gw / m, side)) windowChunks.push(rh * rw * m * m);
      return {
        resizedWidth: w, resizedHeight: h, crops: 1, seqPerCrop: n, towerTokens: n, fullChunks: [n], windowChunks,
        features: n / (m * m), sequenceTokens: n / (m * m) + 2, crossTokens: 0,
        note: `smart_resize ${width}x${height} -> ${w}x${h}: ${gw} x ${gh} patches of ${p} px, merged ${m} x ${m} -> ${n / (m * m)} tokens + <|vision_start|>/<|vision_end|>`,
      };
    }
    case 'fixed': {
      // LLaVA-1.5 (CLIPImageProcessor: shortest edge 336, center crop 336): 577 positions, the
      // class token dropped (vision_feature_select_strategy "default"): 576 <image> tokens.
      // Gemma 3 (Gemma3ImageProcessor: resized to 896 x 896, do_pan_and_scan false): 4,096 patches
      // pooled 4 x 4 to mm_tokens_per_image 256, wrapped "\n\n<start_of_image>" ... "<end_of_image>\n\n".
      const m = v.projector.merge;
      const features = P / (m * m);
      return crop(1, features, features + pr.wrapperTokens, `one ${v.imageSize}-px crop: ${grid} x ${grid} patches${m > 1 ? `, pooled ${m} x ${m}` : ''} -> ${features} tokens${pr.wrapperTokens ? ` + ${pr.wrapperTokens} markers` : ''}`, v.imageSize, v.imageSize);
    }
    case 'anyres': {
      // LlavaNextImageProcessor: the best pinpoint grid of 336-px tiles + the base image through the
      // tower; LlavaNextProcessor._get_number_of_features: base 576 + the unpadded grid features + one
      // image_newline per row.
      const [bh, bw] = selectBestResolution(height, width, pr.pinpoints);
      const tiles = (bh / v.imageSize) * (bw / v.imageSize);
      let ch = grid * (bh / v.imageSize);
      let cw = grid * (bw / v.imageSize);
      if (width / height > cw / ch) {
        const newH = Math.floor(Number((height * (cw / width)).toFixed(7)));
        ch -= 2 * Math.floor((ch - newH) / 2);
      } else {
        const newW = Math.floor(Number((width * (ch / height)).toFixed(7)));
        cw -= 2 * Math.floor((cw - newW) / 2);
      }
      const features = P + ch * cw + ch;
      return crop(tiles + 1, features, features, `anyres: best grid ${bw}x${bh} = ${tiles} tiles + the base image; ${P} + ${ch} x ${cw} unpadded + ${ch} newlines = ${features} tokens`, bw, bh);
    }
    case 'pixtral': {
      // PixtralImageProcessor: fit inside longest_edge, each side rounded up to whole patches; the
      // tower runs the native grid (no class token); Mistral 3's merger folds 2 x 2; the processor
      // ends each row with [IMG_BREAK] and the last with [IMG_END].
      const ratio = Math.max(height / pr.longestEdge, width / pr.longestEdge);
      const rh = ratio > 1 ? Math.floor(height / ratio) : height;
      const rw = ratio > 1 ? Math.floor(width / ratio) : width;
      const nh = Math.floor((rh - 1) / p) + 1;
      const nw = Math.floor((rw - 1) / p) + 1;
      const n = nh * nw;
      const m = v.projector.merge;
      const th = Math.floor(nh / m);
      const tw = Math.floor(nw / m);
      return {
        resizedWidth: nw * p, resizedHeight: nh * p, crops: 1, seqPerCrop: n, towerTokens: n, fullChunks: [n], windowChunks: [],
        features: th * tw, sequenceTokens: th * (tw + 1), crossTokens: 0,
        note: `fit in ${pr.longestEdge} px: ${nw} x ${nh} patches of ${p} px${m > 1 ? `, merged ${m} x ${m}` : ''} -> ${th * tw} tokens + ${th} row breaks`,
      };
    }
    case 'mllama': {
      // MllamaImageProcessor pads every image to max_image_tiles 4 tiles of 560 px; the tower runs
      // all 4 x (1600 patches + class token, padded to a multiple of 8: 1608) as one sequence per
      // image (MllamaVisionModel reshapes to num_tiles x num_patches); the cross-attention layers read
      // 4 x 1601 image states; the text holds one <|image|> token.
      const tiles = pr.maxTiles;
      const padded = Math.ceil((P + 1) / 8) * 8;
      return {
        resizedWidth: v.imageSize, resizedHeight: v.imageSize, crops: tiles, seqPerCrop: padded, towerTokens: tiles * padded,
        fullChunks: [tiles * padded], windowChunks: [], features: 0, sequenceTokens: 1, crossTokens: tiles * (P + 1),
        note: `${tiles} tiles of ${v.imageSize} px (padded to max_image_tiles) x ${padded} positions through the tower; ${tiles * (P + 1)} image states for cross-attention, one <|image|> token in the text`,
      };
    }
    case 'idefics3': {
      // Idefics3ImageProcessor (SmolVLM): longest edge to `longest_edge`, both sides up to multiples of
      // max_image_size (384), split into 384-px tiles + the global image when larger than one tile;
      // Idefics3Processor: per tile <fake_token_around_image><row_i_col_j> + 81 <image>, a newline per
      // row, then "\n<fake_token_around_image><global-img>" + 81 + <fake_token_around_image>.
      const t = v.imageSize;
      let w = width;
      let h = height;
      const aspect = width / height;
      if (w >= h) { w = pr.longestEdge; h = Math.floor(w / aspect); } else { h = pr.longestEdge; w = Math.floor(h * aspect); }
      if (w >= h) { w = Math.ceil(w / t) * t; h = Math.ceil(Math.floor(w / aspect) / t) * t; } else { h = Math.ceil(h / t) * t; w = Math.ceil(Math.floor(h * aspect) / t) * t; }
      const m = v.projector.merge;
      const per = P / (m * m);
      const rows = h > t || w > t ? Math.ceil(h / t) : 0;
      const cols = h > t || w > t ? Math.ceil(w / t) : 0;
      const tiles = rows * cols;
      const tokens = tiles * (2 + per) + rows + (tiles > 0 ? 1 : 0) + 3 + per;
      return crop(tiles + 1, (tiles + 1) * per, tokens, `resized ${w}x${h}: ${cols} x ${rows} tiles of ${t} px + the global image, ${per} tokens each (pixel shuffle ${m}) + row/col markers`, w, h);
    }
    case 'internvl': {
      // InternVL dynamic_preprocess: the closest tile grid among 1..max_dynamic_patch 448-px tiles, +
      // a thumbnail when more than one; 1024 patches per tile, pixel shuffle 0.5 -> 256 tokens per
      // tile between <img> and </img>.
      const [c, r] = internvlGrid(width, height, pr.minTiles, pr.maxTiles, v.imageSize);
      const tiles = c * r + (c * r > 1 ? 1 : 0);
      const m = v.projector.merge;
      const per = P / (m * m);
      return crop(tiles, tiles * per, tiles * per + 2, `dynamic tiling: ${c} x ${r} tiles of ${v.imageSize} px${c * r > 1 ? ' + thumbnail' : ''}, ${per} tokens each + <img>/</img>`, c * v.imageSize, r * v.imageSize);
    }
    case 'phi3_v': {
      // Phi3VImageProcessor HD_transform(num_crops): the largest scale with scale x ceil(scale / ratio)
      // <= num_crops, width scale x 336, height padded to a multiple of 336; + the global crop.
      // num_img_tokens = ((h/336)(w/336) + 1) x 144 + 1 + (h/336 + 1) x 12 (processing_phi3_v.py).
      let w = width;
      let h = height;
      if (w < h) [w, h] = [h, w];
      const ratio = w / h;
      let scale = 1;
      while (scale * Math.ceil(scale / ratio) <= pr.numCrops) scale++;
      scale--;
      const nw = scale * v.imageSize;
      const nh = Math.ceil(Math.floor(nw / ratio) / v.imageSize) * v.imageSize;
      const sub = (nh / v.imageSize) * (nw / v.imageSize);
      const tokens = (sub + 1) * 144 + 1 + (nh / v.imageSize + 1) * 12;
      return crop(sub + 1, (sub + 1) * 144, tokens, `HD transform (num_crops ${pr.numCrops}): ${sub} crops of ${v.imageSize} px + the global crop, 144 tokens each + separators`, width >= height ? nw : nh, width >= height ? nh : nw);
    }
  }
}

/** The image size in the config: `resolution` (a side, or width x height), else the tower's own. */
export function imageSizeOf(v: VisionTower, cfg: Pick<EstimateConfig, 'resolution' | 'maxPixels'>): { width: number; height: number } {
  if (cfg.resolution) {
    const m = /^(\d+)(?:x(\d+))?$/i.exec(cfg.resolution.trim());
    if (m) return { width: Number(m[1]), height: Number(m[2] ?? m[1]) };
  }
  // Qwen2.5-VL with only max_pixels: an image that fills it (the processor's worst case).
  if (cfg.maxPixels !== null && v.processing.kind === 'qwen2_5_vl') {
    const side = Math.floor(Math.sqrt(cfg.maxPixels));
    return { width: side, height: side };
  }
  return { width: v.imageSize, height: v.imageSize };
}

/** The layout of this config's images on `arch`, or null for a text model or no images. */
export function configLayout(arch: ModelArch, cfg: Pick<EstimateConfig, 'images' | 'resolution' | 'maxPixels'>): ImageLayout | null {
  if (!arch.vision || cfg.images <= 0) return null;
  const { width, height } = imageSizeOf(arch.vision, cfg);
  return imageLayout(arch.vision, width, height, cfg.maxPixels);
}

/**
 * Tokens the images of one sample add to the language model's sequence (`src/estimator/setup.ts`
 * adds them to `seq`/`context`): images x the layout's sequence tokens. 0 for text models.
 */
export function imageSequenceTokens(arch: ModelArch, cfg: Pick<EstimateConfig, 'images' | 'resolution' | 'maxPixels'>): number {
  const l = configLayout(arch, cfg);
  return l ? cfg.images * l.sequenceTokens : 0;
}

// ── Trainable tower parameters ───────────────────────────────────────────────────────────────

/**
 * Tower and projector parameters that train (`src/estimator/setup.ts` adds them to the trainable
 * count): `vision:full` every encoder and projector weight; `vision:lora` LoRA at the method's rank
 * on every encoder linear and projector linear (r x (in + out) each), as PEFT `target_modules`
 * reaching into the tower does; `vision:frozen` none (LLaMA-Factory `freeze_vision_tower` and
 * `freeze_multi_modal_projector`, both true by default).
 */
export function visionTrainableParams(arch: ModelArch, cfg: Pick<EstimateConfig, 'mode' | 'vision' | 'rank'>): number {
  const v = arch.vision;
  if (!v || cfg.mode !== 'train' || cfg.vision === 'frozen') return 0;
  if (cfg.vision === 'full') return visionEncoderParams(v) + projectorParams(v.projector);
  let n = 0;
  for (const l of visionLinears(v)) n += l.instances * cfg.rank * (l.inFeatures + l.outFeatures);
  for (const l of v.projector.linears) n += cfg.rank * (l.in + l.out);
  return n;
}

// ── Activations ──────────────────────────────────────────────────────────────────────────────

/** Sum of squares of the attention problems (eager attention's L^2 scores). */
const sumSq = (xs: readonly number[]): number => xs.reduce((a, x) => a + x * x, 0);

/**
 * Bytes per patch token one trained tower layer saves (the text layer's rules, `activations.ts`):
 * - the norms: LayerNorm saves its input (r x h); HF RMSNorm (Qwen2.5-VL, Pixtral) an fp32 copy (4h), and the normalized tensor with trained norm weights;
 * - q/k/v's input and o's input (p x h each): a trained or LoRA-adapted linear keeps its input;
 * - sdpa/flash: q, k, v and the output (4 p h) and the fp32 logsumexp (4 x heads); eager: q, k, v (3 p h) and the scores (separate, `eagerScores`);
 * - the MLP: fc1 output and GELU output (2 p i) or gate, SiLU, up outputs and the product (4 p i), and its input (p h);
 * - LoRA: the rank-r intermediate of each adapted linear (p x r).
 */
function towerLayerPerToken(s: Setup, v: VisionTower): number {
  const h = v.hidden;
  const i = v.intermediate;
  const p = s.p;
  const rms = v.encoder === 'qwen2_5_vl' || v.encoder === 'pixtral';
  const full = s.cfg.vision === 'full';
  const norm = rms ? 4 * h + (full ? s.r * h : 0) : s.r * h;
  const eager = s.cfg.attention === 'eager';
  const attention = eager ? 3 * p * h : 4 * p * h + 4 * v.heads;
  const gated = v.encoder === 'qwen2_5_vl' || v.encoder === 'pixtral';
  const mlp = gated ? 4 * p * i : 2 * p * i;
  const lora = s.cfg.vision === 'lora' ? visionLinears(v).length * p * s.cfg.rank : 0;
  return 2 * norm + p * h + attention + p * h + p * h + mlp + lora;
}

/** Eager attention's fp32 softmax and 16-bit probabilities over every attention problem of one image, per layer kind. */
function eagerScores(s: Setup, v: VisionTower, l: ImageLayout): { full: number; window: number } {
  const k = (4 + s.p) * v.heads;
  return { full: k * sumSq(l.fullChunks), window: k * sumSq(l.windowChunks) };
}

/**
 * The vision tower's activations for this setup (none for a text-only model, without images, or
 * on a pipeline stage without the embedding).
 * - `vision:frozen`: the tower and projector run without anything requiring grad (frozen weights,
 *   pixel inputs): autograd saves nothing; the image features enter the text embeddings, which the
 *   language model's layers account for. Only the forward's transient remains.
 * - `vision:lora` / `vision:full`: every tower layer saves like a text layer over its patch sequence
 *   ({@link towerLayerPerToken}; eager attention adds the L^2 scores of each attention problem:
 *   Qwen2.5-VL's windows and full blocks, one problem per crop elsewhere, mllama one per image over its
 *   4 tiles); with `gc` each tower layer keeps only its input (HF gradient checkpointing covers the
 *   encoder layers: `GradientCheckpointingLayer`); the projector saves its norm's fp32 copy, each
 *   linear's input and the GELU's input.
 * - mllama: the cross-attention layers of the decoder project the 4 x 1601 image states to k and v
 *   (`MllamaTextCrossAttention`): their k/v (and k's fp32 norm copy) are saved per cross-attention
 *   layer, and eager attention's scores are text x image tokens; the image states themselves once.
 */
export function visionActivations(s: Setup): VisionActivations {
  const v = s.model.vision;
  if (!v || !s.train || !s.layout.stage.embedding) return NONE;
  const l = configLayout(s.model, s.cfg);
  if (!l) return NONE;
  const images = s.cfg.batch * s.cfg.images;
  const N = images * l.towerTokens;
  const transient = towerTransientBytes(s, v, l, images);
  const cross = crossAttentionBytes(s, l, images);
  if (s.cfg.vision === 'frozen') {
    if (cross.bytes === 0) return { savedBytes: 0, transientBytes: transient, formula: () => fx`frozen: nothing saved (no_grad over ${count(images)} images)` };
    return { savedBytes: cross.bytes, transientBytes: transient, formula: () => fx`frozen tower; ${cross.formula()}` };
  }
  const layers = v.layers + (v.globalLayers ?? 0);
  const perToken = towerLayerPerToken(s, v);
  const sc = s.cfg.attention === 'eager' ? eagerScores(s, v, l) : { full: 0, window: 0 };
  const fullLayers = v.fullAttentionLayers !== undefined && l.windowChunks.length > 0 ? v.fullAttentionLayers : layers;
  const scoreBytes = images * (fullLayers * sc.full + (layers - fullLayers) * sc.window);
  const gc = s.cfg.gc !== 'false';
  const towerBytes = gc ? layers * s.r * v.hidden * N : layers * perToken * N + scoreBytes;
  const proj = projectorSavedPerImage(s, v, l) * images;
  const savedBytes = towerBytes + proj + cross.bytes;
  return {
    savedBytes, transientBytes: transient,
    formula: () => {
      const tower = gc
        ? fx`${layers} layers x ${count(s.r * v.hidden)} B (checkpoints) x ${count(N)} patches`
        : fx`${layers} layers x ${count(perToken)} B x ${count(N)} patches${scoreBytes > 0 ? fx` + eager scores ${bytes(scoreBytes)}` : ''}`;
      return fx`(${count(images)} images, ${l.note}) ${tower} + projector ${bytes(proj)}${cross.bytes > 0 ? fx` + ${cross.formula()}` : ''} = ${bytes(savedBytes)}`;
    },
  };
}

/** The projector's saved tensors for one image (trained projector): norm copy, each linear's input, the GELU's input. */
function projectorSavedPerImage(s: Setup, v: VisionTower, l: ImageLayout): number {
  const pr = v.projector;
  let n = 0;
  if (pr.norm) n += 4 * pr.norm.width * (pr.norm.perPatch ? l.towerTokens : l.features);
  // The projector runs over every crop's merged patches (LLaVA-NeXT's unpadding and newlines come after it; mllama: every tile's 1601 states).
  const rows = l.crossTokens > 0 ? l.crossTokens : Math.max(l.features, Math.floor(l.towerTokens / (pr.merge * pr.merge)));
  for (const [k, lin] of pr.linears.entries()) {
    n += s.p * lin.in * rows;
    if (k < pr.linears.length - 1) n += s.p * lin.out * rows;
  }
  return n;
}

/** mllama: what the cross-attention layers keep of the image states (k, v, k's norm copy; eager scores). */
function crossAttentionBytes(s: Setup, l: ImageLayout, images: number): { bytes: number; formula: () => Formula } {
  const a = s.arch;
  const layers = a.crossAttentionLayers ?? 0;
  if (l.crossTokens === 0 || layers === 0) return { bytes: 0, formula: () => [] };
  const T = images * l.crossTokens;
  const kv = a.kvHeads * a.headDim;
  const perLayer = (2 * s.p + 4) * kv + (s.cfg.attention === 'eager' ? (4 + s.p) * a.heads * s.seqLen : 0);
  const adapted = s.full || s.adapted.has('k') || s.adapted.has('v');
  const states = adapted ? s.p * a.hidden * T : 0;
  const gc = s.cfg.gc !== 'false';
  const b = gc ? states : layers * perLayer * T + states;
  return { bytes: b, formula: () => fx`cross-attention: ${gc ? '' : fx`${layers} layers x ${count(perLayer)} B x ${count(T)} image states + `}image states ${bytes(states)}` };
}

/**
 * The tower's forward transient at its busiest op, beyond what is saved: the layer's input and
 * output (2 r h per patch), plus the larger of the MLP's intermediates (fc1 and GELU outputs, or
 * gate, SiLU and up: 2-3 p i per patch) and eager attention's scores (fp32 softmax + 16-bit copy of
 * the largest problem; CLIP/SigLIP/InternViT batch every crop in one call, Qwen2.5-VL loops over its
 * problems one at a time). mllama also holds the 5 intermediate layers it concatenates (5 x h per patch).
 */
function towerTransientBytes(s: Setup, v: VisionTower, l: ImageLayout, images: number): number {
  const N = images * l.towerTokens;
  const gated = v.encoder === 'qwen2_5_vl' || v.encoder === 'pixtral';
  const mlp = (gated ? 3 : 2) * s.p * v.intermediate * N;
  let scores = 0;
  if (s.cfg.attention === 'eager') {
    const k = (4 + s.p) * v.heads;
    const largest = Math.max(...l.fullChunks, ...l.windowChunks);
    scores = v.encoder === 'qwen2_5_vl' ? k * largest * largest : v.encoder === 'pixtral' ? k * N * N : k * images * sumSq(l.fullChunks);
  }
  const intermediates = v.encoder === 'mllama' ? 5 * s.p * v.hidden * N : 0;
  return 2 * s.r * v.hidden * N + Math.max(mlp, scores) + intermediates;
}

// ── Model-dependent checks ───────────────────────────────────────────────────────────────────

const VISION_KEYS = [['images', 'images'], ['resolution', 'resolution'], ['maxPixels', 'max_pixels'], ['vision', 'vision']] as const;

/**
 * The vision keys against the model: on a text model each is refused (naming the key); on a model
 * whose tower is counted but not modelled (`extraFrozenParams`, Llama 4) `images` is refused;
 * `max_pixels` is Qwen2.5-VL's processor's only. A VLM without `images` is estimated text-only,
 * and the reply says so (an assumed `images:0`). Called where the model is resolved (`src/report.ts`).
 */
export function withVisionInputs(built: BuiltConfig, arch: ModelArch): { ok: true; built: BuiltConfig } | { ok: false; error: InputError } {
  const c = built.config;
  const given = (field: (typeof VISION_KEYS)[number][0]): boolean =>
    field === 'images' ? c.images > 0 : field === 'vision' ? c.vision !== 'frozen' : field === 'resolution' ? c.resolution !== null : c.maxPixels !== null;
  if (c.resolution !== null) {
    const m = /^(\d+)(?:x(\d+))?$/i.exec(c.resolution.trim());
    const sides = m ? [Number(m[1]), Number(m[2] ?? m[1])] : [];
    if (!m || sides.some((x) => x < 28 || x > 16384)) {
      return { ok: false, error: { code: 'conflict', key: 'resolution', value: c.resolution, detail: 'a resolution is a side in pixels (`resolution:448`) or width x height (`resolution:1280x720`), each 28 to 16384.' } };
    }
  }
  const v = arch.vision;
  if (!v) {
    for (const [field, key] of VISION_KEYS) {
      if (!given(field)) continue;
      const why = arch.extraFrozenParams ? `${arch.name}'s vision encoder is counted in its weights (${arch.extraFrozenParams.what}) but its image processing is not modelled` : `${arch.name} is a text model`;
      return { ok: false, error: { code: 'conflict', key, value: String(c[field]), detail: `\`${key}\` applies to vision-language models: ${why}. Models with a vision tower: qwen-2.5-vl-7b, llama-3.2-11b-vision, gemma-3-12b, pixtral-12b, llava-1.5-7b, llava-next-mistral-7b, phi-3.5-vision, smolvlm-2.2b, internvl-2.5-8b.` } };
    }
    return { ok: true, built };
  }
  for (const [field, key] of [['resolution', 'resolution'], ['maxPixels', 'max_pixels']] as const) {
    if (c[field] !== null && c.images === 0) return { ok: false, error: { code: 'conflict', key, value: String(c[field]), detail: 'it describes the images of a sample: add `images:<n>` (images per sample).' } };
  }
  if (c.maxPixels !== null && v.processing.kind === 'qwen2_5_vl' && c.maxPixels < v.processing.minPixels) {
    return { ok: false, error: { code: 'out_of_range', key: 'max_pixels', value: String(c.maxPixels), range: { min: v.processing.minPixels, max: 100_000_000 }, detail: `${arch.name}'s processor keeps at least min_pixels ${v.processing.minPixels} per image (56 x 56).` } };
  }
  if (c.maxPixels !== null && v.processing.kind !== 'qwen2_5_vl') {
    return { ok: false, error: { code: 'conflict', key: 'max_pixels', value: String(c.maxPixels), detail: `\`max_pixels\` is Qwen2.5-VL's image processor setting; ${arch.name}'s processor sizes images itself (${v.processing.kind}): give \`resolution\` instead.` } };
  }
  if (c.images > 0) {
    const l = configLayout(arch, c)!;
    const assumed: AssumedKey[] = [...built.assumed];
    if (c.resolution === null && c.maxPixels === null) assumed.push({ key: 'resolution', value: `${v.imageSize}`, why: `${arch.name}'s own crop size (${v.imageSize} px square): ${l.note}` });
    return { ok: true, built: { config: c, assumed } };
  }
  return { ok: true, built: { config: c, assumed: [...built.assumed, { key: 'images', value: '0', why: `${arch.name} is a vision-language model: without \`images\` this is a text-only estimate (its tower's weights are loaded, no image runs through it); add \`images:1\`` }] } };
}

// ── Serving ──────────────────────────────────────────────────────────────────────────────────

/**
 * The largest image the model's processor produces (what vLLM's dummy inputs use for profiling,
 * `get_image_size_with_most_features`): Qwen2.5-VL a square filling `max_pixels` (the processor's
 * 12,845,056 unless `max_pixels` is given: 16,384 tokens), LLaVA-NeXT its largest pinpoint grid,
 * Pixtral and SmolVLM their longest edge, InternVL `max_dynamic_patch` tiles + thumbnail (a 4:3
 * image: 4 x 3 = 12), Phi-3.5-vision `num_crops`, mllama its 4 tiles, the fixed crops themselves.
 */
export function largestImageLayout(v: VisionTower, maxPixels: number | null): ImageLayout {
  const pr = v.processing;
  switch (pr.kind) {
    case 'qwen2_5_vl': {
      const side = Math.floor(Math.sqrt(maxPixels ?? pr.maxPixels));
      return imageLayout(v, side, side, maxPixels);
    }
    case 'anyres': {
      let best = imageLayout(v, pr.pinpoints[0]![1], pr.pinpoints[0]![0]);
      for (const [h, w] of pr.pinpoints) {
        const l = imageLayout(v, w, h);
        if (l.sequenceTokens > best.sequenceTokens) best = l;
      }
      return best;
    }
    case 'pixtral':
    case 'idefics3':
      return imageLayout(v, pr.longestEdge, pr.longestEdge);
    case 'internvl':
      return imageLayout(v, 4 * v.imageSize, 3 * v.imageSize);
    default:
      return imageLayout(v, v.imageSize, v.imageSize);
  }
}

/** vLLM's encoder budget default: `max_num_encoder_input_tokens` = `max_num_batched_tokens` (vllm/config SchedulerConfig). */
export interface EncoderProfile {
  /** Largest images the encoder budget holds at once (at least one: compute_encoder_budget). */
  readonly items: number;
  readonly layout: ImageLayout;
  /** The tower's forward peak over `items` images (no autograd; vLLM's ViT attention keeps no scores). */
  readonly encoderBytes: number;
  /** Their outputs, kept in the encoder cache while the text model's dummy run follows (items x tokens x hidden x p). */
  readonly cacheBytes: number;
}

/**
 * vLLM's profiling of a VLM (v1/worker/gpu_model_runner.py `profile_run`): before the text dummy
 * run it runs the encoder over `max_mm_items_per_batch` dummy images of the maximum feature size,
 * `max(1, encoder budget / tokens per image)` with the budget max(max_num_batched_tokens, tokens per
 * image) (v1/core/encoder_cache_manager.py `compute_encoder_budget`), and keeps the outputs in the
 * encoder cache (`encoder_cache["tmp"]`) through the text dummy run. It does so for every VLM,
 * whether or not requests carry images (unless `--limit-mm-per-prompt` sets images to 0).
 * null for a text model.
 */
export function vllmEncoderProfile(s: Setup, batchedTokens: number): EncoderProfile | null {
  const v = s.model.vision;
  if (!v || !s.layout.stage.embedding) return null;
  const layout = largestImageLayout(v, s.cfg.maxPixels);
  const tokens = Math.max(1, layout.crossTokens > 0 ? layout.crossTokens : layout.features);
  const items = Math.max(1, Math.floor(Math.max(batchedTokens, tokens) / tokens));
  const encoderBytes = towerTransientBytes({ ...s, cfg: { ...s.cfg, attention: 'sdpa' } }, v, layout, items);
  const cacheBytes = items * tokens * s.model.hidden * s.p;
  return { items, layout, encoderBytes, cacheBytes };
}

/**
 * HF generate's vision forward at prefill (no autograd): the tower's transient over every image of
 * the batch, before the text prefill; its features then live in the prompt's embeddings. 0 for a
 * text model or without images.
 */
export function hfVisionForwardBytes(s: Setup): number {
  const v = s.model.vision;
  if (!v || !s.layout.stage.embedding) return 0;
  const l = configLayout(s.model, s.cfg);
  return l ? towerTransientBytes(s, v, l, s.cfg.batch * s.cfg.images) : 0;
}
