/**
 * The one argument grammar shared by Slack text, the console and the CLI: `key:value` pairs
 * (also `key=value`), case-insensitive keys, any order, values optionally quoted.
 * Discord's typed options are mapped onto the same pairs (`adapters/discord`), so every
 * platform ends in `buildConfig`.
 */
import { fail, ok, lookupKey, type InputError, type RawArgs, type Result } from '../src/config';

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

/**
 * Parses one line. Bare words before the first pair are `words` (subcommands); a bare word
 * after a pair is a syntax error, as is a key given twice (aliases included).
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
    const typedKey = m[1].toLowerCase();
    const def = lookupKey(typedKey);
    const key = def ? def.key : typedKey;
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
