/**
 * Builds the neutral reply for one estimate: verdict, settings (assumed values marked),
 * breakdown with text bars, peak phase, fit table, host RAM and disk, tips, assumptions.
 */
import { METHOD_NAMES } from '../estimator/estimate';
import { MECHANISM_LEVEL, regimeOf } from '../estimator/regime';
import { MIN_POINTS } from '../estimator/range';
import { GPUS } from '../catalog/gpus';
import { KEYS, applies, canonicalRecord, defaultText, valueText, type EstimateConfig, type KeyDef } from '../config';
import { assumptionText } from './assumptions';
import { reportJson } from './json';
import { timeDeltaText, timeFieldText, timeMathLines } from './time';
import { splitSection } from './split';
import { formulaText } from '../format/formula';
import { gib, gibNum, int, paramsShort, signedPct } from '../format/text';
import type { Fit, Report } from '../report';
import type { Reply, ReplySection, Severity } from './types';

const BAR_WIDTH = 16;

/** A text bar: `fraction` of BAR_WIDTH filled. */
export function textBar(fraction: number, width = BAR_WIDTH): string {
  const f = Math.max(0, Math.min(1, fraction));
  const full = Math.round(f * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}

/**
 * The settings that matter for this mode/method, `key:value`, assumed ones marked with `*`:
 * read off the key table (which keys apply here, and whether each shows always or only when
 * changed; keys of a group such as `gpus`/`sharding` show together).
 */
export function settingsLine(c: EstimateConfig, assumedKeys: ReadonlySet<string>): string {
  const rec = c as unknown as Record<string, unknown>;
  // A null value is the engine's or the setup's own default: not a change.
  const changed = (d: KeyDef): boolean => d.field !== null && rec[d.field] !== null && valueText(rec[d.field]) !== (defaultText(d) ?? '');
  const groupChanged = new Set<string>();
  for (const d of KEYS as readonly KeyDef[]) if (d.group && changed(d)) groupChanged.add(d.group);
  const out: string[] = [];
  for (const d of KEYS as readonly KeyDef[]) {
    if (d.field === null || d.settings === 'never' || !applies(d, c.mode, c.method)) continue;
    const show = d.settings === 'always' || changed(d) || (d.group !== undefined && groupChanged.has(d.group));
    if (show) out.push(`${d.key}:${valueText(rec[d.field])}${assumedKeys.has(d.key) ? '*' : ''}`);
  }
  return out.join(' ');
}

function fitLine(f: Fit): string {
  const mark = f.verdict === 'fits' ? '✓' : f.verdict === 'tight' ? '⚠' : '✗';
  const room = f.fits ? `${gibNum(f.headroomBytes)} GiB free` : `${gibNum(-f.headroomBytes)} GiB short`;
  return `${mark} ${f.gpu} (${gibNum(f.memoryBytes)} GiB): ${room}${f.verdict === 'tight' ? ' (inside the likely range)' : ''}`;
}

/** `, likely 49.0-55.2 GiB` (or the margin the fits are sized with), or nothing. */
export function likelyText(r: Pick<Report, 'range' | 'config' | 'totalBytes'>): string {
  if (r.config.margin !== null) return ` (fits sized with margin:${r.config.margin})`;
  if (!r.range) return '';
  return `, likely ${gibNum(Math.min(r.range.lowBytes, r.totalBytes))}-${gibNum(Math.max(r.range.highBytes, r.totalBytes))} GiB`;
}

/** What `calibrated:true` did. */
export function calibrationText(c: NonNullable<Report['calibration']>): string {
  return `Your team's ${c.runs} recorded run${c.runs === 1 ? '' : 's'} in regime \`${c.regime}\` measured ${signedPct(c.offset)} against the estimate on average, so the total and the fits use ${gib(c.totalBytes)} (likely ${gibNum(c.lowBytes)}-${gibNum(c.highBytes)} GiB). The breakdown is the model's own.`;
}

/** Where the range comes from: the regime, how many measurements back it, how often it held. */
export function howSure(r: Pick<Report, 'range' | 'config' | 'totalBytes'>): string {
  const g = r.range;
  const margin = r.config.margin !== null ? ` Fits are sized with \`margin:${r.config.margin}\` over the estimate instead of the range's top.` : '';
  if (!g) return `No calibrated regime has enough measurements for this setup: the estimate has no range yet, fits are judged on the figure itself.${margin}`;
  if (!g.calibrated) {
    return `likely ${gibNum(Math.min(g.lowBytes, r.totalBytes))}-${gibNum(Math.max(g.highBytes, r.totalBytes))} GiB, and this is a wide guess: fewer than ${MIN_POINTS} published measurements of this kind of setup (${regimeOf(r.config)[MECHANISM_LEVEL]}) are in the calibration, so its mechanisms are modelled from the libraries' code but unverified, and the range is the full spread (smallest to largest error) of all ${g.points} calibrated setups. A \`/vram record\` of a real run helps most here.${margin}`;
  }
  const from = g.near ? `${g.points} measured setups like this one (${g.regime})` : `${g.points} measured setups of its mode and method (${g.regime}); none close to this model and size`;
  return `likely ${gibNum(Math.min(g.lowBytes, r.totalBytes))}-${gibNum(Math.max(g.highBytes, r.totalBytes))} GiB: the ${Math.round(((1 - g.nominal) / 2) * 100)}th to ${Math.round(((1 + g.nominal) / 2) * 100)}th percentile of measured/estimated over ${from}; held for ${Math.round(g.coverage * 100)}% of them left out in turn.${margin}`;
}

/**
 * The card the headline recommends when no GPU was named: the smallest NVIDIA card (the stack
 * modelled is CUDA) on which even the top of the likely range fits, else the smallest one whose
 * memory is inside the range (tight). AMD cards are checked and listed, and recommended only
 * when the user names one.
 */
export function headlineFit(r: Pick<Report, 'fits' | 'target'>): Fit | null {
  if (r.target) return r.target;
  const nvidia = r.fits.filter((f) => f.vendor === 'nvidia').sort((a, b) => a.memoryBytes - b.memoryBytes);
  return nvidia.find((f) => f.verdict === 'fits') ?? nvidia.find((f) => f.verdict === 'tight') ?? null;
}

function severityOf(r: Report): Severity {
  const h = headlineFit(r);
  if (!h || h.verdict === 'no') return 'danger';
  return h.verdict === 'tight' ? 'warning' : 'success';
}

const shortName = (f: Fit): string => f.name.replace(/^NVIDIA (GeForce )?/, '');

function verdict(r: Report): string {
  const cal = r.calibration;
  const total = cal
    ? `${gib(cal.totalBytes)}, likely ${gibNum(cal.lowBytes)}-${gibNum(cal.highBytes)} GiB, calibrated to your team's runs (the model says ${gib(r.totalBytes)})`
    : `${gib(r.totalBytes)}${likelyText(r)}`;
  const per = r.config.gpus > 1 ? ' per GPU' : '';
  if (r.target) {
    const t = r.target;
    const cap = `${t.gpu} (${gibNum(t.memoryBytes)} GiB)`;
    const first = r.tips.find((x) => x.makesFit);
    const fix = first ? ` Cheapest fix: \`${first.change}\` (${gib(first.newTotalBytes)}).` : '';
    if (t.verdict === 'no') return `Does not fit on ${cap}: needs ${total}${per}, ${gibNum(-t.headroomBytes)} GiB too much.${fix}`;
    if (t.verdict === 'tight') {
      const where = t.fits ? `${gibNum(t.headroomBytes)} GiB to spare at the estimate` : `${gibNum(-t.headroomBytes)} GiB short at the estimate`;
      return `Tight on ${cap}: needs ${total}${per}; the card is inside that range (${where}), so it may or may not fit.${first ? ` To be sure: \`${first.change}\` (${gib(first.newTotalBytes)}).` : ''}`;
    }
    return `Fits on ${cap}: ${total}${per}, ${gibNum(t.headroomBytes)} GiB to spare.`;
  }
  const h = headlineFit(r);
  if (h) {
    const tight = h.verdict === 'tight' ? `, tight: the card is inside the likely range` : '';
    return `Needs ${total}${per} (nvidia-smi view). Smallest card that fits: ${shortName(h)} (\`${h.gpu}\`, ${gibNum(h.memoryBytes)} GiB${tight}).`;
  }
  const nvidia = GPUS.filter((g) => g.vendor === 'nvidia');
  return `Needs ${total}${per}: more than any single NVIDIA GPU in the catalog (largest ${gibNum(Math.max(...nvidia.map((g) => g.memoryBytes)))} GiB). See the tips.`;
}

/**
 * The reply for `/vram <args>`.
 * @param visibility `private` when the user asked for `private:true`
 */
export function estimateReply(r: Report, visibility: 'channel' | 'private' = 'channel', opts: { how?: boolean } = {}): Reply {
  const c = r.config;
  const assumedKeys = new Set(r.assumed.map((a) => a.key));
  const peakTotal = r.totalBytes;
  const targetGpu = r.target ? GPUS.find((g) => g.id === r.target?.gpu) : undefined;
  const rows = r.components.map((comp) => [
    comp.inPeak ? comp.label : `${comp.label} (not live at peak)`,
    gibNum(comp.bytes),
    textBar(comp.bytes / peakTotal),
  ]);
  rows.push(['Total per GPU (nvidia-smi)', gibNum(peakTotal), textBar(1)]);

  const what = c.mode === 'infer' ? 'serving' : `${METHOD_NAMES[c.method]}${c.method === 'full' && c.freeze !== null ? ` (last ${c.freeze} layers)` : ''}${c.objective !== 'sft' ? ` · ${c.objective.toUpperCase()}` : ''}`;
  const phase = r.phases.find((p) => p.phase === r.peakPhase);
  const headline = headlineFit(r);
  // The target first, then the common cards and the headline's card, in catalog order.
  const fitsShown = [...(r.target ? [r.target] : []), ...r.fits.filter((f) => f.gpu !== r.target?.gpu && (f.common || f.gpu === headline?.gpu))];
  const sections: ReplySection[] = [];
  // Warnings first: a setup that will not run as asked matters more than its breakdown.
  if (r.warnings.length > 0) sections.push({ title: '⚠ Warnings', lines: r.warnings.map((w) => `⚠ ${w.message}`) });
  sections.push({ title: 'Fits on', lines: fitsShown.map(fitLine) });
  if (r.tips.length > 0) {
    sections.push({
      title: 'Tips (each re-estimated)',
      lines: r.tips.slice(0, 6).map((t) => `\`${t.change}\`: ${t.title}, saves ${gib(t.savedBytes)} → ${gib(t.newTotalBytes)}${t.makesFit ? ' ✓ fits' : ''} (${t.cost}${t.timeDelta !== undefined ? `; ${timeDeltaText(t.timeDelta)}` : ''})`),
    });
  }
  if (opts.how) sections.push(...mathSections(r));
  sections.push({ title: 'Assumptions', lines: r.assumptions.slice(0, 12).map(assumptionText) });
  return {
    title: `${r.model.name} · ${what} · ${gib(r.totalBytes)}${c.gpus > 1 ? ' per GPU' : ''}`,
    description: verdict(r),
    severity: severityOf(r),
    fields: [
      { name: 'Model', value: `${r.model.id} (${paramsShort(r.model.params)} params${c.mode === 'train' ? `, ${paramsShort(r.model.trainableParams)} trainable` : ''})`, inline: true },
      { name: 'Peak', value: `${r.peakPhase}${phase ? `: ${phase.what}` : ''}`, inline: true },
      { name: 'Per GPU', value: `allocated ${gib(r.allocatedBytes)} · reserved ${gib(r.reservedBytes)} · nvidia-smi ${gib(r.totalBytes)}`, inline: false },
      { name: 'How sure', value: howSure(r), inline: false },
      ...(r.calibration ? [{ name: 'Calibrated', value: calibrationText(r.calibration), inline: false }] : []),
      { name: 'Settings (* = assumed)', value: settingsLine(c, assumedKeys), inline: false },
      { name: 'Host RAM', value: gib(r.hostRam.bytes), inline: true },
      { name: 'Disk', value: gib(r.disk.bytes), inline: true },
      { name: 'Time', value: timeFieldText(r.time, r.cost), inline: false },
    ],
    table: { columns: ['Component', 'GiB', ''], rows, align: ['left', 'right', 'left'] },
    sections,
    notes: [
      ...(r.resolvedNote ? [r.resolvedNote] : []),
      ...(targetGpu && !targetGpu.bf16 && (c.precision === 'bf16' || c.kv === 'bf16') ? [`${targetGpu.id} has no native bf16: use precision:fp16 (or mixed with fp16 autocast); the memory is the same.`] : []),
      ...r.notes,
      'GiB = 2^30 bytes. nvidia-smi = reserved + CUDA context.',
    ],
    visibility,
    data: () => reportJson(r),
    ...(opts.how ? {} : { actions: [{ id: 'how', label: 'Show the math', invocation: { command: 'estimate', args: { ...canonicalRecord(r.config), preset: 'none' }, flags: { how: true, private: true } } }] }),
    chart: {
      title: `${r.model.name} · ${what}${c.gpus > 1 ? ` · per GPU of ${c.gpus}` : ''}`,
      segments: r.components.filter((x) => x.inPeak).map((x) => ({ key: x.id, label: x.label, bytes: x.bytes })),
      capacities: fitsShown.map((f) => ({ label: f.gpu, bytes: f.memoryBytes, target: f.gpu === r.target?.gpu })),
      ...(!r.target && headline ? { headline: headline.gpu } : {}),
    },
  };
}

/**
 * "Show the math": every component as its formula with the numbers substituted, then the
 * activation terms of one layer in bytes per token, so the arithmetic can be checked by hand.
 */
export function mathSections(r: Report): ReplySection[] {
  const comps = r.components.filter((c) => c.inPeak);
  const lines = comps.map((c) => `${c.label} = ${formulaText(c.formula)}`);
  lines.push(`Total allocated ${gib(r.allocatedBytes)} + slack = reserved ${gib(r.reservedBytes)}; + CUDA context = ${gib(r.totalBytes)} (nvidia-smi)`);
  const out: ReplySection[] = [{ title: `The math (peak: ${r.peakPhase})`, lines }];
  const timeLines = timeMathLines(r.time);
  if (timeLines.length > 0) out.push({ title: 'Time: the roofline with the numbers', lines: timeLines });
  const split = splitSection(r);
  if (split) out.push(split);
  // Sequence parallelism splits the residual-width terms tp ways: shown as "/ tp" and summed per GPU.
  const seqSplit = r.split?.sp === true ? r.split.tp : 1;
  for (const m of r.layerMath) {
    const perGpu = (t: { bytesPerToken: number; scope: 'seq' | 'gpu' }): number => (t.scope === 'seq' ? t.bytesPerToken / seqSplit : t.bytesPerToken);
    const sum = m.terms.reduce((a, t) => a + perGpu(t), 0);
    const head = m.kind === 'final' ? 'After the last layer' : `${m.kind === 'moe' ? 'Each MoE layer' : 'Each layer'} (x${m.count})`;
    out.push({
      title: `${head}: bytes saved per token${r.split ? ' on one GPU' : ''}`,
      lines: [
        ...m.terms.map((t) => (t.scope === 'seq' && seqSplit > 1 ? `${t.label}: ${int(t.bytesPerToken)} B / ${seqSplit} (sequence parallel) = ${int(perGpu(t))} B` : `${t.label}: ${int(t.bytesPerToken)} B`)),
        `= ${int(sum)} B per token${m.kind === 'final' ? '' : ` x ${m.count} layers`} x ${int(r.tokens)} tokens${r.config.gc !== 'false' && m.kind !== 'final' ? ' (checkpointing keeps one such layer)' : ''}`,
      ],
    });
  }
  return out;
}

export { int };
