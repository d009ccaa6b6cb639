/**
 * End to end, HTTP mode: what Bolt's verification lets through and the request gate stops.
 * Future-dated requests (Bolt checks only the past), exact replays inside the 5-minute window,
 * Slack's own retries (X-Slack-Retry-Num) of a request already running or answered, and signed
 * bodies Bolt cannot route (one of which, `payload=null`, Bolt 5.1 does not answer at all).
 */
import { createHandler } from '../../commands/handler';
import type { Invocation } from '../../commands/types';
import type { Reply } from '../../src/reply/types';
import { messageText, type PostedMessage } from './support/blocks';
import { startHttpHarness, type HttpHarness } from './support/harness';
import { blockActionsPayload, interactionBody, newTriggerId, slashBody } from './support/sign';

let h: HttpHarness;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => { unhandled.push(reason); };
/** Commands by users named `U-slow...` wait for `release()` (a request still being answered). */
let gate: Promise<void> = Promise.resolve();
let release: () => void = () => undefined;
const real = createHandler({ log: () => undefined });

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  h = await startHttpHarness({
    config: { charts: false },
    handle: async (inv: Invocation): Promise<Reply> => {
      if (inv.context.userId.startsWith('U-slow')) await gate;
      return real.handle(inv);
    },
  });
});

afterAll(async () => {
  await h.stop();
  process.off('unhandledRejection', onUnhandled);
});

const now = (): number => Math.floor(Date.now() / 1000);
const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
let seq = 0;
const nextId = (p: string): string => { seq += 1; return `${p}${seq}-${Date.now()}`; };

/** Counts posts per response_url id (the stand-in's map keeps only the last). */
const posts = new Map<string, number>();
beforeAll(() => {
  h.standin.onResponse = (id) => { posts.set(id, (posts.get(id) ?? 0) + 1); };
});

function slash(text: string, extra: { trigger_id?: string; user_id?: string } = {}): { body: string; id: string } {
  const id = nextId('g');
  return { id, body: slashBody({ text, response_url: h.standin.responseUrl(id), user_id: extra.user_id ?? `U-${id}`, ...(extra.trigger_id !== undefined ? { trigger_id: extra.trigger_id } : {}) }) };
}

function click(value: string): { body: string; id: string } {
  const id = nextId('c');
  return { id, body: interactionBody(blockActionsPayload({ value, response_url: h.standin.responseUrl(id), user_id: `U-${id}` })) };
}

describe('slack gate: timestamps in the future', () => {
  test.each([
    ['one hour', 3600],
    ['one year', 365 * 24 * 3600],
    ['two minutes', 120],
  ])('GIVEN a correctly signed slash command dated %s ahead THEN 401, nothing runs, nothing is posted', async (_name, ahead) => {
    const before = h.handled.n;
    const { body, id } = slash('gpus');
    const r = await h.post(body, { timestamp: now() + ahead });
    expect(r.status).toBe(401);
    await settle(100);
    expect(h.handled.n).toBe(before);
    expect(posts.get(id)).toBeUndefined();
  });

  test.each([
    ['one hour', 3600],
    ['one year', 365 * 24 * 3600],
  ])('GIVEN a correctly signed button click dated %s ahead THEN 401 and nothing runs', async (_name, ahead) => {
    const before = h.handled.n;
    const { body, id } = click('gpus');
    const r = await h.post(body, { timestamp: now() + ahead });
    expect(r.status).toBe(401);
    await settle(100);
    expect(h.handled.n).toBe(before);
    expect(posts.get(id)).toBeUndefined();
  });

  test('GIVEN a request 30 s ahead (clock skew within 60 s) THEN it is answered as usual', async () => {
    const { body, id } = slash('gpus');
    const r = await h.post(body, { timestamp: now() + 30 });
    expect(r.status).toBe(200);
    const got = await h.standin.waitForResponse(id);
    expect(messageText(got.body as PostedMessage)).toContain('GPU catalog');
  });

  test('GIVEN a future-dated request THEN the log says why', () => {
    expect(h.logs.join('\n')).toMatch(/refused a request dated \d+ s in the future \(more than 60 s ahead\); answered 401/);
  });
});

describe('slack gate: exact replays', () => {
  test('GIVEN the same signed slash command sent twice THEN both get an empty 200, the command runs once and one reply is posted', async () => {
    const before = h.handled.n;
    const { body, id } = slash('gpus');
    const ts = now();
    const first = await h.post(body, { timestamp: ts });
    const second = await h.post(body, { timestamp: ts });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toBe('');
    await h.standin.waitForResponse(id);
    await settle(200);
    expect(h.handled.n).toBe(before + 1);
    expect(posts.get(id)).toBe(1);
    expect(h.logs.join('\n')).toMatch(/dropped an exact replay/);
  });

  test('GIVEN the same signed click sent three times, concurrently THEN it runs once', async () => {
    const before = h.handled.n;
    const { body, id } = click('gpus');
    const ts = now();
    const rs = await Promise.all([1, 2, 3].map(() => h.post(body, { timestamp: ts })));
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200]);
    await h.standin.waitForResponse(id);
    await settle(200);
    expect(h.handled.n).toBe(before + 1);
    expect(posts.get(id)).toBe(1);
  });

  test('GIVEN the same body re-signed with a new timestamp, without a retry header THEN a second delivery of one request: dropped', async () => {
    const before = h.handled.n;
    const { body, id } = slash('gpus');
    expect((await h.post(body, { timestamp: now() - 10 })).status).toBe(200);
    expect((await h.post(body, { timestamp: now() })).status).toBe(200);
    await h.standin.waitForResponse(id);
    await settle(200);
    expect(h.handled.n).toBe(before + 1);
    expect(posts.get(id)).toBe(1);
    expect(h.logs.join('\n')).toMatch(/dropped a second delivery \(no retry number\) of a request already running or answered/);
  });

  test('GIVEN two commands alike but for their trigger_id THEN both run (Slack gives every invocation its own)', async () => {
    const before = h.handled.n;
    const a = slash('gpus', { user_id: 'U-twins' });
    const b = slashBody({ text: 'gpus', response_url: h.standin.responseUrl(a.id), user_id: 'U-twins' });
    await h.post(a.body);
    await h.post(b);
    await h.standin.waitFor(() => (posts.get(a.id) ?? 0) === 2, 'two replies');
    expect(h.handled.n).toBe(before + 2);
  });

  test('GIVEN a replay with a forged signature THEN still 401 (the gate remembers only verified signatures)', async () => {
    const { body } = slash('gpus');
    const r = await h.post(body, { signature: 'v0=00' });
    expect(r.status).toBe(401);
  });
});

describe('slack gate: Slack retries (X-Slack-Retry-Num)', () => {
  const retry = (n: number, reason = 'http_timeout'): Record<string, string> => ({ 'x-slack-retry-num': String(n), 'x-slack-retry-reason': reason });

  test('GIVEN a retry that overtakes its original (the original arrives second) THEN only one of them runs', async () => {
    const before = h.handled.n;
    const { body, id } = slash('gpus');
    expect((await h.post(body, { headers: retry(1) })).status).toBe(200);
    expect((await h.post(body, { timestamp: now() - 4 })).status).toBe(200);
    await h.standin.waitForResponse(id);
    await settle(200);
    expect(h.handled.n).toBe(before + 1);
    expect(posts.get(id)).toBe(1);
  });

  test('GIVEN a retry while the original is still being answered THEN it is acked with an empty 200 and nothing runs twice', async () => {
    gate = new Promise<void>((r) => { release = r; });
    const before = h.handled.n;
    const { body, id } = slash('gpus', { user_id: `U-slow-${Date.now()}` });
    expect((await h.post(body, { timestamp: now() - 4 })).status).toBe(200);
    await h.standin.waitFor(() => h.handled.n === before + 1, 'the original in the handler');
    const r1 = await h.post(body, { headers: retry(1) });
    const r2 = await h.post(body, { headers: retry(2) });
    expect([r1.status, r1.body, r2.status, r2.body]).toEqual([200, '', 200, '']);
    release();
    await h.standin.waitForResponse(id);
    await settle(200);
    expect(h.handled.n).toBe(before + 1);
    expect(posts.get(id)).toBe(1);
    expect(h.logs.join('\n')).toMatch(/dropped Slack's retry 1 \(http_timeout\) of a request already running or answered/);
  });

  test('GIVEN a retry after the original was answered THEN it is dropped', async () => {
    const before = h.handled.n;
    const { body, id } = slash('gpus');
    await h.post(body, { timestamp: now() - 4 });
    await h.standin.waitForResponse(id);
    const r = await h.post(body, { headers: retry(1) });
    expect(r.status).toBe(200);
    await settle(200);
    expect(h.handled.n).toBe(before + 1);
    expect(posts.get(id)).toBe(1);
  });

  test('GIVEN a retry whose original never arrived THEN it runs (that is what a retry is for), and a second retry does not', async () => {
    const before = h.handled.n;
    const { body, id } = slash('gpus');
    expect((await h.post(body, { headers: retry(1) })).status).toBe(200);
    await h.standin.waitForResponse(id);
    expect((await h.post(body, { headers: retry(2) })).status).toBe(200);
    await settle(200);
    expect(h.handled.n).toBe(before + 1);
    expect(posts.get(id)).toBe(1);
  });

  test('GIVEN no trigger_id THEN a retry is matched by team, user, text and response_url', async () => {
    const before = h.handled.n;
    const { body, id } = slash('gpus', { trigger_id: '' });
    expect(body).not.toContain('trigger_id');
    await h.post(body, { timestamp: now() - 4 });
    await h.standin.waitForResponse(id);
    await h.post(body, { headers: retry(1) });
    // Same user and text, another response_url: a different request, which runs.
    const other = slashBody({ text: 'gpus', response_url: h.standin.responseUrl(`${id}-b`), user_id: `U-${id}`, trigger_id: '' });
    await h.post(other, { headers: retry(1) });
    await h.standin.waitForResponse(`${id}-b`);
    await settle(200);
    expect(h.handled.n).toBe(before + 2);
    expect(posts.get(id)).toBe(1);
  });

  test('GIVEN a retried click of a click already answered THEN it is dropped', async () => {
    const before = h.handled.n;
    const payload = blockActionsPayload({ value: 'gpus', response_url: h.standin.responseUrl(nextId('c')), user_id: 'U-retry-click' });
    const id = String(payload.response_url).split('/').at(-1) ?? '';
    const body = interactionBody({ ...payload, trigger_id: newTriggerId() });
    await h.post(body, { timestamp: now() - 4 });
    await h.standin.waitForResponse(id);
    expect((await h.post(body, { headers: retry(1) })).status).toBe(200);
    await settle(200);
    expect(h.handled.n).toBe(before + 1);
    expect(posts.get(id)).toBe(1);
  });
});

describe('slack gate: signed bodies Bolt cannot route', () => {
  test.each([
    ['payload=null (Bolt 5.1: an unhandled rejection and no answer)', 'payload=null', undefined],
    ['payload=5', 'payload=5', undefined],
    ['payload="text"', `payload=${encodeURIComponent('"text"')}`, undefined],
    ['payload=[]', 'payload=%5B%5D', undefined],
    ['a JSON null', 'null', 'application/json'],
    ['a JSON array', '[1,2]', 'application/json'],
    ['an object of no known type', JSON.stringify({ hello: 'world' }), 'application/json'],
  ])('GIVEN %s THEN 400 at once and nothing runs', async (_name, body, contentType) => {
    const before = h.handled.n;
    const r = await h.post(body, { ...(contentType ? { contentType } : {}), timeoutMs: 2000 });
    expect(r.status).toBe(400);
    expect(r.ms).toBeLessThan(1000);
    expect(h.handled.n).toBe(before);
  });

  test('GIVEN a block_actions payload with neither user nor team (Bolt throws) THEN 400, not 500', async () => {
    const r = await h.post(interactionBody({ type: 'block_actions', actions: [{ type: 'button', action_id: 'vram_action:how', value: 'gpus' }] }));
    expect(r.status).toBe(400);
  });

  test.each([
    ['another slash command', slashBody({ text: 'x', response_url: 'http://127.0.0.1:9/none' }).replace('command=%2Fvram', 'command=%2Fother')],
    ['a click on a button that is not ours', interactionBody(blockActionsPayload({ value: 'gpus', response_url: 'http://127.0.0.1:9/none', action_id: 'someone_else' }))],
    ['block_actions with no actions', interactionBody({ ...blockActionsPayload({ value: 'gpus', response_url: 'http://127.0.0.1:9/none' }), actions: [] })],
  ])('GIVEN %s THEN an empty 200 at once (not Bolt\'s 404 after 3 s), and nothing runs', async (_name, body) => {
    const before = h.handled.n;
    const r = await h.post(body, { timeoutMs: 2500 });
    expect(r.status).toBe(200);
    expect(r.ms).toBeLessThan(1000);
    expect(h.handled.n).toBe(before);
  });

  test('GIVEN Slack\'s URL check twice THEN both get their challenge (never dropped as a duplicate)', async () => {
    for (const challenge of ['c1', 'c2']) {
      const r = await h.post(JSON.stringify({ type: 'url_verification', token: 't', challenge: 'same' }).replace('same', challenge), { contentType: 'application/json' });
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toEqual({ challenge });
    }
    const again = await h.post(JSON.stringify({ type: 'url_verification', token: 't', challenge: 'c1' }), { contentType: 'application/json', timestamp: now() - 1 });
    expect(JSON.parse(again.body)).toEqual({ challenge: 'c1' });
  });

  test('GIVEN everything above THEN no unhandled rejection and Bolt never timed out an ack', () => {
    expect(unhandled).toEqual([]);
    expect(h.logs.join('\n')).not.toMatch(/not acknowledged within 3 seconds/);
  });
});

describe('slack gate: bounded memory', () => {
  test('GIVEN more signatures than the cap THEN the oldest are forgotten (logged once), and a replay of one is still dropped as a second delivery', async () => {
    const small = await startHttpHarness({ config: { charts: false, requestGuard: { maxSignatures: 2 } } });
    try {
      const bodies = [1, 2, 3].map((i) => slashBody({ text: 'gpus', response_url: small.standin.responseUrl(`cap${i}`), user_id: `U-cap-${i}` }));
      const ts = now();
      for (const b of bodies) expect((await small.post(b, { timestamp: ts })).status).toBe(200);
      await small.standin.waitFor(() => small.handled.n === 3, 'three commands');
      expect((await small.post(bodies[0] ?? '', { timestamp: ts })).status).toBe(200);
      await settle(200);
      expect(small.handled.n).toBe(3);
      const log = small.logs.join('\n');
      expect(log.match(/the replay cache is full/g)).toHaveLength(1);
      expect(log).toMatch(/dropped a second delivery/);
    } finally {
      await small.stop();
    }
  });
});
