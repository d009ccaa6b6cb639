/**
 * The chart as PNG bytes, rasterised by resvg (`@resvg/resvg-js`, a prebuilt native addon that
 * arrives as a per-platform optional dependency; no install script, no download).
 *
 * It lives on the adapter side: the chart itself (`src/chart/svg.ts`) is pure, while rasterising
 * loads a native addon and reads the three Inter TTFs that ship inside the
 * `@expo-google-fonts/inter` package (read-only assets resolved from node_modules, never at
 * import time). The CLI writes the PNG to a file, the chat adapters attach or upload it. System
 * fonts are never loaded, so the pixels are the same on every machine.
 */
import type * as ResvgModule from '@resvg/resvg-js';
import type { ChartData } from '../../src/reply/types';
import { chartSvg, type ChartOptions } from '../../src/chart/svg';

export interface PngOptions extends ChartOptions {
  /** Pixels per SVG unit (default 2: a 900x420 chart becomes 1800x840, sharp on HiDPI screens). */
  readonly scale?: number;
}

/** The font files, in the weights `svg.ts` uses (400, 600, 700). */
const FONT_PATHS = [
  '@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf',
  '@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf',
  '@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf',
];

let fontFiles: string[] | undefined;
let resvgModule: typeof ResvgModule | undefined;

/**
 * The native addon, loaded on first render: a CLI run or bot start without a chart does not
 * pay its ~10 ms load.
 */
function resvg(): typeof ResvgModule {
  resvgModule ??= require('@resvg/resvg-js') as typeof ResvgModule;
  return resvgModule;
}

/** Absolute paths of the bundled fonts, resolved once on first use. */
export function chartFontFiles(): readonly string[] {
  fontFiles ??= FONT_PATHS.map((p) => require.resolve(p));
  return fontFiles;
}

/**
 * Rasterises an SVG with the bundled fonts only.
 * @param scale pixels per SVG unit
 */
export function svgToPng(svg: string, scale = 2): Buffer {
  return new (resvg().Resvg)(svg, resvgOptions(scale)).render().asPng();
}

/**
 * resvg's settings for the chart: the bundled fonts only, `scale` pixels per SVG unit. Plain
 * data, so the worker pool (`pool.ts`) sends the very same settings to its threads.
 */
export function resvgOptions(scale = 2): ResvgModule.ResvgRenderOptions {
  return {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: false, fontFiles: [...chartFontFiles()], defaultFontFamily: 'Inter', sansSerifFamily: 'Inter' },
    shapeRendering: 2,
    textRendering: 1,
    logLevel: 'off',
  };
}

/**
 * The reply's chart as PNG bytes.
 * @example writeFileSync('chart.png', renderChartPng(reply.chart!)) // in the CLI, not here
 */
export function renderChartPng(data: ChartData, opts: PngOptions = {}): Buffer {
  return svgToPng(chartSvg(data, opts), opts.scale ?? 2);
}
