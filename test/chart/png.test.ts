import { readFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { chartFontFiles, renderChartPng, svgToPng } from '../../adapters/chart/png';
import { chartSvg } from '../../src/chart/svg';
import { textWidth } from '../../src/chart/metrics';
import { OVER, PNG_SIGNATURE, SIMPLE, chartFor, pngSize } from './fixtures';

describe('renderChartPng', () => {
  const chart = chartFor(OVER);
  const png = renderChartPng(chart);

  test('GIVEN the 8B LoRA chart THEN PNG signature and an IHDR chunk first', () => {
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  });

  test('GIVEN the default 2x scale THEN IHDR size is twice the SVG size', () => {
    const svg = chartSvg(chart);
    const w = Number(/width="(\d+)"/.exec(svg)?.[1]);
    const h = Number(/height="(\d+)"/.exec(svg)?.[1]);
    expect(pngSize(png)).toEqual({ width: 2 * w, height: 2 * h });
    expect(pngSize(png).width).toBe(1800);
  });

  test('GIVEN the same chart twice THEN the same bytes', () => {
    expect(renderChartPng(chart).equals(png)).toBe(true);
  });

  test('GIVEN scale 1 and the dark theme THEN a 900 px wide PNG', () => {
    expect(pngSize(renderChartPng(SIMPLE, { scale: 1, theme: 'dark' })).width).toBe(900);
  });

  test('GIVEN huge values, zero segments, hostile labels THEN still a PNG', () => {
    const odd = renderChartPng({
      title: '<b>&"odd"',
      segments: [{ key: '<x>&', label: '<x>&', bytes: 1e18 }, { key: 'zero', label: 'zero', bytes: 0 }, { key: 'nan', label: 'nan', bytes: Number.NaN }],
      capacities: [{ label: 'gpu<1>', bytes: 24 * 2 ** 30, target: true }, { label: 'bad', bytes: -1, target: false }],
    });
    expect(odd.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });

  test('GIVEN a different title THEN different pixels (text is drawn: the bundled font loaded)', () => {
    expect(renderChartPng({ ...SIMPLE, title: 'Other title' }).equals(renderChartPng(SIMPLE))).toBe(false);
  });
});

describe('fonts', () => {
  test('GIVEN the bundled font files THEN three TrueType files from @expo-google-fonts/inter', () => {
    const files = chartFontFiles();
    expect(files).toHaveLength(3);
    for (const f of files) {
      expect(f).toMatch(/@expo-google-fonts[\\/]inter[\\/].*\.ttf$/);
      expect(readFileSync(f).readUInt32BE(0)).toBe(0x00010000);
    }
  });

  test('GIVEN a label THEN the layout width estimate is within 6% of what resvg draws', () => {
    const label = 'Allocator slack 2.39 GiB';
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="40"><text x="0" y="30" font-family="Inter" font-size="20">${label}</text></svg>`;
    const bbox = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: [...chartFontFiles()], defaultFontFamily: 'Inter' } }).getBBox();
    const estimate = textWidth(label, 20);
    expect(bbox).toBeDefined();
    expect(Math.abs((bbox?.width ?? 0) - estimate) / estimate).toBeLessThan(0.06);
  });

  test('GIVEN an SVG with an unknown font family THEN the bundled default is used, not a system font', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="0" y="30" font-family="NoSuchFont" font-size="20">Hello</text></svg>';
    const named = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="0" y="30" font-family="Inter" font-size="20">Hello</text></svg>';
    expect(svgToPng(svg, 1).equals(svgToPng(named, 1))).toBe(true);
  });
});
