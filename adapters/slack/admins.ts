/**
 * Workspace admins, for preset permissions: `ctx.isAdmin` comes from Slack's `users.info`
 * (`is_admin`, `is_owner` or `is_primary_owner`). Looked up only for the preset actions that
 * need it, after the ack, cached per user for 10 minutes in a bounded map. A failed or slow
 * lookup is logged and counts as "not an admin" (the author and ADMIN_USER_IDS still may).
 */
import { mayNeedAdmin } from '../../commands/registry';
import type { Invocation } from '../../commands/types';
import type { LogFn } from './logger';

/** The `users.info` fields that make someone a workspace admin. */
export interface UserFlags {
  readonly is_admin?: boolean;
  readonly is_owner?: boolean;
  readonly is_primary_owner?: boolean;
}

/** `users.info` for one user (the adapter passes Bolt's client). */
export type UsersInfo = (userId: string) => Promise<{ readonly user?: UserFlags }>;

export interface AdminCache {
  /**
   * Whether `userId` administers `teamId`. Never throws; failures log and answer false, to `log`
   * when given (the request's own log, carrying its `reqId`), else to the cache's.
   */
  isAdmin(teamId: string, userId: string, usersInfo: UsersInfo, log?: LogFn): Promise<boolean>;
  /** Users currently cached (tests). */
  readonly size: number;
}

export interface AdminCacheOptions {
  readonly log: LogFn;
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  readonly timeoutMs?: number;
  /** Clock in ms (default `Date.now`). */
  readonly now?: () => number;
}

export const ADMIN_CACHE_DEFAULTS = { ttlMs: 10 * 60_000, maxEntries: 10_000, timeoutMs: 5000 } as const;

/**
 * Whether an invocation is a preset action that may need `ctx.isAdmin`: save (over an existing
 * preset), delete, rename, pin, unpin. Read off the command declaration (`mutates`), not the text.
 *
 * @example needsAdminCheck(core.parse('preset delete name:x', ctx).value) // true
 * @example needsAdminCheck(core.parse('preset:x batch:8', ctx).value) // false (using a preset)
 */
export function needsAdminCheck(inv: Pick<Invocation, 'command' | 'action'> & { readonly args?: Invocation['args'] }): boolean {
  return mayNeedAdmin(inv);
}

const isAdminUser = (u: UserFlags): boolean => u.is_admin === true || u.is_owner === true || u.is_primary_owner === true;

/**
 * @example
 * const admins = createAdminCache({ log });
 * await admins.isAdmin('T1', 'U1', (user) => client.users.info({ user }));
 */
export function createAdminCache(opts: AdminCacheOptions): AdminCache {
  const ttlMs = opts.ttlMs ?? ADMIN_CACHE_DEFAULTS.ttlMs;
  const maxEntries = Math.max(1, opts.maxEntries ?? ADMIN_CACHE_DEFAULTS.maxEntries);
  const timeoutMs = opts.timeoutMs ?? ADMIN_CACHE_DEFAULTS.timeoutMs;
  const now = opts.now ?? Date.now;
  /** key -> answer and expiry; Map order is insertion order, so the first entry is the oldest. */
  const entries = new Map<string, { readonly admin: boolean; readonly until: number }>();
  /** Lookups in flight, so concurrent commands by one user share one `users.info` call. */
  const pending = new Map<string, Promise<boolean>>();

  const remember = (key: string, admin: boolean): void => {
    entries.delete(key);
    if (entries.size >= maxEntries) {
      const t = now();
      for (const [k, e] of entries) if (e.until <= t) entries.delete(k);
    }
    while (entries.size >= maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      entries.delete(oldest.value);
    }
    entries.set(key, { admin, until: now() + ttlMs });
  };

  const lookup = async (key: string, teamId: string, userId: string, usersInfo: UsersInfo, log: LogFn): Promise<boolean> => {
    try {
      const res = await usersInfo(userId);
      if (!res.user) throw new Error('users.info answered without a user');
      const admin = isAdminUser(res.user);
      remember(key, admin);
      return admin;
    } catch (err) {
      // Not cached: the next protected command asks again.
      log(`slack: users.info failed for user ${userId} (team ${teamId}); treating them as not a workspace admin`, err);
      return false;
    }
  };

  return {
    get size() {
      return entries.size;
    },
    async isAdmin(teamId, userId, usersInfo, log = opts.log) {
      const key = `${teamId}:${userId}`;
      const hit = entries.get(key);
      if (hit && hit.until > now()) return hit.admin;
      let p = pending.get(key);
      if (!p) {
        p = lookup(key, teamId, userId, usersInfo, log).finally(() => pending.delete(key));
        pending.set(key, p);
      }
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), timeoutMs); });
      try {
        const r = await Promise.race([p, late]);
        if (r !== 'late') return r;
        // The lookup goes on and fills the cache for next time.
        log(`slack: users.info took over ${timeoutMs} ms for user ${userId} (team ${teamId}); treating them as not a workspace admin this time`);
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
