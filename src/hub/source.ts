import type { HubCacheEntry } from './cache';
import type { HubResult } from './errors';

/** One model's config.json from the Hub, with where and when it came from. */
export interface HubConfigRecord extends HubCacheEntry {
  /** The Hub id, as validated. */
  readonly id: string;
  /** URL of the config.json that was read. */
  readonly source: string;
  /** True when served from the cache without contacting the Hub. */
  readonly fromCache: boolean;
}

/**
 * Anything that can give the config.json of a Hub model: the HTTP client in
 * `adapters/hub/fetch.ts`, or a stub in tests. Errors are values (`gated`, `not_found`, ...).
 */
export interface HubConfigSource {
  getConfig(id: string): Promise<HubResult<HubConfigRecord>>;
}
