import { ChartRenderError, chartAlt, chartFile, renderFailure } from '../../adapters/chart/attachment';
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

  test('GIVEN why a chart was left out THEN a stable code: a render failure by default, a timeout or a full queue when said', () => {
    expect(new ChartRenderError('x').code).toBe('chart_render_failed');
    expect(new ChartRenderError('x', { code: 'chart_timeout' }).code).toBe('chart_timeout');
    expect(new ChartRenderError('x', { code: 'chart_busy', cause: 1 })).toMatchObject({ code: 'chart_busy', cause: 1, name: 'ChartRenderError' });
  });

  test('GIVEN a throw that is not an Error of this realm (cloned back from a worker thread) THEN its message is kept', () => {
    expect(renderFailure({ message: 'resvg exploded' }).message).toBe('chart rendering failed: resvg exploded');
    expect(renderFailure('plain text').message).toBe('chart rendering failed: plain text');
  });

  test('GIVEN the chart THEN the alt text the pool and chartFile share', () => {
    const out = chartFile(reply(SIMPLE), {}, () => Buffer.alloc(0));
    expect(out.ok && out.file?.alt).toBe(chartAlt(SIMPLE));
  });
});
