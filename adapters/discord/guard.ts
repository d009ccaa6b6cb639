/**
 * A guard around discord.js's INTERACTION_CREATE handling: a malformed payload never takes the
 * process down. discord.js builds an interaction object straight from the gateway packet, and a
 * packet with `data.options` that is not an array, no `data`, or neither `member` nor `user`
 * throws inside its WebSocket listener: an uncaught exception that ends the process (and with
 * it the Slack adapter sharing it).
 *
 * The guard replaces `client.actions.InteractionCreate.handle` (discord.js's one entry for these
 * packets) with a version that first checks what discord.js relies on (`payloadProblem`; also
 * that the id and token are safe in a URL, since discord.js puts the token into its REST paths
 * unescaped), then calls the original inside try/catch, and notices a packet discord.js dropped
 * without a word (an unknown command or component type). Each of these is logged with an error id and the
 * interaction id; when the packet still has a usable id and token, the interaction is answered
 * directly over REST (a private "something went wrong" with the error id, or no autocomplete
 * choices), so the user is not left with "The application did not respond". A packet without a
 * usable id and token cannot be answered: it is dropped and logged.
 */
import { Routes, type Client } from 'discord.js';
import { newErrorId } from '../../commands/registry';
import { failureReply, type Reply } from '../../src/reply/types';
import type { Metrics } from '../ops/metrics';
import type { LogFn } from '../types';
import { unsupportedReply } from './refusals';
import { renderMessage } from './render';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Interaction types the gateway delivers: command, component, autocomplete, modal submit. */
const GATEWAY_TYPES = [2, 3, 4, 5];
/** A snowflake, and a token that is safe in a URL path (interaction tokens are base64url-like). */
const ID = /^\d{1,25}$/;
const TOKEN = /^[\w.-]{1,1000}$/;
/** Discord nests options at most as group > subcommand > option. */
const MAX_OPTION_DEPTH = 3;

function optionsProblem(options: unknown, path: string, depth: number): string | undefined {
  if (options === undefined || options === null) return undefined;
  if (!Array.isArray(options)) return `\`${path}\` is not an array`;
  if (depth >= MAX_OPTION_DEPTH) return `\`${path}\` is nested deeper than Discord allows`;
  for (const [k, o] of options.entries()) {
    if (!isObj(o) || typeof o.name !== 'string' || typeof o.type !== 'number') return `\`${path}[${k}]\` is not an option (name and type)`;
    const inner = optionsProblem(o.options, `${path}[${k}].options`, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * What is wrong with an INTERACTION_CREATE payload for discord.js, or undefined when it has what
 * discord.js reads without checking: an id, token and type, `data`, a user (`member.user` or
 * `user`), and options that are lists of options at every level.
 */
export function payloadProblem(d: unknown): string | undefined {
  if (!isObj(d)) return 'the payload is not an object';
  if (typeof d.id !== 'string' || typeof d.token !== 'string') return 'no interaction id or token';
  if (!ID.test(d.id) || !TOKEN.test(d.token)) return 'an id or token that cannot go into a URL';
  if (typeof d.type !== 'number') return '`type` is not a number';
  if (!GATEWAY_TYPES.includes(d.type)) return `interaction type ${d.type} is not one the gateway delivers`;
  if (!isObj(d.data)) return '`data` is missing';
  if (d.member !== undefined && d.member !== null && !isObj(d.member)) return '`member` is not an object';
  const user = d.user ?? (isObj(d.member) ? d.member.user : undefined);
  if (!isObj(user) || typeof user.id !== 'string') return 'no user (neither `member.user` nor `user`)';
  if (d.type === 2 || d.type === 4) {
    if (typeof d.data.name !== 'string') return '`data.name` is not a string';
    const p = optionsProblem(d.data.options, 'data.options', 0);
    if (p) return p;
  }
  if (d.type === 3 && (typeof d.data.custom_id !== 'string' || typeof d.data.component_type !== 'number')) return '`data.custom_id` or `data.component_type` is missing';
  if (d.type === 3 && !isObj(d.message)) return 'a component interaction without its `message`';
  if (d.entitlements !== undefined && !Array.isArray(d.entitlements)) return '`entitlements` is not an array';
  return undefined;
}

/** The id and token to answer with, when they can go into a callback URL. */
export function answerableIds(d: unknown): { id: string; token: string; type: number } | undefined {
  if (!isObj(d)) return undefined;
  const { id, token, type } = d;
  if (typeof id !== 'string' || !ID.test(id)) return undefined;
  if (typeof token !== 'string' || !TOKEN.test(token)) return undefined;
  if (typeof type !== 'number' || !GATEWAY_TYPES.includes(type)) return undefined;
  return { id, token, type };
}

/** The callback body: the reply as a message (callback type 4), or no choices for autocomplete (interaction type 4, callback type 8). */
function callbackBody(interactionType: number, reply: Reply): Obj {
  if (interactionType === 4) return { type: 8, data: { choices: [] } };
  const m = renderMessage(reply);
  return { type: 4, data: { embeds: m.embeds, flags: m.flags ?? 0, allowed_mentions: { parse: [] } } };
}

export interface GuardDeps {
  /** Already redacting. */
  readonly log: LogFn;
  readonly metrics?: Metrics;
}

export interface InteractionGuard {
  /** Our `interactionCreate` listener calls this for each interaction it receives. */
  seen(id: string): void;
  /** Whether the guard is in place (false when discord.js's internals have moved). */
  readonly installed: boolean;
}

type Handle = (data: unknown) => unknown;

/**
 * Installs the guard on `client` (before login). Returns the hook the bot's listener calls, so
 * the guard knows which packets discord.js turned into interactions.
 */
export function guardInteractions(client: Client, deps: GuardDeps): InteractionGuard {
  const action = (client as unknown as { actions?: { InteractionCreate?: { handle?: Handle } } }).actions?.InteractionCreate;
  let lastSeen: string | undefined;
  const hook = (installed: boolean): InteractionGuard => ({ seen: (id) => { lastSeen = id; }, installed });
  if (!action || typeof action.handle !== 'function') {
    deps.log('discord: cannot guard interaction payloads (discord.js internals changed); a malformed payload may end the process');
    return hook(false);
  }
  const original = action.handle.bind(action);

  const answerDirectly = (d: unknown, reply: Reply, errorId: string): void => {
    const ids = answerableIds(d);
    const fields = { reqId: ids?.id ?? (isObj(d) && typeof d.id === 'string' ? d.id.slice(0, 40) : undefined), level: 'warn' };
    if (!ids) {
      deps.log(`discord: dropped an interaction payload that cannot be answered: no usable id, token or type (error id ${errorId})`, undefined, fields);
      return;
    }
    client.rest.post(Routes.interactionCallback(ids.id, ids.token), { body: callbackBody(ids.type, reply), auth: false }).catch((err: unknown) => {
      deps.log(`discord: could not answer a malformed interaction (error id ${errorId})`, err, fields);
    });
  };

  const refuse = (d: unknown, why: string, err?: unknown): void => {
    const errorId = newErrorId();
    const fields = { reqId: isObj(d) && typeof d.id === 'string' ? d.id.slice(0, 40) : undefined, level: 'warn' };
    deps.log(`discord: malformed interaction payload: ${why} (error id ${errorId})`, err, fields);
    deps.metrics?.error('discord', 'malformed');
    answerDirectly(d, failureReply(errorId), errorId);
  };

  action.handle = (d: unknown): unknown => {
    try {
      const problem = payloadProblem(d);
      if (problem) {
        refuse(d, problem);
        return undefined;
      }
      lastSeen = undefined;
      try {
        original(d);
      } catch (err) {
        if (lastSeen === (d as Obj).id) {
          deps.log('discord: discord.js failed after handing over an interaction (error id logged by the handler)', err, { reqId: String((d as Obj).id) });
          return undefined;
        }
        refuse(d, 'discord.js could not read it', err);
        return undefined;
      }
      if (lastSeen !== (d as Obj).id) {
        // discord.js dropped it without a word (an unknown command or component type, a non-text channel).
        const errorId = newErrorId();
        deps.log(`discord: discord.js passed over an interaction (type ${String((d as Obj).type)}); refused (error id ${errorId})`, undefined, { reqId: String((d as Obj).id), level: 'warn' });
        deps.metrics?.error('discord', 'unsupported');
        answerDirectly(d, unsupportedReply(), errorId);
      }
    } catch (err) {
      // The guard itself must never throw into the gateway listener.
      try {
        deps.log(`discord: interaction guard failed (error id ${newErrorId()})`, err);
      } catch {
        // nothing left to do
      }
    }
    return undefined;
  };
  return hook(true);
}
