import { freeSpan, mergeParts, scaleOf, verdictOf } from '../../src/chart/layout';
import { GiB } from './fixtures';

const cap = (label: string, gib: number, target = false) => ({ label, bytes: gib * GiB, target });

describe('mergeParts', () => {
  test('GIVEN two parts under 2% THEN they become one "other" at the end, order otherwise kept', () => {
    const parts = mergeParts([{ label: 'W', bytes: 60 }, { label: 'a', bytes: 1 }, { label: 'A', bytes: 38 }, { label: 'b', bytes: 1 }]);
    expect(parts).toEqual([{ label: 'W', bytes: 60 }, { label: 'A', bytes: 38 }, { label: 'other', bytes: 2 }]);
  });

  test('GIVEN a single part under 2% THEN it keeps its own name', () => {
    const parts = mergeParts([{ label: 'W', bytes: 99 }, { label: 'a', bytes: 1 }]);
    expect(parts.map((p) => p.label)).toEqual(['W', 'a']);
  });

  test('GIVEN exactly 2% THEN the part is kept', () => {
    expect(mergeParts([{ label: 'W', bytes: 97 }, { label: 'a', bytes: 2 }, { label: 'b', bytes: 1 }]).map((p) => p.label)).toEqual(['W', 'a', 'b']);
  });

  test('GIVEN nine big parts THEN five largest plus "other" (six entries)', () => {
    const parts = mergeParts(Array.from({ length: 9 }, (_, i) => ({ label: `p${i}`, bytes: 10 + i })));
    expect(parts).toHaveLength(6);
    expect(parts.map((p) => p.label)).toEqual(['p4', 'p5', 'p6', 'p7', 'p8', 'other']);
    expect(parts.reduce((a, p) => a + p.bytes, 0)).toBe(Array.from({ length: 9 }, (_, i) => 10 + i).reduce((a, b) => a + b));
  });

  test('GIVEN zero, negative and non-finite parts THEN they are dropped, not merged', () => {
    expect(mergeParts([{ label: 'W', bytes: 5 }, { label: 'z', bytes: 0 }, { label: 'n', bytes: -1 }, { label: 'x', bytes: Number.NaN }])).toEqual([{ label: 'W', bytes: 5 }]);
  });
});

describe('verdictOf', () => {
  test('GIVEN total above the target THEN danger with the overshoot', () => {
    const v = verdictOf(30 * GiB, [cap('t', 24, true)]);
    expect(v.level).toBe('danger');
    expect(v.text).toBe('Does not fit t: 6.00 GiB over');
  });

  test('GIVEN total exactly the target THEN warning (fits, but over 90%)', () => {
    expect(verdictOf(24 * GiB, [cap('t', 24, true)]).level).toBe('warning');
  });

  test('GIVEN total exactly 90% of the target THEN success', () => {
    expect(verdictOf(0.9 * 24 * GiB, [cap('t', 24, true)]).level).toBe('success');
  });

  test('GIVEN no target and a card with room THEN success naming the smallest card that fits', () => {
    const v = verdictOf(30 * GiB, [cap('small', 24), cap('mid', 40), cap('big', 80)]);
    expect(v).toMatchObject({ level: 'success', text: 'Smallest card that fits: mid' });
  });

  test('GIVEN no target and no card big enough THEN danger', () => {
    expect(verdictOf(100 * GiB, [cap('small', 24)]).level).toBe('danger');
  });

  test('GIVEN no capacities THEN info with no text', () => {
    expect(verdictOf(1, [])).toEqual({ level: 'info', text: '' });
  });
});

describe('scaleOf', () => {
  test('GIVEN 48 GiB against a 24 GiB target and an 80 GiB card THEN the axis reaches past 80 GiB', () => {
    const s = scaleOf(48 * GiB, [cap('t', 24, true), cap('big', 80), cap('huge', 141)]);
    expect(s.max).toBeGreaterThanOrEqual(80 * 1.04 * GiB);
    expect(s.max).toBeLessThan(141 * GiB);
  });

  test('GIVEN any total THEN max is a whole number of steps, at most six, from a 1-2-2.5-5 series', () => {
    for (const gib of [0, 0.3, 1, 7, 13, 24, 48, 99, 133, 1000, 123456]) {
      const s = scaleOf(gib * GiB, []);
      expect(s.max).toBeGreaterThanOrEqual(gib * GiB);
      const steps = s.max / s.step;
      expect(Math.abs(steps - Math.round(steps))).toBeLessThan(1e-9);
      expect(steps).toBeLessThanOrEqual(6);
      const mantissa = (s.step / GiB) / 10 ** Math.floor(Math.log10(s.step / GiB));
      expect([1, 2, 2.5, 5]).toContainEqual(Number(mantissa.toFixed(6)));
    }
  });

  test('GIVEN nothing THEN a 1.25 GiB axis, never zero', () => {
    expect(scaleOf(0, [])).toEqual({ max: 1.25 * GiB, step: 0.25 * GiB });
  });
});

describe('freeSpan', () => {
  test('GIVEN a cut at 30 in [0, 100] THEN the right part', () => {
    expect(freeSpan(0, 100, [30])).toEqual({ left: 30, right: 100 });
  });
  test('GIVEN cuts outside the span THEN the whole span', () => {
    expect(freeSpan(10, 20, [5, 25])).toEqual({ left: 10, right: 20 });
  });
});
