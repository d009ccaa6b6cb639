/**
 * Interaction handling: slash commands and autocomplete. Every command gets an answer within
 * Discord's 3-second window: the reply itself when the handler is quick, else a deferral
 * (after {@link DEFAULT_DEFER_AFTER_MS}) and then the reply. A bug anywhere, ours or a rejected
 * request, still ends in a "something went wrong" reply whose error id is in the log.
 */
import {
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { newErrorId } from '../../commands/registry';
import type { CommandContext } from '../../commands/types';
import { errorReply, type Reply } from '../../src/reply/types';
import type { AdapterDeps } from '../types';
import { autocompleteChoices } from './autocomplete';
import { commandText } from './options';
import { renderMessage } from './render';

/** Discord allows 3 s for the first response; defer well before that. */
export const DEFAULT_DEFER_AFTER_MS = 2000;

export interface InteractionDeps {
  readonly handle: AdapterDeps['handle'];
  /** Already redacting (see `log.ts`). */
  readonly log: AdapterDeps['log'];
  readonly deferAfterMs: number;
}

/** The reply for a failure: polite, private, with the id that is also in the log. */
export function failureReply(id: string): Reply {
  return errorReply('Something went wrong', [
    `Something went wrong on my side while answering that. Please try again; if it keeps happening, report error id \`${id}\`.`,
  ], { errorId: id });
}

/** Who asked, where, from the interaction (no platform objects reach the commands). */
export function contextOf(i: ChatInputCommandInteraction): CommandContext {
  return {
    platform: 'discord',
    teamId: i.guildId ?? `dm-${i.user.id}`,
    channelId: i.channelId,
    userId: i.user.id,
    isAdmin: i.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
  };
}

/** Runs the handler; a throw becomes the failure reply (logged with its id). */
async function runSafely(deps: InteractionDeps, text: string, ctx: CommandContext): Promise<Reply> {
  try {
    return await deps.handle(text, ctx);
  } catch (err) {
    const id = newErrorId();
    deps.log(`discord: command failed (error id ${id})`, err);
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

/**
 * After a deferral: edit the placeholder, unless its visibility is wrong for the reply. A public
 * placeholder cannot turn ephemeral, so a private reply replaces it with an ephemeral follow-up.
 */
async function deliverDeferred(i: ChatInputCommandInteraction, reply: Reply, deferredPrivate: boolean): Promise<void> {
  const msg = renderMessage(reply);
  if (reply.visibility === 'private' && !deferredPrivate) {
    await i.deleteReply();
    await i.followUp(msg);
    return;
  }
  await i.editReply({ embeds: msg.embeds, allowedMentions: msg.allowedMentions });
}

/** Last resort after an error while answering: tell the user, privately, with the error id. */
async function answerFailure(i: ChatInputCommandInteraction, deps: InteractionDeps, err: unknown): Promise<void> {
  const id = newErrorId();
  deps.log(`discord: could not answer /${i.commandName} (error id ${id})`, err);
  const reply = failureReply(id);
  try {
    if (!i.deferred && !i.replied) await i.reply(renderMessage(reply));
    else if (!i.replied) await deliverDeferred(i, reply, i.ephemeral === true);
    else await i.followUp(renderMessage(reply));
  } catch (err2) {
    deps.log(`discord: could not send the failure notice (error id ${id})`, err2);
  }
}

/** A slash command: map options to grammar text, run it, answer within the deadline. */
export async function handleCommand(i: ChatInputCommandInteraction, deps: InteractionDeps): Promise<void> {
  try {
    const mapped = commandText(i.commandName, i.options.data);
    if (!mapped.ok) {
      await i.reply(renderMessage(mapped.reply));
      return;
    }
    const work = runSafely(deps, mapped.text, contextOf(i));
    const quick = await within(work, deps.deferAfterMs);
    if (quick !== TIMEOUT) {
      await i.reply(renderMessage(quick));
      return;
    }
    await i.deferReply(mapped.privateHint ? { flags: MessageFlags.Ephemeral } : {});
    await deliverDeferred(i, await work, mapped.privateHint);
  } catch (err) {
    await answerFailure(i, deps, err);
  }
}

/** Autocomplete: choices for the focused option; errors are logged (Discord shows none). */
export async function handleAutocomplete(i: AutocompleteInteraction, deps: InteractionDeps): Promise<void> {
  try {
    const focused = i.options.getFocused(true);
    await i.respond(autocompleteChoices(focused.name, String(focused.value)));
  } catch (err) {
    deps.log(`discord: autocomplete failed (error id ${newErrorId()})`, err);
  }
}
