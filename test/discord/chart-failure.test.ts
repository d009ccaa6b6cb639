/**
 * A chart that fails to render costs the user nothing: the estimate's text embed is sent alone
 * (no files, no image) and the failure is logged. The bot renders charts in a worker pool, so
 * a mock of the rasteriser in this process would not reach it: the renderer is injected instead
 * (`renderChart`), failing on demand exactly as the rasteriser's throw would (`chartFile` with a
 * throwing render), and otherwise the real pool.
 */
import { chartFile } from '../../adapters/chart/attachment';
import { createChartPool, type ChartPool } from '../../adapters/chart/pool';
import { dispatch } from '../../commands/registry';
import { seenText, startHarness, type Harness } from './harness';

let mockFail = false;

describe('discord chart: rendering fails', () => {
  let h: Harness;
  let pool: ChartPool;
  beforeAll(async () => {
    pool = createChartPool({ threads: 1 });
    h = await startHarness({
      handle: (inv) => dispatch(inv, {}),
      config: { renderChart: (reply, opts) => (mockFail ? chartFile(reply, opts, () => { throw new Error('resvg exploded'); }) : pool.render(reply, opts)) },
    });
  });
  afterAll(async () => {
    await h.stop();
    await pool.close();
  });
  afterEach(() => { mockFail = false; });

  test('GIVEN the renderer throws THEN the text embed alone (JSON, no files, no image), buttons kept, and the error logged', async () => {
    mockFail = true;
    const run = h.standin.runCommand('vram', { model: 'llama-3.1-8b', lora: true, gpu: 'rtx4090' });
    const m = await run.seen;
    expect(m.via).toBe('reply');
    expect(run.record.multipart).toEqual([false]);
    expect(m.files).toEqual([]);
    expect(m.embeds[0]?.image).toBeUndefined();
    expect(seenText(m)).toMatch(/Does not fit on rtx4090/);
    expect(m.components).toHaveLength(1);
    expect(h.logs.join('\n')).toMatch(/chart not attached, sending the text alone \(chart_render_failed\) ChartRenderError: chart rendering failed: resvg exploded/);
    expect(h.standin.violations).toEqual([]);
  });

  test('GIVEN the renderer works again THEN the next estimate has its chart', async () => {
    const m = await h.standin.runCommand('vram', { model: 'llama-3.1-8b', lora: true }).seen;
    expect(m.files.map((f) => f.filename)).toEqual(['vram-chart.png']);
  });
});
