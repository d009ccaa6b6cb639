/**
 * Where the GPU capacity labels go: cards whose lines coincide share one flag label, labels are
 * staggered in rows above the bar so that none overlaps another and no line passes behind a
 * label, and what cannot be placed is listed instead. Pure geometry on estimated text widths.
 */
import { GiB } from '../format/units';
import type { Box, Capacity } from './layout';
import { textWidth } from './metrics';

/** At most this many label rows above the bar. */
export const LABEL_ROWS = 5;
/** Least space between two labels in one row, px. */
export const LABEL_GAP = 24;

export interface Placed<T> {
  readonly item: T;
  /** 0 is the row next to the bar. */
  readonly row: number;
  readonly box: Box;
}

export interface Flag<T> {
  readonly item: T;
  /** Where the label's line (its pole) stands; it runs from the label's row down to the bar. */
  readonly x: number;
  /** Where the label may go, best first (e.g. right of the pole, then left of it). */
  readonly boxes: readonly Box[];
}

/**
 * Greedy stagger of flag labels, in the order given (callers put the target first), filling rows
 * from the top: each label takes the highest row and first box where it overlaps no box in that
 * row (`gap` apart), no pole from a label above crosses it, and its own pole (which runs down
 * to the bar) crosses no label below (`poleGap` apart). So no line ever passes behind a label.
 * Empty rows are then dropped and rows renumbered from the bar (0 = next to the bar). What fits
 * no row comes back in `left`.
 */
export function placeLabels<T>(flags: readonly Flag<T>[], rows: number, gap: number, poleGap = 3): { placed: Placed<T>[]; left: T[]; rows: number } {
  const placed: (Placed<T> & { x: number })[] = [];
  const left: T[] = [];
  const crosses = (x: number, b: Box): boolean => x > b.left - poleGap && x < b.right + poleGap;
  const overlaps = (a: Box, b: Box): boolean => a.left < b.right + gap && b.left < a.right + gap;
  const fits = (f: Flag<T>, box: Box, r: number): boolean => !placed.some((p) => (p.row === r && overlaps(box, p.box))
    || (p.row < r && crosses(p.x, box))
    || (p.row > r && crosses(f.x, p.box)));
  for (const f of flags) {
    let spot: { row: number; box: Box } | undefined;
    for (let r = 0; r < rows && !spot; r++) {
      const box = f.boxes.find((b) => fits(f, b, r));
      if (box) spot = { row: r, box };
    }
    if (spot) placed.push({ item: f.item, row: spot.row, box: spot.box, x: f.x });
    else left.push(f.item);
  }
  const used = [...new Set(placed.map((p) => p.row))].sort((a, b) => b - a);
  return { placed: placed.map(({ item, row, box }) => ({ item, row: used.indexOf(row), box })), left, rows: used.length };
}

/**
 * The two places for a flag label of `width` beside a pole at `x`, each kept inside [min, max]:
 * right of the pole, then left of it; `preferLeft` swaps them.
 */
export function flagBoxes(x: number, width: number, min: number, max: number, preferLeft = false, pad = 6): Box[] {
  const r = { left: x + pad, right: x + pad + width };
  const l = { left: x - pad - width, right: x - pad };
  const ok = [r, l].filter((b) => b.left >= min && b.right <= max);
  const order = preferLeft ? ok.reverse() : ok;
  return order.length > 0 ? order : [x + width / 2 > max ? { left: max - width, right: max } : { left: min, right: min + width }];
}

/**
 * Capacities whose lines would stand within `within` px of each other (rtx3090 24.00 and rtx4090
 * 23.99 GiB), as one group sharing one line and one label; the target leads its group.
 * @param xOf the x of a capacity on the scale
 */
export function groupCapacities(caps: readonly Capacity[], xOf: (bytes: number) => number, within = 3): Capacity[][] {
  const groups: Capacity[][] = [];
  for (const cap of [...caps].sort((a, b) => a.bytes - b.bytes)) {
    const last = groups[groups.length - 1];
    const head = last?.[0];
    if (last && head && xOf(cap.bytes) - xOf(head.bytes) < within) last.push(cap);
    else groups.push([cap]);
  }
  return groups.map((g) => [...g].sort((a, b) => Number(b.target) - Number(a.target)));
}

/**
 * Label order: the target's group, the smallest other card that holds `total`, the largest other
 * that does not, then the rest by size. Earlier labels get the better rows.
 */
export function labelOrder(groups: readonly Capacity[][], total: number): Capacity[][] {
  const size = (g: readonly Capacity[]): number => g[0]?.bytes ?? 0;
  const isTarget = (g: readonly Capacity[]): boolean => g.some((c) => c.target);
  const others = groups.filter((g) => !isTarget(g));
  const holding = others.filter((g) => size(g) >= total).sort((a, b) => size(a) - size(b))[0];
  const short = others.filter((g) => size(g) < total).sort((a, b) => size(b) - size(a))[0];
  const rank = (g: readonly Capacity[]): number => (isTarget(g) ? 0 : g === holding ? 1 : g === short ? 2 : 3);
  return [...groups].sort((a, b) => rank(a) - rank(b) || size(a) - size(b));
}

/**
 * Runs `placeLabels` on each candidate arrangement (orders, sides) and keeps the one that labels
 * the most cards, then uses the fewest rows; the earlier candidate wins ties.
 */
export function placeBest<T>(candidates: readonly (readonly Flag<T>[])[], rows: number, gap: number): { placed: Placed<T>[]; left: T[]; rows: number } {
  let best: ReturnType<typeof placeLabels<T>> | undefined;
  for (const flags of candidates) {
    const r = placeLabels(flags, rows, gap);
    if (!best || r.left.length < best.left.length || (r.left.length === best.left.length && r.rows < best.rows)) best = r;
  }
  return best ?? { placed: [], left: [], rows: 0 };
}

/** The target's label: "rtx4090 23.99 GiB". */
export function targetText(cap: Capacity): string {
  return `${cap.label} ${(cap.bytes / GiB).toFixed(2)} GiB`;
}

/**
 * Common cards' labels, one decimal, cards of the same rounded size sharing it:
 * "rtx4090/rtx3090 24.0 · a10g 22.5".
 */
export function commonText(caps: readonly Capacity[]): string {
  const runs: { names: string[]; value: string }[] = [];
  for (const cap of caps) {
    const value = (cap.bytes / GiB).toFixed(1);
    const run = runs.find((r) => r.value === value);
    if (run) run.names.push(cap.label);
    else runs.push({ names: [cap.label], value });
  }
  return runs.map((r) => `${r.names.join('/')} ${r.value}`).join(SEP);
}

/** A no-break space leads: resvg drops a plain space at the start of a `<tspan>`. */
export const SEP = '\u00a0· ';

/** The width of a group's label as `svg.ts` writes it (target 20 px bold, others 18 px). */
export function groupLabelWidth(group: readonly Capacity[]): number {
  const [lead, ...rest] = group;
  if (!lead?.target) return textWidth(commonText(group), 18);
  return textWidth(targetText(lead), 20, 700) + (rest.length > 0 ? textWidth(SEP + commonText(rest), 18) : 0);
}

/**
 * Places the labels of `groups` (from `groupCapacities`, in `labelOrder`): tries three orders
 * (relevance, left to right, right to left; target first) times four side rules (the target's
 * label where fewer other cards stand, everyone left, everyone right) and keeps the best.
 * @param gx the x of a group's line
 */
export function placeCapacityLabels(groups: readonly Capacity[][], gx: (g: readonly Capacity[]) => number, min: number, max: number): { placed: Placed<Capacity[]>[]; left: Capacity[][]; rows: number } {
  const isTarget = (g: readonly Capacity[]): boolean => g[0]?.target === true;
  const near = (x0: number, side: -1 | 1): number => groups.filter((o) => side * (gx(o) - x0) > 2 && side * (gx(o) - x0) < 200).length;
  const targetLeft = (g: readonly Capacity[]): boolean => near(gx(g), -1) < near(gx(g), 1);
  const byX = (dir: 1 | -1): Capacity[][] => [...groups].sort((a, b) => Number(isTarget(b)) - Number(isTarget(a)) || dir * (gx(a) - gx(b)));
  const sides: ((g: readonly Capacity[]) => boolean)[] = [
    (g) => isTarget(g) && targetLeft(g), (g) => (isTarget(g) ? targetLeft(g) : true), () => false, () => true,
  ];
  const candidates = [[...groups], byX(1), byX(-1)].flatMap((order) => sides.map((preferLeft) => order.map((g) => (
    { item: g, x: gx(g), boxes: flagBoxes(gx(g), groupLabelWidth(g), min, max, preferLeft(g)) }))));
  return placeBest(candidates, LABEL_ROWS, LABEL_GAP);
}
