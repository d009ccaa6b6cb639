/**
 * `/vram compare <args A> vs <args B> [vs <args C>]`: every component and the total side by
 * side, the differences against A, and which GPUs each fits.
 */
import type { Args, Result } from '../src/config';
import type { ComponentId } from '../src/estimator/types';
import { gibNum } from '../src/format/text';
import type { Report } from '../src/report';
import { settingsLine } from '../src/reply/estimate-reply';
import { reportJson } from '../src/reply/json';
import { compareTimeLines } from '../src/reply/time';
import type { Reply } from '../src/reply/types';
import { specOf } from './declarations';
import { reportFromArgsAsync } from './estimate-line';
import { problemReply, type UserError } from './errors';
import { applyPresets } from './preset-apply';
import type { Command, CommandServices, Invocation } from './types';

/** Turns one side's pairs into a report, or the errors that explain why not. */
export type SideResolver = (args: Args, inv: Invocation, services: CommandServices) => Promise<Result<Report, UserError>>;

/**
 * Each side may name a preset (`preset:<name>`, explicit only: a channel pin would make every
 * side the same) and a Hub model, like the estimate itself.
 */
const defaultResolver: SideResolver = async (args, inv, services) => {
  const applied = await applyPresets(args, inv.context, services, { usePin: false });
  if (!applied.ok) return applied;
  return reportFromArgsAsync(applied.value.args, services.hub);
};

const signed = (bytes: number): string => `${bytes >= 0 ? '+' : '−'}${gibNum(Math.abs(bytes))}`;

export function compareReply(reports: readonly Report[], visibility: 'channel' | 'private'): Reply {
  const names = reports.map((_, i) => String.fromCharCode(65 + i));
  const ids: ComponentId[] = [];
  for (const r of reports) for (const c of r.components) if (!ids.includes(c.id)) ids.push(c.id);
  const bytesOf = (r: Report, id: ComponentId): number => {
    const c = r.components.find((x) => x.id === id);
    return c && c.inPeak ? c.bytes : 0;
  };
  const label = (id: ComponentId): string => reports.flatMap((r) => r.components).find((c) => c.id === id)?.label ?? id;
  const diffCols = reports.length > 1 ? names.slice(1).map((n) => `${n}−A`) : [];
  const rows: string[][] = ids.map((id) => [
    label(id), ...reports.map((r) => gibNum(bytesOf(r, id))), ...reports.slice(1).map((r) => signed(bytesOf(r, id) - bytesOf(reports[0] as Report, id))),
  ]);
  const first = reports[0] as Report;
  rows.push(['Total (nvidia-smi)', ...reports.map((r) => gibNum(r.totalBytes)), ...reports.slice(1).map((r) => signed(r.totalBytes - first.totalBytes))]);
  rows.push(['Peak phase', ...reports.map((r) => r.peakPhase), ...reports.slice(1).map(() => '')]);
  const target = reports.find((r) => r.target)?.target?.gpu;
  const gpuIds = [...new Set([...(target ? [target] : []), ...first.fits.filter((f) => f.common).map((f) => f.gpu)])];
  const fitLines = gpuIds.map((g) => `${g}: ${reports.map((r, i) => `${names[i]} ${({ fits: '✓', tight: '⚠', no: '✗' } as const)[r.fits.find((f) => f.gpu === g)?.verdict ?? 'no']}`).join('  ')}`);
  const best = reports.reduce((a, b) => (b.totalBytes < a.totalBytes ? b : a));
  return {
    title: `Compare: ${reports.map((r, i) => `${names[i]} ${r.model.name}`).join(' vs ')}`,
    description: `${names[reports.indexOf(best)]} needs the least: ${gibNum(best.totalBytes)} GiB per GPU.`,
    severity: 'info',
    fields: reports.map((r, i) => ({ name: `${names[i]}: ${r.model.id}`, value: settingsLine(r.config, new Set()), inline: false })),
    table: { columns: ['GiB per GPU', ...names, ...diffCols], rows, align: ['left', ...names.map(() => 'right' as const), ...diffCols.map(() => 'right' as const)] },
    sections: [{ title: 'Fits', lines: fitLines }, ...((t) => (t.length > 0 ? [{ title: 'Time and cost', lines: t }] : []))(compareTimeLines(reports))],
    notes: ['Components are counted at each side\'s own peak phase. GiB = 2^30 bytes.'],
    visibility,
    data: () => ({ sides: reports.map((r, i) => ({ side: names[i], ...reportJson(r) })), leastBytes: names[reports.indexOf(best)] }),
  };
}

export const compareCommand: Command = {
  ...specOf('compare'),
  run(inv: Invocation, services: CommandServices): Promise<Reply> {
    return compareRun(inv, services, defaultResolver);
  },
};

export async function compareRun(inv: Invocation, services: CommandServices, resolve: SideResolver): Promise<Reply> {
  const reports: Report[] = [];
  for (const [i, side] of (inv.sides ?? []).entries()) {
    const r = await resolve(side, inv, services);
    if (!r.ok) return problemReply(r.errors, inv.context, `Side ${String.fromCharCode(65 + i)} is not valid`);
    reports.push(r.value);
  }
  return compareReply(reports, inv.flags.private ? 'private' : 'channel');
}
