/**
 * The `/vram` slash-command listener: ack at once (Slack's 3-second deadline), then rate-limit,
 * length-check, dispatch, render and post the reply to the response_url. Nothing here throws:
 * every failure is logged and, where possible, the user still gets an answer.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs, SlashCommand } from '@slack/bolt';
import { MAX_INPUT_CHARS } from '../../commands/grammar';
import { newErrorId } from '../../commands/registry';
import type { CommandContext } from '../../commands/types';
import { errorReply, type Reply } from '../../src/reply/types';
import type { AdapterDeps } from '../types';
import type { LogFn } from './logger';
import type { RateLimiter } from './ratelimit';
import { rateLimitedReply, tooLongReply } from './refusals';
import { renderSlack, type SlackMessage } from './render';

export interface VramCommandDeps {
  readonly handle: AdapterDeps['handle'];
  /** Already redacting. */
  readonly log: LogFn;
  readonly limiter: RateLimiter;
  readonly limit: { readonly capacity: number; readonly windowMs: number };
}

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** The neutral context commands see for a slash command. */
export function contextOf(command: SlashCommand): CommandContext {
  return { platform: 'slack', teamId: command.team_id, channelId: command.channel_id, userId: command.user_id };
}

/**
 * The reply for one slash command: a refusal (rate limit, too long) or the registry's answer.
 * Never throws.
 */
export async function replyFor(command: SlashCommand, d: VramCommandDeps): Promise<Reply> {
  const ctx = contextOf(command);
  const turn = d.limiter.take(`${ctx.teamId}:${ctx.userId}`);
  if (!turn.ok) return rateLimitedReply(turn.retryAfterMs, d.limit.capacity, d.limit.windowMs);
  const text = typeof command.text === 'string' ? command.text : '';
  if (text.length > MAX_INPUT_CHARS) return tooLongReply(text.length);
  try {
    return await d.handle(text, ctx);
  } catch (err) {
    // `handle` promises never to throw; if it does anyway, the user still gets an answer.
    const id = newErrorId();
    d.log(`slack: command handler threw (error id ${id})`, err);
    return errorReply('Something went wrong', [`Something went wrong on my side. Please try again; if it keeps happening, report error id \`${id}\`.`], { errorId: id });
  }
}

/**
 * Bolt hands the response_url's response back unread; reading it releases the keep-alive
 * connection at once (undici can otherwise hold it until the body is garbage-collected).
 * Never throws: the reply was delivered either way.
 */
async function discardBody(res: { arrayBuffer(): Promise<ArrayBuffer> } | undefined): Promise<void> {
  try {
    await res?.arrayBuffer();
  } catch {
    // nothing left to free
  }
}

/**
 * Posts `message` to the response_url; if that fails (expired URL, Slack outage), logs it and
 * tries once more as an ephemeral message through the Web API. Never throws.
 */
export async function deliver(message: SlackMessage, args: Pick<CommandArgs, 'respond' | 'client' | 'command'>, log: LogFn): Promise<void> {
  const { command } = args;
  const where = `team ${command.team_id}, channel ${command.channel_id}`;
  try {
    await discardBody(await args.respond(message));
    return;
  } catch (err) {
    log(`slack: posting the reply to the response_url failed (${where}); trying chat.postEphemeral`, err);
  }
  try {
    await args.client.chat.postEphemeral({ channel: command.channel_id, user: command.user_id, text: message.text, blocks: message.blocks });
  } catch (err) {
    log(`slack: chat.postEphemeral failed too; the user got no reply (${where})`, err);
  }
}

/** The Bolt listener for `/vram`. */
export function vramListener(d: VramCommandDeps): (args: CommandArgs) => Promise<void> {
  return async (args) => {
    try {
      await args.ack();
    } catch (err) {
      d.log('slack: ack failed', err);
    }
    const reply = await replyFor(args.command, d);
    await deliver(renderSlack(reply), args, d.log);
  };
}
