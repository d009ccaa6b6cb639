/**
 * The one grammar. Slack text, console lines and CLI arguments are parsed here, once, by the
 * adapter that received them: `[command [action]] [words] key:value ...` (also `key=value`),
 * case-insensitive keys in any order, values optionally quoted. Discord's typed options and the
 * invocations buttons carry go through the same second stage ({@link invocationFromValues}), so
 * every platform gets the same keys, conversions and errors.
 *
 * Stage 1, {@link parseLine}: text -> leading words and `key -> text` pairs.
 * Stage 2, {@link assemble}: the command's declaration (`declarations.ts`) says which words and
 * keys it takes; each value is converted by its key's spec; the reply flags are split off.
 */
import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';
import {
  KEYS, coerceValue, fail, lookupKey, ok, suggestKeys, valueText,
  type ArgValue, type InputError, type ParamDef, type RawArgs, type Result,
} from '../src/config';
import { COMMAND_SPECS, SUBCOMMAND_SPECS, findAction, findSpec, paramsOf, specOf } from './declarations';
import { COMMAND_PARAMS, FLAG_PARAMS, PRESET } from './params';
import type { CommandContext, CommandName, CommandSpec, Flags, Invocation, Params } from './types';

/** Longest input accepted, in characters (Slack's command text is similar). */
export const MAX_INPUT_CHARS = 2000;

export interface ParsedLine {
  /** Leading bare words (subcommand and its positional words, e.g. `models llama`). */
  readonly words: readonly string[];
  /** Canonical key -> value as typed. */
  readonly args: RawArgs;
}

/** Removes the quotes that delimit a value (`key:"a b"` -> `key:a b`), keeping quotes inside it. */
function unquote(tok: string): string {
  return tok.replace(/(^|:|=)(["'])(.*)\2$/s, '$1$3').replace(/^(["'])(.*)\1$/s, '$2');
}

/** Splits on whitespace, keeping `"quoted values"` and `'quoted values'` together. */
function tokenize(text: string): string[] {
  const out: string[] = [];
  const re = /(?:[^\s"']+|"[^"]*"|'[^']*')+/g;
  for (const m of text.matchAll(re)) out.push(unquote(m[0]));
  return out;
}

/** Canonical name of a typed key: an estimate key's or a command key's, else the key lowercased. */
function canonicalKey(typed: string): string {
  const low = typed.toLowerCase();
  const est = lookupKey(low);
  if (est) return est.key;
  const p = COMMAND_PARAMS.find((d) => d.key === low || d.aliases.includes(low));
  return p ? p.key : low;
}

/**
 * Stage 1: bare words before the first pair are `words` (subcommand and positional words); a bare
 * word after a pair is a syntax error, as is a key given twice (aliases included).
 *
 * @example parseLine('model:llama-3.1-8b batch:2 lora:true')
 * // ok: { words: [], args: { model: 'llama-3.1-8b', batch: '2', lora: 'true' } }
 * @example parseLine('models llama') // ok: { words: ['models', 'llama'], args: {} }
 */
export function parseLine(text: string): Result<ParsedLine> {
  if (text.length > MAX_INPUT_CHARS) {
    return fail({ code: 'too_long', value: String(text.length), range: { min: 0, max: MAX_INPUT_CHARS } });
  }
  const words: string[] = [];
  const args: Record<string, string> = Object.create(null) as Record<string, string>;
  const errors: InputError[] = [];
  let seenPair = false;
  for (const tok of tokenize(text.trim())) {
    const m = /^([A-Za-z][\w.-]*)\s*[:=](.*)$/s.exec(tok);
    if (!m || m[1] === undefined) {
      if (seenPair) errors.push({ code: 'syntax', value: tok, detail: 'Every argument after the first needs a key, like `batch:4`.' });
      else words.push(tok);
      continue;
    }
    seenPair = true;
    const key = canonicalKey(m[1]);
    if (Object.hasOwn(args, key)) {
      errors.push({ code: 'duplicate_key', key, detail: `It was \`${args[key]}\` and then \`${m[2] ?? ''}\`.` });
      continue;
    }
    args[key] = m[2] ?? '';
  }
  if (errors.length > 0) return { ok: false, errors };
  return ok({ words, args: { ...args } });
}

/** Splits `A vs B vs C` (compare) into the parts' texts. */
export function splitVs(text: string): string[] {
  return text.split(/\s+vs\.?\s+/i).map((p) => p.trim()).filter(Boolean);
}

const NO_FLAGS: Flags = { private: false, how: false };

/** The keys a command (or action) takes, by canonical name. */
function keysOf(params: Params, extra: readonly ParamDef[]): Map<string, ParamDef> {
  const m = new Map<string, ParamDef>();
  if (params.estimate) {
    for (const d of KEYS) m.set(d.key, d);
    m.set(PRESET.key, PRESET);
  }
  for (const d of params.keys) m.set(d.key, d);
  for (const d of params.positional) m.set(d.key, d);
  for (const f of params.flags) m.set(f, FLAG_PARAMS[f]);
  for (const d of extra) m.set(d.key, d);
  return m;
}

/** Every spelling (names and aliases) of the keys in `keys`. */
function spellings(keys: ReadonlyMap<string, ParamDef>): string[] {
  return [...keys.values()].flatMap((d) => [d.key, ...d.aliases]);
}

const knownAnywhere = (key: string): boolean => lookupKey(key) !== undefined || COMMAND_PARAMS.some((d) => d.key === key);

export interface AssembleInput {
  readonly spec: CommandSpec;
  readonly action?: string;
  /** Positional words after the command (and action). */
  readonly words: readonly string[];
  /** Canonical key -> value: text as typed, or a value a platform typed. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly context: CommandContext;
  /** Keys an adapter adds for its own use (the CLI's `config:`). */
  readonly extraKeys?: readonly ParamDef[];
}

/**
 * Stage 2: the values of one command (or one side of `compare`), checked against its declaration
 * and converted by each key's spec. Errors name the key, the value and what is allowed.
 */
function convert(input: AssembleInput, params: Params): Result<{ args: Record<string, ArgValue>; flags: Flags }> {
  const { spec, action } = input;
  const keys = keysOf(params, input.extraKeys ?? []);
  const errors: InputError[] = [];
  const raw: Record<string, unknown> = {};
  // Positional words fill the declared positional parameters in order; the last may take the rest.
  const words = [...input.words];
  for (const p of params.positional) {
    if (words.length === 0) break;
    raw[p.key] = p.rest ? words.splice(0).join(' ') : words.shift();
  }
  for (const w of words) errors.push({ code: 'syntax', value: w, detail: `\`${[spec.name, action].filter(Boolean).join(' ')}\` takes no more words here; give arguments as \`key:value\` pairs.` });
  for (const [typedKey, v] of Object.entries(input.values)) {
    const key = canonicalKey(typedKey);
    if (Object.hasOwn(raw, key)) {
      errors.push({ code: 'duplicate_key', key, detail: `It was given as \`${valueText(raw[key])}\` and as \`${key}:${valueText(v)}\`.` });
      continue;
    }
    if (!keys.has(key)) {
      if (spec.actions && knownAnywhere(key)) errors.push({ code: 'unexpected_key', key, command: spec.name, ...(action ? { action } : {}), allowed: [key] });
      else {
        const names = spellings(keys);
        errors.push({
          code: 'unknown_key', key: typedKey, value: valueText(v), allowed: [...keys.keys()],
          suggestions: suggestKeys(typedKey, names, (n) => [...keys.values()].find((d) => d.key === n || d.aliases.includes(n))?.key ?? n),
        });
      }
      continue;
    }
    raw[key] = v;
  }
  const args: Record<string, ArgValue> = {};
  const flags = { ...NO_FLAGS };
  for (const [key, v] of Object.entries(raw)) {
    const def = keys.get(key);
    if (!def) continue;
    const r = coerceValue(def, v);
    if (!r.ok) { errors.push(...r.errors); continue; }
    if (key === 'private' || key === 'how') flags[key] = r.value === true;
    else args[key] = r.value;
  }
  if (errors.length > 0) return { ok: false, errors };
  return ok({ args, flags });
}

/** Stage 2 for a whole command: its action (if it has actions), its words and its values. */
export function assemble(input: AssembleInput): Result<Invocation> {
  const { spec, context } = input;
  const params = paramsOf(spec, input.action);
  const r = convert(input, params);
  if (!r.ok) return r;
  return ok({
    command: spec.name, ...(input.action !== undefined ? { action: input.action } : {}),
    args: r.value.args, flags: r.value.flags, context,
  });
}

function unknownCommand(word: string, detail?: string): InputError {
  const names = SUBCOMMAND_SPECS.map((c) => c.name);
  const best = closest(word.toLowerCase(), names);
  return { code: 'unknown_command', value: word, allowed: names, ...(distance(word.toLowerCase(), best) <= 2 ? { suggestions: [best] } : {}), ...(detail ? { detail } : {}) };
}

/** The action a word names, or the error that lists the actions. */
export function actionOf(spec: CommandSpec, word: string): Result<string> {
  const a = findAction(spec, word);
  if (a) return ok(a.name);
  const names = spec.actions?.list.map((x) => x.name) ?? [];
  const best = closest(word.toLowerCase(), names);
  return fail({ code: 'unknown_action', value: word.toLowerCase(), noun: spec.actions?.noun ?? 'action', allowed: names, command: spec.name, ...(distance(word.toLowerCase(), best) <= 2 ? { suggestions: [best] } : {}) });
}

/** `compare`: the sides, each with the estimate's keys; a reply flag on any side applies to the reply. */
function assembleSides(spec: CommandSpec, text: string, context: CommandContext, extraKeys: readonly ParamDef[]): Result<Invocation> {
  const parts = splitVs(text);
  const sides = spec.sides ?? { min: 2, max: 3 };
  if (parts.length < sides.min || parts.length > sides.max) {
    return fail({ code: 'syntax', value: text.slice(0, 60), detail: `Give ${sides.min === 2 && sides.max === 3 ? 'two or three' : `${sides.min}-${sides.max}`} setups separated by \`vs\`, e.g. \`${spec.example}\`.` });
  }
  const out: Record<string, ArgValue>[] = [];
  const flags = { ...NO_FLAGS };
  for (const [i, part] of parts.entries()) {
    const side = String.fromCharCode(65 + i);
    const p = parseLine(part);
    const r = p.ok ? convert({ spec, words: p.value.words, values: p.value.args, context, extraKeys }, spec.params) : p;
    if (!r.ok) return fail(...r.errors.map((e) => ({ ...e, side })));
    out.push(r.value.args);
    flags.private ||= r.value.flags.private;
    flags.how ||= r.value.flags.how;
  }
  return ok({ command: spec.name, args: {}, sides: out, flags, context });
}

/**
 * Parses the text after `/vram` into an invocation, or returns the input errors.
 * A bare `/vram` is help; text that starts with a pair is an estimate.
 *
 * @example parseInvocation('fit gpu:rtx4090 model:llama-3.1-8b', ctx)
 * // ok: { command: 'fit', args: { gpu: 'rtx4090', model: 'llama-3.1-8b' }, flags: {...}, context: ctx }
 */
export function parseInvocation(
  text: string, context: CommandContext,
  opts: { extraKeys?: readonly ParamDef[]; values?: Readonly<Record<string, unknown>>; command?: CommandName } = {},
): Result<Invocation> {
  if (text.length > MAX_INPUT_CHARS) return fail({ code: 'too_long', value: String(text.length), range: { min: 0, max: MAX_INPUT_CHARS } });
  const extraKeys = opts.extraKeys ?? [];
  const m = /^\s*([^\s:=]+)(?:\s+|$)([\s\S]*)$/.exec(text);
  const forced = opts.command !== undefined && opts.command !== 'estimate' ? specOf(opts.command) : undefined;
  const spec = forced ?? (opts.command === 'estimate' ? undefined : m?.[1] ? findSpec(m[1]) : undefined);
  const rest = forced ? text : spec ? (m?.[2] ?? '') : text;
  if (spec?.sides) return assembleSides(spec, rest, context, extraKeys);
  const p = parseLine(rest);
  if (!p.ok) return p;
  const { words } = p.value;
  const args: Record<string, unknown> = { ...p.value.args };
  for (const [k, v] of Object.entries(opts.values ?? {})) {
    if (Object.hasOwn(args, k)) return fail({ code: 'duplicate_key', key: k, detail: `It was given twice: \`${valueText(args[k])}\` and \`${valueText(v)}\`.` });
    args[k] = v;
  }
  if (!spec) {
    if (words.length === 0 && Object.keys(args).length === 0) return ok({ command: 'help', args: {}, flags: NO_FLAGS, context });
    if (words.length > 0) return fail(unknownCommand(words[0] ?? ''));
    return assemble({ spec: specOf('estimate'), words: [], values: args, context, extraKeys });
  }
  if (spec.actions) {
    const [first, ...others] = words;
    if (first === undefined) return ok({ command: spec.name, args: {}, flags: NO_FLAGS, context });
    const a = actionOf(spec, first);
    if (!a.ok) return a;
    return assemble({ spec, action: a.value, words: others, values: args, context, extraKeys });
  }
  return assemble({ spec, words, values: args, context, extraKeys });
}

/**
 * An invocation from values a platform already typed (Discord's options): the same second stage
 * as text. `moreText` is free `key:value` text given alongside (Discord's `more` option).
 */
export function invocationFromValues(
  command: CommandName, action: string | undefined, values: Readonly<Record<string, unknown>>, context: CommandContext, moreText = '',
): Result<Invocation> {
  const spec = specOf(command);
  const more = moreText.trim() === '' ? ok<ParsedLine>({ words: [], args: {} }) : parseLine(moreText);
  if (!more.ok) return more;
  if (more.value.words.length > 0) return fail({ code: 'syntax', value: more.value.words.join(' '), detail: 'Arguments are `key:value` pairs.' });
  const merged: Record<string, unknown> = { ...values };
  for (const [k, v] of Object.entries(more.value.args)) {
    if (Object.hasOwn(merged, k)) return fail({ code: 'duplicate_key', key: k, detail: `It was given as an option and as \`${k}:${v}\`.` });
    merged[k] = v;
  }
  if (spec.sides) {
    return fail({ code: 'syntax', value: command, detail: 'compare takes its setups as text: `A vs B`.' });
  }
  if (spec.actions && action !== undefined) {
    const a = actionOf(spec, action);
    if (!a.ok) return a;
    return assemble({ spec, action: a.value, words: [], values: merged, context });
  }
  return assemble({ spec, words: [], values: merged, context });
}

const StoredSchema = z.object({
  command: z.enum(COMMAND_SPECS.map((c) => c.name) as [CommandName, ...CommandName[]]),
  action: z.string().max(40).optional(),
  args: z.record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean(), z.array(z.string().max(64)).max(64)])),
  flags: z.object({ private: z.boolean(), how: z.boolean() }),
});

/**
 * An invocation a button carries, checked again as if typed: a stored invocation is data from the
 * platform (Slack sends back the value we posted), so every key and value is validated by the
 * same specs before it runs.
 */
export function restoreInvocation(data: unknown, context: CommandContext): Result<Invocation> {
  const parsed = StoredSchema.safeParse(data);
  if (!parsed.success) return fail({ code: 'syntax', value: 'button', detail: 'This button carries no command I can run.' });
  const { command, action, args, flags } = parsed.data;
  const values: Record<string, unknown> = { ...args };
  const spec = specOf(command);
  const params = paramsOf(spec, action);
  for (const f of params.flags) if (flags[f]) values[f] = true;
  if (spec.sides) return fail({ code: 'syntax', value: 'button', detail: 'This button carries no command I can run.' });
  if (spec.actions && action !== undefined) {
    const a = actionOf(spec, action);
    if (!a.ok) return a;
    return assemble({ spec, action: a.value, words: [], values, context });
  }
  return assemble({ spec, words: [], values, context });
}
