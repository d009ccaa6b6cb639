/**
 * The PostgreSQL Hub cache against a real server (test/support/postgres.ts): the shared cache
 * contract (./cache-suite.ts), then what only a shared database has: entries seen by another
 * instance, the cap across instances, expired rows swept at open and by the timer, a damaged
 * row, and a server that is gone (misses, never throws).
 */
import { Client, Pool } from 'pg';
import { DEFAULT_HUB_TTL_MS } from '../../adapters/hub/memory-cache';
import { openPgHubCache, type PgHubCache, type PgHubCacheOptions } from '../../adapters/hub/pg-cache';
import { openPostgres, type OpenedPostgres } from '../../adapters/store/postgres';
import { usePostgres } from '../support/postgres';
import { bigEntry, HOUR, runHubCacheSuite, small, T0, type Made } from './cache-suite';

const pg = usePostgres();

/** A migrated database (fresh unless `url`) and its Hub cache (no sweep timer unless asked). */
async function openCache(opts: PgHubCacheOptions & { url?: string } = {}): Promise<{ db: OpenedPostgres; cache: PgHubCache; url: string }> {
  const url = opts.url ?? await pg.freshDatabase();
  const { url: _url, ...cacheOpts } = opts;
  // The cache openPostgres opens over its pool, as adapters/main.ts gets it.
  const db = await openPostgres(url, { pool: { connectionTimeoutMillis: 2000 }, hubCache: { sweepIntervalMs: 0, ...cacheOpts } });
  if (!db.ok) throw new Error(db.reason);
  return { db, cache: db.hubCache, url };
}

async function rows(url: string, text: string): Promise<Record<string, unknown>[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

describe('the postgres Hub cache', () => {
  if (pg.skip) test.skip(`the shared cache suite (SKIPPED: ${pg.skip})`, () => undefined);
  else runHubCacheSuite(async (o): Promise<Made> => {
    const { db, cache } = await openCache(o);
    // Disk space is the server's (autovacuum): there is no file of the cache's own to measure.
    return { cache, fileBytes: () => 0, close: async () => { await cache.close(); await db.close(); } };
  });
});

describe('the PostgreSQL Hub cache, shared by instances', () => {
  pg.it('GIVEN an entry stored by one instance THEN another instance reads it, and the cap holds for their writes together', async () => {
    let clock = T0;
    const a = await openCache({ now: () => clock, maxBytes: 3 * 1200 });
    const b = await openCache({ url: a.url, now: () => clock, maxBytes: 3 * 1200 });
    try {
      await a.cache.set('a/1', bigEntry(1000, 'a/1'));
      clock += 1;
      await b.cache.set('a/2', bigEntry(1000, 'a/2'));
      clock += 1;
      expect(await b.cache.get('a/1')).toEqual(bigEntry(1000, 'a/1'));
      clock += 1;
      await a.cache.set('a/3', bigEntry(1000, 'a/3'));
      clock += 1;
      await b.cache.set('a/4', bigEntry(1000, 'a/4'));
      // Each row is 3 + ~1047 bytes; three fit in 3600. a/2 was the least recently used (a/1 was read after it).
      expect(await a.cache.get('a/2')).toBeUndefined();
      for (const id of ['a/1', 'a/3', 'a/4']) expect(await a.cache.get(id)).toBeDefined();
      expect((await b.cache.stats()).entries).toBe(3);
      expect((await b.cache.stats()).bytes).toBeLessThanOrEqual(3 * 1200);
    } finally {
      await a.cache.close();
      await b.cache.close();
      await a.db.close();
      await b.db.close();
    }
  });

  pg.it('GIVEN rows that expired while every instance was down THEN opening the cache sweeps them', async () => {
    let clock = T0;
    const a = await openCache({ now: () => clock });
    await a.cache.set('a/1', small('1'));
    await a.cache.set('a/2', small('2', T0 + HOUR));
    await a.cache.close();
    await a.db.close();
    clock = T0 + DEFAULT_HUB_TTL_MS;
    const b = await openCache({ url: a.url, now: () => clock });
    try {
      // a/1 expired at T0 + 24 h exactly; a/2 has an hour left.
      expect(await b.cache.stats()).toEqual({ entries: 1, bytes: Buffer.byteLength('a/2') + Buffer.byteLength(JSON.stringify(small('2', T0 + HOUR))) });
    } finally {
      await b.cache.close();
      await b.db.close();
    }
  });

  pg.it('GIVEN a short sweep interval THEN the timer deletes expired rows without a read; closed, the cache misses and ignores writes', async () => {
    let clock = T0;
    const c = await openCache({ now: () => clock, sweepIntervalMs: 20 });
    await c.cache.set('a/1', small('1'));
    await c.cache.set('a/2', small('2'));
    clock += DEFAULT_HUB_TTL_MS;
    await new Promise((r) => setTimeout(r, 200));
    expect(await rows(c.url, 'SELECT count(*)::int AS n FROM hub_cache')).toEqual([{ n: 0 }]);
    await c.cache.close();
    await expect(c.cache.set('a/3', small('3', clock))).resolves.toBeUndefined();
    await expect(c.cache.get('a/3')).resolves.toBeUndefined();
    expect(await c.cache.sweep()).toBe(0);
    expect(await rows(c.url, 'SELECT count(*)::int AS n FROM hub_cache')).toEqual([{ n: 0 }]);
    await c.db.close();
  });

  pg.it('GIVEN a row that is not JSON THEN a miss reported to onError, and the row goes', async () => {
    const errors: unknown[] = [];
    const c = await openCache({ now: () => T0, onError: (e) => errors.push(e) });
    try {
      await c.cache.set('a/1', small('1'));
      await rows(c.url, "UPDATE hub_cache SET entry = '{not json' WHERE id = 'a/1'");
      expect(await c.cache.get('a/1')).toBeUndefined();
      expect(errors).toHaveLength(1);
      expect((await c.cache.stats()).entries).toBe(0);
    } finally {
      await c.cache.close();
      await c.db.close();
    }
  });

  pg.it('GIVEN a server that cannot be reached THEN reads miss, writes are skipped, nothing throws, and onError hears of each', async () => {
    const errors: unknown[] = [];
    // Port 1 on the loopback: connection refused at once.
    const pool = new Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', connectionTimeoutMillis: 1000 });
    pool.on('error', () => undefined);
    const cache = await openPgHubCache(pool, { sweepIntervalMs: 0, onError: (e) => errors.push(e) });
    try {
      const before = errors.length; // the last-use read and the sweep at open
      expect(before).toBe(2);
      await expect(cache.set('a/1', small('1'))).resolves.toBeUndefined();
      await expect(cache.get('a/1')).resolves.toBeUndefined();
      await expect(cache.getFailure('a/1')).resolves.toBeUndefined();
      await expect(cache.stats()).resolves.toEqual({ entries: 0, bytes: 0 });
      expect(errors.length).toBe(before + 4);
      expect(String((errors[0] as Error).message)).toMatch(/ECONNREFUSED/);
    } finally {
      await cache.close();
      await pool.end();
    }
  });
});
