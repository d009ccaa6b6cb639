/**
 * Colours of the chart. `light` suits Slack and email; `dark` matches Discord's default
 * background (#2b2d31) so the image does not glare in a dark channel.
 */
import type { Level } from './layout';

export type ThemeName = 'light' | 'dark';

export interface Theme {
  readonly background: string;
  readonly text: string;
  readonly muted: string;
  readonly grid: string;
  /** The empty track behind the bar (the scale's full width). */
  readonly track: string;
  readonly target: string;
  readonly verdict: Readonly<Record<Level, string>>;
  /** One colour per segment, in order; the last is for "other". */
  readonly segments: readonly string[];
  readonly other: string;
}

/**
 * Segment colours: Tableau 10 less its red and green (those mean "does not fit" and "fits" here),
 * distinguishable under the common colour-vision deficiencies at these sizes.
 */
const SEGMENTS = ['#4e79a7', '#f28e2b', '#76b7b2', '#b07aa1', '#edc948', '#9c755f', '#ff9da7'];

export const THEMES: Readonly<Record<ThemeName, Theme>> = {
  light: {
    background: '#ffffff', text: '#1f2328', muted: '#57606a', grid: '#d8dee4', track: '#f2f4f7', target: '#1f2328',
    verdict: { success: '#1a7f37', warning: '#9a6700', danger: '#cf222e', info: '#57606a' },
    segments: SEGMENTS, other: '#a0a7b0',
  },
  dark: {
    background: '#2b2d31', text: '#f2f3f5', muted: '#b5bac1', grid: '#4e5058', track: '#383a40', target: '#f2f3f5',
    verdict: { success: '#3fb950', warning: '#d29922', danger: '#f85149', info: '#b5bac1' },
    segments: SEGMENTS, other: '#80848e',
  },
};

/**
 * Dark or white text on a `#rrggbb` fill, whichever contrasts more with the fill (WCAG 2 luminance).
 * @example inkOn('#edc948') // "#1f2328"
 */
export function inkOn(fill: string): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(fill)?.[1] ?? '000000';
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white is 1.05 / (L + 0.05); with #1f2328 (L ≈ 0.015) it is (L + 0.05) / 0.065.
  return 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.065 ? '#ffffff' : '#1f2328';
}
