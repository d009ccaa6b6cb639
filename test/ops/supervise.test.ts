import { supervise } from '../../adapters/ops/supervise';
import type { RunningAdapter } from '../../adapters/types';

/** A fake adapter: `fail()` makes its `failed` promise resolve, as a dead gateway would. */
function fakeAdapter(name: string) {
  let fail: (e: Error) => void = () => undefined;
  const failed = new Promise<Error>((r) => { fail = r; });
  const state = { stopped: false };
  const adapter: RunningAdapter = { name, failed, ready: () => !state.stopped, stop: async () => { state.stopped = true; } };
  return { adapter, fail: (msg: string) => fail(new Error(msg)), state };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await tick();
  if (!cond()) throw new Error('condition never held');
}

describe('supervise: restart with backoff, the others untouched', () => {
  test('GIVEN an adapter that fails twice THEN it is stopped and restarted, with doubling delays, and the log names it', async () => {
    const logs: string[] = [];
    const sleeps: number[] = [];
    const made: ReturnType<typeof fakeAdapter>[] = [];
    const s = supervise({
      name: 'discord', log: (m) => logs.push(m), initialDelayMs: 1000, maxDelayMs: 4000, now: () => 0,
      sleep: async (ms) => { sleeps.push(ms); },
      start: async () => { const f = fakeAdapter('discord'); made.push(f); return f.adapter; },
    });
    expect(await s.started).toBe(true);
    expect(s.ready()).toBe(true);
    made[0]?.fail('gateway closed: 4004');
    await until(() => made.length === 2);
    expect(made[0]?.state.stopped).toBe(true);
    made[1]?.fail('gateway closed again');
    await until(() => made.length === 3);
    made[2]?.fail('and again');
    await until(() => made.length === 4);
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(s.restarts).toBe(3);
    expect(logs.filter((l) => /^discord adapter failed; restarting it in/.test(l))).toHaveLength(3);
    expect(logs.join('\n')).toMatch(/restarting it in 1 s \(restart 1\); the other adapters keep running/);
    await s.stop();
    expect(made[3]?.state.stopped).toBe(true);
    expect(s.ready()).toBe(false);
  });

  test('GIVEN two supervised adapters and one fails THEN the other keeps running, unstopped', async () => {
    const a = fakeAdapter('slack');
    const bs: ReturnType<typeof fakeAdapter>[] = [];
    const sa = supervise({ name: 'slack', log: () => undefined, start: async () => a.adapter, sleep: async () => undefined });
    const sb = supervise({ name: 'discord', log: () => undefined, start: async () => { const f = fakeAdapter('discord'); bs.push(f); return f.adapter; }, sleep: async () => undefined });
    await Promise.all([sa.started, sb.started]);
    bs[0]?.fail('boom');
    await until(() => bs.length === 2);
    expect(a.state.stopped).toBe(false);
    expect(sa.ready()).toBe(true);
    await Promise.all([sa.stop(), sb.stop()]);
  });

  test('GIVEN a start that throws THEN it is retried with backoff; GIVEN a permanent error THEN not retried, and said so', async () => {
    const logs: string[] = [];
    let n = 0;
    const s = supervise({
      name: 'slack', log: (m) => logs.push(m), sleep: async () => undefined,
      start: async () => {
        n += 1;
        if (n === 1) throw new Error('ECONNREFUSED');
        throw Object.assign(new Error('invalid_auth: the token was rejected'), { permanent: true });
      },
    });
    expect(await s.started).toBe(false);
    await until(() => logs.some((l) => /will not be restarted/.test(l)));
    expect(n).toBe(2);
    expect(logs.join('\n')).toMatch(/slack adapter failed and will not be restarted \(retrying cannot help\): invalid_auth/);
    await s.stop();
  });

  test('GIVEN stop while the adapter starts THEN the adapter is stopped once it is up', async () => {
    const f = fakeAdapter('discord');
    let release: () => void = () => undefined;
    const s = supervise({ name: 'discord', log: () => undefined, start: () => new Promise((r) => { release = () => r(f.adapter); }) });
    const stopping = s.stop();
    release();
    await stopping;
    expect(f.state.stopped).toBe(true);
  });
});
