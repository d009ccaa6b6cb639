/**
 * The cache of Hub lookups: what one fetch of a model's config.json and parameter count gave,
 * keyed by Hub id. Implementations decide where it lives (memory, SQLite) and when an entry
 * expires; `get` returns `undefined` for an expired entry.
 */

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

export interface HubCache {
  /** The entry for a Hub id, or `undefined` when there is none or it has expired. */
  get(id: string): Promise<HubCacheEntry | undefined>;
  set(id: string, entry: HubCacheEntry): Promise<void>;
}
