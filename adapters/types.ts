import type { Core } from '../commands/handler';

/** What every chat adapter needs from the core: the command core and a logger. */
export interface AdapterDeps {
  /** Parses, runs and rejects invocations (never throws). */
  readonly core: Core;
  readonly log: (msg: string, err?: unknown) => void;
}

/** A started adapter. */
export interface RunningAdapter {
  readonly name: string;
  stop(): Promise<void>;
}
