/** Chart data for the chart tests: a real reply's chart, and hand-made edge cases. */
import { reportFromLine } from '../../commands/estimate-line';
import { estimateReply } from '../../src/reply/estimate-reply';
import type { ChartData } from '../../src/reply/types';

export const GiB = 1024 ** 3;

/** The chart of `/vram <line>`, as the bot would send it. */
export function chartFor(line: string): ChartData {
  const r = reportFromLine(line);
  if (!r.ok) throw new Error(`fixture line failed: ${JSON.stringify(r.errors)}`);
  const chart = estimateReply(r.value).chart;
  if (!chart) throw new Error('fixture reply has no chart');
  return chart;
}

/** 48.2 GiB of LoRA on an rtx4090 (23.99 GiB): does not fit. */
export const OVER = 'model:llama-3.1-8b batch:2 seq:2048 lora:true gpu:rtx4090';

/** A small hand-made chart: 10 + 6 + 4 GiB against a 24 GiB target and a 40 GiB card. */
export const SIMPLE: ChartData = {
  title: 'Simple',
  segments: [{ label: 'Weights', bytes: 10 * GiB }, { label: 'Activations', bytes: 6 * GiB }, { label: 'Optimizer', bytes: 4 * GiB }],
  capacities: [{ label: 'card24', bytes: 24 * GiB, target: true }, { label: 'card40', bytes: 40 * GiB, target: false }],
};

export interface SegRect {
  readonly label: string;
  readonly bytes: number;
  readonly x: number;
  readonly width: number;
}

/** The bar's segment rectangles, in drawing order. */
export function segments(svg: string): SegRect[] {
  return [...svg.matchAll(/<rect class="seg" data-label="([^"]*)" data-bytes="([^"]*)" x="([^"]*)" y="[^"]*" width="([^"]*)"/g)]
    .map((m) => ({ label: m[1] ?? '', bytes: Number(m[2]), x: Number(m[3]), width: Number(m[4]) }));
}

/** The x and width of the bar's track (the full scale). */
export function track(svg: string): { x: number; width: number } {
  const m = /<rect x="([^"]*)" y="[^"]*" width="([^"]*)" height="60"/.exec(svg);
  if (!m) throw new Error('no track');
  return { x: Number(m[1]), width: Number(m[2]) };
}

/** The axis maximum in GiB, read from the last tick label ("100 GiB"). */
export function axisMaxGiB(svg: string): number {
  const ticks = [...svg.matchAll(/<text class="tick"[^>]*>([0-9.e+]+)(?: GiB)?<\/text>/g)].map((m) => Number(m[1]));
  const last = ticks[ticks.length - 1];
  if (last === undefined) throw new Error('no axis label');
  return last;
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
