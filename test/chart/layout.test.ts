import fc from 'fast-check';
import { freeSpan, LEGEND_GAP, legendGrid, mergeParts, OTHER_KEY, scaleOf, verdictOf } from '../../src/chart/layout';
import { GiB } from './fixtures';

const cap = (label: string, gib: number, target = false) => ({ label, bytes: gib * GiB, target });
/** A segment keyed by its label. */
const seg = (label: string, bytes: number) => ({ key: label, label, bytes });

describe('mergeParts', () => {
  test('GIVEN two parts under 2% THEN they become one "other" at the end, order otherwise kept', () => {
    const parts = mergeParts([seg('W', 60), seg('a', 1), seg('A', 38), seg('b', 1)]);
    expect(parts).toEqual([seg('W', 60), seg('A', 38), seg('other', 2)]);
  });

  test('GIVEN a single part under 2% THEN it keeps its own name', () => {
    const parts = mergeParts([seg('W', 99), seg('a', 1)]);
    expect(parts.map((p) => p.label)).toEqual(['W', 'a']);
  });

  test('GIVEN exactly 2% THEN the part is kept', () => {
    expect(mergeParts([seg('W', 97), seg('a', 2), seg('b', 1)]).map((p) => p.label)).toEqual(['W', 'a', 'b']);
  });

  test('GIVEN nine big parts THEN five largest plus "other" (six entries)', () => {
    const parts = mergeParts(Array.from({ length: 9 }, (_, i) => seg(`p${i}`, 10 + i)));
    expect(parts).toHaveLength(6);
    expect(parts.map((p) => p.label)).toEqual(['p4', 'p5', 'p6', 'p7', 'p8', 'other']);
    expect(parts.reduce((a, p) => a + p.bytes, 0)).toBe(Array.from({ length: 9 }, (_, i) => 10 + i).reduce((a, b) => a + b));
  });

  test('GIVEN parts merged into "other" THEN the parts kept keep their key and "other" has OTHER_KEY', () => {
    const parts = mergeParts([
      { key: 'weights', label: 'Weights', bytes: 60 }, { key: 'cublas_workspace', label: 'cuBLAS', bytes: 1 },
      { key: 'activations', label: 'Activations', bytes: 38 }, { key: 'cuda_context', label: 'CUDA context', bytes: 1 },
    ]);
    expect(parts.map((p) => [p.key, p.label])).toEqual([['weights', 'Weights'], ['activations', 'Activations'], [OTHER_KEY, 'other']]);
  });

  test('GIVEN nothing merged THEN every key is kept, in order', () => {
    const parts = mergeParts([{ key: 'kv_cache', label: 'KV cache', bytes: 5 }, { key: 'weights', label: 'Weights', bytes: 5 }]);
    expect(parts.map((p) => p.key)).toEqual(['kv_cache', 'weights']);
  });

  test('GIVEN a segment without a key (older data) THEN it is keyed by its label', () => {
    const parts = mergeParts([{ label: 'Weights', bytes: 5 } as unknown as { key: string; label: string; bytes: number }]);
    expect(parts[0]?.key).toBe('Weights');
  });

  test('GIVEN zero, negative and non-finite parts THEN they are dropped, not merged', () => {
    expect(mergeParts([seg('W', 5), seg('z', 0), seg('n', -1), seg('x', Number.NaN)])).toEqual([seg('W', 5)]);
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

describe('legendGrid', () => {
  test('GIVEN entries that fit equal thirds THEN three equal columns', () => {
    const g = legendGrid([150, 200, 180, 120], 836);
    expect(g.cols).toBe(3);
    expect(g.rows).toBe(2);
    const w = (836 - 2 * LEGEND_GAP) / 3;
    expect(g.width).toEqual([w, w, w]);
    expect(g.x).toEqual([0, w + LEGEND_GAP, 2 * (w + LEGEND_GAP)]);
  });

  test('GIVEN one entry too wide for a third but room overall THEN still three columns, that one wider', () => {
    const g = legendGrid([200, 380, 150], 836);
    expect(g.cols).toBe(3);
    expect(g.width[1]).toBeGreaterThanOrEqual(380);
    expect(g.width[0]).toBeGreaterThanOrEqual(200);
    expect((g.x[2] ?? 0) + (g.width[2] ?? 0)).toBeCloseTo(836, 6);
  });

  test('GIVEN three columns too narrow THEN two; not even two THEN one full-width column', () => {
    expect(legendGrid([300, 300, 300, 300], 836)).toMatchObject({ cols: 2, rows: 2 });
    expect(legendGrid([500, 400, 300], 836)).toEqual({ cols: 1, rows: 3, x: [0], width: [836] });
    expect(legendGrid([900], 836)).toEqual({ cols: 1, rows: 1, x: [0], width: [836] });
  });

  test('GIVEN no entries THEN no rows', () => {
    expect(legendGrid([], 836).rows).toBe(0);
  });

  test('PROPERTY: every entry fits its column unless one column is all there is; columns stay apart and inside', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 20, max: 900 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 416, max: 1200 }), (widths, avail) => {
      const g = legendGrid(widths, avail);
      expect(g.cols).toBeGreaterThanOrEqual(1);
      expect(g.cols).toBeLessThanOrEqual(3);
      expect(g.rows).toBe(Math.ceil(widths.length / g.cols));
      widths.forEach((w, i) => { if (g.cols > 1) expect(w).toBeLessThanOrEqual((g.width[i % g.cols] ?? 0) + 1e-9); });
      for (let j = 1; j < g.cols; j++) expect((g.x[j - 1] ?? 0) + (g.width[j - 1] ?? 0) + LEGEND_GAP).toBeCloseTo(g.x[j] ?? 0, 6);
      expect((g.x[g.cols - 1] ?? 0) + (g.width[g.cols - 1] ?? 0)).toBeLessThanOrEqual(avail + 1e-9);
      // One column only when two would not hold every entry.
      if (g.cols === 1 && widths.length > 1) {
        const need = [0, 1].map((j) => Math.max(...widths.filter((_, i) => i % 2 === j)));
        expect((need[0] ?? 0) + (need[1] ?? 0) + LEGEND_GAP).toBeGreaterThan(avail);
      }
    }), { numRuns: 300 });
  });
});
