/**
 * Discord sharding (`npm run start:sharded`): discord.js's own `ShardingManager` runs one child
 * process per gateway shard, each the normal Discord adapter (`shard.ts`).
 *
 * - The shard count is the gateway's recommendation, `GET /gateway/bot` `shards` (what
 *   `ShardingManager`'s `totalShards: 'auto'` fetches: discord.js src/util/Util.js
 *   `fetchRecommendedShardCount`), asked through REST at `DISCORD_API_URL` when set (discord.js's
 *   own fetch always goes to discord.com), unless `DISCORD_SHARDS` gives a number.
 * - Shards start one after another, spaced by the session start limit's `max_concurrency`
 *   (`spawnDelayMs`); the manager refuses to start more shards than session starts remain.
 * - A shard process that dies is respawned by `ShardingManager` (`respawn: true`: discord.js
 *   src/sharding/Shard.js `_handleExit`); the manager logs each death with the exit code or signal,
 *   counts it, and a shard that keeps dying soon after starting waits longer before it logs in
 *   again (`respawnDelayMs`), so a crash loop cannot spend the day's session starts.
 * - Ops on `OPS_PORT`, served by the manager for every shard: `/healthz`, `/readyz` (every shard's
 *   gateway ready, as discord.js tracks it over IPC, and its own adapter and store) and `/metrics`
 *   (each shard's registry, labelled `shard`, gathered over IPC and merged with prom-client's
 *   `AggregatorRegistry.aggregate`).
 * - SIGTERM (or SIGINT) stops respawning, sends SIGTERM to every shard (each drains its commands
 *   in flight and exits), kills one that is still running after the drain time, and exits 0.
 */
import 'dotenv/config';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult, type Shard } from 'discord.js';
import { AggregatorRegistry, Gauge, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import { parseEnv, type Env } from '../env';
import { createLogger, secretsOf } from '../ops/log';
import { createMetrics, type Metrics } from '../ops/metrics';
import { startOpsServer, type OpsState } from '../ops/health';
import type { LogFn } from '../types';
import { redactingLog } from './log';

/** The shard entry point each child process runs. */
export const SHARD_FILE = join(__dirname, 'shard.ts');

/**
 * How each shard process runs TypeScript: tsx's loader, as `npm start` does (`tsx adapters/main.ts`),
 * given to node as `--import <loader>`. Resolved to a file URL so it does not depend on the cwd.
 */
export const SHARD_EXEC_ARGV: readonly string[] = ['--import', pathToFileURL(require.resolve('tsx')).href];

/**
 * The environment variable through which the manager tells a respawned shard to wait before it
 * logs in (`respawnDelayMs`); only the manager sets it.
 */
export const START_DELAY_VAR = 'VRAM_SHARD_START_DELAY_MS';

/** Exit code of a shard whose failure a restart cannot cure (a rejected token or intents, a wrong shard count): EX_CONFIG (sysexits.h). */
export const EXIT_CONFIG = 78;

/**
 * The window of `max_concurrency`: "Number of identify requests allowed per 5 seconds"
 * (discord/discord-api-docs developers/events/gateway.mdx, "Session Start Limit Object").
 */
export const IDENTIFY_WINDOW_MS = 5000;

/**
 * discord.js's spacing between shards (`ShardingManager#spawn` `delay = 5500`): the 5 s window
 * plus 0.5 s of margin, for `max_concurrency` 1.
 */
export const SPAWN_DELAY_MS = 5500;

/** What `GET /gateway/bot` says about this bot. */
export interface GatewayBot {
  /** Recommended number of shards. */
  readonly shards: number;
  readonly maxConcurrency: number;
  readonly total: number;
  readonly remaining: number;
  readonly resetAfterMs: number;
}

/** `GET /gateway/bot` with the bot token, through REST at `apiUrl` (default Discord's). */
export async function fetchGatewayBot(token: string, apiUrl?: string): Promise<GatewayBot> {
  const rest = new REST(apiUrl ? { api: apiUrl } : {}).setToken(token);
  let body: RESTGetAPIGatewayBotResult;
  try {
    body = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  } catch (err) {
    const status = (err as { status?: unknown }).status;
    if (status === 401) throw new Error('DISCORD_TOKEN: Discord rejected the token (GET /gateway/bot answered 401)', { cause: err });
    throw new Error(`GET /gateway/bot failed; check DISCORD_API_URL if set: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const l = body.session_start_limit;
  return { shards: body.shards, maxConcurrency: l.max_concurrency, total: l.total, remaining: l.remaining, resetAfterMs: l.reset_after };
}

/**
 * The spacing between two shard starts. Shards are started in order, one every `delay`; shard `k`
 * and shard `k + max_concurrency` share a rate limit key (`shard_id % max_concurrency`,
 * developers/events/gateway.mdx "Max Concurrency"), so they are `max_concurrency x delay` apart,
 * which must cover discord.js's 5.5 s: `delay = ceil(5500 / max_concurrency)` (5500 ms for 1,
 * 344 ms for 16).
 */
export function spawnDelayMs(maxConcurrency: number): number {
  return Math.ceil(SPAWN_DELAY_MS / Math.max(1, Math.floor(maxConcurrency)));
}

/** How many shards to run, and why. */
export interface ShardPlan {
  readonly totalShards: number;
  /** The gateway's recommendation. */
  readonly recommended: number;
  /** Where the count came from. */
  readonly source: 'gateway' | 'DISCORD_SHARDS';
  readonly maxConcurrency: number;
  readonly spawnDelayMs: number;
  readonly remaining: number;
}

/** Error naming what to change, when the plan cannot start. */
export class ShardPlanError extends Error {
  constructor(readonly key: 'DISCORD_SHARDS' | 'session_start_limit', message: string) {
    super(message);
    this.name = 'ShardPlanError';
  }
}

/**
 * The plan: `DISCORD_SHARDS` when it is a number, else the gateway's recommendation. Refused when
 * fewer session starts remain than shards to start: "Upon hitting this limit, all active sessions
 * for the app will be terminated, the bot token will be reset" (developers/events/gateway.mdx,
 * "Session Start Limit").
 */
export function planShards(gateway: GatewayBot, requested: number | 'auto'): ShardPlan {
  const totalShards = requested === 'auto' ? Math.max(1, gateway.shards) : requested;
  if (gateway.remaining < totalShards) {
    throw new ShardPlanError('session_start_limit', `Discord allows ${gateway.remaining} more session start(s) now (of ${gateway.total} a day), fewer than the ${totalShards} shard(s) to start; starting them would exhaust the limit, after which Discord resets the bot token. Wait ${Math.ceil(gateway.resetAfterMs / 60_000)} min (reset_after) or lower DISCORD_SHARDS.`);
  }
  return {
    totalShards, recommended: gateway.shards, source: requested === 'auto' ? 'gateway' : 'DISCORD_SHARDS',
    maxConcurrency: gateway.maxConcurrency, spawnDelayMs: spawnDelayMs(gateway.maxConcurrency), remaining: gateway.remaining,
  };
}

/** A respawned shard's wait before it logs in: none the first time, then 1 s doubling to 60 s while it keeps dying within `stableMs` of starting (as `adapters/ops/supervise.ts` backs off). */
export interface RespawnBackoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly stableMs: number;
}
export const DEFAULT_RESPAWN_BACKOFF: RespawnBackoff = { initialMs: 1000, maxMs: 60_000, stableMs: 60_000 };

/** The wait after the `quickDeaths`-th death in a row that came sooner than `stableMs` after a start (1: no wait). */
export function respawnDelayMs(quickDeaths: number, b: RespawnBackoff = DEFAULT_RESPAWN_BACKOFF): number {
  if (quickDeaths <= 1) return 0;
  return Math.min(b.maxMs, b.initialMs * 2 ** (quickDeaths - 2));
}

// ── IPC between the manager and a shard (besides discord.js's own `_ready`, `_eval`, ...) ──

/** What a shard reports about itself, on every change. */
export interface ShardStatus {
  readonly _vram: 'status';
  /** The adapter is logged in and its gateway ready. */
  readonly adapter: boolean;
  readonly storeOpen: boolean;
  readonly draining: boolean;
}
/** The manager asks a shard for its metrics ... */
export interface MetricsRequest { readonly _vram: 'metrics?'; readonly nonce: number }
/** ... and the shard answers with its registry as JSON (prom-client `getMetricsAsJSON`). */
export interface MetricsReply { readonly _vram: 'metrics'; readonly nonce: number; readonly metrics: MetricObjectWithValues<MetricValue<string>>[] }

export function isShardStatus(m: unknown): m is ShardStatus {
  return typeof m === 'object' && m !== null && (m as { _vram?: unknown })._vram === 'status';
}
export function isMetricsRequest(m: unknown): m is MetricsRequest {
  return typeof m === 'object' && m !== null && (m as { _vram?: unknown })._vram === 'metrics?' && typeof (m as { nonce?: unknown }).nonce === 'number';
}
export function isMetricsReply(m: unknown): m is MetricsReply {
  return typeof m === 'object' && m !== null && (m as { _vram?: unknown })._vram === 'metrics' && Array.isArray((m as { metrics?: unknown }).metrics);
}

// ── the manager ─────────────────────────────────────────────────────────────────────────────

export interface ShardManagerOptions {
  readonly token: string;
  /** REST base (`DISCORD_API_URL`); the gateway URL comes from it. */
  readonly apiUrl?: string;
  /** `DISCORD_SHARDS`. */
  readonly shards: number | 'auto';
  /** The shards' environment (production: this process's). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: LogFn;
  /** The manager's own counters (shard deaths); the shards count everything else. */
  readonly metrics?: Metrics;
  /** Default `shard.ts`. */
  readonly file?: string;
  /** Pipe each shard's stdout and stderr instead of sharing this process's (discord.js `silent`). */
  readonly silent?: boolean;
  /** How long one shard may take to become ready (discord.js default 30 s). */
  readonly readyTimeoutMs?: number;
  /** How long `stop()` waits for a shard to drain and exit before killing it (default 20 s + 5 s). */
  readonly stopTimeoutMs?: number;
  readonly backoff?: RespawnBackoff;
  /** Called with each process a shard is given (first start and respawns). */
  readonly onSpawn?: (shardId: number, child: ChildProcess) => void;
  /** Aborting stops the shards, also while they are starting (`startShardManager` then rejects). */
  readonly signal?: AbortSignal;
}

/** One shard as the manager sees it. */
export interface ShardView {
  readonly id: number;
  readonly pid: number | null;
  /** discord.js's flag: the shard's gateway is ready (IPC `_ready` / `_disconnect`). */
  readonly ready: boolean;
  readonly status: ShardStatus | null;
  /** Deaths so far (each respawned while the manager runs). */
  readonly deaths: number;
}

export interface RunningShards {
  readonly manager: ShardingManager;
  readonly plan: ShardPlan;
  /** Every shard, by id. */
  shards(): ShardView[];
  /** Every process id a shard has had, in order (the old ones must be gone). */
  readonly pids: readonly number[];
  /** `/readyz` and friends for all shards. */
  readonly ops: OpsState;
  /** All shards' metrics in the Prometheus text format, each series labelled with its shard. */
  metricsText(): Promise<string>;
  /** Stops respawning, drains and stops every shard; resolves when every shard process has exited. */
  stop(): Promise<void>;
}

const METRICS_TIMEOUT_MS = 2000;

const exited = (c: ChildProcess): boolean => c.exitCode !== null || c.signalCode !== null;

async function waitExit(c: ChildProcess, ms: number): Promise<boolean> {
  if (exited(c)) return true;
  let t: NodeJS.Timeout | undefined;
  const late = new Promise<false>((r) => { t = setTimeout(() => r(false), ms); });
  try {
    return await Promise.race([once(c, 'exit').then(() => true), late]);
  } finally {
    clearTimeout(t);
  }
}

/** Fetches the gateway's plan, then spawns every shard with discord.js's `ShardingManager`; resolves once all are ready. */
export async function startShardManager(opts: ShardManagerOptions): Promise<RunningShards> {
  const log = redactingLog(opts.log, [opts.token]);
  const gateway = await fetchGatewayBot(opts.token, opts.apiUrl);
  const plan = planShards(gateway, opts.shards);
  const total = plan.totalShards;
  const why = plan.source === 'gateway'
    ? `the gateway's recommendation`
    : `DISCORD_SHARDS=${total}; the gateway recommends ${plan.recommended}`;
  log(`discord sharding: ${total} shard(s) (${why}); max_concurrency ${plan.maxConcurrency}, so one shard starts every ${plan.spawnDelayMs} ms; ${plan.remaining} session start(s) left`);
  if (plan.source === 'DISCORD_SHARDS' && total < plan.recommended) {
    log(`discord sharding: DISCORD_SHARDS=${total} is below the gateway's recommendation (${plan.recommended}); Discord closes a shard that would hold over 2500 guilds (4011)`, undefined, { level: 'warn' });
  }

  const backoff = opts.backoff ?? DEFAULT_RESPAWN_BACKOFF;
  const stopTimeoutMs = opts.stopTimeoutMs ?? 25_000;
  const readyTimeoutMs = opts.readyTimeoutMs ?? 30_000;
  const manager = new ShardingManager(opts.file ?? SHARD_FILE, {
    totalShards: total, token: opts.token, mode: 'process', respawn: true, silent: opts.silent ?? false, execArgv: [...SHARD_EXEC_ARGV],
  });
  let stopping = false;
  const pids: number[] = [];
  const statuses = new Map<number, ShardStatus>();
  const deaths = new Map<number, number>();
  const quick = new Map<number, number>();
  const startedAt = new Map<number, number>();
  let nonce = 0;

  manager.on('shardCreate', (shard: Shard) => {
    const id = shard.id;
    const fields = { shard: id };
    // The shard's environment: the given one, plus what discord.js's Client reads to join the
    // manager (src/client/Client.js: SHARDS, SHARD_COUNT, SHARDING_MANAGER, SHARDING_MANAGER_MODE).
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.env)) if (v !== undefined) env[k] = v;
    Object.assign(env, { SHARDING_MANAGER: 'true', SHARDING_MANAGER_MODE: 'process', SHARDS: String(id), SHARD_COUNT: String(total), DISCORD_TOKEN: opts.token });
    delete env[START_DELAY_VAR];
    shard.env = env;
    shard.on('spawn', (p: ChildProcess | Worker) => {
      const child = p as ChildProcess; // mode 'process'
      if (child.pid !== undefined) pids.push(child.pid);
      startedAt.set(id, Date.now());
      statuses.delete(id);
      const delay = Number(env[START_DELAY_VAR] ?? 0);
      log(`discord shard ${id}/${total}: process ${String(child.pid)} started${delay > 0 ? `; it logs in after ${delay} ms` : ''}`, undefined, fields);
      opts.onSpawn?.(id, child);
      if (stopping) child.kill('SIGTERM');
    });
    shard.on('ready', () => log(`discord shard ${id}/${total}: gateway ready`, undefined, fields));
    shard.on('disconnect', () => log(`discord shard ${id}/${total}: disconnected from the gateway`, undefined, { ...fields, level: 'warn' }));
    shard.on('reconnecting', () => log(`discord shard ${id}/${total}: reconnecting to the gateway`, undefined, fields));
    shard.on('error', (err: unknown) => {
      // A respawn waits for its Client to be ready within the first spawn's timeout (Shard.js
      // `_handleExit` reuses it); a shard in its back-off wait is late by design, not failing.
      const waiting = Number(env[START_DELAY_VAR] ?? 0);
      if ((err as { code?: unknown }).code === 'ShardingReadyTimeout' && waiting >= readyTimeoutMs) {
        log(`discord shard ${id}/${total}: not ready within ${readyTimeoutMs} ms, as expected: it waits ${waiting} ms before logging in`, undefined, { ...fields, level: 'warn' });
        return;
      }
      log(`discord shard ${id}/${total}: ${err instanceof Error ? err.message : String(err)}`, err, { ...fields, level: 'error' });
    });
    shard.on('message', (m: unknown) => { if (isShardStatus(m)) statuses.set(id, m); });
    shard.on('death', (p: ChildProcess | Worker) => {
      const child = p as ChildProcess; // mode 'process'
      statuses.delete(id);
      const how = child.signalCode ? `signal ${child.signalCode}` : `exit code ${String(child.exitCode)}`;
      if (stopping || !manager.respawn) {
        log(`discord shard ${id}/${total}: process ${String(child.pid)} exited (${how})`, undefined, fields);
        return;
      }
      deaths.set(id, (deaths.get(id) ?? 0) + 1);
      const ranMs = Date.now() - (startedAt.get(id) ?? Date.now());
      const n = ranMs < backoff.stableMs ? (quick.get(id) ?? 0) + 1 : 1;
      quick.set(id, n);
      // Read at fork time by the respawn that follows this event (Shard.js `_handleExit`).
      const delay = child.exitCode === EXIT_CONFIG ? backoff.maxMs : respawnDelayMs(n, backoff);
      env[START_DELAY_VAR] = String(delay);
      opts.metrics?.error('discord', 'shard_died');
      const cause = child.exitCode === EXIT_CONFIG ? '; it stopped on a failure a restart cannot cure (see its log)' : '';
      log(`discord shard ${id}/${total}: process ${String(child.pid)} died (${how}) after ${Math.round(ranMs / 100) / 10} s${cause}; respawning it${delay > 0 ? ` (it waits ${delay} ms before logging in)` : ''}`, undefined, { ...fields, level: 'error' });
    });
  });

  const views = (): ShardView[] => Array.from({ length: total }, (_, id) => {
    const s = manager.shards.get(id);
    return { id, pid: s?.process?.pid ?? null, ready: s?.ready ?? false, status: statuses.get(id) ?? null, deaths: deaths.get(id) ?? 0 };
  });

  const stop = async (): Promise<void> => {
    stopping = true;
    manager.respawn = false;
    const children = [...manager.shards.values()].map((s) => s.process).filter((c): c is ChildProcess => c !== null && !exited(c));
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map(async (c) => {
      if (await waitExit(c, stopTimeoutMs)) return;
      log(`discord sharding: process ${String(c.pid)} did not exit within ${stopTimeoutMs} ms of SIGTERM; killing it`, undefined, { level: 'warn' });
      c.kill('SIGKILL');
      await waitExit(c, 5000);
    }));
  };

  // The shards' metrics over IPC, one request each; a shard that does not answer is left out.
  const shardMetrics = async (shard: Shard): Promise<MetricsReply['metrics'] | null> => {
    const child = shard.process;
    if (!child || exited(child) || !child.connected) return null;
    const n = ++nonce;
    return new Promise((resolve) => {
      const done = (v: MetricsReply['metrics'] | null): void => { clearTimeout(timer); shard.off('message', onMessage); resolve(v); };
      const onMessage = (m: unknown): void => { if (isMetricsReply(m) && m.nonce === n) done(m.metrics); };
      const timer = setTimeout(() => done(null), METRICS_TIMEOUT_MS);
      shard.on('message', onMessage);
      shard.send({ _vram: 'metrics?', nonce: n } satisfies MetricsRequest).catch(() => done(null));
    });
  };
  const own = opts.metrics?.registry ?? new Registry();
  own.setDefaultLabels({ shard: 'manager' });
  new Gauge({
    name: 'vram_bot_discord_shards_ready', help: 'Discord shards whose gateway is ready, of vram_bot_discord_shards', registers: [own],
    collect() { this.set(views().filter((v) => v.ready).length); },
  });
  new Gauge({ name: 'vram_bot_discord_shards', help: 'Discord shards this manager runs', registers: [own], collect() { this.set(total); } });
  const metricsText = async (): Promise<string> => {
    const all = await Promise.all([...manager.shards.values()].map(shardMetrics));
    const mine = await own.getMetricsAsJSON();
    return AggregatorRegistry.aggregate([mine, ...all.filter((m): m is MetricsReply['metrics'] => m !== null)]).metrics();
  };
  // The ops routes read `registry.metrics()` and `registry.contentType`: a registry that gathers.
  const registry = new (class extends Registry {
    override metrics(): Promise<string> { return metricsText(); }
  })();
  const metrics: Metrics = { registry, command: () => undefined, latency: () => undefined, queueDepth: () => undefined, error: () => undefined };
  const ops: OpsState = {
    adapters: () => views().map((v) => ({ name: `discord-shard-${v.id}`, ready: v.ready && v.status?.adapter === true })),
    storeOpen: () => views().every((v) => v.status?.storeOpen ?? true),
    draining: () => stopping || views().some((v) => v.status?.draining === true),
    metrics,
  };

  const onAbort = (): void => { void stop(); };
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await manager.spawn({ amount: total, delay: plan.spawnDelayMs, timeout: readyTimeoutMs });
  } catch (err) {
    const wasStopping = stopping;
    await stop();
    if (wasStopping) throw new Error('discord sharding: stopped while the shards were starting', { cause: err });
    throw new Error(`discord sharding: the shards did not all start: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  log(`discord sharding: all ${total} shard(s) ready`);
  return { manager, plan, shards: views, pids, ops, metricsText, stop };
}

// ── `npm run start:sharded` ─────────────────────────────────────────────────────────────────

/** The manager process: validates the environment, starts the shards, serves ops, stops on SIGTERM. */
export async function main(source: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const parsed = parseEnv(source);
  if (!parsed.ok) {
    process.stderr.write(`[vram-bot] ${parsed.message}\n`);
    return 1;
  }
  const env: Env = parsed.env;
  const { log, flush } = createLogger({ level: env.LOG_LEVEL, secrets: secretsOf(env), base: { shard: 'manager' } });
  if (!env.DISCORD_TOKEN || !env.DISCORD_APPLICATION_ID) {
    log('DISCORD_TOKEN and DISCORD_APPLICATION_ID: required to start the Discord shards', undefined, { level: 'error' });
    flush();
    return 1;
  }
  if (env.SLACK_BOT_TOKEN) log('the sharded entry runs Discord only; Slack is not started here (run it with npm start in its own process, without DISCORD_TOKEN)', undefined, { level: 'warn' });
  const metrics = createMetrics();
  const abort = new AbortController();
  const signalled = new Promise<string>((resolve) => {
    const on = (signal: string): void => { abort.abort(); resolve(signal); };
    process.once('SIGINT', () => on('SIGINT'));
    process.once('SIGTERM', () => on('SIGTERM'));
  });
  let running: RunningShards;
  try {
    running = await startShardManager({
      token: env.DISCORD_TOKEN, shards: env.DISCORD_SHARDS, env: source, log, metrics, signal: abort.signal,
      ...(env.DISCORD_API_URL ? { apiUrl: env.DISCORD_API_URL } : {}),
      stopTimeoutMs: env.DRAIN_TIMEOUT_MS + 5000,
    });
  } catch (err) {
    if (abort.signal.aborted) {
      log(`${await signalled} while the shards were starting: stopped them`);
      flush();
      return 0;
    }
    log('discord sharding: could not start', err, { level: 'error' });
    flush();
    return 1;
  }
  const ops = env.OPS_PORT ? await startOpsServer(env.OPS_PORT, '0.0.0.0', running.ops).catch((err: unknown) => { log(`ops endpoints not served on port ${env.OPS_PORT}`, err); return null; }) : null;
  if (ops) log(`ops endpoints on port ${ops.port}: /healthz /readyz /metrics (every shard)`);
  const signal = await signalled;
  log(`${signal}: stopping the shards (each drains its commands in flight, up to ${env.DRAIN_TIMEOUT_MS} ms)`);
  await running.stop();
  await ops?.close();
  log('stopped');
  flush();
  return 0;
}

if (require.main === module) {
  const exit = (code: number): void => { process.exitCode = code; setTimeout(() => process.exit(code), 1000).unref(); };
  main().then(exit, (err: unknown) => {
    process.stderr.write(`[vram-bot] fatal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    exit(1);
  });
}
