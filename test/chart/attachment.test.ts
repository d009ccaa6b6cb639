import { ChartRenderError, chartFile } from '../../adapters/chart/attachment';
import type { Reply } from '../../src/reply/types';
import { PNG_SIGNATURE, SIMPLE } from './fixtures';

const reply = (chart?: Reply['chart']): Reply => ({
  title: 't', severity: 'success', fields: [], sections: [], notes: [], visibility: 'channel', ...(chart ? { chart } : {}),
});

describe('chartFile', () => {
  test('GIVEN a reply with a chart THEN a PNG file with alt text naming the total and the target', () => {
    const out = chartFile(reply(SIMPLE));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.file?.name).toBe('vram-chart.png');
    expect(out.file?.contentType).toBe('image/png');
    expect(out.file?.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(out.file?.alt).toBe('Simple: 20.00 GiB against card24 (24.00 GiB), stacked by component');
  });

  test('GIVEN a reply without a chart THEN ok and no file', () => {
    expect(chartFile(reply())).toEqual({ ok: true });
  });

  test('GIVEN the renderer throws THEN a ChartRenderError with code and cause, not a throw', () => {
    const boom = new Error('native crash');
    const out = chartFile(reply(SIMPLE), {}, () => { throw boom; });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error).toBeInstanceOf(ChartRenderError);
    expect(out.error.code).toBe('chart_render_failed');
    expect(out.error.cause).toBe(boom);
  });
});
