/**
 * A text chart of a team's runs: one row per run on a shared axis of measured / estimated - 1,
 * the estimate at 0 (`|`), its likely range (`=`) and the measurement (`●`). Text, so that it
 * reads the same in Slack, Discord, the console and the CLI.
 */
import { signedPct } from '../format/text';

export interface ChartRow {
  readonly label: string;
  readonly residual: number;
  /** The likely range as residuals (low <= 0 <= high), or null without one. */
  readonly low: number | null;
  readonly high: number | null;
}

const WIDTH = 41;

/** The axis half-width: the largest residual or range end, rounded up to 5%, at least 10%. */
export function axisSpan(rows: readonly ChartRow[]): number {
  const m = Math.max(0.1, ...rows.flatMap((r) => [Math.abs(r.residual), Math.abs(r.low ?? 0), Math.abs(r.high ?? 0)]));
  return Math.ceil(m * 20 - 1e-9) / 20;
}

/** The chart's lines: an axis header, then one line per run. */
export function errorChart(rows: readonly ChartRow[]): string[] {
  if (rows.length === 0) return [];
  const span = axisSpan(rows);
  const pad = Math.max(...rows.map((r) => r.label.length));
  const col = (x: number): number => Math.max(0, Math.min(WIDTH - 1, Math.round(((x + span) / (2 * span)) * (WIDTH - 1))));
  const mid = col(0);
  const head = Array.from({ length: WIDTH }, () => ' ');
  const left = `-${Math.round(span * 100)}%`;
  const right = `+${Math.round(span * 100)}%`;
  left.split('').forEach((c, i) => { head[i] = c; });
  head[mid] = '0';
  right.split('').forEach((c, i) => { head[WIDTH - right.length + i] = c; });
  const lines = [`${''.padEnd(pad)} ${head.join('')}`];
  for (const r of rows) {
    const cells = Array.from({ length: WIDTH }, () => '·');
    if (r.low !== null && r.high !== null) for (let i = col(r.low); i <= col(r.high); i++) cells[i] = '=';
    cells[mid] = '|';
    cells[col(r.residual)] = '●';
    const off = Math.abs(r.residual) > span ? (r.residual > 0 ? '>' : '<') : '';
    lines.push(`${r.label.padEnd(pad)} ${cells.join('')} ${signedPct(r.residual)}${off}`);
  }
  return lines;
}
