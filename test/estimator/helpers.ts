import { buildConfig, type EstimateConfig } from '../../src/config';
import { resolveModel } from '../../src/catalog/resolve';
import { estimate } from '../../src/estimator/estimate';
import { makeSetup, type Setup } from '../../src/estimator/setup';
import type { Estimate } from '../../src/estimator/types';
import type { ModelArch } from '../../src/model/arch';

/** Builds a validated config from `key:value` pairs (throws on bad input: tests give good input). */
export function cfg(line: string): EstimateConfig {
  const raw: Record<string, string> = {};
  for (const tok of line.trim().split(/\s+/)) {
    const i = tok.indexOf(':');
    raw[tok.slice(0, i)] = tok.slice(i + 1);
  }
  const b = buildConfig(raw);
  if (!b.ok) throw new Error(`bad test config ${line}: ${JSON.stringify(b.errors)}`);
  return b.value.config;
}

export function arch(id: string): ModelArch {
  const r = resolveModel(id);
  if (!r.ok) throw new Error(`no model ${id}`);
  return r.value.arch;
}

export function setup(line: string): Setup {
  const c = cfg(line);
  return makeSetup(arch(c.model), c);
}

export function est(line: string): Estimate {
  const c = cfg(line);
  return estimate(arch(c.model), { config: c, assumed: [] });
}

export const GiB = 1024 ** 3;
export const comp = (e: Estimate, id: string): number => e.components.find((c) => c.id === id)?.bytes ?? 0;
