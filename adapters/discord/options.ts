/**
 * Discord's typed options -> an invocation. Option names are the declaration's keys
 * (`commands.ts`), so each option's value goes straight into the invocation's `args` with its
 * type (an integer stays an integer; a string holding both kinds of quote is just a string): no
 * text is rebuilt and re-parsed. Free-text options (`more`, a preset's `args`, compare's setups)
 * are read by the one grammar. Everything then goes through the same checks as typed text.
 */
import { ApplicationCommandOptionType } from 'discord.js';
import { findSpec } from '../../commands/declarations';
import type { Core } from '../../commands/handler';
import type { CommandContext, Invocation } from '../../commands/types';
import { fail, lookupKey, type Result } from '../../src/config';
import { MORE_OPTION, RAW_OPTION, specForCommandName, subcommandName } from './commands';
import { SUBCOMMAND_SPECS } from '../../commands/declarations';

/** One option of an interaction as Discord sends it (`data.options[]`); a subcommand holds its own. */
export interface OptionValue {
  readonly name: string;
  readonly type?: number;
  readonly value?: string | number | boolean;
  readonly options?: readonly OptionValue[];
}

/** Options as a list, whatever the payload held (a malformed payload gives none). */
function list(options: unknown): OptionValue[] {
  return Array.isArray(options) ? options.filter((o): o is OptionValue => o !== null && typeof o === 'object' && typeof (o as OptionValue).name === 'string') : [];
}

/** The values of options, by name, except the free-text ones. */
function valuesOf(options: readonly OptionValue[], skip: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const o of options) {
    if (o.value === undefined || skip.includes(o.name)) continue;
    out[o.name] = o.value;
  }
  return out;
}

const textOf = (options: readonly OptionValue[], name: string): string => {
  const v = options.find((o) => o.name === name)?.value;
  return v === undefined ? '' : String(v).trim();
};

/**
 * True when `text` starts with a `key:value` pair of a key the estimate knows (`preset:x batch:8`):
 * what Discord's client puts into `model` when the user types pairs right after `/vram`.
 * Model ids never hold a colon, so a model is never misread as a pair.
 */
function startsWithPair(text: string): boolean {
  const key = /^([A-Za-z_]+):\S/.exec(text)?.[1];
  return key !== undefined && (['private', 'how', 'preset'].includes(key.toLowerCase()) || lookupKey(key) !== undefined);
}

export interface Mapped {
  readonly invocation: Result<Invocation>;
  /** The caller asked for a private reply (the visibility of a deferred response). */
  readonly privateHint: boolean;
}

/**
 * The invocation for one slash command.
 * - `/vram model:<m> batch:2 lora:true more:"optimizer:adam9"`: the typed options as values, `more` read by the grammar;
 * - `/vram model:help` (a command word typed into the first option, as Discord's client does with
 *   `/vram help`): that command, the same as on the other platforms; likewise pairs typed there
 *   (`/vram model:"preset:x batch:8"`);
 * - `/vram-models query:qwen`, `/vram-fit model:<m> gpu:<g>`: the command's options as values;
 * - `/vram-compare args:"A vs B"`: the setups read by the grammar;
 * - `/vram-preset save name:x args:"model:<m> lora:true" scope:me`: the action is the Discord
 *   subcommand, `args` read by the grammar.
 */
export function invocationOf(core: Core, commandName: string, rawOptions: unknown, context: CommandContext): Mapped {
  const options = list(rawOptions);
  const privateHint = options.some((o) => o.name === 'private' && o.value === true);
  const spec = specForCommandName(commandName);
  if (!spec) {
    const known = ['vram', ...SUBCOMMAND_SPECS.map(subcommandName)].map((n) => `\`/${n}\``).join(', ');
    return { privateHint, invocation: fail({ code: 'unknown_command', value: `/${commandName}`, allowed: [], detail: `My commands are ${known}; the registered commands may be stale: an admin can run \`npm run discord:deploy\`.` }) };
  }
  const more = textOf(options, MORE_OPTION);
  if (spec.name === 'estimate') {
    const model = textOf(options, 'model');
    const first = model.split(/\s+/)[0] ?? '';
    if (first !== '' && (findSpec(first) !== undefined || startsWithPair(first))) {
      const values = valuesOf(options, ['model', MORE_OPTION]);
      const text = [model, more].filter(Boolean).join(' ');
      return { privateHint, invocation: core.parse(text, context, { values }) };
    }
    return { privateHint, invocation: core.fromValues('estimate', undefined, valuesOf(options, [MORE_OPTION]), context, more) };
  }
  if (spec.sides) return { privateHint, invocation: core.parse(textOf(options, RAW_OPTION), context, { command: spec.name }) };
  if (spec.actions) {
    const sub = options.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
    if (!sub) return { privateHint, invocation: core.fromValues(spec.name, undefined, {}, context) };
    const given = list(sub.options);
    return { privateHint, invocation: core.fromValues(spec.name, sub.name, valuesOf(given, [RAW_OPTION]), context, textOf(given, RAW_OPTION)) };
  }
  return { privateHint, invocation: core.fromValues(spec.name, undefined, valuesOf(options, [MORE_OPTION]), context, more) };
}
