import type { CommandContext } from '../commands/types';
import type { Reply } from '../src/reply/types';

/** What every chat adapter needs from the core: a handler and a logger. */
export interface AdapterDeps {
  /** Runs the text after `/vram` for a caller (registry dispatch; never throws). */
  readonly handle: (text: string, ctx: CommandContext) => Promise<Reply>;
  readonly log: (msg: string, err?: unknown) => void;
}

/** A started adapter. */
export interface RunningAdapter {
  readonly name: string;
  stop(): Promise<void>;
}
