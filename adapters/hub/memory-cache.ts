import type { HubCache, HubCacheEntry } from '../../src/hub/cache';

/** How long a Hub lookup stays fresh by default: configs rarely change, and the Hub rate-limits. */
export const DEFAULT_HUB_TTL_MS = 24 * 60 * 60 * 1000;

export interface MemoryHubCacheOptions {
  /** Entry lifetime, counted from `fetchedAt`; default 24 h. */
  readonly ttlMs?: number;
  /** Most entries kept; the least recently stored goes first. Default 1,000. */
  readonly maxEntries?: number;
  /** Clock in ms since the epoch; tests inject one. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * An in-process {@link HubCache} with expiry: an entry older than `ttlMs` (by its `fetchedAt`)
 * is dropped on read. Bounded, so a stream of distinct ids cannot grow it without limit.
 *
 * @example const cache = createMemoryHubCache({ ttlMs: 60_000, now: () => clock });
 */
export function createMemoryHubCache(opts: MemoryHubCacheOptions = {}): HubCache {
  const ttlMs = opts.ttlMs ?? DEFAULT_HUB_TTL_MS;
  const maxEntries = opts.maxEntries ?? 1000;
  const now = opts.now ?? Date.now;
  const entries = new Map<string, HubCacheEntry>();
  return {
    get(id) {
      const e = entries.get(id);
      if (e && now() - e.fetchedAt >= ttlMs) entries.delete(id);
      return Promise.resolve(entries.get(id));
    },
    set(id, entry) {
      entries.delete(id);
      entries.set(id, entry);
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
      return Promise.resolve();
    },
  };
}
