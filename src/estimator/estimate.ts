/**
 * The estimate: every component of MEMORY-MODEL.md, combined per phase; the peak is the
 * maximum over phases (section 4) and the result says which phase sets it.
 */
import type { ModelArch } from '../model/arch';
import type { BuiltConfig, EstimateConfig } from '../config';
import { gib, int } from '../format/units';
import { activations, finalTerms, layerWorkspaceBytes } from './activations';
import {
  ALLOCATOR_SLACK_FRACTION, CUBLAS_WORKSPACE_BYTES, CUDA_CONTEXT_BYTES, CUDA_CONTEXT_EAGER_BYTES, HF_SHARD_BYTES, HOST_PROCESS_BYTES,
  VLLM_CUDA_GRAPH_BYTES, VLLM_GPU_MEMORY_UTILIZATION,
} from './constants';
import { shardingBuffers } from './distributed';
import { logitsBytes } from './logits';
import { kvCacheBytes, prefillBytes } from './serving';
import { makeSetup, type Setup } from './setup';
import {
  adapterWeightBytes, autocastCacheBytes, baseWeightBytes, gradientBytes, offloadedOptimizerHostBytes,
  optimizerStateBytes, optimizerStepBytes, quantBytesPerParam,
} from './state';
import type { Component, ComponentId, Estimate, Phase, PhaseTotal, Side } from './types';

type Entries = Partial<Record<ComponentId, number>>;

interface PhaseCalc {
  readonly phase: Phase;
  readonly entries: Entries;
  readonly what: string;
  /** Sum of the entries: torch.cuda.memory_allocated at the phase's high point. */
  readonly total: number;
}

function sum(e: Entries): number {
  let t = 0;
  for (const k in e) t += e[k as ComponentId] ?? 0;
  return t;
}

const phaseCalc = (phase: Phase, entries: Entries, what: string): PhaseCalc => ({ phase, entries, what, total: sum(entries) });

interface Parts {
  readonly s: Setup;
  readonly weights: number;
  readonly adapters: number;
  readonly autocast: number;
  readonly grads: number;
  readonly states: number;
  readonly statesManaged: boolean;
  readonly step: number;
  readonly act: ReturnType<typeof activations>;
  readonly logits: ReturnType<typeof logitsBytes>;
  readonly workspace: number;
  readonly shard: ReturnType<typeof shardingBuffers>;
  readonly kv: ReturnType<typeof kvCacheBytes>;
  readonly baseUnsharded: number;
}

function computeParts(s: Setup): Parts {
  const base = baseWeightBytes(s);
  const baseUnsharded = base.unshardedBytes;
  const st = optimizerStateBytes(s);
  return {
    s,
    weights: base.bytes,
    adapters: adapterWeightBytes(s),
    autocast: autocastCacheBytes(s),
    grads: gradientBytes(s),
    states: st.bytes,
    statesManaged: st.managed,
    step: optimizerStepBytes(s),
    act: activations(s),
    logits: logitsBytes(s),
    workspace: s.train ? layerWorkspaceBytes(s) : 0,
    shard: shardingBuffers(s, baseUnsharded),
    kv: s.train ? { bytes: 0, formula: () => '' } : kvCacheBytes(s),
    baseUnsharded,
  };
}

/** Training phases. Paged (managed) optimizer states are outside torch's allocator. */
/**
 * The entries of one training phase. Every phase object has the same fields (zeros where a
 * term is not live) so the hot path stays monomorphic.
 */
function trainEntries(x: Parts, states: number, sharding: number, grads: number, act: number, logits: number, workspace: number, step: number, autocast: number): Entries {
  return {
    weights: x.weights, adapter_weights: x.adapters, optimizer_states: states, sharding_buffers: sharding,
    cublas_workspace: CUBLAS_WORKSPACE_BYTES, autocast_cache: autocast, gradients: grads, activations: act,
    logits, workspace, optimizer_step: step,
  };
}

function trainPhases(x: Parts): PhaseCalc[] {
  const s = x.s;
  const states = x.statesManaged ? 0 : x.states;
  const accumulating = s.cfg.accum > 1;
  const liveGrads = accumulating ? x.grads : 0;
  const resident = x.shard.residentBytes;
  const busy = resident + x.shard.inFlightBytes;
  // Backward start: the loss gradients over everything forward saved; lm_head's gradient written.
  const headGrad = s.full && !accumulating ? (s.arch.vocab * s.arch.hidden * s.trainBytes) / s.shardGrads : 0;
  const early = Math.max(liveGrads, headGrad);
  const start = phaseCalc('backward', trainEntries(x, states, busy, early, x.act.forwardEndBytes, x.logits.backwardBytes, 0, 0, x.autocast), 'start of backward (loss gradients)');
  // The last layer's backward: its gradients' working set; with checkpointing, that layer recomputed.
  const gcOff = s.cfg.gc === 'false';
  const layer = phaseCalc('backward', trainEntries(x, states, busy, early, gcOff ? x.act.forwardEndBytes : x.act.recomputeBytes, 0, x.workspace, 0, x.autocast),
    gcOff ? "last layer's backward" : 'last layer recomputed in backward');
  // Backward end: every gradient written, one layer's activations left.
  const end = phaseCalc('backward', trainEntries(x, states, busy, x.grads, x.act.oneLayerBytes, 0, x.workspace, 0, x.autocast), 'end of backward (all gradients)');
  let backward = start;
  if (layer.total > backward.total) backward = layer;
  if (end.total > backward.total) backward = end;
  return [
    phaseCalc('load', trainEntries(x, 0, 0, 0, 0, 0, 0, 0, 0), 'model loaded'),
    phaseCalc('forward', trainEntries(x, states, busy, liveGrads, x.act.forwardEndBytes, x.logits.forwardBytes, 0, 0, x.autocast), 'end of forward, at the loss'),
    backward,
    phaseCalc('optimizer', trainEntries(x, states, resident, x.grads, 0, 0, 0, x.step, 0), 'optimizer step'),
  ];
}

function servePhases(x: Parts): PhaseCalc[] {
  const s = x.s;
  const entries: Entries = {
    weights: x.weights, autocast_cache: x.autocast, kv_cache: x.kv.bytes, activations: prefillBytes(s),
    logits: x.logits.forwardBytes, cublas_workspace: CUBLAS_WORKSPACE_BYTES,
    ...(s.cfg.engine === 'vllm' ? { cuda_graphs: VLLM_CUDA_GRAPH_BYTES } : {}),
  };
  return [
    phaseCalc('load', { weights: x.weights }, 'model loaded'),
    phaseCalc('serve', entries, 'prefill with a full KV cache'),
  ];
}

const LABELS: Record<ComponentId, string> = {
  weights: 'Weights',
  adapter_weights: 'LoRA adapters',
  autocast_cache: 'Autocast weight cache',
  gradients: 'Gradients',
  optimizer_states: 'Optimizer states',
  optimizer_step: 'Optimizer step temporaries',
  activations: 'Activations',
  logits: 'Logits & loss',
  workspace: 'Backward workspace',
  sharding_buffers: 'Sharding buffers',
  kv_cache: 'KV cache',
  cuda_graphs: 'CUDA graphs (vLLM)',
  cublas_workspace: 'cuBLAS workspace',
  allocator_slack: 'Allocator slack',
  cuda_context: 'CUDA context',
};

const COMPONENT_IDS = Object.keys(LABELS) as ComponentId[];

function formulaOf(id: ComponentId, x: Parts, bytes: number): { formula: string; source: string } {
  const s = x.s;
  const a = s.arch;
  const P = s.params.total;
  switch (id) {
    case 'weights': {
      const shard = s.cfg.offload === 'params' ? ' (offloaded to host RAM)' : s.shardWeights > 1 ? ` / ${s.shardWeights} GPUs` : '';
      if (s.quantized) {
        return {
          formula: `quantized linears x ${quantBytesPerParam(s).toFixed(4)} B (${s.cfg.quant}${s.cfg.dq ? ' + double quant' : ''}) + other params x ${s.nonQuantBytes} B${shard} = ${gib(x.weights)}`,
          source: 'bitsandbytes block sizes (64 for NF4/FP4, row scales for int8); QLoRA paper',
        };
      }
      return { formula: `${int(P)} params x ${s.weightBytes} B${shard} = ${gib(x.weights)}`, source: 'numel x dtype size' };
    }
    case 'adapter_weights':
      return { formula: `${int(s.adapterParams)} LoRA params (rank ${s.cfg.rank} x (in + out) per adapted linear) x ${s.adapterBytes} B = ${gib(x.adapters)}`, source: 'PEFT LoRA shapes; autocast_adapter_dtype=True keeps fp32' };
    case 'autocast_cache':
      return { formula: `16-bit copies of the fp32 matmul weights x 2 B = ${gib(x.autocast)}`, source: 'torch.autocast cached casts / saved casted weights; gt133, gt134' };
    case 'gradients':
      return { formula: `${int(s.trainableParams)} trainable x ${s.trainBytes} B${s.shardGrads > 1 ? ` / ${s.shardGrads} GPUs` : ''} = ${gib(x.grads)}`, source: '.grad in the parameter dtype' };
    case 'optimizer_states': {
      const perParam = s.trainableParams > 0 && s.cfg.offload === 'none' ? (x.states * s.shardStates) / s.trainableParams : 0;
      const what = s.cfg.offload !== 'none' ? ' (offloaded to host RAM: 0 on the GPU)' : '';
      return {
        formula: `${s.cfg.optimizer}: ${int(s.trainableParams)} trainable params x ${+perParam.toFixed(4)} B${s.shardStates > 1 ? ` / ${s.shardStates} GPUs` : ''}${what} = ${gib(x.states)}${x.statesManaged ? ' (CUDA managed memory: nvidia-smi sees it, torch does not)' : ''}`,
        source: 'torch AdamW: 2 states in the param dtype; bitsandbytes 8-bit: 1 B + fp32 absmax per 256; SGD/Lion 1 state; Adafactor rows + cols',
      };
    }
    case 'optimizer_step':
      return { formula: `${s.cfg.optimizer === 'adamw' ? `foreach sqrt copy of exp_avg_sq: ${int(s.trainableParams)} x ${s.trainBytes} B${s.shardStates > 1 ? ` / ${s.shardStates}` : ''}` : `${s.cfg.optimizer} per-tensor temporaries`} = ${gib(x.step)}`, source: 'torch/optim/adamw.py _multi_tensor_adamw (_foreach_sqrt copy)' };
    case 'activations':
      if (!s.train) return { formula: `largest prefill transient over ${int(s.tokens)} tokens = ${gib(prefillBytes(s))}`, source: 'HF forward without autograd' };
      return { formula: `${x.act.formula()} = ${gib(x.act.savedBytes)}`, source: 'autograd saved tensors, op by op (MEMORY-MODEL.md 2)' };
    case 'logits':
      return { formula: `${x.logits.formula()} = ${gib(Math.max(x.logits.forwardBytes, x.logits.backwardBytes))}`, source: 'HF ForCausalLMLoss (fp32 upcast + log_softmax); hfk044' };
    case 'workspace':
      return { formula: `busiest op of one layer's backward over ${int(s.tokens)} tokens = ${gib(x.workspace)}`, source: 'gradients of the MLP/attention intermediates' };
    case 'sharding_buffers':
      return { formula: `${x.shard.formula()} = ${gib(x.shard.residentBytes + x.shard.inFlightBytes)}`, source: 'torch DDP reducer; DeepSpeed/FSDP defaults' };
    case 'cuda_graphs':
      return { formula: `captured decode graphs = ${gib(VLLM_CUDA_GRAPH_BYTES)}`, source: 'vLLM start-up logs ("Graph capturing finished ..., took 0.5x GiB")' };
    case 'kv_cache':
      return { formula: `${x.kv.formula()} = ${gib(x.kv.bytes)}`, source: 'K and V per layer per token' };
    case 'cublas_workspace':
      return { formula: `32 MiB = ${gib(CUBLAS_WORKSPACE_BYTES)}`, source: 'CUBLAS_WORKSPACE_CONFIG default' };
    case 'allocator_slack':
      return { formula: `${ALLOCATOR_SLACK_FRACTION * 100}% of ${gib(bytes / ALLOCATOR_SLACK_FRACTION)} that churns (activations, logits, workspaces, step temporaries) = ${gib(bytes)}`, source: 'assumption; see constants.ts' };
    case 'cuda_context':
      return { formula: `500 MiB = ${gib(CUDA_CONTEXT_BYTES)} (lazy module loading; the same for every model)`, source: 'gt001 (1.31 GiB eager) and PyTorch lazy loading' };
  }
}

/**
 * A component whose `formula` and `source` strings are built on first read: they are for
 * showing the working and cost more than the arithmetic, so a search that runs the estimator
 * many times never builds them. `toJSON` includes them.
 */
class LazyComponent implements Component {
  private memo: { formula: string; source: string } | undefined;
  constructor(
    readonly id: ComponentId, readonly label: string, readonly bytes: number, readonly pool: Component['pool'],
    readonly inPeak: boolean, readonly phase: Phase, private readonly parts: Parts,
  ) {}
  private get text(): { formula: string; source: string } {
    return (this.memo ??= formulaOf(this.id, this.parts, this.bytes));
  }
  get formula(): string { return this.text.formula; }
  get source(): string { return this.text.source; }
  toJSON(): Omit<Component, never> {
    return { id: this.id, label: this.label, bytes: this.bytes, pool: this.pool, inPeak: this.inPeak, phase: this.phase, formula: this.formula, source: this.source };
  }
}

function layerMathOf(s: Setup, x: Parts): Estimate['layerMath'] {
  const moeLayers = s.arch.moe ? s.arch.layers - s.arch.moe.denseLayers : 0;
  const out: Estimate['layerMath'][number][] = [];
  if (s.arch.layers - moeLayers > 0) out.push({ kind: 'dense', count: s.arch.layers - moeLayers, terms: x.act.denseTerms });
  if (moeLayers > 0) out.push({ kind: 'moe', count: moeLayers, terms: x.act.moeTerms });
  out.push({ kind: 'final', count: 1, terms: finalTerms(s) });
  return out;
}

function hostRam(x: Parts): Side {
  const s = x.s;
  const n = s.cfg.gpus;
  const parts: { label: string; bytes: number }[] = [
    { label: `process (Python, PyTorch, CUDA libraries) x ${n}`, bytes: HOST_PROCESS_BYTES * n },
    { label: `loading: one checkpoint shard x ${n}`, bytes: Math.min(HF_SHARD_BYTES, s.params.total * 2) * n },
  ];
  const opt = offloadedOptimizerHostBytes(s);
  if (opt > 0) parts.push({ label: 'offloaded optimizer (fp32 master + states)', bytes: opt });
  if (s.cfg.offload === 'params') parts.push({ label: 'offloaded parameters', bytes: x.baseUnsharded });
  if (x.act.hostBytes > 0) parts.push({ label: `offloaded activation checkpoints x ${n}`, bytes: x.act.hostBytes * n });
  return { bytes: parts.reduce((a, p) => a + p.bytes, 0), parts };
}

function disk(x: Parts): Side {
  const s = x.s;
  const parts: { label: string; bytes: number }[] = [{ label: 'base model download (16-bit safetensors)', bytes: s.params.total * 2 }];
  if (s.train) {
    const st = optimizerStateBytes({ ...s, cfg: { ...s.cfg, offload: 'none' }, shardStates: 1 }).bytes;
    if (s.full) parts.push({ label: 'one checkpoint: weights', bytes: (s.params.total - s.params.extra) * s.weightBytes });
    else parts.push({ label: 'one checkpoint: adapter weights', bytes: s.adapterParams * s.adapterBytes });
    parts.push({ label: 'one checkpoint: optimizer states (optimizer.pt)', bytes: st });
  }
  return { bytes: parts.reduce((a, p) => a + p.bytes, 0), parts };
}

const CONTEXT_ASSUMPTION = `CUDA context ${gib(CUDA_CONTEXT_BYTES)} with lazy module loading (up to ${gib(CUDA_CONTEXT_EAGER_BYTES)} with eager loading, gt001)`;

function assumptionsOf(s: Setup, built: BuiltConfig): string[] {
  const out: string[] = [];
  for (const a of built.assumed) out.push(`${a.key}:${a.value} (${a.why})`);
  out.push('stack: PyTorch + HF Transformers (+ PEFT); one process per GPU');
  out.push(CONTEXT_ASSUMPTION);
  if (s.train) {
    out.push('activations in the compute dtype under autocast; peak set by the longest micro-batch');
    if (s.cfg.attention !== 'eager') out.push(`${s.cfg.attention}: k/v saved at KV-head width (GQA native, torch >= 2.5, no padding mask)`);
    if (s.cfg.optimizer === 'sgd') out.push('SGD with momentum (one state)');
    if (s.cfg.optimizer === 'paged-adamw-8bit') out.push('paged optimizer states stay on the GPU unless memory runs short');
    if (s.cfg.method !== 'full') out.push(`LoRA adapters in ${s.cfg.adapterDtype} (PEFT default fp32)`);
    if (s.cfg.method === 'qlora' && s.cfg.upcast && s.cfg.gc === 'false') out.push('prepare_model_for_kbit_training also turns on gradient checkpointing by default: add gc:true if your recipe keeps it');
    if (s.cfg.sharding !== 'none' && s.cfg.sharding !== 'ddp' && s.cfg.gpus === 1) out.push(`${s.cfg.sharding} on one GPU shards nothing`);
  } else {
    out.push('serving with HF generate: whole-batch prefill; engines that pre-allocate (vLLM) show more in nvidia-smi');
  }
  return out;
}

/**
 * Estimates the per-GPU memory of training or serving `arch` with `built.config`.
 *
 * @example estimate(llama31_8b, buildConfig({ model: 'llama-3.1-8b', lora: 'true' }).value)
 */
export function estimate(arch: ModelArch, built: BuiltConfig): Estimate {
  const cfg: EstimateConfig = built.config;
  const s = makeSetup(arch, cfg);
  const x = computeParts(s);
  const phases = s.train ? trainPhases(x) : servePhases(x);
  let peak = phases[0] as PhaseCalc;
  for (const ph of phases) if (ph.total > peak.total) peak = ph;
  const allocated = peak.total;
  // The caching allocator never gives memory back during a step, so peak reserved is the
  // largest of each phase's allocated bytes plus that phase's slack, not only the allocated peak's.
  const churnOf = (ph: PhaseCalc): number => (ph.entries.activations ?? 0) + (ph.entries.logits ?? 0) + (ph.entries.workspace ?? 0)
    + (ph.entries.optimizer_step ?? 0) + (ph.phase === 'optimizer' || ph.phase === 'load' ? 0 : x.shard.inFlightBytes);
  let reserved = allocated;
  for (const ph of phases) reserved = Math.max(reserved, ph.total + ALLOCATOR_SLACK_FRACTION * churnOf(ph));
  const slack = reserved - allocated;
  const managed = x.statesManaged ? x.states : 0;
  const total = reserved + CUDA_CONTEXT_BYTES + managed;

  const standalone: Record<ComponentId, number> = {
    weights: x.weights, adapter_weights: x.adapters, autocast_cache: x.autocast, gradients: x.grads,
    optimizer_states: x.states, optimizer_step: x.step, activations: s.train ? x.act.savedBytes : prefillBytes(s),
    logits: Math.max(x.logits.forwardBytes, x.logits.backwardBytes), workspace: x.workspace,
    sharding_buffers: x.shard.residentBytes + x.shard.inFlightBytes, kv_cache: x.kv.bytes,
    cuda_graphs: s.cfg.engine === 'vllm' && !s.train ? VLLM_CUDA_GRAPH_BYTES : 0,
    cublas_workspace: CUBLAS_WORKSPACE_BYTES, allocator_slack: slack, cuda_context: CUDA_CONTEXT_BYTES,
  };
  const components: Component[] = [];
  for (const id of COMPONENT_IDS) {
    const atPeak = peak.entries[id];
    let bytes = atPeak !== undefined && atPeak > 0 ? atPeak : standalone[id];
    let inPeak = atPeak !== undefined && atPeak > 0;
    if (id === 'allocator_slack' || id === 'cuda_context') inPeak = true;
    if (id === 'optimizer_states' && x.statesManaged) { bytes = x.states; inPeak = x.states > 0; }
    if (bytes <= 0 && !inPeak) continue;
    let phase: Phase = peak.phase;
    if (!inPeak) {
      let best = -1;
      for (const ph of phases) {
        const v = ph.entries[id] ?? 0;
        if (v > best) { best = v; phase = ph.phase; }
      }
    }
    const pool = id === 'cuda_context' || (id === 'optimizer_states' && x.statesManaged) ? 'driver' : id === 'allocator_slack' ? 'reserved' : 'allocated';
    components.push(new LazyComponent(id, LABELS[id], bytes, pool, inPeak, phase, x));
  }
  const phaseTotals: PhaseTotal[] = phases.map((ph) => ({ phase: ph.phase, allocatedBytes: ph.total, what: ph.what }));
  const notes: string[] = [];
  if (!s.train && s.cfg.engine === 'vllm') notes.push(`engine:vllm: vLLM takes gpu_memory_utilization (${VLLM_GPU_MEMORY_UTILIZATION}) of the card up front and fills what this estimate leaves with KV-cache blocks, so nvidia-smi shows ~${VLLM_GPU_MEMORY_UTILIZATION * 100}% of the card; fits are checked against that ${VLLM_GPU_MEMORY_UTILIZATION * 100}%.`);
  if (!s.train && s.cfg.engine === 'hf') notes.push('engine:hf (transformers generate) prefills every prompt at once; vLLM (engine:vllm) prefills in chunks and reserves 90% of the card up front.');
  if (s.cfg.sharding === 'ddp' && s.cfg.gpus > 1) notes.push('DDP keeps a full copy of everything on every GPU; only the batch is split.');
  return {
    model: { id: arch.id, name: arch.name, hfId: arch.hfId, params: s.params.total, trainableParams: s.train ? s.trainableParams : 0 },
    config: cfg,
    allocatedBytes: allocated,
    reservedBytes: reserved,
    totalBytes: total,
    peakPhase: peak.phase,
    phases: phaseTotals,
    components,
    hostRam: hostRam(x),
    disk: disk(x),
    assumptions: assumptionsOf(s, built),
    notes,
    layerMath: s.train ? layerMathOf(s, x) : [],
    tokens: s.tokens,
  };
}

export { makeSetup };
