/**
 * The `/vram` slash-command listener: ack at once (Slack's 3-second deadline), then rate-limit,
 * length-check, look up admin rights when a preset action needs them, dispatch, render and post
 * the reply to the response_url, then (public estimates) share the chart. Nothing here throws:
 * every failure is logged and, where possible, the user still gets an answer.
 *
 * Every log line of one request carries its `reqId` (the trigger_id, see `guard.ts`); with
 * `metrics`, each request counts once by command and outcome, and the time from receipt to the
 * reply being delivered is observed.
 *
 * The pieces (`replyFor`, `deliver`, `finish`) are shared with the button handler (`actions.ts`).
 */
import type { AllMiddlewareArgs, RespondFn, SlackCommandMiddlewareArgs, SlashCommand } from '@slack/bolt';
import { MAX_INPUT_CHARS } from '../../commands/grammar';
import { newErrorId } from '../../commands/registry';
import type { CommandContext } from '../../commands/types';
import { failureReply, type Reply } from '../../src/reply/types';
import type { Metrics, Outcome } from '../ops/metrics';
import type { AdapterDeps } from '../types';
import { needsAdminCheck, type AdminCache, type UsersInfo } from './admins';
import { shareChart, type ChartDeps } from './chart';
import { claim, receiptOf, type Receipt } from './guard';
import { withFields, type LogFn } from './logger';
import type { RateLimiter } from './ratelimit';
import { rateLimitedReply, tooLongReply } from './refusals';
import { renderSlack, type SlackMessage } from './render';

export interface VramCommandDeps {
  readonly core: AdapterDeps['core'];
  /** Already redacting. */
  readonly log: LogFn;
  readonly limiter: RateLimiter;
  readonly limit: { readonly capacity: number; readonly windowMs: number };
  /** Workspace-admin lookups (`users.info`), cached. */
  readonly admins: AdminCache;
  readonly chart: ChartDeps;
  /** Counters and histograms (absent: nothing recorded). */
  readonly metrics?: Metrics | undefined;
}

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type WebClient = AllMiddlewareArgs['client'];

/** A form field as a string ('' when missing, repeated or otherwise odd). */
const field = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The neutral context commands see for a slash command. */
export function contextOf(command: SlashCommand): CommandContext {
  return { platform: 'slack', teamId: field(command.team_id), channelId: field(command.channel_id), userId: field(command.user_id) };
}

/**
 * One request to answer: the `/vram` text (a slash command) or the invocation a button carried
 * (its `value`, as Slack sent it back), who and where, and how to ask Slack about the user.
 */
export interface Turn {
  readonly input: { readonly text: string } | { readonly button: string };
  readonly ctx: CommandContext;
  readonly usersInfo: UsersInfo;
}

/** `users.info` through Bolt's client for this request. */
export function usersInfoVia(client: WebClient): UsersInfo {
  return (user) => client.users.info({ user });
}

/** A reply, with what it counts as (`metrics.command`): the command it ran, and how it went. */
export interface Answer {
  readonly reply: Reply;
  /** The invocation's command, or `unknown` when nothing parsed (refusals, rejections). */
  readonly command: string;
  readonly outcome: Outcome;
}

/** A registry reply's outcome: a failure on our side carries an error id; errors are bad input. */
const outcomeOf = (r: Reply): Outcome => (r.errorId !== undefined ? 'failed' : r.severity === 'error' ? 'error' : 'ok');

/**
 * The reply for one request: a refusal (rate limit, too long), the errors of input that does not
 * parse, or the registry's answer, with `ctx.isAdmin` from Slack when the invocation is a preset
 * action that may need it. The text is parsed here, once. Never throws.
 */
export async function answerFor(turn: Turn, d: VramCommandDeps): Promise<Answer> {
  const { ctx, input } = turn;
  const refused = (reply: Reply): Answer => ({ reply, command: 'unknown', outcome: 'refused' });
  const take = d.limiter.take(`${ctx.teamId}:${ctx.userId}`);
  if (!take.ok) return refused(rateLimitedReply(take.retryAfterMs, d.limit.capacity, d.limit.windowMs));
  let command = 'unknown';
  try {
    let parsed;
    if ('text' in input) {
      if (input.text.length > MAX_INPUT_CHARS) return refused(tooLongReply(input.text.length));
      parsed = d.core.parse(input.text, ctx);
    } else {
      // Buttons carry an invocation as JSON; buttons posted before that carried `/vram` text,
      // which still works (Slack keeps old messages and their buttons).
      let data: unknown;
      try { data = JSON.parse(input.button); } catch { data = undefined; }
      if (data !== null && typeof data === 'object') parsed = d.core.restore(data, ctx);
      else if (input.button.length > MAX_INPUT_CHARS) return refused(tooLongReply(input.button.length));
      else parsed = d.core.parse(input.button, ctx);
    }
    if (!parsed.ok) return { reply: d.core.rejected(parsed.errors, ctx), command, outcome: 'rejected' };
    const inv = parsed.value;
    command = inv.command;
    const full = needsAdminCheck(inv) ? { ...inv, context: { ...ctx, isAdmin: await d.admins.isAdmin(ctx.teamId, ctx.userId, turn.usersInfo, d.log) } } : inv;
    const reply = await d.core.handle(full, { log: d.log });
    return { reply, command, outcome: outcomeOf(reply) };
  } catch (err) {
    // `handle` promises never to throw; if it does anyway, the user still gets an answer.
    const id = newErrorId();
    d.log(`slack: command handler threw (error id ${id})`, err, { errorId: id });
    d.metrics?.error('slack', 'handler');
    return { reply: failureReply(id), command, outcome: 'failed' };
  }
}

/** `answerFor`'s reply alone. Never throws. */
export async function replyFor(turn: Turn, d: VramCommandDeps): Promise<Reply> {
  return (await answerFor(turn, d)).reply;
}

/**
 * One request's view of the deps: its log lines carry `reqId`. Also claims the request, so the
 * global middleware does not ack it a second time.
 */
export function forRequest(d: VramCommandDeps, context: Record<string, unknown>): { readonly d: VramCommandDeps; readonly receipt: Receipt } {
  claim(context);
  const receipt = receiptOf(context);
  return { d: { ...d, log: withFields(d.log, { reqId: receipt.reqId }) }, receipt };
}

/**
 * Records one answered request: its command and outcome (`failed` when no reply reached the
 * user), delivery errors, and the seconds from receipt to the reply being delivered.
 */
export function finish(d: VramCommandDeps, receipt: Receipt, answer: Answer, delivered: Delivery): void {
  const m = d.metrics;
  if (!m) return;
  m.command('slack', answer.command, delivered === 'none' ? 'failed' : answer.outcome);
  if (delivered === 'none') m.error('slack', 'deliver');
  else {
    if (delivered === 'ephemeral') m.error('slack', 'response_url');
    m.latency('slack', (performance.now() - receipt.receivedAt) / 1000);
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

/** How a reply reached the user. */
export type Delivery = 'response_url' | 'ephemeral' | 'none';

/** Where to send the fallback, and what to name in the log. */
export interface Destination {
  readonly teamId: string;
  readonly channelId: string;
  readonly userId: string;
}

/**
 * Posts `message` to the response_url; if that fails (expired URL, Slack outage) or there is
 * none, logs it and tries once more as an ephemeral message through the Web API
 * (`chat.postEphemeral`). Never throws.
 * @returns how it was delivered
 */
export async function deliver(
  message: SlackMessage,
  via: { readonly respond?: RespondFn | undefined; readonly client: WebClient },
  to: Destination,
  log: LogFn,
): Promise<Delivery> {
  const where = `team ${to.teamId}, channel ${to.channelId || '(none)'}`;
  if (via.respond) {
    try {
      await discardBody(await via.respond(message));
      return 'response_url';
    } catch (err) {
      log(`slack: posting the reply to the response_url failed (${where}); trying chat.postEphemeral`, err);
    }
  } else {
    log(`slack: no response_url to reply to (${where}); trying chat.postEphemeral`);
  }
  if (!to.channelId) {
    log(`slack: no channel for chat.postEphemeral; the user got no reply (${where})`);
    return 'none';
  }
  try {
    await via.client.chat.postEphemeral({ channel: to.channelId, user: to.userId, text: message.text, blocks: message.blocks });
    return 'ephemeral';
  } catch (err) {
    log(`slack: chat.postEphemeral failed too; the user got no reply (${where})`, err);
    return 'none';
  }
}

/** The Bolt listener for `/vram`. Never throws. */
export function vramListener(base: VramCommandDeps): (args: CommandArgs) => Promise<void> {
  return async (args) => {
    const { d, receipt } = forRequest(base, args.context);
    try {
      await args.ack();
    } catch (err) {
      d.log('slack: ack failed', err);
    }
    try {
      const ctx = contextOf(args.command);
      const text = typeof args.command.text === 'string' ? args.command.text : '';
      const answer = await answerFor({ input: { text }, ctx, usersInfo: usersInfoVia(args.client) }, d);
      const message = renderSlack(answer.reply);
      const delivered = await deliver(message, args, ctx, d.log);
      finish(d, receipt, answer, delivered);
      // After the text, and only where everyone saw it: the chart never makes the answer late or public.
      if (delivered === 'response_url' && message.response_type === 'in_channel') {
        await shareChart(answer.reply, { client: args.client, channelId: ctx.channelId, teamId: ctx.teamId }, d.chart, d.log);
      }
    } catch (err) {
      // Nothing above throws by design; this keeps a surprise out of Bolt's error path.
      d.metrics?.error('slack', 'listener');
      d.log('slack: the /vram listener failed', err);
    }
  };
}
