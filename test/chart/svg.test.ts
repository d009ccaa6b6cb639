import { chartSvg, escapeXml } from '../../src/chart/svg';
import { mergeParts } from '../../src/chart/layout';
import { THEMES } from '../../src/chart/theme';
import { GiB, OVER, SIMPLE, axisMaxGiB, chartFor, segments, track } from './fixtures';

describe('chartSvg: content', () => {
  const chart = chartFor(OVER);
  const svg = chartSvg(chart);

  test('GIVEN the 8B LoRA reply THEN every legend label is in the SVG', () => {
    const legend = mergeParts(chart.segments).map((p) => p.label);
    expect(legend.length).toBeGreaterThan(2);
    const texts = [...svg.matchAll(/<text class="legend"[^>]*>([^<]*)<tspan/g)].map((m) => m[1]);
    expect(texts).toEqual(legend.map((l) => escapeXml(l)));
  });

  test('GIVEN target rtx4090 THEN a bold line labelled "rtx4090 23.99 GiB"', () => {
    expect(svg).toMatch(/<line class="cap target" data-label="rtx4090[^"]*"[^>]*stroke-width="3"/);
    expect(svg).toMatch(/<text class="cap-label target"[^>]*font-weight="700"[^>]*>rtx4090 23.99 GiB/);
  });

  test('GIVEN common GPUs THEN each is a dashed line or is named in the "Also" line', () => {
    const lines = [...svg.matchAll(/<line class="cap[^"]*" data-label="([^"]*)"/g)].flatMap((m) => (m[1] ?? '').split(' '));
    const also = /<text class="also"[^>]*>([^<]*)</.exec(svg)?.[1] ?? '';
    for (const cap of chart.capacities) expect(lines.includes(cap.label) || also.includes(cap.label)).toBe(true);
    expect(svg).toMatch(/<line class="cap" [^>]*stroke-dasharray="6 4"/);
  });

  test('GIVEN the total does not fit the target THEN the total is written in the danger colour', () => {
    const total = chart.segments.reduce((a, x) => a + x.bytes, 0);
    const target = chart.capacities.find((c) => c.target);
    expect(target).toBeDefined();
    expect(svg).toContain(`fill="${THEMES.light.verdict.danger}">${(total / GiB).toFixed(2)} GiB</text>`);
    expect(svg).toContain(`Does not fit rtx4090: ${((total - (target?.bytes ?? 0)) / GiB).toFixed(2)} GiB over`);
  });

  test('GIVEN the same data twice THEN the same string', () => {
    expect(chartSvg(chart)).toBe(svg);
  });
});

describe('chartSvg: proportions', () => {
  test('GIVEN 10/6/4 GiB THEN segment widths are proportional to bytes and contiguous', () => {
    const svg = chartSvg(SIMPLE);
    const segs = segments(svg);
    expect(segs.map((s) => s.label)).toEqual(['Weights', 'Activations', 'Optimizer']);
    const perGiB = (segs[0]?.width ?? 0) / 10;
    expect(segs[1]?.width).toBeCloseTo(6 * perGiB, 1);
    expect(segs[2]?.width).toBeCloseTo(4 * perGiB, 1);
    for (let i = 1; i < segs.length; i++) expect(segs[i]?.x).toBeCloseTo((segs[i - 1]?.x ?? 0) + (segs[i - 1]?.width ?? 0), 1);
  });

  test('GIVEN the real reply THEN the bar spans total / axis max of the track', () => {
    const chart = chartFor(OVER);
    const svg = chartSvg(chart);
    const segs = segments(svg);
    const t = track(svg);
    const barWidth = segs.reduce((a, s) => a + s.width, 0);
    const total = chart.segments.reduce((a, s) => a + s.bytes, 0);
    expect(segs[0]?.x).toBe(t.x);
    expect(barWidth / t.width).toBeCloseTo(total / GiB / axisMaxGiB(svg), 3);
  });

  test('GIVEN the target line THEN it stands at capacity / axis max of the track', () => {
    const svg = chartSvg(SIMPLE);
    const t = track(svg);
    const x = Number(/<line class="cap target"[^>]* x1="([^"]*)"/.exec(svg)?.[1]);
    expect((x - t.x) / t.width).toBeCloseTo(24 / axisMaxGiB(svg), 3);
  });
});

describe('chartSvg: hostile and odd input', () => {
  test('GIVEN labels with <&>"\' THEN they are escaped everywhere', () => {
    const svg = chartSvg({
      title: 'Model <b>&"x"',
      segments: [{ label: '<script>alert(1)</script>', bytes: 5 * GiB }, { label: 'a&b', bytes: 5 * GiB }],
      capacities: [{ label: 'gpu<1>&', bytes: 24 * GiB, target: true }],
    });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('Model &lt;b&gt;&amp;&quot;x&quot;');
    expect(svg).toContain('a&amp;b');
    expect(svg).toContain('gpu&lt;1&gt;&amp; 24.00 GiB');
    // Every & starts an entity.
    expect(svg.match(/&(?!(amp|lt|gt|quot|apos);)/g)).toBeNull();
  });

  test('GIVEN control characters and a lone surrogate THEN they are dropped', () => {
    expect(escapeXml('a\u0000b\u001bc\ud800d\ufffe')).toBe('abcd');
    expect(escapeXml('tab\tnewline\n😀')).toBe('tab\tnewline\n😀');
  });

  test('GIVEN huge values THEN finite coordinates and a readable axis', () => {
    const svg = chartSvg({
      title: 'Huge',
      segments: [{ label: 'Weights', bytes: 1e18 }, { label: 'KV cache', bytes: 3e17 }],
      capacities: [{ label: 'h200', bytes: 150 * GiB, target: true }],
    });
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(segments(svg)).toHaveLength(2);
    expect(svg).toMatch(/Does not fit h200/);
  });

  test('GIVEN zero, negative, NaN and infinite segments THEN they are left out of bar and legend', () => {
    const svg = chartSvg({
      title: 'Zeros',
      segments: [{ label: 'Weights', bytes: 8 * GiB }, { label: 'Zero', bytes: 0 }, { label: 'Neg', bytes: -5 }, { label: 'NaN', bytes: Number.NaN }, { label: 'Inf', bytes: Number.POSITIVE_INFINITY }],
      capacities: [{ label: 'card24', bytes: 24 * GiB, target: true }],
    });
    expect(segments(svg).map((s) => s.label)).toEqual(['Weights']);
    expect(svg).not.toMatch(/NaN<|Infinity|>Zero</);
  });

  test('GIVEN only zero segments and no capacities THEN an empty bar, no verdict, no crash', () => {
    const svg = chartSvg({ title: 'Empty', segments: [{ label: 'Weights', bytes: 0 }], capacities: [] });
    expect(segments(svg)).toHaveLength(0);
    expect(svg).toContain('>0.00 GiB</text>');
    expect(svg).not.toContain('class="verdict"');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  test('GIVEN a very long title THEN it is cut with an ellipsis', () => {
    const svg = chartSvg({ ...SIMPLE, title: 'A model name that goes on and on '.repeat(6) });
    const title = /<text class="title"[^>]*>([^<]*)</.exec(svg)?.[1] ?? '';
    expect(title.endsWith('…')).toBe(true);
    expect(title.length).toBeLessThan(60);
  });
});

describe('chartSvg: options', () => {
  test('GIVEN no options THEN 900 px wide, light background', () => {
    const svg = chartSvg(SIMPLE);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="900" height="\d+"/);
    expect(svg).toContain(`fill="${THEMES.light.background}"`);
  });

  test('GIVEN theme dark, width 600, height 500 THEN those are used', () => {
    const svg = chartSvg(SIMPLE, { theme: 'dark', width: 600, height: 500 });
    expect(svg).toMatch(/width="600" height="500" viewBox="0 0 600 500"/);
    expect(svg).toContain(`<rect width="600" height="500" fill="${THEMES.dark.background}"/>`);
  });

  test('GIVEN a height smaller than the content THEN the canvas grows to fit', () => {
    const h = Number(/height="(\d+)"/.exec(chartSvg(SIMPLE, { height: 100 }))?.[1]);
    expect(h).toBeGreaterThan(300);
  });

  test('GIVEN a tiny width THEN it is raised to 480', () => {
    expect(chartSvg(SIMPLE, { width: 100 })).toMatch(/width="480"/);
  });
});
