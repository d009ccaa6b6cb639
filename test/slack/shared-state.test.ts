/**
 * The Slack adapter's shared state (adapters/slack/shared-state.ts) in its three stores: in
 * memory, SQLite (adapters/store/shared-sqlite.ts) and a real PostgreSQL server
 * (adapters/store/shared-pg.ts): the same hand-computed answers from each, atomicity under
 * concurrent callers, sweeping, and failing open.
 *
 * Numbers: capacity 4 per 4096 ms refills 4/4096 = 1/1024 token per ms (exact in binary, so
 * JavaScript and float8 agree to the bit).
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { openPostgres, type OpenedPostgres } from '../../adapters/store/postgres';
import { pgSharedState } from '../../adapters/store/shared-pg';
import { openSlackSqlite, SLACK_DB_FILE } from '../../adapters/store/shared-sqlite';
import { bucketExpiry, createMemorySharedState, failOpen, spend, type SharedState, type SweepTimes } from '../../adapters/slack/shared-state';
import { usePostgres } from '../support/postgres';
import { tempDir } from '../store/tmp';

const pg = usePostgres();
const cleanups: (() => void)[] = [];
afterAll(() => { for (const c of cleanups) c(); });
const tmpDir = (): string => { const t = tempDir('vram-slack-state-'); cleanups.push(t.cleanup); return t.dir; };
const CAP = 4;
const WIN = 4096;
const TTL = 600_000;

interface Opened { readonly state: SharedState; readonly rows?: (table: string) => Promise<number>; close(): Promise<void> }
type Maker = () => Promise<Opened>;

async function pgOpen(url?: string): Promise<{ db: OpenedPostgres; url: string }> {
  const u = url ?? await pg.freshDatabase();
  const r = await openPostgres(u, { pool: { connectionTimeoutMillis: 2000 } });
  if (!r.ok) throw new Error(r.reason);
  return { db: r, url: u };
}

async function pgCount(url: string, table: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);
  } finally {
    await c.end();
  }
}

const makers: [string, Maker, boolean][] = [
  ['memory', async () => ({ state: createMemorySharedState(), close: async () => undefined }), true],
  ['SQLite', async () => {
    const dir = tmpDir();
    const o = openSlackSqlite({ dir });
    if (!o.ok) throw new Error(o.reason);
    const rows = async (table: string): Promise<number> => {
      const db = new Database(join(dir, SLACK_DB_FILE), { readonly: true });
      try { return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n; } finally { db.close(); }
    };
    return { state: o.sharedState, rows, close: async () => o.close() };
  }, true],
  ['PostgreSQL', async () => {
    const { db, url } = await pgOpen();
    return { state: pgSharedState(db.pool, () => db.ready()), rows: (t) => pgCount(url, t), close: () => db.close() };
  }, pg.skip === null],
];

describe('spend: the token-bucket arithmetic', () => {
  test('a full bucket of 4 gives one, 512 ms refill half a token (512 / 1024), times going back refill nothing', () => {
    expect(spend(4, 0, 0, CAP, WIN)).toEqual({ tokens: 3, at: 0, ok: true });
    expect(spend(0, 0, 512, CAP, WIN)).toEqual({ tokens: 0.5, at: 512, ok: false });
    expect(spend(0.5, 512, 1024, CAP, WIN)).toEqual({ tokens: 0, at: 1024, ok: true });
    expect(spend(0, 1000, 900, CAP, WIN)).toEqual({ tokens: 0, at: 1000, ok: false });
    // An empty bucket is full again 4 tokens x 1024 ms later.
    expect(bucketExpiry(0, 1024, CAP, WIN)).toBe(1024 + 4096);
  });
});

for (const [name, make, runs] of makers) {
  const it = runs ? test : test.skip;
  describe(`shared state in ${name}`, () => {
    it('GIVEN a key THEN only the first call sees it first, until its TTL of 600 000 ms has passed', async () => {
      const o = await make();
      try {
        expect(await o.state.firstSeen('t:abc', TTL, 0)).toBe(true);
        expect(await o.state.firstSeen('t:abc', TTL, 1)).toBe(false);
        expect(await o.state.firstSeen('t:abc', TTL, 599_999)).toBe(false);
        expect(await o.state.firstSeen('t:other', TTL, 10)).toBe(true);
        // Expired at 0 + 600 000: recorded afresh, until 1 200 000.
        expect(await o.state.firstSeen('t:abc', TTL, 600_000)).toBe(true);
        expect(await o.state.firstSeen('t:abc', TTL, 1_199_999)).toBe(false);
      } finally {
        await o.close();
      }
    });

    it('GIVEN a bucket of 4 per 4096 ms THEN 4 pass, the 5th waits 1024 ms, 512 ms later it waits 512 ms, at 1024 ms one passes', async () => {
      const o = await make();
      try {
        const k = 'T1:U1';
        const got = [];
        for (let i = 0; i < 5; i += 1) got.push(await o.state.take(k, CAP, WIN, 0));
        expect(got).toEqual([
          { ok: true, remaining: 3 }, { ok: true, remaining: 2 }, { ok: true, remaining: 1 }, { ok: true, remaining: 0 },
          { ok: false, retryAfterMs: 1024 }, // (1 - 0) token / (1/1024 per ms)
        ]);
        expect(await o.state.take(k, CAP, WIN, 512)).toEqual({ ok: false, retryAfterMs: 512 }); // 0.5 token left to wait for
        expect(await o.state.take(k, CAP, WIN, 1024)).toEqual({ ok: true, remaining: 0 }); // 0.5 + 512/1024 = 1
        // Another user's bucket is untouched.
        expect(await o.state.take('T1:U2', CAP, WIN, 1024)).toEqual({ ok: true, remaining: 3 });
      } finally {
        await o.close();
      }
    });

    it('GIVEN expired keys and full-again buckets THEN sweep deletes exactly those rows', async () => {
      const o = await make();
      try {
        await o.state.firstSeen('old', 1000, 0); // expires at 1000
        await o.state.firstSeen('new', TTL, 0);
        await o.state.take('A', CAP, WIN, 0); // 3 left at 0: full again at 0 + 1 x 1024
        for (let i = 0; i < 4; i += 1) await o.state.take('B', CAP, WIN, 0); // empty at 0: full at 4096
        await o.state.sweep({ seen: 1024, buckets: 1024 });
        if (o.rows) {
          expect(await o.rows('slack_seen')).toBe(1);
          expect(await o.rows('slack_buckets')).toBe(1);
        }
        expect(await o.state.firstSeen('old', 1000, 1024)).toBe(true);
        expect(await o.state.firstSeen('new', TTL, 1024)).toBe(false);
        // B: 1024 ms refilled 1 token.
        expect(await o.state.take('B', CAP, WIN, 1024)).toEqual({ ok: true, remaining: 0 });
        // A, swept, starts full: as it would have been (3 + 1024/1024 = 4).
        expect(await o.state.take('A', CAP, WIN, 1024)).toEqual({ ok: true, remaining: 3 });
      } finally {
        await o.close();
      }
    });
  });
}

describe('shared state in PostgreSQL: two instances at once', () => {
  pg.it('GIVEN two pools on one database and 40 concurrent callers THEN one key is first-seen once and a bucket of 10 grants exactly 10', async () => {
    const a = await pgOpen();
    const b = await pgOpen(a.url);
    try {
      const sa = pgSharedState(a.db.pool, () => a.db.ready());
      const sb = pgSharedState(b.db.pool, () => b.db.ready());
      const seen = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? sa : sb).firstSeen('t:same', TTL, 5)));
      expect(seen.filter(Boolean)).toHaveLength(1);
      const takes = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? sa : sb).take('T1:U9', 10, 60_000, 7)));
      expect(takes.filter((t) => t.ok)).toHaveLength(10);
      // Every refusal at the same instant waits for one token: 60 000 / 10 = 6000 ms.
      expect(takes.filter((t) => !t.ok)).toEqual(Array.from({ length: 30 }, () => ({ ok: false, retryAfterMs: 6000 })));
    } finally {
      await a.db.close();
      await b.db.close();
    }
  });
});

describe('shared state in SQLite: two connections to one file', () => {
  test('GIVEN two processes\' views of slack.db THEN a key seen by one is seen by the other, and they spend one bucket', async () => {
    const dir = tmpDir();
    const a = openSlackSqlite({ dir });
    const b = openSlackSqlite({ dir });
    if (!a.ok || !b.ok) throw new Error('open failed');
    try {
      expect(await a.sharedState.firstSeen('t:x', TTL, 0)).toBe(true);
      expect(await b.sharedState.firstSeen('t:x', TTL, 1)).toBe(false);
      for (let i = 0; i < 2; i += 1) await a.sharedState.take('T:U', CAP, WIN, 0);
      for (let i = 0; i < 2; i += 1) await b.sharedState.take('T:U', CAP, WIN, 0);
      expect(await a.sharedState.take('T:U', CAP, WIN, 0)).toEqual({ ok: false, retryAfterMs: 1024 });
    } finally {
      a.close();
      b.close();
    }
  });
});

describe('shared state in SQLite: three processes racing on one file', () => {
  test('GIVEN 3 processes x 40 takes of a bucket of 50 and 40 shared keys THEN exactly 50 takes pass and each key is first-seen once (BEGIN IMMEDIATE)', async () => {
    const dir = tmpDir();
    const init = openSlackSqlite({ dir }); // migrated once before the race
    if (!init.ok) throw new Error(init.reason);
    init.close();
    const startAt = Date.now() + 1500;
    const run = (): Promise<{ granted: number; first: number }> => new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'sqlite-state-child.ts'), dir, String(startAt), '40'], { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
      child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { granted: number; first: number }) : reject(new Error(`child exited ${String(code)}: ${err}`))));
    });
    const results = await Promise.all([run(), run(), run()]);
    // 120 takes of a bucket of 50 that never refills (window 1e9 ms, one instant): 50 pass.
    expect(results.reduce((s, r) => s + r.granted, 0)).toBe(50);
    // 40 keys, each checked by all 3: 40 first sightings in all.
    expect(results.reduce((s, r) => s + r.first, 0)).toBe(40);
  }, 30_000);
});

describe('failOpen: a failing store never stops the bot', () => {
  const broken = (how: 'throw' | 'hang'): SharedState => {
    const fail = (): Promise<never> => (how === 'throw' ? Promise.reject(new Error('connection refused (ECONNREFUSED)')) : new Promise<never>(() => undefined));
    return { kind: 'postgres', firstSeen: fail, take: fail, sweep: fail, close: async () => undefined };
  };
  test.each(['throw', 'hang'] as const)('GIVEN a store that %ss THEN requests run (first seen, allowed), errors are counted, and the log says so once per 10 s', async (how) => {
    const logs: string[] = [];
    let errors = 0;
    const s = failOpen(broken(how), { log: (m) => logs.push(m), onError: () => { errors += 1; }, timeoutMs: 50, sweepEveryMs: 1e12 });
    expect(await s.firstSeen('k', TTL, 0)).toBe(true);
    expect(await s.firstSeen('k', TTL, 1)).toBe(true);
    expect(await s.take('T:U', 1, 1000, 0)).toEqual({ ok: true, remaining: 0 });
    // 3 calls, plus the sweep the first call started (it fails too when the store throws; a hanging one never ends).
    expect(errors).toBe(how === 'throw' ? 4 : 3);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/shared postgres state failed \(de-duplication\); failing open/);
  });

  test('GIVEN a working store THEN failOpen answers what it answers, and sweeps each kind on its own clock, at most once per interval', async () => {
    const inner = createMemorySharedState();
    const sweeps: SweepTimes[] = [];
    const counted: SharedState = { ...inner, sweep: async (n) => { sweeps.push(n); await inner.sweep(n); } };
    const s = failOpen(counted, { log: () => undefined, sweepEveryMs: 0 });
    expect(await s.firstSeen('k', TTL, 5000)).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(await s.take('T:U', 1, 1000, 70)).toEqual({ ok: true, remaining: 0 });
    await new Promise((r) => setImmediate(r));
    expect(await s.firstSeen('k', TTL, 6000)).toBe(false);
    // The de-duplication's clock (5000, then 6000) and the rate limit's (70) are kept apart.
    expect(sweeps).toEqual([{ seen: 5000 }, { seen: 5000, buckets: 70 }, { seen: 6000, buckets: 70 }]);
    const rare = failOpen(counted, { log: () => undefined, sweepEveryMs: 1e12 });
    sweeps.length = 0;
    for (let i = 0; i < 3; i += 1) await rare.firstSeen(`x${i}`, TTL, i);
    expect(sweeps).toEqual([{ seen: 0 }]);
    await s.close();
  });
});
