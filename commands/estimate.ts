/**
 * `/vram <key:value ...>`: the estimate, with tips; `private:true` shows it only to the caller.
 */
import { describeInputError, type InputError } from '../src/config';
import { estimateReply } from '../src/reply/estimate-reply';
import { errorReply, type Reply } from '../src/reply/types';
import { reportFromArgs } from './estimate-line';
import type { Command, CommandInput } from './types';

/** Keys that steer the reply, not the estimate. */
export const REPLY_KEYS = ['private'] as const;

export function inputErrorReply(errors: readonly InputError[], title = "I can't estimate that"): Reply {
  return errorReply(title, errors.map(describeInputError), { notes: ['Type `/vram help` for every key and an example.'] });
}

/** Splits the reply-only keys off the estimator's arguments. */
export function splitReplyKeys(args: Readonly<Record<string, string>>): { rest: Record<string, string>; isPrivate: boolean | InputError } {
  const rest: Record<string, string> = { ...args };
  let isPrivate: boolean | InputError = false;
  if (rest.private !== undefined) {
    const v = rest.private.toLowerCase();
    if (['true', 'yes', '1', 'on'].includes(v)) isPrivate = true;
    else if (['false', 'no', '0', 'off'].includes(v)) isPrivate = false;
    else isPrivate = { code: 'bad_enum', key: 'private', value: rest.private, allowed: ['true', 'false'] };
    delete rest.private;
  }
  return { rest, isPrivate };
}

export const estimateCommand: Command = {
  name: 'estimate',
  summary: 'GPU memory to fine-tune or serve a model, with a breakdown and tips',
  usage: '/vram model:llama-3.1-8b batch:2 seq:2048 lora:true gpu:rtx4090',
  run({ args }: CommandInput): Reply {
    const { rest, isPrivate } = splitReplyKeys(args);
    if (typeof isPrivate === 'object') return inputErrorReply([isPrivate]);
    const r = reportFromArgs(rest);
    if (!r.ok) return inputErrorReply(r.errors);
    return estimateReply(r.value, isPrivate ? 'private' : 'channel');
  },
};
