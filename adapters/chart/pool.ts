/**
 * Chart PNGs off the main thread: a bounded pool of worker threads (piscina) that rasterise the
 * chart SVG. Rasterising takes 40-90 ms of CPU per chart; on the main thread a burst of charts
 * holds up everything else, the chat platforms' acknowledgement deadlines included (Discord's
 * 3 s). Here the SVG is built on the main thread (about 1 ms, the shared `chartSvg`) and only the
 * rasterising runs in the pool (`png-worker.js`, plain JavaScript: it loads without a TypeScript
 * loader under tsx and ts-jest alike, from any working directory).
 *
 * Bounded: `threads` workers (default min(2, CPUs)), at most `maxQueue` charts waiting, each
 * given up after `timeoutMs` (its worker is replaced). A chart that fails, times out or finds
 * the queue full comes back as a `ChartRenderError` with its code; `render` never rejects, so
 * the text reply never depends on the chart.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { chartSvg } from '../../src/chart/svg';
import type { Reply } from '../../src/reply/types';
import { CHART_FILE_NAME, ChartRenderError, chartAlt, renderFailure, type ChartOutcome } from './attachment';
import { resvgOptions, type PngOptions } from './png';

export interface ChartPoolOptions {
  /** Worker threads (default min(2, available CPUs)). */
  readonly threads?: number;
  /** Charts waiting for a thread before new ones are refused (`chart_busy`; default 64). */
  readonly maxQueue?: number;
  /** Longest wait plus render for one chart before it is given up (`chart_timeout`; default 10 s). */
  readonly timeoutMs?: number;
  /** An idle thread exits after this long (default 60 s); the next chart starts one again. */
  readonly idleTimeoutMs?: number;
  /** The worker module (default `png-worker.js` beside this file; tests point elsewhere). */
  readonly workerFile?: string;
}

export type PngResult = { readonly ok: true; readonly png: Buffer } | { readonly ok: false; readonly error: ChartRenderError };

export interface ChartPool {
  /** The reply's chart as a file (`chartFile`'s name and alt text), rasterised in the pool; no file without a chart. Never rejects. */
  render(reply: Reply, opts?: PngOptions): Promise<ChartOutcome>;
  /** Rasterises one SVG in the pool. Never rejects. */
  svgToPng(svg: string, scale?: number): Promise<PngResult>;
  /** Charts waiting or rendering now. */
  readonly pending: number;
  readonly threads: number;
  /** Stops the threads; charts still pending come back as failures, later ones as `chart_busy`. */
  close(): Promise<void>;
}

export const DEFAULT_CHART_POOL = { maxQueue: 64, timeoutMs: 10_000, idleTimeoutMs: 60_000 } as const;

/** Default thread count: two, or one on a one-CPU machine. */
export function defaultChartThreads(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

/** Creates the pool; no thread starts before the first chart. */
export function createChartPool(opts: ChartPoolOptions = {}): ChartPool {
  const threads = Math.max(1, Math.floor(opts.threads ?? defaultChartThreads()));
  const maxQueue = Math.max(0, Math.floor(opts.maxQueue ?? DEFAULT_CHART_POOL.maxQueue));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CHART_POOL.timeoutMs;
  const pool = new Piscina<{ svg: string; options: ReturnType<typeof resvgOptions> }, Uint8Array>({
    filename: opts.workerFile ?? join(__dirname, 'png-worker.js'),
    minThreads: 0,
    maxThreads: threads,
    maxQueue,
    idleTimeout: opts.idleTimeoutMs ?? DEFAULT_CHART_POOL.idleTimeoutMs,
  });
  let pending = 0;
  let closed = false;

  const svgToPng = async (svg: string, scale = 2): Promise<PngResult> => {
    if (closed) return { ok: false, error: new ChartRenderError('chart pool closed', { code: 'chart_busy' }) };
    if (pending >= threads + maxQueue) return { ok: false, error: new ChartRenderError(`chart queue full (${pending} charts waiting or rendering)`, { code: 'chart_busy' }) };
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    pending += 1;
    try {
      const bytes = await pool.run({ svg, options: resvgOptions(scale) }, { signal: abort.signal });
      return { ok: true, png: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    } catch (err) {
      if (abort.signal.aborted) return { ok: false, error: new ChartRenderError(`chart rendering took over ${timeoutMs} ms`, { cause: err, code: 'chart_timeout' }) };
      if (err instanceof Error && /queue is at limit/i.test(err.message)) return { ok: false, error: new ChartRenderError('chart queue full', { cause: err, code: 'chart_busy' }) };
      return { ok: false, error: renderFailure(err) };
    } finally {
      clearTimeout(timer);
      pending -= 1;
    }
  };

  return {
    svgToPng,
    get pending() {
      return pending;
    },
    threads,
    async render(reply, o = {}) {
      const chart = reply.chart;
      if (!chart) return { ok: true };
      let svg: string;
      let alt: string;
      try {
        svg = chartSvg(chart, o);
        alt = chartAlt(chart);
      } catch (err) {
        return { ok: false, error: renderFailure(err) };
      }
      const out = await svgToPng(svg, o.scale ?? 2);
      return out.ok ? { ok: true, file: { name: CHART_FILE_NAME, data: out.png, alt, contentType: 'image/png' } } : out;
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.destroy().catch(() => undefined);
    },
  };
}
