/**
 * The cache of Hub lookups: what one fetch of a model's config.json and parameter count gave,
 * keyed by Hub id, and (a negative cache) lookups that failed in a way that asking again soon
 * would not change: a config.json that is not JSON, too large, or too complex. Implementations
 * decide where it lives (memory, SQLite), cap its size (least recently used entries go first)
 * and drop expired entries; `get` and `getFailure` return `undefined` for an expired entry.
 *
 * One id holds one entry: storing a config replaces a remembered failure, and the reverse.
 * Implementations never throw or reject: a cache that fails (disk full, file gone) behaves as
 * an empty one.
 */
import type { HubError } from './errors';

export interface HubCacheEntry {
  /** config.json as parsed JSON (validated later, per model_type, by `archFromConfig`). */
  readonly config: unknown;
  /** Exact parameter count from the Hub's safetensors metadata, when it had one. */
  readonly exactParams?: number;
  /** Where `exactParams` came from (the API's `safetensors.total`, or index bytes / dtype size). */
  readonly paramsSource?: string;
  /** When it was fetched from the Hub, in ms since the epoch. */
  readonly fetchedAt: number;
}

/** A lookup that failed and is remembered for a short while, so that it is not retried on every ask. */
export interface HubCachedFailure {
  readonly error: HubError;
  /** When the failing fetch happened, in ms since the epoch. */
  readonly fetchedAt: number;
}

export interface HubCache {
  /** The entry for a Hub id, or `undefined` when there is none or it has expired. A hit counts as a use (LRU). */
  get(id: string): Promise<HubCacheEntry | undefined>;
  /**
   * Stores an entry; it expires `ttlMs` after its `fetchedAt` (default: the cache's own
   * lifetime, 24 h). An entry larger than the whole cache is not stored.
   */
  set(id: string, entry: HubCacheEntry, ttlMs?: number): Promise<void>;
  /** The remembered failure for a Hub id, or `undefined`. */
  getFailure(id: string): Promise<HubCachedFailure | undefined>;
  /** Remembers a failure for `ttlMs` after its `fetchedAt`. */
  setFailure(id: string, failure: HubCachedFailure, ttlMs: number): Promise<void>;
}
