import type { HubCache, HubCacheEntry, HubCachedFailure } from '../../src/hub/cache';

/** How long a Hub lookup stays fresh by default: configs rarely change, and the Hub rate-limits. */
export const DEFAULT_HUB_TTL_MS = 24 * 60 * 60 * 1000;
/** How long a failure that asking again would not fix (a config.json too complex or not JSON) is remembered. */
export const DEFAULT_HUB_FAILURE_TTL_MS = 10 * 60 * 1000;
/** Default size cap of a Hub cache, in payload bytes (the stored JSON and the id). */
export const DEFAULT_HUB_CACHE_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The stored form of a cache value (JSON) and the bytes it counts for against the cap: the UTF-8
 * size of the id and of that JSON. `undefined` for a value JSON cannot write (never one from
 * the Hub client, whose values pass the JSON guard first).
 */
export function payloadOf(id: string, value: unknown): { readonly text: string; readonly bytes: number } | undefined {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return undefined;
  }
  if (typeof text !== 'string') return undefined;
  return { text, bytes: Buffer.byteLength(id, 'utf8') + Buffer.byteLength(text, 'utf8') };
}

export interface MemoryHubCacheOptions {
  /** Entry lifetime, counted from `fetchedAt`; default 24 h. */
  readonly ttlMs?: number;
  /** Most entries kept; the least recently used goes first. Default 1,000. */
  readonly maxEntries?: number;
  /** Most payload bytes kept (see {@link payloadOf}); the least recently used go first. Default 64 MiB. */
  readonly maxBytes?: number;
  /** Clock in ms since the epoch; tests inject one. Default `Date.now`. */
  readonly now?: () => number;
}

export interface MemoryHubCache extends HubCache {
  /** Drops every expired entry now; returns how many. (Every `set` also does.) */
  sweep(): number;
  /** Entries held and their payload bytes. */
  stats(): { readonly entries: number; readonly bytes: number };
}

type Slot =
  | { readonly kind: 'config'; readonly entry: HubCacheEntry; readonly expiresAt: number; readonly bytes: number }
  | { readonly kind: 'failure'; readonly failure: HubCachedFailure; readonly expiresAt: number; readonly bytes: number };

/**
 * An in-process {@link HubCache} with expiry and a size cap: an entry older than its lifetime
 * (by its `fetchedAt`) is dropped on read and on every write; past `maxEntries` or `maxBytes`
 * the least recently used entries (stored or read) go first. So a stream of distinct ids cannot
 * grow it without limit. The same semantics as the SQLite cache.
 *
 * @example const cache = createMemoryHubCache({ ttlMs: 60_000, now: () => clock });
 */
export function createMemoryHubCache(opts: MemoryHubCacheOptions = {}): MemoryHubCache {
  const ttlMs = opts.ttlMs ?? DEFAULT_HUB_TTL_MS;
  const maxEntries = opts.maxEntries ?? 1000;
  const maxBytes = opts.maxBytes ?? DEFAULT_HUB_CACHE_MAX_BYTES;
  const now = opts.now ?? Date.now;
  /** In least recently used first order (a Map keeps insertion order; a use re-inserts). */
  const slots = new Map<string, Slot>();
  let bytes = 0;

  const drop = (id: string): void => {
    const s = slots.get(id);
    if (s === undefined) return;
    slots.delete(id);
    bytes -= s.bytes;
  };
  /** The live slot for `id`, marked as just used; expired ones are dropped. */
  const use = (id: string): Slot | undefined => {
    const s = slots.get(id);
    if (s === undefined) return undefined;
    slots.delete(id);
    if (now() >= s.expiresAt) {
      bytes -= s.bytes;
      return undefined;
    }
    slots.set(id, s);
    return s;
  };
  const sweep = (): number => {
    const t = now();
    let n = 0;
    for (const [id, s] of slots) {
      if (t >= s.expiresAt) {
        drop(id);
        n++;
      }
    }
    return n;
  };
  const store = (id: string, value: unknown, make: (bytes: number) => Slot): void => {
    drop(id);
    const p = payloadOf(id, value);
    if (p === undefined || p.bytes > maxBytes) return;
    sweep();
    const slot = make(p.bytes);
    if (now() >= slot.expiresAt) return;
    slots.set(id, slot);
    bytes += slot.bytes;
    for (const oldest of slots.keys()) {
      if (slots.size <= maxEntries && bytes <= maxBytes) break;
      drop(oldest);
    }
  };

  return {
    get(id) {
      const s = use(id);
      return Promise.resolve(s?.kind === 'config' ? s.entry : undefined);
    },
    set(id, entry, ttl = ttlMs) {
      store(id, entry, (b) => ({ kind: 'config', entry, expiresAt: entry.fetchedAt + ttl, bytes: b }));
      return Promise.resolve();
    },
    getFailure(id) {
      const s = use(id);
      return Promise.resolve(s?.kind === 'failure' ? s.failure : undefined);
    },
    setFailure(id, failure, ttl) {
      store(id, failure, (b) => ({ kind: 'failure', failure, expiresAt: failure.fetchedAt + ttl, bytes: b }));
      return Promise.resolve();
    },
    sweep,
    stats: () => ({ entries: slots.size, bytes }),
  };
}
