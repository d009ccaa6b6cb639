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
  | 'too_long';

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
}

export { ok, fail, type Result } from '../result';

function list(values: readonly string[], max = 12): string {
  const shown = values.slice(0, max).map((v) => `\`${v}\``);
  return values.length > max ? `${shown.join(', ')}, ... (${values.length - max} more)` : shown.join(', ');
}

/**
 * One friendly sentence (or two) per error: names the key, the bad value and what is allowed.
 *
 * @example describeInputError({ code: 'bad_enum', key: 'optimizer', value: 'adam9', allowed: ['adamw', 'sgd'] })
 * // "`optimizer:adam9` is not valid. Allowed values: `adamw`, `sgd`."
 */
export function describeInputError(e: InputError): string {
  const kv = e.key !== undefined ? `\`${e.key}:${e.value ?? ''}\`` : `\`${e.value ?? ''}\``;
  const mean = e.suggestions && e.suggestions.length > 0 ? ` Did you mean ${list(e.suggestions, 5)}?` : '';
  const detail = e.detail ? ` ${e.detail}` : '';
  switch (e.code) {
    case 'syntax':
      return `I could not read \`${e.value ?? ''}\`: arguments are \`key:value\` pairs, e.g. \`model:llama-3.1-8b batch:2\`.${detail}`;
    case 'unknown_key':
      return `\`${e.key ?? e.value ?? ''}\` is not a key I know.${mean} Keys: ${list(e.allowed ?? [], 40)}.`;
    case 'duplicate_key':
      return `\`${e.key ?? ''}\` is given more than once; give it once.${detail}`;
    case 'missing_value':
      return `\`${e.key ?? ''}\` has no value: write \`${e.key ?? ''}:<value>\`.${detail}`;
    case 'bad_enum':
      return `${kv} is not valid.${mean} Allowed values: ${list(e.allowed ?? [], 20)}.${detail}`;
    case 'not_integer':
      return `${kv} must be a whole number${e.range ? ` from ${e.range.min} to ${e.range.max}` : ''}.`;
    case 'not_number':
      return `${kv} must be a number${e.range ? ` from ${e.range.min} to ${e.range.maxExclusive ? `below ${e.range.max}` : e.range.max}` : ''}.`;
    case 'out_of_range':
      return `${kv} is out of range: it must be from ${e.range?.min ?? '?'} to ${e.range?.maxExclusive ? `below ${e.range.max}` : e.range?.max ?? '?'}.`;
    case 'bad_targets':
      return `${kv} is not a valid target list.${mean} Use \`all\`, \`attn\`, \`qv\`, \`mlp\`, or a comma list of ${list(e.allowed ?? [])}.${detail}`;
    case 'missing_model':
      return `Which model? Add \`model:<id>\`, e.g. \`model:llama-3.1-8b\` or \`model:7b\` (see \`/vram models\`).`;
    case 'unknown_model':
      return `I don't know the model \`${e.value ?? ''}\`.${detail}${mean} See \`/vram models\` for the catalog, or give a size like \`model:7b\`.`;
    case 'unknown_gpu':
      return `I don't know the GPU \`${e.value ?? ''}\`.${mean} See \`/vram gpus\` for the list.`;
    case 'conflict':
      return `${kv} does not go with the rest of the settings: ${e.detail ?? ''}`;
    case 'too_long':
      return e.key !== undefined
        ? `\`${e.key}\` is too long (${e.value ?? '?'} characters); the limit is ${e.range?.max ?? '?'}.`
        : `That input is too long (${e.value ?? '?'} characters); the limit is ${e.range?.max ?? '?'}.`;
  }
}
