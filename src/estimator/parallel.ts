/**
 * Model parallelism: how tensor, pipeline, context and expert parallelism split a model and its
 * work across GPUs, the per-GPU view of the model the other components compute on, and the
 * layouts a model cannot take.
 *
 * - Tensor parallelism (Megatron-LM, Shoeybi et al. 2019; vLLM's `tensor_parallel_size`): every
 *   attention and MLP linear is split `tp` ways (q/k/v, gate/up column-parallel; o, down
 *   row-parallel), so each GPU holds heads/tp query heads, kv_heads/tp KV heads and f/tp of the
 *   MLP width; the embedding and the head are vocabulary-parallel (vocab/tp rows each); norms and
 *   the MoE router are replicated. Serving with fewer KV heads than `tp` replicates them: each GPU
 *   holds max(1, kv_heads/tp) (vllm/model_executor/models/llama.py `LlamaAttention`:
 *   `self.num_kv_heads = max(1, self.total_num_kv_heads // tp_size)`). Megatron needs kv_heads and
 *   heads divisible by tp (`num_query_groups % tensor_model_parallel_size == 0`).
 * - Sequence parallelism (Korthikanti et al. 2022, "Reducing Activation Recomputation in Large
 *   Transformer Models", sec. 4.2): the norm and residual-width activations, which plain tensor
 *   parallelism keeps whole on every GPU, are split along the sequence too; their all-gather before
 *   each column-parallel linear is a transient of one full `s x b x h` tensor.
 * - Pipeline parallelism with the 1F1B schedule (Narayanan et al. 2021, PipeDream-Flush): each of
 *   the `pp` stages holds L/pp layers; the embedding sits on the first stage and the head (and
 *   the loss) on the last, as in Megatron-LM. Stage i keeps the activations of up to pp - i
 *   micro-batches in flight, so the first stage holds min(pp, microbatches) of them.
 * - Context parallelism (ring attention, Megatron-LM `context_parallel_size`): each GPU holds
 *   seq/cp tokens of every layer's activations; the K and V blocks passed around the ring are a
 *   transient of two blocks (the one computed on and the one arriving) per attention.
 * - Expert parallelism: the routed experts of each MoE layer are split `ep` ways; tokens travel
 *   to their experts and back in two all-to-alls (dispatch and combine buffers).
 * - The data-parallel degree is gpus / (tp x pp x cp); ZeRO/FSDP shard over it.
 */
import type { EstimateConfig, InputError } from '../config';
import type { ModelArch } from '../model/arch';
import { GPUS } from '../catalog/gpus';
import { bytes, fx, type Formula, type Term } from './formula';

/** How one GPU's share of the model and its work are laid out. */
export interface Layout {
  readonly tp: number;
  readonly pp: number;
  readonly cp: number;
  readonly ep: number;
  /** Data-parallel degree: gpus / (tp x pp x cp). */
  readonly dp: number;
  /** Sequence parallelism (training with tp > 1; on unless `sp:false`). */
  readonly sp: boolean;
  /** Micro-batches per step through the pipeline (pp > 1). */
  readonly microbatches: number;
  /** The pipeline stage this view is of (0-based), its layers, and what else it holds. */
  readonly stage: { readonly index: number; readonly of: number; readonly firstLayer: number; readonly layers: number; readonly embedding: boolean; readonly head: boolean };
  /** Micro-batches of activations this stage holds at once (1F1B: min(pp - index, microbatches)). */
  readonly inflight: number;
  /** KV heads on one GPU, and whether they are copies (kv_heads < tp, serving). */
  readonly kvHeads: number;
  readonly kvReplicated: boolean;
  /** Any split at all (false: one GPU holds the whole model, the common case). */
  readonly split: boolean;
}

/** Layers of stage `i` of `pp` over `L` layers: the first L mod pp stages take one more. */
export function stageLayers(L: number, pp: number, i: number): { first: number; count: number } {
  const base = Math.floor(L / pp);
  const extra = L % pp;
  const count = base + (i < extra ? 1 : 0);
  const first = i * base + Math.min(i, extra);
  return { first, count };
}

/** The layout of one stage of `c` (stage 0 by default). */
export function layoutOf(arch: ModelArch, c: EstimateConfig, stageIndex = 0): Layout {
  const tp = c.tp;
  const pp = c.pp;
  const cp = c.mode === 'train' ? c.cp : 1;
  const ep = arch.moe ? c.ep : 1;
  const dp = Math.max(1, Math.floor(c.gpus / (tp * pp * cp)));
  const sp = c.mode === 'train' && tp > 1 && c.sp !== false;
  const microbatches = c.microbatches ?? c.accum;
  const i = Math.min(Math.max(0, stageIndex), pp - 1);
  const { first, count } = stageLayers(arch.layers, pp, i);
  const train = c.mode === 'train';
  const inflight = train && pp > 1 ? Math.min(pp - i, microbatches) : 1;
  const kvHeads = Math.max(1, Math.floor(arch.kvHeads / tp));
  return {
    tp, pp, cp, ep, dp, sp, microbatches,
    stage: { index: i, of: pp, firstLayer: first, layers: count, embedding: i === 0, head: i === pp - 1 },
    inflight, kvHeads, kvReplicated: arch.kvHeads < tp,
    split: tp > 1 || pp > 1 || cp > 1 || ep > 1,
  };
}

const VIEWS = new WeakMap<ModelArch, Map<string, ModelArch>>();

/**
 * The part of the model one GPU holds, as an architecture of its own: the stage's layers, the
 * heads, KV heads, MLP width and vocabulary divided by `tp`, the routed experts by `ep`. The
 * components compute on this view as they would on a whole model; what the stage does not hold
 * (the embedding on later stages, the head on earlier ones) is taken out by `makeSetup`.
 */
export function gpuView(arch: ModelArch, l: Layout): ModelArch {
  if (!l.split) return arch;
  const key = `${l.tp}|${l.pp}|${l.ep}|${l.stage.index}`;
  let views = VIEWS.get(arch);
  if (!views) { views = new Map(); VIEWS.set(arch, views); }
  const hit = views.get(key);
  if (hit) return hit;
  const tp = l.tp;
  const moe = arch.moe;
  const denseHere = moe ? Math.max(0, Math.min(l.stage.layers, moe.denseLayers - l.stage.firstLayer)) : 0;
  const view: ModelArch = {
    ...arch,
    layers: l.stage.layers,
    heads: arch.heads / tp,
    kvHeads: l.kvHeads,
    intermediate: arch.intermediate / tp,
    vocab: Math.ceil(arch.vocab / tp),
    ...(moe ? { moe: { ...moe, experts: moe.experts / l.ep, routerExperts: moe.routerExperts ?? moe.experts, sharedIntermediate: moe.sharedIntermediate / tp, denseLayers: denseHere } } : {}),
  };
  views.set(key, view);
  return view;
}

/**
 * The layouts this model cannot take: tensor parallelism must divide the attention heads (and,
 * in training, the KV heads: Megatron splits query groups), pipeline stages need a layer each,
 * expert parallelism needs an MoE model whose experts it divides.
 */
export function parallelProblems(arch: ModelArch, c: EstimateConfig): InputError[] {
  const out: InputError[] = [];
  if (c.tp > 1 && arch.heads % c.tp !== 0) {
    out.push({ code: 'conflict', key: 'tp', value: String(c.tp), detail: `${arch.name} has ${arch.heads} attention heads, which \`tp:${c.tp}\` does not divide: use a divisor of ${arch.heads}.` });
  }
  if (c.mode === 'train' && c.tp > 1 && !arch.mla && arch.kvHeads % c.tp !== 0) {
    out.push({ code: 'conflict', key: 'tp', value: String(c.tp), detail: `${arch.name} has ${arch.kvHeads} KV heads; Megatron-style tensor parallelism splits them, so \`tp\` must divide ${arch.kvHeads} in training (serving engines replicate KV heads instead).` });
  }
  if (c.pp > arch.layers) {
    out.push({ code: 'conflict', key: 'pp', value: String(c.pp), detail: `${arch.name} has ${arch.layers} layers: at most \`pp:${arch.layers}\` stages.` });
  }
  if (c.ep > 1) {
    if (!arch.moe) out.push({ code: 'conflict', key: 'ep', value: String(c.ep), detail: `${arch.name} is not a mixture-of-experts model: expert parallelism does not apply (use \`tp\` or \`pp\`).` });
    else if (c.ep > arch.moe.experts || arch.moe.experts % c.ep !== 0) {
      out.push({ code: 'conflict', key: 'ep', value: String(c.ep), detail: `${arch.name} has ${arch.moe.experts} routed experts per layer: \`ep\` must divide ${arch.moe.experts}.` });
    }
  }
  if (c.mode === 'train' && c.cp > 1 && c.seq % (2 * c.cp) !== 0) {
    out.push({ code: 'conflict', key: 'cp', value: String(c.cp), detail: `ring attention splits each sequence into 2 x cp = ${2 * c.cp} chunks (Megatron load balancing): \`seq:${c.seq}\` must be a multiple of ${2 * c.cp}.` });
  }
  return out;
}

/**
 * NCCL's buffers for one communicator: NCCL_BUFFSIZE (4 MiB by default, NCCL environment
 * variables docs) per channel for each of the send and receive sides. We assume 16 channels, a
 * typical count for NVLink systems (NCCL picks 2-32 by topology; `NCCL_DEBUG=INFO` prints it);
 * the buffers are cudaMalloc'd by NCCL, outside PyTorch's allocator (nvidia-smi sees them,
 * torch.cuda.memory_reserved does not). NVLink SHARP (NVLS, NCCL >= 2.17 on NVSwitch systems)
 * adds more unless NCCL_NVLS_ENABLE=0: not included.
 */
export const NCCL_BUFFSIZE_BYTES = 4 * 1024 * 1024;
export const NCCL_CHANNELS_ASSUMED = 16;
export const NCCL_COMMUNICATOR_BYTES = 2 * NCCL_CHANNELS_ASSUMED * NCCL_BUFFSIZE_BYTES;

/**
 * vLLM's custom all-reduce (tp > 1 on NVLink): an IPC-registered buffer of `max_size` = 8 MiB
 * per rank plus a small signal area (vllm/distributed/device_communicators/custom_all_reduce.py,
 * `CustomAllreduce.__init__(..., max_size=8192 * 1024)`), allocated outside PyTorch's pool.
 */
export const VLLM_CUSTOM_ALLREDUCE_BYTES = 8 * 1024 * 1024;

/**
 * Whether vLLM runs its custom all-reduce (and allocates its buffer) at this tp on this card
 * (vllm/distributed/device_communicators/custom_all_reduce.py `CustomAllreduce.__init__`): only
 * for world sizes 2, 4, 6, 8 and 16, and beyond two GPUs only where they are fully connected by
 * NVLink ("not supported on more than two PCIe-only GPUs"; two cards joined by a bridge are not a
 * full mesh at four). With no card named, an NVLink node is assumed.
 */
export function vllmCustomAllReduce(tp: number, gpuId: string | null): boolean {
  if (![2, 4, 6, 8, 16].includes(tp)) return false;
  if (tp <= 2 || gpuId === null) return true;
  const g = GPUS.find((x) => x.id === gpuId);
  return g === undefined || (g.interconnect.kind !== 'pcie' && g.interconnect.kind !== 'nvlink-bridge');
}

/** The process groups a GPU's rank talks in (each one an NCCL communicator). */
export function communicators(l: Layout, train: boolean): string[] {
  const out: string[] = [];
  if (l.dp > 1 && train) out.push('data parallel');
  if (l.tp > 1) out.push('tensor parallel');
  if (l.pp > 1) out.push('pipeline');
  if (l.cp > 1) out.push('context parallel');
  if (l.ep > 1) out.push('expert parallel');
  return out;
}

export interface CommBuffers {
  /** Allocated by PyTorch during forward/backward (gathered inputs, p2p and all-to-all buffers). */
  readonly transientBytes: number;
  /** Outside PyTorch's allocator: NCCL communicators, vLLM's custom all-reduce. */
  readonly driverBytes: number;
  readonly parts: readonly { readonly label: string; readonly bytes: number }[];
}

/**
 * The buffers parallelism itself needs on one GPU, beyond the model's shards:
 * - tp with sequence parallelism: the all-gather of the sequence-split input before each
 *   column-parallel linear materialises one whole `tokens x h` tensor (Korthikanti et al. 2022,
 *   sec. 4.2.2); plain tp all-reduces in place.
 * - pp: the activation sent to the next stage and the one received, and their gradients:
 *   2 x tokens x h in the residual dtype (Megatron `p2p_communication`; with sequence
 *   parallelism, 1/tp of it).
 * - cp (ring attention): the K and V block being used and the one arriving: 2 x 2 x kv_heads x
 *   head_dim x tokens.
 * - ep: the dispatch and combine all-to-alls: 2 x tokens x top-k x h.
 * - Every communicator: NCCL's buffers ({@link NCCL_COMMUNICATOR_BYTES}); serving with tp on
 *   vLLM also its custom all-reduce buffer.
 */
export function commBuffers(s: { readonly layout: Layout; readonly arch: ModelArch; readonly tokens: number; readonly p: number; readonly r: number; readonly train: boolean; readonly cfg: EstimateConfig }): CommBuffers {
  const l = s.layout;
  const a = s.arch;
  const T = s.tokens;
  const parts: { label: string; bytes: number }[] = [];
  let transient = 0;
  if (s.train && l.tp > 1 && l.sp) {
    const b = T * a.hidden * s.p;
    parts.push({ label: 'sequence-parallel all-gather of one layer input (tokens x h)', bytes: b });
    transient += b;
  }
  if (s.train && l.pp > 1) {
    const b = (2 * T * a.hidden * s.r) / (l.sp ? l.tp : 1);
    parts.push({ label: 'pipeline send + receive of one micro-batch boundary (2 x tokens x h)', bytes: b });
    transient += b;
  }
  if (s.train && l.cp > 1) {
    const b = 2 * 2 * a.kvHeads * a.headDim * T * s.p;
    parts.push({ label: 'ring attention: K and V blocks in use and arriving (2 x 2 x kv_heads x head_dim x tokens)', bytes: b });
    transient += b;
  }
  if (l.ep > 1 && a.moe) {
    const b = 2 * T * a.moe.topK * a.hidden * s.p / (l.sp ? l.tp : 1);
    parts.push({ label: `expert all-to-all: dispatch + combine (2 x tokens x top-${a.moe.topK} x h)`, bytes: b });
    transient += b;
  }
  // HF device_map="auto" and llama.cpp run one process that copies activations between its GPUs: no NCCL.
  const groups = s.train || s.cfg.engine === 'vllm' || s.cfg.engine === 'sglang' ? communicators(l, s.train) : [];
  let driver = groups.length * NCCL_COMMUNICATOR_BYTES;
  if (groups.length > 0) parts.push({ label: `NCCL buffers: ${groups.length} communicator${groups.length > 1 ? 's' : ''} (${groups.join(', ')}) x 2 x ${NCCL_CHANNELS_ASSUMED} channels x 4 MiB`, bytes: driver });
  if (!s.train && l.tp > 1 && s.cfg.engine === 'vllm' && vllmCustomAllReduce(l.tp, s.cfg.gpu)) {
    driver += VLLM_CUSTOM_ALLREDUCE_BYTES;
    parts.push({ label: 'vLLM custom all-reduce buffer (8 MiB)', bytes: VLLM_CUSTOM_ALLREDUCE_BYTES });
  }
  return { transientBytes: transient, driverBytes: driver, parts };
}

export const PARALLEL_SOURCE = 'Korthikanti et al. 2022 (sequence parallelism); Megatron-LM p2p_communication, context parallelism; NCCL_BUFFSIZE (NCCL docs); vLLM custom_all_reduce.py';

/** The arithmetic of {@link commBuffers}: the parts of one pool. */
export function commFormula(c: CommBuffers, pool: 'transient' | 'driver'): Formula {
  const parts = c.parts.filter((p) => (pool === 'driver') === (/^NCCL|^vLLM custom/.test(p.label)));
  const total = pool === 'driver' ? c.driverBytes : c.transientBytes;
  if (parts.length === 0) return ['none'];
  const out: Term[] = [];
  parts.forEach((p, i) => { out.push(`${i > 0 ? ' + ' : ''}${p.label}: `, bytes(p.bytes)); });
  return [...out, ...fx` = ${bytes(total)}`];
}
