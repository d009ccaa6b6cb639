/**
 * Discord's typed options -> the text of the one grammar. Option names are grammar keys
 * (`commands.ts`), so each option becomes the `key:value` pair a Slack or console user would
 * type; `more` is appended as typed. The text then runs through the same registry path
 * (`parseLine` -> `buildConfig`) as every other platform: one schema, no second parser.
 */
import { findSubcommand, SUBCOMMANDS } from '../../commands/registry';
import { errorReply, type Reply } from '../../src/reply/types';
import { ESTIMATE_COMMAND, MORE_OPTION, RAW_OPTION, subcommandName } from './commands';

/** One option of an interaction as Discord sends it (`data.options[]`). */
export interface OptionValue {
  readonly name: string;
  readonly value?: string | number | boolean;
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
 * - `/vram model:help` (a subcommand word typed into the first option, as Discord's client does
 *   with `/vram help`) -> `help`, the same as on the other platforms.
 * - `/vram-models query:qwen` -> `models query:qwen`; `/vram-fit model:<m> gpu:<g>` -> `fit model:<m> gpu:<g>`
 * - `/vram-compare args:"A vs B"` -> `compare A vs B` (a raw-text command's own syntax, verbatim)
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
    const sub = first !== '' && findSubcommand(first);
    const rest = pairs(sub ? options.filter((o) => o.name !== 'model') : options);
    if (!rest.ok) return rest;
    const text = [...(sub ? [model] : []), ...rest.parts, more].filter(Boolean).join(' ');
    return { ok: true, text, privateHint };
  }
  const cmd = SUBCOMMANDS.find((c) => subcommandName(c) === commandName);
  if (!cmd) {
    const known = [ESTIMATE_COMMAND, ...SUBCOMMANDS.map(subcommandName)].map((n) => `\`/${n}\``).join(', ');
    return { ok: false, reply: errorReply('Unknown command', [`\`/${commandName}\` is not one of my commands (${known}). The registered commands may be stale: an admin can run \`npm run discord:deploy\`.`]) };
  }
  const rest = pairs(options);
  if (!rest.ok) return rest;
  const raw = optionText(options, RAW_OPTION)?.trim() ?? '';
  return { ok: true, text: [cmd.name, ...rest.parts, more, raw].filter(Boolean).join(' '), privateHint };
}
