/**
 * Colours of the chart. `light` suits Slack and email; `dark` matches Discord's default
 * background (#2b2d31) so the image does not glare in a dark channel.
 *
 * Segments are coloured by component, never by rank, so "Activations" is the same orange in
 * every chart and in both themes.
 */
import type { ComponentId } from '../estimator/types';
import { OTHER_KEY, type Level } from './layout';

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
  /** The fixed colour of each estimator component, by `ComponentId`. */
  readonly components: Readonly<Record<ComponentId, string>>;
  /** Colours for segments whose key is not a component id, picked by a hash of the key. */
  readonly fallback: readonly string[];
  /** The merged "other" part. */
  readonly other: string;
}

/**
 * Tableau 20 less its reds, greens and greys (red and green mean "does not fit" and "fits"
 * here); every colour takes `inkOn` text at 4.5:1 or more (the brown is darkened for that).
 */
const PALETTE = {
  blue: '#4e79a7', lightBlue: '#a0cbe8', orange: '#f28e2b', lightOrange: '#ffbe7d',
  olive: '#b6992d', yellow: '#f1ce63', teal: '#499894', lightTeal: '#86bcb6',
  pink: '#d37295', lightPink: '#fabfd2', purple: '#b07aa1', lightPurple: '#d4a6c8',
  brown: '#906c57', lightBrown: '#d7b5a6',
  /** Not in Tableau 20: a muted indigo for NCCL's buffers (white text at 6.9:1). */
  indigo: '#6b5b95',
  /**
   * Not in Tableau 20, for the objectives' extra models and rollout (each takes `inkOn` text at
   * 5.9:1 or more): a deep blue (the reference, a second set of weights), ochre, dusty rose, pale
   * blue, deep purple (the rollout's KV cache), pale orange, dark teal.
   */
  deepBlue: '#2f5f8a', ochre: '#c4a35a', dustyRose: '#c9a3b8', paleBlue: '#bcd6ee',
  deepPurple: '#7b4f9d', paleOrange: '#ffd9a8', darkTeal: '#3d6b6b',
  /** Not in Tableau 20: a pale green for the forward's unsaved temporaries (DoRA, a VLM's tower). */
  paleGreen: '#b5d9a3',
} as const;

/**
 * One colour per component. The twenty-two that a training chart can hold are all different;
 * the serving-only `kv_cache` reuses the training-only `optimizer_states` purple (no chart has
 * both), and `cuda_graphs` (vLLM serving) has the olive to itself. Components next to each other
 * in the bar's order (weights, adapters, autocast cache, ...) get contrasting hues.
 */
const COMPONENTS: Readonly<Record<ComponentId, string>> = {
  weights: PALETTE.blue,
  adapter_weights: PALETTE.pink,
  autocast_cache: PALETTE.lightTeal,
  gradients: PALETTE.yellow,
  optimizer_states: PALETTE.purple,
  optimizer_step: PALETTE.lightPurple,
  activations: PALETTE.orange,
  logits: PALETTE.lightBlue,
  workspace: PALETTE.brown,
  /** Objectives (training only). */
  reference_model: PALETTE.deepBlue,
  value_model: PALETTE.ochre,
  reward_model: PALETTE.dustyRose,
  reference_forward: PALETTE.paleBlue,
  rollout_kv: PALETTE.deepPurple,
  rollout_work: PALETTE.paleOrange,
  vllm_engine: PALETTE.darkTeal,
  forward_transient: PALETTE.paleGreen,
  sharding_buffers: PALETTE.lightOrange,
  /** Training only (cuda_graphs is serving only). */
  comm_buffers: PALETTE.olive,
  nccl: PALETTE.indigo,
  kv_cache: PALETTE.purple,
  cuda_graphs: PALETTE.olive,
  cublas_workspace: PALETTE.lightBrown,
  allocator_slack: PALETTE.lightPink,
  cuda_context: PALETTE.teal,
};

const FALLBACK: readonly string[] = Object.values(PALETTE);

export const THEMES: Readonly<Record<ThemeName, Theme>> = {
  light: {
    background: '#ffffff', text: '#1f2328', muted: '#57606a', grid: '#d8dee4', track: '#f2f4f7', target: '#1f2328',
    verdict: { success: '#1a7f37', warning: '#9a6700', danger: '#cf222e', info: '#57606a' },
    components: COMPONENTS, fallback: FALLBACK, other: '#a0a7b0',
  },
  dark: {
    background: '#2b2d31', text: '#f2f3f5', muted: '#b5bac1', grid: '#4e5058', track: '#383a40', target: '#f2f3f5',
    verdict: { success: '#3fb950', warning: '#d29922', danger: '#f85149', info: '#b5bac1' },
    components: COMPONENTS, fallback: FALLBACK, other: '#80848e',
  },
};

/** FNV-1a, 32 bit: a stable small hash for picking a fallback colour. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function isComponent(key: string, t: Theme): key is ComponentId {
  return Object.prototype.hasOwnProperty.call(t.components, key);
}

/**
 * The fill of a segment by its component key: the component's fixed colour, grey for the merged
 * "other", else a colour picked by a hash of the key (the same key, the same colour).
 * @example componentFill('activations', THEMES.light) // "#f28e2b"
 */
export function componentFill(key: string, t: Theme): string {
  if (key === OTHER_KEY) return t.other;
  if (isComponent(key, t)) return t.components[key];
  return t.fallback[hash(key) % t.fallback.length] ?? t.other;
}

/**
 * The fills of one chart's segments, by key (`componentFill`). Known components always get
 * their own colour; a segment with an unknown key takes its hashed colour, or the next fallback
 * colour not yet used in this chart, so no two different keys share a fill while a free colour
 * is left. Segments with the same key share one fill.
 */
export function segmentFills(keys: readonly string[], t: Theme): string[] {
  const fixed = (key: string): boolean => key === OTHER_KEY || isComponent(key, t);
  const byKey = new Map<string, string>();
  for (const key of keys) if (fixed(key)) byKey.set(key, componentFill(key, t));
  const used = new Set(byKey.values());
  for (const key of keys) {
    if (byKey.has(key)) continue;
    const n = t.fallback.length;
    const start = hash(key) % Math.max(1, n);
    let fill = componentFill(key, t);
    for (let i = 0; i < n; i++) {
      const candidate = t.fallback[(start + i) % n];
      if (candidate !== undefined && !used.has(candidate)) { fill = candidate; break; }
    }
    byKey.set(key, fill);
    used.add(fill);
  }
  return keys.map((key) => byKey.get(key) ?? t.other);
}

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
