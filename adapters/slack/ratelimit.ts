/**
 * A per-key token bucket: `capacity` requests at once, refilled continuously at
 * `capacity / windowMs` tokens per millisecond (10 per 60 s: one every 6 s after a burst of 10).
 * Pure apart from the injected clock. In-process: the chart renderer's budget uses it (one
 * worker pool per process). Users' request budgets go through `shared-state.ts` (`take`, the same
 * arithmetic as `spend`), so that one bucket holds across instances.
 */

export interface RateLimitOptions {
  readonly capacity: number;
  readonly windowMs: number;
  /** Current time in ms (default `Date.now`); tests inject a fake clock. */
  readonly now?: () => number;
  /** Buckets kept before full (idle) ones are dropped (default 10 000). */
  readonly maxKeys?: number;
}

export type TakeResult = { readonly ok: true; readonly remaining: number } | { readonly ok: false; readonly retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

export interface RateLimiter {
  /** Spends one token for `key`, or says how long until one is available. */
  take(key: string): TakeResult;
}

/**
 * @example
 * const rl = createRateLimiter({ capacity: 10, windowMs: 60_000 });
 * rl.take('T1:U1'); // { ok: true, remaining: 9 }
 */
export function createRateLimiter(opts: RateLimitOptions): RateLimiter {
  if (!(opts.capacity >= 1) || !(opts.windowMs > 0)) throw new RangeError('rate limit: capacity >= 1 and windowMs > 0 required');
  const now = opts.now ?? Date.now;
  const maxKeys = opts.maxKeys ?? 10_000;
  const perMs = opts.capacity / opts.windowMs;
  const buckets = new Map<string, Bucket>();

  const refill = (b: Bucket, t: number): void => {
    b.tokens = Math.min(opts.capacity, b.tokens + Math.max(0, t - b.at) * perMs);
    b.at = t;
  };

  const sweep = (t: number): void => {
    for (const [k, b] of buckets) {
      refill(b, t);
      if (b.tokens >= opts.capacity) buckets.delete(k);
    }
  };

  return {
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
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true, remaining: Math.floor(b.tokens) };
      }
      return { ok: false, retryAfterMs: Math.ceil((1 - b.tokens) / perMs) };
    },
  };
}
