/**
 * The chart renderer: PNGs rasterised in a worker thread (the event loop stays free for acks),
 * with a queue bound and a process-wide budget beyond which charts are skipped.
 */
import { createChartRenderer, type ChartRenderer, type ChartRendererOptions } from '../../adapters/slack/chart-render';
import type { Reply } from '../../src/reply/types';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const GIB = 1024 ** 3;

const reply: Reply = {
  title: 'Llama 3.1 8B · LoRA', severity: 'danger', fields: [], sections: [], notes: [], visibility: 'channel',
  chart: {
    title: 'Llama 3.1 8B · LoRA',
    segments: [{ key: 'weights', label: 'Weights', bytes: 15 * GIB }, { key: 'activations', label: 'Activations', bytes: 9 * GIB }],
    capacities: [{ label: 'rtx4090', bytes: 23.99 * GIB, target: true }],
  },
};

async function withRenderer(opts: Partial<ChartRendererOptions>, f: (r: ChartRenderer, logs: string[]) => Promise<void>): Promise<void> {
  const logs: string[] = [];
  const r = createChartRenderer({ log: (m) => logs.push(m), ...opts });
  try {
    await f(r, logs);
  } finally {
    await r.close();
  }
}

describe('chart renderer (worker thread)', () => {
  test('GIVEN a reply with a chart THEN a PNG named vram-chart.png with alt text, rendered while the event loop keeps ticking', async () => {
    await withRenderer({}, async (r) => {
      let ticks = 0;
      const timer = setInterval(() => { ticks += 1; }, 2);
      const out = await r.render(reply);
      clearInterval(timer);
      if (!out.ok || !out.file) throw new Error(`no file: ${JSON.stringify(out)}`);
      expect(out.file.name).toBe('vram-chart.png');
      expect(out.file.contentType).toBe('image/png');
      expect(out.file.alt).toBe('Llama 3.1 8B · LoRA: 24.00 GiB against rtx4090 (23.99 GiB), stacked by component');
      expect(out.file.data.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      expect(out.file.data.length).toBeGreaterThan(10_000);
      expect(ticks).toBeGreaterThan(0);
      // A second chart reuses the worker.
      const again = await r.render(reply);
      expect(again.ok && again.file?.data.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    });
  });

  test('GIVEN a reply without a chart THEN no file and no worker work', async () => {
    await withRenderer({}, async (r) => {
      expect(await r.render({ ...reply, chart: undefined })).toEqual({ ok: true });
    });
  });

  test('GIVEN SVG resvg cannot parse THEN a ChartRenderError value, and the worker still serves the next one', async () => {
    await withRenderer({}, async (r) => {
      const bad = await r.svgToPng('<svg this is not xml');
      expect(bad.ok).toBe(false);
      if (bad.ok || !('error' in bad)) throw new Error('expected an error');
      expect(bad.error.name).toBe('ChartRenderError');
      expect(bad.error.message).toMatch(/^chart rendering failed: /);
      const good = await r.svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="red"/></svg>');
      expect(good.ok && good.png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    });
  });

  test('GIVEN more charts waiting than the bound THEN the extra ones are skipped, logged once', async () => {
    await withRenderer({ maxPending: 1 }, async (r, logs) => {
      const [first, second, third] = await Promise.all([r.render(reply), r.render(reply), r.render(reply)]);
      expect(first?.ok && first.file?.data.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      expect(second).toEqual({ ok: true });
      expect(third).toEqual({ ok: true });
      expect(logs).toEqual(['slack: a chart was skipped (1 charts are already waiting); the text replies went out without them']);
    });
  });

  test('GIVEN the budget is spent THEN charts are skipped until it refills; the log says how many, at most every 10 s', async () => {
    const clock = { t: 0 };
    await withRenderer({ budget: { capacity: 1, windowMs: 60_000 }, now: () => clock.t }, async (r, logs) => {
      expect((await r.render(reply)).ok && true).toBe(true);
      expect(await r.render(reply)).toEqual({ ok: true });
      expect(await r.render(reply)).toEqual({ ok: true });
      expect(logs).toHaveLength(1);
      clock.t += 10_000;
      expect(await r.render(reply)).toEqual({ ok: true });
      expect(logs).toHaveLength(2);
      expect(logs[1]).toMatch(/^slack: 2 charts were skipped \(over the budget of 1 charts per 60 s\)/);
      clock.t += 60_000;
      const refilled = await r.render(reply);
      expect(refilled.ok && refilled.file?.data.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    });
  });

  test('GIVEN a render over the deadline THEN an error value at the deadline, not a hang', async () => {
    await withRenderer({ timeoutMs: 1 }, async (r) => {
      const started = performance.now();
      const out = await r.render(reply);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(out.ok).toBe(false);
      if (out.ok) return;
      expect(out.error.message).toMatch(/rendering took over 1 ms/);
    });
  });
});
