/**
 * Activations: what autograd saves for backward, derived op by op for the model's own
 * architecture (README, "How the estimate is computed": Activations). Everything here is bytes *per token* of one layer
 * unless the name says otherwise; callers multiply by tokens and layers.
 *
 * Rules used (PyTorch autograd, HF modeling code):
 * - A linear saves its input only when its weight trains (full fine-tuning). A frozen base
 *   linear saves nothing; its LoRA adapter saves the input it reads (or its own dropout output
 *   and mask), and lora_B saves the rank-r intermediate. PEFT casts the input to the adapter's
 *   dtype: with fp32 adapters on a 16-bit model each adapter keeps its own 16-bit copy. A bitsandbytes 8-bit linear saves its
 *   input even though the weight is frozen (MatMul8bitLt keeps `A` in ctx.tensors); a 4-bit one did
 *   up to bitsandbytes 0.43.1 (`bnb:0.43.1`) and keeps only the quantized weight since 0.43.2.
 * - Tensors shared by several consumers are saved once, except under precision:mixed where
 *   the fp32 residual stream is cast to 16-bit separately for each autocast matmul.
 * - HF RMSNorm upcasts to fp32 and saves that copy; the normalized tensor is saved only when
 *   the norm weight trains. LayerNorm (native kernel) saves its input.
 * - SDPA/flash save q, k, v, the output and an fp32 logsumexp (no s^2 term); with sdpa/flash k
 *   and v are kept at KV-head width (GQA native: torch >= 2.5 `enable_gqa`, flash-attn
 *   natively). Eager attention expands k/v (`repeat_kv`) and saves the fp32 softmax and its
 *   16-bit copy: (4 + p) x heads x s per token.
 * - SiLU/GELU save their input; the gate x up product saves both operands.
 * - `compile:true` (torch.compile, inductor's min-cut partitioner): a fused RMSNorm keeps only
 *   its input and the fp32 rstd; the gated MLP's activation output is recomputed from the gate
 *   output. Measured: torchtune's Llama-3.2-3B ladder drops 9.0 GiB when compile is switched on
 *   (gt030 -> gt031); these two rules account for 8.8 GiB of it.
 * - `kernels:liger` (liger_kernel/ops): LigerRMSNorm saves X and the fp32 RSTD per row
 *   (rms_norm.py LigerRMSNormFunction.forward: `ctx.save_for_backward(X, W, RSTD)`), like the
 *   compiled norm; LigerSiLUMulFunction saves the gate and up outputs only and recomputes SiLU
 *   (swiglu.py: `ctx.save_for_backward(a, b)`); LigerRopeFunction saves cos and sin only
 *   (rope.py), as HF's rotary multiply already does: no change.
 * - `kernels:unsloth` (unsloth/kernels): Fast_RMS_Layernorm saves X and the fp32 rstd
 *   (rms_layernorm.py: `ctx.save_for_backward(X, W, r)`); with LoRA (no dropout) on all of
 *   q, k, v, LoRA_QKV saves only its input X (fast_lora.py: `save_for_backward(X, QA, QB, ...)`):
 *   no rank-r intermediates, no bitsandbytes input copy; LoRA_W (o_proj) saves X; with LoRA on
 *   gate, up and down, LoRA_MLP saves X and the gate and up outputs e, g (fast_lora.py:
 *   `save_for_backward(gateA, ..., X, e, g)`): the activation, the product and the rank
 *   intermediates are recomputed in backward.
 * - `act_offload:true` (torchtune OffloadActivations, training/_activation_offloading.py): with
 *   activation checkpointing every checkpoint goes to host RAM; forward keeps at most
 *   `max_fwd_stash_size` = 5 of them alive on the GPU while their copies stream out, backward
 *   the one in use and the one prefetched; the output head is left on the GPU (NoOpManager).
 */
import { bytes, count, fx, type Formula } from './formula';
import type { LinearKind } from '../model/params';
import { dequantBufferBytes } from './quant';
import { effectiveMlpWidth, isAdapted, type Setup } from './setup';
import { peftLayerTerms } from './peft';
import { visionActivations, type VisionActivations } from './vision';

/** One named saved tensor of a layer, in bytes per token. */
export interface ActTerm {
  readonly label: string;
  readonly bytesPerToken: number;
  /**
   * `seq`: a residual-width tensor (norm inputs, the inputs of column-parallel linears, the
   * router, the tokens sent to experts) that plain tensor parallelism keeps whole on every GPU
   * and sequence parallelism splits `tp` ways. Other terms are already per GPU in the GPU's view
   * of the model (heads/tp, f/tp).
   */
  readonly scope: Scope;
}

/** `seq`: split by sequence parallelism; `gpu`: already per GPU in the GPU's view. Always set, so every term has one shape. */
export type Scope = 'seq' | 'gpu';

/**
 * Model types Liger patches: the keys of liger_kernel/transformers/monkey_patch.py
 * MODEL_TYPE_TO_APPLY_LIGER_FN (AutoLigerKernelForCausalLM leaves any other model stock), and the
 * catalog families whose config.json model_type is one of them. Hub models carry their model_type
 * as the family.
 */
export const LIGER_MODEL_TYPES: ReadonlySet<string> = new Set([
  'deepseek_v4', 'gemma', 'gemma2', 'gemma3_text', 'gemma3', 'gemma4_text', 'gemma4', 'glm4', 'glm4v', 'glm4v_moe', 'gpt_oss', 'internvl',
  'llama', 'llama4_text', 'llama4', 'llava', 'granite', 'mllama', 'mllama_text_model', 'ministral', 'mistral', 'mixtral', 'nemotron', 'olmo2',
  'pixtral', 'olmo3', 'qwen2', 'qwen3', 'qwen3_moe', 'qwen2_vl', 'qwen2_vl_text', 'qwen2_5_vl', 'qwen2_5_vl_text', 'qwen3_next', 'qwen3_5',
  'qwen3_5_text', 'qwen3_5_moe', 'qwen3_5_moe_text', 'qwen3_vl', 'qwen3_vl_text', 'qwen3_vl_moe', 'qwen3_vl_moe_text', 'smollm3', 'phi3',
  'paligemma', 'falcon_h1', 'smolvlm', 'hunyuan_v1_dense', 'hunyuan_v1_moe', 'exaone4',
  // catalog families (src/catalog/models.ts) by their model_type
  'llama-2', 'llama-3', 'llama-3.1', 'llama-3.2', 'llama-3.3', 'codellama', 'tinyllama', 'smollm2', 'deepseek-r1-distill', 'qwen-2.5', 'qwen-3',
  'qwen-2.5-vl', 'gemma-2', 'gemma-3', 'mistral-small', 'mistral-nemo', 'phi-3', 'phi-4', 'llava-1.5', 'internvl-2.5', 'llama-4',
  'llama-3.2-vision', 'olmo-2',
]);

/** The kernels that act on this model: `kernels:liger` on a model type Liger does not patch runs the stock modules. */
export function activeKernels(s: Setup): 'none' | 'liger' | 'unsloth' {
  const k = s.cfg.kernels;
  if (k === 'liger' && !LIGER_MODEL_TYPES.has(s.arch.family)) return 'none';
  return k;
}

/** torchtune OffloadActivations `max_fwd_stash_size` default (training/_activation_offloading.py). */
export const ACT_OFFLOAD_FWD_STASH = 5;

/**
 * Whether Unsloth's fused LoRA autograd function covers these modules (unsloth/kernels/fast_lora.py):
 * `kernels:unsloth`, LoRA or QLoRA with no dropout (Unsloth's patch_peft_model applies the fast
 * paths only with lora_dropout 0 and bias none), every one of the modules adapted, a
 * sequential block without MLA.
 */
export function unslothFused(s: Setup, modules: readonly string[]): boolean {
  if (s.cfg.kernels !== 'unsloth' || (s.cfg.method !== 'lora' && s.cfg.method !== 'qlora') || s.cfg.dropout !== 0) return false;
  if (s.arch.mla || s.arch.parallelBlock) return false;
  return modules.every((m) => { const ls = find(s, m); return ls.length > 0 && ls.every((l) => isAdapted(s, l)); });
}

/** Whether the base layer `l` itself keeps its input: it trains, or it is a bitsandbytes layer. */
function baseSavesInput(s: Setup, l: LinearKind): boolean {
  return s.full || (s.quantized && l.quantizable && quantizedKeepsInput(s));
}

/**
 * Whether a frozen quantized linear keeps its input for backward: bitsandbytes int8
 * (`MatMul8bitLt.forward`: `ctx.tensors = (CAt, subA, A)` whenever a gradient flows) always; its
 * 4-bit `MatMul4Bit` only up to 0.43.1 (`ctx.tensors = (A, B)`; since 0.43.2 `(None, B)`:
 * bitsandbytes commit 9e75374, PR #1270; key `bnb`); other formats (GPTQ/AWQ kernels) are
 * assumed to keep it.
 */
export function quantizedKeepsInput(s: Setup): boolean {
  if (s.cfg.quant === 'nf4' || s.cfg.quant === 'fp4') return s.cfg.bnb === '0.43.1';
  return true;
}

/**
 * Bytes per token saved for one input tensor of width `w` read by `consumers`.
 * `inDtype` is the tensor's own dtype; consumers save it in the compute dtype `p`: one shared
 * tensor when it already is `p`, else one autocast copy per consumer. `seq`: the tensor is on the
 * residual stream (a norm's output read by column-parallel linears), split by sequence parallelism. A LoRA adapter whose
 * weights are in another dtype than its input (PEFT's default fp32 adapters on a 16-bit model)
 * casts the input for itself (`_cast_input_dtype`), and under autocast that copy is cast back to
 * 16-bit and saved: one p-sized copy per adapter, not shared with the layer.
 */
function inputTerms(s: Setup, label: string, w: number, consumers: readonly LinearKind[], inDtype: number, seq = false): ActTerm[] {
  const terms: ActTerm[] = [];
  const scope: Scope = seq ? 'seq' : 'gpu';
  const shared = inDtype === s.p;
  const bases = consumers.filter((c) => baseSavesInput(s, c));
  const readers = s.cfg.dropout === 0 ? consumers.filter((c) => isAdapted(s, c)) : [];
  const adapterCasts = s.adapterBytes !== inDtype;
  const sharing = [...bases, ...(adapterCasts ? [] : readers)];
  if (sharing.length > 0) {
    const copies = shared ? 1 : sharing.length;
    terms.push({ label: `${label} (input of ${sharing.map((c) => c.module).join(', ')})`, bytesPerToken: copies * s.p * w, scope });
  }
  if (adapterCasts && readers.length > 0) {
    terms.push({ label: `${label}: LoRA input cast to the adapter dtype, one copy per adapter x${readers.length}`, bytesPerToken: readers.length * s.p * w, scope });
  }
  if (s.cfg.dropout > 0) {
    const dropped = consumers.filter((c) => isAdapted(s, c)).length;
    if (dropped > 0) terms.push({ label: `${label}: LoRA dropout output + mask x${dropped}`, bytesPerToken: dropped * (s.p + 1) * w, scope });
  }
  const ranks = consumers.filter((c) => isAdapted(s, c)).length;
  if (ranks > 0) terms.push({ label: `${label}: LoRA rank-${s.cfg.rank} intermediates x${ranks}`, bytesPerToken: ranks * s.p * s.cfg.rank, scope: 'gpu' });
  return terms;
}

/** A norm: its own saved tensors (not its output, which the consumers account for). `seq`: a residual-stream norm, split along the sequence under sequence parallelism. */
function normTerms(s: Setup, label: string, w: number, seq = false): ActTerm[] {
  const scope: Scope = seq ? 'seq' : 'gpu';
  if (s.arch.norm === 'layernorm') return [{ label: `${label}: LayerNorm input`, bytesPerToken: s.r * w, scope }];
  // torch.compile fuses the norm: it keeps its input and the fp32 rstd, and recomputes the rest; Liger's and Unsloth's RMSNorm kernels save the same (X, RSTD).
  if (activeKernels(s) !== 'none') return [{ label: `${label}: input + fp32 rstd (${s.cfg.kernels} RMSNorm kernel)`, bytesPerToken: s.r * w + 4, scope }];
  if (s.cfg.compile) return [{ label: `${label}: input + fp32 rstd (compiled)`, bytesPerToken: s.r * w + 4, scope }];
  const t: ActTerm[] = [{ label: `${label}: fp32 copy of input`, bytesPerToken: 4 * w, scope }];
  if (s.full) t.push({ label: `${label}: normalized (for weight grad)`, bytesPerToken: s.r * w, scope });
  return t;
}

const BY_MODULE = new WeakMap<readonly LinearKind[], Map<string, LinearKind[]>>();

/** The linear kinds named `module` (cached per architecture's linear table). */
function find(s: Setup, module: string): LinearKind[] {
  let m = BY_MODULE.get(s.linears);
  if (!m) {
    m = new Map();
    for (const l of s.linears) m.set(l.module, [...(m.get(l.module) ?? []), l]);
    BY_MODULE.set(s.linears, m);
  }
  return m.get(module) ?? [];
}

/** Attention part of one layer, given the tensor it reads (the attention norm's output). */
function attentionTerms(s: Setup): { consumers: LinearKind[]; terms: ActTerm[] } {
  const a = s.arch;
  const p = s.p;
  const eager = s.cfg.attention === 'eager';
  const terms: ActTerm[] = [];
  if (a.mla) {
    const m = a.mla;
    const qk = m.qkNopeHeadDim + m.qkRopeHeadDim;
    const consumers = [...find(s, 'q_a_proj'), ...find(s, 'q_proj'), ...find(s, 'kv_a_proj_with_mqa')];
    if (m.qLoraRank !== null) {
      terms.push(...normTerms(s, 'q_a_layernorm', m.qLoraRank));
      terms.push(...inputTerms(s, 'q latent', m.qLoraRank, find(s, 'q_b_proj'), s.r));
    }
    terms.push(...normTerms(s, 'kv_a_layernorm', m.kvLoraRank));
    terms.push(...inputTerms(s, 'kv latent', m.kvLoraRank, find(s, 'kv_b_proj'), s.r));
    terms.push({ label: 'attention kernel: q, k, v, output', bytesPerToken: p * a.heads * (2 * qk + 2 * m.vHeadDim), scope: 'gpu' });
    terms.push({ label: 'attention kernel: fp32 logsumexp', bytesPerToken: 4 * a.heads, scope: 'gpu' });
    if (eager) terms.push({ label: 'eager attention: fp32 softmax + 16-bit copy', bytesPerToken: (4 + p) * a.heads * s.seqLen, scope: 'gpu' });
    terms.push(...inputTerms(s, 'attention output', a.heads * m.vHeadDim, find(s, 'o_proj'), p));
    return { consumers, terms };
  }
  const hq = a.heads * a.headDim;
  const hkv = (eager ? a.heads : a.kvHeads) * a.headDim;
  const fusedQkv = unslothFused(s, ['q_proj', 'k_proj', 'v_proj']);
  const consumers = fusedQkv ? [] : [...find(s, 'q_proj'), ...find(s, 'k_proj'), ...find(s, 'v_proj')];
  // Unsloth LoRA_QKV: one saved input for the three projections and their adapters.
  if (fusedQkv) terms.push({ label: 'attention norm output (Unsloth LoRA_QKV saves X only)', bytesPerToken: p * a.hidden, scope: 'seq' });
  if (a.qkNorm !== 'none') {
    terms.push({ label: 'q/k norm: fp32 copies', bytesPerToken: 4 * (hq + a.kvHeads * a.headDim), scope: 'gpu' });
    if (s.full) terms.push({ label: 'q/k norm: normalized', bytesPerToken: s.r * (hq + a.kvHeads * a.headDim), scope: 'gpu' });
  }
  if (eager) {
    terms.push({ label: 'eager attention: q, k, v (k/v expanded to all heads)', bytesPerToken: p * (hq + 2 * hkv), scope: 'gpu' });
    terms.push({ label: 'eager attention: fp32 softmax + 16-bit probabilities (b x heads x s^2)', bytesPerToken: (4 + p) * a.heads * s.seqLen, scope: 'gpu' });
  } else {
    terms.push({ label: `${s.cfg.attention} kernel: q, k, v (k/v at ${a.kvHeads} KV heads), output`, bytesPerToken: p * (2 * hq + 2 * hkv), scope: 'gpu' });
    terms.push({ label: `${s.cfg.attention} kernel: fp32 logsumexp`, bytesPerToken: 4 * a.heads, scope: 'gpu' });
  }
  if (unslothFused(s, ['o_proj'])) terms.push({ label: 'attention output (Unsloth LoRA_W saves X only)', bytesPerToken: p * hq, scope: 'gpu' });
  else terms.push(...inputTerms(s, 'attention output, contiguous', hq, find(s, 'o_proj'), p));
  return { consumers, terms };
}

/** Gated or plain MLP of width f: saved tensors besides its input. */
function mlpBodyTerms(s: Setup, f: number, prefix: string, label: string): ActTerm[] {
  const p = s.p;
  if (s.arch.mlp === 'gated') {
    // Liger's SwiGLU saves the gate and up outputs and recomputes the activation (swiglu.py LigerSiLUMulFunction).
    if (activeKernels(s) === 'liger') {
      return [
        { label: `${label}: gate out, up out (activation recomputed, Liger SwiGLU)`, bytesPerToken: 2 * p * f, scope: 'gpu' },
        ...inputTerms(s, `${label}: gate x up product`, f, find(s, `${prefix}down_proj`), p),
      ];
    }
    // torch.compile recomputes the activation from the gate output in backward (min-cut partitioner).
    if (s.cfg.compile) {
      return [
        { label: `${label}: gate out, up out (activation recomputed, compiled)`, bytesPerToken: 2 * p * f, scope: 'gpu' },
        ...inputTerms(s, `${label}: gate x up product`, f, find(s, `${prefix}down_proj`), p),
      ];
    }
    return [
      { label: `${label}: gate out, activation out, up out`, bytesPerToken: 3 * p * f, scope: 'gpu' },
      ...inputTerms(s, `${label}: gate x up product`, f, find(s, `${prefix}down_proj`), p),
    ];
  }
  return [
    { label: `${label}: fc1 out (activation input)`, bytesPerToken: p * f, scope: 'gpu' },
    ...inputTerms(s, `${label}: activation out`, f, find(s, `${prefix}fc2`), p),
  ];
}

function mlpInputs(s: Setup, prefix: string): LinearKind[] {
  return s.arch.mlp === 'gated' ? [...find(s, `${prefix}gate_proj`), ...find(s, `${prefix}up_proj`)] : find(s, `${prefix}fc1`);
}

/** MLP part of one layer: dense, or MoE (router + top-k experts + shared experts). */
function mlpTerms(s: Setup, moeLayer: boolean): { consumers: LinearKind[]; terms: ActTerm[] } {
  const a = s.arch;
  const m = a.moe;
  if (!m || !moeLayer) {
    const prefix = m ? 'dense.' : '';
    // Unsloth LoRA_MLP: saves X, e (gate out), g (up out); the rest is recomputed in backward.
    if (a.mlp === 'gated' && unslothFused(s, [`${prefix}gate_proj`, `${prefix}up_proj`, `${prefix}down_proj`])) {
      return {
        consumers: [],
        terms: [
          { label: 'MLP norm output (Unsloth LoRA_MLP saves X)', bytesPerToken: s.p * a.hidden, scope: 'seq' },
          { label: 'MLP: gate out, up out (Unsloth LoRA_MLP; activation, product and rank intermediates recomputed)', bytesPerToken: 2 * s.p * a.intermediate, scope: 'gpu' },
        ],
      };
    }
    return { consumers: mlpInputs(s, prefix), terms: mlpBodyTerms(s, a.intermediate, prefix, 'MLP') };
  }
  const p = s.p;
  const consumers = [...find(s, 'router'), ...(m.sharedExperts > 0 ? mlpInputs(s, 'shared_experts.') : [])];
  const scored = m.routerExperts ?? m.experts;
  const terms: ActTerm[] = [{ label: `router: fp32 softmax over ${scored} experts + top-${m.topK}`, bytesPerToken: 8 * scored, scope: 'seq' }];
  const expertIn = mlpInputs(s, 'experts.');
  const k = m.topK;
  const saved = inputTerms(s, `experts: gathered token copies x${k}`, a.hidden, expertIn, p, true).map((t): ActTerm => ({ label: t.label, bytesPerToken: t.bytesPerToken * k, scope: 'seq' }));
  terms.push(...saved);
  // Routed experts are not split by tp (expert tensor parallelism 1, Megatron's default with EP): their token copies follow the sequence split.
  terms.push(...mlpBodyTerms(s, m.expertIntermediate, 'experts.', `experts (x${k} per token)`).map((t): ActTerm => ({ label: t.label, bytesPerToken: t.bytesPerToken * k, scope: 'seq' })));
  terms.push({ label: `experts: outputs kept for the routing-weight product x${k}`, bytesPerToken: k * p * a.hidden, scope: 'seq' });
  if (m.sharedExperts > 0) terms.push(...mlpBodyTerms(s, m.sharedIntermediate * m.sharedExperts, 'shared_experts.', 'shared experts'));
  return { consumers, terms };
}

/**
 * Everything one decoder layer saves, per token, as named terms.
 * Sequential layers: attention norm -> attention -> (post-norm) -> MLP norm -> MLP -> (post-norm).
 * Parallel layers (Falcon, GPT-NeoX, Phi): attention and MLP read the same norm's output
 * (or two norms of the same input when the config has two).
 */
export function layerTerms(s: Setup, moeLayer: boolean): ActTerm[] {
  const a = s.arch;
  const h = a.hidden;
  const attn = attentionTerms(s);
  const mlp = mlpTerms(s, moeLayer);
  const terms: ActTerm[] = [];
  const postNorms = !a.parallelBlock && a.normsPerLayer > 2 ? a.normsPerLayer - 2 : 0;
  if (a.parallelBlock && a.normsPerLayer === 1) {
    terms.push(...normTerms(s, 'input norm', h, true));
    terms.push(...inputTerms(s, 'normed input', h, [...attn.consumers, ...mlp.consumers], s.r, true));
    terms.push(...attn.terms, ...mlp.terms);
    terms.push(...peftLayerTerms(s, moeLayer));
    return terms;
  }
  terms.push(...normTerms(s, 'attention norm', h, true));
  terms.push(...inputTerms(s, 'attention norm output', h, attn.consumers, s.r, true));
  terms.push(...attn.terms);
  if (postNorms > 0) terms.push(...normTerms(s, 'post-attention norm', h, true));
  terms.push(...normTerms(s, 'MLP norm', h, true));
  terms.push(...inputTerms(s, 'MLP norm output', h, mlp.consumers, s.r, true));
  terms.push(...mlp.terms);
  if (postNorms > 1) terms.push(...normTerms(s, 'post-MLP norm', h, true));
  terms.push(...peftLayerTerms(s, moeLayer));
  return terms;
}

export const sumTerms = (t: readonly ActTerm[]): number => t.reduce((acc, x) => acc + x.bytesPerToken, 0);

/** Bytes per token on one GPU: with sequence parallelism the residual-width (`seq`) terms are split tp ways. */
export function perGpuPerToken(s: Setup, t: readonly ActTerm[]): number {
  if (!s.layout.sp) return sumTerms(t);
  let n = 0;
  for (const x of t) n += x.scope === 'seq' ? x.bytesPerToken / s.layout.tp : x.bytesPerToken;
  return n;
}

/** Final norm (+ lm_head input) per token: outside the checkpointed layers; only on the stage that holds the head. */
export function finalTerms(s: Setup): ActTerm[] {
  if (s.head.instances === 0) return [];
  return [...normTerms(s, 'final norm', s.arch.hidden, true), ...inputTerms(s, 'final norm output', s.arch.hidden, [s.head], s.r, true)];
}

export interface ActivationResult {
  /** The most activation bytes alive at once: max(forwardEndBytes, recomputeBytes). */
  readonly savedBytes: number;
  /** Saved at the end of forward, per GPU: every layer's set, or with checkpointing the checkpoints + the final norm. */
  readonly forwardEndBytes: number;
  /** With checkpointing, while the last layer is recomputed in backward: the checkpoints + one full layer (0 without). */
  readonly recomputeBytes: number;
  /** Bytes of one layer's full saved set (the recomputed layer under checkpointing). */
  readonly oneLayerBytes: number;
  /** Per-token bytes per layer (dense and MoE layers), for showing the math. */
  readonly denseLayerPerToken: number;
  readonly moeLayerPerToken: number;
  readonly denseTerms: readonly ActTerm[];
  readonly moeTerms: readonly ActTerm[];
  readonly finalPerToken: number;
  /** Checkpoints kept in host RAM (gc:offload). */
  readonly hostBytes: number;
  /** A VLM's vision tower (zeros for text models). */
  readonly vision: VisionActivations;
  /** The arithmetic (built only when shown). */
  readonly formula: () => Formula;
}

/**
 * Activations of one micro-batch on one GPU, at the end of forward.
 * - No checkpointing: sum over layers of their saved terms x tokens, plus the final norm.
 * - gc:true (HF per-layer checkpointing): each layer keeps only its input (r x h per token);
 *   at the end of forward the final norm's tensors are alive too, and in backward one layer is
 *   recomputed in full (after the loss and the final norm have been through backward).
 * - gc:offload: the layer inputs go to host RAM; two stay on the GPU (the one in flight and
 *   the one prefetched), plus one recomputed layer.
 */
export function activations(s: Setup): ActivationResult {
  const a = s.arch;
  const T = s.tokens;
  const moeLayers = a.moe ? a.layers - a.moe.denseLayers : 0;
  const denseLayers = a.layers - moeLayers;
  const denseTerms = denseLayers > 0 ? layerTerms(s, false) : [];
  const moeTerms = moeLayers > 0 ? layerTerms(s, true) : [];
  const dense = perGpuPerToken(s, denseTerms);
  const moe = perGpuPerToken(s, moeTerms);
  const final = perGpuPerToken(s, finalTerms(s));
  const oneLayerBytes = Math.max(dense, moe) * T;
  // Pipeline parallelism (1F1B): this stage holds the activations of `m` micro-batches at once.
  const m = s.layout.inflight;
  const inFlight = m > 1 ? fx` x ${m} micro-batches in flight` : [];
  const full = (dense * denseLayers + moe * moeLayers) * T * m + final * T;
  // A layer's checkpoint is its input: residual width, split along the sequence with sequence parallelism.
  const ckptPerToken = s.layout.sp ? (s.r * a.hidden) / s.layout.tp : s.r * a.hidden;
  const checkpoint = ckptPerToken * T;
  let forwardEndBytes = full;
  let recomputeBytes = 0;
  let hostBytes = 0;
  let formula = (): Formula => fx`${count(T)} tokens x (${denseLayers} layers x ${count(dense)} B${moeLayers ? fx` + ${moeLayers} MoE layers x ${count(moe)} B` : ''})${inFlight} + final ${count(final)} B x ${count(T)}`;
  if (s.cfg.gc === 'true' && s.cfg.actOffload) {
    // torchtune activation offloading over checkpointed layers: the checkpoints stream to host RAM.
    const stash = Math.min(ACT_OFFLOAD_FWD_STASH, a.layers);
    const inBwd = Math.min(2, a.layers);
    forwardEndBytes = stash * checkpoint * m + final * T;
    recomputeBytes = inBwd * checkpoint * m + oneLayerBytes;
    hostBytes = a.layers * checkpoint * m;
    formula = (): Formula => fx`offloaded checkpoints: ${stash} in the forward stash (${inBwd} in backward) x ${count(ckptPerToken)} B x ${count(T)} tokens${inFlight} + max(final norm ${count(final)} B, one recomputed layer ${count(Math.max(dense, moe))} B) x ${count(T)} (the ${a.layers} checkpoints in host RAM)`;
  } else if (s.cfg.gc === 'true') {
    forwardEndBytes = a.layers * checkpoint * m + final * T;
    recomputeBytes = a.layers * checkpoint * m + oneLayerBytes;
    formula = (): Formula => fx`${a.layers} layers x ${count(ckptPerToken)} B x ${count(T)} tokens (checkpoints)${inFlight} + max(final norm ${count(final)} B, one recomputed layer ${count(Math.max(dense, moe))} B) x ${count(T)}`;
  } else if (s.cfg.gc === 'offload') {
    // Also Unsloth's use_gradient_checkpointing="unsloth": each layer's input is copied to host RAM
    // (non_blocking) in forward and brought back before its recompute (unsloth_zoo gradient_checkpointing.py).
    forwardEndBytes = 2 * checkpoint + final * T;
    recomputeBytes = 2 * checkpoint + oneLayerBytes;
    hostBytes = a.layers * checkpoint;
    formula = (): Formula => fx`2 checkpoints in flight x ${count(s.r * a.hidden)} B x ${count(T)} tokens + max(final norm ${count(final)} B, one recomputed layer ${count(Math.max(dense, moe))} B) x ${count(T)} (the other ${a.layers - 2} checkpoints in host RAM)`;
  }
  // A VLM's vision tower runs first; what it saves for backward stays until backward reaches it, at the very end.
  const vision = visionActivations(s);
  if (vision.savedBytes > 0) {
    forwardEndBytes += vision.savedBytes;
    recomputeBytes = recomputeBytes > 0 ? recomputeBytes + vision.savedBytes : 0;
    const text = formula;
    formula = (): Formula => fx`${text()} + vision tower ${vision.formula()}`;
  }
  return {
    savedBytes: Math.max(forwardEndBytes, recomputeBytes), forwardEndBytes, recomputeBytes, oneLayerBytes, denseLayerPerToken: dense, moeLayerPerToken: moe, denseTerms, moeTerms,
    finalPerToken: final, hostBytes, formula, vision,
  };
}

/**
 * Transient working memory of the busiest op of one layer's backward, on top of what is saved:
 * the MLP's gradients (grad of gate out and up out alive together with the product's grad:
 * 3 x p x f per token) or attention's (flash/mem-efficient keep an fp32 dq accumulator plus
 * dq, dk, dv: (4 + p) x q width + 2 p x kv width; eager adds the s^2 softmax gradients), plus
 * the gradient of the layer input (2 x r x h). QLoRA adds the dequantized 16-bit copy of the
 * largest base weight (bnb dequantizes per matmul). Unsloth's fused LoRA MLP computes its
 * gradients in the saved buffers: one p x f tensor instead of three.
 */
export function layerWorkspaceBytes(s: Setup): number {
  const a = s.arch;
  const T = s.tokens;
  const p = s.p;
  // Unsloth's LoRA_MLP backward writes h, df, de into the DW, e, g buffers in place (fast_lora.py
  // LoRA_MLP.backward: `DW, e, g = _backward_function(DW, e, g)`): only DW is new.
  const mlpGrads = a.mlp === 'gated' ? (!a.moe && unslothFused(s, ['gate_proj', 'up_proj', 'down_proj']) ? 1 : 3) : 2;
  const mlp = mlpGrads * p * effectiveMlpWidth(s) * T;
  const hq = a.heads * (a.mla ? a.mla.qkNopeHeadDim + a.mla.qkRopeHeadDim : a.headDim);
  const hkv = (a.mla ? a.heads : a.kvHeads) * a.headDim;
  let attn = ((4 + p) * hq + 2 * p * hkv) * T;
  if (s.cfg.attention === 'eager') attn += (4 + p) * a.heads * s.seqLen * T;
  const residual = 2 * s.r * a.hidden * T;
  return Math.max(mlp, attn) + residual + dequantBufferBytes(s);
}

export const ACTIVATIONS_SOURCE = 'autograd saved tensors, op by op (README: How the estimate is computed, Activations)';
export const WORKSPACE_SOURCE = 'gradients of the MLP/attention intermediates';

/** The arithmetic of {@link layerWorkspaceBytes}. */
export function workspaceFormula(s: Setup, b: number): Formula {
  return fx`busiest op of one layer's backward over ${count(s.tokens)} tokens = ${bytes(b)}`;
}
