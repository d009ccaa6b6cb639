/**
 * Operating the Discord adapter: every log line of one interaction carries its request id
 * (`reqId`, the interaction id); metrics (when given) count each command's outcome, the seconds to
 * its final answer, errors, and the work queue's depth; `ready()` and `failed` tell a supervisor
 * whether the gateway is up or gone for good; `stop()` takes no new interactions, lets those in
 * flight finish (for a bounded time), then closes the client.
 */
import { createMetrics, NO_METRICS, type Metrics, type Outcome } from '../../adapters/ops/metrics';
import { DiscordAdapterError, startDiscordBot } from '../../adapters/discord/client';
import { createHandler } from '../../commands/handler';
import { DiscordStandin } from './standin';
import { redactingLog } from '../../adapters/discord/log';
import type { LogFields } from '../../adapters/types';
import { chartFile } from '../../adapters/chart/attachment';
import { dispatch } from '../../commands/registry';
import { APP_ID, GUILD_ID, seenText, startHarness, TOKEN } from './harness';
import { member, type Json } from './standin-payloads';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const until = async (cond: () => boolean, ms = 3000): Promise<void> => {
  for (const t0 = Date.now(); !cond(); await sleep(10)) if (Date.now() - t0 > ms) throw new Error('timed out');
};

/** Metrics that remember their calls. */
function spyMetrics(): Metrics & { calls: { commands: [string, Outcome][]; latency: number[]; depth: number[]; errors: string[] } } {
  const calls = { commands: [] as [string, Outcome][], latency: [] as number[], depth: [] as number[], errors: [] as string[] };
  return {
    registry: NO_METRICS.registry,
    calls,
    command: (_p, c, o) => { calls.commands.push([c, o]); },
    latency: (_p, s) => { calls.latency.push(s); },
    queueDepth: (_p, n) => { calls.depth.push(n); },
    error: (_p, k) => { calls.errors.push(k); },
  };
}

describe('discord ops: one request id on every log line of an interaction', () => {
  test('GIVEN a handler that throws and a chart that fails THEN each line of each interaction carries that interaction’s id as reqId', async () => {
    const h = await startHarness({
      handle: (inv) => (inv.args.model === 'llama-3.2-1b' ? Promise.reject(new Error('estimator exploded')) : dispatch(inv, {})),
      config: { renderChart: (reply, o) => chartFile(reply, o, () => { throw new Error('resvg exploded'); }) },
    });
    try {
      const before = h.entries.length;
      const boom = h.standin.runCommand('vram', { model: 'llama-3.2-1b' });
      await boom.seen;
      const chart = h.standin.runCommand('vram', { model: 'llama-3.1-8b', lora: true });
      await chart.seen;
      const lines = h.entries.slice(before);
      const of = (id: string): string[] => lines.filter((e) => e.fields?.reqId === id).map((e) => e.msg);
      expect(of(boom.record.id)).toEqual([expect.stringMatching(/^discord: command failed \(error id [0-9a-z]+\)$/)]);
      expect(of(chart.record.id)).toEqual(['discord: chart not attached, sending the text alone (chart_render_failed)']);
      expect(lines.filter((e) => e.fields?.reqId === undefined)).toEqual([]);
    } finally {
      await h.stop();
    }
  });

  test('GIVEN fields THEN the redacting log passes them on, secrets and interaction tokens replaced', () => {
    const seen: [string, unknown, LogFields | undefined][] = [];
    const log = redactingLog((m, e, f) => { seen.push([m, e, f]); }, [TOKEN]);
    log(`x ${TOKEN}`, undefined, { reqId: '42', url: '/interactions/42/secret-token/callback', n: 1 });
    log('plain');
    expect(seen).toEqual([
      ['x [redacted]', undefined, { reqId: '42', url: '/interactions/42/[redacted]/callback', n: 1 }],
      ['plain', undefined, undefined],
    ]);
  });
});

describe('discord ops: metrics', () => {
  test('GIVEN answers, a rejection, a failure and a refusal THEN one count per command by outcome, a latency each, errors, and the queue depth back to 0', async () => {
    const metrics = spyMetrics();
    const h = await startHarness({
      metrics,
      rateLimit: { capacity: 4, windowMs: 60_000 },
      handle: (inv) => (inv.args.model === 'llama-3.2-1b' ? Promise.reject(new Error('boom')) : dispatch(inv, {})),
    });
    try {
      await h.standin.runCommand('vram', { model: 'llama-3.1-8b', lora: true }).seen;
      await h.standin.runCommand('vram', { model: 'llama-3.1-8b', more: 'optimizer:adam9' }).seen;
      await h.standin.runCommand('vram', { model: 'llama-3.2-1b' }).seen;
      await h.standin.runCommand('vram-gpus').seen;
      await h.standin.runCommand('vram-gpus').seen;
      await until(() => metrics.calls.commands.length === 5);
      expect(metrics.calls.commands).toEqual([['estimate', 'ok'], ['estimate', 'rejected'], ['estimate', 'failed'], ['gpus', 'ok'], ['gpus', 'refused']]);
      expect(metrics.calls.latency).toHaveLength(5);
      for (const s of metrics.calls.latency) expect(s).toBeGreaterThan(0);
      expect(metrics.calls.errors).toContain('handler');
      expect(metrics.calls.depth.length).toBeGreaterThan(0);
      expect(Math.max(...metrics.calls.depth)).toBeGreaterThanOrEqual(1);
      expect(metrics.calls.depth.at(-1)).toBe(0);
    } finally {
      await h.stop();
    }
  });

  test('GIVEN the process registry (prom-client) THEN /metrics would show the Discord command, its latency and the queue depth', async () => {
    const metrics = createMetrics({ defaults: false });
    const h = await startHarness({ metrics });
    try {
      await h.standin.runCommand('vram', { model: 'llama-3.1-8b', lora: true }).seen;
      await sleep(50);
      const text = await metrics.registry.metrics();
      expect(text).toContain('vram_bot_commands_total{platform="discord",command="estimate",outcome="ok"} 1');
      expect(text).toContain('vram_bot_reply_seconds_count{platform="discord"} 1');
      expect(text).toContain('vram_bot_queue_depth{platform="discord"} 0');
    } finally {
      await h.stop();
    }
  });
});

describe('discord ops: readiness and failure for the supervisor', () => {
  test('GIVEN a connected bot THEN ready(); GIVEN the gateway closes with a fatal code (4004) THEN failed resolves with gateway_closed and ready() is false', async () => {
    const h = await startHarness();
    try {
      expect(h.bot.ready()).toBe(true);
      h.standin.gateway.closeWith(4004, 'Authentication failed.');
      let timer: NodeJS.Timeout | undefined;
      const err = await Promise.race([h.bot.failed, new Promise<undefined>((r) => { timer = setTimeout(() => r(undefined), 5000); })]);
      clearTimeout(timer);
      expect(err).toBeInstanceOf(DiscordAdapterError);
      expect(err).toMatchObject({ code: 'gateway_closed', permanent: true }); // a token Discord refuses: restarting cannot help
      expect(String(err?.message)).toMatch(/close code 4004/);
      expect(h.bot.ready()).toBe(false);
      expect(h.logs.join('\n')).toMatch(/gateway closed for good/);
    } finally {
      await h.stop();
    }
  });
});

describe('discord ops: a token Discord refuses is marked permanent', () => {
  test('GIVEN a wrong token THEN login_failed with permanent: true (a supervisor does not retry it)', async () => {
    const standin = await DiscordStandin.start({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID });
    try {
      const log = (): void => undefined;
      await expect(startDiscordBot({ token: 'wrong-token-xxxxxxxxxxxx', applicationId: APP_ID, apiUrl: standin.apiUrl }, { core: createHandler({ log }), log }))
        .rejects.toMatchObject({ name: 'DiscordAdapterError', code: 'login_failed', permanent: true });
    } finally {
      await standin.close();
    }
  });
});

describe('discord ops: stop() drains', () => {
  test('GIVEN an interaction in flight THEN stop() lets it finish, refuses new ones politely, then destroys the client', async () => {
    const h = await startHarness({ deferAfterMs: 100, handle: async (inv) => { await sleep(600); return dispatch(inv, {}); } });
    try {
      const inFlight = h.standin.runCommand('vram', { model: 'llama-3.1-8b', lora: true });
      await until(() => inFlight.record.events.includes('callback:5'));
      const stopping = h.bot.stop();
      expect(h.bot.stop()).toBe(stopping);
      expect(h.bot.ready()).toBe(false);
      const late = await h.standin.runCommand('vram', { model: 'llama-3.1-8b' }, { member: member('700000000000000001', 'late') }).seen;
      expect(late.ephemeral).toBe(true);
      expect((late.embeds[0] as Json | undefined)?.title).toBe('I am restarting');
      const m = await inFlight.seen;
      expect(m.via).toBe('edit');
      expect(seenText(m)).toContain('Llama 3.1 8B');
      await stopping;
      expect(h.bot.client.isReady()).toBe(false);
      expect(h.standin.violations).toEqual([]);
    } finally {
      await h.stop();
    }
  });

  test('GIVEN an interaction that never finishes THEN stop() gives up after drainMs and says so', async () => {
    const h = await startHarness({ deferAfterMs: 50, handle: () => new Promise(() => undefined), config: { drainMs: 200 } });
    try {
      const stuck = h.standin.runCommand('vram', { model: 'llama-3.1-8b' });
      stuck.seen.catch(() => undefined);
      await until(() => stuck.record.events.includes('callback:5'));
      const t0 = Date.now();
      await h.bot.stop();
      expect(Date.now() - t0).toBeLessThan(2000);
      expect(h.logs.join('\n')).toMatch(/stopping with 1 interaction\(s\) still in flight after 200 ms/);
    } finally {
      await h.stop();
    }
  });
});
