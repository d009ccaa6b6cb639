/**
 * A chart that fails to render costs the user nothing: the estimate's text embed is sent alone
 * (no files, no image) and the failure is logged. The rasteriser is replaced for this file only,
 * to fail on demand (the adapter has no test switch for it).
 */
import { dispatch } from '../../commands/registry';
import { seenText, startHarness, type Harness } from './harness';

let mockFail = false;
jest.mock('../../adapters/chart/png', () => {
  const actual = jest.requireActual<typeof import('../../adapters/chart/png')>('../../adapters/chart/png');
  return {
    ...actual,
    renderChartPng: (...args: Parameters<typeof actual.renderChartPng>): Buffer => {
      if (mockFail) throw new Error('resvg exploded');
      return actual.renderChartPng(...args);
    },
  };
});

describe('discord chart: rendering fails', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness({ handle: (inv) => dispatch(inv, {}) }); });
  afterAll(async () => { await h.stop(); });
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
