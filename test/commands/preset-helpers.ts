/**
 * Test setup for preset commands: a handler over an in-memory store, callers by id, and the
 * reply flattened to text.
 */
import { answerText, createHandler } from '../../commands/handler';
import type { CommandContext } from '../../commands/types';
import { replyText } from '../../src/reply/text';
import type { Reply } from '../../src/reply/types';
import { createMemoryPresetStore } from '../../src/store/memory';
import type { PresetsAccess, PresetStore } from '../../src/store/presets';

export const NOW = Date.UTC(2026, 0, 2, 12);

/** A Slack caller in team T1, channel C1 unless told otherwise. */
export const as = (userId: string, extra: Partial<CommandContext> = {}): CommandContext =>
  ({ platform: 'slack', teamId: 'T1', channelId: 'C1', userId, ...extra });

export interface Said { readonly reply: Reply; readonly text: string }

export function setup(opts: { admins?: readonly string[]; presets?: PresetsAccess; store?: PresetStore } = {}) {
  const store = opts.store ?? createMemoryPresetStore();
  const logs: string[] = [];
  const core = createHandler({
    presets: opts.presets ?? { ok: true, store }, admins: opts.admins ?? [], now: () => NOW,
    log: (m, err) => logs.push(`${m}${err instanceof Error ? `: ${err.message}` : ''}`),
  });
  const say = async (text: string, ctx: CommandContext = as('U1')): Promise<Said> => {
    const reply = await answerText(core, text, ctx);
    return { reply, text: replyText(reply) };
  };
  return { store, say, logs };
}
