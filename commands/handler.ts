/**
 * The handler factory: binds the process-wide services (preset store, admin ids, logger) to the
 * registry once, and returns the `handle(text, ctx)` that every adapter calls. Adapters only
 * fill in the {@link CommandContext} (who, where, `isAdmin` from the platform).
 */
import type { Reply } from '../src/reply/types';
import type { PresetsAccess } from '../src/store/presets';
import type { HubConfigSource } from '../src/hub/source';
import { safeDispatch } from './registry';
import type { CommandContext, CommandServices } from './types';

export interface HandlerOptions {
  /** The open preset store, or why presets are unavailable (the bot still answers estimates). */
  readonly presets?: PresetsAccess;
  /** User ids allowed to manage any preset (ADMIN_USER_IDS), besides platform admins. */
  readonly admins?: readonly string[];
  readonly log: (msg: string, err?: unknown) => void;
  readonly now?: () => number;
  /** Hub lookups for `model:org/name` outside the catalog (HF_TOKEN/HF_ENDPOINT are applied by the caller). */
  readonly hub?: HubConfigSource;
}

export type Handle = (text: string, ctx: CommandContext) => Promise<Reply>;

/**
 * @example
 * const handle = createHandler({ presets: { ok: true, store }, admins: ['U123'], log });
 * await handle('preset list', { platform: 'console', teamId: 'local', channelId: 'c', userId: 'u' });
 */
export function createHandler(opts: HandlerOptions): Handle {
  const services: CommandServices = {
    ...(opts.presets ? { presets: opts.presets } : {}),
    admins: [...(opts.admins ?? [])],
    log: opts.log,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.hub ? { hub: opts.hub } : {}),
  };
  return (text, ctx) => safeDispatch(text, ctx, opts.log, services);
}
