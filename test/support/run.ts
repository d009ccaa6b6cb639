/**
 * Tests' shortcut for what a text adapter does with one line: parse it with the one grammar,
 * then run the invocation (or build the rejection). Not a second code path: it calls the same
 * `parseInvocation` and `dispatch` the adapters reach through `createHandler`.
 */
import { rejectedReply } from '../../commands/handler';
import { parseInvocation } from '../../commands/grammar';
import { dispatch as run } from '../../commands/registry';
import type { CommandContext, CommandServices } from '../../commands/types';
import type { Reply } from '../../src/reply/types';

/** Parses `text` for `ctx` and runs it with `services` (none by default). */
export async function dispatch(text: string, ctx: CommandContext, services: CommandServices = {}): Promise<Reply> {
  const p = parseInvocation(text, ctx);
  return p.ok ? run(p.value, services) : rejectedReply(p.errors, ctx);
}

/** The same, with a logger (the failure reply's error id is logged through it). */
export async function safeDispatch(text: string, ctx: CommandContext, log: (msg: string, err?: unknown) => void, services: CommandServices = {}): Promise<Reply> {
  return dispatch(text, ctx, { ...services, log });
}
