/**
 * `/vram compare <args A> vs <args B> [vs <args C>]`: every component and the total side by
 * side, the differences against A, and which GPUs each fits.
 */
import type { Result } from '../src/config';
import type { ComponentId } from '../src/estimator/types';
import { gibNum } from '../src/format/text';
import type { Report } from '../src/report';
import { settingsLine } from '../src/reply/estimate-reply';
import { errorReply, type Reply } from '../src/reply/types';
import { inputErrorReply, splitReplyKeys } from './estimate';
import { parseLine, splitVs } from './grammar';
import type { Command, CommandInput } from './types';
import { reportFromArgsAsync } from './estimate-line';
import { applyPresets } from './preset-apply';

/** Turns one side's pairs into a report, or a reply explaining why not. */
export type SideResolver = (args: Readonly<Record<string, string>>, input: CommandInput) => Promise<Result<Report> | { readonly ok: false; readonly reply: Reply }>;

/**
 * Each side may name a preset (`preset:<name>`, explicit only: a channel pin would make every
 * side the same) and a Hub model, like the estimate itself.
 */
const defaultResolver: SideResolver = async (args, input) => {
  const applied = await applyPresets(args, input.ctx, input.services, { usePin: false });
  if (!applied.ok) return applied;
  return reportFromArgsAsync(applied.args, input.services?.hub);
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
  const fitLines = gpuIds.map((g) => `${g}: ${reports.map((r, i) => `${names[i]} ${r.fits.find((f) => f.gpu === g)?.fits ? '✓' : '✗'}`).join('  ')}`);
  const best = reports.reduce((a, b) => (b.totalBytes < a.totalBytes ? b : a));
  return {
    title: `Compare: ${reports.map((r, i) => `${names[i]} ${r.model.name}`).join(' vs ')}`,
    description: `${names[reports.indexOf(best)]} needs the least: ${gibNum(best.totalBytes)} GiB per GPU.`,
    severity: 'info',
    fields: reports.map((r, i) => ({ name: `${names[i]}: ${r.model.id}`, value: settingsLine(r.config, new Set()), inline: false })),
    table: { columns: ['GiB per GPU', ...names, ...diffCols], rows, align: ['left', ...names.map(() => 'right' as const), ...diffCols.map(() => 'right' as const)] },
    sections: [{ title: 'Fits', lines: fitLines }],
    notes: ['Components are counted at each side\'s own peak phase. GiB = 2^30 bytes.'],
    visibility,
  };
}

export const compareCommand: Command = {
  name: 'compare',
  aliases: ['cmp', 'diff'],
  summary: 'two or three setups side by side, with the differences',
  usage: '/vram compare model:llama-3.1-8b lora:true vs model:llama-3.1-8b qlora:true',
  rawText: true,
  async run(input: CommandInput): Promise<Reply> {
    return compareRun(input, defaultResolver);
  },
};

export async function compareRun(input: CommandInput, resolve: SideResolver): Promise<Reply> {
  const parts = splitVs(input.text);
  if (parts.length < 2 || parts.length > 3) {
    return errorReply("I can't compare that", ['Give two or three setups separated by `vs`, e.g. `/vram compare model:llama-3.1-8b lora:true vs model:llama-3.1-8b qlora:true`.']);
  }
  const reports: Report[] = [];
  let isPrivate = false;
  for (const [i, part] of parts.entries()) {
    const p = parseLine(part);
    if (!p.ok) return inputErrorReply(p.errors, `Side ${String.fromCharCode(65 + i)} is not valid`);
    const { rest, isPrivate: priv } = splitReplyKeys(p.value.args);
    if (typeof priv === 'object') return inputErrorReply([priv]);
    isPrivate ||= priv;
    const r = await resolve(rest, input);
    if (!r.ok) return 'reply' in r ? r.reply : inputErrorReply(r.errors, `Side ${String.fromCharCode(65 + i)} is not valid`);
    reports.push(r.value);
  }
  return compareReply(reports, isPrivate ? 'private' : 'channel');
}
