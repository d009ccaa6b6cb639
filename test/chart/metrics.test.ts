import { textWidth, truncate } from '../../src/chart/metrics';
import { inkOn } from '../../src/chart/theme';

describe('textWidth', () => {
  test('GIVEN "rtx4090" at 20 px bold THEN 80.52 px (sum of Inter Bold advances)', () => {
    expect(textWidth('rtx4090', 20, 700)).toBeCloseTo(80.52, 2);
  });
  test('GIVEN bold THEN wider than regular for the same text', () => {
    expect(textWidth('Activations', 20, 700)).toBeGreaterThan(textWidth('Activations', 20));
  });
  test('GIVEN CJK THEN a full em per character', () => {
    expect(textWidth('模型', 20)).toBe(40);
  });
});

describe('truncate', () => {
  test('GIVEN text that fits THEN unchanged', () => {
    expect(truncate('Weights', 200, 20)).toBe('Weights');
  });
  test('GIVEN text too wide THEN cut with an ellipsis, within the width', () => {
    const t = truncate('Backward workspace', 80, 20);
    expect(t.endsWith('…')).toBe(true);
    expect(textWidth(t, 20)).toBeLessThanOrEqual(80);
  });
  test('GIVEN no room at all THEN empty', () => {
    expect(truncate('Weights', 5, 20)).toBe('');
  });
});

describe('inkOn', () => {
  test('GIVEN the dark blue and the yellow segment colours THEN white on blue, dark on yellow', () => {
    expect(inkOn('#4e79a7')).toBe('#ffffff');
    expect(inkOn('#edc948')).toBe('#1f2328');
  });
});
