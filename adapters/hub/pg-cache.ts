/**
 * The Hub lookup cache in PostgreSQL (table `hub_cache`, created by adapters/store/pg-migrations.ts
 * version 2), used when DATABASE_URL is set: every bot instance shares it. The same contract as
 * the SQLite cache (adapters/hub/sqlite-cache.ts): entries expire `ttlMs` after `fetchedAt`
 * (remembered failures after their own, shorter lifetime); the payload (each row's JSON and id,
 * in UTF-8 bytes, `payloadOf`) is capped at `maxBytes`, past which the least recently used rows
 * (by the time they were last stored or read) are deleted; expired rows are deleted on open, on
 * every write and by a sweep every `sweepIntervalMs` (an unref'd timer, cleared by `close`).
 *
 * Writes from several instances are serialized by a transaction-level advisory lock
 * (`pg_advisory_xact_lock`), so the cap holds across instances. The cache never throws: a failing
 * read is a miss, a failing write is skipped, and both go to `onError` (for the log). Disk space
 * of deleted rows is the server's to reclaim (autovacuum), not this module's.
 */
import type { Pool } from 'pg';
import { pgTransaction } from '../store/pg-transaction';
import type { HubCache, HubCacheEntry, HubCachedFailure } from '../../src/hub/cache';
import { DEFAULT_HUB_CACHE_MAX_BYTES, DEFAULT_HUB_TTL_MS, payloadOf } from './memory-cache';
import { DEFAULT_HUB_SWEEP_INTERVAL_MS } from './sqlite-cache';

export interface PgHubCacheOptions {
  /** Entry lifetime, counted from `fetchedAt`; default 24 h. */
  readonly ttlMs?: number;
  /** Most payload bytes kept (each row's JSON and id); default 64 MiB. */
  readonly maxBytes?: number;
  /** Interval of the sweep of expired rows; default 10 minutes; 0: no timer (on open and on writes only). */
  readonly sweepIntervalMs?: number;
  /** Clock in ms since the epoch; tests inject one. Default `Date.now`. */
  readonly now?: () => number;
  /** Told about a read or write that failed (and was turned into a miss or skipped). */
  readonly onError?: (err: unknown) => void;
  /** Awaited before each query: the schema is migrated (adapters/store/postgres.ts `openPostgres`). */
  readonly ready?: () => Promise<void>;
}

export interface PgHubCache extends HubCache {
  /** Deletes every expired row now; returns how many (0 when the database cannot be reached). */
  sweep(): Promise<number>;
  /** Rows held and their payload bytes. */
  stats(): Promise<{ readonly entries: number; readonly bytes: number }>;
  /** Stops the sweep timer; the cache then misses and ignores writes. The pool is the caller's. */
  close(): Promise<void>;
}

/**
 * Two-int advisory lock key (class, id) taken by every cache write. The class numbers of this
 * project's advisory locks are listed in adapters/store/postgres.ts `LOCK_CLASS`.
 */
const HUB_CACHE_LOCK: readonly [number, number] = [3, 0];

type Kind = 'config' | 'failure';
interface Row { kind: Kind; entry: string; expires_at: string }

/**
 * The cache over `pool` (whose database must be migrated: see `openPostgres`). Reads the last
 * use stamp and sweeps expired rows once; never rejects.
 */
export async function openPgHubCache(pool: Pool, opts: PgHubCacheOptions = {}): Promise<PgHubCache> {
  const ttlMs = opts.ttlMs ?? DEFAULT_HUB_TTL_MS;
  const maxBytes = opts.maxBytes ?? DEFAULT_HUB_CACHE_MAX_BYTES;
  const sweepIntervalMs = opts.sweepIntervalMs ?? DEFAULT_HUB_SWEEP_INTERVAL_MS;
  const now = opts.now ?? Date.now;
  const onError = opts.onError ?? ((): void => undefined);
  const ready = opts.ready ?? ((): Promise<void> => Promise.resolve());
  let closed = false;

  async function guarded<T>(fallback: T, f: () => Promise<T>): Promise<T> {
    if (closed) return fallback;
    try {
      await ready();
      return await f();
    } catch (err) {
      onError(err);
      return fallback;
    }
  }

  /** Last-use stamps: the clock, made strictly increasing in this process so that LRU order has no ties here. */
  let lastStamp = await guarded(0, async () => Number((await pool.query<{ t: string | null }>('SELECT max(last_used) AS t FROM hub_cache')).rows[0]?.t ?? 0));
  const stamp = (): number => (lastStamp = Math.max(now(), lastStamp + 1));

  const sweep = (): Promise<number> => guarded(0, async () => (await pool.query('DELETE FROM hub_cache WHERE expires_at <= $1', [now()])).rowCount ?? 0);

  const store = (id: string, kind: Kind, value: unknown, fetchedAt: number, ttl: number): Promise<void> => guarded(undefined, () => pgTransaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1, $2)', [...HUB_CACHE_LOCK]);
    const p = payloadOf(id, value);
    if (p === undefined || p.bytes > maxBytes || fetchedAt + ttl <= now()) {
      await c.query('DELETE FROM hub_cache WHERE id = $1', [id]);
      return;
    }
    await c.query('DELETE FROM hub_cache WHERE expires_at <= $1', [now()]);
    await c.query(
      `INSERT INTO hub_cache (id, kind, entry, fetched_at, expires_at, last_used, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, entry = excluded.entry, fetched_at = excluded.fetched_at,
         expires_at = excluded.expires_at, last_used = excluded.last_used, bytes = excluded.bytes`,
      [id, kind, p.text, fetchedAt, fetchedAt + ttl, stamp(), p.bytes],
    );
    // LRU eviction in one statement: keep the most recently used rows while their running total
    // (newest first) fits the cap; everything older goes. The same rows as deleting the oldest
    // one by one until the total fits (the running total only grows).
    await c.query(
      `DELETE FROM hub_cache WHERE id IN (
         SELECT id FROM (SELECT id, sum(bytes) OVER (ORDER BY last_used DESC, id DESC) AS kept FROM hub_cache) ranked
         WHERE kept > $1)`,
      [maxBytes],
    );
  }));

  const read = <T>(id: string, kind: Kind): Promise<T | undefined> => guarded<T | undefined>(undefined, async () => {
    const row = (await pool.query<Row>('SELECT kind, entry, expires_at FROM hub_cache WHERE id = $1', [id])).rows[0];
    if (!row) return undefined;
    if (now() >= Number(row.expires_at)) {
      await pool.query('DELETE FROM hub_cache WHERE id = $1 AND expires_at <= $2', [id, now()]);
      return undefined;
    }
    if (row.kind !== kind) return undefined;
    let value: T;
    try {
      value = JSON.parse(row.entry) as T;
    } catch (err) {
      await pool.query('DELETE FROM hub_cache WHERE id = $1', [id]);
      throw err;
    }
    await pool.query('UPDATE hub_cache SET last_used = $1 WHERE id = $2', [stamp(), id]);
    return value;
  });

  await sweep();
  const timer = sweepIntervalMs > 0 ? setInterval(() => { void sweep(); }, sweepIntervalMs) : undefined;
  timer?.unref();

  return {
    get: (id) => read<HubCacheEntry>(id, 'config'),
    set: (id, entry, ttl = ttlMs) => store(id, 'config', entry, entry.fetchedAt, ttl),
    getFailure: (id) => read<HubCachedFailure>(id, 'failure'),
    setFailure: (id, failure, ttl) => store(id, 'failure', failure, failure.fetchedAt, ttl),
    sweep,
    stats: () => guarded({ entries: 0, bytes: 0 }, async () => {
      const r = (await pool.query<{ n: string; b: string }>('SELECT count(*) AS n, COALESCE(sum(bytes), 0) AS b FROM hub_cache')).rows[0];
      return { entries: Number(r?.n ?? 0), bytes: Number(r?.b ?? 0) };
    }),
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
    },
  };
}
