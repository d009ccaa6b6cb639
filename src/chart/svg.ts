/**
 * The reply's chart as an SVG string: one stacked horizontal bar of the components at the peak,
 * against the target GPU's capacity (a bold line) and the common GPUs' capacities (thin dashed
 * lines, flag labels staggered over up to five rows), a legend with each part's GiB, and the
 * total in the verdict's colour. Each part is coloured by its component key (`theme.ts`), so a
 * component looks the same in every chart. Pure: same data, same string. Sized for chat previews
 * (400-600 px wide) of a 900 px canvas rendered at 2x, hence the large type (title 28 px,
 * labels 18-20 px).
 */
import { GiB } from '../format/units';
import type { ChartData } from '../reply/types';
import { commonText, groupCapacities, labelOrder, placeCapacityLabels, SEP, targetText } from './labels';
import { freeSpan, legendGrid, mergeParts, safeBytes, scaleOf, verdictOf, type Capacity, type Part } from './layout';
import { textWidth, truncate } from './metrics';
import { inkOn, segmentFills, THEMES, type Theme, type ThemeName } from './theme';

export interface ChartOptions {
  /** Canvas width in px (default 900, at least 480). */
  readonly width?: number;
  /** Minimum canvas height in px; by default the height the content needs (about 330-430). */
  readonly height?: number;
  readonly theme?: ThemeName;
}

export const DEFAULT_WIDTH = 900;

const M = 32;
const TITLE_Y = 44;
const VERDICT_Y = 76;
const ROW_STEP = 26;
const BAR_H = 60;
const LEGEND_STEP = 34;
/** Legend entry: an 18 px swatch and 8 px to the label, 8 px between label and GiB. */
const SWATCH_W = 26;
const VALUE_DX = 8;

/**
 * Text safe inside an XML element or a double-quoted attribute: `& < > " '` escaped and the
 * characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) dropped.
 * @example escapeXml('a<b & "c"') // "a&lt;b &amp; &quot;c&quot;"
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A coordinate with at most two decimals, no "-0". */
function c(n: number): string {
  const r = Math.round(n * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** GiB with two decimals. */
function g2(bytes: number): string {
  return (bytes / GiB).toFixed(2);
}

/** A tick value in GiB without trailing zeros: 2.5, 20, 0.25. */
function tickText(bytes: number): string {
  return String(Number((bytes / GiB).toFixed(2)));
}

/** A legend entry's GiB text (20 px semibold, after the 20 px label). */
function legendValue(p: Part): string {
  return `${g2(p.bytes)} GiB`;
}

/** The natural width of a legend entry: swatch, whole label, GiB. */
function legendWidth(p: Part): number {
  return SWATCH_W + textWidth(p.label, 20) + VALUE_DX + textWidth(legendValue(p), 20, 600);
}

interface TextOpts {
  readonly size: number;
  readonly fill: string;
  readonly weight?: 400 | 600 | 700;
  readonly anchor?: 'start' | 'middle' | 'end';
  readonly cls?: string;
}

function text(x: number, y: number, body: string, o: TextOpts): string {
  const weight = o.weight && o.weight !== 400 ? ` font-weight="${o.weight}"` : '';
  const anchor = o.anchor && o.anchor !== 'start' ? ` text-anchor="${o.anchor}"` : '';
  const cls = o.cls ? ` class="${o.cls}"` : '';
  return `<text${cls} x="${c(x)}" y="${c(y)}" font-size="${o.size}"${weight}${anchor} fill="${o.fill}">${body}</text>`;
}

/** Vertical positions, from the number of label rows the GPU capacities need. */
function rowsLayout(labelRows: number, alsoLine: boolean): { rowY: (row: number) => number; barTop: number; barBottom: number; tickY: number; alsoY: number; legendY: number } {
  const barTop = VERDICT_Y + 26 + labelRows * ROW_STEP + (labelRows > 0 ? 8 : 0);
  const barBottom = barTop + BAR_H;
  const tickY = barBottom + 24;
  return { rowY: (row) => barTop - 12 - row * ROW_STEP, barTop, barBottom, tickY, alsoY: tickY + 28, legendY: tickY + (alsoLine ? 66 : 44) };
}

/**
 * The chart for a reply's `chart` data.
 * @param opts canvas width, minimum height and colour theme (`light` by default)
 * @returns a standalone SVG document (UTF-8 text, no external references)
 * @example chartSvg(reply.chart) // '<svg xmlns="http://www.w3.org/2000/svg" width="900" ...'
 */
export function chartSvg(data: ChartData, opts: ChartOptions = {}): string {
  const t = THEMES[opts.theme ?? 'light'];
  const W = Math.max(480, Math.round(opts.width ?? DEFAULT_WIDTH));
  const parts = mergeParts(data.segments);
  const total = parts.reduce((a, p) => a + p.bytes, 0);
  const caps = data.capacities.filter((cap) => safeBytes(cap.bytes) > 0);
  const verdict = verdictOf(total, caps, data.headline);
  const scale = scaleOf(total, caps);
  const left = M;
  const right = W - M;
  const barW = right - left;
  const xOf = (bytes: number): number => left + (Math.min(bytes, scale.max) / scale.max) * barW;
  const out: string[] = [];

  // GPU capacities on the scale, coincident ones grouped; labels staggered above the bar.
  const inRange = caps.filter((cap) => cap.bytes <= scale.max);
  const groups = labelOrder(groupCapacities(inRange, xOf), total);
  const gx = (g: readonly Capacity[]): number => xOf(g[0]?.bytes ?? 0);
  const { placed, left: unplacedGroups, rows } = placeCapacityLabels(groups, gx, left, right);
  const also = [...unplacedGroups.flat(), ...caps.filter((cap) => cap.bytes > scale.max)].sort((a, b) => a.bytes - b.bytes);
  const y = rowsLayout(rows, also.length > 0);
  // Colour by component key, not by position: the same component has the same fill in every chart.
  const fills = segmentFills(parts.map((p) => p.key), t);
  const legend = legendGrid(parts.map(legendWidth), barW);
  const H = Math.max(Math.round(opts.height ?? 0), y.legendY + Math.max(0, legend.rows - 1) * LEGEND_STEP + 28);

  // Header: title, total in the verdict's colour, the verdict line.
  const totalText = `${g2(total)} GiB`;
  const title = truncate(data.title, barW - textWidth(totalText, 28, 700) - 24, 28, 700);
  out.push(text(left, TITLE_Y, escapeXml(title), { size: 28, weight: 700, fill: t.text, cls: 'title' }));
  out.push(text(right, TITLE_Y, totalText, { size: 28, weight: 700, fill: t.verdict[verdict.level], anchor: 'end', cls: 'total' }));
  if (verdict.text) out.push(text(left, VERDICT_Y, escapeXml(truncate(verdict.text, barW, 20, 600)), { size: 20, weight: 600, fill: t.verdict[verdict.level], cls: 'verdict' }));

  // Scale: track, grid lines, ticks.
  out.push(`<rect x="${c(left)}" y="${y.barTop}" width="${c(barW)}" height="${BAR_H}" fill="${t.track}"/>`);
  const ticks = Math.round(scale.max / scale.step);
  for (let i = 0; i <= ticks; i++) {
    const v = i * scale.step;
    const last = i === ticks;
    out.push(`<line x1="${c(xOf(v))}" y1="${y.barTop}" x2="${c(xOf(v))}" y2="${y.barBottom + 6}" stroke="${t.grid}" stroke-width="1"/>`);
    out.push(text(xOf(v), y.tickY, last ? `${tickText(v)} GiB` : tickText(v), { size: 18, fill: t.muted, anchor: last ? 'end' : i === 0 ? 'start' : 'middle', cls: 'tick' }));
  }

  // The stacked bar, each part's GiB written inside where it fits between the lines.
  const poles = placed.map((p) => gx(p.item));
  let x = left;
  parts.forEach((p, i) => {
    const w = (p.bytes / scale.max) * barW;
    const fill = fills[i] ?? t.other;
    out.push(`<rect class="seg" data-key="${escapeXml(p.key)}" data-label="${escapeXml(p.label)}" data-bytes="${p.bytes}" x="${c(x)}" y="${y.barTop}" width="${c(w)}" height="${BAR_H}" fill="${fill}"/>`);
    const value = g2(p.bytes);
    const span = freeSpan(x, x + w, poles);
    if (textWidth(value, 18, 600) + 14 <= span.right - span.left) {
      out.push(text((span.left + span.right) / 2, y.barTop + BAR_H / 2 + 6, value, { size: 18, weight: 600, fill: inkOn(fill), anchor: 'middle' }));
    }
    x += w;
  });
  // Hairlines between parts, drawn over the fills so the widths stay exact.
  let edge = left;
  for (const p of parts.slice(0, -1)) {
    edge += (p.bytes / scale.max) * barW;
    out.push(`<line x1="${c(edge)}" y1="${y.barTop}" x2="${c(edge)}" y2="${y.barBottom}" stroke="${t.background}" stroke-width="1.5"/>`);
  }

  // Capacity lines (the target's last, on top) and their flag labels.
  for (const p of [...placed].sort((a, b) => Number(a.item[0]?.target === true) - Number(b.item[0]?.target === true))) {
    const lead = p.item[0];
    if (!lead) continue;
    const ly = y.rowY(p.row);
    const stroke = lead.target
      ? `stroke="${t.target}" stroke-width="3"`
      : `stroke="${t.muted}" stroke-width="1.5" stroke-dasharray="6 4"`;
    const names = escapeXml(p.item.map((cap) => cap.label).join(' '));
    out.push(`<line class="${lead.target ? 'cap target' : 'cap'}" data-label="${names}" x1="${c(gx(p.item))}" y1="${c(ly - 16)}" x2="${c(gx(p.item))}" y2="${y.barBottom + 8}" ${stroke}/>`);
    out.push(groupLabel(p.item, p.box.left, ly, t));
  }

  // Cards off the scale or without room for a label: one line under the axis.
  if (also.length > 0) out.push(text(left, y.alsoY, escapeXml(alsoLine(also, barW)), { size: 18, fill: t.muted, cls: 'also' }));

  // Legend: swatch, label, GiB; up to three columns, fewer or wider ones before a label is cut.
  parts.forEach((p, i) => {
    const col = i % legend.cols;
    const lx = left + (legend.x[col] ?? 0);
    const ly = y.legendY + Math.floor(i / legend.cols) * LEGEND_STEP;
    const value = legendValue(p);
    const label = truncate(p.label, (legend.width[col] ?? barW) - SWATCH_W - VALUE_DX - textWidth(value, 20, 600), 20);
    out.push(`<rect class="swatch" data-key="${escapeXml(p.key)}" x="${c(lx)}" y="${ly - 16}" width="18" height="18" rx="3" fill="${fills[i] ?? t.other}"/>`);
    out.push(`<text class="legend" x="${c(lx + SWATCH_W)}" y="${ly}" font-size="20" fill="${t.text}">${escapeXml(label)}<tspan dx="${VALUE_DX}" font-weight="600" fill="${t.muted}">${value}</tspan></text>`);
  });

  const svgHead = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Inter, sans-serif" role="img">`;
  return [svgHead, `<title>${escapeXml(`${data.title}: ${totalText}`)}</title>`, `<rect width="${W}" height="${H}" fill="${t.background}"/>`, ...out, '</svg>'].join('\n');
}

/** "Also (GiB): h200 140.40 · …", cut to `maxPx` with "+N more". */
function alsoLine(caps: readonly Capacity[], maxPx: number): string {
  const items = caps.map((cap) => `${cap.label} ${g2(cap.bytes)}`);
  const line = (k: number): string => `Also (GiB): ${items.slice(0, k).join(' · ')}${k < items.length ? ` · +${items.length - k} more` : ''}`;
  let shown = items.length;
  while (shown > 1 && textWidth(line(shown), 18) > maxPx) shown--;
  return truncate(line(shown), maxPx, 18);
}

/** One flag label for a group: the target (if any) in bold, the others after it, muted. */
function groupLabel(group: readonly Capacity[], x: number, y: number, t: Theme): string {
  const [lead, ...rest] = group;
  if (!lead) return '';
  if (!lead.target) return `<text class="cap-label" x="${c(x)}" y="${c(y)}" font-size="18" fill="${t.muted}">${escapeXml(commonText(group))}</text>`;
  const tail = rest.length > 0 ? `<tspan font-size="18" font-weight="400" fill="${t.muted}">${escapeXml(SEP + commonText(rest))}</tspan>` : '';
  return `<text class="cap-label target" x="${c(x)}" y="${c(y)}" font-size="20" font-weight="700" fill="${t.target}">${escapeXml(targetText(lead))}${tail}</text>`;
}
