/**
 * End to end, HTTP mode: every log line of one request carries its id (`reqId`: the
 * trigger_id), redaction still applies, and with `deps.metrics` each request is counted once by
 * command and outcome, with its latency from receipt to the reply being delivered.
 */
import type { Metrics, Outcome } from '../../adapters/ops/metrics';
import { NO_METRICS } from '../../adapters/ops/metrics';
import { BOT_TOKEN, startHttpHarness, type HttpHarness } from './support/harness';
import { interactionBody, blockActionsPayload, slashBody } from './support/sign';

interface Recorded {
  commands: { platform: string; command: string; outcome: Outcome }[];
  latencies: number[];
  errors: string[];
  depths: number[];
}

function recordingMetrics(): { metrics: Metrics; rec: Recorded } {
  const rec: Recorded = { commands: [], latencies: [], errors: [], depths: [] };
  return {
    rec,
    metrics: {
      registry: NO_METRICS.registry,
      command: (platform, command, outcome) => { rec.commands.push({ platform, command, outcome }); },
      latency: (_p, s) => { rec.latencies.push(s); },
      queueDepth: (_p, d) => { rec.depths.push(d); },
      error: (_p, kind) => { rec.errors.push(kind); },
    },
  };
}

let h: HttpHarness;
const { metrics, rec } = recordingMetrics();

beforeAll(async () => { h = await startHttpHarness({ metrics, config: { charts: false }, rateLimit: { capacity: 2, windowMs: 60_000 } }); });
afterAll(async () => { await h.stop(); });

/** Runs `send`, then waits until one more command has been counted (recorded after delivery). */
async function counted(send: () => Promise<unknown>): Promise<void> {
  const before = rec.commands.length;
  await send();
  await h.standin.waitFor(() => rec.commands.length > before, 'the command to be counted');
}

/** The adapter's own lines (not Bolt's `slack <level>:` nor the core's) logged since `from`. */
const adapterLines = (from: number): typeof h.entries => h.entries.slice(from).filter((e) => e.msg.startsWith('slack: ') && !e.msg.startsWith('slack: listening'));

describe('slack logs: a request id on every line', () => {
  test('GIVEN a slash command whose response_url fails and whose fallback fails THEN each of its lines carries its trigger_id as reqId, redacted', async () => {
    const failing = `obs-fail-${Date.now()}`;
    h.standin.respondStatus.set(failing, 500);
    const original = h.standin.api['chat.postEphemeral'];
    h.standin.api['chat.postEphemeral'] = () => ({ status: 200, json: { ok: false, error: 'channel_not_found' } });
    const from = h.entries.length;
    try {
      const body = slashBody({ text: 'gpus', response_url: h.standin.responseUrl(failing), user_id: 'U-obs-1', trigger_id: '1337.777.obsfail' });
      expect((await h.post(body)).status).toBe(200);
      await h.standin.waitFor(() => h.logs.some((l) => l.includes('chat.postEphemeral failed too')), 'the fallback failure');
    } finally {
      if (original) h.standin.api['chat.postEphemeral'] = original;
    }
    const lines = adapterLines(from);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) expect(l.fields?.reqId).toBe('1337.777.obsfail');
    expect(h.logs.join('\n')).not.toContain(BOT_TOKEN);
  });

  test('GIVEN a dropped replay THEN its line carries the same reqId as the original', async () => {
    const body = slashBody({ text: 'gpus', response_url: h.standin.responseUrl('obs-replay'), user_id: 'U-obs-2', trigger_id: '1337.778.replay' });
    const ts = Math.floor(Date.now() / 1000);
    await h.post(body, { timestamp: ts });
    const from = h.entries.length;
    await h.post(body, { timestamp: ts });
    const lines = adapterLines(from);
    expect(lines.map((l) => l.msg)).toEqual([expect.stringMatching(/dropped an exact replay/)]);
    expect(lines[0]?.fields?.reqId).toBe('1337.778.replay');
  });

  test('GIVEN an action payload Bolt\'s own matching throws on THEN Bolt\'s error line and the ack line carry the request\'s reqId', async () => {
    const from = h.entries.length;
    const body = interactionBody({ type: 'block_actions', user: { id: 'U-obs-3' }, team: { id: 'T0001' }, actions: [5], trigger_id: '1337.779.bolterr', response_url: 'http://127.0.0.1:9/x' });
    expect((await h.post(body)).status).toBe(200);
    await h.standin.waitFor(() => adapterLines(from).some((l) => l.msg.includes('Bolt reported an error')), 'Bolt\'s error');
    const lines = adapterLines(from);
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['slack: Bolt reported an error', expect.stringMatching(/acked a request no listener handles/)]));
    for (const l of lines) expect(l.fields?.reqId).toBe('1337.779.bolterr');
  });
});

describe('slack metrics', () => {
  test('GIVEN an estimate, a listing, a bad argument, an unknown command and a rate-limited request THEN each is counted once, by command and outcome, with a latency', async () => {
    const c0 = rec.commands.length;
    const l0 = rec.latencies.length;
    await counted(() => h.ask('model:llama-3.1-8b lora:true gpu:rtx4090', { user_id: 'U-m-1' }));
    await counted(() => h.ask('gpus', { user_id: 'U-m-2' }));
    await counted(() => h.ask('model:llama-3.1-8b optimizer:adam9', { user_id: 'U-m-3' }));
    await counted(() => h.ask('modles', { user_id: 'U-m-4' }));
    for (let i = 0; i < 3; i += 1) await counted(() => h.ask('gpus', { user_id: 'U-m-5' }));
    const got = rec.commands.slice(c0);
    expect(got).toEqual([
      { platform: 'slack', command: 'estimate', outcome: 'ok' },
      { platform: 'slack', command: 'gpus', outcome: 'ok' },
      { platform: 'slack', command: 'unknown', outcome: 'rejected' },
      { platform: 'slack', command: 'unknown', outcome: 'rejected' },
      { platform: 'slack', command: 'gpus', outcome: 'ok' },
      { platform: 'slack', command: 'gpus', outcome: 'ok' },
      { platform: 'slack', command: 'unknown', outcome: 'refused' },
    ]);
    const lat = rec.latencies.slice(l0);
    expect(lat).toHaveLength(7);
    for (const s of lat) {
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThan(5);
    }
    expect(rec.depths.length).toBeGreaterThan(0);
    expect(rec.depths.at(-1)).toBe(0);
  });

  test('GIVEN a click THEN it is counted like a command', async () => {
    const c0 = rec.commands.length;
    await counted(() => h.click('gpus', { user_id: 'U-m-click' }));
    expect(rec.commands.slice(c0)).toEqual([{ platform: 'slack', command: 'gpus', outcome: 'ok' }]);
  });

  test('GIVEN a reply that reaches no one THEN the command is counted failed and a deliver error is recorded', async () => {
    const failing = `obs-none-${Date.now()}`;
    h.standin.respondStatus.set(failing, 500);
    const original = h.standin.api['chat.postEphemeral'];
    h.standin.api['chat.postEphemeral'] = () => ({ status: 200, json: { ok: false, error: 'channel_not_found' } });
    const c0 = rec.commands.length;
    try {
      await h.post(slashBody({ text: 'gpus', response_url: h.standin.responseUrl(failing), user_id: 'U-m-none' }));
      await h.standin.waitFor(() => rec.commands.length > c0, 'the command to be counted');
    } finally {
      if (original) h.standin.api['chat.postEphemeral'] = original;
    }
    expect(rec.commands.slice(c0)).toEqual([{ platform: 'slack', command: 'gpus', outcome: 'failed' }]);
    expect(rec.errors).toContain('deliver');
  });

  test('GIVEN a replay, a Slack retry and a future-dated request THEN refused twice and a future_timestamp error', async () => {
    const c0 = rec.commands.length;
    const e0 = rec.errors.length;
    const body = slashBody({ text: 'gpus', response_url: h.standin.responseUrl(`obs-mix-${Date.now()}`), user_id: 'U-m-mix' });
    const ts = Math.floor(Date.now() / 1000) - 5;
    await counted(() => h.post(body, { timestamp: ts }));
    await h.post(body, { timestamp: ts });
    await h.post(body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    await h.post(interactionBody(blockActionsPayload({ value: 'gpus', response_url: h.standin.responseUrl('obs-future') })), { timestamp: ts + 3600 });
    expect(rec.commands.slice(c0)).toEqual([
      { platform: 'slack', command: 'gpus', outcome: 'ok' },
      { platform: 'slack', command: 'unknown', outcome: 'refused' },
      { platform: 'slack', command: 'unknown', outcome: 'refused' },
    ]);
    expect(rec.errors.slice(e0)).toEqual(['future_timestamp']);
  });
});

describe('slack logs: the commands\' own lines carry the request id too', () => {
  test('GIVEN a preset command whose store fails THEN the core\'s "preset store failed" line carries the trigger_id as reqId, and the user gets only the error id', async () => {
    const { createMemoryPresetStore } = await import('../../src/store/memory');
    const { StoreError } = await import('../../src/store/presets');
    const base = createMemoryPresetStore();
    const broken = { ...base, list: () => Promise.reject(new StoreError('io', 'preset store: read failed: /srv/data/presets.db: SQLITE_IOERR')) };
    const x = await startHttpHarness({ core: { presets: { ok: true, store: broken } }, config: { charts: false } });
    try {
      const { message } = await x.ask('preset list', { trigger_id: '4242.42.storefail' });
      const text = JSON.stringify(message);
      expect(text).toMatch(/error id `\w+`/);
      expect(text).not.toMatch(/srv|SQLITE/);
      const line = x.entries.find((e) => /preset store failed/.test(e.msg));
      expect(line?.fields?.reqId).toBe('4242.42.storefail');
      expect(line?.fields?.errorId).toBeDefined();
    } finally {
      await x.stop();
    }
  });
});
