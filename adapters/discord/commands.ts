/**
 * Discord application commands, generated from the command declarations
 * (`commands/declarations.ts`) and the key tables, so a new key or command needs no
 * Discord-specific code.
 *
 * Layout (Discord forbids top-level options next to subcommands, so no `/vram estimate`):
 * - `/vram`: the estimate. `model` (optional, so a channel's pinned preset can supply it;
 *   autocomplete) first, then the keys the table marks for Discord (`discord:` position) as typed
 *   options (integers with their min/max, booleans, enums as choices), the reply flags, and
 *   `more` for any other `key:value` pairs as text, `preset:<name>` included.
 * - `/vram-<name>` for every other command, its options read off its declaration: positional
 *   words and its own keys become options, a command taking the estimate's keys gets the
 *   estimate's options (`/vram-fit`), a command of several sides one `args` text option
 *   (`/vram-compare args:"A vs B"`), a command with actions one Discord subcommand per action
 *   (`/vram-preset save name:x args:...`).
 *
 * Every option name is a key of the declaration, so the adapter maps options back onto the
 * invocation without a table of its own (`options.ts`).
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { ESTIMATE_SPEC, FLAG_DEFS, SUBCOMMAND_SPECS } from '../../commands/declarations';
import { defaultOf, helpOf } from '../../commands/help';
import type { ActionSpec, CommandSpec, Params } from '../../commands/types';
import { KEYS, type KeyDef, type ParamDef } from '../../src/config';
import { MAX_NAME_LENGTH } from '../../src/store/presets';
import { clip } from './limits';
import { DISCORD_SYNTAX, TYPED_KEYS } from './syntax';

/** The estimate's top-level command. */
export const ESTIMATE_COMMAND = 'vram';
/** The option that carries any other `key:value` pairs as free text. */
export const MORE_OPTION = 'more';
/** The option that carries a command's setups (`compare`) or a preset's estimate pairs as text. */
export const RAW_OPTION = 'args';

export { TYPED_KEYS };

/** The reply flags `/vram` offers as booleans. */
export const REPLY_KEYS = ESTIMATE_SPEC.params.flags;

/** Discord's limits on command definitions. */
export const COMMAND_LIMITS = { name: 32, description: 100, options: 25, choices: 25, choiceName: 100 } as const;

/** `/vram-<name>` for a command other than the estimate. */
export function subcommandName(cmd: Pick<CommandSpec, 'name'>): string {
  return cmd.name === 'estimate' ? ESTIMATE_COMMAND : `${ESTIMATE_COMMAND}-${cmd.name}`;
}

/** Shortens text to `max` characters with an ellipsis (Discord rejects longer descriptions). */
export function clipText(text: string, max: number): string {
  return text.length <= max ? text : `${clip(text, max).slice(0, -1).trimEnd()}…`;
}

function describeKey(def: ParamDef): string {
  const d = defaultOf(def);
  const dflt = d !== '-' && d !== 'required' ? ` (default ${d})` : '';
  const help = helpOf(def, DISCORD_SYNTAX) || def.key;
  const full = `${help}${dflt}`;
  return clipText(full.length <= COMMAND_LIMITS.description ? full : help, COMMAND_LIMITS.description);
}

/** The typed option for one key, from its spec. */
export function keyOption(def: ParamDef, required = false): APIApplicationCommandBasicOption {
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
    case 'text': {
      const max = def.autocomplete === 'preset' ? MAX_NAME_LENGTH : s.maxLength;
      return { ...base, type: ApplicationCommandOptionType.String, min_length: 1, max_length: max, ...(def.autocomplete ? { autocomplete: true } : {}) };
    }
    case 'targets':
      return { ...base, type: ApplicationCommandOptionType.String, min_length: 1, max_length: 100 };
  }
}

function keyDef(key: string): KeyDef {
  const def = (KEYS as readonly KeyDef[]).find((k) => k.key === key);
  if (!def) throw new Error(`Discord commands: no key \`${key}\` in KEYS`);
  return def;
}

/** `/vram`'s description of `model`: optional, because a preset can supply it. */
const MODEL_HELP = 'catalog id, alias, Hub id or size like 7b (optional when a preset or this channel’s pin gives it)';

/**
 * The estimate's options: `model` first (optional: a pinned preset or `preset:` in `more` can
 * supply it), the typed keys, the reply flags, `more`. Typed keys beyond Discord's 25 options are
 * left out (they still work through `more`).
 */
export function estimateOptions(flags: Params['flags'] = REPLY_KEYS, own = 0): APIApplicationCommandBasicOption[] {
  const room = COMMAND_LIMITS.options - 2 - flags.length - own;
  return [
    { ...keyOption(keyDef('model')), description: clipText(MODEL_HELP, COMMAND_LIMITS.description) },
    ...TYPED_KEYS.slice(0, Math.max(0, room)).map((k) => keyOption(keyDef(k))),
    ...flags.map((k) => keyOption(FLAG_DEFS[k])),
    {
      type: ApplicationCommandOptionType.String,
      name: MORE_OPTION,
      description: 'other key:value pairs, e.g. preset:our-8b (a saved preset) dropout:0.05 (see /vram-help)',
      required: false,
      max_length: 1000,
    },
  ];
}

/** A text option for a command's own syntax (`compare A vs B`, a preset's estimate pairs). */
function rawOption(description: string, required: boolean): APIApplicationCommandBasicOption {
  return { type: ApplicationCommandOptionType.String, name: RAW_OPTION, description: clipText(description, COMMAND_LIMITS.description), required, min_length: 1, max_length: 1500 };
}

/**
 * The options of a command's (or action's) parameters that are not the estimate's: positional
 * words and its own keys, each once, required ones first (Discord's rule).
 */
function ownOptions(params: Params): APIApplicationCommandBasicOption[] {
  const seen = new Set<string>();
  const out: APIApplicationCommandBasicOption[] = [];
  for (const p of params.positional) {
    if (seen.has(p.key)) continue;
    seen.add(p.key);
    out.push(keyOption(p, p.required === true));
  }
  for (const k of params.keys) {
    if (seen.has(k.key)) continue;
    seen.add(k.key);
    out.push(keyOption(k));
  }
  return out;
}

/** The options of one preset action: its words and keys, with the estimate's pairs in `args`. */
function actionOptions(a: ActionSpec): APIApplicationCommandBasicOption[] {
  const own = ownOptions(a);
  const required = own.filter((o) => o.required);
  const optional = own.filter((o) => !o.required);
  const raw = a.estimate ? [rawOption(`the settings as key:value pairs, e.g. ${a.example.split(' ').filter((w) => !w.startsWith('name:')).join(' ')}`, true)] : [];
  return [...required, ...raw, ...optional];
}

/**
 * The options of a command other than the estimate, read off its declaration.
 * - several sides (`compare`): one required `args` text option;
 * - the estimate's keys (`fit`, `record`): its own keys, then the estimate's options;
 * - positional words and keys (`models [query]`): one option each;
 * - nothing (`gpus`): none.
 */
export function subcommandOptions(spec: CommandSpec): APIApplicationCommandBasicOption[] {
  if (spec.sides) return [rawOption(`e.g. ${spec.example}`, true)];
  if (spec.params.estimate) {
    // A command's own keys (`record`'s measured and stat) first, then the estimate's.
    const own = ownOptions(spec.params);
    return [...own, ...estimateOptions(spec.params.flags, own.length)];
  }
  return ownOptions(spec.params);
}

/** One Discord subcommand per action. */
function actionSubcommands(spec: CommandSpec): APIApplicationCommandSubcommandOption[] {
  return (spec.actions?.list ?? []).map((a) => ({
    type: ApplicationCommandOptionType.Subcommand,
    name: a.name,
    description: clipText(a.summary.charAt(0).toUpperCase() + a.summary.slice(1), COMMAND_LIMITS.description),
    ...(actionOptions(a).length > 0 ? { options: actionOptions(a) } : {}),
  }));
}

/** The `/vram` estimate command. */
export function estimateDefinition(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return { type: ApplicationCommandType.ChatInput, name: ESTIMATE_COMMAND, description: clipText(ESTIMATE_SPEC.summary, COMMAND_LIMITS.description), options: estimateOptions() };
}

/** `/vram-<name>` for one command. */
export function subcommandDefinition(spec: CommandSpec): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const description = clipText(spec.actions ? `${spec.summary}; then /vram more:preset:<name> batch:8` : spec.summary, COMMAND_LIMITS.description);
  const options = spec.actions ? actionSubcommands(spec) : subcommandOptions(spec);
  return { type: ApplicationCommandType.ChatInput, name: subcommandName(spec), description, options };
}

/** The body that registration PUTs: `/vram` plus one command per other declared command. */
export function buildCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [estimateDefinition(), ...SUBCOMMAND_SPECS.map(subcommandDefinition)];
}

/** The declared command a Discord command name stands for. */
export function specForCommandName(name: string): CommandSpec | undefined {
  if (name === ESTIMATE_COMMAND) return ESTIMATE_SPEC;
  return SUBCOMMAND_SPECS.find((s) => subcommandName(s) === name);
}
