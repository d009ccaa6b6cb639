/**
 * A reply's chart as a file the chat adapters attach (Discord `files`, Slack `files.uploadV2`).
 * The rasteriser itself is `src/chart/png.ts` (pure computation, shared with the CLI); this is the
 * adapters' side: a file name, alt text, and a failure that never costs the user the text reply.
 */
import { renderChartPng, type PngOptions } from './png';
import type { ChartData, Reply } from '../../src/reply/types';

export interface ChartFile {
  /** `vram-chart.png`: safe on every platform, no user text in it. */
  readonly name: string;
  readonly data: Buffer;
  /** Alt text for screen readers: the chart's title and total. */
  readonly alt: string;
  readonly contentType: 'image/png';
}

/**
 * Why a chart was left out: `chart_render_failed` a bug in the chart code or the native
 * renderer, `chart_timeout` the render took too long, `chart_busy` the render queue was full.
 */
export type ChartErrorCode = 'chart_render_failed' | 'chart_timeout' | 'chart_busy';

/** A chart that could not be made; the adapter logs it and sends the text reply. */
export class ChartRenderError extends Error {
  override readonly name = 'ChartRenderError';
  readonly code: ChartErrorCode;
  constructor(message: string, options?: { cause?: unknown; code?: ChartErrorCode }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.code = options?.code ?? 'chart_render_failed';
  }
}

export type ChartOutcome =
  | { readonly ok: true; readonly file?: ChartFile }
  | { readonly ok: false; readonly error: ChartRenderError };

/**
 * The PNG for `reply.chart`; no file when the reply has no chart.
 * @param render injectable for tests; defaults to `renderChartPng`
 * @example const out = chartFile(reply, { theme: 'dark' }); if (out.ok && out.file) files.push(out.file)
 */
export function chartFile(
  reply: Reply,
  opts: PngOptions = {},
  render: (data: ChartData, opts: PngOptions) => Buffer = renderChartPng,
): ChartOutcome {
  const chart = reply.chart;
  if (!chart) return { ok: true };
  try {
    return { ok: true, file: { name: CHART_FILE_NAME, data: render(chart, opts), alt: chartAlt(chart), contentType: 'image/png' } };
  } catch (err) {
    return { ok: false, error: renderFailure(err) };
  }
}

/** The chart file's name on every platform. */
export const CHART_FILE_NAME = 'vram-chart.png';

/** Alt text for screen readers: the chart's title, total, and target card. */
export function chartAlt(chart: ChartData): string {
  const gib = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  const total = chart.segments.reduce((a, s) => a + (Number.isFinite(s.bytes) && s.bytes > 0 ? s.bytes : 0), 0);
  const target = chart.capacities.find((c) => c.target);
  return `${chart.title}: ${gib(total)}${target ? ` against ${target.label} (${gib(target.bytes)})` : ''}, stacked by component`;
}

/**
 * A renderer's throw as the error the adapters log. The message is read off any error-like
 * object: an error cloned back from a worker thread may come from another realm, where
 * `instanceof Error` fails.
 */
export function renderFailure(err: unknown): ChartRenderError {
  const message = typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string' ? (err as { message: string }).message : String(err);
  return new ChartRenderError(`chart rendering failed: ${message}`, { cause: err });
}
