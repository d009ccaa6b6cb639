/**
 * `npm run bench:accuracy`: every usable published measurement, estimated through the grammar,
 * compared on the statistic the source measured. Prints one row per point and a summary.
 */
import { quantile, summarize } from './stats';
import { loadMeasurements, loadServingMeasurements, mapMeasurement, modeOf, type Mapped, type ServingMeasurement } from './calibration';
import { reportFromLine } from '../commands/estimate-line';
import { buildConfig, describeInputError } from '../src/config';
import { GPUS, type Gpu } from '../src/catalog/gpus';
import { resolveModel } from '../src/catalog/resolve';
import { estimate, makeSetup } from '../src/estimator/estimate';
import {
  kvCacheBytes, llamacppComputeBufferBytes, servingGpuWeightBytes, servingHostBytes, servingPlan, sglangSettings, vllmPoolBlocks,
} from '../src/estimator/serving';
import { CUDA_CONTEXT_BYTES } from '../src/estimator/constants';
import { baseWeightBytes } from '../src/estimator/state';
import type { ModelArch } from '../src/model/arch';
import type { Report } from '../src/report';
import { RANGE_DATA } from '../src/estimator/ranges.data';
import { signedPct as pct } from '../src/format/text';
import { printTime } from './time-accuracy';

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
    case 'file': return (e.disk.parts[0]?.bytes ?? 0) / GiB;
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

/** One serving point, estimated: the engine's number as this estimator computes it. */
export interface ServingRow { readonly id: string; readonly engine: string; readonly stat: string; readonly measured: number; readonly predicted: number; readonly err: number; readonly use: string; readonly args: string }

const MiB = 1024 ** 2;

/** The architecture of a serving point: the catalog model of its grammar line, or a catalog template with the config fields the row gives. */
function archOf(m: ServingMeasurement): ModelArch {
  const id = m.arch?.template ?? m.model;
  const r = resolveModel(id);
  if (!r.ok) throw new Error(`${m.id}: no catalog model ${id}`);
  if (!m.arch) return r.value.arch;
  const { template: _t, ...over } = m.arch;
  return { ...r.value.arch, ...over, aliases: [] } as ModelArch;
}

/** The card of a serving point, with the total the engine logged when the row gives one. */
function gpuOf(m: ServingMeasurement): Gpu {
  const g = GPUS.find((x) => x.id === m.gpu);
  // A card outside the catalog (an accelerator the row's figure does not depend on, such as the
  // weights vLLM loads) needs its total stated in the row.
  if (!g && m.gpu_total_gib !== null && GPUS[0]) return { ...GPUS[0], id: m.gpu, name: m.gpu, memoryBytes: m.gpu_total_gib * GiB };
  if (!g) throw new Error(`${m.id}: no catalog GPU ${m.gpu}`);
  return m.gpu_total_gib === null ? g : { ...g, memoryBytes: m.gpu_total_gib * GiB };
}

/** Predicts the number a serving point logged, from its settings, with the engine model of src/estimator/serving.ts. */
export function predictServing(m: ServingMeasurement): number {
  const arch = archOf(m);
  const raw: Record<string, string> = { model: arch.id };
  for (const tok of m.args.trim().split(/\s+/)) { const i = tok.indexOf(':'); raw[tok.slice(0, i)] = tok.slice(i + 1); }
  raw.model = m.arch ? 'llama-3.2-1b' : raw.model ?? m.model;
  const built = buildConfig(raw);
  if (!built.ok) throw new Error(`${m.id}: ${built.errors.map((e) => describeInputError(e)).join(' ')}`);
  const gpu = gpuOf(m);
  const config = { ...built.value.config, model: arch.id, gpu: gpu.id };
  const s = makeSetup(arch, config);
  // The weights on the GPU (the estimate's component), and the whole checkpoint in its format (llama.cpp splits it by -ngl).
  const weights = estimate(arch, { config, assumed: [] }).components.find((c) => c.id === 'weights')?.bytes ?? 0;
  const base = baseWeightBytes(s);
  const plan = servingPlan(s, gpu, weights);
  // vLLM's V0 worker measured non-torch memory from the process start, so the CUDA context came
  // out of its budget; V1 takes its snapshot after the context exists (gpu_worker.py init_device).
  const v0 = m.engine === 'vllm' && m.engine_version.startsWith('V0') && plan !== null;
  const pool = (plan?.kvPoolBytes ?? 0) - (v0 ? CUDA_CONTEXT_BYTES : 0);
  switch (m.stat) {
    case 'kv_pool_gib': return pool / GiB;
    case 'kv_tokens': return v0 ? vllmPoolBlocks(s, pool, config.context, plan?.batchedTokens ?? 0).tokens : plan?.kvCacheTokens ?? 0;
    case 'max_concurrency': return plan?.maxConcurrency ?? 0;
    case 'weights_gib': return weights / GiB;
    case 'activation_gib': return (plan?.activationBytes ?? 0) / GiB;
    case 'mem_fraction_static': return sglangSettings(s, gpu).memFractionStatic;
    case 'llamacpp_kv_mib': return kvCacheBytes(s).bytes / MiB;
    case 'llamacpp_compute_mib': return llamacppComputeBufferBytes(s) / MiB;
    case 'llamacpp_gpu_weights_mib': return servingGpuWeightBytes(s, base.bytes, base.layout.gguf) / MiB;
    case 'llamacpp_cpu_weights_mib': return (servingHostBytes(s, base.bytes, base.layout.gguf).parts[0]?.bytes ?? 0) / MiB;
  }
}

export function evaluateServing(points: readonly ServingMeasurement[]): ServingRow[] {
  return points.map((m) => {
    const predicted = predictServing(m);
    return { id: m.id, engine: m.engine, stat: m.stat, measured: m.value, predicted, err: (predicted - m.value) / m.value, use: m.use, args: m.args };
  });
}

/** |error| summary of a group of points. */

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

  const serving = evaluateServing(loadServingMeasurements());
  console.log('\nServing engines (calibration/serving.jsonl): the number each engine logged at start-up');
  console.log('id      engine    stat                       measured   predicted   error  use');
  for (const r of serving) {
    console.log(`${r.id}   ${r.engine.padEnd(9)} ${r.stat.padEnd(25)} ${fmt(r.measured).padStart(10)}  ${fmt(r.predicted).padStart(10)}  ${(r.err * 100).toFixed(1).padStart(6)}%  ${r.use}`);
  }

  // By mode (train vs infer) and by engine: the estimate's totals and the engines' own numbers.
  const groups = new Map<string, number[]>();
  const push = (k: string, e: number): void => { groups.set(k, [...(groups.get(k) ?? []), e]); };
  for (const r of rows) {
    const { mode, engine } = modeOf(r.args);
    push(mode === 'train' ? 'train' : `infer · ${engine} (estimate totals)`, r.err);
  }
  for (const r of serving) if (r.use === 'check') push(`infer · ${r.engine} (engine start-up numbers)`, r.err);
  console.log('\nError by mode and engine (serving outliers left out, see above):');
  for (const [k, errs] of [...groups.entries()].sort()) {
    const x = summarize(errs);
    console.log(`  ${k.padEnd(42)} ${String(x.n).padStart(3)} points  median |error| ${(x.median * 100).toFixed(1).padStart(5)}%  p90 ${(x.p90 * 100).toFixed(1).padStart(5)}%  within ±10% ${x.within10}/${x.n}  mean signed ${(x.mean * 100).toFixed(1)}%`);
  }
  printRanges(rows);
  printTime();
}

/** One calibration point against the likely range its estimate carries (the same relative range, on the point's statistic). */
export interface RangeRow { readonly id: string; readonly regime: string; readonly workload: string; readonly inside: boolean; readonly err: number }

/** What a training setting runs (objective, method, engine) or a serving one (engine, weight format): the workloads bench:accuracy reports. */
export function workloadOf(r: Report): string {
  const c = r.config;
  if (c.mode === 'infer') return `infer · ${c.engine}`;
  const vlm = c.images > 0 ? ' · vlm' : '';
  const gpus = c.gpus > 1 ? ` · ${c.sharding} ${c.gpus} GPUs` : '';
  return `train · ${c.objective} · ${c.method}${c.engine !== 'hf' ? ` · ${c.engine}` : ''}${vlm}${gpus}`;
}

/** Each memory point with the range of its estimate: inside or not, its regime and workload. */
export function rangeRows(rows: readonly Row[]): RangeRow[] {
  const out: RangeRow[] = [];
  for (const row of rows) {
    if (row.stat === 'file') continue;
    const r = reportFromLine(row.args);
    if (!r.ok || !r.value.range) continue;
    const { range, totalBytes } = r.value;
    const low = row.predicted * (range.lowBytes / totalBytes);
    const high = row.predicted * (range.highBytes / totalBytes);
    out.push({ id: row.id, regime: range.regime, workload: workloadOf(r.value), inside: row.measured >= low && row.measured <= high, err: row.err });
  }
  return out;
}

function printRanges(rows: readonly Row[]): void {
  const rr = rangeRows(rows);
  const inside = rr.filter((x) => x.inside).length;
  console.log(`\nLikely ranges (src/estimator/ranges.data.ts, nominal ${(RANGE_DATA.nominal * 100).toFixed(0)}%): the measurement falls inside its estimate's range for ${inside}/${rr.length} points (${((inside / Math.max(1, rr.length)) * 100).toFixed(0)}%, in sample; leave-one-out per regime below)`);
  const by = new Map<string, RangeRow[]>();
  for (const x of rr) by.set(x.regime, [...(by.get(x.regime) ?? []), x]);
  console.log('  regime used                                        points  inside  LOO coverage  range           mean signed error');
  for (const [k, xs] of [...by.entries()].sort()) {
    const st = RANGE_DATA.regimes[k];
    const ins = xs.filter((x) => x.inside).length;
    const mean = xs.reduce((a, x) => a + x.err, 0) / xs.length;
    const range = st ? `${pct(st.low)}..${pct(st.high)}` : '';
    console.log(`  ${k.padEnd(50)} ${String(xs.length).padStart(6)}  ${String(ins).padStart(6)}  ${st ? `${(st.coverage * 100).toFixed(0)}%`.padStart(12) : ''.padStart(12)}  ${range.padEnd(15)} ${(mean * 100).toFixed(1)}%`);
  }
  const wl = new Map<string, RangeRow[]>();
  for (const x of rr) wl.set(x.workload, [...(wl.get(x.workload) ?? []), x]);
  console.log('\nError by workload (objective, method, engine):');
  for (const [k, xs] of [...wl.entries()].sort()) {
    const x = summarize(xs.map((y) => y.err));
    console.log(`  ${k.padEnd(42)} ${String(x.n).padStart(3)} points  median |error| ${(x.median * 100).toFixed(1).padStart(5)}%  p90 ${(x.p90 * 100).toFixed(1).padStart(5)}%  mean signed ${(x.mean * 100).toFixed(1)}%  inside range ${xs.filter((y) => y.inside).length}/${xs.length}`);
  }
}

/** A measured or predicted number: fractions and concurrencies with decimals, token counts whole. */
function fmt(v: number): string {
  return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toFixed(v < 2 ? 3 : 2);
}

if (require.main === module) main();
