/**
 * The chart's decisions, as data: which segments get their own colour, the verdict, the scale and
 * its ticks, the free stretch of a segment for its number. GPU labels are placed in `labels.ts`;
 * `svg.ts` draws what these decide.
 */
import { GiB } from '../format/units';
import type { ChartData } from '../reply/types';

export interface Part {
  /** The component id (`ComponentId`), which picks the colour; `OTHER_KEY` for the merged part. */
  readonly key: string;
  readonly label: string;
  readonly bytes: number;
}

/** The key (and label) of the merged part of small segments, drawn grey. */
export const OTHER_KEY = 'other';

export type Capacity = ChartData['capacities'][number];

/** A segment below this share of the total goes into "other" (unless it would be alone there). */
export const MIN_SHARE = 0.02;
/** At most this many legend entries, "other" included. */
export const MAX_PARTS = 6;
/** Share of a card above which a fit counts as tight (the same 90% as the text reply). */
export const TIGHT_SHARE = 0.9;

/** Bytes that can be drawn: finite and positive, else 0. */
export function safeBytes(bytes: number): number {
  return Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
}

/**
 * The parts of the stacked bar in their original order, tiny ones merged into a final "other"
 * (key `OTHER_KEY`); the parts kept keep their key. Zero, negative and non-finite segments are
 * dropped. A segment without a key (data from before keys existed) is keyed by its label.
 * @example mergeParts([{key:'weights', label:'W', bytes:90}, {key:'logits', label:'a', bytes:1}, {key:'workspace', label:'b', bytes:1}]) // W 90, other 2
 */
export function mergeParts(segments: readonly Part[], minShare = MIN_SHARE, maxParts = MAX_PARTS): Part[] {
  const parts = segments.map((s) => ({ key: (s.key as string | undefined) || s.label, label: s.label, bytes: safeBytes(s.bytes) })).filter((s) => s.bytes > 0);
  const total = parts.reduce((a, s) => a + s.bytes, 0);
  if (parts.length <= 1) return parts;
  const ranked = [...parts].sort((a, b) => b.bytes - a.bytes);
  const keep = new Set(ranked.filter((s, i) => s.bytes >= minShare * total && i < maxParts - 1));
  if (parts.length - keep.size <= 1 && parts.length <= maxParts) return parts;
  const rest = parts.filter((s) => !keep.has(s));
  const other = { key: OTHER_KEY, label: 'other', bytes: rest.reduce((a, s) => a + s.bytes, 0) };
  return [...parts.filter((s) => keep.has(s)), other];
}

export type Level = 'success' | 'warning' | 'danger' | 'info';

export interface Verdict {
  readonly level: Level;
  /** The card the verdict is about: the target, else the smallest card that fits. */
  readonly gpu?: Capacity;
  /** One short line, e.g. "Does not fit rtx4090: 24.21 GiB over". */
  readonly text: string;
}

function n2(bytes: number): string {
  return (bytes / GiB).toFixed(2);
}

/**
 * Red, amber or green for `total` against the target card (over / above 90% / below), or,
 * without a target, against the card the reply's headline names (`headline`), or else against
 * the listed cards (none fits / only tightly / one fits with room).
 */
export function verdictOf(total: number, capacities: readonly Capacity[], headline?: string): Verdict {
  const target = capacities.find((c) => c.target);
  if (target) {
    const cap = safeBytes(target.bytes);
    if (total > cap) return { level: 'danger', gpu: target, text: `Does not fit ${target.label}: ${n2(total - cap)} GiB over` };
    const level = total > TIGHT_SHARE * cap ? 'warning' : 'success';
    return { level, gpu: target, text: `${level === 'warning' ? 'Tight on' : 'Fits'} ${target.label}: ${n2(cap - total)} GiB free` };
  }
  if (capacities.length === 0) return { level: 'info', text: '' };
  const named = headline === undefined ? undefined : capacities.find((c) => c.label === headline);
  if (named && total <= safeBytes(named.bytes)) {
    const tight = total > TIGHT_SHARE * safeBytes(named.bytes);
    return { level: tight ? 'warning' : 'success', gpu: named, text: `Smallest card that fits: ${named.label}${tight ? ' (tight)' : ''}` };
  }
  const fitting = capacities.filter((c) => total <= safeBytes(c.bytes)).sort((a, b) => a.bytes - b.bytes);
  const smallest = fitting[0];
  if (!smallest) return { level: 'danger', text: 'Fits none of these cards' };
  const roomy = fitting.some((c) => total <= TIGHT_SHARE * c.bytes);
  return { level: roomy ? 'success' : 'warning', gpu: smallest, text: `Smallest card that fits: ${smallest.label}` };
}

/**
 * The axis maximum and tick step (bytes): room for the bar, the target and the smallest card
 * that holds the total, then rounded up to a 1-2-2.5-5 step so that at most six steps show.
 */
export function scaleOf(total: number, capacities: readonly Capacity[]): { max: number; step: number } {
  const target = capacities.find((c) => c.target);
  const holding = capacities.map((c) => safeBytes(c.bytes)).filter((b) => b >= total).sort((a, b) => a - b)[0];
  const need = Math.max(total, safeBytes(target?.bytes ?? 0), holding ?? 0, GiB) * 1.04;
  const raw = need / 5;
  const mag = 10 ** Math.floor(Math.log10(raw / GiB));
  const step = ([1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s * GiB >= raw) ?? 10 * mag) * GiB;
  return { max: Math.ceil(need / step - 1e-9) * step, step };
}

export interface Box {
  readonly left: number;
  readonly right: number;
}

/**
 * The widest stretch of [from, to] that no line in `cuts` crosses, for writing inside a segment.
 * @example freeSpan(0, 100, [30]) // {left: 30, right: 100}
 */
export function freeSpan(from: number, to: number, cuts: readonly number[]): Box {
  const inside = cuts.filter((x) => x > from && x < to).sort((a, b) => a - b);
  const edges = [from, ...inside, to];
  let best: Box = { left: from, right: from };
  for (let i = 0; i + 1 < edges.length; i++) {
    const l = edges[i] ?? from;
    const r = edges[i + 1] ?? to;
    if (r - l > best.right - best.left) best = { left: l, right: r };
  }
  return best;
}

/** At most this many legend columns. */
export const LEGEND_COLS = 3;
/** Least space between two legend columns, px. */
export const LEGEND_GAP = 16;

export interface LegendGrid {
  readonly cols: number;
  readonly rows: number;
  /** Left edge of each column, from the legend's left edge. */
  readonly x: readonly number[];
  /** Width of each column: what an entry in it may take (swatch, label and value). */
  readonly width: readonly number[];
}

/**
 * The legend's grid for entries of natural `widths` (px) in `avail` px, entries filled row by
 * row: the most columns (up to `maxCols`) in which every entry fits whole; equal columns when
 * they hold every entry, else each column as wide as its widest entry plus an equal share of
 * what is left. When not even two columns fit, one column as wide as `avail` (where an entry
 * still too wide has to be cut).
 * @example legendGrid([200, 380, 150], 836).cols // 3, columns 240 / 420 / 190 px
 */
export function legendGrid(widths: readonly number[], avail: number, maxCols = LEGEND_COLS, gap = LEGEND_GAP): LegendGrid {
  const n = widths.length;
  for (let cols = Math.min(maxCols, n); cols >= 2; cols--) {
    const need = Array.from({ length: cols }, (_, j) => Math.max(0, ...widths.filter((_, i) => i % cols === j)));
    const room = avail - gap * (cols - 1);
    const sum = need.reduce((a, w) => a + w, 0);
    if (sum > room) continue;
    const equal = room / cols;
    const width = Math.max(...need) <= equal ? need.map(() => equal) : need.map((w) => w + (room - sum) / cols);
    const x = width.map((_, j) => width.slice(0, j).reduce((a, w) => a + w + gap, 0));
    return { cols, rows: Math.ceil(n / cols), x, width };
  }
  return { cols: 1, rows: n, x: [0], width: [avail] };
}
