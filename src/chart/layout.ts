/**
 * The chart's decisions, as data: which segments get their own colour, the verdict, the scale and
 * its ticks, the free stretch of a segment for its number. GPU labels are placed in `labels.ts`;
 * `svg.ts` draws what these decide.
 */
import { GiB } from '../estimator/constants';
import type { ChartData } from '../reply/types';

export interface Part {
  readonly label: string;
  readonly bytes: number;
}

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
 * The parts of the stacked bar in their original order, tiny ones merged into a final "other".
 * Zero, negative and non-finite segments are dropped.
 * @example mergeParts([{label:'W', bytes:90}, {label:'a', bytes:1}, {label:'b', bytes:1}]) // W 90, other 2
 */
export function mergeParts(segments: readonly Part[], minShare = MIN_SHARE, maxParts = MAX_PARTS): Part[] {
  const parts = segments.map((s) => ({ label: s.label, bytes: safeBytes(s.bytes) })).filter((s) => s.bytes > 0);
  const total = parts.reduce((a, s) => a + s.bytes, 0);
  if (parts.length <= 1) return parts;
  const ranked = [...parts].sort((a, b) => b.bytes - a.bytes);
  const keep = new Set(ranked.filter((s, i) => s.bytes >= minShare * total && i < maxParts - 1));
  if (parts.length - keep.size <= 1 && parts.length <= maxParts) return parts;
  const rest = parts.filter((s) => !keep.has(s));
  const other = { label: 'other', bytes: rest.reduce((a, s) => a + s.bytes, 0) };
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
 * without a target, against the listed cards (none fits / only tightly / one fits with room).
 */
export function verdictOf(total: number, capacities: readonly Capacity[]): Verdict {
  const target = capacities.find((c) => c.target);
  if (target) {
    const cap = safeBytes(target.bytes);
    if (total > cap) return { level: 'danger', gpu: target, text: `Does not fit ${target.label}: ${n2(total - cap)} GiB over` };
    const level = total > TIGHT_SHARE * cap ? 'warning' : 'success';
    return { level, gpu: target, text: `${level === 'warning' ? 'Tight on' : 'Fits'} ${target.label}: ${n2(cap - total)} GiB free` };
  }
  if (capacities.length === 0) return { level: 'info', text: '' };
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
