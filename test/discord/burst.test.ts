/**
 * Load, through the real discord.js client and the stand-in (which enforces Discord's 3-second
 * first-response deadline):
 * - a burst of 100 concurrent `/vram` estimates with charts from 100 members: every one is
 *   acknowledged inside 3 s and gets its final answer with the chart (before the worker pool,
 *   charts were rasterised on the main thread ahead of each first response, and 0 of such a burst
 *   made the deadline);
 * - one member sending 12 at once: 10 are answered, 2 get the polite private "slow down" with
 *   when to retry (each inside 3 s), and other members are unaffected;
 * - more work than the queue holds: the rest get a polite private "busy", never silence.
 */
import { dispatch } from '../../commands/registry';
import { DEFAULT_USER_RATE_LIMIT } from '../../adapters/ops/ratelimit';
import { seenText, startHarness, type Harness } from './harness';
import type { SeenMessage } from './standin';
import { member, type Json } from './standin-payloads';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ESTIMATE = { model: 'llama-3.1-8b', lora: true, gpu: 'rtx4090' } as const;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const fulfilled = <T>(s: PromiseSettledResult<T>[]): T[] => s.filter((x): x is PromiseFulfilledResult<T> => x.status === 'fulfilled').map((x) => x.value);
const title = (m: SeenMessage): string => String((m.embeds[0] as Json | undefined)?.title ?? '');

describe('discord load: a burst of estimates with charts', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness({ handle: (inv) => dispatch(inv, {}) }); });
  afterAll(async () => { await h.stop(); });

  test('GIVEN 100 concurrent estimates from 100 members THEN every one is acknowledged inside 3 s and gets its answer with the chart', async () => {
    const N = 100;
    const runs = Array.from({ length: N }, (_, i) => h.standin.runCommand('vram', { ...ESTIMATE, batch: 1 + (i % 8) }, { member: member(String(300000000000000000n + BigInt(i)), `user${i}`), timeoutMs: 30_000 }));
    const seen = fulfilled(await Promise.allSettled(runs.map((r) => r.seen)));
    const inTime = runs.filter((r) => (r.record.callbacks[0]?.afterMs ?? Infinity) < 3000).length;
    expect({ acknowledgedInTime: inTime, answered: seen.length, violations: h.standin.violations }).toEqual({ acknowledgedInTime: N, answered: N, violations: [] });
    for (const m of seen) {
      expect(seenText(m)).toContain('Weights');
      expect(m.files[0]?.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect((m.embeds[0] as Json | undefined)?.image).toEqual({ url: 'attachment://vram-chart.png' });
    }
  }, 60_000);
});

describe('discord load: the per-person rate limit', () => {
  test('GIVEN one member sends 12 at once (limit 10 a minute) THEN 10 answers and 2 polite private refusals saying when to retry, all inside 3 s; another member is unaffected', async () => {
    const h = await startHarness({ rateLimit: DEFAULT_USER_RATE_LIMIT });
    try {
      const ada = member('500000000000000001', 'eager');
      const runs = Array.from({ length: 12 }, () => h.standin.runCommand('vram', { model: 'qwen-2.5-0.5b', lora: true }, { member: ada, timeoutMs: 20_000 }));
      const seen = fulfilled(await Promise.allSettled(runs.map((r) => r.seen)));
      expect(seen).toHaveLength(12);
      expect(runs.every((r) => (r.record.callbacks[0]?.afterMs ?? Infinity) < 3000)).toBe(true);
      const refused = seen.filter((m) => title(m) === 'Slow down a little');
      expect(refused).toHaveLength(2);
      for (const m of refused) {
        expect(m.ephemeral).toBe(true);
        expect(seenText(m)).toMatch(/You've sent 10 commands in the last 60 seconds, which is my limit per person\. Please try again in \d+ seconds?\./);
      }
      expect(seen.filter((m) => seenText(m).includes('Qwen'))).toHaveLength(10);
      const other = await h.standin.runCommand('vram', { model: 'qwen-2.5-0.5b', lora: true }, { member: member('500000000000000002', 'calm') }).seen;
      expect(seenText(other)).toContain('Qwen');
      expect(h.standin.violations).toEqual([]);
    } finally {
      await h.stop();
    }
  }, 30_000);
});

describe('discord load: the work queue is bounded', () => {
  test('GIVEN more work than the queue holds THEN the rest get a polite private "busy" at once, the others their answers', async () => {
    const h = await startHarness({ handle: async (inv) => { await sleep(300); return dispatch(inv, {}); }, config: { queue: { concurrency: 1, maxWaiting: 1 } } });
    try {
      const runs = Array.from({ length: 4 }, (_, i) => h.standin.runCommand('vram-gpus', {}, { member: member(String(600000000000000000n + BigInt(i)), `q${i}`), timeoutMs: 20_000 }));
      const seen = fulfilled(await Promise.allSettled(runs.map((r) => r.seen)));
      expect(seen).toHaveLength(4);
      expect(runs.every((r) => (r.record.callbacks[0]?.afterMs ?? Infinity) < 3000)).toBe(true);
      const busy = seen.filter((m) => title(m) === 'I am busy right now');
      expect(busy).toHaveLength(2);
      for (const m of busy) expect(m.ephemeral).toBe(true);
      expect(seen.filter((m) => title(m) === 'GPU catalog')).toHaveLength(2);
      expect(h.standin.violations).toEqual([]);
    } finally {
      await h.stop();
    }
  }, 30_000);
});
