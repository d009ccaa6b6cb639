import { createHubClient, type HubClientOptions } from '../../adapters/hub/fetch';
import { HubClientError } from '../../adapters/hub/http';
import { createMemoryHubCache } from '../../adapters/hub/memory-cache';
import { archFromConfig } from '../../src/hub/config';
import { describeHubError, type HubError, type HubResult } from '../../src/hub/errors';
import type { HubConfigRecord } from '../../src/hub/source';
import { countParams } from '../../src/model/params';
import { json, slow, startFakeHub, status, stream, type FakeHub, type Handler } from './fake-hub';
import { deepConfigText, MAMBA, PHI2, referenceConfig, type Json } from './fixtures';

const TOKEN = 'hf_test_secret_token';
const cfg = (id: string): string => `/${id}/resolve/main/config.json`;
const api = (id: string): string => `/api/models/${id}`;
const index = (id: string): string => `/${id}/resolve/main/model.safetensors.index.json`;
const apiTotal = (parameters: Record<string, number>): Handler => json({ id: 'x', safetensors: { parameters, total: Object.values(parameters).reduce((a, b) => a + b, 0) } });

const LLAMA = referenceConfig('meta-llama/Llama-3.1-8B');

const ROUTES: Record<string, Handler> = {
  [cfg('meta-llama/Llama-3.1-8B')]: json(LLAMA),
  [api('meta-llama/Llama-3.1-8B')]: apiTotal({ BF16: 8_030_261_248 }),
  [cfg('Qwen/Qwen2.5-0.5B')]: json(referenceConfig('Qwen/Qwen2.5-0.5B')),
  [index('Qwen/Qwen2.5-0.5B')]: json({ metadata: { total_size: 988_065_536 }, weight_map: {} }),
  [cfg('mistralai/Mixtral-8x7B-v0.1')]: json(referenceConfig('mistralai/Mixtral-8x7B-v0.1')),
  [api('mistralai/Mixtral-8x7B-v0.1')]: apiTotal({ BF16: 46_702_792_704 }),
  [cfg('google/gemma-2-9b')]: json(referenceConfig('google/gemma-2-9b')),
  [api('google/gemma-2-9b')]: apiTotal({ F32: 9_241_705_984 }),
  [cfg('microsoft/phi-2')]: json(PHI2),
  [api('microsoft/phi-2')]: apiTotal({ F16: 2_779_683_840 }),
  [cfg('tiiuae/falcon-7b')]: json(referenceConfig('tiiuae/falcon-7b')),
  [api('tiiuae/falcon-7b')]: apiTotal({ BF16: 7_217_189_760 }),
  [cfg('EleutherAI/pythia-1b')]: json(referenceConfig('EleutherAI/pythia-1b')),
  [api('EleutherAI/pythia-1b')]: apiTotal({ F16: 1_011_781_632 }),
  [cfg('deepseek-ai/DeepSeek-V3')]: json({ ...referenceConfig('deepseek-ai/DeepSeek-V3'), quantization_config: { quant_method: 'fp8', fmt: 'e4m3' } }),
  [api('deepseek-ai/DeepSeek-V3')]: apiTotal({ BF16: 3_918_786_560, F8_E4M3: 680_571_043_840, F32: 41_555_600 }),
  [cfg('meta-llama/Llama-Gated')]: (req, res) => (req.headers.authorization === `Bearer ${TOKEN}` ? json(LLAMA) : status(401, { 'x-error-code': 'GatedRepo' }))(req, res),
  [cfg('org/private')]: status(401, { 'x-error-code': 'RepoNotFound' }),
  [cfg('org/gguf-only')]: status(404, { 'x-error-code': 'EntryNotFound' }),
  [cfg('org/slow')]: slow(3000, json(LLAMA)),
  [cfg('org/huge')]: stream(5_000_000, 65_536, 5),
  [cfg('org/declared-huge')]: (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '10000000' });
    res.write('{');
  },
  [cfg('state-spaces/mamba-2.8b-hf')]: json(MAMBA),
  [cfg('org/broken-json')]: json('{"model_type": "llama", "hidden_size": '),
  [cfg('org/array-json')]: json('[1, 2]'),
  [cfg('org/old-name')]: status(307, { location: cfg('org/new-name') }),
  [cfg('org/new-name')]: json(LLAMA),
  [cfg('org/off-host')]: status(302, { location: 'http://evil.invalid/config.json' }),
  [cfg('org/server-error')]: status(500),
  [cfg('org/rate-limited')]: status(429),
  [cfg('org/expiring')]: json(LLAMA),
  [cfg('org/concurrent')]: slow(100, json(LLAMA)),
  [cfg('org/packed')]: json({ ...LLAMA, torch_dtype: 'bfloat16' }),
  [api('org/packed')]: apiTotal({ I32: 1_000_000_000, F16: 500_000_000 }),
  [index('org/packed')]: json({ metadata: { total_size: 16_060_522_496 } }),
  [cfg('org/deep')]: json(deepConfigText(150_000)),
  [cfg('org/broken-remembered')]: json('{"model_type": "llama", "hidden_size": '),
  // Every request answered just under the 1,000 ms per-request timeout of the deadline tests;
  // the model API has no safetensors count, so the index is needed too: 3 requests, 2.7 s.
  [cfg('org/slow-all')]: slow(900, json(LLAMA)),
  [api('org/slow-all')]: slow(900, json({ id: 'org/slow-all' })),
  [index('org/slow-all')]: slow(900, json({ metadata: { total_size: 16_060_522_496 } })),
  [cfg('org/slow-config')]: slow(900, json(LLAMA)),
};

let hub: FakeHub;
/** Every URL a client asked its fetch for, across the suite. */
const fetched: string[] = [];
const recordingFetch: typeof fetch = (input, init) => {
  fetched.push(String(input));
  return fetch(input, init);
};

beforeAll(async () => {
  hub = await startFakeHub(ROUTES);
});
afterAll(() => hub.close());

const client = (opts: Partial<HubClientOptions> = {}) => createHubClient({ endpoint: hub.origin, fetchImpl: recordingFetch, ...opts });

function value(r: HubResult<HubConfigRecord>): HubConfigRecord {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors)}`);
  return r.value;
}
function error<T>(r: HubResult<T>): HubError {
  if (r.ok || !r.errors[0]) throw new Error('expected an error');
  return r.errors[0];
}

/** Runs `f` and returns how many requests the fake Hub saw meanwhile. */
async function requestsDuring(f: () => Promise<unknown>): Promise<number> {
  const before = hub.seen.length;
  await f();
  return hub.seen.length - before;
}

describe('createHubClient: configs of several architectures', () => {
  test.each([
    ['meta-llama/Llama-3.1-8B', 'llama', 8_030_261_248],
    ['mistralai/Mixtral-8x7B-v0.1', 'mixtral', 46_702_792_704],
    ['google/gemma-2-9b', 'gemma2', 9_241_705_984],
    ['microsoft/phi-2', 'phi', 2_779_683_840],
    ['tiiuae/falcon-7b', 'falcon', 6_921_720_704],
    ['EleutherAI/pythia-1b', 'gpt_neox', 1_011_781_632],
    ['deepseek-ai/DeepSeek-V3', 'deepseek_v3', 671_026_419_200],
    ['Qwen/Qwen2.5-0.5B', 'qwen2', 494_032_768],
  ])('GIVEN %s on the Hub THEN its %s config.json maps to %d parameters', async (id, modelType, params) => {
    const rec = value(await client().getConfig(id));
    expect(rec).toMatchObject({ id, fromCache: false, source: `${hub.origin}${cfg(id)}` });
    const arch = archFromConfig(rec.id, rec.config);
    if (!arch.ok) throw new Error(JSON.stringify(arch.errors));
    expect(arch.value.family).toBe(modelType);
    expect(countParams(arch.value).total).toBe(params);
  });

  test('GIVEN the model API has safetensors.total THEN it is the exact count, and the API is asked with expand=safetensors', async () => {
    const rec = value(await client().getConfig('meta-llama/Llama-3.1-8B'));
    expect(rec).toMatchObject({ exactParams: 8_030_261_248, paramsSource: 'Hub safetensors metadata (API safetensors.total)' });
    expect(hub.seen.some((s) => s.url === '/api/models/meta-llama/Llama-3.1-8B?expand=safetensors')).toBe(true);
  });

  test('GIVEN no model API count THEN the index total_size (bytes) over the bfloat16 size gives it, and the source says so', async () => {
    const rec = value(await client().getConfig('Qwen/Qwen2.5-0.5B'));
    expect(rec.exactParams).toBe(494_032_768);
    expect(rec.paramsSource).toMatch(/total_size 988,065,536 bytes \/ 2 bytes per bfloat16 parameter/);
  });

  test('GIVEN packed int32 tensors in the API count THEN the index is used instead', async () => {
    expect(value(await client().getConfig('org/packed')).exactParams).toBe(8_030_261_248);
  });

  test('GIVEN an FP8-quantized checkpoint THEN the record keeps the Hub count but the arch uses the computed one', async () => {
    const rec = value(await client().getConfig('deepseek-ai/DeepSeek-V3'));
    const arch = archFromConfig(rec.id, rec.config, { exactParams: rec.exactParams, paramsSource: rec.paramsSource });
    if (!arch.ok) throw new Error(JSON.stringify(arch.errors));
    expect(arch.value.officialParams).toMatchObject({ count: 671_026_419_200, source: expect.stringMatching(/fp8 quantized/) });
  });

  test('GIVEN a mamba repo THEN the config is fetched and archFromConfig refuses it as unsupported_architecture', async () => {
    const rec = value(await client().getConfig('state-spaces/mamba-2.8b-hf'));
    expect(error(archFromConfig(rec.id, rec.config))).toMatchObject({ code: 'unsupported_architecture', modelType: 'mamba' });
  });
});

describe('createHubClient: Authorization', () => {
  test('GIVEN no token THEN no request carries an Authorization header', async () => {
    const before = hub.seen.length;
    await client().getConfig('meta-llama/Llama-3.1-8B');
    const sent = hub.seen.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.map((s) => s.authorization)).toEqual(sent.map(() => undefined));
  });

  test('GIVEN a token THEN every request carries Authorization: Bearer <token>', async () => {
    const before = hub.seen.length;
    await client({ token: TOKEN }).getConfig('meta-llama/Llama-3.1-8B');
    const sent = hub.seen.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent.map((s) => s.authorization))).toEqual(new Set([`Bearer ${TOKEN}`]));
  });

  test('GIVEN a gated repo and no token THEN gated, and the message asks for HF_TOKEN with access to the repo', async () => {
    const e = error(await client().getConfig('meta-llama/Llama-Gated'));
    expect(e).toMatchObject({ code: 'gated', status: 401 });
    expect(describeHubError(e)).toMatch(/needs HF_TOKEN with access to meta-llama\/Llama-Gated/);
  });

  test('GIVEN a gated repo and a token with access THEN the config', async () => {
    expect(value(await client({ token: TOKEN }).getConfig('meta-llama/Llama-Gated')).config).toEqual(LLAMA);
  });

  test('GIVEN any failure with a token set THEN the error never contains the token', async () => {
    const c = client({ token: TOKEN, timeoutMs: 200 });
    const errors = await Promise.all(['org/private', 'org/slow', 'org/server-error', 'org/off-host', 'org/broken-json'].map((id) => c.getConfig(id)));
    for (const r of errors) expect(JSON.stringify(r)).not.toContain(TOKEN);
  });
});

describe('createHubClient: HTTP failures', () => {
  test('GIVEN 404 THEN not_found', async () => {
    expect(error(await client().getConfig('org/missing'))).toMatchObject({ code: 'not_found', status: 404 });
  });

  test('GIVEN 401 with X-Error-Code RepoNotFound (missing or private) THEN not_found that mentions HF_TOKEN', async () => {
    expect(error(await client().getConfig('org/private'))).toMatchObject({ code: 'not_found', status: 401, detail: expect.stringMatching(/HF_TOKEN/) });
  });

  test('GIVEN a repo without config.json THEN not_found that says so', async () => {
    expect(error(await client().getConfig('org/gguf-only')).detail).toMatch(/no config\.json \(GGUF-only/);
  });

  test('GIVEN a server that answers after 3 s and timeoutMs 200 THEN timeout, well before the answer', async () => {
    const t0 = Date.now();
    expect(error(await client({ timeoutMs: 200 }).getConfig('org/slow')).code).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  test('GIVEN a body streamed past maxBytes THEN too_large, without reading the rest', async () => {
    const t0 = Date.now();
    expect(error(await client({ maxBytes: 100_000 }).getConfig('org/huge'))).toMatchObject({ code: 'too_large', detail: expect.stringMatching(/over 100,000 bytes/) });
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  test('GIVEN a Content-Length over maxBytes THEN too_large at once', async () => {
    expect(error(await client({ maxBytes: 1_000_000, timeoutMs: 2000 }).getConfig('org/declared-huge')).code).toBe('too_large');
  });

  test.each([['org/broken-json', /could not be parsed/], ['org/array-json', /not a JSON object/]])('GIVEN %s THEN bad_json', async (id, detail) => {
    expect(error(await client().getConfig(id))).toMatchObject({ code: 'bad_json', detail: expect.stringMatching(detail) });
  });

  test.each([['org/server-error', 500], ['org/rate-limited', 429]])('GIVEN %s THEN upstream with HTTP %d', async (id, code) => {
    expect(error(await client().getConfig(id))).toMatchObject({ code: 'upstream', status: code });
  });

  test('GIVEN nothing listening at the endpoint THEN upstream (network error)', async () => {
    const closed = await startFakeHub({});
    await closed.close();
    expect(error(await createHubClient({ endpoint: closed.origin }).getConfig('org/x'))).toMatchObject({ code: 'upstream', detail: expect.stringMatching(/Network error/) });
  });
});

describe('createHubClient: only the endpoint host', () => {
  test.each([
    'https://evil.example/org/model', 'evil.example/org/model', 'org/model/../../etc', 'a/b/../c', 'org/%2e%2e', 'org\\model', 'org/model?x=1',
    'org/model#x', '../org/model', 'org/model@main', '-org/model', '',
  ])('GIVEN the id %j THEN bad_hub_id and no request at all', async (id) => {
    const before = fetched.length;
    expect(await requestsDuring(async () => {
      expect(error(await client().getConfig(id)).code).toBe('bad_hub_id');
    })).toBe(0);
    expect(fetched.length).toBe(before);
  });

  test('GIVEN a redirect within the endpoint (renamed repo) THEN it is followed', async () => {
    expect(value(await client().getConfig('org/old-name')).config).toEqual(LLAMA);
  });

  test('GIVEN a redirect to another host THEN upstream, and that host is never contacted', async () => {
    expect(error(await client().getConfig('org/off-host'))).toMatchObject({ code: 'upstream', detail: expect.stringMatching(/another host \(evil\.invalid\)/) });
    expect(fetched.filter((u) => !u.startsWith(`${hub.origin}/`))).toEqual([]);
  });

  test.each(['https://huggingface.co/evil', 'ftp://huggingface.co', 'https://user:pw@huggingface.co', 'https://huggingface.co?x=1', 'not a url'])(
    'GIVEN the endpoint %j THEN createHubClient throws bad_endpoint',
    (endpoint) => {
      expect(() => createHubClient({ endpoint })).toThrow(HubClientError);
    },
  );
});

describe('createHubClient: cache', () => {
  test('GIVEN a second lookup of the same id THEN it comes from the cache without a request', async () => {
    const c = client();
    const first = value(await c.getConfig('microsoft/phi-2'));
    let second: HubConfigRecord | undefined;
    expect(await requestsDuring(async () => {
      second = value(await c.getConfig('microsoft/phi-2'));
    })).toBe(0);
    expect(second).toEqual({ ...first, fromCache: true });
  });

  test('GIVEN the TTL has passed (injected clock) THEN the config is fetched again; just before, it is not', async () => {
    let clock = Date.UTC(2025, 0, 1);
    const now = (): number => clock;
    const c = client({ now, cache: createMemoryHubCache({ now, ttlMs: 24 * 3600_000 }) });
    await c.getConfig('org/expiring');
    clock += 24 * 3600_000 - 1;
    expect(value(await c.getConfig('org/expiring')).fromCache).toBe(true);
    clock += 1;
    const fresh = value(await c.getConfig('org/expiring'));
    expect(fresh).toMatchObject({ fromCache: false, fetchedAt: clock });
    expect(hub.hits(cfg('org/expiring'))).toBe(2);
  });

  test('GIVEN concurrent lookups of one id THEN one fetch serves them all', async () => {
    const c = client();
    const results = await Promise.all([c.getConfig('org/concurrent'), c.getConfig('org/concurrent'), c.getConfig('org/concurrent')]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(hub.hits(cfg('org/concurrent'))).toBe(1);
  });

  test('GIVEN a failed lookup that may be transient (HTTP 500) THEN nothing is cached: the next lookup asks again', async () => {
    const c = client();
    await c.getConfig('org/server-error');
    expect(await requestsDuring(() => c.getConfig('org/server-error'))).toBe(1);
  });
});

describe('createHubClient: a config.json built to break parsers', () => {
  test('GIVEN a 150,000-level config.json (300 kB) THEN too_complex with a friendly message, and the next lookup makes no request', async () => {
    const c = client();
    const e = error(await c.getConfig('org/deep'));
    expect(e).toEqual({ code: 'too_complex', id: 'org/deep', detail: 'The config.json is nested more than 64 levels deep.' });
    expect(describeHubError(e)).toMatch(/^The config\.json of `org\/deep` is too complex to be a model config, so I did not read it\./);
    let again: HubResult<HubConfigRecord> | undefined;
    expect(await requestsDuring(async () => {
      again = await c.getConfig('org/deep');
    })).toBe(0);
    expect(again).toEqual({ ok: false, errors: [e] });
  });

  test('GIVEN config.json that is not JSON THEN bad_json is remembered for 10 minutes (injected clock), then asked again', async () => {
    let clock = Date.UTC(2025, 0, 1);
    const now = (): number => clock;
    const c = client({ now, cache: createMemoryHubCache({ now }) });
    expect(error(await c.getConfig('org/broken-remembered')).code).toBe('bad_json');
    clock += 10 * 60_000 - 1;
    expect(await requestsDuring(async () => {
      expect(error(await c.getConfig('org/broken-remembered')).code).toBe('bad_json');
    })).toBe(0);
    clock += 1;
    expect(await requestsDuring(() => c.getConfig('org/broken-remembered'))).toBe(1);
  });

  test('GIVEN a cache that rejects every call THEN the lookup still answers from the Hub', async () => {
    const broken = Promise.reject.bind(Promise, new Error('disk I/O error at /var/lib/vram-bot/hub-cache.db'));
    const cache = { get: broken, set: broken, getFailure: broken, setFailure: broken } as unknown as HubClientOptions['cache'];
    const r = await client({ cache }).getConfig('microsoft/phi-2');
    expect(value(r).config).toEqual(PHI2);
    expect(JSON.stringify(r)).not.toContain('/var/lib');
  });
});

describe('createHubClient: one deadline for the whole lookup', () => {
  test('GIVEN every request answered just under the 1,000 ms timeout (3 requests, 2.7 s) and a 1,500 ms deadline THEN the lookup ends by the deadline', async () => {
    let clock = Date.UTC(2025, 0, 1);
    const now = (): number => clock;
    const c = client({ timeoutMs: 1000, deadlineMs: 1500, now, cache: createMemoryHubCache({ now }) });
    const t0 = Date.now();
    const r = await c.getConfig('org/slow-all');
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(1400);
    expect(took).toBeLessThan(2000);
    // config.json came in time; the count did not, so it is computed from config.json ...
    const rec = value(r);
    expect(rec.config).toEqual(LLAMA);
    expect(rec.exactParams).toBeUndefined();
    // ... and the index was never asked, since no time was left.
    expect(hub.hits(index('org/slow-all'))).toBe(0);
    // Such an entry is kept 10 minutes, not 24 hours, so that the exact count is asked for again.
    expect(value(await c.getConfig('org/slow-all')).fromCache).toBe(true);
    clock += 10 * 60_000;
    expect(value(await c.getConfig('org/slow-all')).fromCache).toBe(false);
  }, 10_000);

  test('GIVEN a deadline shorter than the time config.json takes THEN the coded timeout error, at the deadline, naming it', async () => {
    const t0 = Date.now();
    const e = error(await client({ timeoutMs: 1000, deadlineMs: 300 }).getConfig('org/slow-config'));
    expect(Date.now() - t0).toBeLessThan(800);
    expect(e).toEqual({ code: 'timeout', id: 'org/slow-config', detail: 'No complete answer for the config.json within the 300 ms one lookup may take.' });
    expect(describeHubError(e)).toMatch(/did not answer in time for `org\/slow-config`/);
  });
});

describe('createMemoryHubCache', () => {
  test('GIVEN more entries than maxEntries THEN the oldest stored goes first', async () => {
    const cache = createMemoryHubCache({ maxEntries: 2, now: () => 0 });
    const entry = (n: number): Json => ({ n });
    await cache.set('a/1', { config: entry(1), fetchedAt: 0 });
    await cache.set('a/2', { config: entry(2), fetchedAt: 0 });
    await cache.set('a/3', { config: entry(3), fetchedAt: 0 });
    expect(await cache.get('a/1')).toBeUndefined();
    expect((await cache.get('a/3'))?.config).toEqual({ n: 3 });
  });
});
