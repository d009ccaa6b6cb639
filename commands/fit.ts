/**
 * `/vram fit gpu:<id> <args>`: does it fit, the largest micro-batch, the longest sequence, the
 * cheapest changes that make it fit, the fewest GPUs with ZeRO-3. `count:<n>` (= `gpus`) asks
 * for a node of several cards.
 */
import type { Args, InputError, Result } from '../src/config';
import { MAX_GPUS, solveFit, type FitResult } from '../src/fit';
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
      batch: c.batch, seq: c.mode === 'infer' ? c.context : c.seq, gpus: c.gpus,
    },
  };
}

export function fitReply(a: FitAnswer, visibility: 'channel' | 'private'): Reply {
  const f = a.fit;
  const serving = a.mode === 'infer';
  const node = a.gpus > 1 ? `${a.gpus}x ${f.gpu}` : f.gpu;
  const lines: string[] = [];
  lines.push(serving
    ? (f.maxBatch > 0 ? `Concurrent sequences at context ${int(a.seq)}: **${int(f.maxBatch)}**` : `Concurrent sequences at context ${int(a.seq)}: **none**: even one sequence does not fit`)
    : (f.maxBatch > 0 ? `Largest micro-batch at seq ${int(a.seq)}: **${int(f.maxBatch)}**` : `Largest micro-batch at seq ${int(a.seq)}: **none**: even batch 1 does not fit`));
  lines.push(serving
    ? (f.maxSeq > 0 ? `Longest context at batch ${a.batch}: **${int(f.maxSeq)}** tokens` : `Longest context at batch ${a.batch}: **none**: not even one token fits`)
    : (f.maxSeq > 0 ? `Longest sequence at batch ${a.batch}: **${int(f.maxSeq)}** tokens` : `Longest sequence at batch ${a.batch}: **none**: not even one token fits`));
  if (f.minGpus !== null) lines.push(`Fewest ${f.gpu} GPUs with ZeRO-3/FSDP: **${f.minGpus}**`);
  else if (!serving) lines.push(`No number of ${f.gpu} GPUs up to ${MAX_GPUS} fits it with ZeRO-3.`);
  const sections = [{ title: 'Answers', lines }];
  if (!f.fits) {
    sections.push({
      title: 'Cheapest changes that make it fit (least invasive first)',
      lines: f.changes === null
        ? ['No combination of the usual changes fits it on this card: see the fewest GPUs above.']
        : [...f.changes.map((c) => `\`${c.change}\`: ${c.title} (${c.cost})`), `→ ${gib(f.changedTotalBytes ?? 0)} per GPU`],
    });
  }
  return {
    title: `Fit on ${node}: ${a.model.name}${serving ? ' (serving)' : ''}`,
    description: f.fits
      ? `Fits: ${gib(f.totalBytes)} of ${gibNum(f.usableBytes)} GiB per GPU${f.usableBytes < f.memoryBytes ? ` (vLLM's 90% of ${gibNum(f.memoryBytes)} GiB)` : ''}.`
      : `Does not fit: needs ${gib(f.totalBytes)}, the card has ${gibNum(f.usableBytes)} GiB${f.usableBytes < f.memoryBytes ? ` for vLLM (90% of ${gibNum(f.memoryBytes)})` : ''}.`,
    severity: f.fits ? (f.totalBytes > 0.9 * f.usableBytes ? 'warning' : 'success') : 'danger',
    fields: [],
    sections,
    notes: ['Each answer is an exact integer search over the estimator: the reported maximum fits and one more does not.'],
    visibility,
    data: () => roundBytes({ model: a.model, mode: a.mode, batch: a.batch, seq: a.seq, gpus: a.gpus, ...f }),
  };
}

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
