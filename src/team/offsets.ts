/**
 * A team's own runs against the estimate (`/vram record`, `/vram accuracy`, `calibrated:true`).
 * Pure arithmetic over records already estimated: the residual of each (measured / estimated - 1,
 * on the statistic the team read), the mean per regime (src/estimator/regime.ts levels), and the
 * offset that applies to a configuration: the mean of the most specific regime with at least
 * {@link MIN_TEAM_RECORDS} runs.
 */
import type { RecordStat } from '../store/records';

/** Runs a regime needs before its mean offset is applied: one run could be an outlier (another job on the card, an old driver). */
export const MIN_TEAM_RECORDS = 2;

/** What the estimate says for the statistic a record holds. */
export interface Estimated {
  readonly totalBytes: number;
  readonly reservedBytes: number;
  readonly allocatedBytes: number;
}

/**
 * The estimate's figure for a statistic: nvidia-smi sees everything the process holds (the
 * total: reserved plus CUDA context and driver-only memory); `reserved` and `allocated` are
 * torch.cuda.max_memory_reserved / max_memory_allocated.
 */
export function estimatedFor(e: Estimated, stat: RecordStat): number {
  return stat === 'smi' ? e.totalBytes : stat === 'reserved' ? e.reservedBytes : e.allocatedBytes;
}

export interface Evaluated {
  /** measured / estimated - 1: positive when the run used more than the estimate said. */
  readonly residual: number;
  /** Regime keys of the run's configuration, most specific first. */
  readonly levels: readonly string[];
}

export interface RegimeOffset {
  readonly regime: string;
  readonly n: number;
  /** Mean residual of the regime's runs. */
  readonly mean: number;
}

/** The mean residual of every regime level the runs belong to. */
export function offsetsByRegime(runs: readonly Evaluated[]): Map<string, RegimeOffset> {
  const sums = new Map<string, { n: number; sum: number }>();
  for (const r of runs) {
    for (const k of r.levels) {
      const s = sums.get(k) ?? { n: 0, sum: 0 };
      sums.set(k, { n: s.n + 1, sum: s.sum + r.residual });
    }
  }
  const out = new Map<string, RegimeOffset>();
  for (const [k, s] of sums) out.set(k, { regime: k, n: s.n, mean: s.sum / s.n });
  return out;
}

/** The offset for a configuration of these regime levels: the most specific level with enough runs; null when none. */
export function offsetFor(levels: readonly string[], offsets: ReadonlyMap<string, RegimeOffset>, min = MIN_TEAM_RECORDS): RegimeOffset | null {
  for (const k of levels) {
    const o = offsets.get(k);
    if (o && o.n >= min) return o;
  }
  return null;
}

/**
 * A measured amount as typed after `measured:`: GiB by default (`41.2`, `41.2gib`), or MiB as
 * nvidia-smi prints it (`42188mib`, `42188MiB`). Decimal GB are refused: nvidia-smi and torch
 * never print them, and 1 GB is 7% less than 1 GiB. Null when it is not one.
 */
export function parseMeasured(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(gib|g|mib|m)?\s*$/i.exec(text);
  if (!m) return null;
  const v = Number(m[1]);
  const unit = (m[2] ?? 'gib').toLowerCase();
  const bytes = unit.startsWith('m') ? v * 1024 ** 2 : v * 1024 ** 3;
  return bytes > 0 && bytes <= 4 * 1024 ** 4 ? bytes : null;
}
