/**
 * A per-key token bucket for the chat adapters: `capacity` requests at once, refilled
 * continuously at `capacity / windowMs` tokens per millisecond (10 per 60 s: a burst of 10, then
 * one every 6 s). The same rule as Slack's (`adapters/slack/ratelimit.ts`), shared here for
 * Discord and anything that comes next. Pure apart from the injected clock; memory is bounded
 * (idle, full buckets are dropped when `maxKeys` is reached).
 */

export interface TokenBucketOptions {
  readonly capacity: number;
  readonly windowMs: number;
  /** Current time in ms (default `Date.now`); tests inject a fake clock. */
  readonly now?: () => number;
  /** Buckets kept before full (idle) ones are dropped (default 10 000). */
  readonly maxKeys?: number;
}

export type TakeResult = { readonly ok: true; readonly remaining: number } | { readonly ok: false; readonly retryAfterMs: number };

export interface TokenBuckets {
  /** Spends one token for `key`, or says how long until one is available. */
  take(key: string): TakeResult;
  /** Buckets held now (tests). */
  readonly size: number;
}

/** What the adapters allow one person by default: 10 commands a minute (as Slack). */
export const DEFAULT_USER_RATE_LIMIT = { capacity: 10, windowMs: 60_000 } as const;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * The token-bucket arithmetic, shared by the in-process buckets here and the database-backed
 * ones (adapters/slack/shared-state.ts): `tokens` last counted at `at`, refilled at
 * `capacity / windowMs` per ms up to `capacity`; time going backwards refills nothing.
 */
export function refilledTokens(tokens: number, at: number, now: number, capacity: number, windowMs: number): number {
  return Math.min(capacity, tokens + Math.max(0, now - at) * (capacity / windowMs));
}

/**
 * One take from a bucket held as numbers (a database row): refilled to `now`, then one token
 * spent if there is one. `at` never moves backwards (two instances' clocks).
 * @example
 * spend(0, 0, 6000, 10, 60_000) // { tokens: 0, at: 6000, ok: true }: 6 s refill one token
 */
export function spend(tokens: number, at: number, now: number, capacity: number, windowMs: number): { tokens: number; at: number; ok: boolean } {
  const refilled = refilledTokens(tokens, at, now, capacity, windowMs);
  const t = Math.max(at, now);
  return refilled >= 1 ? { tokens: refilled - 1, at: t, ok: true } : { tokens: refilled, at: t, ok: false };
}

/** The answer for a bucket left with `tokens` after a take. */
export function takeResult(ok: boolean, tokens: number, capacity: number, windowMs: number): TakeResult {
  return ok ? { ok: true, remaining: Math.floor(tokens) } : { ok: false, retryAfterMs: Math.ceil((1 - tokens) / (capacity / windowMs)) };
}

/**
 * @example
 * const rl = createTokenBuckets({ capacity: 10, windowMs: 60_000 });
 * rl.take('G1:U1'); // { ok: true, remaining: 9 }
 */
export function createTokenBuckets(opts: TokenBucketOptions): TokenBuckets {
  if (!(opts.capacity >= 1) || !(opts.windowMs > 0)) throw new RangeError('rate limit: capacity >= 1 and windowMs > 0 required');
  const now = opts.now ?? Date.now;
  const maxKeys = Math.max(1, opts.maxKeys ?? 10_000);
  const buckets = new Map<string, Bucket>();

  const refill = (b: Bucket, t: number): void => {
    b.tokens = refilledTokens(b.tokens, b.at, t, opts.capacity, opts.windowMs);
    b.at = t;
  };

  /** Drops full buckets; if every bucket is in use, the oldest go (a new key is never refused for memory). */
  const sweep = (t: number): void => {
    for (const [k, b] of buckets) {
      refill(b, t);
      if (b.tokens >= opts.capacity) buckets.delete(k);
    }
    while (buckets.size >= maxKeys) {
      const oldest = buckets.keys().next();
      if (oldest.done === true) break;
      buckets.delete(oldest.value);
    }
  };

  return {
    get size() {
      return buckets.size;
    },
    take(key) {
      const t = now();
      let b = buckets.get(key);
      if (!b) {
        if (buckets.size >= maxKeys) sweep(t);
        b = { tokens: opts.capacity, at: t };
        buckets.set(key, b);
      } else {
        refill(b, t);
      }
      const ok = b.tokens >= 1;
      if (ok) b.tokens -= 1;
      return takeResult(ok, b.tokens, opts.capacity, opts.windowMs);
    },
  };
}
