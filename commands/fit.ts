/**
 * `/vram fit gpu:<id> <args>`: does it fit, the largest micro-batch, the longest sequence, the
 * cheapest changes that make it fit, the fewest GPUs with ZeRO-3. `count:<n>` (= `gpus`) asks
 * for a node of several cards.
 */
import type { Args, InputError, Result } from '../src/config';
import { MAX_GPUS, rankByCost, solveFit, type CardCost, type FitResult, type ServingFit } from '../src/fit';
import { GPUS } from '../src/catalog/gpus';
import { pricesFor } from '../src/catalog/prices';
import { durationText } from '../src/estimator/time';
import { gib, gibNum, int } from '../src/format/text';
import { resolveArgs, resolveArgsAsync, type Resolved } from '../src/report';
import { resolveModelAsync } from '../src/hub/resolve-any';
import type { HubConfigSource } from '../src/hub/source';
import { cmd, type Syntax } from '../src/reply/syntax';
import { roundBytes } from '../src/reply/json';
import type { Reply } from '../src/reply/types';
import { specOf } from './declarations';
import { problemReply } from './errors';
import { applyPresets } from './preset-apply';
import type { Command, CommandServices, Invocation } from './types';

export interface FitAnswer {
  readonly fit: FitResult;
  readonly model: { readonly id: string; readonly name: string };
  readonly mode: 'train' | 'infer';
  readonly batch: number;
  readonly seq: number;
  readonly gpus: number;
  readonly engine: string;
  /** Cards with a price on which the setup fits as it is, cheapest run first (src/fit.ts `rankByCost`). */
  readonly byCost: readonly CardCost[];
}

const needsGpu = (sx?: Syntax): InputError => ({ code: 'missing_value', key: 'gpu', detail: `The fit solver needs a GPU: add \`gpu:<id>\` (see ${cmd(sx, 'gpus')}).` });

/** Resolves the arguments (catalog models) and solves the fit; `gpu` is required. */
export function fitFromArgs(args: Args, sx?: Syntax): Result<FitAnswer> {
  if (args.gpu === undefined) return { ok: false, errors: [needsGpu(sx)] };
  return fitFromResolved(args, resolveArgs(args));
}

/** The same, with Hub models when a Hub source is given. */
export async function fitFromArgsAsync(args: Args, hub?: HubConfigSource, sx?: Syntax): Promise<Result<FitAnswer>> {
  if (args.gpu === undefined) return { ok: false, errors: [needsGpu(sx)] };
  if (!hub) return fitFromArgs(args, sx);
  return fitFromResolved(args, await resolveArgsAsync(args, (m) => resolveModelAsync(m, hub)));
}

function fitFromResolved(args: Args, r: Result<Resolved>): Result<FitAnswer> {
  if (!r.ok) return r;
  const gpu = r.value.gpu;
  if (!gpu) return { ok: false, errors: [{ code: 'unknown_gpu', key: 'gpu', value: String(args.gpu) }] };
  const c = r.value.built.config;
  return {
    ok: true,
    value: {
      fit: solveFit(r.value, gpu), model: { id: r.value.arch.id, name: r.value.arch.name }, mode: c.mode,
      batch: c.batch, seq: c.mode === 'infer' ? c.context : c.seq, gpus: c.gpus, engine: c.engine,
      byCost: rankByCost(r.value, GPUS.filter((g) => g.vendor === 'nvidia' && (pricesFor(g.id).length > 0 || g.id === gpu.id))),
    },
  };
}

/** " (limited by the model's context length N ...)" when the model's limit, not memory, stops the search. */
function limitNote(f: FitResult): string {
  if (f.maxSeqLimitedBy !== 'model') return '';
  const more = f.maxSeqByMemory > f.maxSeq ? `; memory alone would allow ${int(f.maxSeqByMemory)}` : '';
  const optIn = f.optInContext !== null ? `; ${int(f.optInContext)} with the rope scaling its card documents` : '';
  return ` (limited by the model's context length ${int(f.modelContextLimit)}${more}${optIn})`;
}

/** The engine's own answers (vLLM, SGLang), in the words of its start-up log. */
function servingLines(v: ServingFit, a: FitAnswer): string[] {
  const ctx = int(a.seq);
  const out: string[] = [];
  const outside = `${gib(v.cudaGraphBytes)} CUDA graphs outside it`;
  if (v.engine === 'vllm') {
    out.push(`KV cache pool: **${int(v.kvCacheTokens)} tokens** (vLLM logs "GPU KV cache size: ${int(v.kvCacheTokens)} tokens"): util ${v.util} x ${gibNum(a.fit.memoryBytes)} GiB = ${gib(v.budgetBytes)} − weights ${gib(v.weightsBytes)} − profile-run peak ${gib(v.activationBytes)} (max_num_batched_tokens ${int(v.batchedTokens)}) − non-torch ${gib(v.nonTorchBytes)} = ${gib(v.kvPoolBytes)} in ${int(v.blocks ?? 0)} blocks of ${v.blockTokens}; ${outside}`);
    out.push(`Concurrent sequences of ${ctx} tokens: **${int(v.concurrentSeqs)}** (vLLM: "Maximum concurrency for ${ctx} tokens per request: ${v.maxConcurrency.toFixed(2)}x"${v.limitedBy === 'max_seqs' ? `, capped by max_num_seqs ${int(v.maxSeqs)}` : `; max_num_seqs ${int(v.maxSeqs)}`})`);
  } else {
    out.push(`KV cache pool: **${int(v.kvCacheTokens)} tokens** (SGLang logs "KV Cache is allocated. #tokens: ${int(v.kvCacheTokens)}"): mem_fraction_static ${v.util} x the ${gib(v.budgetBytes / v.util)} free at start = ${gib(v.budgetBytes)} − weights ${gib(v.weightsBytes)} = ${gib(v.kvPoolBytes)}; chunked prefill ${int(v.batchedTokens)} tokens (${gib(v.activationBytes)}) and ${gib(v.cudaGraphBytes)} CUDA graphs live in the rest of the card`);
    out.push(`Concurrent sequences of ${ctx} tokens: **${int(v.concurrentSeqs)}** (${int(v.kvCacheTokens)} / ${ctx} = ${v.maxConcurrency.toFixed(2)}${v.limitedBy === 'max_seqs' ? `, capped by max_running_requests ${int(v.maxSeqs)}` : ''})`);
  }
  if (!v.oneRequestFits) out.push(`Not even one sequence of ${ctx} tokens fits the pool: ${v.engine === 'vllm' ? 'vLLM refuses to start ("To serve at least one request with the models\'s max seq len ...")' : 'SGLang cannot admit it'}.`);
  const lim = v.longestContextLimitedBy === 'model' ? ` (limited by the model's context length ${int(a.fit.modelContextLimit)}; the pool holds ${int(v.longestContextByPool)})` : '';
  out.push(`Longest context for ${a.batch} sequence${a.batch === 1 ? '' : 's'}: **${int(v.longestContext)}** tokens${lim}`);
  out.push(`nvidia-smi once up: ${gib(v.nvidiaSmiBytes)} of ${gibNum(a.fit.memoryBytes)} GiB (CUDA context + ${v.engine === 'vllm' ? 'util x card' : 'the static fraction, the prefill chunk'} + graphs)${v.fitsCard ? '' : ': more than the card, lower `util` or use `eager:true`'}`);
  return out;
}

export function fitReply(a: FitAnswer, visibility: 'channel' | 'private'): Reply {
  const f = a.fit;
  const serving = a.mode === 'infer';
  const node = a.gpus > 1 ? `${a.gpus}x ${f.gpu}` : f.gpu;
  const lines: string[] = [];
  if (f.serving) lines.push(...servingLines(f.serving, a));
  else {
    lines.push(serving
      ? (f.maxBatch > 0 ? `Concurrent sequences at context ${int(a.seq)}: **${int(f.maxBatch)}**` : `Concurrent sequences at context ${int(a.seq)}: **none**: even one sequence does not fit`)
      : (f.maxBatch > 0 ? `Largest micro-batch at seq ${int(a.seq)}: **${int(f.maxBatch)}**` : `Largest micro-batch at seq ${int(a.seq)}: **none**: even batch 1 does not fit`));
    lines.push(serving
      ? (f.maxSeq > 0 ? `Longest context at batch ${a.batch}: **${int(f.maxSeq)}** tokens${limitNote(f)}` : `Longest context at batch ${a.batch}: **none**: not even one token fits`)
      : (f.maxSeq > 0 ? `Longest sequence at batch ${a.batch}: **${int(f.maxSeq)}** tokens${limitNote(f)}` : `Longest sequence at batch ${a.batch}: **none**: not even one token fits`));
  }
  if (f.minGpus !== null) lines.push(`Fewest ${f.gpu} GPUs with ZeRO-3/FSDP: **${f.minGpus}**`);
  else if (!serving) lines.push(`No number of ${f.gpu} GPUs up to ${MAX_GPUS} fits it with ZeRO-3.`);
  const sections = [{ title: 'Answers', lines }];
  if (f.warnings.length > 0) sections.unshift({ title: '⚠ Warnings', lines: f.warnings.map((w) => `⚠ ${w.message}`) });
  if (!f.fits && !(f.serving?.fitsEngine ?? false)) {
    sections.push({
      title: 'Cheapest changes that make it fit (least invasive first)',
      lines: f.changes === null
        ? ['No combination of the usual changes fits it on this card: see the fewest GPUs above.']
        : [...f.changes.map((c) => `\`${c.change}\`: ${c.title} (${c.cost})`), `→ ${gib(f.changedTotalBytes ?? 0)} per GPU`],
    });
  }
  if (a.byCost.length > 0) {
    const unit = (x: CardCost): string => (x.per === 'run' ? `for the run${x.seconds !== null ? ` (${durationText(x.seconds)})` : ''}` : 'per million tokens');
    sections.push({
      title: `Cheapest cards for this setup as it is (${a.byCost[0]?.per === 'run' ? 'the run' : 'per million tokens'}, where it fits)`,
      lines: a.byCost.slice(0, 5).map((x) => `${x.gpu}: $${x.usd >= 100 ? Math.round(x.usd).toLocaleString('en-US') : x.usd.toFixed(2)} ${unit(x)}, ${Math.round(x.tokensPerS).toLocaleString('en-US')} tokens/s, ${x.priceText}`),
    });
  }
  const v = f.serving;
  const engineName = v?.engine === 'vllm' ? 'vLLM' : 'SGLang';
  const description = v
    ? (v.fitsEngine
      ? `${engineName}: ${a.batch} sequence${a.batch === 1 ? '' : 's'} of ${int(a.seq)} tokens fit${a.batch === 1 ? 's' : ''} the ${int(v.kvCacheTokens)}-token KV pool (${v.maxConcurrency.toFixed(2)}x), ${gib(v.nvidiaSmiBytes)} of ${gibNum(f.memoryBytes)} GiB in nvidia-smi.`
      : `${engineName}: ${!v.fitsCard ? `the plan (${gib(v.nvidiaSmiBytes)}) is more than the card` : `${a.batch} sequence${a.batch === 1 ? '' : 's'} of ${int(a.seq)} tokens need more than the ${int(v.kvCacheTokens)}-token KV pool (${v.maxConcurrency.toFixed(2)}x)`}.`)
    : null;
  const ok = v ? v.fitsEngine : f.fits;
  return {
    title: `Fit on ${node}: ${a.model.name}${serving ? ' (serving)' : ''}`,
    description: description ?? (f.fits
      ? `Fits: ${gib(f.totalBytes)} of ${gibNum(f.usableBytes)} GiB per GPU${f.usableBytes < f.memoryBytes ? ` (${a.engine === 'sglang' ? 'SGLang' : 'vLLM'}'s ${pct(f)} of ${gibNum(f.memoryBytes)} GiB)` : ''}.`
      : `Does not fit: needs ${gib(f.totalBytes)}, the card has ${gibNum(f.usableBytes)} GiB${f.usableBytes < f.memoryBytes ? ` for ${a.engine === 'sglang' ? 'SGLang' : 'vLLM'} (${pct(f)} of ${gibNum(f.memoryBytes)})` : ''}.`),
    severity: ok ? (v ? (v.concurrentSeqs < 2 * a.batch ? 'warning' : 'success') : f.totalBytes > 0.9 * f.usableBytes ? 'warning' : 'success') : 'danger',
    fields: [],
    sections,
    notes: [
      ...(f.serving
        ? [`The pool, concurrency and longest context follow ${f.serving.engine === 'vllm' ? "vLLM's profiler (gpu_worker.py determine_available_memory) and kv_cache_utils.py" : "SGLang's profile_max_num_token"}; this estimate's own boundary (the demand of batch x context within the budget) is ${int(f.maxBatch)} sequences and ${int(f.maxSeq)} tokens.`]
        : ['Each answer is an exact integer search over the estimator: the reported maximum fits and one more does not.']),
    ],
    visibility,
    data: () => roundBytes({ model: a.model, mode: a.mode, batch: a.batch, seq: a.seq, gpus: a.gpus, ...f, byCost: a.byCost }),
  };
}

/** The budget as a share of the card (vLLM's util). */
const pct = (f: FitResult): string => `${Math.round((f.usableBytes / f.memoryBytes) * 1000) / 10}%`;

export const FIT_TITLE = "I can't solve that fit";

export const fitCommand: Command = {
  ...specOf('fit'),
  async run(inv: Invocation, services: CommandServices): Promise<Reply> {
    const ctx = inv.context;
    // `preset:<name>` or the channel's pinned preset supply the setup; `gpu:` is the question.
    const applied = await applyPresets(inv.args, ctx, services);
    if (!applied.ok) return problemReply(applied.errors, ctx, "I can't use that preset");
    const r = await fitFromArgsAsync(applied.value.args, services.hub, ctx.syntax);
    if (!r.ok) return problemReply(r.errors, ctx, FIT_TITLE);
    const reply = fitReply(r.value, inv.flags.private ? 'private' : 'channel');
    return applied.value.notes.length > 0 ? { ...reply, notes: [...applied.value.notes, ...reply.notes] } : reply;
  },
};
