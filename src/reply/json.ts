/**
 * The machine-readable form of replies, for the CLI's `--json` and `--jsonl` (and anyone who
 * wants the numbers): plain JSON values, byte fields as whole numbers.
 */
import { formulaText } from '../format/formula';
import type { Report } from '../report';
import { assumptionText } from './assumptions';
import { timeJson } from './time';

/** Rounds every number under a key that names bytes (`bytes`, `totalBytes`, ...) to a whole number, deeply. */
export function roundBytes<T>(value: T): T {
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'number') return /bytes$/i.test(key) && Number.isFinite(v) ? Math.round(v) : v;
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, k);
      return out;
    }
    return v;
  };
  return walk(value, '') as T;
}

/** One estimate as JSON. */
export function reportJson(r: Report): Record<string, unknown> {
  return roundBytes({
    model: { id: r.model.id, name: r.model.name, hfId: r.model.hfId, params: r.model.params, trainableParams: r.model.trainableParams },
    config: r.config,
    canonical: r.canonical,
    totalBytes: r.totalBytes,
    reservedBytes: r.reservedBytes,
    allocatedBytes: r.allocatedBytes,
    peakPhase: r.peakPhase,
    phases: r.phases,
    components: r.components.map((c) => ({ name: c.id, label: c.label, bytes: c.bytes, phase: c.phase, inPeak: c.inPeak, pool: c.pool, formula: formulaText(c.formula), source: c.source })),
    hostRamBytes: r.hostRam.bytes,
    hostRam: r.hostRam.parts,
    diskBytes: r.disk.bytes,
    disk: r.disk.parts,
    assumed: r.assumed,
    assumptions: r.assumptions.map((a) => ({ ...(a.kind === 'key' ? { kind: a.kind, key: a.key, value: a.value, why: a.why } : { kind: a.kind, topic: a.topic }), text: assumptionText(a) })),
    notes: r.notes,
    warnings: r.warnings.map((w) => ({ code: w.code, key: w.key, message: w.message })),
    range: r.range ? { lowBytes: r.range.lowBytes, highBytes: r.range.highBytes, coverage: r.range.coverage, nominal: r.range.nominal, regime: r.range.regime, points: r.range.points, near: r.range.near, calibrated: r.range.calibrated } : null,
    fits: r.fits.map((f) => ({ gpu: f.gpu, vendor: f.vendor, memoryBytes: f.memoryBytes, verdict: f.verdict, fits: f.fits, tight: f.tight, headroomBytes: f.headroomBytes })),
    target: r.target,
    calibration: r.calibration ?? null,
    tips: r.tips,
    ...timeJson(r.time, r.cost),
    ...(r.resolvedNote ? { resolvedNote: r.resolvedNote } : {}),
  });
}
