/**
 * End to end: the real discord.js client logs in to the local stand-in over loopback (REST +
 * gateway WebSocket) and answers INTERACTION_CREATE dispatches the way Discord delivers them.
 */
import { buildCommands } from '../../adapters/discord/commands';
import { deployCommands } from '../../adapters/discord/deploy';
import { COLORS } from '../../adapters/discord/render';
import { dispatch } from '../../commands/registry';
import type { Reply } from '../../src/reply/types';
import { hugeReply } from './fixtures';
import { APP_ID, GUILD_ID, TOKEN, seenText, startHarness, type Harness } from './harness';
import type { SeenMessage } from './standin';

const embed = (m: SeenMessage): Record<string, unknown> => {
  const e = m.embeds[0];
  if (!e) throw new Error('no embed');
  return e;
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('discord e2e: the real client against the stand-in', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness({ heartbeatIntervalMs: 250 }); });
  afterAll(async () => { await h.stop(); });
  afterEach(() => { expect(h.standin.violations).toEqual([]); });

  test('GIVEN the bot starts THEN it identifies with its token and only the Guilds intent, and heartbeats are acknowledged', async () => {
    expect(h.standin.identifies).toHaveLength(1);
    expect(h.standin.identifies[0]).toMatchObject({ token: '<valid>', intents: 1, compress: false });
    expect(h.bot.client.guilds.cache.has(GUILD_ID)).toBe(true);
    for (let i = 0; i < 40 && h.standin.heartbeatAcks === 0; i++) await sleep(25);
    expect(h.standin.heartbeatAcks).toBeGreaterThan(0);
    expect(h.logs.join('\n')).not.toContain(TOKEN);
  });

  test('GIVEN deploy with a guild id THEN a PUT of the generated body to the guild route; without THEN the global route', async () => {
    expect(h.standin.registered.get(`/applications/${APP_ID}/guilds/${GUILD_ID}/commands`)?.map((c) => c.name)).toEqual(buildCommands().map((c) => c.name));
    const global = await deployCommands({ token: TOKEN, applicationId: APP_ID, apiUrl: h.standin.apiUrl });
    expect(global.route).toBe(`/applications/${APP_ID}/commands`);
    expect(global.names).toEqual(buildCommands().map((c) => c.name));
  });

  test('GIVEN deploy with a wrong token THEN it fails with 401', async () => {
    await expect(deployCommands({ token: 'wrong-token-xxxxxxxx', applicationId: APP_ID, apiUrl: h.standin.apiUrl })).rejects.toMatchObject({ status: 401 });
  });

  test('GIVEN /vram with typed model, batch, lora, gpu THEN a public embed with the verdict and breakdown, red when it does not fit', async () => {
    const { seen, record } = h.standin.runCommand('vram', { model: 'llama-3.1-8b', batch: 2, lora: true, gpu: 'rtx4090' });
    const m = await seen;
    expect(m.via).toBe('reply');
    expect(m.ephemeral).toBe(false);
    expect(record.callbacks[0]?.afterMs).toBeLessThan(3000);
    const e = embed(m);
    expect(e.title).toMatch(/^Llama 3\.1 8B · LoRA · [\d.]+ GiB$/);
    expect(e.description).toMatch(/^Does not fit on rtx4090/);
    expect(e.color).toBe(COLORS.danger);
    for (const part of ['Weights', 'Activations', 'Logits', 'Total per GPU', 'Fits on', 'batch:2']) expect(seenText(m)).toContain(part);
  });

  test('GIVEN a setup that fits THEN the embed is green', async () => {
    const m = await h.standin.runCommand('vram', { model: 'qwen-2.5-0.5b', lora: true, gpu: 'h100' }).seen;
    expect(embed(m).description).toMatch(/^Fits on h100/);
    expect(embed(m).color).toBe(COLORS.success);
  });

  test('GIVEN autocomplete on model THEN at most 25 choices, the typed prefix’s match first', async () => {
    const choices = await h.standin.autocomplete('vram', { model: 'qwen-2.5-7' }, 'model');
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices[0]?.value).toBe('qwen-2.5-7b');
    const all = await h.standin.autocomplete('vram', { model: '' }, 'model');
    expect(all).toHaveLength(25);
  });

  test('GIVEN autocomplete on gpu with a model already typed THEN the card first', async () => {
    const choices = await h.standin.autocomplete('vram', { model: 'llama-3.1-8b', gpu: '4090' }, 'gpu');
    expect(choices[0]?.value).toBe('rtx4090');
  });

  test('GIVEN more: optimizer:adam9 THEN an ephemeral error naming the key, the value and the allowed values', async () => {
    const m = await h.standin.runCommand('vram', { model: 'llama-3.1-8b', more: 'optimizer:adam9' }).seen;
    expect(m.ephemeral).toBe(true);
    expect(embed(m).color).toBe(COLORS.error);
    expect(seenText(m)).toContain('optimizer:adam9');
    expect(seenText(m)).toMatch(/Allowed values: `adamw`, `adamw-fused`, `adamw-8bit`/);
  });

  test('GIVEN /vram-models with no query THEN the whole catalog in one embed Discord accepts', async () => {
    const m = await h.standin.runCommand('vram-models').seen;
    expect(m.ephemeral).toBe(true);
    expect(seenText(m)).toContain('llama-3.1-8b');
    expect(seenText(m)).toContain('qwen-2.5-7b');
  });

  test('GIVEN a subcommand word typed into model (/vram help) THEN the help', async () => {
    const m = await h.standin.runCommand('vram', { model: 'help' }).seen;
    expect(m.ephemeral).toBe(true);
    for (const k of ['optimizer', 'sharding', 'Examples', '/vram-models']) expect(seenText(m)).toContain(k);
  });
});

describe('discord e2e: failures still get a reply', () => {
  let h: Harness;
  let handler: () => Promise<Reply>;
  beforeAll(async () => {
    h = await startHarness({ handle: () => handler() });
  });
  afterAll(async () => { await h.stop(); });
  afterEach(() => { expect(h.standin.violations).toEqual([]); });

  test('GIVEN a handler that throws THEN "Something went wrong" with an error id that is also in the log', async () => {
    handler = () => Promise.reject(new Error(`estimator exploded near ${TOKEN}`));
    const m = await h.standin.runCommand('vram', { model: 'llama-3.1-8b' }).seen;
    expect(m.ephemeral).toBe(true);
    const e = embed(m);
    expect(e.title).toBe('Something went wrong');
    const id = /error id `?([0-9a-z]+)`?/.exec(String(e.description))?.[1];
    expect(id).toBeDefined();
    expect(String((e.footer as { text: string }).text)).toContain(`error id ${id ?? ''}`);
    const line = h.logs.find((l) => l.includes(`error id ${id ?? ''}`));
    expect(line).toContain('estimator exploded');
    expect(h.logs.join('\n')).not.toContain(TOKEN);
  });

  test('GIVEN a reply over every embed limit THEN it is shortened within the limits and Discord accepts it', async () => {
    handler = () => Promise.resolve(hugeReply());
    const m = await h.standin.runCommand('vram', { model: 'x' }).seen;
    expect(m.via).toBe('reply');
    expect(String((embed(m).footer as { text: string }).text)).toMatch(/^Shortened to fit Discord's limits/);
  });
});

describe('discord e2e: the 3-second deadline', () => {
  test('GIVEN a handler slower than the defer threshold THEN a deferral inside 3 s, then the edited answer', async () => {
    const h = await startHarness({ deferAfterMs: 100, handle: async (inv) => { await sleep(400); return dispatch(inv, {}); } });
    try {
      const pub = h.standin.runCommand('vram', { model: 'llama-3.1-8b', lora: true });
      const m = await pub.seen;
      expect(pub.record.events).toEqual(['callback:5', 'edit']);
      expect(pub.record.callbacks[0]?.afterMs).toBeLessThan(3000);
      expect(m).toMatchObject({ via: 'edit', ephemeral: false });
      expect(seenText(m)).toContain('Llama 3.1 8B');

      // Visibility is known only after computing: a private answer replaces a public placeholder.
      // (an unknown model: the error comes from computing the answer, not from reading the options)
      const priv = h.standin.runCommand('vram', { model: 'llama-3.2-7b' });
      const p = await priv.seen;
      expect(priv.record.events).toEqual(['callback:5', 'delete', 'followup']);
      expect(p).toMatchObject({ via: 'followup', ephemeral: true });

      // private:true is known up front: the placeholder itself is ephemeral.
      const hinted = h.standin.runCommand('vram', { model: 'llama-3.1-8b', private: true });
      expect(await hinted.seen).toMatchObject({ via: 'edit', ephemeral: true });
      expect(h.standin.violations).toEqual([]);
    } finally {
      await h.stop();
    }
  });

  test('GIVEN a bug after the deferral (a reply that cannot be rendered) THEN the placeholder goes and a private "Something went wrong" follows', async () => {
    const broken = { title: 'broken', severity: 'info', fields: null, sections: [], notes: [], visibility: 'channel' } as unknown as Reply;
    const h = await startHarness({ deferAfterMs: 50, handle: async () => { await sleep(200); return broken; } });
    try {
      const run = h.standin.runCommand('vram', { model: 'llama-3.1-8b' });
      const m = await run.seen;
      expect(run.record.events).toEqual(['callback:5', 'delete', 'followup']);
      expect(m.ephemeral).toBe(true);
      expect(embed(m).title).toBe('Something went wrong');
      const id = /error id ([0-9a-z]+)/.exec(String((embed(m).footer as { text: string }).text))?.[1] ?? 'none';
      expect(h.logs.join('\n')).toMatch(new RegExp(`could not answer /vram \\(error id ${id}\\) TypeError`));
      expect(h.standin.violations).toEqual([]);
    } finally {
      await h.stop();
    }
  });

  test('GIVEN an answer after the deadline THEN the stand-in refuses it (Unknown interaction) and the bot logs it without tokens', async () => {
    const h = await startHarness({ deadlineMs: 150, deferAfterMs: 5000, handle: async () => { await sleep(400); return { title: 'late', severity: 'info', fields: [], sections: [], notes: [], visibility: 'channel' }; } });
    try {
      const run = h.standin.runCommand('vram', { model: 'llama-3.1-8b' }, 1500);
      await expect(run.seen).rejects.toThrow(/no answer/);
      expect(h.standin.violations.join('\n')).toMatch(/ms after dispatch \(deadline 150 ms\)/);
      const logs = h.logs.join('\n');
      expect(logs).toMatch(/could not answer \/vram \(error id [0-9a-z]+\)/);
      expect(logs).toContain('Unknown interaction');
      expect(logs).toContain('[redacted]');
      expect(logs).not.toContain(run.record.token);
      expect(logs).not.toContain(TOKEN);
    } finally {
      await h.stop();
    }
  });
});
