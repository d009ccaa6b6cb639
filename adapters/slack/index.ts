/**
 * The Slack adapter: one slash command, `/vram`, over Bolt (HTTP or Socket Mode). Parsing,
 * dispatch and the reply model live in the core; this adapter verifies, rate-limits, renders
 * Block Kit (`render.ts`) and delivers through the response_url.
 */
import type { App } from '@slack/bolt';
import type { Env } from '../env';
import type { AdapterDeps, RunningAdapter } from '../types';
import { createBoltApp } from './app';
import { vramListener } from './command';
import { DEFAULT_RATE_LIMIT, EVENTS_PATH, secretsOf, SLASH_COMMAND, slackConfigFromEnv, type SlackConfig } from './config';
import { BoltLogger, redactingLog } from './logger';
import { createRateLimiter } from './ratelimit';

export { slackConfigFromEnv, type SlackConfig } from './config';
export { renderSlack } from './render';

/** How long `stop()` waits for replies still being computed or posted. */
const DRAIN_MS = 5000;

export interface SlackAdapter extends RunningAdapter {
  readonly mode: 'http' | 'socket';
  /** The Bolt app (tests and extensions; the adapter has registered `/vram` on it). */
  readonly app: App;
  /**
   * Checks the bot token (`auth.test`), then listens (HTTP) or connects (Socket Mode).
   * @returns the bound port in HTTP mode
   */
  start(): Promise<{ readonly port?: number }>;
}

/** Waits for `pending` to settle, at most `ms`. */
async function drain(pending: ReadonlySet<Promise<void>>, ms: number): Promise<void> {
  if (pending.size === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); });
  await Promise.race([Promise.allSettled([...pending]), timeout]);
  clearTimeout(timer);
}

/**
 * Builds the adapter without starting it.
 * @param config explicit settings; never read from `process.env` here
 * @param deps the core's handler and the process log (this adapter redacts before logging)
 */
export function createSlackApp(config: SlackConfig, deps: AdapterDeps): SlackAdapter {
  const secrets = secretsOf(config);
  const log = redactingLog(deps.log, secrets);
  const parts = createBoltApp(config, new BoltLogger(deps.log, secrets, config.logLevel));
  const limit = config.rateLimit ?? DEFAULT_RATE_LIMIT;
  const limiter = createRateLimiter({ ...limit, ...(config.now ? { now: config.now } : {}) });
  const listener = vramListener({ handle: deps.handle, log, limiter, limit });
  const inflight = new Set<Promise<void>>();

  parts.app.command(SLASH_COMMAND, async (args) => {
    const run = listener(args);
    inflight.add(run);
    try {
      await run;
    } finally {
      inflight.delete(run);
    }
  });
  parts.app.error(async (err) => { log('slack: Bolt reported an error', err); });

  let started = false;
  return {
    name: 'slack',
    mode: parts.mode,
    app: parts.app,
    async start() {
      await parts.app.init();
      if (parts.mode === 'socket') {
        await parts.app.start();
        started = true;
        log('slack: connected in Socket Mode');
        return {};
      }
      const server = await parts.app.start(config.host ? { port: config.port, host: config.host } : config.port);
      started = true;
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      log(`slack: listening on port ${port}, path ${EVENTS_PATH}`);
      return { port };
    },
    async stop() {
      if (!started) return;
      started = false;
      if (parts.mode === 'socket') await parts.receiver.client.disconnect();
      else await parts.app.stop();
      await drain(inflight, DRAIN_MS);
    },
  };
}

/** Starts the Slack adapter from the validated environment (`npm start`). */
export async function startSlack(env: Env, deps: AdapterDeps): Promise<RunningAdapter> {
  const adapter = createSlackApp(slackConfigFromEnv(env), deps);
  await adapter.start();
  return adapter;
}
