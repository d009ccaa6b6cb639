/**
 * The estimate: every component of the memory model (README, "How the estimate is computed"), combined per phase;
 * the peak is the maximum over phases and the result says which phase sets it.
 */
import type { ModelArch } from '../model/arch';
import type { BuiltConfig, EstimateConfig } from '../config';
import { SHARDING_CAPS } from '../config/keys';
import { ACTIVATIONS_SOURCE, WORKSPACE_SOURCE, activations, finalTerms, layerWorkspaceBytes, workspaceFormula } from './activations';
import { ALLOCATOR_SLACK_SOURCE, allocatorSlack, allocatorSlackFormula, type Slack } from './allocator';
import {
  CUBLAS_WORKSPACE_BYTES, CUDA_CONTEXT_BYTES, CUDA_CONTEXT_EAGER_BYTES, HF_SHARD_BYTES, HOST_PROCESS_BYTES,
} from './constants';
import { CUBLAS_SOURCE, CUDA_CONTEXT_SOURCE, CUDA_GRAPHS_SOURCE, cublasFormula, cudaContextFormula, cudaGraphsFormulaFor } from './fixed';
import { SHARDING_SOURCE, shardingBuffers } from './distributed';
import { PARALLEL_SOURCE, commBuffers, commFormula, type CommBuffers } from './parallel';
import { bytes, count, fx, type Formula } from './formula';
import { LOGITS_SOURCE, logitsBytes, logitsFormula } from './logits';
import {
  KV_SOURCE, cudaGraphBytes, kvCacheBytes, ropeCacheBytes, llamacppLayout, prefillBytes, prefillFormula, servingEntries, servingHostBytes,
  vllmProfileFormula, vllmSettings,
} from './serving';
import { makeSetup, type Setup } from './setup';
import { DORA_TRANSIENT_SOURCE, doraTransientBytes, wholeModelTrainable } from './peft';
import { visionTrainableParams } from './vision';
import { countParams, finalNormParams } from '../model/params';
import { formatFamily, formatNotes, weightLayout } from './quant';
import { decoderLinears, headLinear } from '../model/params';
import {
  ADAPTERS_SOURCE, AUTOCAST_SOURCE, GRADIENTS_SOURCE, OPTIMIZER_STATES_SOURCE, OPTIMIZER_STEP_SOURCE, WEIGHTS_SOURCE,
  adapterWeightBytes, adaptersFormula, autocastCacheBytes, autocastFormula, baseWeightBytes, gradientBytes, gradientsFormula,
  offloadedOptimizerHostBytes, optimizerStateBytes, optimizerStatesFormula, optimizerStepBytes, optimizerStepFormula, weightsFormula,
} from './state';
import type { Assumption, Component, ComponentId, Estimate, Phase, PhaseTotal, Side } from './types';
import { OBJECTIVES_SOURCE, objectiveNotes, objectivePlan, objectiveSetup, type ObjectivePlan } from './objectives';

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
  readonly base: ReturnType<typeof baseWeightBytes>;
  readonly st: ReturnType<typeof optimizerStateBytes>;
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
  readonly comm: CommBuffers;
  readonly kv: ReturnType<typeof kvCacheBytes>;
  readonly baseUnsharded: number;
  /** Serving: what each engine holds in the serve phase (null in training). */
  readonly serve: ReturnType<typeof servingEntries> | null;
  /** Preference and RL objectives (objectives.ts `objectivePlan`): null for SFT and serving. */
  readonly obj: ObjectivePlan | null;
  /** Training forward temporaries saved by nothing: DoRA's (peft.ts `doraTransientBytes`) and a VLM tower's (vision.ts). */
  readonly dora: number;
  readonly tower: number;
}

const NO_ACTIVATIONS: ReturnType<typeof activations> = Object.freeze({
  savedBytes: 0, forwardEndBytes: 0, recomputeBytes: 0, oneLayerBytes: 0, denseLayerPerToken: 0, moeLayerPerToken: 0,
  denseTerms: [], moeTerms: [], finalPerToken: 0, hostBytes: 0, formula: (): Formula => [],
  vision: { savedBytes: 0, transientBytes: 0, formula: (): Formula => [] },
});

function computeParts(s0: Setup): Parts {
  // An objective's training step runs on its own setup (objectives.ts `objectiveSetup`: DPO's
  // chosen + rejected rows, GRPO's prompt + completion, the reward model's score head).
  const s = s0.train ? objectiveSetup(s0) : s0;
  const base = baseWeightBytes(s);
  const baseUnsharded = base.unshardedBytes;
  const st = optimizerStateBytes(s);
  const shard = shardingBuffers(s, baseUnsharded);
  const obj = s0.train ? objectivePlan(s0, base.bytes, baseUnsharded, shard.inFlightBytes) : null;
  const logits = obj ? obj.logits : logitsBytes(s);
  const act = s.train ? activations(s) : NO_ACTIVATIONS;
  // Serving: the weights on the GPU (llama.cpp keeps the blocks -ngl leaves, and the token embeddings, in host RAM).
  const serve = s.train ? null : servingEntries(s, base.bytes, logits.forwardBytes, base.layout.gguf);
  return {
    s,
    base,
    st,
    serve,
    weights: serve ? serve.weights : base.bytes,
    adapters: adapterWeightBytes(s),
    autocast: autocastCacheBytes(s),
    grads: gradientBytes(s),
    states: st.bytes,
    statesManaged: st.managed,
    step: optimizerStepBytes(s),
    // What autograd saves: training only (serving's transient is the engine's, in `serve`).
    act,
    dora: doraTransientBytes(s),
    tower: act.vision.transientBytes,
    logits,
    workspace: s.train ? layerWorkspaceBytes(s) : 0,
    shard,
    comm: commBuffers(s),
    kv: s.train ? { bytes: 0, formula: () => [] } : kvCacheBytes(s),
    baseUnsharded,
    obj,
  };
}

/** Training phases. Paged (managed) optimizer states are outside torch's allocator. */
/**
 * The entries of one training phase. Every phase object has the same fields (zeros where a
 * term is not live) so the hot path stays monomorphic.
 */
function trainEntries(x: Parts, states: number, sharding: number, grads: number, act: number, logits: number, workspace: number, step: number, autocast: number, comm = 0): Entries {
  return {
    weights: x.weights, adapter_weights: x.adapters, optimizer_states: states, sharding_buffers: sharding,
    cublas_workspace: CUBLAS_WORKSPACE_BYTES, autocast_cache: autocast, gradients: grads, activations: act,
    logits, workspace, optimizer_step: step, comm_buffers: comm,
  };
}

/** Moments of a training step, for what an objective adds to each (objectives.ts). */
type Moment = 'load' | 'generation' | 'forward' | 'backward-start' | 'backward-layer' | 'backward-end' | 'optimizer';

/**
 * What an objective (objectives.ts `objectivePlan`) adds to one moment of the step: the frozen
 * reference and reward models (resident), PPO's value model (weights and optimizer states
 * resident, its gradients once written, its step temporaries in the optimizer step, its saved
 * tensors through the start of backward), the reference's no_grad forward at the end of the
 * policy's forward, PPO's kept hidden states after autograd has freed its own, the rollout, and
 * the colocated vLLM (its whole budget unless asleep).
 */
function objectiveEntries(x: Parts, m: Moment, accumulating: boolean): Entries {
  const o = x.obj;
  if (!o) return {};
  const e: Entries = {};
  if (o.reference.bytes > 0) e.reference_model = o.reference.bytes;
  if (o.reward.bytes > 0) e.reward_model = o.reward.bytes;
  const v = o.value;
  if (v) {
    const gradsLive = m === 'backward-end' || m === 'optimizer' || (accumulating && m !== 'load' && m !== 'generation');
    e.value_model = v.weights + (m === 'load' ? 0 : v.states) + (gradsLive ? v.grads : 0) + (m === 'optimizer' ? v.step : 0);
  }
  if (m === 'forward' && o.referenceForward.bytes > 0) e.reference_forward = o.referenceForward.bytes;
  const valueAct = v && (m === 'forward' || m === 'backward-start' || m === 'backward-layer') ? v.activations : 0;
  const kept = m === 'backward-end' || m === 'optimizer' ? o.retained.bytes : 0;
  if (valueAct + kept > 0) e.activations = valueAct + kept;
  if (m === 'generation' && o.rollout) {
    if (o.rollout.kv.bytes > 0) e.rollout_kv = o.rollout.kv.bytes;
    if (o.rollout.work.bytes > 0) e.rollout_work = o.rollout.work.bytes;
  }
  if (o.vllm) {
    const awake = m === 'load' || !o.vllm.sleep || (m === 'generation' && (o.rollout?.vllmAwake ?? true));
    e.vllm_engine = (awake ? o.vllm.budgetBytes : 0) + o.vllm.graphBytes;
  }
  return e;
}

/** Adds an objective's entries to a phase's (activations add up; the rest are its own ids). */
function withObjective(base: Entries, extra: Entries): Entries {
  if (Object.keys(extra).length === 0) return base;
  const out: Entries = { ...base, ...extra };
  if (extra.activations !== undefined) out.activations = (base.activations ?? 0) + extra.activations;
  return out;
}

function trainPhases(x: Parts): PhaseCalc[] {
  const s = x.s;
  const states = x.statesManaged ? 0 : x.states;
  // Gradients accumulate across micro-batches: accum > 1, or a pipeline's micro-batches (1F1B
  // runs later micro-batches' forwards while earlier ones' gradients are already written).
  const accumulating = (s.layout.pp > 1 ? s.layout.microbatches : s.cfg.accum) > 1;
  const liveGrads = accumulating ? x.grads : 0;
  const resident = x.shard.residentBytes;
  const busy = resident + x.shard.inFlightBytes;
  // Backward start: the loss gradients over everything forward saved; lm_head's gradient written.
  const headGrad = s.full && !accumulating ? (s.head.instances * s.arch.vocab * s.arch.hidden * s.trainBytes) / s.shardGrads : 0;
  const early = Math.max(liveGrads, headGrad);
  const extra = (m: Moment): Entries => objectiveEntries(x, m, accumulating);
  const start = phaseCalc('backward', withObjective(trainEntries(x, states, busy, early, x.act.forwardEndBytes, x.logits.backwardBytes, 0, 0, x.autocast, x.comm.transientBytes), extra('backward-start')), 'start of backward (loss gradients)');
  // The last layer's backward: its gradients' working set; with checkpointing, that layer recomputed.
  const gcOff = s.cfg.gc === 'false';
  const layer = phaseCalc('backward', withObjective(trainEntries(x, states, busy, early, gcOff ? x.act.forwardEndBytes : x.act.recomputeBytes, 0, x.workspace, 0, x.autocast, x.comm.transientBytes), extra('backward-layer')),
    gcOff ? "last layer's backward" : 'last layer recomputed in backward');
  // Backward end: every gradient written, one layer's activations left.
  const end = phaseCalc('backward', withObjective(trainEntries(x, states, busy, x.grads, x.act.oneLayerBytes, 0, x.workspace, 0, x.autocast, x.comm.transientBytes), extra('backward-end')), 'end of backward (all gradients)');
  let backward = start;
  if (layer.total > backward.total) backward = layer;
  if (end.total > backward.total) backward = end;
  const o = x.obj;
  const forwardWhat = o && o.referenceForward.bytes > 0 ? 'end of forward: the reference forward (no_grad) beside the policy\'s saved tensors and logits' : 'end of forward, at the loss';
  // Mid-forward temporaries saved by nothing: DoRA's at the last layer's largest linear (everything
  // before the loss saved by then), a VLM tower's before the text layers (only the tower's own saved).
  const midForward: PhaseCalc[] = [];
  if (x.dora > 0) {
    midForward.push(phaseCalc('forward', { ...trainEntries(x, states, busy, liveGrads, x.act.forwardEndBytes, 0, 0, 0, x.autocast, x.comm.transientBytes), forward_transient: x.dora }, "last layer's DoRA weight norm"));
    if (!gcOff) midForward.push(phaseCalc('backward', { ...trainEntries(x, states, busy, early, x.act.recomputeBytes, 0, x.workspace, 0, x.autocast, x.comm.transientBytes), forward_transient: x.dora }, "DoRA's weight norm in the last layer's recompute"));
  }
  if (x.tower > 0) midForward.push(phaseCalc('forward', { ...trainEntries(x, states, busy, liveGrads, x.act.vision.savedBytes, 0, 0, 0, x.autocast, x.comm.transientBytes), forward_transient: x.tower }, "the vision tower's forward"));
  let forward = phaseCalc('forward', withObjective(trainEntries(x, states, busy, liveGrads, x.act.forwardEndBytes, x.logits.forwardBytes, 0, 0, x.autocast, x.comm.transientBytes), extra('forward')), forwardWhat);
  for (const m of midForward) {
    if (m.phase === 'forward' && m.total > forward.total) forward = m;
    if (m.phase === 'backward' && m.total > backward.total) backward = m;
  }
  const phases = [
    phaseCalc('load', withObjective(trainEntries(x, 0, 0, 0, 0, 0, 0, 0, 0), extra('load')), 'model loaded'),
    forward,
    backward,
    phaseCalc('optimizer', withObjective(trainEntries(x, states, resident, x.grads, 0, 0, 0, x.step, 0), extra('optimizer')), 'optimizer step'),
  ];
  // GRPO/PPO: the rollout, after an optimizer step (gradients freed, states resident), outside autocast.
  // Under `mixed` the policy's forwards there (generate, scoring) refill autocast's weight cache.
  if (o?.rollout) phases.splice(1, 0, phaseCalc('generation', withObjective(trainEntries(x, states, resident, 0, 0, 0, 0, 0, o.rollout.policyForward ? x.autocast : 0), extra('generation')), o.rollout.what));
  return phases;
}

/**
 * The serve phase, per engine (serving.ts `servingEntries`): the weights on the GPU, the KV cache
 * the batch needs, the activation peak (HF: one whole-batch prefill; vLLM: its profile run;
 * SGLang: one prefill chunk; llama.cpp: its compute buffer), last-position logits where the
 * engine keeps them apart, and the CUDA graphs.
 */
function servePhases(x: Parts): PhaseCalc[] {
  const e = x.serve;
  if (!e) return [];
  const entries: Entries = {
    weights: e.weights, autocast_cache: x.autocast, kv_cache: e.kv_cache, activations: e.activations,
    logits: e.logits, cublas_workspace: e.cublas_workspace,
    ...(e.cuda_graphs > 0 ? { cuda_graphs: e.cuda_graphs } : {}),
  };
  return [
    phaseCalc('load', { weights: x.weights }, 'model loaded'),
    phaseCalc('serve', entries, 'prefill with a full KV cache'),
  ];
}

/**
 * Every component: its label, where its coefficients come from, and its formula. The formula of
 * each lives beside the function that computes it (state.ts, activations.ts, logits.ts, ...);
 * this table only wires them to the component ids.
 */
const COMPONENTS: Readonly<Record<ComponentId, { readonly label: string; readonly source: string; readonly formula: (x: Parts, slack: Slack) => Formula }>> = {
  weights: { label: 'Weights', source: WEIGHTS_SOURCE, formula: (x) => llamacppWeightsFormula(x) ?? ropeWeightsFormula(x) ?? weightsFormula(x.s, x.base) },
  adapter_weights: { label: 'LoRA adapters', source: ADAPTERS_SOURCE, formula: (x) => adaptersFormula(x.s, x.adapters) },
  autocast_cache: { label: 'Autocast weight cache', source: AUTOCAST_SOURCE, formula: (x) => autocastFormula(x.s, x.autocast) },
  gradients: { label: 'Gradients', source: GRADIENTS_SOURCE, formula: (x) => gradientsFormula(x.s, x.grads) },
  optimizer_states: { label: 'Optimizer states', source: OPTIMIZER_STATES_SOURCE, formula: (x) => optimizerStatesFormula(x.s, x.st) },
  optimizer_step: { label: 'Optimizer step temporaries', source: OPTIMIZER_STEP_SOURCE, formula: (x) => optimizerStepFormula(x.s, x.step) },
  activations: {
    label: 'Activations', source: ACTIVATIONS_SOURCE,
    formula: (x) => (x.s.train ? fx`${x.act.formula()} = ${bytes(x.act.savedBytes)}${objectiveActivationsFormula(x)}`
      : x.s.cfg.engine === 'vllm' ? vllmProfileFormula(x.s) : prefillFormula(x.s, x.serve?.activations ?? prefillBytes(x.s))),
  },
  logits: { label: 'Logits & loss', source: LOGITS_SOURCE, formula: (x) => logitsFormula(x.logits) },
  reference_model: { label: 'Reference model', source: OBJECTIVES_SOURCE, formula: (x) => x.obj?.reference.formula() ?? [] },
  value_model: { label: 'Value model (PPO)', source: OBJECTIVES_SOURCE, formula: (x) => x.obj?.value?.formula() ?? [] },
  reward_model: { label: 'Reward model (PPO)', source: OBJECTIVES_SOURCE, formula: (x) => x.obj?.reward.formula() ?? [] },
  reference_forward: { label: 'Reference forward', source: OBJECTIVES_SOURCE, formula: (x) => x.obj?.referenceForward.formula() ?? [] },
  rollout_kv: { label: 'Rollout KV cache', source: OBJECTIVES_SOURCE, formula: (x) => x.obj?.rollout?.kv.formula() ?? [] },
  rollout_work: { label: 'Rollout working memory', source: OBJECTIVES_SOURCE, formula: (x) => x.obj?.rollout?.work.formula() ?? [] },
  vllm_engine: { label: 'Colocated vLLM', source: OBJECTIVES_SOURCE, formula: (x) => x.obj?.vllm?.formula() ?? [] },
  forward_transient: {
    label: 'Forward temporaries', source: `${DORA_TRANSIENT_SOURCE}; vision tower forward (src/estimator/vision.ts)`,
    formula: (x) => fx`${x.dora > 0 ? fx`DoRA's largest adapted linear: torch.eye(in), lora_B(lora_A(eye)), the weight copy and its norm = ${bytes(x.dora)}${x.s.cfg.gc !== 'false' ? ' (again when the layer is recomputed in backward)' : ''}` : ''}${x.dora > 0 && x.tower > 0 ? '; ' : ''}${x.tower > 0 ? fx`the vision tower's busiest op over the batch's images = ${bytes(x.tower)} (before the text layers: beside the tower's saved tensors only)` : ''}`,
  },
  workspace: { label: 'Backward workspace', source: WORKSPACE_SOURCE, formula: (x) => workspaceFormula(x.s, x.workspace) },
  sharding_buffers: { label: 'Sharding buffers', source: SHARDING_SOURCE, formula: (x) => fx`${x.shard.formula()} = ${bytes(x.shard.residentBytes + x.shard.inFlightBytes)}` },
  comm_buffers: { label: 'Parallelism buffers', source: PARALLEL_SOURCE, formula: (x) => commFormula(x.comm, 'transient') },
  nccl: { label: 'NCCL buffers', source: PARALLEL_SOURCE, formula: (x) => commFormula(x.comm, 'driver') },
  kv_cache: { label: 'KV cache', source: KV_SOURCE, formula: (x) => x.kv.formula() },
  cuda_graphs: { label: 'CUDA graphs', source: CUDA_GRAPHS_SOURCE, formula: (x) => cudaGraphsFormulaFor(x.s) },
  cublas_workspace: { label: 'cuBLAS workspace', source: CUBLAS_SOURCE, formula: () => cublasFormula() },
  allocator_slack: { label: 'Allocator slack', source: ALLOCATOR_SLACK_SOURCE, formula: (_x, sl) => allocatorSlackFormula(sl) },
  cuda_context: { label: 'CUDA context', source: CUDA_CONTEXT_SOURCE, formula: () => cudaContextFormula() },
};

const COMPONENT_IDS = Object.keys(COMPONENTS) as ComponentId[];

/** What an objective adds to the activations: PPO's value model's saved tensors, and the hidden states PPO keeps. */
function objectiveActivationsFormula(x: Parts): Formula {
  const o = x.obj;
  if (!o) return [];
  const v = o.value;
  return fx`${v ? fx`; + the value model's saved tensors ${bytes(v.activations)} (forward to the start of backward)` : ''}${o.retained.bytes > 0 ? fx`; + ${o.retained.formula()} (after backward, through the optimizer step)` : ''}`;
}

/** vLLM/SGLang: the parameters plus the rotary cos/sin cache the engine builds at load. */
function ropeWeightsFormula(x: Parts): Formula | null {
  const rope = ropeCacheBytes(x.s);
  if (rope <= 0) return null;
  const a = x.s.arch;
  return fx`${weightsFormula(x.s, x.base)}; + rotary cos/sin cache ${count(a.maxContext)} positions x ${a.mla ? a.mla.qkRopeHeadDim : a.headDim} x ${x.s.p} B = ${bytes(rope)}; = ${bytes(x.weights)}`;
}

/** llama.cpp: the whole GGUF and the part of it `-ngl` puts on the GPU. */
function llamacppWeightsFormula(x: Parts): Formula | null {
  const s = x.s;
  if (s.train || s.cfg.engine !== 'llamacpp') return null;
  const lay = llamacppLayout(s);
  const where = lay.cpuBlocks === 0 ? `all ${lay.gpuBlocks} blocks and the output layer` : `the last ${lay.gpuBlocks} of ${s.arch.layers} blocks${lay.outputOnGpu ? ' and the output layer' : ''} (ngl ${lay.ngl})`;
  return fx`${weightsFormula(s, x.base)}; on the GPU: ${where}, the token embeddings stay in host RAM = ${bytes(x.weights)}`;
}

/**
 * A component whose formula is built on first read: it is for showing the working and costs more
 * than the arithmetic, so a search that runs the estimator many times never builds it.
 */
class LazyComponent implements Component {
  private memo: Formula | undefined;
  constructor(
    readonly id: ComponentId, readonly label: string, readonly bytes: number, readonly pool: Component['pool'],
    readonly inPeak: boolean, readonly phase: Phase, private readonly parts: Parts, private readonly slack: Slack,
  ) {}
  get formula(): Formula {
    return (this.memo ??= COMPONENTS[this.id].formula(this.parts, this.slack));
  }
  get source(): string { return COMPONENTS[this.id].source; }
  toJSON(): Omit<Component, never> {
    return { id: this.id, label: this.label, bytes: this.bytes, pool: this.pool, inPeak: this.inPeak, phase: this.phase, formula: this.formula, source: this.source };
  }
}

function layerMathOf(s: Setup, x: Parts): Estimate['layerMath'] {
  const moeLayers = s.arch.moe ? s.arch.layers - s.arch.moe.denseLayers : 0;
  const out: Estimate['layerMath'][number][] = [];
  if (s.arch.layers - moeLayers > 0) out.push({ kind: 'dense', count: s.arch.layers - moeLayers, terms: x.act.denseTerms });
  if (moeLayers > 0) out.push({ kind: 'moe', count: moeLayers, terms: x.act.moeTerms });
  const final = finalTerms(s);
  if (final.length > 0) out.push({ kind: 'final', count: 1, terms: final });
  return out;
}

/** Trainable parameters of the whole model (the per-GPU count divided by nothing). */
function modelTrainable(s: Setup): number {
  // One GPU holds every layer: this GPU's count is the model's.
  if (!s.layout.split) return s.trainableParams;
  // Split over stages: recount over the whole model, per method (src/estimator/peft.ts), plus a VLM's tower (on the first stage).
  const whole = { linears: decoderLinears(s.model), head: headLinear(s.model), params: countParams(s.model), finalNorm: finalNormParams(s.model) };
  return wholeModelTrainable(s, whole) + visionTrainableParams(s.model, s.cfg);
}

/** How the model is split over the GPUs, for the reply and the math. */
function splitOf(x: Parts): NonNullable<Estimate['split']> {
  const s = x.s;
  const l = s.layout;
  const a = s.arch;
  const m = s.model;
  return {
    gpus: s.cfg.gpus, dp: l.dp, tp: l.tp, pp: l.pp, cp: l.cp, ep: l.ep, sp: l.sp, microbatches: l.microbatches,
    stage: l.stage, inflight: l.inflight, kvHeads: l.kvHeads, kvReplicated: l.kvReplicated,
    paramsOnGpu: s.params.total, paramsTotal: s.modelParams.total, layersTotal: s.model.layers,
    shapes: {
      heads: [a.heads, m.heads], kvHeads: [a.kvHeads, m.kvHeads], intermediate: [a.intermediate, m.intermediate], vocab: [a.vocab, m.vocab],
      experts: a.moe && m.moe ? [a.moe.experts, m.moe.experts] : null,
    },
    buffers: x.comm.parts,
  };
}

/** One sentence on the layout: which GPU's figures these are. */
function splitNote(s: Setup): string {
  const l = s.layout;
  const parts = [`tp ${l.tp}`, `pp ${l.pp}`, ...(l.cp > 1 ? [`cp ${l.cp}`] : []), ...(l.ep > 1 ? [`ep ${l.ep}`] : []), `data parallel ${l.dp}`];
  const st = l.stage;
  const stage = l.pp > 1
    ? ` Pipeline stage ${st.index + 1} of ${l.pp}: layers ${st.firstLayer + 1}-${st.firstLayer + st.layers}${st.embedding ? ', the embedding' : ''}${st.head ? ', the head and the loss' : ''}${s.train && l.inflight > 1 ? `, ${l.inflight} micro-batches of activations in flight (1F1B)` : ''}.`
    : '';
  const kv = l.kvReplicated ? ` ${s.model.kvHeads} KV heads < tp ${l.tp}: each GPU holds a copy of one (the KV cache is replicated, not split).` : '';
  return `Per GPU of ${s.cfg.gpus} (${parts.join(' x ')}): each GPU holds ${(100 * s.params.total / s.modelParams.total).toFixed(1)}% of the parameters.${stage}${kv}`;
}

function hostRam(x: Parts): Side {
  const s = x.s;
  // One process per GPU (torchrun, DeepSpeed, vLLM's workers); HF device_map="auto" and llama.cpp drive every GPU from one.
  const n = !s.train && (s.cfg.engine === 'hf' || s.cfg.engine === 'llamacpp') ? 1 : s.cfg.gpus;
  const parts: { label: string; bytes: number }[] = [
    { label: `process (Python, PyTorch, CUDA libraries) x ${n}`, bytes: HOST_PROCESS_BYTES * n },
    { label: `loading: one checkpoint shard x ${n}`, bytes: Math.min(HF_SHARD_BYTES, s.modelParams.total * 2) * n },
  ];
  const opt = offloadedOptimizerHostBytes(s);
  if (opt > 0) parts.push({ label: 'offloaded optimizer (fp32 master + states)', bytes: opt });
  if (s.cfg.offload === 'params') parts.push({ label: 'offloaded parameters', bytes: x.baseUnsharded });
  if (x.act.hostBytes > 0) parts.push({ label: `offloaded activation checkpoints x ${n}`, bytes: x.act.hostBytes * n });
  if (!s.train) parts.push(...servingHostBytes(s, x.base.bytes, x.base.layout.gguf).parts);
  return { bytes: parts.reduce((a, p) => a + p.bytes, 0), parts };
}

/**
 * The checkpoint's size in its own format: a quantized checkpoint (AWQ, GPTQ, FP8, MXFP4, GGUF)
 * is downloaded as stored, the whole model on one device (bitsandbytes quantizes a 16-bit
 * checkpoint on load, so its download is 16-bit). fp8 is sized as stored (vLLM's layout), not
 * as transformers decompresses it.
 */
function checkpointBytes(s: Setup): { bytes: number; what: string } {
  const family = formatFamily(s.cfg.quant);
  const gguf = s.cfg.engine === 'llamacpp' && s.cfg.mode === 'infer';
  if (!gguf && (family === 'none' || family === 'bnb')) return { bytes: s.modelParams.total * 2, what: '16-bit safetensors' };
  const engine = gguf ? 'llamacpp' : family === 'fp8' ? 'vllm' : 'hf';
  const whole = makeSetup(s.model, { ...s.cfg, mode: 'infer', method: 'full', engine, tp: 1, pp: 1, cp: 1, ep: 1, gpus: 1, sharding: 'none', offload: 'none', upcast: false });
  return { bytes: weightLayout(whole).totalBytes, what: gguf ? `GGUF ${s.cfg.quant === 'none' ? 'f16' : s.cfg.quant}` : `${s.cfg.quant} checkpoint` };
}

function disk(x: Parts): Side {
  const s = x.s;
  const ck = checkpointBytes(s);
  const parts: { label: string; bytes: number }[] = [{ label: `base model download (${ck.what})`, bytes: ck.bytes }];
  if (s.train) {
    const trainable = modelTrainable(s);
    const perGpu = optimizerStateBytes({ ...s, cfg: { ...s.cfg, offload: 'none' }, shardStates: 1 }).bytes;
    const st = s.trainableParams > 0 ? perGpu * (trainable / s.trainableParams) : 0;
    // A full fine-tune saves the whole model, frozen layers (`freeze`) included.
    if (s.full) parts.push({ label: 'one checkpoint: weights', bytes: (s.cfg.freeze !== null ? s.modelParams.total - s.modelParams.extra : trainable) * s.weightBytes });
    else parts.push({ label: 'one checkpoint: adapter weights', bytes: trainable * s.adapterBytes });
    parts.push({ label: 'one checkpoint: optimizer states (optimizer.pt)', bytes: st });
  }
  return { bytes: parts.reduce((a, p) => a + p.bytes, 0), parts };
}

/** What each method trains, as the reply names it. */
export const METHOD_NAMES: Readonly<Record<EstimateConfig['method'], string>> = {
  full: 'full fine-tuning', lora: 'LoRA', qlora: 'QLoRA', dora: 'DoRA', ia3: 'IA3', prompt: 'prompt tuning', prefix: 'prefix tuning', adapter: 'bottleneck adapter',
};

/** A modelling assumption of this estimate, by topic. */
const modelling = (topic: string, text: Formula | string): Assumption => ({ kind: 'modelling', topic, text: typeof text === 'string' ? [text] : text });

function assumptionsOf(s: Setup, built: BuiltConfig): Assumption[] {
  const out: Assumption[] = built.assumed.map((a) => ({ kind: 'key', key: a.key, value: a.value, why: a.why }));
  const oneProcess = !s.train && s.cfg.gpus > 1 && (s.cfg.engine === 'hf' || s.cfg.engine === 'llamacpp');
  out.push(modelling('stack', `stack: PyTorch + HF Transformers (+ PEFT); ${oneProcess ? 'one process driving every GPU' : 'one process per GPU'}`));
  for (const n of formatNotes(s)) out.push(modelling('quant', n));
  out.push(modelling('cuda-context', fx`CUDA context ${bytes(CUDA_CONTEXT_BYTES)} with lazy module loading (up to ${bytes(CUDA_CONTEXT_EAGER_BYTES)} with eager loading, gt001)`));
  if (s.train) {
    out.push(modelling('activations', 'activations in the compute dtype under autocast; peak set by the longest micro-batch'));
    if (s.cfg.attention !== 'eager') out.push(modelling('attention', `${s.cfg.attention}: k/v saved at KV-head width (GQA native, torch >= 2.5, no padding mask)`));
    if (s.cfg.optimizer === 'sgd') out.push(modelling('optimizer', 'SGD with momentum (one state)'));
    if (s.cfg.optimizer === 'paged-adamw-8bit') out.push(modelling('optimizer', 'paged optimizer states stay on the GPU unless memory runs short'));
    if (s.cfg.method !== 'full') out.push(modelling('adapters', `${METHOD_NAMES[s.cfg.method]} parameters in ${s.cfg.adapterDtype} (PEFT default fp32)`));
    if (s.cfg.method !== 'full' && s.cfg.quant !== 'none' && s.cfg.upcast && s.cfg.gc === 'false') out.push(modelling('checkpointing', 'prepare_model_for_kbit_training also turns on gradient checkpointing by default: add gc:true if your recipe keeps it'));
    if (SHARDING_CAPS[s.cfg.sharding].states && s.cfg.gpus === 1) out.push(modelling('sharding', `${s.cfg.sharding} on one GPU shards nothing`));
  } else {
    const engine: Record<string, string> = {
      hf: 'serving with HF generate: every prompt prefilled at once, a DynamicCache grown per token',
      vllm: 'serving with vLLM V1: paged KV in 16-token blocks, chunked prefill, the profile run sets the activation peak',
      sglang: 'serving with SGLang: a token-granular KV pool inside mem_fraction_static, chunked prefill',
      llamacpp: 'serving with llama.cpp: GGUF weights split by -ngl, flash attention on (-fa auto), one 512-token ubatch compute buffer',
    };
    out.push(modelling('serving', engine[s.cfg.engine] ?? engine.hf ?? ''));
  }
  return out;
}

/**
 * Estimates the per-GPU memory of training or serving `arch` with `built.config`.
 *
 * @example estimate(llama31_8b, buildConfig({ model: 'llama-3.1-8b', lora: 'true' }).value)
 */
export function estimate(arch: ModelArch, built: BuiltConfig): Estimate {
  if (built.config.pp <= 1) return estimateStage(arch, built, 0);
  // Pipeline parallelism: the first stage holds the embedding and the most micro-batches in
  // flight, the last the head and the loss. Each GPU's figure is its stage's; the reply shows
  // the fuller one, and says what the other needs.
  const first = estimateStage(arch, built, 0);
  const last = estimateStage(arch, built, built.config.pp - 1);
  const [worst, other] = last.totalBytes > first.totalBytes ? [last, first] : [first, last];
  const split = worst.split;
  return split ? { ...worst, split: { ...split, otherStage: { index: other.split?.stage.index ?? 0, totalBytes: other.totalBytes } } } : worst;
}

/** The estimate for the GPUs of one pipeline stage (stage 0 without pipeline parallelism). */
function estimateStage(arch: ModelArch, built: BuiltConfig, stageIndex: number): Estimate {
  const cfg: EstimateConfig = built.config;
  const s = makeSetup(arch, cfg, stageIndex);
  const x = computeParts(s);
  const phases = s.train ? trainPhases(x) : servePhases(x);
  let peak = phases[0] as PhaseCalc;
  for (const ph of phases) if (ph.total > peak.total) peak = ph;
  const allocated = peak.total;
  const sl = allocatorSlack(phases, allocated, x.shard.inFlightBytes);
  const reserved = sl.reservedBytes;
  const slack = sl.slackBytes;
  const managed = x.statesManaged ? x.states : 0;
  // Outside PyTorch's allocator, seen by nvidia-smi: the CUDA context, paged optimizer states, NCCL's buffers.
  const total = reserved + CUDA_CONTEXT_BYTES + managed + x.comm.driverBytes;

  const standalone: Record<ComponentId, number> = {
    weights: x.weights, adapter_weights: x.adapters, autocast_cache: x.autocast, gradients: x.grads,
    optimizer_states: x.states, optimizer_step: x.step, activations: s.train ? x.act.savedBytes : x.serve?.activations ?? 0,
    logits: Math.max(x.logits.forwardBytes, x.logits.backwardBytes), workspace: x.workspace,
    sharding_buffers: x.shard.residentBytes + x.shard.inFlightBytes, kv_cache: x.kv.bytes,
    comm_buffers: x.comm.transientBytes, nccl: x.comm.driverBytes,
    cuda_graphs: s.train ? 0 : cudaGraphBytes(s),
    cublas_workspace: CUBLAS_WORKSPACE_BYTES, allocator_slack: slack, cuda_context: CUDA_CONTEXT_BYTES,
    reference_model: x.obj?.reference.bytes ?? 0,
    value_model: x.obj?.value ? x.obj.value.weights + x.obj.value.states : 0,
    reward_model: x.obj?.reward.bytes ?? 0,
    reference_forward: x.obj?.referenceForward.bytes ?? 0,
    rollout_kv: x.obj?.rollout?.kv.bytes ?? 0,
    rollout_work: x.obj?.rollout?.work.bytes ?? 0,
    vllm_engine: x.obj?.vllm ? x.obj.vllm.budgetBytes + x.obj.vllm.graphBytes : 0,
    forward_transient: Math.max(x.dora, x.tower),
  };
  const components: Component[] = [];
  for (const id of COMPONENT_IDS) {
    const atPeak = peak.entries[id];
    let bytes = atPeak !== undefined && atPeak > 0 ? atPeak : standalone[id];
    let inPeak = atPeak !== undefined && atPeak > 0;
    if (id === 'allocator_slack' || id === 'cuda_context') inPeak = true;
    if (id === 'nccl') inPeak = x.comm.driverBytes > 0;
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
    const pool = id === 'cuda_context' || id === 'nccl' || (id === 'optimizer_states' && x.statesManaged) ? 'driver' : id === 'allocator_slack' ? 'reserved' : 'allocated';
    components.push(new LazyComponent(id, COMPONENTS[id].label, bytes, pool, inPeak, phase, x, sl));
  }
  const phaseTotals: PhaseTotal[] = phases.map((ph) => ({ phase: ph.phase, allocatedBytes: ph.total, what: ph.what }));
  const notes: string[] = [];
  if (!s.train && s.cfg.engine === 'vllm') {
    const u = vllmSettings(s).util;
    notes.push(`engine:vllm: vLLM takes gpu_memory_utilization (${u}) of the card up front and fills what this estimate leaves with KV-cache blocks; the CUDA context and the CUDA graphs sit outside that share, so nvidia-smi shows about ${Math.round(u * 100)}% of the card plus them. Fits are checked against the ${Math.round(u * 100)}%.`);
  }
  if (!s.train && s.cfg.engine === 'sglang') notes.push('engine:sglang: SGLang takes mem_fraction_static (`util`) of the card for the weights and its KV token pool up front; the prefill chunk and the CUDA graphs use the rest. Fits are checked against that fraction.');
  if (!s.train && s.cfg.engine === 'llamacpp') notes.push('engine:llamacpp: the GGUF is memory-mapped; the layers -ngl leaves on the CPU, the token embeddings and their KV cache are in host RAM.');
  if (!s.train && s.cfg.engine === 'hf') notes.push('engine:hf (transformers generate) prefills every prompt at once; vLLM (engine:vllm) prefills in chunks and reserves 90% of the card up front.');
  if (s.cfg.sharding === 'ddp' && s.cfg.gpus > 1 && !s.layout.split) notes.push('DDP keeps a full copy of everything on every GPU; only the batch is split.');
  if (s.layout.split) notes.push(splitNote(s));
  if (x.obj) notes.push(...objectiveNotes(x.obj, peak.phase, phaseTotals));
  return {
    model: { id: arch.id, name: arch.name, hfId: arch.hfId, params: s.modelParams.total, trainableParams: s.train ? modelTrainable(s) : 0 },
    ...(s.layout.split || s.cfg.gpus > 1 ? { split: splitOf(x) } : {}),
    config: cfg,
    allocatedBytes: allocated,
    reservedBytes: reserved,
    totalBytes: total,
    peakPhase: peak.phase,
    phases: phaseTotals,
    components,
    hostRam: hostRam(x),
    disk: disk(x),
    assumed: built.assumed,
    assumptions: assumptionsOf(s, built),
    notes,
    layerMath: s.train ? layerMathOf(s, x) : [],
    tokens: x.s.tokens,
  };
}

export { makeSetup };
