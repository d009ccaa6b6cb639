/**
 * `/vram-preset` with real Discord subcommands (`save`, `list`, `show`, `delete`, `rename`,
 * `pin`, `unpin`) instead of one free-text `args` option. Each subcommand maps back onto the
 * text every platform uses (`preset save name:x model:...`, see `options.ts`), so the core's
 * preset command stays the only place that knows what the actions do.
 *
 * Option names are the core's keys (`name`, `to`, `scope`); `args` carries the estimate's
 * `key:value` pairs for `save`. `name` options have autocomplete of the caller's presets (the
 * team's and their own), answered from the store through the adapter's `presetNames` option.
 */
import {
  ApplicationCommandOptionType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
} from 'discord.js';
import { MAX_NAME_LENGTH } from '../../src/store/presets';

/** The registry command these subcommands belong to (`/vram-preset`). */
export const PRESET_COMMAND = 'preset';
/** Options whose autocomplete lists the caller's preset names. */
export const PRESET_NAME_OPTIONS: ReadonlySet<string> = new Set(['name']);
/** `save`'s option for the estimate's `key:value` pairs. */
export const PRESET_ARGS_OPTION = 'args';

const nameOption = (description: string): APIApplicationCommandBasicOption => ({
  type: ApplicationCommandOptionType.String, name: 'name', description, required: true, autocomplete: true, min_length: 1, max_length: MAX_NAME_LENGTH,
});

const scopeOption = (description: string): APIApplicationCommandBasicOption => ({
  type: ApplicationCommandOptionType.String, name: 'scope', description, required: false,
  choices: [{ name: 'team (everyone in this server)', value: 'team' }, { name: 'me (only you)', value: 'me' }],
});

/** The subcommands, in the order Discord's client lists them. Names are the core's actions. */
export const PRESET_SUBCOMMANDS: readonly APIApplicationCommandSubcommandOption[] = [
  {
    type: ApplicationCommandOptionType.Subcommand, name: 'save',
    description: 'Save a setup under a name, or overwrite it (team preset unless scope:me)',
    options: [
      nameOption(`the preset's name: 1-${MAX_NAME_LENGTH} of a-z 0-9 - _ (an existing one is overwritten)`),
      {
        type: ApplicationCommandOptionType.String, name: PRESET_ARGS_OPTION, required: true, min_length: 1, max_length: 1500,
        description: 'the settings as key:value pairs, e.g. model:llama-3.1-8b lora:true rank:32',
      },
      scopeOption('team (default): everyone here can use it; me: only you'),
    ],
  },
  {
    type: ApplicationCommandOptionType.Subcommand, name: 'list',
    description: "The team's presets and yours, and this channel's pinned one",
    options: [scopeOption('only team presets, or only yours')],
  },
  {
    type: ApplicationCommandOptionType.Subcommand, name: 'show',
    description: "A preset's saved settings, author and dates",
    options: [nameOption('the preset to show (yours first, then the team’s)'), scopeOption('which one, when you and the team both have this name')],
  },
  {
    type: ApplicationCommandOptionType.Subcommand, name: 'delete',
    description: 'Delete a preset (its author or a server admin)',
    options: [nameOption('the preset to delete'), scopeOption('which one, when you and the team both have this name')],
  },
  {
    type: ApplicationCommandOptionType.Subcommand, name: 'rename',
    description: 'Rename a preset; pins follow (its author or a server admin)',
    options: [
      nameOption('the preset to rename'),
      { type: ApplicationCommandOptionType.String, name: 'to', description: `the new name: 1-${MAX_NAME_LENGTH} of a-z 0-9 - _`, required: true, min_length: 1, max_length: MAX_NAME_LENGTH },
      scopeOption('which one, when you and the team both have this name'),
    ],
  },
  {
    type: ApplicationCommandOptionType.Subcommand, name: 'pin',
    description: "Make a team preset this channel's default: a bare /vram batch:4 uses it",
    options: [nameOption('the team preset to pin here')],
  },
  {
    type: ApplicationCommandOptionType.Subcommand, name: 'unpin',
    description: "Remove this channel's pinned preset",
  },
];
