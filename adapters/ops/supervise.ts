/**
 * Supervision of the chat adapters in one process: each adapter is started, watched and, when it
 * fails (its `failed` promise resolves, or starting it throws), stopped and started again with
 * exponential backoff, while the other adapters go on answering. The log says which adapter
 * failed, why, and when it restarts. An error marked permanent (a token the platform rejects) is
 * not retried: retrying cannot help, and the log says what to fix.
 */
import type { LogFn, RunningAdapter } from '../types';

export interface SuperviseOptions {
  readonly name: string;
  readonly start: () => Promise<RunningAdapter>;
  readonly log: LogFn;
  /** First delay before a restart (default 1 s); doubles each time up to `maxDelayMs`. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Running this long without failing resets the backoff (default 60 s). */
  readonly stableMs?: number;
  /** Whether an error cannot be cured by retrying (default: errors with `permanent: true`). */
  readonly isPermanent?: (err: Error) => boolean;
  /** Called on each restart (metrics). */
  readonly onRestart?: (attempt: number, err: Error) => void;
  /** Clock and timer (tests). */
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface Supervisor {
  readonly name: string;
  /** Resolves after the first start attempt: true if the adapter is running. */
  readonly started: Promise<boolean>;
  /** Connected and answering. */
  ready(): boolean;
  /** Restarts so far. */
  readonly restarts: number;
  /** Stops supervising, and stops (drains) the adapter if it runs. */
  stop(): Promise<void>;
}

const defaultSleep = (ms: number, signal: AbortSignal): Promise<void> => new Promise((resolve) => {
  const t = setTimeout(resolve, ms);
  t.unref?.();
  signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
});

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/** Errors whose `permanent` flag says retrying cannot help. */
export const markedPermanent = (err: Error): boolean => (err as Error & { permanent?: unknown }).permanent === true;

export function supervise(opts: SuperviseOptions): Supervisor {
  const initial = opts.initialDelayMs ?? 1000;
  const maxDelay = opts.maxDelayMs ?? 60_000;
  const stable = opts.stableMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  const isPermanent = opts.isPermanent ?? markedPermanent;
  const abort = new AbortController();
  let current: RunningAdapter | null = null;
  let restarts = 0;
  let stopping = false;
  let resolveStarted: (ok: boolean) => void = () => undefined;
  const started = new Promise<boolean>((r) => { resolveStarted = r; });

  const loop = async (): Promise<void> => {
    let delay = initial;
    let first = true;
    while (!stopping) {
      let err: Error;
      const t0 = now();
      try {
        current = await opts.start();
        if (first) { resolveStarted(true); first = false; }
        if (stopping) break;
        opts.log(`${opts.name} adapter running${restarts > 0 ? ` (restart ${restarts})` : ''}`, undefined, { adapter: opts.name });
        // Wait until it fails, or until we stop.
        const failed = current.failed ?? new Promise<Error>(() => undefined);
        const stopped = new Promise<null>((r) => abort.signal.addEventListener('abort', () => r(null), { once: true }));
        const why = await Promise.race([failed, stopped]);
        if (why === null || stopping) break;
        err = asError(why);
        const dying = current;
        current = null;
        await dying.stop().catch((e: unknown) => opts.log(`${opts.name} adapter did not stop cleanly`, e, { adapter: opts.name }));
      } catch (e) {
        err = asError(e);
        current = null;
        if (first) { resolveStarted(false); first = false; }
      }
      if (stopping) break;
      if (now() - t0 >= stable) delay = initial;
      if (isPermanent(err)) {
        opts.log(`${opts.name} adapter failed and will not be restarted (retrying cannot help): ${err.message}`, err, { adapter: opts.name, level: 'error' });
        return;
      }
      restarts += 1;
      opts.onRestart?.(restarts, err);
      opts.log(`${opts.name} adapter failed; restarting it in ${Math.round(delay / 100) / 10} s (restart ${restarts}); the other adapters keep running`, err, { adapter: opts.name, level: 'error' });
      await sleep(delay, abort.signal);
      delay = Math.min(maxDelay, delay * 2);
    }
  };
  // When supervision stops, the adapter that runs is stopped (drained) here, also one whose start was in flight.
  const done = loop().then(async () => {
    const c = current;
    current = null;
    if (c) await c.stop();
  });

  return {
    name: opts.name,
    started,
    ready: () => current !== null && (current.ready?.() ?? true),
    get restarts() { return restarts; },
    async stop() {
      stopping = true;
      abort.abort();
      resolveStarted(false);
      await done;
    },
  };
}
