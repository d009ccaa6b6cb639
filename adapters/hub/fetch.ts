import type { HubCache } from '../../src/hub/cache';
import { isJsonObject } from '../../src/hub/config';
import { hubFail, hubOk, type HubResult } from '../../src/hub/errors';
import { validateHubId } from '../../src/hub/id';
import { paramsFromApi, paramsFromIndex, type ExactParams } from '../../src/hub/safetensors';
import type { HubConfigRecord, HubConfigSource } from '../../src/hub/source';
import { getText, HubClientError, type HttpLimits } from './http';
import { createMemoryHubCache } from './memory-cache';

export interface HubClientOptions {
  /** The Hub's origin; default `https://huggingface.co` (a mirror such as `HF_ENDPOINT` works too). */
  readonly endpoint?: string;
  /** Sent as `Authorization: Bearer <token>` when set; read gated repos you have access to. Never logged. */
  readonly token?: string;
  /** Deadline of each request, headers and body together; default 5,000 ms. */
  readonly timeoutMs?: number;
  /** Largest body read, enforced while streaming; default 1,000,000 bytes. */
  readonly maxBytes?: number;
  readonly fetchImpl?: typeof fetch;
  /** Default: an in-memory cache with a 24 h expiry. */
  readonly cache?: HubCache;
  /** Clock for `fetchedAt`, in ms since the epoch; default `Date.now`. */
  readonly now?: () => number;
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
 * of one id share one fetch.
 *
 * Errors are values: `bad_hub_id`, `gated` (401/403), `not_found` (404), `timeout`,
 * `too_large`, `bad_json`, `upstream` (anything else). Failures of the two count requests are
 * not errors: the count is then computed from config.json.
 *
 * @example const hub = createHubClient({ token: env.HF_TOKEN, endpoint: env.HF_ENDPOINT });
 * const r = await hub.getConfig('Qwen/Qwen2.5-7B-Instruct');
 */
export function createHubClient(opts: HubClientOptions = {}): HubClient {
  const origin = originOf(opts.endpoint ?? 'https://huggingface.co');
  const now = opts.now ?? Date.now;
  const cache = opts.cache ?? createMemoryHubCache({ now });
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

  async function getJson(url: URL, id: string, what: string): Promise<HubResult<unknown>> {
    const got = await getText(url, id, what, limits);
    if (!got.ok) return got;
    try {
      return hubOk(JSON.parse(got.value) as unknown);
    } catch {
      return hubFail({ code: 'bad_json', id, detail: `The ${what} could not be parsed as JSON.` });
    }
  }

  async function exactParams(id: string, config: unknown): Promise<ExactParams | undefined> {
    const api = at(`api/models/${id}`);
    api.searchParams.set('expand', 'safetensors');
    const info = await getJson(api, id, 'model info');
    const fromApi = info.ok ? paramsFromApi(info.value) : undefined;
    if (fromApi) return fromApi;
    const index = await getJson(at(`${id}/resolve/main/model.safetensors.index.json`), id, 'model.safetensors.index.json');
    return index.ok ? paramsFromIndex(index.value, config) : undefined;
  }

  async function fetchConfig(id: string): Promise<HubResult<HubConfigRecord>> {
    const url = at(`${id}/resolve/main/config.json`);
    const cached = await cache.get(id);
    if (cached) return hubOk({ ...cached, id, source: url.href, fromCache: true });
    const got = await getJson(url, id, 'config.json');
    if (!got.ok) return got;
    const config = got.value;
    if (!isJsonObject(config)) return hubFail({ code: 'bad_json', id, detail: 'The config.json is not a JSON object.' });
    const exact = await exactParams(id, config);
    const entry = { config, fetchedAt: now(), ...(exact ? { exactParams: exact.count, paramsSource: exact.source } : {}) };
    await cache.set(id, entry);
    return hubOk({ ...entry, id, source: url.href, fromCache: false });
  }

  return {
    getConfig(text) {
      const checked = validateHubId(text);
      if (!checked.ok) return Promise.resolve(checked);
      const id = checked.value;
      const running = inflight.get(id);
      if (running) return running;
      const p = fetchConfig(id).finally(() => inflight.delete(id));
      inflight.set(id, p);
      return p;
    },
  };
}
