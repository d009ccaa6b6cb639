/**
 * The CLI: `npm run -s vram -- <key:value ...> [--json]`, `--jsonl` (one argument line per stdin
 * line, one JSON object per output line), and the text subcommands (`help`, `models`, `gpus`).
 * `--chart out.png` (or `--chart=out.png`) also writes an estimate's chart as a PNG; the text
 * reply is still printed.
 * Bad input: exit code 2 and the friendly message on stderr.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve as resolvePath } from 'node:path';
import { archFromConfig } from '../src/hub/config';
import { describeHubError } from '../src/hub/errors';
import { resolveArgsAsync } from '../src/report';
import type { Result } from '../src/config';
import { createInterface } from 'node:readline';
import { renderChartPng } from '../src/chart/png';
import { describeInputError, type InputError } from '../src/config';
import { replyText } from '../src/reply/text';
import { estimateReply } from '../src/reply/estimate-reply';
import type { Report } from '../src/report';
import { reportFromLine, reportFromResolved } from './estimate-line';
import { dispatch } from './registry';
import { fitFromArgs } from './fit';
import { splitReplyKeys } from './estimate';
import { parseLine } from './grammar';

/** The CLI's JSON shape of one estimate. */
export function reportJson(r: Report): Record<string, unknown> {
  return {
    model: { id: r.model.id, name: r.model.name, hfId: r.model.hfId, params: r.model.params, trainableParams: r.model.trainableParams },
    config: r.config,
    canonical: r.canonical,
    totalBytes: r.totalBytes,
    reservedBytes: r.reservedBytes,
    allocatedBytes: r.allocatedBytes,
    peakPhase: r.peakPhase,
    phases: r.phases,
    components: r.components.map((c) => ({ name: c.id, label: c.label, bytes: c.bytes, phase: c.phase, inPeak: c.inPeak, pool: c.pool, formula: c.formula, source: c.source })),
    hostRamBytes: r.hostRam.bytes,
    hostRam: r.hostRam.parts,
    diskBytes: r.disk.bytes,
    disk: r.disk.parts,
    assumptions: r.assumptions,
    notes: r.notes,
    fits: r.fits.map((f) => ({ gpu: f.gpu, memoryBytes: f.memoryBytes, fits: f.fits, tight: f.tight, headroomBytes: f.headroomBytes })),
    target: r.target,
    tips: r.tips,
  };
}

export function errorJson(errors: readonly InputError[]): Record<string, unknown> {
  const first = errors[0];
  return { error: { ...first, message: errors.map(describeInputError).join(' '), all: errors } };
}

/**
 * `config:<path>` (CLI only, never from chat): estimate a model from a local config.json. The
 * file is read here, at the edge; the architecture comes from the same reader as Hub configs.
 */
export async function reportFromLocalConfig(args: Readonly<Record<string, string>>): Promise<Result<Report>> {
  const { config: path = '', ...rest } = args;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return { ok: false, errors: [{ code: 'unknown_model', key: 'config', value: `config:${path}`, detail: `I could not read it as JSON (${err instanceof Error ? err.message : String(err)}).` }] };
  }
  const name = basename(dirname(resolvePath(path))).replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[-.]+/, '') || 'config';
  const id = `local/${name}`;
  const arch = archFromConfig(id, json, { source: `local file ${path}` });
  if (!arch.ok) return { ok: false, errors: arch.errors.map((e) => ({ code: 'unknown_model' as const, key: 'config', value: `config:${path}`, detail: describeHubError(e) })) };
  const resolved = await resolveArgsAsync({ ...rest, model: id }, () => ({ ok: true, value: { arch: arch.value, note: `model read from the local config ${path}` } }));
  if (!resolved.ok) return resolved;
  return { ok: true, value: reportFromResolved(resolved.value) };
}

const ctx = { platform: 'cli' as const, teamId: 'local', channelId: 'cli', userId: 'cli' };

async function runJsonl(): Promise<number> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    const r = reportFromLine(line);
    process.stdout.write(`${JSON.stringify(r.ok ? reportJson(r.value) : errorJson(r.errors))}\n`);
  }
  return 0;
}

/**
 * Takes `--chart PATH` / `--chart=PATH` out of the arguments.
 * @returns the path (if any) and the other arguments, or the message for a missing path
 */
export function takeChartFlag(argv: readonly string[]): { ok: true; path?: string; rest: string[] } | { ok: false; message: string } {
  const i = argv.findIndex((a) => a === '--chart' || a.startsWith('--chart='));
  const flag = argv[i];
  if (i < 0 || flag === undefined) return { ok: true, rest: [...argv] };
  const inline = flag.startsWith('--chart=');
  const path = inline ? flag.slice('--chart='.length) : argv[i + 1];
  if (!path || path.startsWith('--')) return { ok: false, message: '--chart needs a file name, e.g. `--chart out.png`.' };
  return { ok: true, path, rest: [...argv.slice(0, i), ...argv.slice(i + (inline ? 1 : 2))] };
}

export async function main(allArgs: readonly string[]): Promise<number> {
  const chart = takeChartFlag(allArgs);
  if (!chart.ok) {
    process.stderr.write(`${chart.message}\n`);
    return 2;
  }
  const argv = chart.rest;
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const rest = argv.filter((a) => !a.startsWith('--'));
  if (flags.has('--jsonl')) return runJsonl();
  const line = rest.join(' ');
  const first = rest[0] ?? '';
  if (first === 'fit' && flags.has('--json')) {
    const p = parseLine(rest.slice(1).join(' '));
    const r = p.ok ? fitFromArgs(p.value.args) : p;
    if (!r.ok) {
      process.stdout.write(`${JSON.stringify(errorJson(r.errors))}\n`);
      process.stderr.write(`${r.errors.map(describeInputError).join('\n')}\n`);
      return 2;
    }
    process.stdout.write(`${JSON.stringify({ model: r.value.model, mode: r.value.mode, batch: r.value.batch, seq: r.value.seq, gpus: r.value.gpus, ...r.value.fit })}\n`);
    return 0;
  }
  if (rest.length === 0 || !first.includes(':')) {
    const reply = await dispatch(line, ctx);
    process.stdout.write(`${replyText(reply)}\n`);
    return reply.severity === 'error' ? 2 : 0;
  }
  const parsed = parseLine(line);
  const split = parsed.ok ? splitReplyKeys(parsed.value.args) : null;
  const flagError = split && typeof split.how === 'object' ? split.how : null;
  const r = !parsed.ok ? parsed
    : flagError ? { ok: false as const, errors: [flagError] }
    : split?.rest.config !== undefined ? await reportFromLocalConfig(split.rest)
    : reportFromLine(line, split?.rest);
  if (!r.ok) {
    if (flags.has('--json')) process.stdout.write(`${JSON.stringify(errorJson(r.errors))}\n`);
    process.stderr.write(`${r.errors.map(describeInputError).join('\n')}\n`);
    return 2;
  }
  if (flags.has('--json')) process.stdout.write(`${JSON.stringify(reportJson(r.value))}\n`);
  else process.stdout.write(`${replyText(estimateReply(r.value, 'channel', { how: split?.how === true }))}\n`);
  const data = chart.path ? estimateReply(r.value).chart : undefined;
  if (chart.path && data) writeFileSync(chart.path, renderChartPng(data));
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: unknown) => {
    process.stderr.write(`vram: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
