import { createHubClient } from '../../adapters/hub/fetch';
import { resolveModel, type ResolvedModel } from '../../src/catalog/resolve';
import { buildConfig, describeInputError, type InputError, type Result } from '../../src/config';
import { estimate } from '../../src/estimator/estimate';
import { hubFail, hubOk, type HubError } from '../../src/hub/errors';
import { resolveModelAsync, type HubInputError } from '../../src/hub/resolve-any';
import type { HubConfigRecord, HubConfigSource } from '../../src/hub/source';
import { countParams } from '../../src/model/params';
import { json, startFakeHub } from './fake-hub';
import { MAMBA, referenceConfig } from './fixtures';

const LLAMA = referenceConfig('meta-llama/Llama-3.1-8B');
const FETCHED_AT = Date.UTC(2025, 5, 1, 12, 34, 56);

/** A Hub source that serves fixed answers and counts lookups. */
function stubHub(answers: Record<string, Partial<HubConfigRecord> | HubError>): HubConfigSource & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    getConfig(id) {
      calls.push(id);
      const a = answers[id];
      if (a === undefined) return Promise.resolve(hubFail({ code: 'not_found', id, status: 404 }));
      if ('code' in a) return Promise.resolve(hubFail(a));
      return Promise.resolve(hubOk({ id, config: LLAMA, fetchedAt: FETCHED_AT, fromCache: false, source: `https://hub.test/${id}/resolve/main/config.json`, ...a }));
    },
  };
}

function value(r: Result<ResolvedModel>): ResolvedModel {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors)}`);
  return r.value;
}
function onlyError(r: Result<ResolvedModel>): HubInputError {
  if (r.ok) throw new Error('expected an error');
  expect(r.errors).toHaveLength(1);
  const e = r.errors[0] as InputError & { hub?: HubError };
  if (!e?.hub) throw new Error(`expected a Hub error, got ${JSON.stringify(e)}`);
  return e as HubInputError;
}

describe('resolveModelAsync', () => {
  test('GIVEN a catalog model THEN the catalog answers and the Hub is not asked', async () => {
    const hub = stubHub({});
    expect(value(await resolveModelAsync('meta-llama/Llama-3.1-8B-Instruct', hub)).arch.id).toBe('llama-3.1-8b');
    expect(hub.calls).toEqual([]);
  });

  test('GIVEN an org/name outside the catalog THEN the Hub config is read, with a note saying where it came from', async () => {
    const hub = stubHub({ 'someorg/Custom-8B': { exactParams: 8_030_261_248, paramsSource: 'Hub safetensors metadata (API safetensors.total)' } });
    const r = value(await resolveModelAsync('someorg/Custom-8B', hub));
    expect(r.arch).toMatchObject({ id: 'someorg/Custom-8B', family: 'llama', officialParams: { count: 8_030_261_248 } });
    expect(r.arch.configSource).toMatch(/^https:\/\/hub\.test\/someorg\/Custom-8B\/resolve\/main\/config\.json \(model_type llama\)/);
    expect(r.note).toBe('someorg/Custom-8B is not in the catalog: its architecture was fetched from the Hugging Face Hub config.json (fetched 2025-06-01 12:34 UTC, now cached)');
  });

  test('GIVEN a cached Hub answer THEN the note gives the time it was cached', async () => {
    const hub = stubHub({ 'someorg/Custom-8B': { fromCache: true } });
    expect(value(await resolveModelAsync('  someorg/Custom-8B ', hub)).note).toMatch(/fetched from the Hugging Face Hub config\.json \(cached 2025-06-01 12:34 UTC\)$/);
  });

  test('GIVEN no Hub source THEN the catalog error, unchanged', async () => {
    expect(await resolveModelAsync('someorg/Custom-8B')).toEqual(resolveModel('someorg/Custom-8B'));
  });

  test('GIVEN a name that is not org/name THEN the catalog error and no Hub lookup', async () => {
    const hub = stubHub({});
    expect(await resolveModelAsync('superllama-9000', hub)).toEqual(resolveModel('superllama-9000'));
    expect(hub.calls).toEqual([]);
  });

  test('GIVEN an org/name the Hub does not have THEN unknown_model keeping the catalog suggestions, with the Hub reason', async () => {
    const e = onlyError(await resolveModelAsync('meta-llama/Llama-3.1-8X', stubHub({})));
    expect(e).toMatchObject({ code: 'unknown_model', key: 'model', value: 'meta-llama/Llama-3.1-8X', hub: { code: 'not_found' } });
    expect(e.suggestions?.length).toBeGreaterThan(0);
    expect(describeInputError(e)).toMatch(/was not found on the Hugging Face Hub/);
  });

  test('GIVEN a gated repo THEN unknown_model whose message asks for HF_TOKEN, with the gated code kept', async () => {
    const e = onlyError(await resolveModelAsync('meta-llama/Llama-5-1T', stubHub({ 'meta-llama/Llama-5-1T': { code: 'gated', id: 'meta-llama/Llama-5-1T', status: 401 } })));
    expect(e.hub.code).toBe('gated');
    expect(e.suggestions).toBeUndefined();
    expect(describeInputError(e)).toMatch(/needs HF_TOKEN with access to meta-llama\/Llama-5-1T/);
  });

  test('GIVEN a mamba repo THEN unknown_model saying state-space models are not modelled', async () => {
    const e = onlyError(await resolveModelAsync('state-spaces/mamba-2.8b-hf', stubHub({ 'state-spaces/mamba-2.8b-hf': { config: MAMBA } })));
    expect(e.hub).toMatchObject({ code: 'unsupported_architecture', modelType: 'mamba' });
    expect(describeInputError(e)).toMatch(/is a `mamba` model, which I cannot estimate: state-space and recurrent models have no KV cache\/attention/);
  });

  test('GIVEN a path trick THEN bad_hub_id and no Hub lookup', async () => {
    const hub = stubHub({});
    expect(onlyError(await resolveModelAsync('a/b/../c', hub)).hub.code).toBe('bad_hub_id');
    expect(hub.calls).toEqual([]);
  });
});

describe('resolveModelAsync: nothing from the Hub throws', () => {
  test('GIVEN a Hub source that rejects THEN a coded upstream error, without the exception text (which may name server paths)', async () => {
    const hub: HubConfigSource = { getConfig: () => Promise.reject(new Error('SQLITE_IOERR at /srv/vram-bot/data/hub-cache.db')) };
    const r = await resolveModelAsync('someorg/Custom-8B', hub);
    const e = onlyError(r);
    expect(e.hub).toMatchObject({ code: 'upstream', id: 'someorg/Custom-8B' });
    expect(JSON.stringify(r)).not.toContain('/srv');
    expect(describeInputError(e)).not.toContain('/srv');
  });

  test('GIVEN a config whose reading throws (not a ConfigProblem) THEN a coded bad_config error, without the exception text', async () => {
    const config = { ...LLAMA, get hidden_size(): number { throw new TypeError('boom in /home/bot/src/hub/fields.ts'); } };
    const r = await resolveModelAsync('someorg/Custom-8B', stubHub({ 'someorg/Custom-8B': { config } }));
    expect(onlyError(r).hub).toMatchObject({ code: 'bad_config', id: 'someorg/Custom-8B' });
    expect(JSON.stringify(r)).not.toContain('/home');
  });
});

describe('resolveModelAsync over HTTP', () => {
  test('GIVEN the fake Hub serves a Llama config for an unknown repo THEN the estimate equals the catalog Llama-3.1-8B one', async () => {
    const server = await startFakeHub({ '/someorg/Custom-8B/resolve/main/config.json': json(LLAMA) });
    try {
      const r = value(await resolveModelAsync('someorg/Custom-8B', createHubClient({ endpoint: server.origin })));
      const catalog = value(resolveModel('llama-3.1-8b'));
      expect(countParams(r.arch).total).toBe(countParams(catalog.arch).total);
      const built = buildConfig({ model: 'llama-3.1-8b' });
      if (!built.ok) throw new Error(JSON.stringify(built.errors));
      expect(estimate(r.arch, built.value).totalBytes).toBe(estimate(catalog.arch, built.value).totalBytes);
    } finally {
      await server.close();
    }
  });
});
