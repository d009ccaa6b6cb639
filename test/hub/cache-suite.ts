/**
 * The Hub cache contract every implementation must have (memory, SQLite, PostgreSQL): TTL, the
 * payload cap with LRU eviction, entries larger than the cache, the expiry sweep, the negative
 * cache. Registered once per implementation (test/hub/cache.test.ts, test/hub/pg-cache.test.ts).
 * `sweep()` and `stats()` may be synchronous (memory, SQLite) or asynchronous (PostgreSQL).
 */
import { DEFAULT_HUB_CACHE_MAX_BYTES, DEFAULT_HUB_TTL_MS } from '../../adapters/hub/memory-cache';
import type { HubCache, HubCacheEntry } from '../../src/hub/cache';

export const MiB = 1024 * 1024;
export const HOUR = 3600_000;
export const T0 = Date.UTC(2025, 0, 1);

/** A config of about `bytes` bytes of JSON (a real config is ~1-5 kB; the Hub client caps bodies at 1 MB). */
export const bigEntry = (bytes: number, tag: string, fetchedAt = T0): HubCacheEntry => ({ config: { model_type: 'llama', tag, pad: 'x'.repeat(bytes) }, fetchedAt });
export const small = (tag: string, fetchedAt = T0): HubCacheEntry => ({ config: { model_type: 'llama', tag }, fetchedAt });

type Stats = { entries: number; bytes: number };
export interface Made {
  readonly cache: HubCache & { sweep(): number | Promise<number>; stats(): Stats | Promise<Stats> };
  /** Bytes on disk (database + WAL) where the cache owns a file; 0 where it does not (memory, a server). */
  readonly fileBytes: () => number;
  readonly close: () => void | Promise<void>;
}
export type Maker = (o: { maxBytes?: number; ttlMs?: number; now: () => number }) => Made | Promise<Made>;

export function runHubCacheSuite(make: Maker): void {
  test('GIVEN no maxBytes THEN the cap is 64 MiB', () => {
    expect(DEFAULT_HUB_CACHE_MAX_BYTES).toBe(64 * MiB);
  });

  test('GIVEN 60 distinct 0.9 MB configs and an 8 MiB cap THEN the payload stays under the cap, and the most recently used survive', async () => {
    const cap = 8 * MiB;
    let clock = T0;
    const c = await make({ maxBytes: cap, now: () => clock });
    try {
      await c.cache.set('org/hot', bigEntry(900_000, 'hot'));
      for (let i = 0; i < 60; i++) {
        clock += 1000;
        await c.cache.set(`org/m${i}`, bigEntry(900_000, `m${i}`, clock));
        // Read after every write: the hot entry is always among the most recently used.
        expect(await c.cache.get('org/hot')).toBeDefined();
        expect((await c.cache.stats()).bytes).toBeLessThanOrEqual(cap);
      }
      // 9 entries of 0.9 MB fit in 8 MiB: the hot one and the 8 latest.
      const alive = [];
      for (let i = 0; i < 60; i++) if (await c.cache.get(`org/m${i}`)) alive.push(i);
      expect(alive).toEqual([52, 53, 54, 55, 56, 57, 58, 59]);
      expect(await c.cache.stats()).toMatchObject({ entries: 9 });
      // The file holds at most the cap, its page overhead and the WAL (truncated to 4 MiB after a checkpoint).
      expect(c.fileBytes()).toBeLessThan(cap * 1.1 + 5 * MiB);
    } finally {
      await c.close();
    }
  });

  test('GIVEN a full cache THEN a read makes an entry the last to go (LRU, not FIFO)', async () => {
    const one = 1000;
    const c = await make({ maxBytes: 3 * (one + 200), now: () => T0 });
    try {
      for (const id of ['a/1', 'a/2', 'a/3']) await c.cache.set(id, bigEntry(one, id));
      await c.cache.get('a/1');
      await c.cache.set('a/4', bigEntry(one, 'a/4'));
      expect(await c.cache.get('a/2')).toBeUndefined();
      for (const id of ['a/1', 'a/3', 'a/4']) expect(await c.cache.get(id)).toBeDefined();
    } finally {
      await c.close();
    }
  });

  test('GIVEN an entry larger than the whole cache THEN it is not stored, and the others stay', async () => {
    const c = await make({ maxBytes: 10_000, now: () => T0 });
    try {
      await c.cache.set('a/small', small('small'));
      await c.cache.set('a/huge', bigEntry(20_000, 'huge'));
      expect(await c.cache.get('a/huge')).toBeUndefined();
      expect(await c.cache.get('a/small')).toEqual(small('small'));
    } finally {
      await c.close();
    }
  });

  test('GIVEN entries past their 24 h THEN sweep() drops them without their being read', async () => {
    let clock = T0;
    const c = await make({ now: () => clock });
    try {
      await c.cache.set('a/old', small('old'));
      clock += HOUR;
      await c.cache.set('a/new', small('new', clock));
      clock = T0 + DEFAULT_HUB_TTL_MS;
      expect(await c.cache.sweep()).toBe(1);
      expect((await c.cache.stats()).entries).toBe(1);
      expect(await c.cache.get('a/new')).toEqual(small('new', T0 + HOUR));
    } finally {
      await c.close();
    }
  });

  test('GIVEN a failure remembered for 10 minutes THEN it is there until then, and a config replaces it', async () => {
    let clock = T0;
    const c = await make({ now: () => clock });
    try {
      const failure = { error: { code: 'too_complex' as const, id: 'a/x', detail: 'deep' }, fetchedAt: clock };
      await c.cache.setFailure('a/x', failure, 10 * 60_000);
      expect(await c.cache.get('a/x')).toBeUndefined();
      clock += 10 * 60_000 - 1;
      expect(await c.cache.getFailure('a/x')).toEqual(failure);
      clock += 1;
      expect(await c.cache.getFailure('a/x')).toBeUndefined();
      await c.cache.setFailure('a/y', { ...failure, fetchedAt: clock }, 60_000);
      await c.cache.set('a/y', small('y', clock));
      expect(await c.cache.getFailure('a/y')).toBeUndefined();
      expect(await c.cache.get('a/y')).toEqual(small('y', clock));
    } finally {
      await c.close();
    }
  });

  test('GIVEN an entry stored with its own shorter lifetime THEN it expires then', async () => {
    let clock = T0;
    const c = await make({ now: () => clock });
    try {
      await c.cache.set('a/short', small('short'), 60_000);
      clock += 60_000;
      expect(await c.cache.get('a/short')).toBeUndefined();
    } finally {
      await c.close();
    }
  });
}
