/**
 * Slack's in-process token buckets: the adapters' shared ones (adapters/ops/ratelimit.ts, the same
 * `capacity` per `windowMs` rule as Discord's). The chart renderer's budget uses them (one worker
 * pool per process); users' request budgets go through `shared-state.ts`, whose `take` does the
 * same arithmetic on a database row, so that one bucket holds across instances.
 */
import { createTokenBuckets, type TakeResult, type TokenBucketOptions, type TokenBuckets } from '../ops/ratelimit';

export type { TakeResult };
export type RateLimitOptions = TokenBucketOptions;
export type RateLimiter = Pick<TokenBuckets, 'take'>;

/**
 * @example
 * const rl = createRateLimiter({ capacity: 10, windowMs: 60_000 });
 * rl.take('T1:U1'); // { ok: true, remaining: 9 }
 */
export const createRateLimiter = (opts: RateLimitOptions): RateLimiter => createTokenBuckets(opts);
