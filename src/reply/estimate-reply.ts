/**
 * Builds the neutral reply for one estimate: verdict, settings (assumed values marked),
 * breakdown with text bars, peak phase, fit table, host RAM and disk, tips, assumptions.
 */
import { GPUS } from '../catalog/gpus';
import type { EstimateConfig } from '../config';
import { gib, gibNum, int, paramsShort } from '../format/units';
import type { Fit, Report } from '../report';
import type { Reply, ReplySection, Severity } from './types';

const BAR_WIDTH = 16;

/** A text bar: `fraction` of BAR_WIDTH filled. */
export function textBar(fraction: number, width = BAR_WIDTH): string {
  const f = Math.max(0, Math.min(1, fraction));
  const full = Math.round(f * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}

/** The settings that matter for this mode/method, `key:value`, assumed ones marked with `*`. */
export function settingsLine(c: EstimateConfig, assumedKeys: ReadonlySet<string>): string {
  const mark = (k: string, v: string | number | boolean): string => `${k}:${v}${assumedKeys.has(k) ? '*' : ''}`;
  const out: string[] = [mark('mode', c.mode)];
  if (c.mode === 'train') {
    out.push(mark('method', c.method));
    if (c.method !== 'full') {
      out.push(mark('rank', c.rank), mark('targets', c.targets.join(',')));
      if (c.dropout > 0) out.push(mark('dropout', c.dropout));
    }
    if (c.method === 'qlora') out.push(mark('quant', c.quant), mark('dq', c.dq), mark('upcast', c.upcast));
    out.push(mark('precision', c.precision), mark('optimizer', c.optimizer), mark('batch', c.batch), mark('seq', c.seq));
    if (c.accum > 1 || assumedKeys.has('accum')) out.push(mark('accum', c.accum));
    out.push(mark('gc', c.gc), mark('attention', c.attention), mark('loss', c.loss));
    if (c.compile) out.push(mark('compile', c.compile));
  } else {
    out.push(mark('precision', c.precision), mark('quant', c.quant), mark('batch', c.batch), mark('context', c.context), mark('kv', c.kv), mark('attention', c.attention));
  }
  if (c.gpus > 1 || c.sharding !== 'none') out.push(mark('gpus', c.gpus), mark('sharding', c.sharding));
  if (c.offload !== 'none') out.push(mark('offload', c.offload));
  return out.join(' ');
}

function fitLine(f: Fit): string {
  const mark = f.fits ? (f.tight ? '⚠' : '✓') : '✗';
  const room = f.fits ? `${gibNum(f.headroomBytes)} GiB free` : `${gibNum(-f.headroomBytes)} GiB short`;
  return `${mark} ${f.gpu} (${gibNum(f.memoryBytes)} GiB): ${room}`;
}

function severityOf(r: Report): Severity {
  const ref = r.target ?? null;
  if (ref) return ref.fits ? (ref.tight ? 'warning' : 'success') : 'danger';
  const common = r.fits.filter((f) => f.common);
  if (common.some((f) => f.fits && !f.tight)) return 'success';
  return common.some((f) => f.fits) ? 'warning' : 'danger';
}

function verdict(r: Report): string {
  const total = gib(r.totalBytes);
  const per = r.config.gpus > 1 ? ' per GPU' : '';
  if (r.target) {
    const t = r.target;
    const cap = `${t.gpu} (${gibNum(t.memoryBytes)} GiB)`;
    if (!t.fits) {
      const first = r.tips.find((x) => x.makesFit);
      return `Does not fit on ${cap}: needs ${total}${per}, ${gibNum(-t.headroomBytes)} GiB too much.${first ? ` Cheapest fix: \`${first.change}\` (${gib(first.newTotalBytes)}).` : ''}`;
    }
    return `Fits on ${cap}: ${total}${per}, ${gibNum(t.headroomBytes)} GiB to spare${t.tight ? ' (tight: under 10% left)' : ''}.`;
  }
  const fitting = r.fits.filter((f) => f.fits).sort((a, b) => a.memoryBytes - b.memoryBytes);
  const smallest = fitting[0];
  return smallest
    ? `Needs ${total}${per} (nvidia-smi view). Smallest card that fits: ${smallest.name.replace(/^NVIDIA (GeForce )?/, '')} (${gibNum(smallest.memoryBytes)} GiB).`
    : `Needs ${total}${per}: more than any single GPU in the catalog (largest ${gibNum(Math.max(...GPUS.map((g) => g.memoryBytes)))} GiB). See the tips.`;
}

/**
 * The reply for `/vram <args>`.
 * @param visibility `private` when the user asked for `private:true`
 */
export function estimateReply(r: Report, visibility: 'channel' | 'private' = 'channel', opts: { how?: boolean } = {}): Reply {
  const c = r.config;
  const assumedKeys = new Set(r.assumptions.length ? extractAssumedKeys(r) : []);
  const peakTotal = r.totalBytes;
  const targetGpu = r.target ? GPUS.find((g) => g.id === r.target?.gpu) : undefined;
  const rows = r.components.map((comp) => [
    comp.inPeak ? comp.label : `${comp.label} (not live at peak)`,
    gibNum(comp.bytes),
    textBar(comp.bytes / peakTotal),
  ]);
  rows.push(['Total per GPU (nvidia-smi)', gibNum(peakTotal), textBar(1)]);

  const what = c.mode === 'infer' ? 'serving' : c.method === 'full' ? 'full fine-tuning' : c.method === 'lora' ? 'LoRA' : 'QLoRA';
  const phase = r.phases.find((p) => p.phase === r.peakPhase);
  const fitsShown = r.target ? [r.target, ...r.fits.filter((f) => f.common && f.gpu !== r.target?.gpu)] : r.fits.filter((f) => f.common);
  const sections: ReplySection[] = [{ title: 'Fits on', lines: fitsShown.map(fitLine) }];
  if (r.tips.length > 0) {
    sections.push({
      title: 'Tips (each re-estimated)',
      lines: r.tips.slice(0, 6).map((t) => `\`${t.change}\`: ${t.title}, saves ${gib(t.savedBytes)} → ${gib(t.newTotalBytes)}${t.makesFit ? ' ✓ fits' : ''} (${t.cost})`),
    });
  }
  if (opts.how) sections.push(...mathSections(r));
  sections.push({ title: 'Assumptions', lines: r.assumptions.slice(0, 12) });
  return {
    title: `${r.model.name} · ${what} · ${gib(r.totalBytes)}${c.gpus > 1 ? ' per GPU' : ''}`,
    description: verdict(r),
    severity: severityOf(r),
    fields: [
      { name: 'Model', value: `${r.model.id} (${paramsShort(r.model.params)} params${c.mode === 'train' ? `, ${paramsShort(r.model.trainableParams)} trainable` : ''})`, inline: true },
      { name: 'Peak', value: `${r.peakPhase}${phase ? `: ${phase.what}` : ''}`, inline: true },
      { name: 'Per GPU', value: `allocated ${gib(r.allocatedBytes)} · reserved ${gib(r.reservedBytes)} · nvidia-smi ${gib(r.totalBytes)}`, inline: false },
      { name: 'Settings (* = assumed)', value: settingsLine(c, assumedKeys), inline: false },
      { name: 'Host RAM', value: gib(r.hostRam.bytes), inline: true },
      { name: 'Disk', value: gib(r.disk.bytes), inline: true },
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
    ...(opts.how ? {} : { actions: [{ id: 'how', label: 'Show the math', command: `${r.canonical} how:true private:true preset:none` }] }),
    chart: {
      title: `${r.model.name} · ${what}${c.gpus > 1 ? ` · per GPU of ${c.gpus}` : ''}`,
      segments: r.components.filter((x) => x.inPeak).map((x) => ({ label: x.label, bytes: x.bytes })),
      capacities: fitsShown.map((f) => ({ label: f.gpu, bytes: f.memoryBytes, target: f.gpu === r.target?.gpu })),
    },
  };
}

/**
 * "Show the math": every component as its formula with the numbers substituted, then the
 * activation terms of one layer in bytes per token, so the arithmetic can be checked by hand.
 */
export function mathSections(r: Report): ReplySection[] {
  const comps = r.components.filter((c) => c.inPeak);
  const lines = comps.map((c) => `${c.label} = ${c.formula}`);
  lines.push(`Total allocated ${gib(r.allocatedBytes)} + slack = reserved ${gib(r.reservedBytes)}; + CUDA context = ${gib(r.totalBytes)} (nvidia-smi)`);
  const out: ReplySection[] = [{ title: `The math (peak: ${r.peakPhase})`, lines }];
  for (const m of r.layerMath) {
    const sum = m.terms.reduce((a, t) => a + t.bytesPerToken, 0);
    const head = m.kind === 'final' ? 'After the last layer' : `${m.kind === 'moe' ? 'Each MoE layer' : 'Each layer'} (x${m.count})`;
    out.push({
      title: `${head}: bytes saved per token`,
      lines: [...m.terms.map((t) => `${t.label}: ${int(t.bytesPerToken)} B`), `= ${int(sum)} B per token${m.kind === 'final' ? '' : ` x ${m.count} layers`} x ${int(r.tokens)} tokens${r.config.gc !== 'false' && m.kind !== 'final' ? ' (checkpointing keeps one such layer)' : ''}`],
    });
  }
  return out;
}

/** Assumption lines start with `key:value (why)` for the defaulted keys. */
function extractAssumedKeys(r: Report): string[] {
  const keys: string[] = [];
  for (const a of r.assumptions) {
    const m = /^([a-z_]+):/.exec(a);
    if (m?.[1]) keys.push(m[1] === 'adapterDtype' ? 'adapter_dtype' : m[1]);
  }
  return keys;
}

export { int };
