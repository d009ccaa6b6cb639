/**
 * Discord application commands, generated from the command registry and the KEYS table, so a
 * new key or subcommand needs no Discord-specific code.
 *
 * Layout (Discord forbids top-level options next to subcommands, so no `/vram estimate`):
 * - `/vram`: the estimate. `model` (optional, so a channel's pinned preset can supply it:
 *   `/vram batch:4`; autocomplete) first, then the common grammar keys as typed options (integers
 *   with KEYS' min/max, booleans, enums as choices), `gpu` (autocomplete), and `more` for any
 *   other `key:value` pairs as text, `preset:<name>` included.
 * - `/vram-<name>` for every registry subcommand (`/vram-help`, `/vram-models`, `/vram-gpus`,
 *   ...), its options read off the registry entry (see {@link subcommandOptions}): a `[word]` in
 *   the usage becomes a string option (`/vram-models query`), a command whose usage is estimate
 *   arguments gets the estimate's options (`/vram-fit`), a command with its own syntax one `args`
 *   text option (`/vram-compare args:"A vs B"`).
 * - `/vram-preset` has real subcommands (`save`, `list`, ...; see `preset-command.ts`).
 *
 * Every option name is a grammar key, so the adapter maps options back to `key:value` pairs
 * without a table of its own (see `options.ts`).
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type APIApplicationCommandBasicOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { estimateCommand, REPLY_KEYS } from '../../commands/estimate';
import { SUBCOMMANDS } from '../../commands/registry';
import type { Command } from '../../commands/types';
import { KEYS, lookupKey, type KeyDef } from '../../src/config';
import { clip } from './limits';
import { PRESET_ARGS_OPTION, PRESET_COMMAND, PRESET_SUBCOMMANDS } from './preset-command';

/** The estimate's top-level command. */
export const ESTIMATE_COMMAND = 'vram';
/** The option that carries any other `key:value` pairs as free text. */
export const MORE_OPTION = 'more';

/** Grammar keys offered as typed options on `/vram`, in display order after `model`. */
export const TYPED_KEYS = [
  'batch', 'seq', 'lora', 'qlora', 'gpu', 'method', 'rank', 'gc', 'gpus', 'precision', 'optimizer',
  'attention', 'sharding', 'mode', 'loss', 'quant', 'kv', 'offload', 'accum', 'context', 'targets',
] as const;

/** Keys whose string option offers autocomplete (catalog search). */
export const AUTOCOMPLETE_KEYS: ReadonlySet<string> = new Set(['model', 'gpu']);

/** Discord's limits on command definitions. */
export const COMMAND_LIMITS = { name: 32, description: 100, options: 25, choices: 25, choiceName: 100 } as const;

/** `/vram-<name>` for a registry subcommand. */
export function subcommandName(cmd: Pick<Command, 'name'>): string {
  return `${ESTIMATE_COMMAND}-${cmd.name}`;
}

/**
 * `/vram-preset save name:x model:y lora:true`: on Discord the pairs go in the `args` option
 * (`name:x args:model:y lora:true`); `name:` and `scope:` are options of their own.
 */
const PRESET_SAVE_PAIRS = new RegExp(
  `(/${ESTIMATE_COMMAND}-${PRESET_COMMAND} save(?: (?:name|scope):[^\\s\`]+)*)((?: (?!name:|scope:)[a-z_]+:(?:"[^"]*"|'[^']*'|[^\\s\`]+))+)`, 'g',
);

/**
 * `/vram models` in the core's text is `/vram-models` on Discord. A `key:value` pair whose key
 * shares a subcommand's name (`/vram preset:x batch:8`, `/vram gpus:8`) is left as it is.
 */
export function discordText(s: string): string {
  const names = SUBCOMMANDS.map((c) => c.name).join('|');
  return s
    .replace(new RegExp(`/${ESTIMATE_COMMAND} (${names})(?![\\w-]|:\\S)`, 'g'), (_m, name: string) => `/${subcommandName({ name })}`)
    .replace(PRESET_SAVE_PAIRS, (_m, head: string, pairs: string) => `${head} ${PRESET_ARGS_OPTION}:${pairs.trim()}`);
}

/** Shortens text to `max` characters with an ellipsis (Discord rejects longer descriptions). */
export function clipText(text: string, max: number): string {
  return text.length <= max ? text : `${clip(text, max).slice(0, -1).trimEnd()}…`;
}

function describeKey(def: KeyDef): string {
  const dflt = def.defaultText !== undefined ? ` (default ${def.defaultText})` : '';
  const help = discordText(def.help) || def.key;
  const full = `${help}${dflt}`;
  return clipText(full.length <= COMMAND_LIMITS.description ? full : help, COMMAND_LIMITS.description);
}

/** The typed option for one grammar key, from its spec. */
export function keyOption(def: KeyDef, required = false): APIApplicationCommandBasicOption {
  const base = { name: def.key, description: describeKey(def), required };
  const s = def.spec;
  switch (s.kind) {
    case 'int':
      return { ...base, type: ApplicationCommandOptionType.Integer, min_value: s.min, max_value: s.max };
    case 'float':
      return { ...base, type: ApplicationCommandOptionType.Number, min_value: s.min, max_value: s.max };
    case 'bool':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case 'enum':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: s.values.slice(0, COMMAND_LIMITS.choices).map((v) => ({ name: clipText(v, COMMAND_LIMITS.choiceName), value: v })),
      };
    case 'text':
      return { ...base, type: ApplicationCommandOptionType.String, min_length: 1, max_length: s.maxLength, autocomplete: AUTOCOMPLETE_KEYS.has(def.key) };
    case 'targets':
      return { ...base, type: ApplicationCommandOptionType.String, min_length: 1, max_length: 100 };
  }
}

function keyDef(key: string): KeyDef {
  const def = KEYS.find((k) => k.key === key);
  if (!def) throw new Error(`Discord commands: TYPED_KEYS names \`${key}\`, which is not in KEYS`);
  return def;
}

/** The option that carries a command's own syntax as text (`compare A vs B`, `preset save ...`). */
export const RAW_OPTION = 'args';

/** Descriptions of the reply-only flags (`commands/estimate.ts` REPLY_KEYS); others get a generic one. */
const REPLY_KEY_HELP: Readonly<Record<string, string>> = {
  private: 'show the answer only to you (default false)',
  how: 'show the math: each component as its formula with your numbers (default false)',
};

/** `/vram`'s description of `model`: optional, because a preset can supply it. */
const MODEL_HELP = 'catalog id, alias, Hub id or size like 7b (optional when a preset or this channel’s pin gives it)';

/**
 * The estimate's options: `model` first (optional: a pinned preset or `preset:` in `more` can
 * supply it), the typed keys, the reply flags, `more`. Typed keys beyond Discord's 25 options are
 * left out (they still work through `more`).
 */
export function estimateOptions(): APIApplicationCommandBasicOption[] {
  const room = COMMAND_LIMITS.options - 2 - REPLY_KEYS.length;
  return [
    { ...keyOption(keyDef('model')), description: clipText(MODEL_HELP, COMMAND_LIMITS.description) },
    ...TYPED_KEYS.slice(0, Math.max(0, room)).map((k) => keyOption(keyDef(k))),
    ...REPLY_KEYS.map((k) => ({ type: ApplicationCommandOptionType.Boolean as const, name: k, description: REPLY_KEY_HELP[k] ?? `${k}: true or false (default false)`, required: false })),
    {
      type: ApplicationCommandOptionType.String,
      name: MORE_OPTION,
      description: 'other key:value pairs, e.g. preset:our-8b (a saved preset) dropout:0.05 (see /vram-help)',
      required: false,
      max_length: 1000,
    },
  ];
}

/** The `/vram` estimate command. */
export function estimateDefinition(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return { type: ApplicationCommandType.ChatInput, name: ESTIMATE_COMMAND, description: clipText(estimateCommand.summary, COMMAND_LIMITS.description), options: estimateOptions() };
}

/** Optional `[word]` / required `<word>` placeholders in a usage line (`/vram models [query]`). */
export function usageParams(usage: string): { name: string; required: boolean }[] {
  return [...usage.matchAll(/([[<])([a-z][a-z0-9_-]{0,31})[\]>]/g)].map((m) => ({ name: m[2] ?? '', required: m[1] === '<' }));
}

/** The usage after `/vram <name>` (`/vram compare A vs B` -> `A vs B`). */
function usageArgs(cmd: Command): string {
  return cmd.usage.replace(new RegExp(`^/?${ESTIMATE_COMMAND}\\s+${cmd.name}\\s*`), '');
}

/** True when the usage example is only estimate pairs (`/vram fit gpu:rtx4090 model:...`). */
function takesEstimateArgs(cmd: Command): boolean {
  const words = usageArgs(cmd).split(/\s+/).filter(Boolean);
  return words.length > 0 && words.every((w) => /^[a-z_]+:\S/.test(w) && lookupKey(w.slice(0, w.indexOf(':'))) !== undefined);
}

/**
 * The options of a subcommand, read off its registry entry:
 * - a raw-text command (`compare A vs B`) takes its text in a required `args` option;
 * - a usage made of estimate pairs (`fit gpu:rtx4090 model:...`) gets the estimate's options;
 * - a usage made of `[word]` placeholders (`models [query]`) gets one string option each;
 * - a bare usage (`gpus`) gets none;
 * - any other syntax (`preset save name:x ...`) takes the text after the name in an optional `args`.
 */
export function subcommandOptions(cmd: Command): APIApplicationCommandBasicOption[] {
  const after = usageArgs(cmd);
  const rawOption = (required: boolean): APIApplicationCommandBasicOption => ({
    type: ApplicationCommandOptionType.String, name: RAW_OPTION, description: clipText(`e.g. ${after}`, COMMAND_LIMITS.description), required, min_length: 1, max_length: 1500,
  });
  if (cmd.rawText) return [rawOption(true)];
  if (takesEstimateArgs(cmd)) return estimateOptions();
  const params = usageParams(cmd.usage).sort((a, b) => Number(b.required) - Number(a.required));
  if (after.replace(/[[<][a-z0-9_-]+[\]>]/g, '').trim() === '') {
    return params.map((p) => ({ type: ApplicationCommandOptionType.String, name: p.name, description: clipText(`${p.name} for /${subcommandName(cmd)}`, COMMAND_LIMITS.description), required: p.required, max_length: 200 }));
  }
  return [rawOption(false)];
}

/** Registry commands whose Discord form has real subcommands instead of one `args` text option. */
const NATIVE_SUBCOMMANDS: Readonly<Record<string, { description: string; options: typeof PRESET_SUBCOMMANDS }>> = {
  [PRESET_COMMAND]: { description: 'Save, list, pin and reuse setups; then /vram more:preset:<name> batch:8', options: PRESET_SUBCOMMANDS },
};

/** `/vram-<name>` for one registry subcommand. */
export function subcommandDefinition(cmd: Command): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const native = NATIVE_SUBCOMMANDS[cmd.name];
  if (native) return { type: ApplicationCommandType.ChatInput, name: subcommandName(cmd), description: clipText(native.description, COMMAND_LIMITS.description), options: [...native.options] };
  return { type: ApplicationCommandType.ChatInput, name: subcommandName(cmd), description: clipText(cmd.summary, COMMAND_LIMITS.description), options: subcommandOptions(cmd) };
}

/** The body that registration PUTs: `/vram` plus one command per registry subcommand. */
export function buildCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [estimateDefinition(), ...SUBCOMMANDS.map(subcommandDefinition)];
}
