import { chartSvg, escapeXml } from '../../src/chart/svg';
import { LEGEND_GAP, mergeParts } from '../../src/chart/layout';
import { textWidth } from '../../src/chart/metrics';
import { THEMES } from '../../src/chart/theme';
import type { ChartData } from '../../src/reply/types';
import { GiB, OVER, SIMPLE, axisMaxGiB, chartFor, legendEntries, segments, track } from './fixtures';

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
      segments: [{ key: '<k"&>', label: '<script>alert(1)</script>', bytes: 5 * GiB }, { key: 'activations', label: 'a&b', bytes: 5 * GiB }],
      capacities: [{ label: 'gpu<1>&', bytes: 24 * GiB, target: true }],
    });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('Model &lt;b&gt;&amp;&quot;x&quot;');
    expect(svg).toContain('a&amp;b');
    expect(svg).toContain('data-key="&lt;k&quot;&amp;&gt;"');
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
      segments: [{ key: 'weights', label: 'Weights', bytes: 1e18 }, { key: 'kv_cache', label: 'KV cache', bytes: 3e17 }],
      capacities: [{ label: 'h200', bytes: 150 * GiB, target: true }],
    });
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(segments(svg)).toHaveLength(2);
    expect(svg).toMatch(/Does not fit h200/);
  });

  test('GIVEN zero, negative, NaN and infinite segments THEN they are left out of bar and legend', () => {
    const svg = chartSvg({
      title: 'Zeros',
      segments: [{ key: 'weights', label: 'Weights', bytes: 8 * GiB }, { key: 'zero', label: 'Zero', bytes: 0 }, { key: 'neg', label: 'Neg', bytes: -5 }, { key: 'nan', label: 'NaN', bytes: Number.NaN }, { key: 'inf', label: 'Inf', bytes: Number.POSITIVE_INFINITY }],
      capacities: [{ label: 'card24', bytes: 24 * GiB, target: true }],
    });
    expect(segments(svg).map((s) => s.label)).toEqual(['Weights']);
    expect(svg).not.toMatch(/NaN<|Infinity|>Zero</);
  });

  test('GIVEN only zero segments and no capacities THEN an empty bar, no verdict, no crash', () => {
    const svg = chartSvg({ title: 'Empty', segments: [{ key: 'weights', label: 'Weights', bytes: 0 }], capacities: [] });
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

describe('chartSvg: colour by component', () => {
  const fillsByKey = (svg: string): Map<string, string> => new Map(segments(svg).map((x) => [x.key, x.fill]));

  test('GIVEN the same components in a different order and company THEN each keeps its fill', () => {
    const a = chartSvg(SIMPLE);
    const b = chartSvg({
      title: 'Reordered',
      segments: [{ key: 'activations', label: 'Activations', bytes: 9 * GiB }, { key: 'kv_cache', label: 'KV cache', bytes: 5 * GiB }, { key: 'weights', label: 'Weights', bytes: 3 * GiB }],
      capacities: [],
    });
    const fa = fillsByKey(a);
    const fb = fillsByKey(b);
    expect(fb.get('activations')).toBe(fa.get('activations'));
    expect(fb.get('weights')).toBe(fa.get('weights'));
    expect(fa.get('activations')).toBe(THEMES.light.components.activations);
    expect(fa.get('weights')).toBe(THEMES.light.components.weights);
  });

  test('GIVEN real training and serving charts THEN shared components have one fill, in the bar and in the legend', () => {
    const svgs = ['model:llama-3.1-8b batch:2 seq:2048 lora:true gpu:rtx4090', 'model:llama-3.1-8b gpu:h100', 'model:llama-3.1-8b mode:serve engine:vllm gpu:a100-80gb']
      .flatMap((line) => ['light', 'dark'].map((theme) => ({ theme, svg: chartSvg(chartFor(line), { theme: theme as 'light' | 'dark' }) })));
    for (const { theme, svg } of svgs) {
      const t = THEMES[theme as 'light' | 'dark'];
      const segs = segments(svg);
      expect(segs.length).toBeGreaterThan(2);
      for (const x of segs) expect(x.fill).toBe(x.key === 'other' ? t.other : t.components[x.key as keyof typeof t.components]);
      expect(legendEntries(svg).map((e) => [e.key, e.fill])).toEqual(segs.map((x) => [x.key, x.fill]));
    }
  });

  test('GIVEN any real chart THEN no two parts share a fill', () => {
    for (const line of [OVER, 'model:llama-3.1-8b gpu:h100', 'model:llama-3.1-8b qlora:true', 'model:llama-3.1-8b sharding:zero3 gpus:4', 'model:llama-3.1-8b mode:serve engine:vllm']) {
      const fills = segments(chartSvg(chartFor(line))).map((x) => x.fill);
      expect(new Set(fills).size).toBe(fills.length);
    }
  });

  test('GIVEN small parts merged into "other" THEN it is grey and the parts kept keep their component colour', () => {
    const svg = chartSvg({
      title: 'Merged',
      segments: [
        { key: 'weights', label: 'Weights', bytes: 50 * GiB }, { key: 'cublas_workspace', label: 'cuBLAS workspace', bytes: 0.1 * GiB },
        { key: 'activations', label: 'Activations', bytes: 30 * GiB }, { key: 'cuda_context', label: 'CUDA context', bytes: 0.5 * GiB },
      ],
      capacities: [],
    });
    expect(segments(svg).map((x) => [x.key, x.fill])).toEqual([
      ['weights', THEMES.light.components.weights], ['activations', THEMES.light.components.activations], ['other', THEMES.light.other],
    ]);
  });

  test('GIVEN a segment with a component id as its key THEN its colour does not depend on its label', () => {
    const svg = chartSvg({ title: 'x', segments: [{ key: 'kv_cache', label: 'other', bytes: GiB }, { key: 'weights', label: 'W', bytes: GiB }], capacities: [] });
    expect(segments(svg)[0]?.fill).toBe(THEMES.light.components.kv_cache);
  });
});

describe('chartSvg: legend', () => {
  const W = 900;
  const M = 32;
  /** The width a legend entry takes as drawn: 26 px swatch and gap, label, 8 px, GiB. */
  const entryRight = (e: { x: number; label: string; value: string }): number => e.x + textWidth(e.label, 20) + 8 + textWidth(e.value, 20, 600);

  const long: ChartData = {
    title: 'Long labels',
    segments: [
      { key: 'weights', label: 'Weights', bytes: 15 * GiB }, { key: 'autocast_cache', label: 'Autocast weight cache', bytes: 8 * GiB },
      { key: 'gradients', label: 'Gradients', bytes: 15 * GiB }, { key: 'optimizer_states', label: 'Optimizer states', bytes: 10 * GiB },
      { key: 'optimizer_step', label: 'Optimizer step temporaries', bytes: 1.23 * GiB },
    ],
    capacities: [{ label: 'h100', bytes: 80 * GiB, target: true }],
  };

  test('GIVEN labels like "Optimizer step temporaries 1.23 GiB" on the default canvas THEN every label is written whole', () => {
    const entries = legendEntries(chartSvg(long));
    expect(entries.map((e) => e.label)).toEqual(long.segments.map((x) => x.label));
    expect(entries.find((e) => e.key === 'optimizer_step')?.value).toBe('1.23 GiB');
    for (const e of entries) expect(e.label.endsWith('…')).toBe(false);
  });

  test('GIVEN the real full fine-tuning chart THEN "Optimizer step temporaries" is not cut', () => {
    const entries = legendEntries(chartSvg(chartFor('model:llama-3.1-8b gpu:h100')));
    expect(entries.map((e) => e.label)).toContain('Optimizer step temporaries');
    for (const e of entries) expect(e.label.endsWith('…')).toBe(false);
  });

  test('GIVEN any legend THEN entries of one row do not overlap and stay inside the canvas', () => {
    for (const data of [long, SIMPLE, chartFor(OVER), chartFor('model:llama-3.1-8b gpu:h100')]) {
      for (const width of [480, 600, 900]) {
        const entries = legendEntries(chartSvg(data, { width }));
        for (const e of entries) expect(entryRight(e)).toBeLessThanOrEqual(width - M + 0.01);
        const rows = [...new Set(entries.map((e) => e.y))];
        for (const y of rows) {
          const row = entries.filter((e) => e.y === y).sort((a, b) => a.x - b.x);
          for (let i = 1; i < row.length; i++) expect(entryRight(row[i - 1]!) + LEGEND_GAP - 0.01).toBeLessThanOrEqual((row[i]?.x ?? 0) - 26);
        }
      }
    }
  });

  test('GIVEN short labels THEN one row of three columns', () => {
    const entries = legendEntries(chartSvg(SIMPLE));
    expect(entries).toHaveLength(3);
    expect(new Set(entries.map((e) => e.y)).size).toBe(1);
  });

  test('GIVEN the canvas grows with more legend rows THEN the last row still fits the canvas', () => {
    const svg = chartSvg(long, { width: 480 });
    const h = Number(/height="(\d+)"/.exec(svg)?.[1]);
    const entries = legendEntries(svg);
    expect(new Set(entries.map((e) => e.y)).size).toBe(entries.length);
    for (const e of entries) expect(e.label.endsWith('…')).toBe(false);
    expect(Math.max(...entries.map((e) => e.y))).toBeLessThanOrEqual(h - 8);
  });

  test('GIVEN a label wider than a full row THEN it alone is cut with an ellipsis, to the row', () => {
    const huge = 'An extraordinarily long component name that no legend row could ever hold whole';
    const svg = chartSvg({ ...SIMPLE, segments: [...SIMPLE.segments, { key: 'mystery', label: huge, bytes: 3 * GiB }] }, { width: W });
    const entries = legendEntries(svg);
    const cut = entries.find((e) => e.key === 'mystery');
    expect(cut?.label.endsWith('…')).toBe(true);
    expect(entryRight(cut!)).toBeLessThanOrEqual(W - M);
    expect(entryRight(cut!)).toBeGreaterThan(W - M - 40);
    expect(entries.filter((e) => e.key !== 'mystery').map((e) => e.label)).toEqual(['Weights', 'Activations', 'Optimizer']);
  });
});
