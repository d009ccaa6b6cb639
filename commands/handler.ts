/**
 * The core every adapter talks to: it binds the process-wide services (preset store, admin ids,
 * logger, Hub) once. An adapter parses what it received into an invocation (`parse`, the one
 * grammar, for text; `fromValues` for typed options; `restore` for a button), runs it with
 * `handle`, and renders `rejected` for input that did not parse.
 */
import type { InputError, Result } from '../src/config';
import type { Reply } from '../src/reply/types';
import type { PresetsAccess } from '../src/store/presets';
import type { HubConfigSource } from '../src/hub/source';
import { problemReply } from './errors';
import { invocationFromValues, parseInvocation, restoreInvocation } from './grammar';
import { dispatch } from './registry';
import type { CommandContext, CommandName, CommandServices, Invocation } from './types';

export interface HandlerOptions {
  /** The open preset store, or why presets are unavailable (the bot still answers estimates). */
  readonly presets?: PresetsAccess;
  /** User ids allowed to manage any preset (ADMIN_USER_IDS), besides platform admins. */
  readonly admins?: readonly string[];
  readonly log: (msg: string, err?: unknown, fields?: Readonly<Record<string, string | number | boolean | undefined>>) => void;
  readonly now?: () => number;
  /** Hub lookups for `model:org/name` outside the catalog (HF_TOKEN/HF_ENDPOINT are applied by the caller). */
  readonly hub?: HubConfigSource;
}

export interface Core {
  /**
   * The text after `/vram`, through the one grammar. `command` reads the text as that command's
   * arguments; `values` are typed values given beside the text (Discord options next to text).
   */
  parse(text: string, context: CommandContext, opts?: { command?: CommandName; values?: Readonly<Record<string, unknown>> }): Result<Invocation>;
  /** Values a platform typed (Discord's options), through the same checks. */
  fromValues(command: CommandName, action: string | undefined, values: Readonly<Record<string, unknown>>, context: CommandContext, moreText?: string): Result<Invocation>;
  /** The invocation a button carried, checked again. */
  restore(data: unknown, context: CommandContext): Result<Invocation>;
  /**
   * Runs an invocation. Never throws. `scope.log` is the request's own log (its lines carry the
   * request id); the commands log through it.
   */
  handle(inv: Invocation, scope?: { readonly log?: CommandServices['log'] }): Promise<Reply>;
  /** The reply for input that did not parse. */
  rejected(errors: readonly InputError[], context: CommandContext): Reply;
}

/** The reply for input errors found while parsing, before any command ran. */
export function rejectedReply(errors: readonly InputError[], context: CommandContext): Reply {
  const side = errors.find((e) => e.side !== undefined)?.side;
  const title = side !== undefined ? `Side ${side} is not valid`
    : errors.some((e) => e.code === 'unknown_command') ? 'Unknown command'
    : errors.some((e) => e.code === 'unknown_action' || e.code === 'unexpected_key') ? 'Preset problem'
      : "I can't estimate that";
  return problemReply(errors, context, title);
}

/**
 * @example
 * const core = createHandler({ presets: { ok: true, store }, admins: ['U123'], log });
 * const p = core.parse('preset list', ctx);
 * const reply = p.ok ? await core.handle(p.value) : core.rejected(p.errors, ctx);
 */
export function createHandler(opts: HandlerOptions): Core {
  const services: CommandServices = {
    ...(opts.presets ? { presets: opts.presets } : {}),
    admins: [...(opts.admins ?? [])],
    log: opts.log,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.hub ? { hub: opts.hub } : {}),
  };
  return {
    parse: (text, context, o) => parseInvocation(text, context, o ?? {}),
    fromValues: (command, action, values, context, moreText) => invocationFromValues(command, action, values, context, moreText),
    restore: (data, context) => restoreInvocation(data, context),
    handle: (inv, scope) => dispatch(inv, scope?.log ? { ...services, log: scope.log } : services),
    rejected: rejectedReply,
  };
}

/** Parse, then handle or reject: what a text adapter does with one line. */
export async function answerText(core: Core, text: string, context: CommandContext): Promise<Reply> {
  const p = core.parse(text, context);
  return p.ok ? core.handle(p.value) : core.rejected(p.errors, context);
}
