import type { AssumedKey, EstimateConfig } from '../config';
import type { Formula } from './formula';

/**
 * Where in a training step (or serving) a quantity is live. `generation`: the rollout of an online
 * objective (GRPO, PPO: `objective`), before the training step.
 */
export type Phase = 'load' | 'generation' | 'forward' | 'backward' | 'optimizer' | 'serve';

/** Which statistic a byte belongs to: allocated tensors, allocator cache, or driver-only memory. */
export type Pool = 'allocated' | 'reserved' | 'driver';

export type ComponentId =
  | 'weights'
  | 'adapter_weights'
  | 'autocast_cache'
  | 'gradients'
  | 'optimizer_states'
  | 'optimizer_step'
  | 'activations'
  | 'logits'
  | 'workspace'
  /** Objectives (`src/estimator/objectives.ts`): the frozen reference copy. */
  | 'reference_model'
  /** PPO's value model (its weights; its gradients and states are in gradients / optimizer_states). */
  | 'value_model'
  /** PPO's frozen reward model. */
  | 'reward_model'
  /** The no_grad reference (or scoring) forward inside the step: its logits and transient. */
  | 'reference_forward'
  /** The rollout's KV cache (HF generate's DynamicCache). */
  | 'rollout_kv'
  /** The rollout's working memory: prefill transient, sampling logits, stored scores, scoring forwards. */
  | 'rollout_work'
  /** A colocated vLLM engine: `util` of the card and its CUDA graphs. */
  | 'vllm_engine'
  /** A forward's temporaries that nothing saves but that are alive at one op: DoRA's weight-norm work, a VLM tower's busiest op. */
  | 'forward_transient'
  | 'sharding_buffers'
  | 'comm_buffers'
  | 'nccl'
  | 'kv_cache'
  | 'cuda_graphs'
  | 'cublas_workspace'
  | 'allocator_slack'
  | 'cuda_context';

/**
 * An assumption of an estimate, as a value: a key the user did not give (with the value assumed
 * and why), or a modelling assumption on a topic (stack, CUDA context, attention, ...).
 */
export type Assumption =
  | { readonly kind: 'key'; readonly key: string; readonly value: string; readonly why: string }
  | { readonly kind: 'modelling'; readonly topic: string; readonly text: Formula };

/** One named term of the estimate. */
export interface Component {
  readonly id: ComponentId;
  readonly label: string;
  /** Bytes per GPU this term holds when it is live. */
  readonly bytes: number;
  readonly pool: Pool;
  /** Whether it is live at the peak phase (and so counted in the total). */
  readonly inPeak: boolean;
  /** The phase its bytes refer to: the peak phase when live there, else the phase where it is largest. */
  readonly phase: Phase;
  /** Formula with the numbers substituted (rendered by `src/format/formula.ts`). */
  readonly formula: Formula;
  /** Where the coefficients come from. */
  readonly source: string;
}

/** Host RAM and disk, with their parts. */
export interface Side {
  readonly bytes: number;
  readonly parts: readonly { readonly label: string; readonly bytes: number }[];
}

export interface PhaseTotal {
  readonly phase: Phase;
  /** torch.cuda.memory_allocated at that phase's high point, per GPU. */
  readonly allocatedBytes: number;
  readonly what: string;
}

export interface Estimate {
  readonly model: {
    readonly id: string;
    readonly name: string;
    readonly hfId: string;
    readonly params: number;
    readonly trainableParams: number;
  };
  readonly config: EstimateConfig;
  /** Peak torch.cuda.max_memory_allocated per GPU. */
  readonly allocatedBytes: number;
  /** Peak torch.cuda.max_memory_reserved per GPU. */
  readonly reservedBytes: number;
  /** What nvidia-smi shows per GPU at the peak: reserved + CUDA context (+ managed memory). */
  readonly totalBytes: number;
  readonly peakPhase: Phase;
  readonly phases: readonly PhaseTotal[];
  readonly components: readonly Component[];
  readonly hostRam: Side;
  readonly disk: Side;
  /** The keys the user did not give and the values assumed for them. */
  readonly assumed: readonly AssumedKey[];
  /** The assumptions applied: assumed key values, then the modelling assumptions. */
  readonly assumptions: readonly Assumption[];
  /** Things worth knowing that are not assumptions (e.g. vLLM pre-allocation). */
  readonly notes: readonly string[];
  /** What one layer saves per token, term by term (training), for showing the math. */
  readonly layerMath: readonly {
    readonly kind: 'dense' | 'moe' | 'final';
    readonly count: number;
    /** `scope: 'seq'`: split `tp` ways along the sequence under sequence parallelism. */
    readonly terms: readonly { readonly label: string; readonly bytesPerToken: number; readonly scope: 'seq' | 'gpu' }[];
  }[];
  /** Tokens per micro-batch per GPU the activations are multiplied by. */
  readonly tokens: number;
  /**
   * How the model is split over several GPUs (absent on one GPU): the degrees, the pipeline stage
   * the figures are for, the KV heads per GPU, and what the other end of the pipeline needs.
   */
  readonly split?: {
    readonly gpus: number;
    readonly dp: number; readonly tp: number; readonly pp: number; readonly cp: number; readonly ep: number;
    readonly sp: boolean; readonly microbatches: number;
    readonly stage: { readonly index: number; readonly of: number; readonly firstLayer: number; readonly layers: number; readonly embedding: boolean; readonly head: boolean };
    readonly inflight: number;
    readonly kvHeads: number; readonly kvReplicated: boolean;
    readonly paramsOnGpu: number; readonly paramsTotal: number; readonly layersTotal: number;
    /** The shapes one GPU computes on, beside the whole model's. */
    readonly shapes: {
      readonly heads: readonly [number, number]; readonly kvHeads: readonly [number, number];
      readonly intermediate: readonly [number, number]; readonly vocab: readonly [number, number];
      readonly experts: readonly [number, number] | null;
    };
    /** The buffers parallelism itself needs on this GPU (what commBuffers lists). */
    readonly buffers: readonly { readonly label: string; readonly bytes: number }[];
    /** pp > 1: the other end's stage and its per-GPU total. */
    readonly otherStage?: { readonly index: number; readonly totalBytes: number };
  };
}
