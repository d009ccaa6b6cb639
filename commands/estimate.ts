/**
 * `/vram <key:value ...>`: the estimate, with tips; `private:true` shows it only to the caller,
 * `how:true` adds the math. `preset:<name>` (or the channel's pinned preset) supplies every key
 * not typed.
 */
import { estimateReply } from '../src/reply/estimate-reply';
import type { Reply } from '../src/reply/types';
import { ESTIMATE_SPEC } from './declarations';
import { reportFromArgsAsync } from './estimate-line';
import { problemReply } from './errors';
import { applyPresets } from './preset-apply';
import type { Command, Invocation, CommandServices } from './types';

export const ESTIMATE_TITLE = "I can't estimate that";

export const estimateCommand: Command = {
  ...ESTIMATE_SPEC,
  async run(inv: Invocation, services: CommandServices): Promise<Reply> {
    const ctx = inv.context;
    // `preset:<name>` or the channel's pin become plain pairs before the estimator sees them.
    const applied = await applyPresets(inv.args, ctx, services);
    if (!applied.ok) return problemReply(applied.errors, ctx, "I can't use that preset");
    const a = applied.value;
    const r = await reportFromArgsAsync(a.args, services.hub);
    if (!r.ok) {
      const why = a.unavailable !== undefined ? [`Presets are unavailable (error id \`${a.unavailable}\` in the bot's log), so no pinned preset was applied.`] : [];
      const e = problemReply(r.errors, ctx, ESTIMATE_TITLE);
      return { ...e, notes: [...a.notes, ...why, ...e.notes] };
    }
    const reply = estimateReply(r.value, inv.flags.private ? 'private' : 'channel', { how: inv.flags.how });
    return a.notes.length > 0 ? { ...reply, notes: [...a.notes, ...reply.notes] } : reply;
  },
};
