/**
 * Text line -> report: the shared path of the CLI, the console and Slack for `/vram <args>`.
 */
import { parseLine } from './grammar';
import { resolveArgs, resolveArgsAsync, estimateBuilt, type Report, type Resolved } from '../src/report';
import { resolveModelAsync } from '../src/hub/resolve-any';
import type { HubConfigSource } from '../src/hub/source';
import { tipsFor } from '../src/tips';
import type { Args, Result } from '../src/config';

/**
 * Like {@link reportFromArgs}, but a `model:org/name` outside the catalog is read from the
 * Hugging Face Hub when a Hub source is given.
 */
export async function reportFromArgsAsync(raw: Args, hub?: HubConfigSource): Promise<Result<Report>> {
  if (!hub) return reportFromArgs(raw);
  const r = await resolveArgsAsync(raw, (model) => resolveModelAsync(model, hub));
  if (!r.ok) return r;
  return { ok: true, value: reportFromResolved(r.value) };
}

/** Resolves and estimates raw pairs, tips included. */
export function reportFromArgs(raw: Args): Result<Report> {
  const r = resolveArgs(raw);
  if (!r.ok) return r;
  return { ok: true, value: reportFromResolved(r.value) };
}

export function reportFromResolved(r: Resolved): Report {
  const base = estimateBuilt(r.arch, r.built, r.gpu);
  return { ...base, tips: tipsFor(r, base), ...(r.note ? { resolvedNote: r.note } : {}) };
}

/**
 * Parses a line of `key:value` pairs and estimates it.
 * @param args already-split estimator arguments (reply keys removed), when the caller has them
 */
export function reportFromLine(line: string, args?: Args): Result<Report> {
  const p = parseLine(line);
  if (!p.ok) return p;
  if (p.value.words.length > 0) {
    return { ok: false, errors: [{ code: 'syntax', value: p.value.words.join(' '), detail: 'Arguments are `key:value` pairs.' }] };
  }
  return reportFromArgs(args ?? p.value.args);
}
