/**
 * From the key table (`./keys.ts`) to a validated config: value conversion by each key's spec,
 * the zod schema and `EstimateConfig` type derived from the table, the fixed defaults, the cross-key
 * rules of `buildConfig`, and the canonical text presets store.
 */
import { z } from 'zod';
import { closest, distance } from 'fastest-levenshtein';
import {
  BOOL_SPELLINGS, KEYS, KEY_INDEX, OFFLOAD_NEEDS, SHARDING_CAPS, TARGET_NAMES, TARGET_PRESETS, applies,
  type KeyDef, type KeySpec, type Method, type Mode, type Offload, type Sharding, type Target,
} from './keys';
import { fail, ok, type InputError, type Result } from './errors';
import { parseMargin } from './margin';
import { GALORE_DEFAULT_RANK, galoreRunnable } from '../estimator/peft';
import { formatProblem } from './formats';
import { ENGINE_SWITCHES, engineDefaults, engineProblem, switchProblem } from './engines';
import { TRL_GRPO_BETA, TRL_GRPO_MAX_COMPLETION_LENGTH, TRL_GRPO_NUM_GENERATIONS, TRL_MAX_LENGTH, TRL_PER_DEVICE_TRAIN_BATCH_SIZE, TRL_PPO_RESPONSE_LENGTH, TRL_VLLM_GPU_MEMORY_UTILIZATION } from '../estimator/objectives';

type AnyKey = (typeof KEYS)[number];
type FieldKey = Extract<AnyKey, { readonly field: string }>;
type ValueOf<S> = S extends { readonly kind: 'enum'; readonly values: readonly (infer V)[] } ? V
  : S extends { readonly kind: 'int' | 'float'; readonly nullable: true } ? number | null
  : S extends { readonly kind: 'int' | 'float' } ? number
  : S extends { readonly kind: 'bool'; readonly nullable: true } ? boolean | null
  : S extends { readonly kind: 'bool' } ? boolean
  : S extends { readonly kind: 'targets' } ? Target[]
  : S extends { readonly kind: 'text'; readonly nullable: true } ? string | null
  : string;

/** The validated, fully defaulted estimator input: one field per key of the table. */
export type EstimateConfig = { [D in FieldKey as D['field']]: ValueOf<D['spec']> };

/** A value as typed (text) or as a platform already typed it (Discord's integers and booleans). */
export type ArgValue = string | number | boolean | readonly string[];
/** Canonical key -> value: what the grammar hands over, and what `buildConfig` takes. */
export type Args = Readonly<Record<string, ArgValue>>;
/** Raw pairs as typed: canonical key -> text value (the grammar's first stage). */
export type RawArgs = Readonly<Record<string, string>>;

/** A key the user did not give, and the value that was assumed for it, and why. */
export interface AssumedKey {
  readonly key: string;
  readonly value: string;
  readonly why: string;
}

/** A config plus the keys whose values were defaulted or derived (shown as "assumed"). */
export interface BuiltConfig {
  readonly config: EstimateConfig;
  readonly assumed: readonly AssumedKey[];
}

const FIELD_KEYS: readonly KeyDef[] = (KEYS as readonly KeyDef[]).filter((k) => k.field !== null);

function zodOf(spec: KeySpec): z.ZodType {
  switch (spec.kind) {
    case 'enum': return z.enum(spec.values as [string, ...string[]]);
    case 'int': { const t = z.number().int().min(spec.min).max(spec.max); return spec.nullable ? t.nullable() : t; }
    case 'float': { const t = spec.maxExclusive ? z.number().min(spec.min).lt(spec.max) : z.number().min(spec.min).max(spec.max); return spec.nullable ? t.nullable() : t; }
    case 'bool': return spec.nullable ? z.boolean().nullable() : z.boolean();
    case 'text': return spec.nullable ? z.string().min(1).max(spec.maxLength).nullable() : z.string().min(1).max(spec.maxLength);
    case 'targets': return z.array(z.enum(TARGET_NAMES)).min(1);
  }
}

/** The schema of {@link EstimateConfig}, derived field by field from the key table. */
export const EstimateConfigSchema = z.object(
  Object.fromEntries(FIELD_KEYS.map((d) => [d.field as string, zodOf(d.spec)])),
) as unknown as z.ZodType<EstimateConfig>;

/** Field -> grammar key (`adapterDtype` -> `adapter_dtype`), for messages and assumptions. */
const KEY_OF_FIELD: ReadonlyMap<string, string> = new Map(FIELD_KEYS.map((d) => [d.field as string, d.key]));
/** Grammar key -> field. */
const FIELD_OF_KEY: ReadonlyMap<string, string> = new Map(FIELD_KEYS.map((d) => [d.key, d.field as string]));

/** The grammar key of a config field. */
export const keyOfField = (field: string): string => KEY_OF_FIELD.get(field) ?? field;

/** The fixed defaults of the table, by field. */
const FIXED_DEFAULTS: Readonly<Record<string, unknown>> = Object.fromEntries(
  FIELD_KEYS.filter((d) => d.default !== undefined).map((d) => [d.field as string, Array.isArray(d.default) ? [...d.default] : d.default]),
);

/** The default of a key as text (`16`, `q,k,v,...`), or undefined. */
export function defaultText(def: KeyDef): string | undefined {
  return def.default === undefined ? undefined : valueText(def.default);
}

/** A value as the grammar writes it: lists comma-joined. */
export function valueText(v: unknown): string {
  return Array.isArray(v) ? v.join(',') : String(v);
}

const ALL_KEY_NAMES = [...KEY_INDEX.keys()];

/** Finds the definition of a key as typed (case-insensitive; `-` and `_` are the same). */
export function lookupKey(typed: string): KeyDef | undefined {
  const k = typed.trim().toLowerCase();
  return KEY_INDEX.get(k) ?? KEY_INDEX.get(k.replace(/-/g, '_'));
}

/** Suggests names close to an unknown one among `names` (default: the estimate's keys). */
export function suggestKeys(typed: string, names: readonly string[] = ALL_KEY_NAMES, canonical: (n: string) => string = (n) => KEY_INDEX.get(n)?.key ?? n): string[] {
  const t = typed.toLowerCase();
  const scored = names.map((k) => ({ k, d: distance(t, k) })).filter((x) => x.d <= Math.max(2, Math.floor(t.length / 3)));
  scored.sort((a, b) => a.d - b.d);
  const canon = new Set<string>();
  for (const s of scored) canon.add(canonical(s.k));
  return [...canon].slice(0, 3);
}

type Typed = string | number | boolean | Target[];

/** A whole number as a whole token: `4096`, `1,024` or `1_024` (groups of three), `4k` / `1.5k` (x1024). */
const INT_SHAPES = [/^\d+$/, /^\d{1,3}(?:,\d{3})+$/, /^\d{1,3}(?:_\d{3})+$/];
const K_SHAPE = /^(\d+(?:\.\d+)?)k$/i;

function parseInt(v: string, key: string, spec: { min: number; max: number }): Result<number> {
  const range = { min: spec.min, max: spec.max };
  if (/^-\d/.test(v)) return fail({ code: 'out_of_range', key, value: v, range });
  let n: number;
  const k = K_SHAPE.exec(v);
  if (k?.[1] !== undefined) n = Number(k[1]) * 1024;
  else if (INT_SHAPES.some((re) => re.test(v))) n = Number(v.replace(/[_,]/g, ''));
  else {
    const list = /^\d+(?:[,;/|+\s]+\d+)+$/.test(v) ? ' One value per key: to compare several, use `/vram compare ... vs ...`.' : '';
    return fail({ code: 'not_integer', key, value: v, range, ...(list ? { detail: list.trim() } : {}) });
  }
  if (!Number.isInteger(n)) return fail({ code: 'not_integer', key, value: v, range });
  if (n < spec.min || n > spec.max) return fail({ code: 'out_of_range', key, value: v, range });
  return ok(n);
}

/** Converts one text value according to its key's spec, or returns a coded error. */
export function convertValue(def: Pick<KeyDef, 'key' | 'spec'>, text: string): Result<Typed> {
  const v = text.trim();
  const key = def.key;
  if (v === '') return fail({ code: 'missing_value', key });
  const spec = def.spec;
  switch (spec.kind) {
    case 'text':
      return v.length > spec.maxLength ? fail({ code: 'too_long', key, value: String(v.length), range: { min: 1, max: spec.maxLength } }) : ok(v);
    case 'bool': {
      const b = v.toLowerCase();
      if (BOOL_SPELLINGS.true.includes(b)) return ok(true);
      if (BOOL_SPELLINGS.false.includes(b)) return ok(false);
      return fail({ code: 'bad_enum', key, value: v, allowed: ['true', 'false'] });
    }
    case 'enum': {
      const low = v.toLowerCase();
      const norm = low.replace(/_/g, '-');
      const syn = (k: string): string | undefined => (spec.synonyms && Object.hasOwn(spec.synonyms, k) ? spec.synonyms[k] : undefined);
      const hit = spec.values.find((x) => x === low || x === norm) ?? syn(low) ?? syn(norm);
      if (hit !== undefined) return ok(hit);
      const cand = [...spec.values, ...Object.keys(spec.synonyms ?? {})];
      const best = closest(low, cand);
      const suggestion = syn(best) ?? best;
      const close = distance(low, best) <= Math.max(2, Math.floor(low.length / 3));
      return fail({ code: 'bad_enum', key, value: v, allowed: spec.values, ...(close ? { suggestions: [suggestion] } : {}) });
    }
    case 'int':
      return parseInt(v, key, spec);
    case 'float': {
      const n = Number(v);
      const range = { min: spec.min, max: spec.max, ...(spec.maxExclusive ? { maxExclusive: true } : {}) };
      if (!Number.isFinite(n) || !/^[-+]?\d*\.?\d+(e[-+]?\d+)?$/i.test(v)) return fail({ code: 'not_number', key, value: v, range });
      if (n < spec.min || n > spec.max || (spec.maxExclusive === true && n >= spec.max)) return fail({ code: 'out_of_range', key, value: v, range });
      return ok(n);
    }
    case 'targets': {
      const low = v.toLowerCase();
      const presetName = low === 'all-linear' ? 'all' : low;
      const preset = Object.hasOwn(TARGET_PRESETS, presetName) ? TARGET_PRESETS[presetName] : undefined;
      if (preset) return ok([...preset]);
      const parts = low.split(/[,+\s]+/).filter(Boolean).map((p) => p.replace(/_proj$/, '').replace(/^lm_head$/, 'head'));
      const out: Target[] = [];
      for (const p of parts) {
        const t = (TARGET_NAMES as readonly string[]).includes(p) ? (p as Target) : undefined;
        if (!t) {
          const best = closest(p, parts.length > 1 ? [...TARGET_NAMES] : [...TARGET_NAMES, ...Object.keys(TARGET_PRESETS)]);
          return fail({ code: 'bad_targets', key, value: v, allowed: TARGET_NAMES, suggestions: [best], detail: `\`${p}\` is not a target.` });
        }
        if (!out.includes(t)) out.push(t);
      }
      if (out.length === 0) return fail({ code: 'bad_targets', key, value: v, allowed: TARGET_NAMES });
      return ok(out);
    }
  }
}

/**
 * Checks a value that arrives typed (Discord's integer and boolean options, a button's stored
 * invocation) or as text, by the same spec: a number must be a whole number in range for an int
 * key, a boolean is only a boolean's, a list only `targets`'. Anything else goes through
 * {@link convertValue} as text, so every platform gets the same errors.
 */
export function coerceValue(def: Pick<KeyDef, 'key' | 'spec'>, value: unknown): Result<Typed> {
  const spec = def.spec;
  if (typeof value === 'string') return convertValue(def, value);
  if (typeof value === 'number' && (spec.kind === 'int' || spec.kind === 'float')) {
    const range = { min: spec.min, max: spec.max, ...(spec.kind === 'float' && spec.maxExclusive ? { maxExclusive: true } : {}) };
    if (!Number.isFinite(value)) return fail({ code: spec.kind === 'int' ? 'not_integer' : 'not_number', key: def.key, value: String(value), range });
    if (spec.kind === 'int' && !Number.isInteger(value)) return fail({ code: 'not_integer', key: def.key, value: String(value), range });
    const over = spec.kind === 'float' && spec.maxExclusive ? value >= spec.max : value > spec.max;
    if (value < spec.min || over) return fail({ code: 'out_of_range', key: def.key, value: String(value), range });
    return ok(value);
  }
  if (typeof value === 'boolean' && spec.kind === 'bool') return ok(value);
  if (Array.isArray(value) && spec.kind === 'targets' && value.every((x) => typeof x === 'string')) return convertValue(def, value.join(','));
  if (typeof value === 'number' || typeof value === 'boolean') return convertValue(def, String(value));
  return fail({ code: 'missing_value', key: def.key, detail: 'The value is not text, a number or true/false.' });
}

/** Whether a sharding strategy shards what offload needs (optimizer: states; params: weights). */
export function offloadAllowed(offload: Offload, sharding: Sharding): boolean {
  return offload === 'none' || SHARDING_CAPS[sharding][OFFLOAD_NEEDS[offload]];
}

/**
 * Turns `key -> value` pairs (text as typed, or values a platform typed) into a validated config:
 * converts each value by its key's spec, applies the shorthands (`lora:true`, `qlora:true`), fills
 * defaults (recording them as assumptions), checks cross-key rules, and validates the result with
 * zod.
 *
 * @example buildConfig({ model: 'llama-3.1-8b', lora: 'true' })
 * // ok, method 'lora', assumed: precision bf16, optimizer adamw, ...
 */
export function buildConfig(raw: Args): Result<BuiltConfig> {
  const errors: InputError[] = [];
  const typed: Record<string, Typed> = {};
  for (const [k, value] of Object.entries(raw)) {
    const def = lookupKey(k);
    if (!def) {
      errors.push({ code: 'unknown_key', key: k, value: valueText(value), allowed: KEYS.map((d) => d.key), suggestions: suggestKeys(k) });
      continue;
    }
    const r = coerceValue(def, value);
    if (r.ok) typed[FIELD_OF_KEY.get(def.key) ?? def.key] = r.value;
    else errors.push(...r.errors);
  }
  if (errors.length > 0) return { ok: false, errors };
  if (typed.model === undefined) return fail({ code: 'missing_model', key: 'model' });

  const assumed: AssumedKey[] = [];
  const given = (field: string): boolean => typed[field] !== undefined;

  // Shorthands: lora:true / qlora:true set the method; a clash with method: is a conflict.
  let method = typed.method as Method | undefined;
  let methodFrom = 'method';
  // QLoRA is LoRA on a quantized base: `lora:true qlora:true` means QLoRA.
  const shorthands = typed.qlora === true && typed.lora === true && method === undefined ? (['qlora'] as const) : (['lora', 'qlora'] as const);
  for (const short of shorthands) {
    if (typed[short] === true) {
      if (method !== undefined && method !== short) {
        const other = methodFrom === 'method' ? `\`method:${method}\`` : `\`${methodFrom}:true\``;
        return fail({ code: 'conflict', key: short, value: 'true', detail: `${other} was also given; choose one.` });
      }
      method = short;
      methodFrom = short;
    }
    if (typed[short] === false && method === short) {
      return fail({ code: 'conflict', key: short, value: 'false', detail: `\`method:${short}\` was also given.` });
    }
  }
  const mode = (typed.mode as Mode | undefined) ?? (FIXED_DEFAULTS.mode as Mode);
  if (method === undefined) {
    method = 'full';
    if (mode === 'train') assumed.push({ key: 'method', value: 'full', why: 'default' });
  }

  let quant = typed.quant as string | undefined;
  if (quant === undefined) {
    quant = method === 'qlora' ? 'nf4' : 'none';
    if (method === 'qlora') assumed.push({ key: 'quant', value: 'nf4', why: 'QLoRA default (bitsandbytes NF4)' });
  }
  if (mode === 'train' && method === 'qlora' && quant === 'none') {
    return fail({ code: 'conflict', key: 'quant', value: 'none', detail: 'QLoRA trains adapters on a quantized base: use `quant:nf4`, `fp4` or `int8` (bitsandbytes), `awq-int4`, `gptq-int4` or `gptq-int8`, or `method:lora` for a 16-bit base.' });
  }
  if (mode === 'train' && method === 'full' && quant !== 'none') {
    return fail({ code: 'conflict', key: 'quant', value: quant, detail: 'quantized weights cannot be trained directly: use `method:qlora` (adapters on a quantized base) or `quant:none`.' });
  }
  // A quantized base with method:lora is QLoRA in all but name.
  if (mode === 'train' && method === 'lora' && quant !== 'none') method = 'qlora';
  // The PEFT methods' own keys (src/estimator/peft.ts): each only where its method is.
  const peftProblem = checkPeft(mode, method, typed);
  if (peftProblem) return fail(peftProblem);

  // With model parallelism and no `gpus`, one model copy: tp x pp x cp GPUs.
  const [tpN, ppN, cpN, epN] = (['tp', 'pp', 'cp', 'ep'] as const).map((k) => (typed[k] as number | undefined) ?? 1) as [number, number, number, number];
  // Expert parallelism takes its ranks from data parallelism (training) or spans the GPUs (serving).
  const modelGpus = mode === 'train' ? tpN * ppN * cpN * epN : Math.max(tpN * ppN, epN);
  const gpus = (typed.gpus as number | undefined) ?? Math.max(FIXED_DEFAULTS.gpus as number, modelGpus);
  if (typed.gpus === undefined && modelGpus > 1) assumed.push({ key: 'gpus', value: String(gpus), why: 'one model copy: tp x pp x cp (x ep) GPUs' });
  // Data parallelism is a training notion: serving on several GPUs splits the model (tp/pp) instead.
  let sharding = typed.sharding as Sharding | undefined;
  if (sharding === undefined) {
    sharding = gpus > 1 && mode === 'train' ? 'ddp' : 'none';
    if (sharding === 'ddp') assumed.push({ key: 'sharding', value: 'ddp', why: 'several GPUs without sharding: plain data parallel' });
  }
  if (sharding === 'none' && gpus > 1 && mode === 'train') {
    sharding = 'ddp';
    assumed.push({ key: 'sharding', value: 'ddp', why: 'sharding:none on several GPUs is plain data parallel' });
  }
  const offload = (typed.offload as Offload | undefined) ?? (FIXED_DEFAULTS.offload as Offload);
  if (!offloadAllowed(offload, sharding)) {
    return offload === 'optimizer'
      ? fail({ code: 'conflict', key: 'offload', value: offload, detail: 'optimizer offload needs ZeRO or FSDP: add `sharding:zero2` (or zero3/fsdp).' })
      : fail({ code: 'conflict', key: 'offload', value: offload, detail: 'parameter offload needs full sharding: add `sharding:zero3` or `sharding:fsdp`.' });
  }
  const par = { tp: (typed.tp as number | undefined) ?? 1, pp: (typed.pp as number | undefined) ?? 1, cp: (typed.cp as number | undefined) ?? 1, ep: (typed.ep as number | undefined) ?? 1 };
  // Serving on several GPUs without a layout: each engine's own way of using them.
  const engine = (typed.engine as string | undefined) ?? (FIXED_DEFAULTS.engine as string);
  // Training engines in training, serving engines in serving (src/config/engines.ts).
  const engineError = engineProblem(mode, engine);
  if (engineError) return fail(engineError);
  // With `ep` given the attention stays whole on every GPU (vLLM's data-parallel attention with
  // --enable-expert-parallel): no split is assumed.
  if (mode === 'infer' && gpus > 1 && typed.tp === undefined && typed.pp === undefined && typed.ep === undefined) {
    if (engine === 'vllm' || engine === 'sglang') {
      par.tp = gpus;
      assumed.push({ key: 'tp', value: String(gpus), why: `${engine} splits the model over the GPUs it is given with tensor parallelism (tensor_parallel_size)` });
    } else {
      par.pp = gpus;
      assumed.push({ key: 'pp', value: String(gpus), why: engine === 'hf' ? 'transformers device_map="auto" spreads the layers over the GPUs; one GPU works at a time' : 'llama.cpp splits the layers over the GPUs (--split-mode layer)' });
    }
  }
  // The run's data is tokens or samples x seq, not both (src/estimator/time.ts `datasetTokens`).
  if (typed.datasetTokens !== undefined && typed.samples !== undefined) {
    return fail({ code: 'conflict', key: 'samples', value: String(typed.samples), detail: '`tokens` was also given: the dataset is either `tokens:<n>` or `samples:<n>` (each `seq` tokens); give one.' });
  }
  if (typed.output !== undefined && mode === 'infer') {
    const ctx = (typed.context as number | undefined) ?? (FIXED_DEFAULTS.context as number);
    const eng = (typed.engine as string | undefined) ?? 'hf';
    if (eng !== 'hf') return fail({ code: 'conflict', key: 'output', value: String(typed.output), detail: `\`output\` splits HF generate's one prefill from its decoding; \`engine:${eng}\` reserves its cache and prefill by \`context\` and \`batched_tokens\` whatever the split, so leave \`output\` out.` });
    if ((typed.output as number) >= ctx) return fail({ code: 'conflict', key: 'output', value: String(typed.output), detail: `\`output\` is part of \`context\` (prompt + output = ${ctx} tokens): it must be below it, or raise \`context\` to prompt + output.` });
  }
  if (typed.margin !== undefined && parseMargin(String(typed.margin)) === null) {
    return fail({ code: 'not_number', key: 'margin', value: String(typed.margin), detail: 'A margin is GiB (`margin:2`, `margin:2gib`, up to 1024) or a share of the estimate (`margin:10%`, up to 100%); `margin:0` sizes against the central figure.' });
  }
  const parallelProblem = checkParallel(mode, gpus, sharding, par, typed);
  if (parallelProblem) return fail(parallelProblem);
  const visionProblem = checkVision(mode, method, typed);
  if (visionProblem) return fail(visionProblem);
  // Preference and RL objectives (TRL): their own rules, and TRL's defaults for precision and checkpointing.
  const objective = mode === 'train' ? ((typed.objective as string | undefined) ?? (FIXED_DEFAULTS.objective as string)) : 'sft';
  const objectiveProblem = mode === 'train' ? checkObjective(objective, method, quant, gpus, par, typed) : null;
  if (objectiveProblem) return fail(objectiveProblem);
  const trl = objective !== 'sft';
  const precision = (typed.precision as string | undefined) ?? (trl ? 'mixed' : (FIXED_DEFAULTS.precision as string));
  const attention = (typed.attention as string | undefined) ?? (FIXED_DEFAULTS.attention as string);
  if (attention === 'flash' && precision === 'fp32') {
    return fail({ code: 'conflict', key: 'attention', value: 'flash', detail: 'FlashAttention runs in fp16/bf16 only: use `precision:bf16` or `mixed`, or `attention:sdpa`.' });
  }

  const formatError = formatProblem({ mode, method, quant, engine: (typed.engine as string | undefined) ?? (FIXED_DEFAULTS.engine as string) });
  if (formatError) return fail(formatError);

  // PEFT's prepare_model_for_kbit_training upcasts the non-quantized weights to fp32, but skips GPTQ models.
  // Any PEFT method on a quantized base goes through it (QLoRA, QDoRA, IA3 or prompts on a 4-bit base).
  const upcastDefault = mode === 'train' && method !== 'full' && quant !== 'none' && !quant.startsWith('gptq');
  const upcast = (typed.upcast as boolean | undefined) ?? upcastDefault;
  const kvDefault = precision === 'fp16' ? 'fp16' : precision === 'fp32' ? 'fp32' : 'bf16';

  const merged: Record<string, unknown> = {
    ...FIXED_DEFAULTS,
    targets: [...(FIXED_DEFAULTS.targets as string[])],
    ...typed,
    method, quant, sharding, offload, precision, attention, upcast, mode, gpus, tp: par.tp, pp: par.pp,
    kv: (typed.kv as string | undefined) ?? kvDefault,
    gpu: (typed.gpu as string | undefined) ?? null,
    ...(trl ? objectiveFields(objective, typed) : {}),
  };
  // Keys whose default depends on more than the config (the engine, the card, the model) stay null here.
  for (const d of FIELD_KEYS) {
    const f = d.field as string;
    if (merged[f] === undefined && 'nullable' in d.spec && d.spec.nullable === true) merged[f] = null;
  }
  delete merged.lora;
  delete merged.qlora;

  for (const d of FIELD_KEYS) {
    const field = d.field as string;
    if (d.default !== undefined && d.reportDefault && !given(field) && applies(d, mode, method)) {
      assumed.push({ key: d.key, value: valueText(d.default), why: 'default' });
    }
  }
  if (mode === 'train') peftDefaults(method, typed, merged, assumed);
  if (!given('upcast') && upcastDefault && mode === 'train') assumed.push({ key: 'upcast', value: 'true', why: 'prepare_model_for_kbit_training upcasts non-quantized weights to fp32' });
  if (!given('kv') && mode === 'infer') assumed.push({ key: 'kv', value: merged.kv as string, why: 'KV cache in the model dtype' });
  if (trl) objectiveAssumptions(objective, typed, merged, assumed);
  // A training engine's bundle (src/config/engines.ts): its switches where the user set none, each listed with the engine as the reason.
  if (mode === 'train') {
    for (const d of engineDefaults(engine, { method, gpus, accum: (typed.accum as number | undefined) ?? 1 })) {
      const field = ENGINE_SWITCHES[d.key];
      if (given(field)) continue;
      const def = lookupKey(d.key);
      if (!def || !applies(def, mode, method)) continue;
      const v = coerceValue(def, d.value);
      if (!v.ok) continue;
      if (trl && d.key === 'loss') {
        return fail({ code: 'conflict', key: 'engine', value: engine, detail: `\`engine:${engine}\` sets \`loss:${d.value}\`, which is not modelled for \`objective:${objective}\` (TRL's own losses): add \`loss:standard\`.` });
      }
      merged[field] = v.value;
      const i = assumed.findIndex((a) => a.key === d.key);
      const entry = { key: d.key, value: d.value, why: `engine:${engine}: ${d.source}` };
      if (i >= 0) assumed.splice(i, 1, entry);
      else assumed.push(entry);
    }
  }
  // The Transformers release the loss and generate paths follow (src/estimator/logits.ts): the current one unless named.
  const onTransformers = mode === 'train' ? merged.loss === 'standard' && engine !== 'torchtune' && engine !== 'litgpt' : engine === 'hf';
  if (!given('transformers') && onTransformers) {
    assumed.push({ key: 'transformers', value: 'latest', why: mode === 'train' ? 'the current Transformers release (4.49 or later): ForCausalLMLoss keeps no shifted copy of the fp32 logits' : 'the current Transformers release (4.45 or later): generate computes the last position\'s logits only' });
  }
  const switchError = switchProblem({
    mode, accum: Number(merged.accum ?? 1), sharding, offload, gc: String(merged.gc), engine,
    optInBwd: merged.optInBwd === true, actOffload: merged.actOffload === true,
  });
  if (switchError) return fail(switchError);

  const parsed = EstimateConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    return fail({ code: 'conflict', key: keyOfField(key), value: valueText(merged[key] ?? ''), detail: issue?.message ?? 'invalid' });
  }
  return ok({ config: parsed.data, assumed });
}

/**
 * The parallel layout's own rules (those that need the model, such as heads divisible by `tp`,
 * are checked when the model is known, in `src/report.ts`):
 * - `gpus` must be a multiple of tp x pp x cp: the rest is the data-parallel degree;
 * - context parallelism is a training technique (no serving engine modelled here uses it);
 * - pipeline parallelism with ZeRO-2/3 or FSDP is not a combination DeepSpeed or PyTorch run
 *   (DeepSpeed's pipeline engine supports ZeRO-1 only; Megatron's distributed optimizer is ZeRO-1);
 * - `ep` must divide the data-parallel degree (experts are split across data-parallel ranks).
 */
function checkParallel(mode: Mode, gpus: number, sharding: Sharding, par: { tp: number; pp: number; cp: number; ep: number }, typed: Readonly<Record<string, unknown>>): InputError | null {
  if (mode === 'infer' && par.cp > 1) return { code: 'conflict', key: 'cp', value: String(par.cp), detail: 'context parallelism is modelled for training only; for serving, use `tp` or `pp`.' };
  const model = par.tp * par.pp * par.cp;
  const given = ['tp', 'pp', 'cp'].filter((k) => typed[k] !== undefined);
  if (model > 1 && gpus < model && typed.gpus !== undefined) {
    return { code: 'conflict', key: 'gpus', value: String(gpus), detail: `tp x pp x cp = ${model} GPUs per model copy, more than \`gpus:${gpus}\`: use \`gpus:${model}\` or more (a multiple of ${model}).` };
  }
  if (model > 1 && gpus % model !== 0) {
    return { code: 'conflict', key: 'gpus', value: String(gpus), detail: `\`gpus\` must be a multiple of tp x pp x cp = ${model} (${given.map((k) => `${k}:${String(typed[k])}`).join(' ')}); the rest is the data-parallel degree.` };
  }
  if (mode === 'train' && par.pp > 1 && (SHARDING_CAPS[sharding].grads)) {
    return { code: 'conflict', key: 'pp', value: String(par.pp), detail: `pipeline parallelism runs with ZeRO-1 at most (DeepSpeed's pipeline engine, Megatron's distributed optimizer), not with \`sharding:${sharding}\`: use \`sharding:zero1\` or \`ddp\`.` };
  }
  const dp = Math.max(1, Math.floor(gpus / Math.max(1, model)));
  if (par.ep > 1 && mode === 'train' && dp % par.ep !== 0) {
    return { code: 'conflict', key: 'ep', value: String(par.ep), detail: `\`ep\` must divide the data-parallel degree gpus / (tp x pp x cp) = ${dp}: experts are split across data-parallel ranks.` };
  }
  return null;
}

/**
 * The vision keys' rules that need no model (src/estimator/vision.ts `withVisionInputs` checks the
 * rest against the model: `resolution`'s format, `images` on a text model, `max_pixels` outside
 * Qwen2.5-VL): `vision:lora` adapts the tower with the method's LoRA (rank, dtype), `vision:full`
 * trains it with the model's weights.
 */
function checkVision(mode: Mode, method: Method, typed: Readonly<Record<string, unknown>>): InputError | null {
  if (mode !== 'train' || typed.vision === undefined) return null;
  if (typed.vision === 'lora' && !['lora', 'qlora', 'dora'].includes(method)) {
    return { code: 'conflict', key: 'vision', value: 'lora', detail: `\`vision:lora\` adapts the tower with the method's LoRA: use \`method:lora\`, \`qlora\` or \`dora\`, or \`vision:full\` with \`method:full\`; this is \`method:${method}\`.` };
  }
  if (typed.vision === 'full' && method !== 'full') {
    return { code: 'conflict', key: 'vision', value: 'full', detail: `\`vision:full\` trains the tower's own weights, as \`method:full\` does the language model's: with \`method:${method}\` use \`vision:lora\` or \`frozen\`.` };
  }
  return null;
}

/** Objectives that keep a reference model (or precompute its log-probs: `ref:precomputed`). */
const PRECOMPUTABLE_OBJECTIVES = ['dpo', 'ipo', 'kto'];

/**
 * The rules of the preference and RL objectives (`objective`, src/estimator/objectives.ts), as TRL
 * enforces them or as far as the estimate models them:
 * - TRL's trainers run on accelerate (DDP, DeepSpeed ZeRO, FSDP): Megatron-style tp/pp/cp/ep are not
 *   modelled for them (GRPOConfig.__post_init__ refuses context parallelism outright);
 * - `loss:chunked` (TRL `use_liger_kernel`: Liger's fused preference/GRPO losses) is not modelled;
 * - `ref:precomputed` only where a reference exists to precompute (DPO, IPO, KTO: `precompute_ref_log_probs`);
 * - `beta` (grpo), `generations` (grpo: at least 2, dividing the generation batch batch x gpus x accum,
 *   GRPOConfig.__post_init__), `completion` (grpo, ppo), `rollout` (grpo; PPOTrainer generates with
 *   model.generate only), `sleep` (rollout:vllm), `util` in training (rollout:vllm) only where they act;
 * - rollout:vllm takes `util` of the card: the card must be named (`gpu`); vLLM refuses 8-bit
 *   in-flight quantization (trl/generation/vllm_generation.py);
 * - KTO needs batch > 1 (KTOTrainer: the KL term needs other completions of the batch);
 * - rm has no lm_head to adapt; PPO trains its value model in full, which a 4-bit base cannot.
 */
function checkObjective(objective: string, method: Method, quant: string, gpus: number, par: { tp: number; pp: number; cp: number; ep: number }, typed: Readonly<Record<string, unknown>>): InputError | null {
  const has = (k: string): boolean => typed[k] !== undefined;
  const only = (key: string, where: string, why: string): InputError => ({ code: 'conflict', key, value: valueText(typed[key]), detail: `\`${key}\` applies to ${where} only${why ? `: ${why}` : ''}; this is \`objective:${objective}\`.` });
  if (objective === 'sft') {
    // Canonical text (presets, records) writes every key at its default (the key table's): only a
    // value other than the default is refused; `beta:0` is GRPO's own default (no reference) and changes nothing.
    const dflt = (k: string): unknown => (k === 'beta' ? TRL_GRPO_BETA : FIXED_DEFAULTS[k]);
    for (const k of ['ref', 'beta', 'generations', 'completion', 'rollout', 'sleep']) if (has(k) && typed[k] !== dflt(k)) return only(k, 'the preference and RL objectives (`objective:dpo`, `grpo`, ...)', '');
    return null;
  }
  for (const k of ['tp', 'pp', 'cp', 'ep'] as const) {
    if (par[k] > 1) return { code: 'conflict', key: k, value: String(par[k]), detail: `TRL's trainers run on accelerate (DDP, DeepSpeed ZeRO, FSDP); \`${k}\` parallelism is not modelled for \`objective:${objective}\`: split the model with \`gpus\` and \`sharding:zero3\` or \`fsdp\`.` };
  }
  if (typed.loss === 'chunked' || typed.loss === 'fused') return { code: 'conflict', key: 'loss', value: String(typed.loss), detail: `TRL's Liger losses for \`objective:${objective}\` (\`use_liger_kernel\`) are not modelled: use \`loss:standard\` (TRL's selective log-softmax).` };
  if (typed.ref === 'precomputed' && !PRECOMPUTABLE_OBJECTIVES.includes(objective)) {
    const why = objective === 'grpo' ? 'GRPO scores every new rollout with its reference, so there is nothing to precompute (with `beta:0`, its default, it loads none)' : objective === 'ppo' ? 'PPO scores every rollout with its reference' : `\`objective:${objective}\` has no reference model`;
    return { code: 'conflict', key: 'ref', value: 'precomputed', detail: `only \`objective:dpo\`, \`ipo\` and \`kto\` precompute reference log-probs (precompute_ref_log_probs); ${why}.` };
  }
  if (has('beta') && objective !== 'grpo') return only('beta', '`objective:grpo` (its KL coefficient decides whether a reference model is loaded)', `the ${objective} beta is a loss weight that changes no memory`);
  if (has('generations') && objective !== 'grpo') return only('generations', '`objective:grpo`', objective === 'ppo' ? 'PPO samples one response per query' : '');
  if (has('completion') && objective !== 'grpo' && objective !== 'ppo') return only('completion', '`objective:grpo` and `ppo`', `${objective} trains on given completions (their length is part of \`seq\`)`);
  const rollout = (typed.rollout as string | undefined) ?? 'hf';
  if (has('rollout') && objective !== 'grpo' && !(objective === 'ppo' && rollout === 'hf')) return only('rollout', '`objective:grpo`', objective === 'ppo' ? 'PPOTrainer generates with model.generate (`rollout:hf`)' : '');
  if (typed.sleep === true && rollout !== 'vllm') return { code: 'conflict', key: 'sleep', value: 'true', detail: 'sleep mode is the colocated vLLM\'s (`rollout:vllm`): there is nothing to put to sleep here.' };
  if (has('util') && rollout !== 'vllm') return { code: 'conflict', key: 'util', value: valueText(typed.util), detail: 'in training `util` is the colocated vLLM\'s share of the card (vllm_gpu_memory_utilization): add `rollout:vllm`.' };
  if (rollout === 'vllm') {
    if (!has('gpu')) return { code: 'conflict', key: 'rollout', value: 'vllm', detail: 'the colocated vLLM takes `util` (0.3 by default, TRL) of the card: name the card with `gpu:<id>` (`/vram gpus` lists them).' };
    if (method === 'qlora' && quant === 'int8') return { code: 'conflict', key: 'quant', value: 'int8', detail: 'vLLM does not support in-flight 8-bit quantization (TRL raises): use `quant:nf4` or `rollout:hf`.' };
  }
  if (objective === 'grpo') {
    const g = (typed.generations as number | undefined) ?? TRL_GRPO_NUM_GENERATIONS;
    if (g < 2) return { code: 'conflict', key: 'generations', value: String(g), detail: 'GRPO needs at least 2 generations per prompt to compute its advantages (GRPOConfig).' };
    const batch = (typed.batch as number | undefined) ?? TRL_PER_DEVICE_TRAIN_BATCH_SIZE;
    const accum = (typed.accum as number | undefined) ?? 1;
    const global = batch * gpus * accum;
    if (global % g !== 0) return { code: 'conflict', key: 'generations', value: String(g), detail: `TRL's generation batch (batch ${batch} x gpus ${gpus} x accum ${accum} = ${global} completions) must hold whole groups of \`generations\` (GRPOConfig.__post_init__): use a \`generations\` that divides ${global}, or a \`batch\` that is a multiple of ${g}.` };
  }
  if (objective === 'kto' && ((typed.batch as number | undefined) ?? TRL_PER_DEVICE_TRAIN_BATCH_SIZE) <= 1) return { code: 'conflict', key: 'batch', value: valueText(typed.batch ?? 1), detail: 'KTO needs a batch of 2 or more: its KL term pairs each prompt with another completion of the batch (KTOTrainer).' };
  if (objective === 'rm' && Array.isArray(typed.targets) && (typed.targets as string[]).includes('head')) return { code: 'conflict', key: 'targets', value: valueText(typed.targets), detail: 'a reward model has no lm_head (its score head replaces it and trains in full): leave `head` out of `targets`.' };
  if (objective === 'ppo' && method === 'qlora') return { code: 'conflict', key: 'method', value: 'qlora', detail: 'PPO trains its value model in full, which a 4-bit base cannot: use `method:lora` or `full`.' };
  return null;
}

/** The fields TRL's defaults fill for an objective (src/estimator/objectives.ts TRL_*): checkpointing, the rollout's lengths, beta, the colocated vLLM's share. */
function objectiveFields(objective: string, typed: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typed.gc === undefined) out.gc = 'true';
  // GRPO needs whole groups of num_generations and KTO a batch of 2 or more: there TRL's own batch default.
  if ((objective === 'grpo' || objective === 'kto') && typed.batch === undefined) out.batch = TRL_PER_DEVICE_TRAIN_BATCH_SIZE;
  // The offline objectives truncate every sequence at max_length (DPOConfig/KTOConfig/RewardConfig/ORPOConfig/CPOConfig: 1024).
  if (objective !== 'grpo' && objective !== 'ppo' && typed.seq === undefined) out.seq = TRL_MAX_LENGTH;
  if (objective === 'grpo') {
    out.generations = (typed.generations as number | undefined) ?? TRL_GRPO_NUM_GENERATIONS;
    out.completion = (typed.completion as number | undefined) ?? TRL_GRPO_MAX_COMPLETION_LENGTH;
    out.beta = (typed.beta as number | undefined) ?? TRL_GRPO_BETA;
    if (typed.rollout === 'vllm') out.util = (typed.util as number | undefined) ?? TRL_VLLM_GPU_MEMORY_UTILIZATION;
  }
  if (objective === 'ppo') out.completion = (typed.completion as number | undefined) ?? TRL_PPO_RESPONSE_LENGTH;
  return out;
}

/** What TRL assumed for an objective, with TRL's own reasons. */
function objectiveAssumptions(objective: string, typed: Readonly<Record<string, unknown>>, merged: Readonly<Record<string, unknown>>, assumed: AssumedKey[]): void {
  const replace = (key: string, value: string, why: string): void => {
    const i = assumed.findIndex((a) => a.key === key);
    if (i >= 0) assumed.splice(i, 1, { key, value, why });
    else assumed.push({ key, value, why });
  };
  if (typed.precision === undefined) replace('precision', 'mixed', 'TRL loads the model in float32 unless its dtype is set (ModelConfig.dtype, create_model_from_path) and trains under bf16 autocast (bf16=True)');
  if (typed.gc === undefined) replace('gc', 'true', 'TRL\'s configs default gradient_checkpointing=True');
  if (objective !== 'grpo' && objective !== 'ppo' && typed.seq === undefined) replace('seq', String(TRL_MAX_LENGTH), `${objective}: TRL's max_length (prompt + completion truncated there)`);
  if ((objective === 'grpo' || objective === 'ppo') && typed.seq === undefined) replace('seq', String(merged.seq), 'the prompt length (TRL left-pads the batch to its longest prompt): set seq to yours');
  if ((objective === 'grpo' || objective === 'kto') && typed.batch === undefined) replace('batch', String(TRL_PER_DEVICE_TRAIN_BATCH_SIZE), `TrainingArguments.per_device_train_batch_size (${objective === 'grpo' ? 'completions per GPU per step: whole groups of num_generations' : 'KTO needs 2 or more for its KL batch'})`);
  if (objective === 'grpo') {
    if (typed.generations === undefined) assumed.push({ key: 'generations', value: String(merged.generations), why: 'GRPOConfig.num_generations' });
    if (typed.completion === undefined) assumed.push({ key: 'completion', value: String(merged.completion), why: 'GRPOConfig.max_completion_length' });
    if (typed.beta === undefined) assumed.push({ key: 'beta', value: String(merged.beta), why: 'GRPOConfig.beta: no reference model' });
    if (typed.rollout === undefined) assumed.push({ key: 'rollout', value: 'hf', why: 'GRPOConfig.use_vllm=False: model.generate' });
    if (typed.rollout === 'vllm' && typed.util === undefined) assumed.push({ key: 'util', value: String(merged.util), why: 'GRPOConfig.vllm_gpu_memory_utilization (colocate)' });
  }
  if (objective === 'ppo' && typed.completion === undefined) assumed.push({ key: 'completion', value: String(merged.completion), why: 'PPOConfig.response_length' });
}

/**
 * The PEFT keys' rules (src/estimator/peft.ts): `virtual_tokens` for prompt/prefix tuning,
 * `bottleneck` for bottleneck adapters, `variant` for the LoRA family, `freeze` for full
 * fine-tuning; `optimizer:galore` projects full weights' gradients (transformers applies it to the
 * target linears' weights, not to adapters), so it needs `method:full`. `freeze` counts the model's
 * last layers, which a pipeline split would cut across stages: not modelled with `pp`.
 */
function checkPeft(mode: Mode, method: Method, typed: Readonly<Record<string, unknown>>): InputError | null {
  if (mode !== 'train') return null;
  const only = (key: string, field: string, methods: readonly Method[], why: string): InputError | null => {
    // A preset's canonical text carries every key at its default (`virtual_tokens:20`, `variant:none`): only a changed value conflicts.
    if (typed[field] === undefined || methods.includes(method) || typed[field] === FIXED_DEFAULTS[field]) return null;
    return { code: 'conflict', key, value: valueText(typed[field]), detail: `\`${key}\` applies to ${methods.map((m) => `\`method:${m}\``).join(', ')} only (${why}); this is \`method:${method}\`.` };
  };
  const problem = only('virtual_tokens', 'virtualTokens', ['prompt', 'prefix'], 'the virtual tokens of prompt and prefix tuning')
    ?? only('bottleneck', 'bottleneck', ['adapter'], 'the width of the bottleneck adapters')
    ?? only('variant', 'variant', ['lora', 'qlora', 'dora'], 'a LoRA variant')
    ?? only('freeze', 'freeze', ['full'], 'full fine-tuning of the last n layers');
  if (problem) return problem;
  if (typed.optimizer === 'galore' && method !== 'full') {
    return { code: 'conflict', key: 'optimizer', value: 'galore', detail: `GaLore projects the gradients of full weight matrices (transformers \`optim="galore_adamw"\` on the target linears): use \`method:full\` (or \`freeze:<n>\`), or another optimizer with \`method:${method}\`.` };
  }
  const sharding = (typed.sharding as string | undefined) ?? 'none';
  if (typed.optimizer === 'galore' && !galoreRunnable(method, sharding)) {
    return { code: 'conflict', key: 'sharding', value: sharding, detail: 'GaLore needs its parameters as matrices; DeepSpeed ZeRO and FSDP flatten them (GaLore issue #2): use `sharding:ddp` (or one GPU), or another optimizer.' };
  }
  if (typed.freeze !== undefined && ((typed.pp as number | undefined) ?? 1) > 1) {
    return { code: 'conflict', key: 'freeze', value: valueText(typed.freeze), detail: 'training the last n layers with a pipeline split (`pp`) is not modelled: drop `pp` or `freeze`.' };
  }
  return null;
}

/** peft constants.py TRANSFORMERS_MODELS_TO_IA3_TARGET_MODULES_MAPPING["llama"] (and "mistral"). */
const IA3_DEFAULT_TARGETS: readonly Target[] = ['k', 'v', 'down'];

/**
 * The PEFT defaults that depend on the method: IA3's targets (PEFT's default for Llama/Mistral,
 * constants.py `TRANSFORMERS_MODELS_TO_IA3_TARGET_MODULES_MAPPING`), GaLore's rank (transformers
 * `galore_adamw`: 128).
 */
function peftDefaults(method: Method, typed: Readonly<Record<string, unknown>>, merged: Record<string, unknown>, assumed: AssumedKey[]): void {
  const replace = (key: string, value: string, why: string): void => {
    const i = assumed.findIndex((a) => a.key === key);
    if (i >= 0) assumed.splice(i, 1, { key, value, why });
    else assumed.push({ key, value, why });
  };
  if (method === 'ia3' && typed.targets === undefined) {
    merged.targets = [...IA3_DEFAULT_TARGETS];
    replace('targets', IA3_DEFAULT_TARGETS.join(','), 'PEFT\'s IA3 default for Llama and Mistral (k_proj, v_proj, down_proj); for Qwen2, Gemma and Llama 4 PEFT picks q_proj, v_proj, down_proj: give `targets:q,v,down`');
  }
  if (merged.optimizer === 'galore' && typed.rank === undefined) {
    merged.rank = GALORE_DEFAULT_RANK;
    replace('rank', String(GALORE_DEFAULT_RANK), 'transformers galore_adamw: optim_args rank 128 (update_proj_gap 200, scale 0.25), GaLore on every decoder linear');
  }
}

/** Quotes the value of a `key:value` pair when it holds whitespace. */
function quoteValue(key: string, v: string): string {
  if (!/\s/.test(v)) return `${key}:${v}`;
  return `${key}:${v.includes('"') ? `'${v}'` : `"${v}"`}`;
}

/**
 * The canonical pairs of a config: every field of the table in table order, canonical values
 * (`gpu` only when set). Buttons carry these; {@link canonicalArgs} is their text.
 */
export function canonicalRecord(c: EstimateConfig): Record<string, ArgValue> {
  const out: Record<string, ArgValue> = {};
  const rec = c as unknown as Record<string, unknown>;
  for (const d of FIELD_KEYS) {
    const v = rec[d.field as string];
    if (v === null || v === undefined) continue;
    out[d.key] = Array.isArray(v) ? [...(v as string[])] : (v as string | number | boolean);
  }
  return out;
}

/**
 * The canonical text form of a config: every key, fixed order, canonical values. Presets store
 * this; parsing it back gives the same config.
 */
export function canonicalArgs(c: EstimateConfig): string {
  return Object.entries(canonicalRecord(c)).map(([k, v]) => quoteValue(k, valueText(v))).join(' ');
}
