import type { Core } from '../commands/handler';
import type { Metrics } from './ops/metrics';

/** Fields of one log line: a request or error id, the platform, anything structured. */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * The process log: a message, an error (its stack is logged, redacted), and fields such as
 * `{ reqId }` so that every line of one request can be found together.
 */
export type LogFn = (msg: string, err?: unknown, fields?: LogFields) => void;

/** What every chat adapter needs from the core: the command core, a logger and metrics. */
export interface AdapterDeps {
  /** Parses, runs and rejects invocations (never throws). */
  readonly core: Core;
  readonly log: LogFn;
  /** Counters and histograms for `/metrics` (absent: nothing recorded). */
  readonly metrics?: Metrics;
}

/** A started adapter. */
export interface RunningAdapter {
  readonly name: string;
  stop(): Promise<void>;
  /** Whether it is connected and answering (for `/readyz`). */
  ready?(): boolean;
  /** Resolves when the adapter has failed for good and must be restarted (the supervisor watches it). */
  readonly failed?: Promise<Error>;
}
