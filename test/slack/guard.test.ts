import { boltCanRoute, createSeenSet, dedupeKey, requestIdOf } from '../../adapters/slack/guard';

describe('createSeenSet: bounded, expiring memory', () => {
  test('GIVEN a key THEN it is seen until its expiry and not after', () => {
    const clock = { t: 1000 };
    const s = createSeenSet({ maxEntries: 10, now: () => clock.t });
    expect(s.check('sig', 2000)).toBe(false);
    expect(s.check('sig', 2000)).toBe(true);
    clock.t = 1999;
    expect(s.has('sig')).toBe(true);
    clock.t = 2000;
    expect(s.has('sig')).toBe(false);
    expect(s.check('sig', 3000)).toBe(false);
  });

  test('GIVEN entries that expired THEN adding sweeps them, so the size follows the window, not the traffic', () => {
    const clock = { t: 0 };
    const s = createSeenSet({ maxEntries: 1000, now: () => clock.t });
    for (let i = 0; i < 500; i += 1) {
      clock.t = i * 10;
      s.add(`k${i}`, clock.t + 100);
    }
    // Only the last ~10 (100 ms of them) are live.
    expect(s.size).toBeLessThanOrEqual(11);
    expect(s.evicted).toBe(0);
  });

  test('GIVEN more live keys than the cap THEN the oldest go first and the size never exceeds the cap', () => {
    const s = createSeenSet({ maxEntries: 3, now: () => 0 });
    for (const k of ['a', 'b', 'c', 'd']) s.add(k, 100);
    expect(s.size).toBe(3);
    expect(s.has('a')).toBe(false);
    expect(s.has('d')).toBe(true);
    expect(s.evicted).toBe(1);
  });
});

describe('request ids and retry keys', () => {
  test('GIVEN a trigger_id THEN it is the request id; odd ones are replaced by a random id', () => {
    expect(requestIdOf({ trigger_id: '1337.42.abcdef' })).toBe('1337.42.abcdef');
    expect(requestIdOf({ event_id: 'Ev01ABC' })).toBe('Ev01ABC');
    for (const odd of [{ trigger_id: 'x'.repeat(500) }, { trigger_id: 'a b\n' }, { trigger_id: ['1', '2'] }, null, 5]) {
      expect(requestIdOf(odd)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  test('GIVEN the same trigger_id THEN the same key whatever else differs; without one, who/what/where decide', () => {
    expect(dedupeKey({ trigger_id: 'T.1', text: 'a' })).toBe(dedupeKey({ trigger_id: 'T.1', text: 'b' }));
    const base = { team_id: 'T1', user_id: 'U1', text: 'gpus', response_url: 'https://x/1' };
    expect(dedupeKey(base)).toBe(dedupeKey({ ...base }));
    expect(dedupeKey(base)).not.toBe(dedupeKey({ ...base, response_url: 'https://x/2' }));
    expect(dedupeKey({ ...base, text: 'y'.repeat(100_000) }).length).toBeLessThan(60);
  });

  test('GIVEN bodies Bolt routes and ones it does not THEN boltCanRoute tells them apart', () => {
    expect(boltCanRoute({ command: '/vram' })).toBe(true);
    expect(boltCanRoute({ type: 'block_actions', actions: [] })).toBe(true);
    expect(boltCanRoute({ type: 'url_verification', challenge: 'c' })).toBe(true);
    expect(boltCanRoute({ type: 'view_submission' })).toBe(true);
    expect(boltCanRoute({ type: 'something_else' })).toBe(false);
    expect(boltCanRoute({})).toBe(false);
  });
});
