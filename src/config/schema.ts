import { z } from 'zod';
import { closest, distance } from 'fastest-levenshtein';
import {
  ADAPTER_DTYPES, ATTENTIONS, ENGINES, GC_MODES, KEYS, KEY_INDEX, KV_DTYPES, LOSSES, METHODS, MODES, OFFLOADS, OPTIMIZERS,
  PRECISIONS, QUANTS, SHARDINGS, TARGET_NAMES, TARGET_PRESETS,
  type KeyDef, type Target,
} from './keys';
import { fail, ok, type InputError, type Result } from './errors';

/** The validated, fully defaulted estimator input. */
export const EstimateConfigSchema = z.object({
  model: z.string().min(1).max(200),
  mode: z.enum(MODES),
  method: z.enum(METHODS),
  rank: z.number().int().min(1).max(4096),
  dropout: z.number().min(0).lt(1),
  targets: z.array(z.enum(TARGET_NAMES)).min(1),
  quant: z.enum(QUANTS),
  dq: z.boolean(),
  upcast: z.boolean(),
  precision: z.enum(PRECISIONS),
  optimizer: z.enum(OPTIMIZERS),
  batch: z.number().int().min(1).max(4096),
  seq: z.number().int().min(1).max(1_048_576),
  accum: z.number().int().min(1).max(100_000),
  gc: z.enum(GC_MODES),
  attention: z.enum(ATTENTIONS),
  compile: z.boolean(),
  loss: z.enum(LOSSES),
  gpus: z.number().int().min(1).max(4096),
  sharding: z.enum(SHARDINGS),
  offload: z.enum(OFFLOADS),
  context: z.number().int().min(1).max(10_000_000),
  kv: z.enum(KV_DTYPES),
  engine: z.enum(ENGINES),
  gpu: z.string().min(1).max(60).nullable(),
  adapterDtype: z.enum(ADAPTER_DTYPES),
});
export type EstimateConfig = z.infer<typeof EstimateConfigSchema>;

/** A config plus the keys whose values were defaulted or derived (shown as "assumed"). */
export interface BuiltConfig {
  readonly config: EstimateConfig;
  /** Canonical keys the user did not give, with the value that was assumed. */
  readonly assumed: readonly { readonly key: string; readonly value: string; readonly why: string }[];
}

/** Raw pairs as typed: canonical key -> text value. Produced by the grammar in `commands/`. */
export type RawArgs = Readonly<Record<string, string>>;

const ALL_KEY_NAMES = [...KEY_INDEX.keys()];

/** Finds the definition of a key as typed (case-insensitive; `-` and `_` are the same). */
export function lookupKey(typed: string): KeyDef | undefined {
  const k = typed.trim().toLowerCase();
  return KEY_INDEX.get(k) ?? KEY_INDEX.get(k.replace(/-/g, '_'));
}

/** Suggests keys close to an unknown one. */
export function suggestKeys(typed: string): string[] {
  const t = typed.toLowerCase();
  const scored = ALL_KEY_NAMES.map((k) => ({ k, d: distance(t, k) })).filter((x) => x.d <= Math.max(2, Math.floor(t.length / 3)));
  scored.sort((a, b) => a.d - b.d);
  const canon = new Set<string>();
  for (const s of scored) canon.add(KEY_INDEX.get(s.k)?.key ?? s.k);
  return [...canon].slice(0, 3);
}

type Typed = string | number | boolean | Target[];

/** Converts one text value according to its key's spec, or returns a coded error. */
export function convertValue(def: KeyDef, text: string): Result<Typed> {
  const v = text.trim();
  const key = def.key;
  if (v === '') return fail({ code: 'missing_value', key });
  const spec = def.spec;
  switch (spec.kind) {
    case 'text':
      return v.length > spec.maxLength ? fail({ code: 'too_long', key, value: String(v.length), range: { min: 1, max: spec.maxLength } }) : ok(v);
    case 'bool': {
      const b = v.toLowerCase();
      if (['true', 'yes', 'on', '1', 'y'].includes(b)) return ok(true);
      if (['false', 'no', 'off', '0', 'n'].includes(b)) return ok(false);
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
    case 'int': {
      const cleaned = v.replace(/[_,]/g, '');
      const m = /^(\d+(?:\.\d+)?)([kK])?$/.exec(cleaned);
      if (/^-\d/.test(cleaned)) return fail({ code: 'out_of_range', key, value: v, range: { min: spec.min, max: spec.max } });
      if (!m || m[1] === undefined) return fail({ code: 'not_integer', key, value: v, range: { min: spec.min, max: spec.max } });
      const n = Number(m[1]) * (m[2] ? 1024 : 1);
      if (!Number.isInteger(n)) return fail({ code: 'not_integer', key, value: v, range: { min: spec.min, max: spec.max } });
      if (n < spec.min || n > spec.max) return fail({ code: 'out_of_range', key, value: v, range: { min: spec.min, max: spec.max } });
      return ok(n);
    }
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

/** Defaults of the keys that have a fixed default (others are derived in {@link buildConfig}). */
const FIXED_DEFAULTS = {
  mode: 'train', rank: 16, dropout: 0, targets: [...(TARGET_PRESETS.all ?? [])], dq: false, precision: 'bf16',
  optimizer: 'adamw', batch: 1, seq: 2048, accum: 1, gc: 'false', attention: 'sdpa', compile: false, loss: 'standard', gpus: 1,
  offload: 'none', context: 4096, engine: 'hf', adapterDtype: 'fp32',
} as const;

const CONFIG_FIELD: Readonly<Record<string, string>> = { adapter_dtype: 'adapterDtype' };
/** Config field -> the key users type, for messages. */
const GRAMMAR_KEY: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(CONFIG_FIELD).map(([k, v]) => [v, k]));

/**
 * Turns raw `key -> text` pairs into a validated config: converts each value, applies the
 * shorthands (`lora:true`, `qlora:true`), fills defaults (recording them as assumptions),
 * checks cross-key rules, and validates the result with zod.
 *
 * @example buildConfig({ model: 'llama-3.1-8b', lora: 'true' })
 * // ok, method 'lora', assumed: precision bf16, optimizer adamw, ...
 */
export function buildConfig(raw: RawArgs): Result<BuiltConfig> {
  const errors: InputError[] = [];
  const typed: Record<string, Typed> = {};
  for (const [k, text] of Object.entries(raw)) {
    const def = lookupKey(k);
    if (!def) {
      errors.push({ code: 'unknown_key', key: k, value: text, allowed: KEYS.map((d) => d.key), suggestions: suggestKeys(k) });
      continue;
    }
    const r = convertValue(def, text);
    if (r.ok) typed[CONFIG_FIELD[def.key] ?? def.key] = r.value;
    else errors.push(...r.errors);
  }
  if (errors.length > 0) return { ok: false, errors };
  if (typed.model === undefined) return fail({ code: 'missing_model', key: 'model' });

  const assumed: { key: string; value: string; why: string }[] = [];
  const given = (k: string): boolean => typed[k] !== undefined;

  // Shorthands: lora:true / qlora:true set the method; a clash with method: is a conflict.
  let method = typed.method as string | undefined;
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
  const mode = (typed.mode as string | undefined) ?? FIXED_DEFAULTS.mode;
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
    return fail({ code: 'conflict', key: 'quant', value: 'none', detail: 'QLoRA trains adapters on a quantized base: use `quant:nf4`, `fp4` or `int8`, or `method:lora` for a 16-bit base.' });
  }
  if (mode === 'train' && method === 'full' && quant !== 'none') {
    return fail({ code: 'conflict', key: 'quant', value: quant, detail: 'quantized weights cannot be trained directly: use `method:qlora` (adapters on a quantized base) or `quant:none`.' });
  }
  // A quantized base with method:lora is QLoRA in all but name.
  if (mode === 'train' && method === 'lora' && quant !== 'none') method = 'qlora';

  const sharding0 = typed.sharding as string | undefined;
  const gpus = (typed.gpus as number | undefined) ?? FIXED_DEFAULTS.gpus;
  let sharding = sharding0;
  if (sharding === undefined) {
    sharding = gpus > 1 ? 'ddp' : 'none';
    if (gpus > 1) assumed.push({ key: 'sharding', value: 'ddp', why: 'several GPUs without sharding: plain data parallel' });
  }
  if (sharding === 'none' && gpus > 1) {
    sharding = 'ddp';
    assumed.push({ key: 'sharding', value: 'ddp', why: 'sharding:none on several GPUs is plain data parallel' });
  }
  const offload = (typed.offload as string | undefined) ?? FIXED_DEFAULTS.offload;
  if (offload === 'optimizer' && !['zero1', 'zero2', 'zero3', 'fsdp'].includes(sharding)) {
    return fail({ code: 'conflict', key: 'offload', value: offload, detail: 'optimizer offload needs ZeRO or FSDP: add `sharding:zero2` (or zero3/fsdp).' });
  }
  if (offload === 'params' && !['zero3', 'fsdp'].includes(sharding)) {
    return fail({ code: 'conflict', key: 'offload', value: offload, detail: 'parameter offload needs full sharding: add `sharding:zero3` or `sharding:fsdp`.' });
  }
  const precision = (typed.precision as string | undefined) ?? FIXED_DEFAULTS.precision;
  const attention = (typed.attention as string | undefined) ?? FIXED_DEFAULTS.attention;
  if (attention === 'flash' && precision === 'fp32') {
    return fail({ code: 'conflict', key: 'attention', value: 'flash', detail: 'FlashAttention runs in fp16/bf16 only: use `precision:bf16` or `mixed`, or `attention:sdpa`.' });
  }

  const upcast = (typed.upcast as boolean | undefined) ?? (method === 'qlora');
  const kvDefault = precision === 'fp16' ? 'fp16' : precision === 'fp32' ? 'fp32' : 'bf16';

  const merged = {
    ...FIXED_DEFAULTS,
    targets: [...FIXED_DEFAULTS.targets],
    ...typed,
    method, quant, sharding, offload, precision, attention, upcast, mode,
    kv: (typed.kv as string | undefined) ?? kvDefault,
    gpu: (typed.gpu as string | undefined) ?? null,
  };
  delete (merged as Record<string, unknown>).lora;
  delete (merged as Record<string, unknown>).qlora;

  const relevant = relevantKeys(mode, method);
  for (const [k, v] of Object.entries(FIXED_DEFAULTS)) {
    if (!given(k) && relevant.has(k)) assumed.push({ key: GRAMMAR_KEY[k] ?? k, value: Array.isArray(v) ? v.join(',') : String(v), why: 'default' });
  }
  if (!given('upcast') && method === 'qlora' && mode === 'train') assumed.push({ key: 'upcast', value: 'true', why: 'prepare_model_for_kbit_training upcasts non-quantized weights to fp32' });
  if (!given('kv') && mode === 'infer') assumed.push({ key: 'kv', value: merged.kv, why: 'KV cache in the model dtype' });

  const parsed = EstimateConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    return fail({ code: 'conflict', key, value: String((merged as Record<string, unknown>)[key] ?? ''), detail: issue?.message ?? 'invalid' });
  }
  return ok({ config: parsed.data, assumed });
}

/** Keys whose default matters for this mode/method (the others are not reported as assumed). */
function relevantKeys(mode: string, method: string): Set<string> {
  if (mode === 'infer') return new Set(['batch', 'context', 'precision', 'attention', 'engine']);
  const s = new Set(['precision', 'optimizer', 'batch', 'seq', 'gc', 'attention', 'loss', 'accum']);
  if (method !== 'full') ['rank', 'targets', 'dropout', 'adapterDtype'].forEach((k) => s.add(k));
  if (method === 'qlora') s.add('dq');
  return s;
}

/** Quotes the value of a `key:value` pair when it holds whitespace. */
function quoteValue(pair: string): string {
  const i = pair.indexOf(':');
  const v = pair.slice(i + 1);
  if (!/\s/.test(v)) return pair;
  return `${pair.slice(0, i)}:${v.includes('"') ? `'${v}'` : `"${v}"`}`;
}

/**
 * The canonical text form of a config: every key, fixed order, canonical values. Presets store
 * this; parsing it back gives the same config.
 */
export function canonicalArgs(c: EstimateConfig): string {
  const parts: string[] = [
    `model:${c.model}`, `mode:${c.mode}`, `method:${c.method}`, `rank:${c.rank}`, `dropout:${c.dropout}`,
    `targets:${c.targets.join(',')}`, `quant:${c.quant}`, `dq:${c.dq}`, `upcast:${c.upcast}`, `precision:${c.precision}`,
    `optimizer:${c.optimizer}`, `batch:${c.batch}`, `seq:${c.seq}`, `accum:${c.accum}`, `gc:${c.gc}`,
    `attention:${c.attention}`, `compile:${c.compile}`, `loss:${c.loss}`, `gpus:${c.gpus}`, `sharding:${c.sharding}`, `offload:${c.offload}`,
    `context:${c.context}`, `kv:${c.kv}`, `engine:${c.engine}`, `adapter_dtype:${c.adapterDtype}`,
  ];
  if (c.gpu !== null) parts.push(`gpu:${c.gpu}`);
  return parts.map(quoteValue).join(' ');
}
