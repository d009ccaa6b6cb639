import type { HubConfigSource } from '../src/hub/source';
import type { Reply } from '../src/reply/types';
import type { PresetsAccess } from '../src/store/presets';

/** Who asked, where: every adapter fills this in; commands never see platform objects. */
export interface CommandContext {
  readonly platform: 'slack' | 'discord' | 'console' | 'cli';
  /** Team scope: Slack workspace id, Discord guild id, or 'local'. */
  readonly teamId: string;
  readonly channelId: string;
  readonly userId: string;
  /** The platform says this user administers the team (Discord Manage Server, Slack admin). */
  readonly isAdmin?: boolean;
}

export interface CommandInput {
  /** Positional words after the subcommand name (`models llama` -> ['llama']). */
  readonly words: readonly string[];
  /** key -> value pairs as typed (canonical key names). */
  readonly args: Readonly<Record<string, string>>;
  /** The raw text after the subcommand, for commands with their own syntax (compare). */
  readonly text: string;
  readonly ctx: CommandContext;
  /** What the process provides beyond the text (presets, admins); absent in the CLI. */
  readonly services?: CommandServices;
}

/** Process-wide dependencies, given to `createHandler` explicitly (never read from process.env). */
export interface CommandServices {
  /** The preset store, or why presets are unavailable. Absent: presets are not offered here. */
  readonly presets?: PresetsAccess;
  /** User ids that may manage any preset (ADMIN_USER_IDS), besides `ctx.isAdmin`. */
  readonly admins?: readonly string[];
  readonly log?: (msg: string, err?: unknown) => void;
  /** Clock for timestamps (tests pin it). */
  readonly now?: () => number;
  /** Reads config.json of models outside the catalog (`model:org/name`) from the Hugging Face Hub. */
  readonly hub?: HubConfigSource;
}

export interface Command {
  /** Subcommand word (`help`, `models`); the estimate itself is `estimate`. */
  readonly name: string;
  readonly aliases?: readonly string[];
  /** One line for help and Discord's command description (<= 100 chars). */
  readonly summary: string;
  readonly usage: string;
  /** Takes the raw text after its name (its own syntax, e.g. `compare A vs B`). */
  readonly rawText?: boolean;
  run(input: CommandInput): Promise<Reply> | Reply;
}
