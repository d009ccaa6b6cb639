/**
 * `/vram fit gpu:<id> <args>`: does it fit, the largest micro-batch, the longest sequence, the
 * cheapest changes that make it fit, the fewest GPUs with ZeRO-3. `count:<n>` (= `gpus`) asks
 * for a node of several cards.
 */
import type { InputError, Result } from '../src/config';
import { solveFit, type FitResult } from '../src/fit';
import { gib, gibNum, int } from '../src/format/text';
import { resolveArgs, resolveArgsAsync, type Resolved } from '../src/report';
import { resolveModelAsync } from '../src/hub/resolve-any';
import type { HubConfigSource } from '../src/hub/source';
import { applyPresets } from './preset-apply';
import type { Reply } from '../src/reply/types';
import { inputErrorReply, splitReplyKeys } from './estimate';
import type { Command, CommandInput } from './types';

export interface FitAnswer {
  readonly fit: FitResult;
  readonly model: { readonly id: string; readonly name: string };
  readonly mode: 'train' | 'infer';
  readonly batch: number;
  readonly seq: number;
  readonly gpus: number;
}

const NEEDS_GPU: InputError = { code: 'missing_value', key: 'gpu', detail: 'The fit solver needs a GPU: add `gpu:<id>` (see `/vram gpus`).' };

/** Resolves the arguments (catalog models) and solves the fit; `gpu` is required. */
export function fitFromArgs(args: Readonly<Record<string, string>>): Result<FitAnswer> {
  if (args.gpu === undefined) return { ok: false, errors: [NEEDS_GPU] };
  return fitFromResolved(args, resolveArgs(args));
}

/** The same, with Hub models when a Hub source is given. */
export async function fitFromArgsAsync(args: Readonly<Record<string, string>>, hub?: HubConfigSource): Promise<Result<FitAnswer>> {
  if (args.gpu === undefined) return { ok: false, errors: [NEEDS_GPU] };
  if (!hub) return fitFromArgs(args);
  return fitFromResolved(args, await resolveArgsAsync(args, (m) => resolveModelAsync(m, hub)));
}

function fitFromResolved(args: Readonly<Record<string, string>>, r: Result<Resolved>): Result<FitAnswer> {
  if (!r.ok) return r;
  const gpu = r.value.gpu;
  if (!gpu) return { ok: false, errors: [{ code: 'unknown_gpu', key: 'gpu', value: args.gpu }] };
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
    ? `Concurrent sequences at context ${int(a.seq)}: **${int(f.maxBatch)}**`
    : `Largest micro-batch at seq ${int(a.seq)}: **${int(f.maxBatch)}**`);
  lines.push(serving
    ? `Longest context at batch ${a.batch}: **${int(f.maxSeq)}** tokens`
    : `Longest sequence at batch ${a.batch}: **${int(f.maxSeq)}** tokens`);
  if (f.minGpus !== null) lines.push(`Fewest ${f.gpu} GPUs with ZeRO-3/FSDP: **${f.minGpus}**`);
  else if (!serving) lines.push(`No number of ${f.gpu} GPUs up to 4096 fits it with ZeRO-3.`);
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
  };
}

export const fitCommand: Command = {
  name: 'fit',
  aliases: ['solve'],
  summary: 'largest batch, longest sequence, cheapest changes and fewest GPUs for one GPU',
  usage: '/vram fit gpu:rtx4090 model:llama-3.1-8b lora:true',
  async run({ args, ctx, services }: CommandInput): Promise<Reply> {
    const { rest, isPrivate } = splitReplyKeys(args);
    if (typeof isPrivate === 'object') return inputErrorReply([isPrivate]);
    // `preset:<name>` or the channel's pinned preset supply the setup; `gpu:` is the question.
    const applied = await applyPresets(rest, ctx, services);
    if (!applied.ok) return applied.reply;
    const r = await fitFromArgsAsync(applied.args, services?.hub);
    if (!r.ok) return inputErrorReply(r.errors, "I can't solve that fit");
    const reply = fitReply(r.value, isPrivate ? 'private' : 'channel');
    return applied.notes.length > 0 ? { ...reply, notes: [...applied.notes, ...reply.notes] } : reply;
  },
};
