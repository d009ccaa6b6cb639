import fc from 'fast-check';
import { commonText, flagBoxes, groupCapacities, labelOrder, placeLabels, targetText, type Flag } from '../../src/chart/labels';
import type { Box } from '../../src/chart/layout';
import { GiB } from './fixtures';

const cap = (label: string, gib: number, target = false) => ({ label, bytes: gib * GiB, target });
const xOf = (bytes: number): number => (bytes / GiB) * 10;

describe('label text', () => {
  test('GIVEN the target THEN "name 23.99 GiB"', () => {
    expect(targetText({ label: 'rtx4090', bytes: 25_757_220_864, target: true })).toBe('rtx4090 23.99 GiB');
  });
  test('GIVEN two cards of the same rounded size THEN they share the number', () => {
    expect(commonText([cap('rtx4090', 23.99), cap('rtx3090', 24), cap('l40s', 44.99)])).toBe('rtx4090/rtx3090 24.0\u00a0· l40s 45.0');
  });
});

describe('groupCapacities', () => {
  test('GIVEN lines closer than 3 px THEN one group with the target first', () => {
    const groups = groupCapacities([cap('rtx3090', 24), cap('a10g', 22.49), cap('rtx4090', 23.99, true)], xOf);
    expect(groups.map((g) => g.map((c) => c.label))).toEqual([['a10g'], ['rtx4090', 'rtx3090']]);
  });
});

describe('labelOrder', () => {
  test('GIVEN a target THEN target, smallest card holding the total, largest short of it, then by size', () => {
    const groups = [[cap('a', 10)], [cap('b', 20)], [cap('t', 24, true)], [cap('c', 40)], [cap('d', 80)]];
    expect(labelOrder(groups, 30 * GiB).map((g) => g[0]?.label)).toEqual(['t', 'c', 'b', 'a', 'd']);
  });
});

describe('flagBoxes', () => {
  test('GIVEN room on both sides THEN right first, or left first when asked', () => {
    expect(flagBoxes(100, 50, 0, 300)).toEqual([{ left: 106, right: 156 }, { left: 44, right: 94 }]);
    expect(flagBoxes(100, 50, 0, 300, true)[0]).toEqual({ left: 44, right: 94 });
  });
  test('GIVEN a pole near the right edge THEN only the left box', () => {
    expect(flagBoxes(290, 50, 0, 300)).toEqual([{ left: 234, right: 284 }]);
  });
  test('GIVEN a label wider than both sides THEN one box kept inside the canvas', () => {
    const [box] = flagBoxes(150, 280, 0, 300);
    expect(box?.left).toBeGreaterThanOrEqual(0);
    expect(box?.right).toBeLessThanOrEqual(300);
  });
});

describe('placeLabels', () => {
  test('GIVEN two far-apart labels THEN one row', () => {
    const r = placeLabels([{ item: 'a', x: 0, boxes: [{ left: 6, right: 50 }] }, { item: 'b', x: 200, boxes: [{ left: 206, right: 250 }] }], 4, 10);
    expect(r).toMatchObject({ rows: 1, left: [] });
  });

  test('GIVEN more overlapping labels than rows THEN the rest come back unplaced', () => {
    const flags = ['a', 'b', 'c'].map((item) => ({ item, x: 100, boxes: [{ left: 106, right: 200 }] }));
    const r = placeLabels(flags, 2, 10);
    expect(r.placed).toHaveLength(2);
    expect(r.left).toEqual(['c']);
  });

  test('PROPERTY: no two labels in a row overlap and no line passes behind a label', () => {
    const crosses = (x: number, b: Box): boolean => x > b.left && x < b.right;
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 20, max: 220 })), { maxLength: 12 }), (specs) => {
      const flags: Flag<number>[] = specs.map(([x, w], i) => ({ item: i, x, boxes: flagBoxes(x, w, 0, 800) }));
      const r = placeLabels(flags, 5, 10);
      expect(r.placed.length + r.left.length).toBe(flags.length);
      for (const p of r.placed) {
        const px = flags[p.item]?.x ?? 0;
        for (const q of r.placed) {
          if (p === q) continue;
          if (p.row === q.row) expect(p.box.right + 10 <= q.box.left || q.box.right + 10 <= p.box.left).toBe(true);
          // p's line runs from its row down to the bar, through every lower row.
          if (p.row > q.row) expect(crosses(px, q.box)).toBe(false);
        }
      }
    }), { numRuns: 300 });
  });
});
