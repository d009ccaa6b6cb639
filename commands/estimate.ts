/**
 * `/vram <key:value ...>`: the estimate, with tips; `private:true` shows it only to the caller.
 * `preset:<name>` (or the channel's pinned preset) supplies every key not typed.
 */
import { describeInputError, type InputError } from '../src/config';
import { estimateReply } from '../src/reply/estimate-reply';
import { errorReply, type Reply } from '../src/reply/types';
import { reportFromArgsAsync } from './estimate-line';
import { applyPresets } from './preset-apply';
import type { Command, CommandInput } from './types';

/** Keys that steer the reply, not the estimate. */
export const REPLY_KEYS = ['private', 'how'] as const;

export function inputErrorReply(errors: readonly InputError[], title = "I can't estimate that"): Reply {
  return errorReply(title, errors.map(describeInputError), { notes: ['Type `/vram help` for every key and an example.'] });
}

/** Splits the reply-only keys off the estimator's arguments. */
export function splitReplyKeys(args: Readonly<Record<string, string>>): { rest: Record<string, string>; isPrivate: boolean | InputError; how: boolean | InputError } {
  const rest: Record<string, string> = { ...args };
  const flag = (key: string): boolean | InputError => {
    const raw = rest[key];
    if (raw === undefined) return false;
    delete rest[key];
    const v = raw.toLowerCase();
    if (['true', 'yes', '1', 'on'].includes(v)) return true;
    if (['false', 'no', '0', 'off'].includes(v)) return false;
    return { code: 'bad_enum', key, value: raw, allowed: ['true', 'false'] };
  };
  const isPrivate = flag('private');
  const how = flag('how');
  return { rest, isPrivate, how };
}

export const estimateCommand: Command = {
  name: 'estimate',
  summary: 'GPU memory to fine-tune or serve a model, with a breakdown and tips',
  usage: '/vram model:llama-3.1-8b batch:2 seq:2048 lora:true gpu:rtx4090',
  async run({ args, ctx, services }: CommandInput): Promise<Reply> {
    const { rest, isPrivate, how } = splitReplyKeys(args);
    if (typeof isPrivate === 'object') return inputErrorReply([isPrivate]);
    if (typeof how === 'object') return inputErrorReply([how]);
    // `preset:<name>` or the channel's pin become plain pairs before the estimator sees them.
    const applied = await applyPresets(rest, ctx, services);
    if (!applied.ok) return applied.reply;
    const r = await reportFromArgsAsync(applied.args, services?.hub);
    if (!r.ok) {
      const why = applied.unavailable ? [`Presets are unavailable (${applied.unavailable}), so no pinned preset was applied.`] : [];
      const e = inputErrorReply(r.errors);
      return { ...e, notes: [...applied.notes, ...why, ...e.notes] };
    }
    const reply = estimateReply(r.value, isPrivate ? 'private' : 'channel', { how });
    return applied.notes.length > 0 ? { ...reply, notes: [...applied.notes, ...reply.notes] } : reply;
  },
};
