/**
 * Two instances of the bot, end to end: two real Bolt HTTP apps on two ports, one PostgreSQL
 * server (test/support/postgres.ts) holding their shared state (adapters/store/shared-pg.ts)
 * and presets (adapters/store/postgres.ts), one Slack stand-in. What a load balancer does to
 * Slack's requests: a retry lands on the other instance, one user's requests are spread over
 * both, a preset saved through one is read through the other.
 */
import { openPostgres, type OpenedPostgres } from '../../adapters/store/postgres';
import { pgSharedState } from '../../adapters/store/shared-pg';
import type { PostedMessage } from './support/blocks';
import { startHttpHarness, type HttpHarness } from './support/harness';
import { slashBody } from './support/sign';
import { SlackStandIn } from './support/standin';
import { usePostgres } from '../support/postgres';

const pg = usePostgres();

interface Pair { a: HttpHarness; b: HttpHarness; standin: SlackStandIn; dbs: OpenedPostgres[]; stop(): Promise<void> }

/** Two instances, each with its own pool on one database (as two processes would have). */
async function twoInstances(rateLimit = { capacity: 3, windowMs: 60_000 }): Promise<Pair> {
  const url = await pg.freshDatabase();
  const dbs: OpenedPostgres[] = [];
  for (let i = 0; i < 2; i += 1) {
    const r = await openPostgres(url, { pool: { connectionTimeoutMillis: 2000 } });
    if (!r.ok) throw new Error(r.reason);
    dbs.push(r);
  }
  const standin = await SlackStandIn.start();
  const clock = { t: 1_700_000_000_000 };
  const make = (db: OpenedPostgres): Promise<HttpHarness> => startHttpHarness({
    standin, clock, rateLimit,
    core: { presets: { ok: true, store: db.presets } },
    config: { charts: false, sharedState: pgSharedState(db.pool, () => db.ready()) },
  });
  const [da, db] = dbs as [OpenedPostgres, OpenedPostgres];
  const a = await make(da);
  const b = await make(db);
  return {
    a, b, standin, dbs,
    async stop() {
      await a.stop();
      await b.stop();
      await standin.close();
      for (const d of dbs) await d.close();
    },
  };
}

const text = (m: PostedMessage): string => JSON.stringify(m);

describe('two instances on one PostgreSQL', () => {
  pg.it('GIVEN a command answered by A WHEN Slack retries it (X-Slack-Retry-Num: 1) to B THEN B acks and runs nothing', async () => {
    const p = await twoInstances();
    try {
      const body = slashBody({ text: 'gpus', response_url: p.standin.responseUrl('retried'), trigger_id: '1337.424242.retryacross' });
      const first = await p.a.post(body);
      expect(first.status).toBe(200);
      await p.standin.waitForResponse('retried');
      // Slack's retry: the same body, signed afresh, with the retry headers.
      const retry = await p.b.post(body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
      expect(retry).toMatchObject({ status: 200, body: '' });
      await new Promise((r) => setTimeout(r, 200));
      expect(p.a.handled.n).toBe(1);
      expect(p.b.handled.n).toBe(0);
      expect(p.b.logs.some((l) => l.includes("dropped Slack's retry 1 (http_timeout) of a request already running or answered"))).toBe(true);
      // A different trigger id on B runs.
      await p.b.ask('gpus');
      expect(p.b.handled.n).toBe(1);
    } finally {
      await p.stop();
    }
  }, 30_000);

  pg.it('GIVEN a budget of 3 per 60 s WHEN one user sends 2 to A and 2 to B THEN B refuses the 4th (10 s until a token: 60 000 / 3 = 20 000 ms, less the 10 000 ms elapsed); another user is not limited', async () => {
    const p = await twoInstances({ capacity: 3, windowMs: 60_000 });
    try {
      const user = { user_id: 'U0BUSY' };
      await p.a.ask('gpus', user);
      await p.a.ask('gpus', user);
      p.a.clock.t += 10_000; // one clock for both instances; refills 10 000 x 3 / 60 000 = 0.5 token: 1.5 left
      await p.b.ask('gpus', user); // 0.5 left
      const refused = await p.b.ask('gpus', user);
      // (1 - 0.5) token / (3 / 60 000 per ms) = 10 000 ms: "10 seconds".
      expect(text(refused.message)).toContain("You've sent 3 requests in the last 60 seconds, which is my limit per person. Please try again in 10 seconds.");
      expect(p.a.handled.n + p.b.handled.n).toBe(3);
      // And on A too, the same bucket.
      expect(text((await p.a.ask('gpus', user)).message)).toContain('Please try again in 10 seconds.');
      const other = await p.a.ask('gpus', { user_id: 'U0CALM' });
      expect(text(other.message)).not.toContain('Slow down');
    } finally {
      await p.stop();
    }
  }, 30_000);

  pg.it('GIVEN a preset saved through A THEN B reads it', async () => {
    const p = await twoInstances();
    try {
      const saved = await p.a.ask('preset save name:shared model:llama-3.1-8b lora:true rank:32');
      expect(text(saved.message)).toMatch(/shared/);
      const shown = await p.b.ask('preset show name:shared');
      expect(text(shown.message)).toContain('rank:32');
      expect(text(shown.message)).toContain('llama-3.1-8b');
    } finally {
      await p.stop();
    }
  }, 30_000);

  pg.it('GIVEN the database stops THEN both instances still answer estimates (the shared state fails open) and say so in the log', async () => {
    if (!pg.server().controllable) return; // an external server cannot be stopped here
    const p = await twoInstances();
    try {
      await p.a.ask('gpus');
      await p.b.ask('gpus');
      await pg.server().stop();
      try {
        const r = await p.a.ask('gpus');
        expect(text(r.message)).not.toContain('Slow down');
        expect(p.a.logs.some((l) => /shared postgres state failed \(de-duplication\); failing open/.test(l))).toBe(true);
      } finally {
        await pg.server().start();
      }
    } finally {
      await p.stop();
    }
  }, 60_000);
});
