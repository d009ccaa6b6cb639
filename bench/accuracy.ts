/**
 * `npm run bench:accuracy`: every usable published measurement, estimated through the grammar,
 * compared on the statistic the source measured. Prints one row per point and a summary.
 */
import { loadMeasurements, mapMeasurement, type Mapped } from './calibration';
import { reportFromLine } from '../commands/estimate-line';
import { describeInputError } from '../src/config';
import type { Report } from '../src/report';

const GiB = 1024 ** 3;

export interface Row { readonly id: string; readonly measured: number; readonly predicted: number; readonly err: number; readonly stat: string; readonly args: string }

export function predict(args: string, stat: string): number {
  const r = reportFromLine(args);
  if (!r.ok) throw new Error(`${args}: ${r.errors.map((e) => describeInputError(e)).join(' ')}`);
  const e: Report = r.value;
  switch (stat) {
    case 'allocated': return e.allocatedBytes / GiB;
    case 'reserved': return e.reservedBytes / GiB;
    case 'total': return e.totalBytes / GiB;
    default: return (e.phases.find((p) => p.phase === 'load')?.allocatedBytes ?? 0) / GiB;
  }
}

export function evaluate(mapped: readonly Mapped[]): { rows: Row[]; ooms: { id: string; predicted: number; capacity: number; ok: boolean }[] } {
  const rows: Row[] = [];
  const ooms: { id: string; predicted: number; capacity: number; ok: boolean }[] = [];
  for (const p of mapped) {
    if (p.kind === 'point' && p.m.value_gib !== null) {
      const pred = predict(p.args, p.stat);
      rows.push({ id: p.m.id, measured: p.m.value_gib, predicted: pred, err: (pred - p.m.value_gib) / p.m.value_gib, stat: p.stat, args: p.args });
    } else if (p.kind === 'oom') {
      const pred = predict(p.args, 'total');
      ooms.push({ id: p.m.id, predicted: pred, capacity: p.capacityGiB, ok: pred > p.capacityGiB });
    }
  }
  return { rows, ooms };
}

export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] ?? 0) + ((s[hi] ?? 0) - (s[lo] ?? 0)) * (pos - lo);
}

function main(): void {
  const mapped = loadMeasurements().map(mapMeasurement);
  const { rows, ooms } = evaluate(mapped);
  console.log('id      stat       measured  predicted   error  args');
  for (const r of rows) {
    console.log(`${r.id}  ${r.stat.padEnd(9)} ${r.measured.toFixed(2).padStart(8)}  ${r.predicted.toFixed(2).padStart(9)}  ${(r.err * 100).toFixed(1).padStart(6)}%  ${r.args}`);
  }
  console.log('\nOOM constraints (source reports out of memory; the estimate must exceed the card):');
  for (const o of ooms) console.log(`${o.id}  predicted ${o.predicted.toFixed(2)} GiB vs ${o.capacity.toFixed(2)} GiB  ${o.ok ? 'ok' : 'MISSED'}`);
  const unusable = mapped.filter((m) => m.kind === 'unusable');
  console.log(`\nUnusable points: ${unusable.length} (reasons: ${[...new Set(unusable.map((u) => u.why))].length} kinds; see bench/calibration.ts)`);
  const abs = rows.map((r) => Math.abs(r.err));
  const within = abs.filter((a) => a <= 0.1).length;
  console.log(`\nSummary over ${rows.length} points: median |error| ${(quantile(abs, 0.5) * 100).toFixed(1)}%, p90 |error| ${(quantile(abs, 0.9) * 100).toFixed(1)}%, within ±10%: ${within}/${rows.length} (${((within / rows.length) * 100).toFixed(0)}%), mean signed error ${((rows.reduce((a, r) => a + r.err, 0) / rows.length) * 100).toFixed(1)}%; OOM constraints met ${ooms.filter((o) => o.ok).length}/${ooms.length}`);
}

if (require.main === module) main();
