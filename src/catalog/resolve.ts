import { distance } from 'fastest-levenshtein';
import type { ModelArch } from '../model/arch';
import { countParams } from '../model/params';
import { fail, ok, type Result } from '../config/errors';
import { MODELS } from './models';
import { findGpu, suggestGpus, type Gpu } from './gpus';
import { paramsShort } from '../format/text';

/** Variant suffixes that do not change the architecture. */
const VARIANT_SUFFIXES = /(-(instruct|it|chat|hf|base|pt|sft|dpo|v1\.0|2407|2411|0528|1124))+$/;

/** Lowercase, no org, no variant suffix, `_`/space as `-`. */
function normalize(q: string): string {
  let s = q.trim().toLowerCase().replace(/[_\s]+/g, '-');
  s = s.replace(/^https?:\/\/(www\.)?huggingface\.co\//, '').replace(/^hf\.co\//, '');
  return s;
}
const compact = (s: string): string => s.replace(/[-_\s]/g, '');

interface IndexEntry { readonly key: string; readonly model: ModelArch }

function buildIndex(models: readonly ModelArch[]): Map<string, ModelArch> {
  const m = new Map<string, ModelArch>();
  const add = (k: string, model: ModelArch): void => {
    const n = normalize(k);
    const variants = [n, n.replace(VARIANT_SUFFIXES, ''), n.split('/').pop() ?? n];
    const last = variants[2] ?? n;
    variants.push(last.replace(VARIANT_SUFFIXES, ''));
    for (const v of variants) {
      if (!m.has(v)) m.set(v, model);
      if (!m.has(compact(v))) m.set(compact(v), model);
    }
  };
  // Ids and Hub ids first so that they win over aliases of another entry.
  for (const model of models) { add(model.id, model); add(model.hfId, model); }
  for (const model of models) for (const a of model.aliases) add(a, model);
  return m;
}

const INDEX = buildIndex(MODELS);
const NAMES: IndexEntry[] = MODELS.flatMap((model) => [model.id, ...model.aliases].map((key) => ({ key: normalize(key), model })));
const PARAMS = new Map(MODELS.map((m) => [m.id, countParams(m).total]));

/** Families a bare size (`7b`) resolves to, in order of preference on a tie. */
const SIZE_FAMILIES = ['llama-3.1', 'llama-3.2', 'llama-2', 'qwen-2.5', 'mistral', 'mistral-nemo', 'gemma-2', 'codellama', 'phi-3'];

export interface ResolvedModel {
  readonly arch: ModelArch;
  /** Set when the model was picked for a bare size: says which architecture stands in. */
  readonly note?: string;
}

const SIZE_RE = /^(\d+(?:\.\d+)?)\s*([bm])$/;

function bySize(q: string): Result<ResolvedModel> | undefined {
  const m = SIZE_RE.exec(q);
  if (!m || m[1] === undefined) return undefined;
  const target = Number(m[1]) * (m[2] === 'b' ? 1e9 : 1e6);
  let best: ModelArch | undefined;
  let bestScore = Infinity;
  for (const model of MODELS) {
    const rank = SIZE_FAMILIES.indexOf(model.family);
    if (rank < 0 || model.moe) continue;
    const score = Math.abs(Math.log((PARAMS.get(model.id) ?? 1) / target)) + rank * 1e-3;
    if (score < bestScore) { bestScore = score; best = model; }
  }
  if (!best || bestScore > Math.log(1.3)) {
    // No mainstream family near that size: take the nearest dense model of any family.
    for (const model of MODELS) {
      if (model.moe) continue;
      const score = Math.abs(Math.log((PARAMS.get(model.id) ?? 1) / target));
      if (score < bestScore) { bestScore = score; best = model; }
    }
  }
  if (!best || bestScore > Math.log(1.3)) {
    const near = [...MODELS].filter((x) => !x.moe).sort((a, b) => Math.abs(Math.log((PARAMS.get(a.id) ?? 1) / target)) - Math.abs(Math.log((PARAMS.get(b.id) ?? 1) / target)));
    return fail({ code: 'unknown_model', key: 'model', value: q, detail: `No catalog model is within 30% of ${paramsShort(target)} parameters.`, suggestions: near.slice(0, 3).map((x) => x.id) });
  }
  return ok({ arch: best, note: `model:${q} is estimated with the ${best.name} architecture (${paramsShort(PARAMS.get(best.id) ?? 0)} params); name a model for exact numbers` });
}

/** Explains a family/version that exists without that size (`llama-3.2-7b`). */
function missingSize(q: string): { detail: string; suggestions: string[] } | undefined {
  const m = /^(.*?)-?(\d+(?:\.\d+)?)([bm])$/.exec(q.split('/').pop() ?? q);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  const prefix = compact(m[1]);
  const size = Number(m[2]) * (m[3] === 'b' ? 1e9 : 1e6);
  const siblings = MODELS.filter((x) => compact(x.id).startsWith(prefix) && SIZE_RE.test((x.id.split('-').pop() ?? '')));
  if (siblings.length === 0) return undefined;
  const family = siblings[0]?.name.replace(/\s+\S+$/, '') ?? prefix;
  const sizes = siblings.map((x) => x.name.split(' ').pop() ?? x.id);
  const base = compact(m[1]).replace(/[\d.]+$/, '');
  const sameSize = MODELS.filter((x) => compact(x.family).startsWith(base) && !x.moe)
    .map((x) => ({ x, d: Math.abs(Math.log((PARAMS.get(x.id) ?? 1) / size)), e: distance(q, x.id) }))
    .filter((e) => e.d < Math.log(1.25))
    .sort((a, b) => a.e - b.e || a.d - b.d)
    .map((e) => e.x.id);
  const suggestions = [...new Set([...sameSize.slice(0, 3), ...siblings.map((x) => x.id)])].slice(0, 5);
  return { detail: `${family} has no ${m[2]}${(m[3] ?? "b").toUpperCase()} model: it comes in ${sizes.join(', ')}.`, suggestions };
}

/**
 * Resolves what the user typed after `model:` to a catalog architecture: an id, a Hub id (any
 * -Instruct/-it/-chat variant), an alias, or a bare size (`7b`). Unknown names get "did you
 * mean" suggestions, and a real family with a size it does not have says which sizes exist.
 *
 * @example resolveModel('meta-llama/Llama-3.1-8B-Instruct') // ok: llama-3.1-8b
 * @example resolveModel('llama-3.2-7b') // unknown_model: "Llama 3.2 ... comes in 1B, 3B"
 */
export function resolveModel(query: string): Result<ResolvedModel> {
  const n = normalize(query);
  const hit = INDEX.get(n) ?? INDEX.get(n.replace(VARIANT_SUFFIXES, '')) ?? INDEX.get(compact(n)) ?? INDEX.get(compact(n.replace(VARIANT_SUFFIXES, '')));
  if (hit) return ok({ arch: hit });
  const last = n.split('/').pop() ?? n;
  const lastHit = INDEX.get(last) ?? INDEX.get(last.replace(VARIANT_SUFFIXES, '')) ?? INDEX.get(compact(last.replace(VARIANT_SUFFIXES, '')));
  if (lastHit) return ok({ arch: lastHit });
  const sized = bySize(n);
  if (sized) return sized;
  const missing = missingSize(n.replace(VARIANT_SUFFIXES, ''));
  if (missing) return fail({ code: 'unknown_model', key: 'model', value: query, detail: missing.detail, suggestions: missing.suggestions });
  return fail({ code: 'unknown_model', key: 'model', value: query, suggestions: suggestModels(query) });
}

/** Nearest catalog ids by edit distance over ids and aliases, distinct models, best first. */
export function suggestModels(query: string, n = 3): string[] {
  const q = normalize(query).replace(VARIANT_SUFFIXES, '');
  const last = q.split('/').pop() ?? q;
  const scored = NAMES.map((e) => ({ id: e.model.id, d: Math.min(distance(q, e.key), distance(last, e.key.split('/').pop() ?? e.key)) }));
  scored.sort((a, b) => a.d - b.d);
  const out: string[] = [];
  for (const s of scored) if (!out.includes(s.id)) out.push(s.id);
  return out.slice(0, n);
}

/** Resolves a GPU name or returns `unknown_gpu` with suggestions. */
export function resolveGpu(query: string): Result<Gpu> {
  const g = findGpu(query);
  if (g) return ok(g);
  return fail({ code: 'unknown_gpu', key: 'gpu', value: query, suggestions: suggestGpus(query).map((x) => x.id) });
}

/** Catalog search for `/vram models [query]`: substring over id, name, aliases, family. */
export function searchModels(query: string): ModelArch[] {
  const q = compact(normalize(query));
  if (q === '') return [...MODELS];
  return MODELS.filter((m) => [m.id, m.name, m.hfId, m.family, ...m.aliases].some((k) => compact(normalize(k)).includes(q)));
}

export { MODELS };
