/**
 * The time estimate against calibration/throughput.jsonl, for `npm run bench:accuracy`.
 *
 * Training: each usable row predicted with the utilisation of the other rows (leave-one-out: the
 * utilisation comes from these same rows, src/estimator/utilisation.data.ts), so no row predicts
 * itself. Serving: the roofline of src/estimator/serving-time.ts, which uses no measured
 * coefficient, against the engines' published speed: its error is how far engines stay from the
 * card's limits.
 */
import { quantile } from './stats';
import { findGpu } from '../src/catalog/gpus';
import { resolveArgs } from '../src/report';
import { trainTime, utilisationFor } from '../src/estimator/time';
import { serveTime } from '../src/estimator/serving-time';
import { impliedUtilisation, loadThroughput, rowArgs, type ThroughputRow } from '../scripts/utilisation';

export interface TimeRow {
  readonly id: string;
  readonly kind: 'train' | 'serve';
  readonly engine: string;
  readonly stat: string;
  readonly measured: number;
  readonly predicted: number;
  /** predicted / measured - 1. */
  readonly err: number;
  readonly note: string;
}

/** Training rows, leave-one-out. */
export function evaluateTrainTime(): { rows: TimeRow[]; skipped: { id: string; why: string }[] } {
  const rows: TimeRow[] = [];
  const skipped: { id: string; why: string }[] = [];
  for (const r of loadThroughput().filter((x) => x.kind === 'train')) {
    const u = impliedUtilisation(r);
    if (!u.ok) { skipped.push({ id: r.id, why: u.why }); continue; }
    const a = rowArgs(r);
    if (!a.ok) continue;
    const res = resolveArgs(a.args);
    const gpu = findGpu(r.gpu);
    if (!res.ok || !gpu) continue;
    const util = utilisationFor(a.engine, r.method, r.id);
    const t = trainTime(res.value.arch, res.value.built.config, gpu, { utilisation: util, precision: a.precision });
    if (!t.ok) continue;
    const predicted = t.value.tokensPerSPerGpu;
    rows.push({ id: r.id, kind: 'train', engine: a.engine, stat: 'tokens/s/GPU', measured: r.value, predicted, err: predicted / r.value - 1, note: `${r.method} ${r.model} ${r.gpu} x${r.gpu_count}; utilisation ${(util.value * 100).toFixed(1)}% (${util.level} ${util.key}, ${util.rows} other rows)` });
  }
  return { rows, skipped };
}

/** The serving setup of a row: its model, engine, card, concurrency and lengths. */
function serveArgs(r: ThroughputRow): { args: Record<string, string>; input: number; output: number; concurrency: number | null } | null {
  const s = r.settings;
  const fw = r.framework.toLowerCase();
  // TensorRT-LLM's pool is kv_cache_free_gpu_mem_fraction (0.95 "in many cases") of the memory left after the weights; vLLM's paged pool is the closest the estimate models.
  const engine = fw.includes('sglang') ? 'sglang' : 'vllm';
  let input: number;
  let output: number;
  if (s.input_len !== undefined) { input = Number(s.input_len); output = Number(s.output_len); }
  else if (s.total_input_tokens !== undefined && s.num_prompts !== undefined) {
    input = Number(s.total_input_tokens) / Number(s.num_prompts);
    output = s.total_generated_tokens !== undefined ? Number(s.total_generated_tokens) / Number(s.num_prompts) : input;
  } else return null;
  const tp = Number(s.tp ?? 1);
  const args: Record<string, string> = { model: r.model, mode: 'infer', engine, gpu: r.gpu, gpus: String(r.gpu_count) };
  if (tp > 1) args.tp = String(tp);
  if (/fp8/i.test(r.precision)) { args.quant = 'fp8'; args.kv = 'fp8'; }
  if (fw.includes('tensorrt')) { args.util = '0.95'; args.max_seqs = '2048'; }
  const concurrency = s.max_concurrency !== undefined ? Number(s.max_concurrency) : null;
  return { args, input, output, concurrency };
}

/** Serving rows against the roofline. */
export function evaluateServeTime(): { rows: TimeRow[]; skipped: { id: string; why: string }[] } {
  const rows: TimeRow[] = [];
  const skipped: { id: string; why: string }[] = [];
  for (const r of loadThroughput().filter((x) => x.kind === 'serve')) {
    const m = serveArgs(r);
    const gpu = findGpu(r.gpu);
    if (!m || !gpu) { skipped.push({ id: r.id, why: 'no lengths' }); continue; }
    const at = (context: number, batch: number) => {
      const res = resolveArgs({ ...m.args, context: String(Math.max(1, Math.round(context))), batch: String(batch) });
      if (!res.ok) return null;
      const t = serveTime(res.value.arch, res.value.built.config, gpu);
      return t.ok ? t.value : null;
    };
    // The mean decode step reads the KV of the prompt and half the output.
    const mean = m.input + m.output / 2;
    let predicted: number | null = null;
    let note = '';
    if (r.stat === 'tpot_mean' && m.concurrency !== null) {
      const t = at(mean, m.concurrency);
      if (t) { predicted = t.decodeStepS * 1000; note = `roofline decode step at ${m.concurrency} sequences, KV at ${Math.round(mean)} tokens`; }
    } else if (r.stat === 'ttft_mean' && m.concurrency !== null) {
      const t = at(m.input, 1);
      if (t) { predicted = t.ttftS * 1000; note = `roofline prefill of ${Math.round(m.input)} tokens (queueing at concurrency ${m.concurrency} not modelled)`; }
    } else if (r.stat === 'output_tokens_per_s_total') {
      // Concurrency: the row's, or what the KV pool admits for prompt + output tokens.
      const full = at(m.input + m.output, 1);
      const c = m.concurrency ?? full?.maxConcurrency ?? null;
      if (c !== null && c > 0) {
        const step = at(mean, c);
        const prefill = at(m.input, 1);
        if (step && prefill) {
          // Each request's prefill shares the card with the decode steps: per output token, step / c + prefill / output.
          predicted = 1 / (step.decodeStepS / c + prefill.ttftS / m.output);
          note = `roofline at ${c} sequences${m.concurrency === null ? ' (the KV pool\'s)' : ''}, prefill included`;
        }
      }
    }
    if (predicted === null) { skipped.push({ id: r.id, why: `${r.stat}: not mapped` }); continue; }
    rows.push({ id: r.id, kind: 'serve', engine: r.framework.split(' ')[0] ?? r.framework, stat: r.stat, measured: r.value, predicted, err: predicted / r.value - 1, note });
  }
  return { rows, skipped };
}


function summary(rows: readonly TimeRow[]): string {
  const abs = rows.map((r) => Math.abs(r.err));
  const mean = rows.reduce((a, r) => a + r.err, 0) / Math.max(1, rows.length);
  return `${rows.length} rows, median |error| ${(quantile(abs, 0.5) * 100).toFixed(1)}%, p90 ${(quantile(abs, 0.9) * 100).toFixed(1)}%, mean signed ${(mean * 100).toFixed(1)}%`;
}

export function printTime(): void {
  const f = (v: number): string => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2));
  const train = evaluateTrainTime();
  console.log('\nTraining time (calibration/throughput.jsonl), leave-one-out: each row predicted with the utilisation of the other rows');
  console.log('id      engine      stat           measured  predicted   error  setup');
  for (const r of train.rows) console.log(`${r.id}   ${r.engine.padEnd(10)}  ${r.stat.padEnd(13)} ${f(r.measured).padStart(9)}  ${f(r.predicted).padStart(9)}  ${(r.err * 100).toFixed(1).padStart(6)}%  ${r.note}`);
  for (const s of train.skipped) console.log(`${s.id}   skipped: ${s.why}`);
  console.log(`Summary: ${summary(train.rows)}`);
  const engines = [...new Set(train.rows.map((r) => r.engine))].sort();
  for (const e of engines) console.log(`  ${e.padEnd(10)} ${summary(train.rows.filter((r) => r.engine === e))}`);
  const serve = evaluateServeTime();
  console.log('\nServing speed against the roofline (no fitted coefficient; positive error: the roofline is faster than the engine)');
  console.log('id      engine      stat                        measured  predicted   error  setup');
  for (const r of serve.rows) console.log(`${r.id}   ${r.engine.padEnd(10)}  ${r.stat.padEnd(26)} ${f(r.measured).padStart(9)}  ${f(r.predicted).padStart(9)}  ${(r.err * 100).toFixed(1).padStart(6)}%  ${r.note}`);
  for (const s of serve.skipped) console.log(`${s.id}   skipped: ${s.why}`);
  console.log(`Summary: ${summary(serve.rows)}`);
  for (const st of [...new Set(serve.rows.map((r) => r.stat))].sort()) console.log(`  ${st.padEnd(26)} ${summary(serve.rows.filter((r) => r.stat === st))}`);
}

if (require.main === module) printTime();
