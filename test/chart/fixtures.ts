/** Chart data for the chart tests: a real reply's chart, and hand-made edge cases. */
import { reportFromLine } from '../../commands/estimate-line';
import { estimateReply } from '../../src/reply/estimate-reply';
import type { ChartData } from '../../src/reply/types';

export const GiB = 1024 ** 3;

/**
 * The chart of `/vram <line>`, as the bot would send it. Each segment's `key` is its component
 * id, taken from the report when the reply does not carry it (yet).
 */
export function chartFor(line: string): ChartData {
  const r = reportFromLine(line);
  if (!r.ok) throw new Error(`fixture line failed: ${JSON.stringify(r.errors)}`);
  const chart = estimateReply(r.value).chart;
  if (!chart) throw new Error('fixture reply has no chart');
  const peak = r.value.components.filter((x) => x.inPeak);
  const segments = chart.segments.map((s, i) => {
    const component = peak[i];
    if (component?.label !== s.label) throw new Error(`fixture segment ${i} (${s.label}) is not component ${component?.id}`);
    return { ...s, key: (s.key as string | undefined) ?? component.id };
  });
  return { ...chart, segments };
}

/** 48.2 GiB of LoRA on an rtx4090 (23.99 GiB): does not fit. */
export const OVER = 'model:llama-3.1-8b batch:2 seq:2048 lora:true gpu:rtx4090';

/** A small hand-made chart: 10 + 6 + 4 GiB against a 24 GiB target and a 40 GiB card. */
export const SIMPLE: ChartData = {
  title: 'Simple',
  segments: [{ key: 'weights', label: 'Weights', bytes: 10 * GiB }, { key: 'activations', label: 'Activations', bytes: 6 * GiB }, { key: 'optimizer_states', label: 'Optimizer', bytes: 4 * GiB }],
  capacities: [{ label: 'card24', bytes: 24 * GiB, target: true }, { label: 'card40', bytes: 40 * GiB, target: false }],
};

export interface SegRect {
  readonly key: string;
  readonly label: string;
  readonly bytes: number;
  readonly x: number;
  readonly width: number;
  readonly fill: string;
}

/** The bar's segment rectangles, in drawing order. */
export function segments(svg: string): SegRect[] {
  return [...svg.matchAll(/<rect class="seg" data-key="([^"]*)" data-label="([^"]*)" data-bytes="([^"]*)" x="([^"]*)" y="[^"]*" width="([^"]*)"[^>]* fill="([^"]*)"/g)]
    .map((m) => ({ key: m[1] ?? '', label: m[2] ?? '', bytes: Number(m[3]), x: Number(m[4]), width: Number(m[5]), fill: m[6] ?? '' }));
}

/** XML text back to plain text (the five entities `escapeXml` writes). */
export function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** The legend: each entry's swatch fill and key, its (possibly cut) label (unescaped) and its GiB text. */
export function legendEntries(svg: string): { key: string; fill: string; label: string; value: string; x: number; y: number }[] {
  const swatches = [...svg.matchAll(/<rect class="swatch" data-key="([^"]*)" x="[^"]*" y="[^"]*" width="18" height="18" rx="3" fill="([^"]*)"\/>/g)];
  const texts = [...svg.matchAll(/<text class="legend" x="([^"]*)" y="([^"]*)"[^>]*>([^<]*)<tspan[^>]*>([^<]*)<\/tspan>/g)];
  if (swatches.length !== texts.length) throw new Error(`${swatches.length} swatches, ${texts.length} legend texts`);
  return texts.map((m, i) => ({ key: unescapeXml(swatches[i]?.[1] ?? ''), fill: swatches[i]?.[2] ?? '', label: unescapeXml(m[3] ?? ''), value: m[4] ?? '', x: Number(m[1]), y: Number(m[2]) }));
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
