/**
 * The Slack adapter: one slash command, `/vram`, over Bolt (HTTP or Socket Mode), plus the
 * buttons its replies carry. Parsing, dispatch and the reply model live in the core; this
 * adapter verifies, rate-limits, fills in `ctx.isAdmin` from `users.info` for preset actions
 * (`admins.ts`), renders Block Kit (`render.ts`), delivers through the response_url, answers
 * button clicks privately (`actions.ts`) and shares public estimates' charts (`chart.ts`).
 * In front of it all (`guard.ts`): future-dated and replayed HTTP requests are refused, Slack's
 * retries of a request already answered are dropped, and every request gets the id its log
 * lines carry. Second deliveries and rate-limit buckets go through `shared-state.ts` (memory, or
 * the database several instances share); with `oauth`, each workspace's token comes from its
 * installation (`installations.ts`).
 */
import type { App, BlockAction, InstallationStore } from '@slack/bolt';
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
import type { TakeResult } from './ratelimit';
import { ACTION_ID_PATTERN } from './render';
import { actionContext, type ActionArgs } from './actions';
import { contextOf, type CommandArgs } from './command';
import { createMemorySharedState, failOpen, type SharedState } from './shared-state';
import { answerNotInstalled, installationListeners } from './installations';

export { slackConfigFromEnv, type SlackConfig } from './config';
export { createMemorySharedState, type SharedState } from './shared-state';
export { createInstallationStore, type InstallationRows } from './installations';
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
  // Second deliveries and rate limits: in memory, or in the database every instance shares
  // (`shared-state.ts`); a database that fails is logged and fails open (`failOpen`).
  const shared = config.sharedState
    ? failOpen(config.sharedState, { log, ...(metrics ? { onError: () => metrics.error('slack', 'shared_state') } : {}) })
    : createMemorySharedState({ maxKeys: guard.maxDeliveries });
  /** Requests running or answered (by trigger_id), so that a second delivery runs nothing, on any instance. */
  const deliveries = shared;
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
  const clock = config.now ?? Date.now;
  const admins = createAdminCache({ log, ...now, ...config.adminLookup });
  // Starts its worker thread on the first chart only.
  const renderer = createChartRenderer({ log });
  const chart = {
    enabled: config.charts ?? true,
    render: config.renderChart ?? renderer.render,
    ...(metrics ? { failed: (kind: string) => metrics.error('slack', kind) } : {}),
  };
  /** The command's own limiter answers what the shared bucket decided for this request (see `limited`). */
  const base: Omit<VramCommandDeps, 'limiter'> = { core: deps.core, log, limit, admins, chart, metrics };
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

  /**
   * Runs `listener` with the rate limit decided by the shared bucket of `team:user` (the key
   * `answerFor` uses). The bucket is taken right after the listener's ack (the ack is not made to
   * wait for the database), and before `answerFor` asks its limiter, which answers that decision.
   */
  const limited = <A extends { ack: (...a: never[]) => Promise<void> }>(make: (d: VramCommandDeps) => (args: A) => Promise<void>, keyOf: (args: A) => string) => (args: A): Promise<void> => {
    let decision: TakeResult = { ok: true, remaining: 0 };
    const ack = async (...a: never[]): Promise<void> => {
      try {
        await args.ack(...a);
      } finally {
        decision = await shared.take(keyOf(args), limit.capacity, limit.windowMs, clock());
      }
    };
    return make({ ...base, limiter: { take: () => decision } })({ ...args, ack });
  };
  const onCommand = limited<CommandArgs>(vramListener, (args) => { const c = contextOf(args.command); return `${c.teamId}:${c.userId}`; });
  const onAction = limited<ActionArgs>(actionListener, (args) => { const c = actionContext(args.body); return `${c.teamId}:${c.userId}`; });
  parts.app.command(SLASH_COMMAND, (args) => tracked(onCommand(args)));
  parts.app.action<BlockAction>(ACTION_ID_PATTERN, (args) => tracked(onAction(args)));
  if (config.oauth) installationListeners(parts.app, config.oauth.installationStore, log);
  // With `extendedErrorHandler` (app.ts) Bolt passes { error, context, ... }: the line gets the request's id.
  // With OAuth, a command from a workspace with no installation fails Bolt's authorize (Bolt acks it and comes here): told so.
  const responseHosts = ['hooks.slack.com', ...(config.apiUrl ? [new URL(config.apiUrl).host] : [])];
  const onBoltError = async ({ error, context, body }: { readonly error: Error; readonly context?: Readonly<Record<string, unknown>>; readonly body?: unknown }): Promise<void> => {
    if (config.oauth && (error as Error & { code?: unknown }).code === 'slack_bolt_authorization_error') {
      metrics?.command('slack', 'unknown', 'refused');
      const team = typeof (body as { team_id?: unknown } | undefined)?.team_id === 'string' ? (body as { team_id: string }).team_id.slice(0, 40) : '(unknown)';
      log(`slack: a request from team ${team}, which has no installation (never installed, or uninstalled); told the user`, error.message);
      await answerNotInstalled(body, responseHosts, log);
      return;
    }
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
      // A sweep still running finishes before the store's pool is closed (the store is the caller's).
      await shared.close();
    },
  };
}

/**
 * Starts the Slack adapter from the validated environment (`npm start`); `stores` are the
 * database-backed shared state and installation store (adapters/main.ts `openStores`).
 */
export async function startSlack(
  env: Env,
  deps: AdapterDeps,
  extra: Pick<SlackConfig, 'customRoutes'> = {},
  stores: { readonly installationStore?: InstallationStore; readonly sharedState?: SharedState } = {},
): Promise<RunningAdapter> {
  const adapter = createSlackApp({ ...slackConfigFromEnv(env, stores), ...extra }, deps);
  await adapter.start();
  return adapter;
}
