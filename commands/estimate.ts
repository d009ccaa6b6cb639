/**
 * `/vram <key:value ...>`: the estimate, with tips; `private:true` shows it only to the caller,
 * `how:true` adds the math. `preset:<name>` (or the channel's pinned preset) supplies every key
 * not typed.
 */
import { estimateReply } from '../src/reply/estimate-reply';
import type { Reply } from '../src/reply/types';
import { ESTIMATE_SPEC } from './declarations';
import { reportFromArgsAsync } from './estimate-line';
import { problemReply } from './errors';
import { applyPresets } from './preset-apply';
import type { Command, Invocation, CommandServices } from './types';
import { calibrateReport, type Report } from '../src/report';
import { MIN_TEAM_RECORDS } from '../src/team/offsets';
import { teamOffset } from './record';
import { withStore } from './preset-common';

export const ESTIMATE_TITLE = "I can't estimate that";

/**
 * `calibrated:true`: the team's mean offset for this setup's regime (commands/record.ts
 * `teamOffset`), applied by src/report.ts `calibrateReport`; when it cannot be, a note says why
 * and the estimate stays the model's.
 */
async function calibrate(report: Report, teamId: string, services: CommandServices): Promise<{ report: Report; note?: string }> {
  const access = services.presets;
  if (!access || !access.ok) return { report, note: 'Not calibrated: run records are not available here (no store), so this is the model\'s own estimate.' };
  const got = await withStore(services, () => teamOffset(access.store, teamId, report));
  if (!got.ok) return { report, note: 'Not calibrated: the run records could not be read just now, so this is the model\'s own estimate.' };
  const { offset, runs } = got.value;
  if (!offset) return { report, note: `Not calibrated: your team has ${runs} recorded run${runs === 1 ? '' : 's'}, and no regime of this setup has ${MIN_TEAM_RECORDS} or more (record runs with \`/vram record\`).` };
  return { report: calibrateReport(report, offset) };
}

export const estimateCommand: Command = {
  ...ESTIMATE_SPEC,
  async run(inv: Invocation, services: CommandServices): Promise<Reply> {
    const ctx = inv.context;
    const { calibrated, ...typed } = inv.args;
    // `preset:<name>` or the channel's pin become plain pairs before the estimator sees them.
    const applied = await applyPresets(typed, ctx, services);
    if (!applied.ok) return problemReply(applied.errors, ctx, "I can't use that preset");
    const a = applied.value;
    const r = await reportFromArgsAsync(a.args, services.hub);
    if (!r.ok) {
      const why = a.unavailable !== undefined ? [`Presets are unavailable (error id \`${a.unavailable}\` in the bot's log), so no pinned preset was applied.`] : [];
      const e = problemReply(r.errors, ctx, ESTIMATE_TITLE);
      return { ...e, notes: [...a.notes, ...why, ...e.notes] };
    }
    let report = r.value;
    const notes = [...a.notes];
    if (calibrated === true) {
      const c = await calibrate(report, ctx.teamId, services);
      report = c.report;
      if (c.note) notes.push(c.note);
    }
    const reply = estimateReply(report, inv.flags.private ? 'private' : 'channel', { how: inv.flags.how });
    return notes.length > 0 ? { ...reply, notes: [...notes, ...reply.notes] } : reply;
  },
};
