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

/** A bug in the chart code or the native renderer; the adapter logs it and sends the text reply. */
export class ChartRenderError extends Error {
  override readonly name = 'ChartRenderError';
  readonly code = 'chart_render_failed';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
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
    const gib = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
    const total = chart.segments.reduce((a, s) => a + (Number.isFinite(s.bytes) && s.bytes > 0 ? s.bytes : 0), 0);
    const target = chart.capacities.find((c) => c.target);
    const alt = `${chart.title}: ${gib(total)}${target ? ` against ${target.label} (${gib(target.bytes)})` : ''}, stacked by component`;
    return { ok: true, file: { name: 'vram-chart.png', data: render(chart, opts), alt, contentType: 'image/png' } };
  } catch (err) {
    return { ok: false, error: new ChartRenderError(`chart rendering failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err }) };
  }
}
