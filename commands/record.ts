/**
 * The team's own runs: `/vram record measured:<GiB> stat:smi|reserved|allocated <args or preset:>`
 * saves what a real run showed beside its setup (canonical arguments, like a preset, in the same
 * store); `/vram accuracy` sets every record against today's estimate (a table, a chart, the mean
 * offset per regime); `calibrated:true` on an estimate applies that offset (commands/estimate.ts).
 * Anyone in the team may record; a record is forgotten by its author or an admin.
 */
import { regimeOf } from '../src/estimator/regime';
import { gibNum, signedPct as pct } from '../src/format/text';
import { cmd } from '../src/reply/syntax';
import type { Reply, ReplyTable } from '../src/reply/types';
import { MAX_TEAM_RECORDS, type RecordStat, type RunRecord } from '../src/store/records';
import { estimatedFor, offsetFor, offsetsByRegime, parseMeasured, type RegimeOffset } from '../src/team/offsets';
import { errorChart } from '../src/team/chart';
import type { Report } from '../src/report';
import type { PresetStore } from '../src/store/presets';
import { specOf } from './declarations';
import { reportFromArgs } from './estimate-line';
import { problemReply, type UserError } from './errors';
import { applyPresets } from './preset-apply';
import { PRESET_ARGS_VERSION, canonicalForSave, loadPresetArgs } from './preset-args';
import { canManage, mention, unavailable, withStore } from './preset-common';
import type { Command, CommandContext, CommandServices, Invocation } from './types';

const STAT_WORDS: Readonly<Record<RecordStat, string>> = {
  smi: 'nvidia-smi', reserved: 'torch max_memory_reserved', allocated: 'torch max_memory_allocated',
};

/** The store, or the error that says why there is none. */
function storeOf(services: CommandServices): { ok: true; store: PresetStore } | { ok: false; error: UserError } {
  const access = services.presets;
  if (!access) return { ok: false, error: { code: 'unsupported' } };
  if (!access.ok) return { ok: false, error: unavailable(services, access.reason) };
  return { ok: true, store: access.store };
}


/** One record set against today's estimate of its arguments. */
export interface RecordRow {
  readonly record: RunRecord;
  /** Null when its arguments no longer load (the reason in `problem`). */
  readonly report: Report | null;
  readonly estimatedBytes: number;
  /** measured / estimated - 1. */
  readonly residual: number;
  readonly levels: readonly string[];
  /** Whether the measurement lies inside the estimate's likely range (scaled to the record's statistic). */
  readonly inside: boolean | null;
  readonly problem?: string;
}

/** Every record of the team, estimated today. */
export function evaluateRecords(records: readonly RunRecord[]): RecordRow[] {
  return records.map((record): RecordRow => {
    const loaded = loadPresetArgs(record.args, record.schemaVersion);
    const bad = (problem: string): RecordRow => ({ record, report: null, estimatedBytes: 0, residual: 0, levels: [], inside: null, problem });
    if (!loaded.ok) return bad('its arguments no longer parse');
    const r = reportFromArgs(loaded.value.args);
    if (!r.ok) return bad(`its arguments no longer load (${r.errors.map((e) => `\`${'key' in e && e.key ? e.key : e.code}\``).join(', ')})`);
    return rowFor(record, r.value);
  });
}

/** A record against an estimate of its arguments: the same statistic, the residual, and whether the range (scaled to that statistic) holds it. */
function rowFor(record: RunRecord, report: Report): RecordRow {
  const est = estimatedFor(report, record.stat);
  const range = report.range;
  const scale = est / report.totalBytes;
  const inside = range ? record.measuredBytes >= range.lowBytes * scale && record.measuredBytes <= range.highBytes * scale : null;
  return { record, report, estimatedBytes: est, residual: record.measuredBytes / est - 1, levels: regimeOf(report.config), inside };
}

/** The team's offset for a report's configuration, from its records; with the rows it came from. */
export async function teamOffset(store: PresetStore, teamId: string, report: Report): Promise<{ offset: RegimeOffset | null; runs: number }> {
  const rows = evaluateRecords(await store.listRecords(teamId)).filter((r) => r.report !== null);
  return { offset: offsetFor(regimeOf(report.config), offsetsByRegime(rows)), runs: rows.length };
}

export const recordCommand: Command = {
  ...specOf('record'),
  async run(inv: Invocation, services: CommandServices): Promise<Reply> {
    const ctx = inv.context;
    const fail = (...errors: UserError[]): Reply => problemReply(errors, ctx, "I can't record that run");
    const s = storeOf(services);
    if (!s.ok) return fail(s.error);
    const { measured, stat, ...pairs } = inv.args;
    if (measured === undefined) return fail({ code: 'missing_measured' });
    const bytes = parseMeasured(String(measured));
    if (bytes === null) {
      return fail({ code: 'not_number', key: 'measured', value: String(measured), detail: 'A measurement is GiB (`measured:41.2`, `measured:41.2gib`) or MiB as nvidia-smi prints it (`measured:42188mib`), above 0 and up to 4 TiB; decimal GB are not accepted (1 GB is 7% less than 1 GiB).' });
    }
    const st = (stat as RecordStat | undefined) ?? 'smi';
    const base = await applyPresets(pairs, ctx, services);
    if (!base.ok) return problemReply(base.errors, ctx, "I can't use that preset");
    const canon = canonicalForSave(base.value.args);
    if (!canon.ok) return fail(...canon.errors);
    const reloaded = loadPresetArgs(canon.value, PRESET_ARGS_VERSION);
    if (!reloaded.ok) return fail(...reloaded.errors);
    const report = reportFromArgs(reloaded.value.args);
    if (!report.ok) return fail(...report.errors);
    const saved = await withStore(services, () => s.store.addRecord({
      teamId: ctx.teamId, authorId: ctx.userId, args: canon.value, schemaVersion: PRESET_ARGS_VERSION, measuredBytes: bytes, stat: st, now: (services.now ?? Date.now)(),
    }, MAX_TEAM_RECORDS));
    if (!saved.ok) return fail(...saved.errors);
    if (saved.value === null) return fail({ code: 'record_limit' });
    const rec = saved.value;
    // The estimate made above is the one the record is judged on: no second estimate of the same arguments.
    const row = rowFor(rec, report.value);
    const { estimatedBytes: est, inside, residual } = row;
    const regime = row.levels[0] ?? '';
    const range = report.value.range;
    const scale = est / report.value.totalBytes;
    const rangeText = range ? `; likely ${gibNum(range.lowBytes * scale)}-${gibNum(range.highBytes * scale)} GiB, ${inside ? 'inside it' : 'outside it'}` : '';
    return {
      title: `Recorded run #${rec.id}`,
      severity: 'success',
      description: `Measured ${gibNum(bytes)} GiB (${STAT_WORDS[st]}); today's estimate of the same number is ${gibNum(est)} GiB (${pct(residual)})${rangeText}.`,
      fields: [
        { name: 'Regime', value: `\`${regime}\``, inline: true },
        { name: 'Recorded by', value: mention(ctx.userId), inline: true },
      ],
      sections: [
        { title: 'Saved arguments (canonical)', lines: [`\`${canon.value}\``] },
        ...base.value.notes.map((line) => ({ title: 'Based on', lines: [line] })),
      ],
      notes: [`See the team's runs with ${cmd(ctx.syntax, 'accuracy')}; ${cmd(ctx.syntax, 'estimate', '<args> calibrated:true')} applies their mean offset.`],
      visibility: inv.flags.private ? 'private' : 'channel',
      data: () => ({ record: recordJson(rec), estimatedBytes: est, residual, inside, regime }),
    };
  },
};

function recordJson(r: RunRecord): Record<string, unknown> {
  return { id: r.id, args: r.args, measuredBytes: r.measuredBytes, stat: r.stat, authorId: r.authorId, createdAt: new Date(r.createdAt).toISOString(), schemaVersion: r.schemaVersion };
}

export const accuracyCommand: Command = {
  ...specOf('accuracy'),
  async run(inv: Invocation, services: CommandServices): Promise<Reply> {
    const ctx = inv.context;
    const fail = (...errors: UserError[]): Reply => problemReply(errors, ctx, "I can't show the team's runs");
    const s = storeOf(services);
    if (!s.ok) return fail(s.error);
    if (inv.args.forget !== undefined) return forget(inv, services, s.store, Number(inv.args.forget), fail);
    const listed = await withStore(services, () => s.store.listRecords(ctx.teamId));
    if (!listed.ok) return fail(...listed.errors);
    return accuracyReply(evaluateRecords(listed.value), ctx, inv.flags.private);
  },
};

async function forget(inv: Invocation, services: CommandServices, store: PresetStore, id: number, fail: (...e: UserError[]) => Reply): Promise<Reply> {
  const ctx = inv.context;
  const r = await withStore(services, async () => {
    const rec = await store.getRecord(ctx.teamId, id);
    if (!rec) return { kind: 'none' } as const;
    if (!canManage(rec, ctx, services)) return { kind: 'refused', rec } as const;
    await store.removeRecord(ctx.teamId, id);
    return { kind: 'removed', rec } as const;
  });
  if (!r.ok) return fail(...r.errors);
  if (r.value.kind === 'none') return fail({ code: 'no_record', id: String(id) });
  if (r.value.kind === 'refused') return fail({ code: 'forbidden', action: 'forget', name: `run #${id}`, authorId: r.value.rec.authorId });
  const rec = r.value.rec;
  return {
    title: `Forgot run #${id}`, severity: 'success', fields: [], notes: [],
    description: `It said ${gibNum(rec.measuredBytes)} GiB (${STAT_WORDS[rec.stat]}) for \`${rec.args}\`.`,
    sections: [], visibility: inv.flags.private ? 'private' : 'channel',
    data: () => ({ forgotten: recordJson(rec) }),
  };
}

/** The table, the chart and the offsets of the team's runs. */
export function accuracyReply(rows: readonly RecordRow[], ctx: CommandContext, priv: boolean): Reply {
  const sx = ctx.syntax;
  if (rows.length === 0) {
    return {
      title: "The team's runs", severity: 'info', fields: [], notes: [],
      description: `No runs recorded yet. After a real run, save what it showed: ${cmd(sx, 'record', 'measured:41.2 stat:smi model:llama-3.1-8b lora:true')} (scripts/measure_peak.py prints that line for you).`,
      sections: [], visibility: priv ? 'private' : 'channel', data: () => ({ records: [], offsets: [] }),
    };
  }
  const ok = rows.filter((r) => r.report !== null);
  const table: ReplyTable = {
    columns: ['#', 'measured', 'stat', 'estimate today', 'error', 'in range', 'regime'],
    align: ['right', 'right', 'left', 'right', 'right', 'left', 'left'],
    rows: rows.map((r) => r.report
      ? [String(r.record.id), gibNum(r.record.measuredBytes), r.record.stat, gibNum(r.estimatedBytes), pct(r.residual), r.inside === null ? '-' : r.inside ? 'yes' : 'no', r.levels[1] ?? '']
      : [String(r.record.id), gibNum(r.record.measuredBytes), r.record.stat, '-', '-', '-', r.problem ?? '']),
  };
  const offsets = offsetsByRegime(ok);
  const shown = [...offsets.values()].filter((o) => o.regime.split('|').length <= 3 || o.n >= 2).sort((a, b) => a.regime.localeCompare(b.regime));
  const inside = ok.filter((r) => r.inside === true).length;
  const withRange = ok.filter((r) => r.inside !== null).length;
  const mean = ok.length ? ok.reduce((a, r) => a + r.residual, 0) / ok.length : 0;
  return {
    title: `The team's runs: ${rows.length}`,
    severity: 'info',
    description: `Measured against today's estimate of the same statistic: mean ${pct(mean)} over ${ok.length} run${ok.length === 1 ? '' : 's'}${withRange ? `; ${inside} of ${withRange} inside the estimate's likely range` : ''}. Positive: the run used more than the estimate.`,
    fields: [],
    table,
    sections: [
      { title: 'Error per run (● measured, | estimate, = likely range)', lines: errorChart(ok.map((r) => ({ label: `#${r.record.id}`, residual: r.residual, low: r.report!.range ? r.report!.range.lowBytes / r.report!.totalBytes - 1 : null, high: r.report!.range ? r.report!.range.highBytes / r.report!.totalBytes - 1 : null }))).map((l) => `\`${l}\``) },
      { title: 'Mean offset per regime', lines: shown.map((o) => `\`${o.regime}\`: ${pct(o.mean)} over ${o.n} run${o.n === 1 ? '' : 's'}`) },
      ...rows.filter((r) => r.problem).map((r) => ({ title: `Run #${r.record.id}`, lines: [`${r.problem}; it is left out of the offsets. \`${r.record.args}\``] })),
    ],
    notes: [`${cmd(sx, 'estimate', '<args> calibrated:true')} applies the offset of the most specific regime with at least 2 runs. Forget a wrong run with ${cmd(sx, 'accuracy', 'forget:<id>')} (its author or an admin).`],
    visibility: priv ? 'private' : 'channel',
    data: () => ({
      records: rows.map((r) => ({ ...recordJson(r.record), estimatedBytes: r.report ? r.estimatedBytes : null, residual: r.report ? r.residual : null, inside: r.inside, regime: r.levels[0] ?? null, problem: r.problem ?? null })),
      offsets: shown,
    }),
  };
}
