/**
 * A preset's arguments over time: the canonical text it is saved as, the grammar version it was
 * written with, the migrations that bring old text up to date, and the merge of a preset with
 * the arguments typed next to it.
 */
import { buildConfig, canonicalRecord, lookupKey, valueText, canonicalArgs, type ArgValue, type Args, type InputError, type Result } from '../src/config';
import { resolveArgs } from '../src/report';
import { parseLine } from './grammar';

/**
 * Version of the argument grammar that presets are saved with. Bump it when a key is renamed or
 * its values change meaning, and add the migration from the previous version to
 * {@link ARG_MIGRATIONS}. Adding a key with a default needs no bump: old presets load as they are.
 */
export const PRESET_ARGS_VERSION = 2;

/** Rewrites a preset's pairs from version `n` to `n + 1` (rename a key, translate a value). */
export type ArgsMigration = (args: Readonly<Record<string, string>>) => Record<string, string>;

/**
 * Version 1 -> 2: `loss:chunked` meant the fused loss (Liger fused linear cross-entropy: no
 * logits tensor); from version 2 `loss:chunked` is torchtune/LitGPT's chunked cross-entropy
 * (every chunk's logits kept) and the fused loss is `loss:fused`. A preset saved as
 * `loss:chunked` keeps its number: it becomes `loss:fused`.
 */
export function migrateLossSplit(args: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(args)) out[k] = lookupKey(k)?.key === 'loss' && v.toLowerCase() === 'chunked' ? 'fused' : v;
  return out;
}

/** ARG_MIGRATIONS[n] upgrades pairs saved at version n to n + 1; one per version below the current. */
export const ARG_MIGRATIONS: Readonly<Record<number, ArgsMigration>> = { 1: migrateLossSplit };

export interface LoadedArgs {
  /** Pairs in today's grammar. */
  readonly args: Record<string, string>;
  /** `key:value` pairs this version does not know (saved by a newer bot), left out. */
  readonly ignored: readonly string[];
  /** The preset was saved by a newer version than this one. */
  readonly newer: boolean;
}

/**
 * Parses stored canonical text of `version` into today's pairs: migrations for older versions,
 * unknown keys (a newer version's) reported in `ignored` instead of failing.
 *
 * @example loadPresetArgs('model:llama-3.1-8b method:lora', 1) // ok: { args: { model, method }, ignored: [], newer: false }
 */
export function loadPresetArgs(
  text: string, version: number,
  opts: { current?: number; migrations?: Readonly<Record<number, ArgsMigration>> } = {},
): Result<LoadedArgs> {
  const current = opts.current ?? PRESET_ARGS_VERSION;
  const migrations = opts.migrations ?? ARG_MIGRATIONS;
  const parsed = parseLine(text);
  if (!parsed.ok) return parsed;
  if (parsed.value.words.length > 0) return { ok: false, errors: [{ code: 'syntax', value: parsed.value.words.join(' ') }] };
  let args: Record<string, string> = { ...parsed.value.args };
  for (let v = version; v < current; v++) {
    const m = migrations[v];
    if (!m) throw new Error(`no preset argument migration from version ${v} to ${v + 1}`);
    args = m(args);
  }
  const ignored: string[] = [];
  for (const [k, value] of Object.entries(args)) {
    if (lookupKey(k)) continue;
    ignored.push(`${k}:${value}`);
    delete args[k];
  }
  return { ok: true, value: { args, ignored, newer: version > current } };
}

/**
 * Validates pairs for saving and returns their canonical text (model and GPU resolved to
 * catalog ids), or the input errors.
 */
export function canonicalForSave(raw: Args): Result<string> {
  const r = resolveArgs(raw);
  return r.ok ? { ok: true, value: canonicalArgs(r.value.built.config) } : r;
}

/**
 * A key whose saved value was derived from others (not chosen): when one of its sources is
 * typed explicitly and the saved value is still the derived one, it is dropped so the derivation
 * runs again (a QLoRA preset with `lora:true` typed gets a 16-bit base, not NF4).
 */
interface Derived {
  readonly key: string;
  readonly sources: readonly string[];
  readonly derive: (saved: Readonly<Record<string, string>>) => string;
}
/** The text of a value (saved pairs are text; typed pairs may be numbers, booleans, lists). */
const text = (v: ArgValue | undefined): string | undefined => (v === undefined ? undefined : valueText(v));
const METHOD_KEYS = ['method', 'lora', 'qlora'];
const DERIVED: readonly Derived[] = [
  { key: 'quant', sources: METHOD_KEYS, derive: (s) => (s.method === 'qlora' ? 'nf4' : 'none') },
  { key: 'upcast', sources: [...METHOD_KEYS, 'quant'], derive: (s) => String(s.method !== undefined && s.method !== 'full' && s.quant !== undefined && s.quant !== 'none' && !String(s.quant).startsWith('gptq')) },
  { key: 'sharding', sources: ['gpus'], derive: (s) => (Number(s.gpus ?? '1') > 1 ? 'ddp' : 'none') },
  { key: 'kv', sources: ['precision'], derive: (s) => (s.precision === 'fp16' ? 'fp16' : s.precision === 'fp32' ? 'fp32' : 'bf16') },
];

export interface Merged {
  readonly args: Record<string, ArgValue>;
  /** Keys whose value came from the preset, in canonical order. */
  readonly fromPreset: readonly string[];
  /** Keys typed next to the preset. */
  readonly explicit: readonly string[];
}

/**
 * Starts from the preset's pairs; typed pairs override them. `lora:`/`qlora:` typed replace
 * the preset's `method`, and derived values follow their typed sources (see {@link DERIVED}).
 *
 * @example mergePresetArgs({ model: 'a', method: 'lora', batch: '1' }, { batch: '8' })
 * // { args: { model: 'a', method: 'lora', batch: '8' }, fromPreset: ['model', 'method'], explicit: ['batch'] }
 */
export function mergePresetArgs(saved: Readonly<Record<string, string>>, typed: Args): Merged {
  const canon = (k: string): string => lookupKey(k)?.key ?? k;
  const typedKeys = new Set(Object.keys(typed).map(canon));
  const base: Record<string, ArgValue> = { ...saved };
  if (typedKeys.has('lora') || typedKeys.has('qlora')) delete base.method;
  for (const d of DERIVED) {
    if (typedKeys.has(d.key) || !d.sources.some((s) => typedKeys.has(s))) continue;
    if (base[d.key] !== undefined && base[d.key] === d.derive(saved)) delete base[d.key];
  }
  for (const k of typedKeys) delete base[k];
  const fromPreset = Object.keys(base);
  return { args: { ...base, ...typed }, fromPreset, explicit: [...typedKeys] };
}

/** Keys other saved values are derived from (see {@link DERIVED}). */
const SOURCE_KEYS = ['mode', 'method', 'gpus', 'precision'];

/** The canonical pairs `buildConfig` gives for `raw`, as text (empty when it does not build). */
function defaultsFor(raw: Args): Readonly<Record<string, string>> {
  const b = buildConfig(raw);
  if (!b.ok) return {};
  return Object.fromEntries(Object.entries(canonicalRecord(b.value.config)).map(([k, v]) => [k, valueText(v)]));
}

/**
 * Splits the keys a preset supplied into the ones it actually chose and the defaults it merely
 * saved: a source key (method, gpus, ...) is chosen when it differs from what `model:` alone
 * gives; any other key when it differs from what its saved sources give (so a QLoRA preset's
 * NF4 base is not listed as a choice).
 */
export function chosenKeys(saved: Readonly<Record<string, ArgValue>>, supplied: readonly string[]): { chosen: string[]; defaults: number } {
  const model = text(saved.model);
  if (model === undefined) return { chosen: [...supplied], defaults: 0 };
  const plain = defaultsFor({ model });
  const sources: Record<string, ArgValue> = { model };
  for (const k of SOURCE_KEYS) { const v = saved[k]; if (v !== undefined) sources[k] = v; }
  const derived = defaultsFor(sources);
  const base = Object.keys(derived).length > 0 ? derived : plain;
  const chosen = supplied.filter((k) => k === 'model' || (SOURCE_KEYS.includes(k) ? plain[k] : base[k]) !== text(saved[k]));
  return { chosen, defaults: supplied.length - chosen.length };
}

export type { InputError };
