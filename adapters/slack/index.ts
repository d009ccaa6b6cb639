/**
 * The Slack adapter: one slash command, `/vram`, over Bolt (HTTP or Socket Mode), plus the
 * buttons its replies carry. Parsing, dispatch and the reply model live in the core; this
 * adapter verifies, rate-limits, fills in `ctx.isAdmin` from `users.info` for preset actions
 * (`admins.ts`), renders Block Kit (`render.ts`), delivers through the response_url, answers
 * button clicks privately (`actions.ts`) and shares public estimates' charts (`chart.ts`).
 * In front of it all (`guard.ts`): future-dated and replayed HTTP requests are refused, Slack's
 * retries of a request already answered are dropped, and every request gets the id its log
 * lines carry.
 */
import type { App, BlockAction } from '@slack/bolt';
import type { Env } from '../env';
import type { AdapterDeps, RunningAdapter } from '../types';
import { actionListener } from './actions';
import { createAdminCache } from './admins';
import { createBoltApp } from './app';
import { createChartRenderer } from './chart-render';
import { vramListener, type VramCommandDeps } from './command';
import { DEFAULT_RATE_LIMIT, EVENTS_PATH, secretsOf, SLASH_COMMAND, slackConfigFromEnv, type SlackConfig } from './config';
import { createHttpGate, createSeenSet, REQUEST_GUARD_DEFAULTS, requestMiddleware } from './guard';
import { BoltLogger, redactingLog } from './logger';
import { createRateLimiter } from './ratelimit';
import { ACTION_ID_PATTERN } from './render';

export { slackConfigFromEnv, type SlackConfig } from './config';
export { renderSlack } from './render';

/** How long `stop()` waits for replies still being computed or posted. */
const DRAIN_MS = 5000;

export interface SlackAdapter extends RunningAdapter {
  readonly mode: 'http' | 'socket';
  /** The Bolt app (tests and extensions; the adapter has registered `/vram` and its buttons on it). */
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
  const { metrics } = deps;
  const guard = { ...REQUEST_GUARD_DEFAULTS, ...config.requestGuard };
  /** Requests running or answered (by trigger_id), so that a second delivery runs nothing. */
  const deliveries = createSeenSet({ maxEntries: guard.maxDeliveries });
  // HTTP mode only (Socket Mode requests are not signed): future timestamps, replays, second deliveries, unroutable bodies.
  const gate = !config.appToken && config.signingSecret
    ? createHttpGate({
      signingSecret: config.signingSecret,
      endpoints: [EVENTS_PATH],
      log,
      metrics,
      futureSkewS: guard.futureSkewS,
      signatures: createSeenSet({ maxEntries: guard.maxSignatures }),
      deliveries,
      deliveryTtlMs: guard.deliveryTtlMs,
    })
    : undefined;
  const parts = createBoltApp(config, new BoltLogger(deps.log, secrets, config.logLevel), gate);
  // Before every listener: request ids, second deliveries (Socket Mode), acks for what nothing handles.
  parts.app.use(requestMiddleware({ log, metrics, deliveries, deliveryTtlMs: guard.deliveryTtlMs }));
  const limit = config.rateLimit ?? DEFAULT_RATE_LIMIT;
  const now = config.now ? { now: config.now } : {};
  const limiter = createRateLimiter({ ...limit, ...now });
  const admins = createAdminCache({ log, ...now, ...config.adminLookup });
  // Starts its worker thread on the first chart only.
  const renderer = createChartRenderer({ log });
  const chart = {
    enabled: config.charts ?? true,
    render: config.renderChart ?? renderer.render,
    ...(metrics ? { failed: (kind: string) => metrics.error('slack', kind) } : {}),
  };
  const d: VramCommandDeps = { core: deps.core, log, limiter, limit, admins, chart, metrics };
  const inflight = new Set<Promise<void>>();
  /** Keeps `run` in `inflight` until it settles, so `stop()` can wait for it. */
  const tracked = async (run: Promise<void>): Promise<void> => {
    inflight.add(run);
    metrics?.queueDepth('slack', inflight.size);
    try {
      await run;
    } finally {
      inflight.delete(run);
      metrics?.queueDepth('slack', inflight.size);
    }
  };

  const onCommand = vramListener(d);
  const onAction = actionListener(d);
  parts.app.command(SLASH_COMMAND, (args) => tracked(onCommand(args)));
  parts.app.action<BlockAction>(ACTION_ID_PATTERN, (args) => tracked(onAction(args)));
  // With `extendedErrorHandler` (app.ts) Bolt passes { error, context, ... }: the line gets the request's id.
  const onBoltError = async ({ error, context }: { readonly error: Error; readonly context?: Readonly<Record<string, unknown>> }): Promise<void> => {
    metrics?.error('slack', 'bolt');
    log('slack: Bolt reported an error', error, { reqId: typeof context?.reqId === 'string' ? context.reqId : 'none' });
  };
  parts.app.error(onBoltError);

  let started = false;
  let resolveFailed: (e: Error) => void = () => undefined;
  const failed = new Promise<Error>((r) => { resolveFailed = r; });
  return {
    name: 'slack',
    failed,
    ready: () => started,
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
      // A server that closes or errors while we did not stop it: the supervisor restarts the adapter.
      server.once('close', () => { if (started) { started = false; resolveFailed(new Error('slack: the HTTP server closed')); } });
      server.on('error', (err: Error) => { log('slack: HTTP server error', err); if (started) { started = false; resolveFailed(err); } });
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
      await renderer.close();
    },
  };
}

/** Starts the Slack adapter from the validated environment (`npm start`). */
export async function startSlack(env: Env, deps: AdapterDeps, extra: Pick<SlackConfig, 'customRoutes'> = {}): Promise<RunningAdapter> {
  const adapter = createSlackApp({ ...slackConfigFromEnv(env), ...extra }, deps);
  await adapter.start();
  return adapter;
}
