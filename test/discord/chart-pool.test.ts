/**
 * The chart worker pool (`adapters/chart/pool.ts`): the same PNG as the in-thread rasteriser,
 * rendered in a worker thread; failures, timeouts and a full queue come back as coded
 * `ChartRenderError`s, never as a rejection; and the plain-JavaScript worker loads under the tsx
 * loader from any working directory (the bot's `npm start`), as it does here under ts-jest.
 */
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createChartPool } from '../../adapters/chart/pool';
import { renderChartPng } from '../../adapters/chart/png';
import type { Reply } from '../../src/reply/types';
import { SIMPLE } from '../chart/fixtures';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const reply = (chart?: Reply['chart']): Reply => ({ title: 't', severity: 'success', fields: [], sections: [], notes: [], visibility: 'channel', ...(chart ? { chart } : {}) });

describe('chart pool', () => {
  test('GIVEN a reply with a chart THEN the very PNG the in-thread rasteriser makes, with the file name and alt text', async () => {
    const pool = createChartPool({ threads: 1 });
    try {
      const out = await pool.render(reply(SIMPLE), { theme: 'dark' });
      expect(out.ok).toBe(true);
      if (!out.ok) return;
      expect(out.file?.name).toBe('vram-chart.png');
      expect(out.file?.alt).toBe('Simple: 20.00 GiB against card24 (24.00 GiB), stacked by component');
      expect(out.file?.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(out.file?.data.equals(renderChartPng(SIMPLE, { theme: 'dark' }))).toBe(true);
      expect(await pool.render(reply())).toEqual({ ok: true });
      expect(pool.pending).toBe(0);
    } finally {
      await pool.close();
    }
  });

  test('GIVEN the rasteriser throws in the worker THEN chart_render_failed with its message, and the pool keeps working', async () => {
    const pool = createChartPool({ threads: 1 });
    try {
      const bad = await pool.svgToPng('<svg');
      expect(bad.ok).toBe(false);
      if (bad.ok) return;
      expect(bad.error).toMatchObject({ name: 'ChartRenderError', code: 'chart_render_failed' });
      expect(bad.error.message).toMatch(/^chart rendering failed: SVG data parsing failed/);
      expect((await pool.render(reply(SIMPLE))).ok).toBe(true);
    } finally {
      await pool.close();
    }
  });

  test('GIVEN a render over the time limit THEN chart_timeout; GIVEN a full queue THEN chart_busy; GIVEN a closed pool THEN chart_busy', async () => {
    const slow = createChartPool({ threads: 1, timeoutMs: 1 });
    try {
      const out = await slow.render(reply(SIMPLE));
      expect(out).toMatchObject({ ok: false, error: { code: 'chart_timeout' } });
    } finally {
      await slow.close();
    }
    const small = createChartPool({ threads: 1, maxQueue: 1 });
    try {
      const outs = await Promise.all(Array.from({ length: 4 }, () => small.render(reply(SIMPLE))));
      expect(outs.filter((o) => o.ok)).toHaveLength(2);
      expect(outs.filter((o) => !o.ok).map((o) => (o.ok ? '' : o.error.code))).toEqual(['chart_busy', 'chart_busy']);
    } finally {
      await small.close();
    }
    expect(await small.render(reply(SIMPLE))).toMatchObject({ ok: false, error: { code: 'chart_busy', message: 'chart pool closed' } });
  });

  test('GIVEN the tsx loader and a working directory outside the repository THEN the worker still loads and renders', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', require.resolve('tsx'), join(__dirname, 'chart-pool-child.ts')], { cwd: tmpdir(), timeout: 30_000 });
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, signature: '89504e47', cwd: tmpdir() });
  }, 40_000);
});
