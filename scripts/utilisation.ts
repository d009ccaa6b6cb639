/**
 * Generates src/estimator/utilisation.data.ts from calibration/throughput.jsonl: for every usable
 * training row (use: 'check', a tokens/s figure), the share of the card's dense peak that the FLOPs
 * src/estimator/time.ts counts for that setup must run at to give the measured tokens/s (found by
 * bisection on the utilisation, so the bandwidth and communication terms are taken out first).
 * src/estimator/time.ts `utilisationFor` takes the median per engine and method, per engine, or
 * over all rows. `npm run utilisation` writes the file; test/estimator/utilisation.test.ts fails
 * when the committed file differs from a fresh run (a changed time model or new rows).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findGpu, type PerfPrecision } from '../src/catalog/gpus';
import { resolveArgs } from '../src/report';
import { trainTime, type Utilisation } from '../src/estimator/time';
import type { UtilisationData, UtilisationRow } from '../src/estimator/utilisation';

export interface ThroughputRow {
  readonly id: string;
  readonly kind: 'train' | 'serve';
  readonly framework: string;
  readonly model: string;
  readonly method: string;
  readonly gpu: string;
  readonly gpu_count: number;
  readonly precision: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly stat: string;
  readonly value: number;
  readonly use: 'check' | 'doubtful';
}

export function loadThroughput(): ThroughputRow[] {
  const text = readFileSync(join(__dirname, '..', 'calibration', 'throughput.jsonl'), 'utf8');
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as ThroughputRow);
}

/** The engine a row's framework is (the utilisation is kept per engine). */
export function engineOf(framework: string): string {
  const f = framework.toLowerCase();
  if (f.includes('megatron') || f.includes('nemo')) return 'megatron';
  if (f.includes('torchtune')) return 'torchtune';
  if (f.includes('litgpt')) return 'litgpt';
  if (f.includes('unsloth')) return 'unsloth';
  if (f.includes('axolotl')) return 'axolotl';
  if (f.includes('llama-factory') || f.includes('llamafactory')) return 'llamafactory';
  return 'hf';
}

/** torchtune's module names to the grammar's targets. */
function targetsOf(t: unknown): string | undefined {
  if (typeof t !== 'string') return undefined;
  const out: string[] = [];
  for (const p of t.split(/,\s*/)) {
    const m = p.trim();
    if (m === 'q_proj' || m === 'query') out.push('q');
    else if (m === 'k_proj' || m === 'key') out.push('k');
    else if (m === 'v_proj' || m === 'value') out.push('v');
    else if (m === 'output_proj') out.push('o');
    else if (m === 'mlp') out.push('gate', 'up', 'down');
  }
  return out.length > 0 ? out.join(',') : undefined;
}

function optimizerOf(o: unknown): string | undefined {
  if (typeof o !== 'string') return undefined;
  if (/paged/i.test(o) && /8bit/i.test(o)) return 'paged-adamw-8bit';
  if (/8bit/i.test(o)) return 'adamw-8bit';
  if (/adamw/i.test(o)) return 'adamw';
  return undefined;
}

/** The catalog has Llama 3.1 70B; Llama 3 70B has the same shapes (config.json: hidden 8192, 80 layers, 64 heads, 8 KV heads, intermediate 28672, vocab 128256). */
const MODEL_ALIASES: Readonly<Record<string, string>> = { 'llama-3-70b': 'llama-3.1-70b' };

/** The estimate's arguments for a training row, the peak's precision, or why the row cannot be timed. */
export function rowArgs(r: ThroughputRow): { ok: true; args: Record<string, string>; precision: PerfPrecision; engine: string } | { ok: false; why: string } {
  if (r.kind !== 'train') return { ok: false, why: 'serving row' };
  if (r.use !== 'check') return { ok: false, why: 'marked doubtful in calibration/' };
  if (r.stat !== 'tokens_per_s_per_gpu') return { ok: false, why: `${r.stat}: no token count to turn into tokens/s (unpadded samples of unknown length)` };
  const s = r.settings;
  if (r.framework === 'torchtune' && s.packed !== true) return { ok: false, why: 'unpacked: each batch is padded to its longest sample, whose length is not published' };
  const engine = engineOf(r.framework);
  const gpus = r.gpu_count;
  const tp = Number(s.tp ?? 1);
  const pp = Number(s.pp ?? 1);
  const cp = Number(s.cp ?? 1);
  const mbs = Number(s.batch ?? s.micro_batch ?? 1);
  const dp = Math.max(1, Math.floor(gpus / (tp * pp * cp)));
  const gbs = s.global_batch === undefined ? null : Number(s.global_batch);
  const m = gbs !== null ? Math.max(1, Math.round(gbs / (mbs * dp))) : Number(s.grad_accum ?? 1);
  const args: Record<string, string> = {
    model: MODEL_ALIASES[r.model] ?? r.model, method: r.method, batch: String(mbs), seq: String(s.seq ?? 2048), gpu: r.gpu, gpus: String(gpus),
    gc: s.activation_checkpointing === true ? 'true' : 'false', accum: String(m),
  };
  if (tp > 1) args.tp = String(tp);
  if (pp > 1) { args.pp = String(pp); args.microbatches = String(m); }
  if (cp > 1) args.cp = String(cp);
  if (gpus > 1) args.sharding = Number(s.fsdp ?? 0) > 0 ? 'fsdp' : engine === 'megatron' ? 'zero1' : 'ddp';
  const opt = optimizerOf(s.optimizer);
  if (opt) args.optimizer = opt;
  if (engine === 'torchtune') {
    args.engine = 'torchtune';
    args.attention = 'sdpa';
    if (s.optimizer_in_bwd === true) args.opt_in_bwd = 'true';
    if (s.activation_offloading === true) args.act_offload = 'true';
  }
  // Megatron Core runs Transformer Engine's fused (flash) attention; its LoRA recipe adapts every linear at rank 32 (NeMo LoRA defaults).
  // Its distributed optimizer steps with Transformer Engine's / Apex's FusedAdam (megatron/core/optimizer/__init__.py): one fused pass.
  if (engine === 'megatron') { args.attention = 'flash'; args.optimizer = 'adamw-fused'; if (r.method === 'lora') { args.rank = '32'; args.targets = 'all'; } }
  const rank = s.lora_rank ?? s.lora_r;
  if (rank !== undefined) args.rank = String(rank);
  const targets = targetsOf(s.lora_targets);
  if (targets) args.targets = targets;
  const precision: PerfPrecision = /fp8/i.test(r.precision) ? 'fp8' : 'bf16';
  return { ok: true, args, precision, engine };
}

/** The utilisation at which the time model gives the row's measured tokens/s per GPU (bisection), or why none. */
export function impliedUtilisation(r: ThroughputRow): { ok: true; mfu: number; engine: string; microTokens: number } | { ok: false; why: string } {
  const a = rowArgs(r);
  if (!a.ok) return a;
  const res = resolveArgs(a.args);
  if (!res.ok) return { ok: false, why: `the estimate refuses it: ${res.errors.map((e) => `${e.code} ${e.key}`).join(', ')}` };
  const gpu = findGpu(r.gpu);
  if (!gpu) return { ok: false, why: `unknown GPU ${r.gpu}` };
  const at = (u: number): number => {
    const util: Utilisation = { value: u, level: 'overall', key: 'bisect', rows: 0, text: '' };
    const t = trainTime(res.value.arch, res.value.built.config, gpu, { utilisation: util, precision: a.precision });
    return t.ok ? t.value.tokensPerSPerGpu : NaN;
  };
  if (!Number.isFinite(at(1))) return { ok: false, why: 'no time estimate for this setup' };
  if (at(1) < r.value) return { ok: false, why: 'the measured speed needs more than the dense peak under this model' };
  let lo = 1e-4;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (at(mid) < r.value) lo = mid; else hi = mid;
  }
  const c = res.value.built.config;
  return { ok: true, mfu: (lo + hi) / 2, engine: a.engine, microTokens: c.batch * c.seq };
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;

export function generateUtilisationData(): UtilisationData {
  const rows: UtilisationRow[] = [];
  const skipped: { id: string; why: string }[] = [];
  const all = loadThroughput().filter((r) => r.kind === 'train');
  for (const r of all) {
    const u = impliedUtilisation(r);
    if (!u.ok) { skipped.push({ id: r.id, why: u.why }); continue; }
    rows.push({ id: r.id, engine: u.engine, method: r.method, gpu: r.gpu, model: r.model, mfu: round(u.mfu), measured: r.value, microTokens: u.microTokens });
  }
  return { source: `calibration/throughput.jsonl: ${rows.length} of ${all.length} training rows`, rows, skipped };
}

export function utilisationDataSource(data: UtilisationData): string {
  return `/** Generated by \`npm run utilisation\` (scripts/utilisation.ts) from calibration/throughput.jsonl; do not edit. */\nimport type { UtilisationData } from './utilisation';\n\nexport const UTILISATION_DATA: UtilisationData = ${JSON.stringify(data, null, 2)};\n`;
}

if (require.main === module) {
  const path = join(__dirname, '..', 'src', 'estimator', 'utilisation.data.ts');
  const data = generateUtilisationData();
  writeFileSync(path, utilisationDataSource(data));
  console.log(`wrote ${path}: ${data.source}`);
  for (const r of data.rows) console.log(`  ${r.id} ${r.engine.padEnd(10)} ${r.method.padEnd(6)} ${r.gpu.padEnd(10)} ${r.model.padEnd(14)} ${(r.mfu * 100).toFixed(1)}%`);
  for (const s of data.skipped) console.log(`  skipped ${s.id}: ${s.why}`);
}
