/**
 * The discord.js client: logs in over the gateway (Guilds intent only; slash commands and
 * buttons need no privileged intents), routes interactions, and stops cleanly. Takes explicit config, never
 * `process.env`, so tests point it at a local stand-in through `apiUrl`.
 *
 * Around the routing (`interactions.ts`): a guard so that a malformed gateway payload never ends
 * the process (`guard.ts`), the chart worker pool (`adapters/chart/pool.ts`), the bounded work
 * queue (`queue.ts`) and each person's command budget. `stop()` takes no new interactions (they
 * get a polite "restarting"), waits a bounded time for those in flight, then closes the pool and
 * the client; `ready()` says whether the gateway is connected, and `failed` resolves when the
 * gateway closed for good (a bad token, disallowed intents) so a supervisor can restart it.
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Status, type Interaction } from 'discord.js';
import type { ChartOutcome } from '../chart/attachment';
import { createChartPool, type ChartPool, type ChartPoolOptions } from '../chart/pool';
import type { PngOptions } from '../chart/png';
import { createTokenBuckets, DEFAULT_USER_RATE_LIMIT } from '../ops/ratelimit';
import type { Reply } from '../../src/reply/types';
import type { AdapterDeps, RunningAdapter } from '../types';
import { ActionStore } from './actions';
import type { ButtonStore } from '../../src/store/buttons';
import type { PresetNames } from './autocomplete';
import { guardInteractions } from './guard';
import { DEFAULT_DEFER_AFTER_MS, routeInteraction, type InteractionDeps } from './interactions';
import { redactingLog } from './log';
import { DEFAULT_QUEUE, WorkQueue } from './queue';

export interface DiscordConfig {
  /** Bot token (secret). */
  readonly token: string;
  readonly applicationId: string;
  /**
   * REST base URL, default `https://discord.com/api`. The gateway URL comes from REST
   * (`GET /gateway/bot`), so this one setting moves both.
   */
  readonly apiUrl?: string;
  /** A quiet bot defers a command whose answer is not ready after this many ms (default 2000; Discord allows 3000). */
  readonly deferAfterMs?: number;
  /** How long to wait for the guilds announced in READY (discord.js default 15 s). */
  readonly waitGuildTimeoutMs?: number;
  /**
   * The caller's preset names for autocomplete of `/vram-preset ... name:` (from the open store:
   * `presetNamesFor(presets)` in `preset-names.ts`). Without it, no names are offered.
   */
  readonly presetNames?: PresetNames;
  /** Buttons: how many are remembered (default 1000) and for how long (default 1 h). */
  readonly buttons?: { readonly capacity?: number; readonly ttlMs?: number; readonly backing?: ButtonStore };
  /** Chart look (default dark theme). */
  readonly chart?: PngOptions;
  /** The chart worker pool (threads, queue bound, timeout); see `adapters/chart/pool.ts`. */
  readonly chartPool?: ChartPoolOptions;
  /** Renders charts instead of the pool (tests inject failures); the pool is then not started. */
  readonly renderChart?: (reply: Reply, opts: PngOptions) => ChartOutcome | Promise<ChartOutcome>;
  /** Commands (and button clicks) per person: default 10 a minute, as on Slack. */
  readonly rateLimit?: { readonly capacity: number; readonly windowMs: number };
  /** The work queue: answers computed at once (default 8) and waiting (default 500). */
  readonly queue?: { readonly concurrency?: number; readonly maxWaiting?: number };
  /** `stop()`'s longest wait for interactions in flight (default 10 s). */
  readonly drainMs?: number;
}

/**
 * A failure of the adapter itself (not of a command), with a stable code and the cause.
 * `permanent`: restarting with the same settings cannot help (a token or intents Discord
 * rejects); a supervisor says what to fix instead of retrying.
 */
export class DiscordAdapterError extends Error {
  readonly permanent: boolean;
  constructor(readonly code: 'login_failed' | 'gateway_closed', message: string, options?: ErrorOptions & { permanent?: boolean }) {
    super(message, options);
    this.name = 'DiscordAdapterError';
    this.permanent = options?.permanent ?? false;
  }
}

/** Gateway close codes that no reconnect can cure: authentication failed (4004), invalid or disallowed intents (4013, 4014). */
const CREDENTIAL_CLOSE_CODES = [4004, 4013, 4014];

/** Whether a login failure is Discord refusing the token or the intents (discord.js codes, or HTTP 401). */
function rejectedCredentials(err: unknown): boolean {
  const e = err as { code?: unknown; status?: unknown } | null;
  return e?.code === 'TokenInvalid' || e?.code === 'DisallowedIntents' || e?.status === 401;
}

export interface RunningDiscord extends RunningAdapter {
  /** The logged-in client (tests read its state; the adapter needs nothing else from it). */
  readonly client: Client;
  ready(): boolean;
  readonly failed: Promise<Error>;
}

export const DEFAULT_DRAIN_MS = 10_000;

/** Creates the client, logs in, and resolves once it is ready for interactions. */
export async function startDiscordBot(config: DiscordConfig, deps: AdapterDeps): Promise<RunningDiscord> {
  const log = redactingLog(deps.log, [config.token]);
  const metrics = deps.metrics;
  const rateLimit = config.rateLimit ?? DEFAULT_USER_RATE_LIMIT;
  const pool: ChartPool | undefined = config.renderChart ? undefined : createChartPool(config.chartPool ?? {});
  const inject = config.renderChart;
  const charts = inject ? async (r: Reply, o: PngOptions): Promise<ChartOutcome> => inject(r, o) : (pool as ChartPool).render;
  const queue = new WorkQueue({
    concurrency: config.queue?.concurrency ?? DEFAULT_QUEUE.concurrency,
    maxWaiting: config.queue?.maxWaiting ?? DEFAULT_QUEUE.maxWaiting,
    onDepth: (n) => metrics?.queueDepth('discord', n),
  });
  const idep: InteractionDeps = {
    core: deps.core,
    log,
    deferAfterMs: config.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS,
    actions: new ActionStore({ ...(config.buttons ?? {}), onError: (err) => deps.log('discord: button state not stored durably (memory still holds it)', err, { level: 'warn' }) }),
    queue,
    limiter: createTokenBuckets(rateLimit),
    rateLimit,
    charts,
    ...(metrics ? { metrics } : {}),
    ...(config.presetNames ? { presetNames: config.presetNames } : {}),
    ...(config.chart ? { chart: config.chart } : {}),
  };
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: config.apiUrl ? { api: config.apiUrl } : {},
    ...(config.waitGuildTimeoutMs !== undefined ? { waitGuildTimeout: config.waitGuildTimeoutMs } : {}),
  });
  const guard = guardInteractions(client, { log, ...(metrics ? { metrics } : {}) });

  /** Interactions being handled: commands and clicks (they make the bot busy) and autocomplete. */
  const answering = new Set<Promise<void>>();
  const other = new Set<Promise<void>>();
  let stopping = false;
  let failure: Error | undefined;
  let resolveFailed: (err: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => { resolveFailed = resolve; });

  client.on(Events.InteractionCreate, (i: Interaction) => {
    try {
      guard.seen(i.id);
      const set = i.isAutocomplete() ? other : answering;
      const work = routeInteraction(i, idep, { quiet: answering.size === 0, stopping }).catch((err: unknown) => log('discord: interaction failed', err, { reqId: i.id }));
      set.add(work);
      void work.finally(() => set.delete(work));
    } catch (err) {
      log('discord: could not take an interaction', err, { reqId: String(i.id) });
    }
  });
  client.on(Events.Error, (err) => {
    log('discord: client error', err);
    metrics?.error('discord', 'client');
  });
  client.on(Events.ShardError, (err, shard) => {
    log(`discord: shard ${shard} error`, err);
    metrics?.error('discord', 'gateway');
  });
  client.on(Events.ShardDisconnect, (event: { code?: number }, shard: number) => {
    if (stopping || failure) return;
    const code = event?.code;
    failure = new DiscordAdapterError('gateway_closed', `Discord closed the gateway for good (shard ${shard}, close code ${String(code)}); the adapter must be restarted (check DISCORD_TOKEN and the intents)`, { permanent: typeof code === 'number' && CREDENTIAL_CLOSE_CODES.includes(code) });
    log('discord: gateway closed for good', failure);
    metrics?.error('discord', 'gateway_closed');
    resolveFailed(failure);
  });

  const ready = once(client, Events.ClientReady);
  ready.catch(() => undefined); // awaited below; never an unhandled rejection if login fails first
  try {
    await client.login(config.token);
    await ready;
  } catch (err) {
    await client.destroy();
    await pool?.close();
    log('discord: login failed', err);
    throw new DiscordAdapterError('login_failed', 'Discord login failed: check DISCORD_TOKEN (and DISCORD_API_URL if set)', { cause: err, permanent: rejectedCredentials(err) });
  }
  if (client.application?.id && client.application.id !== config.applicationId) {
    log(`discord: DISCORD_APPLICATION_ID (${config.applicationId}) differs from the token's application (${client.application.id}); registered commands may not match`);
  }
  log(`discord: logged in as ${client.user?.tag ?? '?'} in ${client.guilds.cache.size} guild(s)`);

  const drainMs = config.drainMs ?? DEFAULT_DRAIN_MS;
  let stopped: Promise<void> | undefined;
  const drain = async (): Promise<void> => {
    const deadline = Date.now() + drainMs;
    while (answering.size + other.size > 0 && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => { timer = setTimeout(resolve, Math.max(0, deadline - Date.now())); });
      await Promise.race([Promise.allSettled([...answering, ...other]), late]);
      clearTimeout(timer);
    }
    const left = answering.size + other.size;
    if (left > 0) log(`discord: stopping with ${left} interaction(s) still in flight after ${drainMs} ms`);
  };
  return {
    name: 'discord',
    client,
    failed,
    ready() {
      return !stopping && failure === undefined && client.isReady() && client.ws.shards.size > 0 && client.ws.shards.every((s) => s.status === Status.Ready);
    },
    stop() {
      stopped ??= (async () => {
        stopping = true;
        try {
          await drain();
        } finally {
          await pool?.close();
          await client.destroy();
          metrics?.queueDepth('discord', 0);
        }
      })();
      return stopped;
    },
  };
}
