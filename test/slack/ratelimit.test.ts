import { createRateLimiter } from '../../adapters/slack/ratelimit';

function limiter(maxKeys?: number) {
  const clock = { t: 0 };
  const rl = createRateLimiter({ capacity: 10, windowMs: 60_000, now: () => clock.t, ...(maxKeys ? { maxKeys } : {}) });
  return { rl, clock };
}

describe('rate limit (token bucket, 10 per 60 s)', () => {
  test('GIVEN a burst of 10 THEN all pass; THEN the 11th is refused with 6 s to wait', () => {
    const { rl } = limiter();
    for (let i = 0; i < 10; i += 1) expect(rl.take('u').ok).toBe(true);
    expect(rl.take('u')).toEqual({ ok: false, retryAfterMs: 6000 });
  });

  test('GIVEN an empty bucket THEN one token returns after 6 s, not before', () => {
    const { rl, clock } = limiter();
    for (let i = 0; i < 10; i += 1) rl.take('u');
    clock.t = 5999;
    expect(rl.take('u').ok).toBe(false);
    clock.t = 6000;
    expect(rl.take('u').ok).toBe(true);
    expect(rl.take('u').ok).toBe(false);
  });

  test('GIVEN a long idle time THEN the bucket refills only to capacity', () => {
    const { rl, clock } = limiter();
    rl.take('u');
    clock.t = 10 * 60_000;
    for (let i = 0; i < 10; i += 1) expect(rl.take('u').ok).toBe(true);
    expect(rl.take('u').ok).toBe(false);
  });

  test('GIVEN two users THEN their budgets are independent', () => {
    const { rl } = limiter();
    for (let i = 0; i < 10; i += 1) rl.take('a');
    expect(rl.take('a').ok).toBe(false);
    expect(rl.take('b').ok).toBe(true);
  });

  test('GIVEN the key cap is reached THEN idle full buckets are dropped and limits still hold for busy keys', () => {
    const { rl, clock } = limiter(3);
    for (let i = 0; i < 10; i += 1) rl.take('busy');
    clock.t = 1;
    rl.take('x');
    clock.t = 60_000 * 2;
    rl.take('y'); // sweep: busy and x are full again by now and go; y is new
    clock.t += 1;
    for (let i = 0; i < 9; i += 1) expect(rl.take('busy').ok).toBe(true);
  });

  test('GIVEN a nonsense configuration THEN a RangeError', () => {
    expect(() => createRateLimiter({ capacity: 0, windowMs: 1000 })).toThrow(RangeError);
  });
});
