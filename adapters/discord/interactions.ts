/**
 * Interaction handling: slash commands, autocomplete, and button clicks. Every command and click
 * gets an answer within Discord's 3-second window: the reply itself when the handler (and the
 * chart) is quick, else a deferral (after {@link DEFAULT_DEFER_AFTER_MS}) and then the reply. A
 * bug anywhere, ours or a rejected request, still ends in a "something went wrong" reply whose
 * error id is in the log.
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
} from 'discord.js';
import { newErrorId } from '../../commands/registry';
import type { CommandContext, Invocation } from '../../commands/types';
import { KEYS, type InputError, type KeyDef, type Result } from '../../src/config';
import { failureReply, type Reply } from '../../src/reply/types';
import type { AdapterDeps } from '../types';
import { parseActionCustomId } from './actions';
import { autocompleteChoices, presetNameChoices, type Choice, type PresetNames } from './autocomplete';
import { specForCommandName } from './commands';
import { prepareMessage, type MessageDeps, type OutgoingMessage } from './message';
import { invocationOf } from './options';
import { renderMessage } from './render';
import { DISCORD_SYNTAX } from './syntax';

/** Discord allows 3 s for the first response; defer well before that. */
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

/** Runs the invocation (or rejects input that did not map); a throw becomes the failure reply (logged with its id). */
async function runSafely(deps: InteractionDeps, inv: Result<Invocation, InputError>, ctx: CommandContext): Promise<Reply> {
  try {
    return inv.ok ? await deps.core.handle(inv.value) : deps.core.rejected(inv.errors, ctx);
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

/**
 * Answers with the reply (and its chart, rendered inside the same deadline) when it is ready
 * within `deferAfterMs`; else defers (ephemeral when `privateHint`) and edits in the answer.
 */
async function answer(i: Answerable, reply: Promise<Reply>, privateHint: boolean, deps: InteractionDeps): Promise<void> {
  const work = reply.then((r): Prepared => ({ reply: r, msg: prepareMessage(r, deps) }));
  const quick = await within(work, deps.deferAfterMs);
  if (quick !== TIMEOUT) {
    await i.reply(quick.msg);
    return;
  }
  await i.deferReply(privateHint ? { flags: MessageFlags.Ephemeral } : {});
  await deliverDeferred(i, await work, privateHint);
}

/** Last resort after an error while answering: tell the user, privately, with the error id. */
async function answerFailure(i: Answerable, deps: InteractionDeps, err: unknown, what: string): Promise<void> {
  const id = newErrorId();
  deps.log(`discord: could not answer ${what} (error id ${id})`, err);
  const reply = failureReply(id);
  try {
    if (!i.deferred && !i.replied) await i.reply(renderMessage(reply));
    else if (!i.replied) await deliverDeferred(i, plain(reply), i.ephemeral === true);
    else await i.followUp(renderMessage(reply));
  } catch (err2) {
    deps.log(`discord: could not send the failure notice (error id ${id})`, err2);
  }
}

/** A slash command: map options to grammar text, run it, answer within the deadline. */
export async function handleCommand(i: ChatInputCommandInteraction, deps: InteractionDeps): Promise<void> {
  try {
    const ctx = contextOf(i);
    const mapped = invocationOf(deps.core, i.commandName, i.options.data, ctx);
    await answer(i, runSafely(deps, mapped.invocation, ctx), mapped.privateHint, deps);
  } catch (err) {
    await answerFailure(i, deps, err, `/${i.commandName}`);
  }
}

/**
 * A button click: run the remembered command for the person who clicked and answer only them
 * (the math is private); an id the bot no longer holds gets the polite "run it again".
 */
export async function handleButton(i: ButtonInteraction, deps: InteractionDeps): Promise<void> {
  try {
    const id = parseActionCustomId(i.customId);
    const stored = id === null ? undefined : deps.actions.get(id);
    if (stored === undefined) {
      await i.reply(renderMessage(expiredReply()));
      return;
    }
    const ctx = contextOf(i);
    const work = runSafely(deps, deps.core.restore(stored, ctx), ctx).then((r): Reply => ({ ...r, visibility: 'private' }));
    await answer(i, work, true, deps);
  } catch (err) {
    await answerFailure(i, deps, err, 'a button');
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

/** Autocomplete: choices for the focused option; errors are logged (Discord shows none). */
export async function handleAutocomplete(i: AutocompleteInteraction, deps: InteractionDeps): Promise<void> {
  try {
    const focused = i.options.getFocused(true);
    const typed = String(focused.value);
    const kind = autocompleteKind(i.commandName, focused.name);
    await i.respond(kind === 'preset' ? await presetChoices(i, deps, typed) : kind ? autocompleteChoices(kind, typed) : []);
  } catch (err) {
    deps.log(`discord: autocomplete failed (error id ${newErrorId()})`, err);
  }
}
