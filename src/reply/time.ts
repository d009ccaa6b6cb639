/**
 * The time and cost of a report as reply text and JSON (src/estimator/time.ts computes them).
 */
import { durationText, type Cost, type TimeEstimate } from '../estimator/time';

const n0 = (x: number): string => Math.round(x).toLocaleString('en-US');
const usd = (x: number): string => (x >= 100 ? `$${n0(x)}` : `$${x.toFixed(2)}`);
const stepText = (s: number): string => (s >= 1 ? `${s.toFixed(2)} s` : s >= 0.1 ? `${(s * 1000).toFixed(0)} ms` : `${(s * 1000).toFixed(2)} ms`);

/** The "Time" field of a reply: step time, tokens/s, run time and cost, with the utilisation used. */
export function timeFieldText(time: TimeEstimate, cost: Cost | null): string {
  if (time.kind === 'none') return time.reason;
  if (time.kind === 'serve') {
    const v = time.serve;
    const parts = [
      `decode ${stepText(v.decodeStepS)}/token at batch ${v.batch}: ${v.tokensPerSPerSeq.toFixed(0)} tokens/s per sequence, ${n0(v.tokensPerS)} tokens/s in all (${v.bound}-bound)`,
      ...(v.maxConcurrency !== null && v.tokensPerSAtMax !== null ? [`${n0(v.tokensPerSAtMax)} tokens/s at the ${v.maxConcurrency} sequences the KV pool admits`] : []),
      `first token of a full-context prompt in ${stepText(v.ttftS)}`,
    ];
    const c = cost && cost.usdPerMillionTokens !== null ? ` · ${usd(cost.usdPerHour)}/h, ${usd(cost.usdPerMillionTokens)} per million output tokens ${cost.text}` : '';
    return `${parts.join('; ')}. Roofline of ${v.gpu} (${v.memoryGBps} GB/s, ${v.peakTflops} TFLOPS ${v.precision}): the fastest the card allows; engines reach a share of it.${c}`;
  }
  const t = time.train;
  const head = `step ${stepText(t.stepS)} (${n0(t.tokensPerStep)} tokens) · ${n0(t.tokensPerS)} tokens/s${t.tokensPerS !== t.tokensPerSPerGpu ? ` (${n0(t.tokensPerSPerGpu)} per GPU)` : ''} on ${t.gpu}`;
  const run = time.run ? ` · run ${durationText(time.run.seconds)} for ${n0(time.run.tokens)} tokens x ${time.run.epochs} epoch${time.run.epochs === 1 ? '' : 's'} (${time.run.gpuHours.toFixed(1)} GPU-hours)` : ' · add `tokens:` or `samples:` for the run time';
  const c = cost ? (cost.usd !== null ? ` · ${usd(cost.usd)} ${cost.text}` : ` · ${usd(cost.usdPerHour)}/h ${cost.text}`) : '';
  const caveats = t.assumptions.filter((x) => !x.startsWith('utilisation '));
  return `${head}${run}${c}. Utilisation ${t.utilisation.text}.${caveats.length > 0 ? ` Caveats: ${caveats.join('; ')}.` : ''}`;
}

/** A tip's time change: `+30% time`, `-12% time`, `same time`. */
export function timeDeltaText(d: number): string {
  const p = Math.round(d * 100);
  return p === 0 ? 'same time' : `${p > 0 ? '+' : ''}${p}% time`;
}

/** how:true: the time formula with the numbers (FLOPs, peak, utilisation). */
export function timeMathLines(time: TimeEstimate): string[] {
  if (time.kind === 'none') return [];
  const v = time.kind === 'train' ? time.train : time.serve;
  return [...v.lines, ...v.assumptions.map((a) => `(${a})`)];
}

/** `time` and `cost` for the JSON of a report. */
export function timeJson(time: TimeEstimate, cost: Cost | null): { time: Record<string, unknown>; cost: Record<string, unknown> | null } {
  let t: Record<string, unknown>;
  if (time.kind === 'none') t = { kind: 'none', reason: time.reason };
  else if (time.kind === 'serve') {
    const v = time.serve;
    t = {
      kind: 'serve', gpu: v.gpu, precision: v.precision, peakTflops: v.peakTflops, memoryGBps: v.memoryGBps, weightReadBytes: v.weightReadBytes, kvPerSeqBytes: v.kvPerSeqBytes,
      batch: v.batch, decodeStepS: v.decodeStepS, bound: v.bound, tokensPerSPerSeq: v.tokensPerSPerSeq, tokensPerS: v.tokensPerS,
      maxConcurrency: v.maxConcurrency, tokensPerSAtMax: v.tokensPerSAtMax, prefillFlops: v.prefillFlops, ttftS: v.ttftS, assumptions: v.assumptions,
    };
  } else {
    const v = time.train;
    t = {
      kind: 'train', gpu: v.gpu, precision: v.precision, peakTflops: v.peakTflops,
      utilisation: { value: v.utilisation.value, level: v.utilisation.level, key: v.utilisation.key, rows: v.utilisation.rows },
      flopsPerToken: v.flops, tokensPerStep: v.tokensPerStep, stepS: v.stepS, computeS: v.computeS, dequantS: v.dequantS, optimizerS: v.optimizerS,
      dpCommS: v.dpCommS, dpExposedS: v.dpExposedS, tpCommS: v.tpCommS, bubble: v.bubble, tokensPerS: v.tokensPerS, tokensPerSPerGpu: v.tokensPerSPerGpu,
      run: time.run, assumptions: v.assumptions,
    };
  }
  const c = cost ? {
    usdPerGpuHour: cost.usdPerGpuHour, usdPerHour: cost.usdPerHour, usd: cost.usd, usdPerMillionTokens: cost.usdPerMillionTokens, basis: cost.basis,
    ...(cost.row ? { cloud: cost.row.cloud, instance: cost.row.instance, readOn: cost.row.readOn, source: cost.row.source } : {}), ...(cost.asOf ? { asOf: cost.asOf } : {}),
  } : null;
  return { time: t, cost: c };
}

/** Compare: one line per side with its step, tokens/s, run and cost, and the time against side A. */
export function compareTimeLines(sides: readonly { readonly time: TimeEstimate; readonly cost: Cost | null }[]): string[] {
  const first = sides[0];
  if (!first || sides.every((x) => x.time.kind === 'none')) return [];
  const rate = (t: TimeEstimate): number | null => (t.kind === 'train' ? t.train.tokensPerS : t.kind === 'serve' ? t.serve.tokensPerSAtMax ?? t.serve.tokensPerS : null);
  const a = rate(first.time);
  return sides.map((x, i) => {
    const name = String.fromCharCode(65 + i);
    const r = rate(x.time);
    const vs = i > 0 && a !== null && r !== null && r > 0 ? ` (${timeDeltaText(a / r - 1)} vs A)` : '';
    return `${name}: ${timeFieldText(x.time, x.cost)}${vs}`;
  });
}
