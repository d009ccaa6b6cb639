/**
 * Weight formats: what a quantized weight costs in bytes (scales, zeros and block metadata
 * included), which tensors each format's tooling leaves in 16-bit, and the transients its kernels
 * allocate. Every format is modelled from its real layout, per linear kind of the GPU's view of the
 * model (`Setup.linears`), so tensor/pipeline/expert parallelism and ZeRO apply unchanged.
 *
 * Which tensors each format quantizes:
 * - bitsandbytes (`nf4`, `fp4`, `int8`): every `nn.Linear` of the decoder but the MoE router
 *   (transformers `get_keys_to_not_convert` keeps lm_head; QLoRA recipes skip the router gate).
 * - `awq-int4`: the linears inside the decoder layers only (AutoAWQ awq/quantize/quantizer.py
 *   `get_named_linears(self.modules[i])` over `get_model_layers`, minus `modules_to_not_convert`,
 *   e.g. Mixtral's `gate` router, awq/models/mixtral.py); embeddings, lm_head, norms stay fp16.
 * - `gptq-int4` / `gptq-int8`: the `inside_layer_modules` of each decoder layer (AutoGPTQ
 *   auto_gptq/modeling/llama.py, mixtral.py: attention and MLP/expert projections, no router);
 *   `outside_layer_modules` (embed_tokens, norm) and lm_head stay 16-bit.
 * - `fp8`, `fp8-block`: every decoder Linear; llm-compressor's FP8 recipes pass `ignore=["lm_head"]`
 *   (and the MoE router gates), DeepSeek-V3 ships its router (`mlp.gate`), embeddings and lm_head
 *   in bf16; transformers' fine-grained FP8 skips lm_head (`get_modules_to_not_convert`).
 * - `mxfp4`: the routed experts only (transformers quantizer_mxfp4.py `param_needs_quantization`:
 *   only `Mxfp4GptOssExperts` weights, their biases excluded; gpt-oss `modules_to_not_convert`:
 *   self_attn, router, embed_tokens, lm_head).
 * - GGUF (`q8_0` ... `q4_0`, and `mxfp4` / `none` on llama.cpp): every 2-D weight named `*weight`
 *   but norms and the router `ffn_gate_inp` (src/llama-quant.cpp `tensor_allows_quantization`),
 *   token_embd and output included, each at the type `llama_tensor_get_type` picks; 1-D tensors,
 *   norms, biases, the router and learned positions are F32 (convert_hf_to_gguf.py
 *   `prepare_tensors`: "Some tensor types are always in float32"). A vision tower is a separate
 *   mmproj file, not loaded for text.
 */
import type { LinearKind } from '../model/params';
import type { Setup } from './setup';
import {
  AWQ_DEQUANT_TOKENS_HF, AWQ_DEQUANT_TOKENS_VLLM, FP8_BLOCK, FP8_BLOCK_SCALE_BYTES, FP8_SCALE_BYTES_VLLM, FP8_WEIGHT_BYTES,
  GGML_TYPES, GPTQ_G_IDX_BYTES, GROUP_SCALE_BYTES, INT8_BYTES_PER_PARAM, INT8_ROW_SCALE_BYTES, MARLIN_C_TMP_BYTES,
  MARLIN_GROUP_SIZES, MXFP4_BLOCK, MXFP4_BLOCK_BYTES, NF4_ABSMAX_BYTES_PER_PARAM, NF4_BYTES_PER_PARAM,
  NF4_DQ_ABSMAX_BYTES_PER_PARAM, VLLM_MAX_NUM_BATCHED_TOKENS,
} from './constants';

/** How a `quant` value is stored and run. */
export type FormatFamily = 'none' | 'bnb' | 'fp8' | 'fp8-block' | 'awq' | 'gptq' | 'mxfp4' | 'gguf';

/** The family of a `quant` value. */
export function formatFamily(quant: string): FormatFamily {
  switch (quant) {
    case 'nf4': case 'fp4': case 'int8': return 'bnb';
    case 'fp8': return 'fp8';
    case 'fp8-block': return 'fp8-block';
    case 'awq-int4': return 'awq';
    case 'gptq-int4': case 'gptq-int8': return 'gptq';
    case 'mxfp4': return 'mxfp4';
    case 'q8_0': case 'q6_k': case 'q5_k_m': case 'q4_k_m': case 'q4_0': return 'gguf';
    default: return 'none';
  }
}

/** Bits per weight of the AWQ/GPTQ integer formats. */
const intBits = (quant: string): number => (quant === 'gptq-int8' ? 8 : 4);

type Cfg = Pick<Setup['cfg'], 'quant' | 'mode' | 'engine' | 'group' | 'dq'>;

/** The weights are laid out as llama.cpp loads a GGUF file (serving on engine:llamacpp). */
export function isGgufLayout(c: Pick<Cfg, 'mode' | 'engine'>): boolean {
  return c.mode === 'infer' && c.engine === 'llamacpp';
}

/** The format in effect: bitsandbytes and the checkpoint formats only where the setup quantizes. */
function effectiveFamily(s: Pick<Setup, 'cfg' | 'quantized'>): FormatFamily {
  if (isGgufLayout(s.cfg)) return 'gguf';
  return s.quantized ? formatFamily(s.cfg.quant) : 'none';
}

/** vLLM and SGLang (which runs vLLM's / sgl-kernel's Marlin) on a Marlin-compatible group size. */
function marlin(c: Cfg): boolean {
  return c.mode === 'infer' && (c.engine === 'vllm' || c.engine === 'sglang') && MARLIN_GROUP_SIZES.includes(c.group);
}

/** Whether the format quantizes this decoder linear (see the module comment). */
export function quantizesLinear(family: FormatFamily, l: LinearKind): boolean {
  if (family === 'none') return false;
  if (family === 'mxfp4') return l.module.startsWith('experts.');
  return l.quantizable;
}

const weightsOf = (l: LinearKind): number => l.instances * l.inFeatures * l.outFeatures;

/**
 * Bytes of one linear kind's quantized weights, all instances, scales, zeros and indices included.
 * - nf4/fp4: 0.5 B + fp32 absmax per 64 (or double-quantized); int8: 1 B + fp32 scale per row.
 * - fp8: 1 B + fp32 scale per output row on vLLM/SGLang; on transformers the compressed-tensors
 *   `CompressedLinear` decompresses each FP8 weight to the model dtype on its first forward and
 *   keeps it (compressed_tensors/linear/compressed_linear.py `forward`: `decompress_module`, then
 *   `register_offload_parameter(self, "weight", ...)`), so the served weight is 16-bit plus its
 *   16-bit row scale.
 * - fp8-block: 1 B + fp32 per 128 x 128 block.
 * - awq: 4 bits + (fp16 scale + 4-bit zero) per `group` along the input.
 * - gptq: bits/8 + (fp16 scale + packed zero) per group + int32 g_idx per input channel
 *   (transformers/AutoGPTQ, and vLLM's plain gptq kernel); vLLM/SGLang Marlin (symmetric GPTQ,
 *   group in {32, 64, 128}) frees qzeros and, without desc_act, g_idx (vllm .../mixed_precision/marlin.py
 *   `process_weights_after_loading`: `marlin_make_empty_g_idx`, `w_zp` empty): bits/8 + fp16 per group.
 * - mxfp4: 17 B per 32.
 */
export function linearFormatBytes(s: Pick<Setup, 'cfg' | 'weightBytes'>, family: FormatFamily, l: LinearKind): number {
  const w = weightsOf(l);
  const rows = l.instances * l.outFeatures;
  const c = s.cfg;
  switch (family) {
    case 'bnb':
      if (c.quant === 'int8') return w * INT8_BYTES_PER_PARAM + rows * INT8_ROW_SCALE_BYTES;
      return w * (NF4_BYTES_PER_PARAM + (c.dq ? NF4_DQ_ABSMAX_BYTES_PER_PARAM : NF4_ABSMAX_BYTES_PER_PARAM));
    case 'fp8':
      if (c.mode === 'infer' && c.engine === 'hf') return w * s.weightBytes + rows * s.weightBytes;
      return w * FP8_WEIGHT_BYTES + rows * FP8_SCALE_BYTES_VLLM;
    case 'fp8-block':
      return w * FP8_WEIGHT_BYTES + l.instances * Math.ceil(l.outFeatures / FP8_BLOCK) * Math.ceil(l.inFeatures / FP8_BLOCK) * FP8_BLOCK_SCALE_BYTES;
    case 'awq': {
      const groups = l.instances * Math.ceil(l.inFeatures / c.group) * l.outFeatures;
      return w * 0.5 + groups * (GROUP_SCALE_BYTES + 0.5);
    }
    case 'gptq': {
      const b = intBits(c.quant) / 8;
      const groups = l.instances * Math.ceil(l.inFeatures / c.group) * l.outFeatures;
      if (marlin(c)) return w * b + groups * GROUP_SCALE_BYTES;
      return w * b + groups * (GROUP_SCALE_BYTES + b) + l.instances * l.inFeatures * GPTQ_G_IDX_BYTES;
    }
    case 'mxfp4':
      return (w / MXFP4_BLOCK) * MXFP4_BLOCK_BYTES;
    default:
      return w * s.weightBytes;
  }
}

/** Bytes per parameter of what a format leaves unquantized (embeddings, lm_head, norms, biases, router, extras). */
function restBytesPerParam(s: Pick<Setup, 'nonQuantBytes' | 'weightBytes'>, family: FormatFamily): number {
  // PEFT prepare_model_for_kbit_training casts fp16/bf16 parameters to fp32, except for GPTQ
  // (and aqlm/eetq/hqq/torchao) models (peft/utils/other.py: `if not is_gptq_quantized and ...`).
  if (family === 'bnb' || family === 'awq') return s.nonQuantBytes;
  return s.weightBytes;
}

/** Short description of a format's per-weight layout, for the formula. */
export function formatLabel(s: Pick<Setup, 'cfg'>, family: FormatFamily): string {
  const c = s.cfg;
  switch (family) {
    case 'bnb':
      if (c.quant === 'int8') return 'LLM.int8: 1 B + fp32 scale per row';
      return `${c.quant}: 4 bits + ${c.dq ? 'double-quantized absmax' : 'fp32 absmax per 64'}`;
    case 'fp8':
      return c.mode === 'infer' && c.engine === 'hf'
        ? 'fp8 decompressed to 16-bit by compressed-tensors on the first forward'
        : 'fp8 e4m3: 1 B + fp32 scale per output channel';
    case 'fp8-block': return 'fp8 e4m3: 1 B + fp32 scale per 128x128 block';
    case 'awq': return `AWQ int4: 4 bits + fp16 scale and 4-bit zero per ${c.group}`;
    case 'gptq': {
      const bits = intBits(c.quant);
      return marlin(c)
        ? `GPTQ int${bits} (Marlin): ${bits} bits + fp16 scale per ${c.group}`
        : `GPTQ int${bits}: ${bits} bits + fp16 scale and ${bits}-bit zero per ${c.group} + int32 g_idx per input`;
    }
    case 'mxfp4': return 'MXFP4: 4-bit e2m1 + e8m0 scale per 32';
    default: return '';
  }
}

// ─── GGUF (llama.cpp) ─────────────────────────────────────────────────────────────────────

export type GgmlType = keyof typeof GGML_TYPES;

/** Bytes per weight of a GGML type. */
export const ggmlBytes = (t: GgmlType): number => GGML_TYPES[t].bytes / GGML_TYPES[t].block;

/** The `llama_ftype` default tensor type of each GGUF `quant` (src/llama-quant.cpp `llama_ftype_get_default_type`). */
const GGUF_DEFAULT: Readonly<Record<string, GgmlType>> = { q8_0: 'q8_0', q6_k: 'q6_K', q5_k_m: 'q5_K', q4_k_m: 'q4_K', q4_0: 'q4_0', mxfp4: 'mxfp4' };

type Category = 'token_embd' | 'output' | 'attn_q' | 'attn_k' | 'attn_v' | 'attn_output' | 'ffn_gate' | 'ffn_up' | 'ffn_down' | 'other';

/**
 * llama.cpp architectures whose GGUF stores q, k and v as one `attn_qkv` tensor, which
 * `category_is_attn_v` treats like attn_v (src/llama-quant.cpp): Falcon, GPT-NeoX (Pythia,
 * StableLM-Alpha), Phi-2, Phi-3/Phi-4 (`Phi3ForCausalLM`) and StarCoder (gpt_bigcode), as their
 * convert_hf_to_gguf.py mappings write them.
 */
const FUSED_QKV_FAMILIES: ReadonlySet<string> = new Set(['falcon', 'pythia', 'stablelm-alpha', 'phi', 'phi-3', 'phi-4', 'starcoder']);

/** The GGUF tensor category of a decoder linear (`tensor_get_category`, by the GGUF name it is written under). */
function category(family: string, l: LinearKind): Category {
  const m = l.module.replace(/^(experts|shared_experts|dense)\./, '');
  switch (m) {
    case 'q_proj': return FUSED_QKV_FAMILIES.has(family) ? 'attn_v' : 'attn_q';
    case 'k_proj': return FUSED_QKV_FAMILIES.has(family) ? 'attn_v' : 'attn_k';
    // attn_v, the fused attn_qkv and MLA's attn_kv_b all count as attn_v (`category_is_attn_v`).
    case 'v_proj': case 'kv_b_proj': return 'attn_v';
    case 'o_proj': return 'attn_output';
    case 'gate_proj': return 'ffn_gate';
    case 'up_proj': case 'fc1': return 'ffn_up';
    case 'down_proj': case 'fc2': return 'ffn_down';
    default: return 'other'; // attn_q_a, attn_q_b, attn_kv_a_mqa
  }
}

/** `use_more_bits` of src/llama-quant.cpp: the first and last eighth of the layers and every third in between. */
export function useMoreBits(i: number, n: number): boolean {
  const e = Math.trunc(n / 8);
  return i < e || i >= Math.trunc((7 * n) / 8) || (i - e) % 3 === 2;
}

/** `tensor_type_fallback`: a row length the type's block does not divide falls back (Q4_K -> Q5_0, Q5_K -> Q5_1, Q6_K -> Q8_0, else F16). */
function fallback(t: GgmlType, ncols: number): GgmlType {
  if (ncols % GGML_TYPES[t].block === 0) return t;
  const next: Partial<Record<GgmlType, GgmlType>> = { q4_K: 'q5_0', q5_K: 'q5_1', q6_K: 'q8_0' };
  const r = next[t] ?? 'f16';
  return ncols % GGML_TYPES[r].block === 0 ? r : 'f16';
}

interface GgufModel {
  readonly quant: string;
  readonly layers: number;
  readonly experts: number;
  readonly falcon: boolean;
  /** llama.cpp's `LLM_TYPE_70B` (llama and qwen2 with 80 layers). */
  readonly is70b: boolean;
  readonly tied: boolean;
}

/**
 * The type `llama_tensor_get_type_impl` (src/llama-quant.cpp) gives one tensor, for the GGUF types
 * of the key table, then `tensor_type_fallback` for its row length:
 * - output (and a tied token_embd): Q6_K, or Q8_0 for q8_0 files, Falcon, MXFP4_MOE, or a row
 *   length the default block does not divide;
 * - attn_v (and attn_qkv, attn_kv_b): Q6_K in the `use_more_bits` layers for Q4_K_M/Q5_K_M; Q5_K
 *   for the 70B type where it would be Q4_K; Q8_0 with 8 experts (Mixtral); attn_k Q8_0 with 8 experts;
 * - ffn_down: Q6_K in the `use_more_bits` layers for Q4_K_M and Q5_K_M (Falcon Q4_K_M: Q6_K in the
 *   first sixteenth, Q5_K in the `use_more_bits` layers);
 * - attn_output: Q5_K for Q4_K_M with 8 experts;
 * - `mxfp4` on llama.cpp is `LLAMA_FTYPE_MOSTLY_MXFP4_MOE`: the 3-D expert tensors MXFP4, every
 *   other quantized tensor Q8_0;
 * - everything else the file type's default.
 */
export function ggufTensorType(m: GgufModel, cat: Category, layer: number, ncols: number, expert3d: boolean): GgmlType {
  const def = GGUF_DEFAULT[m.quant];
  if (def === undefined) return 'f16';
  const L = m.layers;
  let t: GgmlType = def;
  if (cat === 'output' || (m.tied && cat === 'token_embd')) {
    if (m.quant === 'mxfp4' || m.falcon || ncols % GGML_TYPES[def].block !== 0) t = 'q8_0';
    else if (def !== 'q8_0') t = 'q6_K';
  } else if (m.quant === 'mxfp4') {
    t = expert3d ? 'mxfp4' : 'q8_0';
  } else if (cat === 'attn_v') {
    if ((m.quant === 'q4_k_m' || m.quant === 'q5_k_m') && useMoreBits(layer, L)) t = 'q6_K';
    if (m.is70b && t === 'q4_K') t = 'q5_K';
    if (m.experts === 8) t = 'q8_0';
  } else if (cat === 'attn_k') {
    if (m.experts === 8) t = 'q8_0';
  } else if (cat === 'ffn_down') {
    if (m.quant === 'q4_k_m') {
      if (m.falcon) t = layer < Math.trunc(L / 16) ? 'q6_K' : useMoreBits(layer, L) ? 'q5_K' : 'q4_K';
      else if (useMoreBits(layer, L)) t = 'q6_K';
    } else if (m.quant === 'q5_k_m' && useMoreBits(layer, L)) t = 'q6_K';
  } else if (cat === 'attn_output') {
    if (!m.falcon && m.experts === 8 && m.quant === 'q4_k_m') t = 'q5_K';
  }
  return fallback(t, ncols);
}

function ggufModel(s: Pick<Setup, 'cfg' | 'model'>): GgufModel {
  const a = s.model;
  return {
    quant: s.cfg.quant,
    layers: a.layers,
    experts: a.moe?.experts ?? 0,
    falcon: a.family === 'falcon',
    is70b: !a.moe && a.layers === 80 && a.kvHeads < a.heads,
    tied: a.tiedEmbeddings,
  };
}

/** One piece of the weights: what it is, how many parameters, and its bytes. */
export interface WeightPart {
  readonly what: string;
  readonly params: number;
  readonly bytes: number;
  /** A quantized part (false: what the format leaves in 16/32-bit). */
  readonly quantized: boolean;
}

/** Where llama.cpp puts the bytes of a GGUF file: the input layer, each block (this GPU's view), the output layer. */
export interface GgufPlacement {
  /** token_embd (+ learned positions): always in host RAM (src/llama-model.cpp: "very little benefit to offloading the input layer"). */
  readonly inputBytes: number;
  /** Each decoder block's tensors, in layer order (the stage's layers). */
  readonly blockBytes: readonly number[];
  /** The output layer: output.weight (a tied head's duplicate of token_embd) + output_norm. */
  readonly outputBytes: number;
  /** Whether the output tensor is a duplicate of token_embd (tied embeddings): not in the file twice. */
  readonly outputDuplicated: boolean;
}

/** The global indices of the layers a linear kind occupies on this GPU's stage. */
function layersOf(s: Pick<Setup, 'arch' | 'model' | 'layout'>, l: LinearKind): number[] {
  const first = s.layout.stage.firstLayer;
  const n = s.arch.layers;
  const dense = s.model.moe?.denseLayers ?? 0;
  const all = Array.from({ length: n }, (_, i) => first + i);
  if (!s.model.moe) return all;
  if (l.module.startsWith('dense.')) return all.filter((g) => g < dense);
  if (l.module.startsWith('experts.') || l.module.startsWith('shared_experts.') || l.module === 'router') return all.filter((g) => g >= dense);
  return all;
}

/** The GGUF file's tensors for this GPU's view: parts by GGML type and their placement. */
export function ggufWeights(s: Setup): { parts: WeightPart[]; placement: GgufPlacement; total: number } {
  const m = ggufModel(s);
  const none = GGUF_DEFAULT[s.cfg.quant] === undefined;
  const f16 = s.weightBytes; // quant:none on llama.cpp: an F16/BF16 GGUF (F32 for precision:fp32)
  const bytesOf = (t: GgmlType): number => (t === 'f16' ? f16 : ggmlBytes(t));
  const byType = new Map<GgmlType, { params: number; bytes: number }>();
  const add = (t: GgmlType, params: number): number => {
    const b = params * bytesOf(t);
    const e = byType.get(t) ?? { params: 0, bytes: 0 };
    byType.set(t, { params: e.params + params, bytes: e.bytes + b });
    return b;
  };
  let f32Params = 0;
  const first = s.layout.stage.firstLayer;
  const blockBytes = new Array<number>(s.arch.layers).fill(0);
  for (const l of s.linears) {
    const layers = layersOf(s, l);
    if (layers.length === 0 || l.instances === 0) continue;
    const per = l.instances / layers.length;
    const cat = category(s.model.family, l);
    for (const g of layers) {
      const slot = g - first;
      const biasParams = l.bias ? per * l.outFeatures : 0;
      f32Params += biasParams;
      let b = biasParams * 4;
      if (!l.quantizable) {
        // The router (ffn_gate_inp) is F32 in the file and never quantized.
        f32Params += per * l.inFeatures * l.outFeatures;
        b += per * l.inFeatures * l.outFeatures * 4;
      } else {
        const t = none ? 'f16' : ggufTensorType(m, cat, g, l.inFeatures, l.module.startsWith('experts.'));
        b += add(t, per * l.inFeatures * l.outFeatures);
      }
      blockBytes[slot] = (blockBytes[slot] ?? 0) + b;
    }
  }
  const a = s.arch;
  const p = s.params;
  // Router bias (DeepSeek exp_probs_b), norms and attention sinks: F32, spread over the blocks.
  const routerBias = p.linear - s.linears.reduce((x, l) => x + l.instances * (l.inFeatures * l.outFeatures + (l.bias ? l.outFeatures : 0)), 0);
  const finalNorm = s.layout.stage.head ? (a.norm === 'layernorm' && a.normBias !== false ? 2 : 1) * a.hidden : 0;
  const blockSmall = Math.max(0, p.norms - finalNorm) + Math.max(0, routerBias);
  f32Params += blockSmall + finalNorm + p.positional;
  for (let i = 0; i < blockBytes.length; i++) blockBytes[i] = (blockBytes[i] ?? 0) + (blockSmall * 4) / Math.max(1, blockBytes.length);
  const hidden = a.hidden;
  const embT: GgmlType = none ? 'f16' : ggufTensorType(m, 'token_embd', 0, hidden, false);
  const inputBytes = add(embT, p.embedding) + p.positional * 4;
  const headWeights = s.head.instances * s.head.inFeatures * s.head.outFeatures;
  const headBias = s.head.instances > 0 && s.head.bias ? s.head.outFeatures : 0;
  f32Params += headBias;
  const outT: GgmlType = none ? 'f16' : ggufTensorType(m, 'output', 0, hidden, false);
  // A tied head is not a tensor of its own: llama.cpp duplicates token_embd for the output layer.
  const duplicated = p.lmHead - headBias <= 0 && headWeights > 0;
  const outputBytes = (duplicated ? headWeights * bytesOf(embT) : add(outT, headWeights)) + (headBias + finalNorm) * 4;
  const parts: WeightPart[] = [];
  const order: GgmlType[] = ['f16', 'mxfp4', 'q4_0', 'q4_1', 'q4_K', 'q5_0', 'q5_1', 'q5_K', 'q6_K', 'q8_0'];
  for (const t of order) {
    const e = byType.get(t);
    if (e && e.params > 0) parts.push({ what: t === 'f16' ? (f16 === 4 ? 'F32' : 'F16') : t.toUpperCase(), params: e.params, bytes: e.bytes, quantized: t !== 'f16' });
  }
  if (f32Params > 0) parts.push({ what: 'F32 norms, biases, router', params: f32Params, bytes: f32Params * 4, quantized: false });
  const total = parts.reduce((x, q) => x + q.bytes, 0);
  return { parts, placement: { inputBytes, blockBytes, outputBytes, outputDuplicated: duplicated }, total };
}

// ─── every format ─────────────────────────────────────────────────────────────────────────

/** The weights of this GPU's view of the model in the config's format, before ZeRO/FSDP sharding or offload. */
export interface WeightLayout {
  readonly family: FormatFamily;
  readonly parts: readonly WeightPart[];
  /** Weights the format quantizes (linear weights, biases excluded). */
  readonly quantParams: number;
  readonly quantBytes: number;
  /** Everything else (embeddings, lm_head, norms, biases, router, extras) at the format's dtype. */
  readonly restBytes: number;
  readonly totalBytes: number;
  /** GGUF: where llama.cpp puts the bytes. */
  readonly gguf?: GgufPlacement;
}

/**
 * Base weights in the config's format: per quantized linear kind {@link linearFormatBytes}, the
 * rest at the format's unquantized dtype; GGUF (engine:llamacpp) tensor by tensor
 * ({@link ggufWeights}). Vision towers (`extraFrozenParams`) load with the checkpoint formats
 * (unquantized) but are a separate mmproj file for llama.cpp.
 */
export function weightLayout(s: Setup): WeightLayout {
  const family = effectiveFamily(s);
  if (family === 'gguf') {
    const g = ggufWeights(s);
    const quantParams = g.parts.filter((p) => p.quantized).reduce((x, p) => x + p.params, 0);
    const quantBytes = g.parts.filter((p) => p.quantized).reduce((x, p) => x + p.bytes, 0);
    return { family, parts: g.parts, quantParams, quantBytes, restBytes: g.total - quantBytes, totalBytes: g.total, gguf: g.placement };
  }
  if (family === 'none') {
    const total = s.params.total * s.weightBytes;
    return { family, parts: [], quantParams: 0, quantBytes: 0, restBytes: total, totalBytes: total };
  }
  let quantParams = 0;
  let quantBytes = 0;
  const targets: string[] = [];
  for (const l of s.linears) {
    if (!quantizesLinear(family, l) || l.instances === 0) continue;
    quantParams += weightsOf(l);
    quantBytes += linearFormatBytes(s, family, l);
    const name = l.target ?? l.module;
    if (!targets.includes(name)) targets.push(name);
  }
  const restParams = s.params.total - quantParams;
  const restBpp = restBytesPerParam(s, family);
  const restBytes = restParams * restBpp;
  const parts: WeightPart[] = [];
  if (quantParams > 0) parts.push({ what: `${family === 'mxfp4' ? 'experts ' : ''}${targets.join(',')} (${formatLabel(s, family)})`, params: quantParams, bytes: quantBytes, quantized: true });
  parts.push({ what: `embeddings, lm_head, norms, biases${s.model.moe ? ', router' : ''}${family === 'mxfp4' ? ', attention' : ''}${s.params.extra > 0 ? `, ${s.model.extraFrozenParams?.what ?? 'extra tower'}` : ''} in ${restBpp * 8}-bit`, params: restParams, bytes: restBytes, quantized: false });
  return { family, parts, quantParams, quantBytes, restBytes, totalBytes: quantBytes + restBytes };
}

/** Average bytes per quantized weight of the config's format (scales included); the weight dtype when nothing is quantized. */
export function averageQuantBytes(s: Setup): number {
  const w = weightLayout(s);
  return w.quantParams > 0 ? w.quantBytes / w.quantParams : s.weightBytes;
}

// ─── kernel transients ────────────────────────────────────────────────────────────────────

type TransientSetup = Pick<Setup, 'quantized' | 'linears' | 'p'> & Partial<Pick<Setup, 'cfg' | 'train' | 'tokens'>>;

/** The largest quantized linear weight of one instance (elements). */
function largestQuantized(s: Pick<Setup, 'linears'>, family: FormatFamily): number {
  let largest = 0;
  for (const l of s.linears) if (l.instances > 0 && quantizesLinear(family, l)) largest = Math.max(largest, l.inFeatures * l.outFeatures);
  return largest;
}

/**
 * What the format's kernels allocate beside the weights for one matmul, and why:
 * - bitsandbytes (any engine): the dequantized copy of the weight in the compute dtype for a
 *   multi-token matmul (bnb `MatMul4Bit` / int8 `dequantize`): the largest quantized weight x p.
 * - AWQ on transformers (AutoAWQ `WQLinearMMFunction`): an fp16 copy of the weight when
 *   batch x tokens >= 1024 (`dequantize_weights_cuda` then `torch.matmul`), and always in
 *   backward. On vLLM/SGLang: `awq_marlin` (Marlin group sizes): Marlin's fp32 reduce scratch
 *   ({@link MARLIN_C_TMP_BYTES}); otherwise the plain `awq` kernel's fp16 copy from 256 tokens.
 * - GPTQ on transformers: exllama's fixed dequant scratch, sized for the largest layer in fp16
 *   (AutoGPTQ modeling/_utils.py `autogptq_post_init`: `temp_dq` of `max_dq_buffer_size`,
 *   "required to dequantize weights when using cuBLAS, typically for the prefill"; exllamav2's
 *   `temp_dq_size` = in x out x 2). Training assumes a kernel that dequantizes one weight at a time
 *   for its backward. vLLM/SGLang: `gptq_marlin` scratch; the plain `gptq` kernel allocates an fp16
 *   `temp_dq` of the whole weight per call (csrc/quantization/gptq/q_gemm.cu `gptq_gemm`).
 * - FP8 (cutlass `scaled_mm`, fp8 Marlin on Ampere, transformers' triton block matmul), MXFP4
 *   (triton_kernels / Marlin) and GGUF (llama.cpp's MMQ kernels quantize the activations, not
 *   dequantize the weights, on Turing and newer: ggml-cuda/mmq.cu `ggml_cuda_should_use_mmq`):
 *   no weight-sized copy; their activation-sized buffers are in the prefill terms.
 */
export function kernelTransient(s: TransientSetup): { bytes: number; what: string } {
  if (s.cfg === undefined) {
    // Callers without the config (tests of the old signature): the bitsandbytes behaviour.
    if (!s.quantized) return { bytes: 0, what: '' };
    return { bytes: largestQuantized(s, 'bnb') * s.p, what: 'dequantized copy of the largest quantized weight' };
  }
  const c = s.cfg;
  if (isGgufLayout(c) || !s.quantized) return { bytes: 0, what: '' };
  const family = formatFamily(c.quant);
  const largest = largestQuantized(s, family);
  const train = s.train === true;
  const tokens = s.tokens ?? 0;
  const vllmLike = !train && (c.engine === 'vllm' || c.engine === 'sglang');
  switch (family) {
    case 'bnb':
      return { bytes: largest * s.p, what: 'bitsandbytes dequantizes the weight for a multi-token matmul' };
    case 'awq':
      if (vllmLike) {
        if (marlin(c)) return { bytes: MARLIN_C_TMP_BYTES, what: 'awq_marlin fp32 reduce scratch' };
        const chunk = Math.min(tokens, c.batchedTokens ?? VLLM_MAX_NUM_BATCHED_TOKENS);
        return chunk >= AWQ_DEQUANT_TOKENS_VLLM ? { bytes: largest * 2, what: 'vLLM awq: fp16 copy of the weight from 256 tokens' } : { bytes: 0, what: '' };
      }
      if (train || tokens >= AWQ_DEQUANT_TOKENS_HF) return { bytes: largest * 2, what: 'AutoAWQ: fp16 copy of the weight (>= 1024 tokens, and in backward)' };
      return { bytes: 0, what: '' };
    case 'gptq':
      if (vllmLike && marlin(c)) return { bytes: MARLIN_C_TMP_BYTES, what: 'gptq_marlin fp32 reduce scratch' };
      return { bytes: largest * 2, what: vllmLike ? 'vLLM gptq: fp16 temp_dq of the weight' : 'exllama dequant scratch (fp16, largest layer)' };
    default:
      return { bytes: 0, what: '' };
  }
}

/**
 * Bytes of the transient the format's kernels add to one matmul ({@link kernelTransient}); for
 * bitsandbytes the dequantized 16-bit copy of the largest quantized weight (0 when the base is
 * not quantized).
 */
export function dequantBufferBytes(s: TransientSetup): number {
  return kernelTransient(s).bytes;
}

/**
 * What the estimate assumes about the config's weight format, one line each, for the reply's
 * modelling assumptions (estimate.ts `assumptionsOf` can push them under the topic `quant`).
 */
export function formatNotes(s: Setup): string[] {
  const family = effectiveFamily(s);
  const c = s.cfg;
  const out: string[] = [];
  switch (family) {
    case 'fp8':
      out.push(c.mode === 'infer' && c.engine === 'hf'
        ? 'fp8 on transformers: compressed-tensors FP8-Dynamic checkpoint, decompressed to 16-bit on the first forward (CompressedLinear)'
        : 'fp8: FP8-Dynamic (one fp32 scale per output channel); per-tensor checkpoints are ~0.001 B/weight smaller');
      break;
    case 'awq':
      out.push(c.mode === 'infer' && c.engine !== 'hf' ? `awq: ${marlin(c) ? 'awq_marlin kernels (Marlin scratch only)' : 'plain awq kernel (group size not Marlin\'s): fp16 copy of a weight per prefill matmul'}` : 'awq: AutoAWQ GEMM kernels (fp16 copy of the weight from 1,024 tokens and in backward)');
      break;
    case 'gptq':
      out.push(c.mode === 'infer' && c.engine !== 'hf'
        ? `gptq: ${marlin(c) ? 'gptq_marlin (symmetric, no desc_act: qzeros and g_idx freed)' : 'plain gptq kernel (group size not Marlin\'s)'}`
        : 'gptq: exllama kernels with their fp16 dequant scratch; g_idx kept; PEFT does not upcast GPTQ models');
      break;
    case 'mxfp4':
      out.push('mxfp4: routed experts only, unpadded (vLLM\'s Marlin/triton layouts pad to their tiles); transformers with the triton kernels installed (else it dequantizes to bf16)');
      break;
    case 'gguf':
      out.push(`GGUF: tensor types as llama-quant.cpp's llama_tensor_get_type assigns them for ${c.quant === 'none' ? 'F16' : c.quant}, no imatrix or --tensor-type overrides; MMQ kernels (no dequantized weight copies)`);
      break;
    default:
      break;
  }
  return out;
}
