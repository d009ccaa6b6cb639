/**
 * The boundary between adapters and commands. An adapter turns what the platform sent into an
 * {@link Invocation}: Slack text, console lines and CLI arguments through the one grammar
 * (`grammar.ts`), Discord's typed options straight into `args`. Commands never see text to parse
 * or platform objects.
 */
import type { HubConfigSource } from '../src/hub/source';
import type { Args, ParamDef } from '../src/config';
import type { Reply } from '../src/reply/types';
import type { Syntax } from '../src/reply/syntax';
import type { PresetsAccess } from '../src/store/presets';

export type CommandName = 'estimate' | 'help' | 'models' | 'gpus' | 'fit' | 'compare' | 'preset' | 'record' | 'accuracy';

/** Who asked, where: every adapter fills this in; commands never see platform objects. */
export interface CommandContext {
  readonly platform: 'slack' | 'discord' | 'console' | 'cli';
  /** Team scope: Slack workspace id, Discord guild id, or 'local'. */
  readonly teamId: string;
  readonly channelId: string;
  readonly userId: string;
  /** The platform says this user administers the team (Discord Manage Server, Slack admin). */
  readonly isAdmin?: boolean;
  /** How replies write commands for this platform (default: `/vram models`). */
  readonly syntax?: Syntax;
}

/** The reply-only flags (never estimator keys). */
export interface Flags {
  /** Show the answer only to the caller. */
  readonly private: boolean;
  /** Show the math. */
  readonly how: boolean;
}

/**
 * One command to run, parsed and validated key by key: values already have their types
 * (`batch` a number, `lora` a boolean, `targets` a list). Cross-key rules (`lora` with
 * `method:full`) are the estimator config's and come later.
 */
export interface Invocation {
  readonly command: CommandName;
  /** The action of a command with actions (`preset save`). */
  readonly action?: string;
  /** Keys and positional parameters, by canonical name (`models llama` -> `{ query: 'llama' }`). */
  readonly args: Args;
  /** `compare`: each side's keys. */
  readonly sides?: readonly Args[];
  readonly flags: Flags;
  readonly context: CommandContext;
}

/** A parameter given by position (`models llama`, `preset show our-8b`). */
export interface PositionalDef extends ParamDef {
  /** Takes every remaining word (`models llama 3`). */
  readonly rest?: boolean;
  /** The command cannot run without it (it says so itself; Discord marks the option required). */
  readonly required?: boolean;
}

/** What a command (or one of its actions) takes, as data. */
export interface Params {
  readonly positional: readonly PositionalDef[];
  /** Keys of its own (a preset's `name`, `scope`). */
  readonly keys: readonly ParamDef[];
  /** Takes the estimate's keys (with `preset:`). */
  readonly estimate: boolean;
  /** Reply flags it takes. */
  readonly flags: readonly (keyof Flags)[];
  /** Keys it requires (the fit solver's `gpu`), checked by the command with a message of its own. */
  readonly requires?: readonly string[];
  /** Keys whose presence changes or removes what others use (`accuracy forget:<id>`): may need the platform's admin check. */
  readonly mutatingKeys?: readonly string[];
}

/** One action of a command with actions (`preset save`). */
export interface ActionSpec extends Params {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly summary: string;
  /** Changes or removes what others use: may need the platform's admin check. */
  readonly mutates: boolean;
  /** Example arguments after the action, for help and Discord descriptions. */
  readonly example: string;
}

/** A command, declared as data: Discord registration, help and the grammar are generated from this. */
export interface CommandSpec {
  readonly name: CommandName;
  readonly aliases: readonly string[];
  /** One line for help and Discord's command description (<= 100 chars). */
  readonly summary: string;
  /** Example arguments (grammar text after the command), for help. */
  readonly example: string;
  readonly params: Params;
  /** `compare`: several setups separated by `vs`. */
  readonly sides?: { readonly min: number; readonly max: number; readonly separator: 'vs' };
  /** `preset`: actions chosen by the first word. */
  readonly actions?: { readonly noun: string; readonly list: readonly ActionSpec[] };
}

/** Process-wide dependencies, given to `createHandler` explicitly (commands never read the environment). */
export interface CommandServices {
  /** The preset store, or why presets are unavailable. Absent: presets are not offered here. */
  readonly presets?: PresetsAccess;
  /** User ids that may manage any preset (ADMIN_USER_IDS), besides `ctx.isAdmin`. */
  readonly admins?: readonly string[];
  /** The process log; `fields` carry ids (`errorId`) so the details can be found from what the user was told. */
  readonly log?: (msg: string, err?: unknown, fields?: Readonly<Record<string, string | number | boolean | undefined>>) => void;
  /** Clock for timestamps (tests pin it). */
  readonly now?: () => number;
  /** Reads config.json of models outside the catalog (`model:org/name`) from the Hugging Face Hub. */
  readonly hub?: HubConfigSource;
}

/** A command: its declaration and what runs it. */
export interface Command extends CommandSpec {
  run(inv: Invocation, services: CommandServices): Promise<Reply> | Reply;
}
