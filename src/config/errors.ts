/**
 * Bad input is a value, never an exception: every check returns an {@link InputError} with a
 * stable code; {@link describeInputError} turns it into the friendly sentence users see.
 */

export type InputErrorCode =
  | 'syntax'
  | 'unknown_key'
  | 'duplicate_key'
  | 'missing_value'
  | 'bad_enum'
  | 'not_integer'
  | 'not_number'
  | 'out_of_range'
  | 'bad_targets'
  | 'missing_model'
  | 'unknown_model'
  | 'unknown_gpu'
  | 'conflict'
  | 'too_long'
  /** The first word is not a command (`/vram modles`). */
  | 'unknown_command'
  /** The word after a command with actions is not one of them (`/vram preset sav`). */
  | 'unknown_action'
  /** A key this command (or action) does not take (`preset list batch:4`). */
  | 'unexpected_key';

export interface InputError {
  readonly code: InputErrorCode;
  /** The key the error is about (canonical name), when there is one. */
  readonly key?: string;
  /** The value as the user typed it. */
  readonly value?: string;
  /** Allowed values, for enums and keys. */
  readonly allowed?: readonly string[];
  /** Valid range, for numbers. */
  readonly range?: { readonly min: number; readonly max: number; readonly maxExclusive?: boolean };
  /** "Did you mean" candidates, best first. */
  readonly suggestions?: readonly string[];
  /** Extra sentence (why a value conflicts, what exists instead). */
  readonly detail?: string;
  /** The command (and action) the error is about, for `unknown_action` and `unexpected_key`. */
  readonly command?: string;
  readonly action?: string;
  /** What the allowed values are called, for `unknown_action` ("preset action"). */
  readonly noun?: string;
  /** `compare`: the side (A, B, C) the error is in. */
  readonly side?: string;
}

import { cmd, TEXT_SYNTAX, type Syntax } from '../reply/syntax';

export { ok, fail, type Result } from '../result';

function list(values: readonly string[], max = 12): string {
  const shown = values.slice(0, max).map((v) => `\`${v}\``);
  return values.length > max ? `${shown.join(', ')}, ... (${values.length - max} more)` : shown.join(', ');
}

/**
 * One friendly sentence (or two) per error: names the key, the bad value and what is allowed.
 * Commands it mentions are written in the platform's syntax (`sx`, default: Slack's and the
 * console's `/vram models`).
 *
 * @example describeInputError({ code: 'bad_enum', key: 'optimizer', value: 'adam9', allowed: ['adamw', 'sgd'] })
 * // "`optimizer:adam9` is not valid. Allowed values: `adamw`, `sgd`."
 */
export function describeInputError(e: InputError, sx: Syntax = TEXT_SYNTAX): string {
  const kv = e.key !== undefined ? `\`${e.key}:${e.value ?? ''}\`` : `\`${e.value ?? ''}\``;
  const mean = e.suggestions && e.suggestions.length > 0 ? ` Did you mean ${list(e.suggestions, 5)}?` : '';
  const detail = e.detail ? ` ${e.detail}` : '';
  switch (e.code) {
    case 'syntax':
      return `I could not read \`${e.value ?? ''}\`: arguments are \`key:value\` pairs, e.g. \`model:llama-3.1-8b batch:2\`.${detail}`;
    case 'unknown_key':
      return `\`${e.key ?? e.value ?? ''}\` is not a key I know.${mean} Keys: ${list(e.allowed ?? [], 200)}.`;
    case 'duplicate_key':
      return `\`${e.key ?? ''}\` is given more than once; give it once.${detail}`;
    case 'missing_value':
      return `\`${e.key ?? ''}\` has no value: write \`${e.key ?? ''}:<value>\`.${detail}`;
    case 'bad_enum':
      return `${kv} is not valid.${mean} Allowed values: ${list(e.allowed ?? [], 20)}.${detail}`;
    case 'not_integer':
      return `${kv} must be a whole number${e.range ? ` from ${e.range.min} to ${e.range.max}` : ''}.${detail}`;
    case 'not_number':
      return `${kv} must be a number${e.range ? ` from ${e.range.min} to ${e.range.maxExclusive ? `below ${e.range.max}` : e.range.max}` : ''}.${detail}`;
    case 'out_of_range':
      return `${kv} is out of range: it must be from ${e.range?.min ?? '?'} to ${e.range?.maxExclusive ? `below ${e.range.max}` : e.range?.max ?? '?'}.`;
    case 'bad_targets':
      return `${kv} is not a valid target list.${mean} Use \`all\`, \`attn\`, \`qv\`, \`mlp\`, or a comma list of ${list(e.allowed ?? [])}.${detail}`;
    case 'missing_model':
      return `Which model? Add \`model:<id>\`, e.g. \`model:llama-3.1-8b\` or \`model:7b\` (see ${cmd(sx, 'models')}).`;
    case 'unknown_model':
      return `I don't know the model \`${e.value ?? ''}\`.${detail}${mean} See ${cmd(sx, 'models')} for the catalog, or give a size like \`model:7b\`.`;
    case 'unknown_gpu':
      return `I don't know the GPU \`${e.value ?? ''}\`.${mean} See ${cmd(sx, 'gpus')} for the list.`;
    case 'conflict':
      return `${kv} does not go with the rest of the settings: ${e.detail ?? ''}`;
    case 'unknown_command':
      return `\`${e.value ?? ''}\` is not a command.${e.suggestions?.[0] ? ` Did you mean \`${e.suggestions[0]}\`?` : ''} Commands: ${list(e.allowed ?? [], 20)}; or give \`key:value\` pairs for an estimate, e.g. \`model:llama-3.1-8b lora:true\`.${detail}`;
    case 'unknown_action':
      return `\`${e.value ?? ''}\` is not a ${e.noun ?? 'action'}.${e.suggestions?.[0] ? ` Did you mean \`${e.suggestions[0]}\`?` : ''} Actions: ${list(e.allowed ?? [], 20)}.`;
    case 'unexpected_key':
      return `\`${[e.command, e.action].filter(Boolean).join(' ')}\` does not take ${(e.allowed ?? [e.key ?? '']).map((k) => `\`${k}:\``).join(', ')}.${detail}`;
    case 'too_long':
      return e.key !== undefined
        ? `\`${e.key}\` is too long (${e.value ?? '?'} characters); the limit is ${e.range?.max ?? '?'}.`
        : `That input is too long (${e.value ?? '?'} characters); the limit is ${e.range?.max ?? '?'}.`;
  }
}
