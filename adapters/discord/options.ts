/**
 * Discord's typed options -> the text of the one grammar. Option names are grammar keys
 * (`commands.ts`), so each option becomes the `key:value` pair a Slack or console user would
 * type; `more` is appended as typed. The text then runs through the same registry path
 * (`parseLine` -> `buildConfig`) as every other platform: one schema, no second parser.
 */
import { ApplicationCommandOptionType } from 'discord.js';
import { REPLY_KEYS } from '../../commands/estimate';
import { findSubcommand, SUBCOMMANDS } from '../../commands/registry';
import { lookupKey } from '../../src/config';
import { errorReply, type Reply } from '../../src/reply/types';
import { ESTIMATE_COMMAND, MORE_OPTION, RAW_OPTION, subcommandName } from './commands';

/** One option of an interaction as Discord sends it (`data.options[]`); a subcommand holds its own. */
export interface OptionValue {
  readonly name: string;
  readonly type?: number;
  readonly value?: string | number | boolean;
  readonly options?: readonly OptionValue[];
}

/** Keys the estimate reads besides the grammar's: the reply flags and `preset`. */
const ESTIMATE_EXTRA_KEYS: ReadonlySet<string> = new Set([...REPLY_KEYS, 'preset']);

/**
 * True when `text` starts with a `key:value` pair of a key the estimate knows (`preset:x batch:8`):
 * what Discord's client puts into `model` when the user types pairs right after `/vram`.
 * Model ids never hold a colon, so a model is never misread as a pair.
 */
function startsWithPair(text: string): boolean {
  const key = /^([A-Za-z_]+):\S/.exec(text)?.[1];
  return key !== undefined && (ESTIMATE_EXTRA_KEYS.has(key.toLowerCase()) || lookupKey(key) !== undefined);
}

export type CommandText =
  | { readonly ok: true; readonly text: string; readonly privateHint: boolean }
  | { readonly ok: false; readonly reply: Reply };

/**
 * One `key:value` pair that `parseLine` reads back as exactly (key, value): quoted when the value
 * holds whitespace or quotes. Null when it holds both kinds of quote (the grammar has no escape).
 *
 * @example pairText('model', 'Qwen/Qwen2.5-7B') // 'model:Qwen/Qwen2.5-7B'
 * @example pairText('gpu', 'A100 80GB') // 'gpu:"A100 80GB"'
 */
export function pairText(key: string, value: string): string | null {
  if (!/[\s"']/.test(value)) return `${key}:${value}`;
  if (!value.includes('"')) return `${key}:"${value}"`;
  if (!value.includes("'")) return `${key}:'${value}'`;
  return null;
}

function pairs(options: readonly OptionValue[]): { ok: true; parts: string[] } | { ok: false; reply: Reply } {
  const parts: string[] = [];
  for (const o of options) {
    if (o.value === undefined || o.name === MORE_OPTION || o.name === RAW_OPTION) continue;
    const p = pairText(o.name, String(o.value));
    if (p === null) {
      return { ok: false, reply: errorReply("I can't read that", [`The value of \`${o.name}\` holds both ' and " quotes; use one kind.`]) };
    }
    parts.push(p);
  }
  return { ok: true, parts };
}

const optionText = (options: readonly OptionValue[], name: string): string | undefined => {
  const v = options.find((o) => o.name === name)?.value;
  return v === undefined ? undefined : String(v);
};

/**
 * The grammar text for one slash command.
 * - `/vram model:<m> batch:2 lora:true more:"optimizer:adam9"` -> `model:<m> batch:2 lora:true optimizer:adam9`
 * - `/vram batch:4 more:preset:x` -> `batch:4 preset:x` (no model: the preset, or the channel's pin, gives it)
 * - `/vram model:help` (a subcommand word typed into the first option, as Discord's client does
 *   with `/vram help`) -> `help`, the same as on the other platforms; likewise pairs typed there
 *   (`/vram model:"preset:x batch:8"`) are read as pairs.
 * - `/vram-models query:qwen` -> `models query:qwen`; `/vram-fit model:<m> gpu:<g>` -> `fit model:<m> gpu:<g>`
 * - `/vram-compare args:"A vs B"` -> `compare A vs B` (a raw-text command's own syntax, verbatim)
 * - `/vram-preset save name:x args:"model:<m> lora:true" scope:me` -> `preset save name:x scope:me model:<m> lora:true`
 *   (a Discord subcommand is the word after the command's name)
 *
 * @returns the text for `deps.handle`, and whether the caller asked for a private reply
 *   (used to pick the visibility of a deferred response); or a reply for an unknown command.
 */
export function commandText(commandName: string, options: readonly OptionValue[]): CommandText {
  const privateHint = options.some((o) => o.name === 'private' && o.value === true);
  const more = optionText(options, MORE_OPTION)?.trim() ?? '';
  if (commandName === ESTIMATE_COMMAND) {
    const model = optionText(options, 'model')?.trim() ?? '';
    const first = model.split(/\s+/)[0] ?? '';
    const verbatim = first !== '' && (findSubcommand(first) !== undefined || startsWithPair(first));
    const rest = pairs(verbatim ? options.filter((o) => o.name !== 'model') : options);
    if (!rest.ok) return rest;
    const text = [...(verbatim ? [model] : []), ...rest.parts, more].filter(Boolean).join(' ');
    return { ok: true, text, privateHint };
  }
  const cmd = SUBCOMMANDS.find((c) => subcommandName(c) === commandName);
  if (!cmd) {
    const known = [ESTIMATE_COMMAND, ...SUBCOMMANDS.map(subcommandName)].map((n) => `\`/${n}\``).join(', ');
    return { ok: false, reply: errorReply('Unknown command', [`\`/${commandName}\` is not one of my commands (${known}). The registered commands may be stale: an admin can run \`npm run discord:deploy\`.`]) };
  }
  const sub = options.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const given = sub ? sub.options ?? [] : options;
  const rest = pairs(given);
  if (!rest.ok) return rest;
  const raw = optionText(given, RAW_OPTION)?.trim() ?? '';
  return { ok: true, text: [cmd.name, ...(sub ? [sub.name] : []), ...rest.parts, more, raw].filter(Boolean).join(' '), privateHint };
}
