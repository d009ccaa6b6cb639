import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerText, createHandler } from '../../commands/handler';
import type { CommandContext } from '../../commands/types';
import { createHubClient } from '../../adapters/hub/fetch';
import { openSqliteHubCache } from '../../adapters/hub/sqlite-cache';
import { replyText } from '../../src/reply/text';
import { json, startFakeHub, status, type FakeHub } from './fake-hub';
import { deepConfigText, referenceConfig, MAMBA } from './fixtures';

const ctx = { platform: 'console' as const, teamId: 'local', channelId: 'c', userId: 'u' };

describe('GIVEN /vram with a Hub model outside the catalog (through the real handler and a local Hub)', () => {
  let hub: FakeHub;
  const cfg = referenceConfig('Qwen/Qwen2.5-7B');
  beforeAll(async () => {
    hub = await startFakeHub({
      '/someorg/my-qwen-finetune/resolve/main/config.json': json(cfg),
      '/gated-org/secret/resolve/main/config.json': status(401),
      '/someorg/a-mamba/resolve/main/config.json': json(MAMBA),
      '/someorg/deep/resolve/main/config.json': json(deepConfigText(150_000)),
    });
  });
  afterAll(() => hub.close());

  const handler = (dir = mkdtempSync(join(tmpdir(), 'hubcache-'))) => {
    const cache = openSqliteHubCache({ dir });
    if (!cache.ok) throw new Error(cache.reason);
    const core = createHandler({ log: () => undefined, hub: createHubClient({ endpoint: hub.origin, cache: cache.cache }) });
    return { handle: (text: string, c: CommandContext) => answerText(core, text, c), cache: cache.cache };
  };

  test('THEN its config.json is fetched and the estimate equals the catalog model with the same shape', async () => {
    const { handle } = handler();
    const fromHub = await handle('model:someorg/my-qwen-finetune lora:true', ctx);
    const fromCatalog = await handle('model:qwen-2.5-7b lora:true', ctx);
    expect(fromHub.severity).not.toBe('error');
    expect(replyText(fromHub)).toMatch(/fetched from the Hugging Face Hub/);
    expect(fromHub.title.split('·').pop()).toBe(fromCatalog.title.split('·').pop());
  });
  test('THEN a second ask is served from the SQLite cache, also after a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubcache-'));
    const before = hub.hits('/someorg/my-qwen-finetune/resolve/main/config.json');
    const a = handler(dir);
    await a.handle('model:someorg/my-qwen-finetune', ctx);
    await a.handle('model:someorg/my-qwen-finetune', ctx);
    a.cache.close();
    const b = handler(dir);
    const again = await b.handle('model:someorg/my-qwen-finetune', ctx);
    b.cache.close();
    expect(hub.hits('/someorg/my-qwen-finetune/resolve/main/config.json') - before).toBe(1);
    expect(replyText(again)).toMatch(/cached/);
  });
  test('THEN a gated model says it needs HF_TOKEN, privately', async () => {
    const reply = await handler().handle('model:gated-org/secret', ctx);
    expect(reply.visibility).toBe('private');
    expect(replyText(reply)).toMatch(/HF_TOKEN/);
  });
  test('THEN an unsupported architecture names the model_type and why', async () => {
    const text = replyText(await handler().handle('model:someorg/a-mamba', ctx));
    expect(text).toMatch(/mamba/);
    expect(text).toMatch(/state-space/);
  });
  test('THEN when the Hub cannot be reached, a catalog family without that size still says which sizes exist', async () => {
    const offline = createHandler({ log: () => undefined, hub: createHubClient({ endpoint: 'http://127.0.0.1:9', timeoutMs: 500 }) });
    const text = replyText(await answerText(offline, 'model:meta-llama/Llama-3.2-7B', ctx));
    expect(text).toMatch(/Llama 3\.2 has no 7B model: it comes in 1B, 3B/);
    expect(text).toMatch(/llama-3\.1-8b/);
  });
  test('THEN a 150,000-level config.json is a coded, friendly error (not "Something went wrong"), remembered: the next ask makes no request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubcache-'));
    const { handle, cache } = handler(dir);
    const path = '/someorg/deep/resolve/main/config.json';
    try {
      const reply = await handle('model:someorg/deep', ctx);
      const text = replyText(reply);
      expect(reply.severity).toBe('error');
      expect(reply.title).not.toMatch(/Something went wrong/);
      expect(text).toMatch(/too complex to be a model config/);
      expect(text).toMatch(/nested more than 64 levels deep/);
      expect(text).not.toContain(dir);
      const n = hub.hits(path);
      expect(replyText(await handle('model:someorg/deep', ctx))).toBe(text);
      expect(hub.hits(path)).toBe(n);
    } finally {
      cache.close();
    }
    // Also after a restart: the failure is in hub-cache.db.
    const again = handler(dir);
    const n = hub.hits(path);
    await again.handle('model:someorg/deep', ctx);
    again.cache.close();
    expect(hub.hits(path)).toBe(n);
  });
  test('THEN an id with a path trick is refused before any request', async () => {
    const n = hub.seen.length;
    const reply = await handler().handle('model:../../etc/passwd', ctx);
    expect(reply.severity).toBe('error');
    expect(hub.seen.length).toBe(n);
  });
});
