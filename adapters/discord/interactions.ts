/**
 * Interaction handling: slash commands, autocomplete, and button clicks. Every command and click
 * gets an answer within Discord's 3-second window:
 *
 * - an answer already in hand without a chart (a refusal, input that did not parse, an expired
 *   button, anything computed within one turn of the event loop) is the reply itself;
 * - otherwise, when the bot is quiet (nothing else being answered), it waits up to
 *   {@link DEFAULT_DEFER_AFTER_MS} for the whole answer, chart included, and replies with it;
 *   after that it defers and edits the answer in;
 * - when other interactions are being answered, it defers at once and edits the answer in.
 *
 * The work itself (the command, then its chart, rasterised in the worker pool, never on the main
 * thread) runs in a bounded queue (`queue.ts`); a full queue gets a polite "busy" refusal, and
 * each person has a budget of commands (10 a minute by default, as on Slack). A bug anywhere,
 * ours or a rejected request, still ends in a "something went wrong" reply whose error id is in
 * the log. Every log line of one interaction carries its `reqId` (the interaction id).
 *
 * Buttons (`actions.ts`) run their command for the person who clicks, and answer only them.
 */
import {
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type RepliableInteraction,
} from 'discord.js';
import { newErrorId } from '../../commands/registry';
import type { CommandContext, Invocation } from '../../commands/types';
import { KEYS, type InputError, type KeyDef, type Result } from '../../src/config';
import { failureReply, type Reply } from '../../src/reply/types';
import type { TokenBuckets } from '../ops/ratelimit';
import type { Metrics, Outcome } from '../ops/metrics';
import type { AdapterDeps } from '../types';
import { parseActionCustomId } from './actions';
import { autocompleteChoices, presetNameChoices, type Choice, type PresetNames } from './autocomplete';
import { specForCommandName } from './commands';
import { withFields } from './log';
import { messageFor, prepareMessageAsync, type MessageDeps, type OutgoingMessage } from './message';
import { invocationOf } from './options';
import type { WorkQueue } from './queue';
import { busyReply, rateLimitedReply, restartingReply, unsupportedReply } from './refusals';
import { renderMessage } from './render';
import { DISCORD_SYNTAX } from './syntax';

/** Discord allows 3 s for the first response; a quiet bot defers well before that. */
export const DEFAULT_DEFER_AFTER_MS = 2000;
/** Longest wait for the store's preset names before autocomplete answers with none. */
export const AUTOCOMPLETE_BUDGET_MS = 2000;

export interface InteractionDeps extends MessageDeps {
  readonly core: AdapterDeps['core'];
  /** Already redacting (see `log.ts`). */
  readonly log: AdapterDeps['log'];
  readonly deferAfterMs: number;
  /** Preset names for autocomplete of `/vram-preset ... name:`; none offered without it. */
  readonly presetNames?: PresetNames;
  /** Where the work of answering waits its turn (bounded). */
  readonly queue: WorkQueue;
  /** Each person's budget of commands and clicks, keyed `guild:user`. */
  readonly limiter: TokenBuckets;
  /** The budget's terms, for the refusal's wording. */
  readonly rateLimit: { readonly capacity: number; readonly windowMs: number };
  readonly metrics?: Metrics;
}

/** How one interaction is taken, from the dispatcher (`client.ts`). */
export interface RouteOptions {
  /** Nothing else is being answered: waiting for the whole answer is safe (default true). */
  readonly quiet?: boolean;
  /** The bot is stopping: commands and clicks get the "restarting" refusal. */
  readonly stopping?: boolean;
}

export { failureReply };

/** The answer to a click on a button the bot no longer remembers. */
export function expiredReply(): Reply {
  return {
    title: 'This button has expired',
    description: 'Buttons work for an hour after the answer (and not across a restart of the bot). Please run the command again for a fresh one.',
    severity: 'info', fields: [], sections: [], notes: [], visibility: 'private',
  };
}

/** The parts of an interaction that say who asked, where. */
export type Asker = Pick<Interaction, 'guildId' | 'channelId' | 'user' | 'memberPermissions'>;

/**
 * Who asked, where, from the interaction (no platform objects reach the commands). `isAdmin`:
 * the member has Manage Server (0x20) in this channel (Administrator includes it).
 */
export function contextOf(i: Asker): CommandContext {
  return {
    platform: 'discord',
    teamId: i.guildId ?? `dm-${i.user.id}`,
    channelId: i.channelId ?? `dm-${i.user.id}`,
    userId: i.user.id,
    isAdmin: i.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    syntax: DISCORD_SYNTAX,
  };
}

/** The deps of one interaction: every log line carries its id. */
function forRequest(deps: InteractionDeps, reqId: string): InteractionDeps {
  return { ...deps, log: withFields(deps.log, { reqId }) };
}

/** Runs the invocation (or rejects input that did not map); a throw becomes the failure reply (logged with its id). */
async function runSafely(deps: InteractionDeps, inv: Result<Invocation, InputError>, ctx: CommandContext): Promise<Reply> {
  try {
    return inv.ok ? await deps.core.handle(inv.value, { log: deps.log }) : deps.core.rejected(inv.errors, ctx);
  } catch (err) {
    const id = newErrorId();
    deps.log(`discord: command failed (error id ${id})`, err);
    deps.metrics?.error('discord', 'handler');
    return failureReply(id);
  }
}

const TIMEOUT = Symbol('timeout');

/** Resolves with the work's result, or TIMEOUT when it takes longer than `ms`. */
async function within<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof TIMEOUT>((resolve) => { timer = setTimeout(() => resolve(TIMEOUT), ms); });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The work's result if it is ready within this turn of the event loop, else TIMEOUT. */
async function inHand<T>(work: Promise<T>): Promise<T | typeof TIMEOUT> {
  return Promise.race([work, new Promise<typeof TIMEOUT>((resolve) => setImmediate(() => resolve(TIMEOUT)))]);
}

/** What answers an interaction: slash commands and buttons answer alike. */
type Answerable = ChatInputCommandInteraction | ButtonInteraction;

interface Prepared { readonly reply: Reply; readonly msg: OutgoingMessage }

/** A reply's message without buttons or chart (for failure notices). */
function plain(reply: Reply): Prepared {
  return { reply, msg: { ...renderMessage(reply), components: [], files: [] } };
}

/**
 * After a deferral: edit the placeholder, unless its visibility is wrong for the reply. A public
 * placeholder cannot turn ephemeral, so a private reply replaces it with an ephemeral follow-up.
 */
async function deliverDeferred(i: Answerable, p: Prepared, deferredPrivate: boolean): Promise<void> {
  if (p.reply.visibility === 'private' && !deferredPrivate) {
    await i.deleteReply();
    await i.followUp(p.msg);
    return;
  }
  const { embeds, components, files, allowedMentions } = p.msg;
  await i.editReply({ embeds, components, files, allowedMentions });
}

/** The outcome a delivered reply counts as. */
function outcomeOf(reply: Reply): Outcome {
  if (reply.errorId !== undefined) return 'failed';
  return reply.severity === 'error' ? 'error' : 'ok';
}

/** Answers at once with a reply that is in hand and has no chart (a refusal, a rejection, an expired button). */
async function replyNow(i: RepliableInteraction, reply: Reply, deps: InteractionDeps): Promise<void> {
  await i.reply(messageFor(reply, { ok: true }, deps));
}

/**
 * Computes the reply in the queue (the command, then its chart in the pool) and answers: the
 * reply itself when it is ready in time, else a deferral (ephemeral when `privateHint`) and then
 * the reply. See the file's comment for when it waits.
 */
async function answer(i: Answerable, compute: () => Promise<Reply>, privateHint: boolean, deps: InteractionDeps, quiet: boolean): Promise<Outcome> {
  const job = deps.queue.tryRun(async (): Promise<Prepared> => {
    const reply = await compute();
    return { reply, msg: await prepareMessageAsync(reply, deps) };
  });
  if (job === undefined) {
    deps.log('discord: the work queue is full; refused', undefined, { level: 'warn' });
    await replyNow(i, busyReply(), deps);
    return 'refused';
  }
  job.catch(() => undefined); // awaited below; never an unhandled rejection if the deferral fails first
  const ready = await (quiet ? within(job, deps.deferAfterMs) : inHand(job));
  if (ready !== TIMEOUT) {
    await i.reply(ready.msg);
    return outcomeOf(ready.reply);
  }
  await i.deferReply(privateHint ? { flags: MessageFlags.Ephemeral } : {});
  const p = await job;
  await deliverDeferred(i, p, privateHint);
  return outcomeOf(p.reply);
}

/** Last resort after an error while answering: tell the user, privately, with the error id. */
async function answerFailure(i: RepliableInteraction, deps: InteractionDeps, err: unknown, what: string): Promise<void> {
  const id = newErrorId();
  deps.log(`discord: could not answer ${what} (error id ${id})`, err);
  deps.metrics?.error('discord', 'deliver');
  const reply = failureReply(id);
  try {
    if (!i.deferred && !i.replied) await i.reply(renderMessage(reply));
    else if (!i.replied && (i.isChatInputCommand() || i.isButton())) await deliverDeferred(i, plain(reply), i.ephemeral === true);
    else await i.followUp(renderMessage(reply));
  } catch (err2) {
    deps.log(`discord: could not send the failure notice (error id ${id})`, err2);
  }
}

/** Spends one of the caller's budget; the refusal when it is spent. */
function overBudget(deps: InteractionDeps, ctx: CommandContext): Reply | undefined {
  const take = deps.limiter.take(`${ctx.teamId}:${ctx.userId}`);
  if (take.ok) return undefined;
  deps.log(`discord: rate limited (retry after ${take.retryAfterMs} ms)`);
  return rateLimitedReply(take.retryAfterMs, deps.rateLimit.capacity, deps.rateLimit.windowMs);
}

/** A slash command: map options to the invocation, run it, answer within the deadline. */
export async function handleCommand(i: ChatInputCommandInteraction, deps: InteractionDeps, opts: RouteOptions = {}): Promise<Outcome> {
  const d = forRequest(deps, i.id);
  try {
    const ctx = contextOf(i);
    const refused = overBudget(d, ctx);
    if (refused) {
      await replyNow(i, refused, d);
      return 'refused';
    }
    const mapped = invocationOf(d.core, i.commandName, i.options.data, ctx);
    if (!mapped.invocation.ok) {
      await replyNow(i, d.core.rejected(mapped.invocation.errors, ctx), d);
      return 'rejected';
    }
    const inv = mapped.invocation;
    return await answer(i, () => runSafely(d, inv, ctx), mapped.privateHint, d, opts.quiet ?? true);
  } catch (err) {
    await answerFailure(i, d, err, `/${String(i.commandName)}`);
    return 'failed';
  }
}

/**
 * A button click: run the remembered command for the person who clicked and answer only them
 * (the math is private); an id the bot no longer holds gets the polite "run it again".
 */
export async function handleButton(i: ButtonInteraction, deps: InteractionDeps, opts: RouteOptions = {}): Promise<Outcome> {
  const d = forRequest(deps, i.id);
  try {
    const ctx = contextOf(i);
    const refused = overBudget(d, ctx);
    if (refused) {
      await replyNow(i, refused, d);
      return 'refused';
    }
    const id = parseActionCustomId(String(i.customId));
    const stored = id === null ? undefined : await d.actions.resolve(id);
    if (stored === undefined) {
      await replyNow(i, expiredReply(), d);
      return 'ok';
    }
    const work = (): Promise<Reply> => runSafely(d, d.core.restore(stored, ctx), ctx).then((r): Reply => ({ ...r, visibility: 'private' }));
    return await answer(i, work, true, d, opts.quiet ?? true);
  } catch (err) {
    await answerFailure(i, d, err, 'a button');
    return 'failed';
  }
}

/** Preset names for the caller, or none when the store is slow or fails (logged). */
async function presetChoices(i: AutocompleteInteraction, deps: InteractionDeps, typed: string): Promise<Choice[]> {
  const ctx = contextOf(i);
  try {
    const r = await within(presetNameChoices(deps.presetNames, ctx.teamId, ctx.userId, typed), AUTOCOMPLETE_BUDGET_MS);
    if (r !== TIMEOUT) return r;
    deps.log(`discord: preset names took over ${AUTOCOMPLETE_BUDGET_MS} ms; autocomplete offers none`);
  } catch (err) {
    deps.log(`discord: preset names failed (error id ${newErrorId()})`, err);
  }
  return [];
}

/** Which autocomplete an option of a command has, from its declaration (`name` of a preset action: preset names). */
export function autocompleteKind(commandName: string, option: string): 'model' | 'gpu' | 'preset' | undefined {
  const spec = specForCommandName(commandName);
  if (!spec) return undefined;
  const params = [spec.params, ...(spec.actions?.list ?? [])];
  for (const p of params) {
    const def = [...p.positional, ...p.keys].find((d) => d.key === option);
    if (def?.autocomplete) return def.autocomplete;
  }
  if (spec.params.estimate) return (KEYS as readonly KeyDef[]).find((k) => k.key === option)?.autocomplete;
  return undefined;
}

/** Autocomplete: choices for the focused option; on any error (logged), no choices, so Discord never waits. */
export async function handleAutocomplete(i: AutocompleteInteraction, deps: InteractionDeps, opts: RouteOptions = {}): Promise<void> {
  const d = forRequest(deps, i.id);
  try {
    if (opts.stopping) {
      await i.respond([]);
      return;
    }
    const focused = i.options.getFocused(true);
    const typed = String(focused.value);
    const kind = autocompleteKind(String(i.commandName), String(focused.name));
    await i.respond(kind === 'preset' ? await presetChoices(i, d, typed) : kind ? autocompleteChoices(kind, typed) : []);
  } catch (err) {
    d.log(`discord: autocomplete failed (error id ${newErrorId()})`, err);
    d.metrics?.error('discord', 'autocomplete');
    if (!i.responded) {
      try {
        await i.respond([]);
      } catch (err2) {
        d.log('discord: could not send empty autocomplete choices', err2);
      }
    }
  }
}

/** The label an interaction is counted under (bounded: unknown names are `unknown`). */
function commandLabel(i: Interaction): string {
  if (i.isButton()) return 'button';
  if (i.isChatInputCommand()) return specForCommandName(String(i.commandName))?.name ?? 'unknown';
  return 'other';
}

/**
 * Takes one interaction: routes it, counts it (`metrics`: outcome, seconds to the final answer),
 * and never rejects (a failure is logged with the interaction's id).
 */
export async function routeInteraction(i: Interaction, deps: InteractionDeps, opts: RouteOptions = {}): Promise<void> {
  const started = performance.now();
  const d = forRequest(deps, String(i.id));
  let outcome: Outcome | undefined;
  try {
    if (i.isAutocomplete()) {
      await handleAutocomplete(i, deps, opts);
      return;
    }
    if (!i.isRepliable()) {
      d.log(`discord: ignored an interaction of type ${String((i as Interaction).type)} that takes no reply`);
      return;
    }
    if (opts.stopping) {
      await replyNow(i, restartingReply(), d);
      outcome = 'refused';
    } else if (i.isChatInputCommand()) {
      outcome = await handleCommand(i, deps, opts);
    } else if (i.isButton()) {
      outcome = await handleButton(i, deps, opts);
    } else {
      d.log(`discord: no answer for an interaction of type ${String(i.type)}; refused`);
      await replyNow(i, unsupportedReply(), d);
      outcome = 'refused';
    }
  } catch (err) {
    outcome = 'failed';
    d.log(`discord: interaction failed (error id ${newErrorId()})`, err);
    d.metrics?.error('discord', 'interaction');
  } finally {
    if (outcome !== undefined) {
      try {
        d.metrics?.command('discord', commandLabel(i), outcome);
        d.metrics?.latency('discord', (performance.now() - started) / 1000);
      } catch (err) {
        d.log('discord: metrics failed', err);
      }
    }
  }
}
