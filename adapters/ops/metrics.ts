/**
 * Prometheus metrics (prom-client): commands answered by platform, command and outcome, errors,
 * the latency from receipt to reply, and the depth of each adapter's work queue. One registry per
 * process; `/metrics` serves it (see `health.ts`).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type Outcome = 'ok' | 'error' | 'rejected' | 'refused' | 'failed';

export interface Metrics {
  readonly registry: Registry;
  /** One command answered: `ok` (a result), `error` (bad input), `rejected` (did not parse), `refused` (rate limit, too long, replay), `failed` (a bug or a platform failure). */
  command(platform: string, command: string, outcome: Outcome): void;
  /** Seconds from receipt to the reply being sent. */
  latency(platform: string, seconds: number): void;
  /** Work waiting or running in an adapter's queue. */
  queueDepth(platform: string, depth: number): void;
  /** An error of some kind (`handler`, `render`, `deliver`, `restart`, ...). */
  error(platform: string, kind: string): void;
}

/** Buckets for replies: most answers take milliseconds; Discord's deadline is 3 s. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];

export function createMetrics(opts: { defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaults ?? true) collectDefaultMetrics({ register: registry, prefix: 'vram_bot_' });
  const commands = new Counter({ name: 'vram_bot_commands_total', help: 'Commands answered, by platform, command and outcome', labelNames: ['platform', 'command', 'outcome'] as const, registers: [registry] });
  const errors = new Counter({ name: 'vram_bot_errors_total', help: 'Errors, by platform and kind', labelNames: ['platform', 'kind'] as const, registers: [registry] });
  const latency = new Histogram({ name: 'vram_bot_reply_seconds', help: 'Seconds from receiving a command to sending its reply', labelNames: ['platform'] as const, buckets: LATENCY_BUCKETS, registers: [registry] });
  const queue = new Gauge({ name: 'vram_bot_queue_depth', help: 'Commands waiting or running in an adapter\'s work queue', labelNames: ['platform'] as const, registers: [registry] });
  return {
    registry,
    command: (platform, command, outcome) => commands.inc({ platform, command, outcome }),
    latency: (platform, seconds) => latency.observe({ platform }, seconds),
    queueDepth: (platform, depth) => queue.set({ platform }, depth),
    error: (platform, kind) => errors.inc({ platform, kind }),
  };
}

/** Metrics that record nothing (tests, the console). */
export const NO_METRICS: Metrics = {
  registry: new Registry(),
  command: () => undefined,
  latency: () => undefined,
  queueDepth: () => undefined,
  error: () => undefined,
};
