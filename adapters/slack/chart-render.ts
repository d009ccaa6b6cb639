/**
 * Chart PNGs off the event loop. Rasterising an estimate's chart takes ~65 ms of CPU (resvg
 * render plus PNG encoding); done on the main thread, every chart delays the 3-second acks of
 * everyone else's commands (the Slack bench showed p99 acks over 3 s at 30 req/s). Here the
 * SVG is built on the main thread (~2 ms, the shared `chartSvg`) and rasterised in one worker
 * thread. Charts have a process-wide budget (default a burst of 10, then 4 a second) and a
 * queue bound; beyond either, new ones are skipped (the text reply never depended on them), so
 * charts can take at most a bounded share of the CPU however busy the bot gets.
 *
 * The worker is plain JavaScript (no TypeScript loader needed under tsx or ts-jest) and uses the
 * same resvg settings as `svgToPng` in `src/chart/png.ts`: bundled Inter fonts only, 2x zoom.
 */
import { Worker } from 'node:worker_threads';
import { chartSvg } from '../../src/chart/svg';
import { chartFontFiles } from '../chart/png';
import type { Reply } from '../../src/reply/types';
import { chartFile, ChartRenderError, type ChartOutcome } from '../chart/attachment';
import type { LogFn } from './logger';
import { createRateLimiter } from './ratelimit';

/** Rasterises SVG with resvg; answers `{id, png}` (transferred bytes) or `{id, error}`. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Resvg } = require(workerData.resvgPath);
parentPort.on('message', ({ id, svg, scale }) => {
  try {
    const png = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: scale },
      font: { loadSystemFonts: false, fontFiles: workerData.fontFiles, defaultFontFamily: 'Inter', sansSerifFamily: 'Inter' },
      shapeRendering: 2,
      textRendering: 1,
      logLevel: 'off',
    }).render().asPng();
    const bytes = new Uint8Array(png.byteLength);
    bytes.set(png);
    parentPort.postMessage({ id, png: bytes }, [bytes.buffer]);
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.message) || err) });
  }
});
`;

type WorkerAnswer = { readonly id: number; readonly png?: Uint8Array; readonly error?: string };

export interface ChartRenderer {
  /** The reply's chart file (`chartFile`'s name and alt text), rasterised off the event loop. Never rejects. */
  render(reply: Reply): Promise<ChartOutcome>;
  /** Rasterises one SVG (tests). Never rejects. */
  svgToPng(svg: string): Promise<{ ok: true; png: Buffer } | { ok: false; error: ChartRenderError } | { ok: false; skipped: string }>;
  /** Stops the worker; a later render starts a new one. */
  close(): Promise<void>;
}

export interface ChartRendererOptions {
  readonly log: LogFn;
  /** Charts waiting or rendering before new ones are skipped (default 8). */
  readonly maxPending?: number;
  /** Longest render before the worker is replaced and the chart given up (default 15 s). */
  readonly timeoutMs?: number;
  /** Pixels per SVG unit (default 2, as `renderChartPng`). */
  readonly scale?: number;
  /** Charts rendered at most, process-wide (default a burst of 10, then one per 250 ms). */
  readonly budget?: { readonly capacity: number; readonly windowMs: number };
  /** Clock for the budget and the skip log's throttle (default `Date.now`). */
  readonly now?: () => number;
}

export const DEFAULT_CHART_BUDGET = { capacity: 10, windowMs: 2500 } as const;

/** Under load every chart could be skipped: log the first, then one line per this interval. */
const SKIP_LOG_INTERVAL_MS = 10_000;

interface Pending {
  readonly resolve: (a: WorkerAnswer) => void;
  readonly timer: NodeJS.Timeout;
}

export function createChartRenderer(opts: ChartRendererOptions): ChartRenderer {
  const maxPending = opts.maxPending ?? 8;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const scale = opts.scale ?? 2;
  const now = opts.now ?? Date.now;
  const budget = opts.budget ?? DEFAULT_CHART_BUDGET;
  const limiter = createRateLimiter({ ...budget, now, maxKeys: 1 });
  const pending = new Map<number, Pending>();
  let worker: Worker | undefined;
  let seq = 0;
  let skipped = 0;
  let skipLoggedAt = -Infinity;

  const noteSkip = (why: string): void => {
    skipped += 1;
    const t = now();
    if (t - skipLoggedAt < SKIP_LOG_INTERVAL_MS) return;
    opts.log(`slack: ${skipped === 1 ? 'a chart was' : `${skipped} charts were`} skipped (${why}); the text replies went out without them`);
    skipped = 0;
    skipLoggedAt = t;
  };

  const settle = (a: WorkerAnswer): void => {
    const p = pending.get(a.id);
    if (!p) return;
    pending.delete(a.id);
    clearTimeout(p.timer);
    p.resolve(a);
  };

  /** Fails everything in flight and forgets the worker (the next render starts another). */
  const drop = (w: Worker, why: string): void => {
    if (worker !== w) return;
    worker = undefined;
    for (const id of [...pending.keys()]) settle({ id, error: why });
    void w.terminate().catch(() => undefined);
  };

  const start = (): Worker => {
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { resvgPath: require.resolve('@resvg/resvg-js'), fontFiles: [...chartFontFiles()] },
    });
    w.unref(); // an idle renderer never keeps the process alive
    w.on('message', (a: WorkerAnswer) => settle(a));
    w.on('error', (err) => {
      opts.log('slack: the chart worker failed; charts in flight are dropped', err);
      drop(w, `chart worker failed: ${err.message}`);
    });
    w.on('exit', (code) => drop(w, `chart worker exited (code ${code})`));
    return w;
  };

  const svgToPng: ChartRenderer['svgToPng'] = async (svg) => {
    if (pending.size >= maxPending) return { ok: false, skipped: `${pending.size} charts are already waiting` };
    worker ??= start();
    const w = worker;
    seq += 1;
    const id = seq;
    const answer = await new Promise<WorkerAnswer>((resolve) => {
      const timer = setTimeout(() => {
        settle({ id, error: `rendering took over ${timeoutMs} ms` });
        drop(w, 'chart worker replaced after a timeout');
      }, timeoutMs);
      pending.set(id, { resolve, timer });
      w.postMessage({ id, svg, scale });
    });
    if (answer.png) return { ok: true, png: Buffer.from(answer.png.buffer, answer.png.byteOffset, answer.png.byteLength) };
    return { ok: false, error: new ChartRenderError(`chart rendering failed: ${answer.error ?? 'no image'}`) };
  };

  return {
    svgToPng,
    async render(reply) {
      if (!reply.chart) return { ok: true };
      if (pending.size >= maxPending) {
        noteSkip(`${pending.size} charts are already waiting`);
        return { ok: true };
      }
      if (!limiter.take('charts').ok) {
        noteSkip(`over the budget of ${budget.capacity} charts per ${budget.windowMs / 1000} s`);
        return { ok: true };
      }
      // chartFile names the file and writes the alt text; the SVG is captured for the worker.
      let svg: string | undefined;
      const meta = chartFile(reply, {}, (data, o) => {
        svg = chartSvg(data, o);
        return Buffer.alloc(0);
      });
      if (!meta.ok || !meta.file || svg === undefined) return meta;
      const out = await svgToPng(svg);
      if (out.ok) return { ok: true, file: { ...meta.file, data: out.png } };
      if ('skipped' in out) {
        noteSkip(out.skipped);
        return { ok: true };
      }
      return out;
    },
    async close() {
      const w = worker;
      if (!w) return;
      drop(w, 'chart renderer closed');
      await w.terminate().catch(() => undefined);
    },
  };
}
