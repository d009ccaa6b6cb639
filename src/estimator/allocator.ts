/**
 * Allocator slack: what PyTorch's caching allocator holds beyond the tensors alive at the peak
 * (`torch.cuda.max_memory_reserved` minus `max_memory_allocated`).
 *
 * Tensors freed during forward and backward leave cached blocks that later, differently sized
 * requests cannot always reuse: blocks above 1 MiB are rounded up to 2 MiB multiples and split,
 * oversize blocks are not split (c10/cuda/CUDACachingAllocator.cpp, `round_size`, `get_free_block`).
 * The slack therefore scales with the bytes that churn (activations, logits, workspaces, the
 * optimizer step's temporaries, the gathered shards of ZeRO-3/FSDP), not with weights and
 * optimizer states, which are allocated once. Cached blocks are never returned during a step, so
 * the reserved peak is the largest (allocated + slack) over the phases, which may be another
 * phase than the allocated peak.
 */
import { ALLOCATOR_SLACK_FRACTION } from './constants';
import { bytes, fx, type Formula } from './formula';
import type { ComponentId, Phase } from './types';

export const ALLOCATOR_SLACK_SOURCE = 'PyTorch CUDACachingAllocator block rounding and splitting; fraction of churning bytes: assumption, see constants.ts';

/** Components whose tensors are allocated and freed within a step. */
export const CHURNING: readonly ComponentId[] = ['activations', 'logits', 'workspace', 'optimizer_step', 'reference_forward', 'rollout_kv', 'rollout_work', 'forward_transient'];

export interface PhaseLoad {
  readonly phase: Phase;
  /** memory_allocated at the phase's high point. */
  readonly total: number;
  readonly entries: Partial<Record<ComponentId, number>>;
}

export interface Slack {
  /** Peak reserved bytes (max over phases of allocated + slack). */
  readonly reservedBytes: number;
  /** Reserved minus the allocated peak. */
  readonly slackBytes: number;
  /** The phase that sets the reserved peak, and what churns there. */
  readonly phase: Phase;
  readonly churnBytes: number;
  readonly phaseAllocatedBytes: number;
  readonly allocatedBytes: number;
}

/**
 * Peak reserved and the slack over the allocated peak.
 * @param inFlightBytes ZeRO-3/FSDP gathered parameters, which churn in forward and backward
 */
export function allocatorSlack(phases: readonly PhaseLoad[], allocatedBytes: number, inFlightBytes: number): Slack {
  let best: Slack = { reservedBytes: allocatedBytes, slackBytes: 0, phase: phases[0]?.phase ?? 'load', churnBytes: 0, phaseAllocatedBytes: allocatedBytes, allocatedBytes };
  for (const ph of phases) {
    let churn = ph.phase === 'optimizer' || ph.phase === 'load' ? 0 : inFlightBytes;
    for (const id of CHURNING) churn += ph.entries[id] ?? 0;
    const reserved = ph.total + ALLOCATOR_SLACK_FRACTION * churn;
    if (reserved > best.reservedBytes) {
      best = { reservedBytes: reserved, slackBytes: reserved - allocatedBytes, phase: ph.phase, churnBytes: churn, phaseAllocatedBytes: ph.total, allocatedBytes };
    }
  }
  return best;
}

/** The arithmetic of {@link allocatorSlack}. */
export function allocatorSlackFormula(sl: Slack): Formula {
  const elsewhere = sl.phaseAllocatedBytes !== sl.allocatedBytes
    ? fx` + ${bytes(sl.phaseAllocatedBytes)} allocated there - ${bytes(sl.allocatedBytes)} allocated at the peak`
    : '';
  return fx`${ALLOCATOR_SLACK_FRACTION * 100}% of ${bytes(sl.churnBytes)} that churns at the ${sl.phase} phase (activations, logits, workspaces, step temporaries, gathered shards)${elsewhere} = ${bytes(sl.slackBytes)}`;
}
