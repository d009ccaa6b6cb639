import type { HubCache, HubCacheEntry, HubCachedFailure } from '../../src/hub/cache';
import { isJsonObject } from '../../src/hub/config';
import { hubFail, hubOk, type HubError, type HubErrorCode, type HubResult } from '../../src/hub/errors';
import { validateHubId } from '../../src/hub/id';
import { parseHubJson } from '../../src/hub/json';
import { paramsFromApi, paramsFromIndex, type ExactParams } from '../../src/hub/safetensors';
import type { HubConfigRecord, HubConfigSource } from '../../src/hub/source';
import { deadlineIn, getText, HubClientError, type HttpLimits, type LookupDeadline } from './http';
import { createMemoryHubCache, DEFAULT_HUB_FAILURE_TTL_MS } from './memory-cache';

export interface HubClientOptions {
  /** The Hub's origin; default `https://huggingface.co` (a mirror such as `HF_ENDPOINT` works too). */
  readonly endpoint?: string;
  /** Sent as `Authorization: Bearer <token>` when set; read gated repos you have access to. Never logged. */
  readonly token?: string;
  /** Deadline of each request, headers and body together; default 5,000 ms. */
  readonly timeoutMs?: number;
  /**
   * Deadline of one whole lookup, over all its requests (config.json, then the parameter count);
   * each request gets at most what is left of it. Default 8,000 ms.
   */
  readonly deadlineMs?: number;
  /** Largest body read, enforced while streaming; default 1,000,000 bytes. */
  readonly maxBytes?: number;
  readonly fetchImpl?: typeof fetch;
  /** Default: an in-memory cache with a 24 h expiry and a 64 MiB cap (least recently used first out). */
  readonly cache?: HubCache;
  /** Clock for `fetchedAt`, in ms since the epoch; default `Date.now`. */
  readonly now?: () => number;
  /**
   * How long a config.json that asking again would not fix (not JSON, over the size cap, too
   * complex) is remembered, and how long a config whose exact parameter count the Hub did not
   * give (timed out, failed) is kept before it is asked again; default 10 minutes.
   */
  readonly failureTtlMs?: number;
}

/** Failures that come from the file itself: remembered for `failureTtlMs` instead of refetched on every ask. */
const REMEMBERED: ReadonlySet<HubErrorCode> = new Set(['bad_json', 'too_large', 'too_complex']);
/** Failures of a count request that may go away on the next try. */
const TRANSIENT: ReadonlySet<HubErrorCode> = new Set(['timeout', 'upstream']);

/** The exact count, if any, and whether asking again might give one (a count request timed out or failed). */
interface CountOutcome {
  readonly exact?: ExactParams;
  readonly retry: boolean;
}

export type HubClient = HubConfigSource;

/** The endpoint as a bare origin; throws {@link HubClientError} for anything else (fail fast at start-up). */
function originOf(endpoint: string): string {
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch (cause) {
    throw new HubClientError('bad_endpoint', `Hub endpoint \`${endpoint}\` is not a URL`, { cause });
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password || u.search || u.hash || (u.pathname !== '/' && u.pathname !== '')) {
    throw new HubClientError('bad_endpoint', `Hub endpoint \`${u.origin}\` must be a bare http(s) origin such as https://huggingface.co (no path, query or credentials)`);
  }
  return u.origin;
}

/**
 * The Hugging Face Hub client: `getConfig(id)` validates the id (no request for a bad one), then
 * serves it from the cache or GETs `<endpoint>/<id>/resolve/main/config.json`, and for the exact
 * parameter count `<endpoint>/api/models/<id>?expand=safetensors` (`safetensors.total`), falling
 * back to `<endpoint>/<id>/resolve/main/model.safetensors.index.json` (`metadata.total_size`
 * bytes over the dtype's size). Only the endpoint's origin is ever contacted. Concurrent lookups
 * of one id share one fetch. A lookup takes at most `deadlineMs` in all (each request at most
 * `timeoutMs`); every JSON body passes the depth and size guard of `src/hub/json.ts` before it
 * is parsed.
 *
 * Errors are values, and `getConfig` never rejects: `bad_hub_id`, `gated` (401/403),
 * `not_found` (404), `timeout`, `too_large`, `bad_json`, `too_complex`, `upstream` (anything
 * else). `bad_json`, `too_large` and `too_complex` are remembered in the cache for
 * `failureTtlMs`, so that such a repo is not fetched again on every ask. Failures of the two
 * count requests are not errors: the count is then computed from config.json (and the entry is
 * kept only `failureTtlMs` when the Hub might give the count on the next try).
 *
 * @example const hub = createHubClient({ token: env.HF_TOKEN, endpoint: env.HF_ENDPOINT });
 * const r = await hub.getConfig('Qwen/Qwen2.5-7B-Instruct');
 */
export function createHubClient(opts: HubClientOptions = {}): HubClient {
  const origin = originOf(opts.endpoint ?? 'https://huggingface.co');
  const now = opts.now ?? Date.now;
  const cache = opts.cache ?? createMemoryHubCache({ now });
  const failureTtlMs = opts.failureTtlMs ?? DEFAULT_HUB_FAILURE_TTL_MS;
  const deadlineMs = opts.deadlineMs ?? 8000;
  const limits: HttpLimits = {
    origin,
    headers: { accept: 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
    timeoutMs: opts.timeoutMs ?? 5000,
    maxBytes: opts.maxBytes ?? 1_000_000,
    fetchImpl: opts.fetchImpl ?? globalThis.fetch,
  };
  const inflight = new Map<string, Promise<HubResult<HubConfigRecord>>>();

  /** `<origin>/<path>`, checked to be on the origin (ids are validated, so it always is). */
  const at = (path: string): URL => {
    const u = new URL(path, `${origin}/`);
    if (u.origin !== origin) throw new HubClientError('off_host', `refusing to build a URL outside ${origin}`);
    return u;
  };

  /** The cache, as one that never rejects (a cache that fails is an empty one). */
  const cached = {
    get: (id: string): Promise<HubCacheEntry | undefined> => cache.get(id).catch(() => undefined),
    getFailure: (id: string): Promise<HubCachedFailure | undefined> => cache.getFailure(id).catch(() => undefined),
    set: (id: string, entry: HubCacheEntry, ttlMs?: number): Promise<void> => cache.set(id, entry, ttlMs).catch(() => undefined),
    setFailure: (id: string, failure: HubCachedFailure): Promise<void> => cache.setFailure(id, failure, failureTtlMs).catch(() => undefined),
  };

  async function getJson(url: URL, id: string, what: string, deadline: LookupDeadline): Promise<HubResult<unknown>> {
    const got = await getText(url, id, what, limits, deadline);
    return got.ok ? parseHubJson(got.value, id, what) : got;
  }

  async function exactParams(id: string, config: unknown, deadline: LookupDeadline): Promise<CountOutcome> {
    const api = at(`api/models/${id}`);
    api.searchParams.set('expand', 'safetensors');
    const info = await getJson(api, id, 'model info', deadline);
    const fromApi = info.ok ? paramsFromApi(info.value) : undefined;
    if (fromApi) return { exact: fromApi, retry: false };
    const index = await getJson(at(`${id}/resolve/main/model.safetensors.index.json`), id, 'model.safetensors.index.json', deadline);
    const fromIndex = index.ok ? paramsFromIndex(index.value, config) : undefined;
    if (fromIndex) return { exact: fromIndex, retry: false };
    const transient = (r: HubResult<unknown>): boolean => !r.ok && r.errors.some((e) => TRANSIENT.has(e.code));
    return { retry: transient(info) || transient(index) };
  }

  /** Returns `error`, remembering it when it is one that asking again soon would not change. */
  async function failed(id: string, error: HubError): Promise<HubResult<HubConfigRecord>> {
    if (REMEMBERED.has(error.code)) await cached.setFailure(id, { error, fetchedAt: now() });
    return hubFail(error);
  }

  async function fetchConfig(id: string): Promise<HubResult<HubConfigRecord>> {
    const deadline = deadlineIn(deadlineMs);
    const url = at(`${id}/resolve/main/config.json`);
    const hit = await cached.get(id);
    if (hit) return hubOk({ ...hit, id, source: url.href, fromCache: true });
    const remembered = await cached.getFailure(id);
    if (remembered) return hubFail(remembered.error);
    const got = await getJson(url, id, 'config.json', deadline);
    if (!got.ok) return got.errors[0] ? failed(id, got.errors[0]) : got;
    const config = got.value;
    if (!isJsonObject(config)) return failed(id, { code: 'bad_json', id, detail: 'The config.json is not a JSON object.' });
    const count = await exactParams(id, config, deadline);
    const exact = count.exact;
    const entry = { config, fetchedAt: now(), ...(exact ? { exactParams: exact.count, paramsSource: exact.source } : {}) };
    await cached.set(id, entry, count.retry ? failureTtlMs : undefined);
    return hubOk({ ...entry, id, source: url.href, fromCache: false });
  }

  return {
    getConfig(text) {
      const checked = validateHubId(text);
      if (!checked.ok) return Promise.resolve(checked);
      const id = checked.value;
      const running = inflight.get(id);
      if (running) return running;
      const p = fetchConfig(id)
        // A bug must not reach the user as an exception: it is an `upstream` value without its text.
        .catch((): HubResult<HubConfigRecord> => hubFail({ code: 'upstream', id, detail: 'The lookup failed unexpectedly.' }))
        .finally(() => inflight.delete(id));
      inflight.set(id, p);
      return p;
    },
  };
}
