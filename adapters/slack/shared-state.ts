/**
 * The Slack adapter's state that a later request needs, behind one small interface so that any
 * instance can answer any request (HTTP mode behind a load balancer):
 *
 * - `firstSeen`: the de-duplication of Slack's retries (`guard.ts`): a request (by trigger_id,
 *   event_id, or a hash of who/what, `dedupeKey`) is run by the first instance that records it;
 *   a retry delivered to any instance within the TTL runs nothing.
 * - `take`: the per-user token bucket (`ratelimit.ts` semantics): one bucket per team:user,
 *   wherever the request lands.
 *
 * Three implementations: in memory (one process; the default without a database), SQLite
 * (adapters/store/shared-sqlite.ts, several processes on one host sharing DATA_DIR) and
 * PostgreSQL (adapters/store/shared-pg.ts, several hosts). Each operation is atomic in its
 * store: an insert-if-absent, and a read-modify-write of one bucket row.
 *
 * What stays per instance, on purpose: the exact-replay memory of signatures (`guard.ts`; a
 * replay carries the same trigger_id, so the shared de-duplication stops it on any instance),
 * the users.info cache (`admins.ts`: a cache, a miss only costs a lookup), and the chart
 * renderer's queue and budget (`chart-render.ts`: each render and its upload run within the one
 * request that started them, on the instance that holds the worker thread).
 *
 * Failures: see {@link failOpen}.
 */
import { createSeenSet } from './guard';
import type { LogFn } from './logger';
import { spend, takeResult, type TakeResult } from '../ops/ratelimit';

export interface SweepTimes { readonly seen?: number; readonly buckets?: number }

export interface SharedState {
  /** For the start-up log: where the state lives. */
  readonly kind: 'memory' | 'sqlite' | 'postgres';
  /**
   * Records `key` for `ttlMs` from `now` if it is not recorded (or has expired), atomically.
   * @returns true for the first caller, false while the key is recorded
   */
  firstSeen(key: string, ttlMs: number, now: number): Promise<boolean>;
  /**
   * Spends one token of `bucketKey`'s bucket (capacity `capacity`, refilled continuously at
   * `capacity / windowMs` per ms; a new bucket starts full), atomically.
   */
  take(bucketKey: string, capacity: number, windowMs: number, now: number): Promise<TakeResult>;
  /**
   * Deletes keys expired at `now.seen` and buckets full again at `now.buckets` (equal to absent
   * ones). Two clocks: the rate limit may run on an injected clock (tests), de-duplication on
   * the wall clock; a kind left out is not swept.
   */
  sweep(now: SweepTimes): Promise<void>;
  close(): Promise<void>;
}

/** The token-bucket arithmetic every implementation shares: the in-process buckets' own (adapters/ops/ratelimit.ts). */
export { spend, takeResult };

/** How long a bucket row must be kept: until it is full again (after that it equals no row). */
export const bucketExpiry = (tokens: number, at: number, capacity: number, windowMs: number): number =>
  at + Math.ceil((capacity - tokens) * (windowMs / capacity));

/**
 * One process's state, in memory (today's behaviour without a database): a bounded seen-set
 * (`createSeenSet`, oldest first out at `maxKeys`) and a map of buckets (full ones swept).
 */
export function createMemorySharedState(opts: { readonly maxKeys?: number } = {}): SharedState {
  const maxKeys = opts.maxKeys ?? 100_000;
  let clock = 0;
  const seen = createSeenSet({ maxEntries: maxKeys, now: () => clock });
  const buckets = new Map<string, { tokens: number; at: number; until: number }>();
  const sweepBuckets = (now: number): void => {
    for (const [k, b] of buckets) if (b.until <= now) buckets.delete(k);
  };
  return {
    kind: 'memory',
    async firstSeen(key, ttlMs, now) {
      clock = now;
      return !seen.check(key, now + ttlMs);
    },
    async take(key, capacity, windowMs, now) {
      const b = buckets.get(key);
      if (!b && buckets.size >= maxKeys) sweepBuckets(now);
      const r = spend(b?.tokens ?? capacity, b?.at ?? now, now, capacity, windowMs);
      buckets.set(key, { tokens: r.tokens, at: r.at, until: bucketExpiry(r.tokens, r.at, capacity, windowMs) });
      return takeResult(r.ok, r.tokens, capacity, windowMs);
    },
    async sweep(now) {
      if (now.buckets !== undefined) sweepBuckets(now.buckets);
    },
    async close() {
      buckets.clear();
    },
  };
}

export interface FailOpenDeps {
  readonly log: LogFn;
  /** Counted as `errors{adapter="slack",kind="shared_state"}`. */
  readonly onError?: () => void;
  /** A call that has not answered in this long counts as failed (default 2000 ms). */
  readonly timeoutMs?: number;
  /** How often expired rows are swept, at most (default 60 s); run after a call, never before one. */
  readonly sweepEveryMs?: number;
}

/**
 * Wraps a database-backed state so that its failures never take the bot down: a store error or
 * a call slower than `timeoutMs` is logged and answered as "first seen" and "allowed", i.e. the
 * request runs. Fail OPEN, because the two things guarded are cheap to get wrong once and
 * expensive to get wrong always: a duplicate run costs one more estimate (a pure computation,
 * and the user sees the answer twice), one request over the rate limit costs the same; failing
 * closed would answer nothing at all to every user for as long as the database is away, while
 * estimates need no database. Presets, which do need it, say "unavailable" on their own.
 * Log lines are throttled to one per 10 s, so an outage does not flood the log.
 * Expired rows are swept at most every `sweepEveryMs`, in the background (errors logged).
 */
export function failOpen(inner: SharedState, d: FailOpenDeps): SharedState {
  const timeoutMs = d.timeoutMs ?? 2000;
  const sweepEveryMs = d.sweepEveryMs ?? 60_000;
  let lastLog = -Infinity;
  let lastSweep = -Infinity;
  let sweeping: Promise<void> | undefined;
  /** The latest time each kind was called with (each kind's own clock). */
  const latest: { seen?: number; buckets?: number } = {};
  const failed = (what: string, err: unknown): void => {
    d.onError?.();
    const t = Date.now();
    if (t - lastLog >= 10_000) {
      lastLog = t;
      d.log(`slack: the shared ${inner.kind} state failed (${what}); failing open: the request runs (no de-duplication or rate limit for it)`, err, { level: 'warn' });
    }
  };
  const bounded = async <T>(what: string, p: () => Promise<T>, fallback: T): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs); });
      return await Promise.race([p(), late]);
    } catch (err) {
      failed(what, err);
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  };
  const maybeSweep = (): void => {
    const t = Date.now();
    if (sweeping || t - lastSweep < sweepEveryMs) return;
    lastSweep = t;
    sweeping = inner.sweep({ ...latest }).catch((err: unknown) => failed('sweep', err)).finally(() => { sweeping = undefined; });
  };
  return {
    kind: inner.kind,
    async firstSeen(key, ttlMs, now) {
      const r = await bounded('de-duplication', () => inner.firstSeen(key, ttlMs, now), true);
      latest.seen = Math.max(latest.seen ?? now, now);
      maybeSweep();
      return r;
    },
    async take(key, capacity, windowMs, now) {
      const r = await bounded<TakeResult>('rate limit', () => inner.take(key, capacity, windowMs, now), { ok: true, remaining: 0 });
      latest.buckets = Math.max(latest.buckets ?? now, now);
      maybeSweep();
      return r;
    },
    sweep: (now) => inner.sweep(now),
    async close() {
      await sweeping;
      await inner.close();
    },
  };
}
