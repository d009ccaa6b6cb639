/**
 * One Discord gateway shard: the process discord.js's `ShardingManager` forks for each shard
 * (`sharding.ts`, `npm run start:sharded`). It runs the normal Discord adapter
 * (`startDiscordBot`) with the same services as `npm start` (presets, the Hub client and its
 * cache, metrics, the last-resort error log), for the shard the manager gives it.
 *
 * - Which shard: discord.js's `Client` reads `SHARDS` and `SHARD_COUNT` from the environment the
 *   manager sets (discord.js src/client/Client.js constructor), and reports `_ready`,
 *   `_disconnect` and `_reconnecting` to the manager over IPC (src/sharding/ShardClientUtil.js).
 *   Every log line carries the shard id (`shard` field).
 * - One client per process: discord.js's IPC helper is a singleton bound to the first client
 *   (`ShardClientUtil.singleton`), so a failed client is not restarted in place. The process
 *   exits instead and the manager respawns it (`respawn: true`); a failure no restart cures (the
 *   token or intents rejected, a shard Discord refuses) exits with `EXIT_CONFIG`, and the manager
 *   waits longest before the next try.
 * - Ops: the manager serves `/healthz`, `/readyz` and `/metrics`; this process reports its status
 *   (`ShardStatus`) whenever it changes and answers metrics requests with its registry, every
 *   series labelled with the shard.
 * - SIGTERM (the manager stopping), or the manager's IPC channel closing (the manager is gone):
 *   stop taking interactions, drain those in flight (up to `DRAIN_TIMEOUT_MS`), close the stores,
 *   exit 0.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseEnv, type Env } from '../env';
import { createHandler } from '../../commands/handler';
import { createHubClient } from '../hub/fetch';
import { createLogger, secretsOf } from '../ops/log';
import { createMetrics } from '../ops/metrics';
import { installLastResort, openStores, rejectedCredentials } from '../main';
import type { AdapterDeps, LogFn } from '../types';
import { presetNamesFor, startDiscord, type RunningDiscord } from './index';
import { EXIT_CONFIG, START_DELAY_VAR, isMetricsRequest, type MetricsReply, type ShardStatus } from './sharding';

/** How often the shard checks whether its status changed (the manager hears of a change within this). */
const STATUS_POLL_MS = 500;

/** The shard this process runs, from the manager's `SHARDS` and `SHARD_COUNT`, or why not. */
export function shardOfEnv(source: Readonly<Record<string, string | undefined>>): { id: number; count: number } | string {
  const id = Number(source.SHARDS);
  const count = Number(source.SHARD_COUNT);
  if (source.SHARDING_MANAGER !== 'true') return 'SHARDING_MANAGER: not set; this file is started by `npm run start:sharded`, not directly';
  if (!Number.isInteger(count) || count < 1) return `SHARD_COUNT: must be a whole number of shards, got ${JSON.stringify(source.SHARD_COUNT)}`;
  if (!Number.isInteger(id) || id < 0 || id >= count) return `SHARDS: must be one shard id from 0 to ${count - 1}, got ${JSON.stringify(source.SHARDS)}`;
  return { id, count };
}

/** Runs the shard until it is stopped (exit code 0) or fails (1, or `EXIT_CONFIG`). */
export async function runShard(source: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const shard = shardOfEnv(source);
  if (typeof shard === 'string') {
    process.stderr.write(`[vram-bot] ${shard}\n`);
    return EXIT_CONFIG;
  }
  const parsed = parseEnv(source);
  if (!parsed.ok) {
    process.stderr.write(`[vram-bot shard ${shard.id}] ${parsed.message}\n`);
    return EXIT_CONFIG;
  }
  const env: Env = parsed.env;
  const { log: baseLog, flush } = createLogger({ level: env.LOG_LEVEL, secrets: secretsOf(env), base: { shard: shard.id } });
  const log: LogFn = baseLog;
  const metrics = createMetrics();
  metrics.registry.setDefaultLabels({ shard: String(shard.id) });
  installLastResort(log, () => metrics.error('process', 'uncaught'));

  // The same state as `npm start`: PostgreSQL when DATABASE_URL is set (shared by every shard), else SQLite in DATA_DIR.
  const { presets, hubCache, close: closeStores } = await openStores(env, log);
  const hub = createHubClient({
    ...(env.HF_ENDPOINT ? { endpoint: env.HF_ENDPOINT } : {}),
    ...(env.HF_TOKEN ? { token: env.HF_TOKEN } : {}),
    ...(hubCache ? { cache: hubCache } : {}),
  });
  const deps: AdapterDeps = { core: createHandler({ presets, admins: env.ADMIN_USER_IDS, log, hub }), log, metrics };

  let bot: RunningDiscord | null = null;
  let draining = false;
  // Status to the manager, on every change.
  const status = (): ShardStatus => ({ _vram: 'status', adapter: bot?.ready() ?? false, storeOpen: presets.ok, draining });
  let lastSent = '';
  const report = (): void => {
    const s = status();
    const text = JSON.stringify(s);
    if (text === lastSent || !process.connected) return;
    lastSent = text;
    process.send?.(s, undefined, undefined, () => undefined);
  };
  const poll = setInterval(report, STATUS_POLL_MS);
  poll.unref();
  // Metrics to the manager, when asked.
  const onMessage = (m: unknown): void => {
    if (!isMetricsRequest(m)) return;
    void metrics.registry.getMetricsAsJSON().then((all) => {
      const reply: MetricsReply = { _vram: 'metrics', nonce: m.nonce, metrics: all };
      if (process.connected) process.send?.(reply, undefined, undefined, () => undefined);
    }, (err: unknown) => log('discord shard: metrics not collected', err, { level: 'warn' }));
  };
  process.on('message', onMessage);

  let resolveStop: (why: string) => void = () => undefined;
  const stopRequested = new Promise<string>((resolve) => { resolveStop = resolve; });
  process.once('SIGTERM', () => resolveStop('SIGTERM'));
  process.once('SIGINT', () => resolveStop('SIGINT'));
  process.once('disconnect', () => {
    // discord.js's IPC helper tells the manager of each gateway disconnect with a bare
    // `process.send` (src/sharding/ShardClientUtil.js, `_disconnect`), which throws
    // ERR_IPC_CHANNEL_CLOSED once the manager is gone: with no manager, nothing is sent.
    process.send = ((..._args: unknown[]) => false) as typeof process.send;
    resolveStop('the sharding manager is gone (IPC channel closed)');
  });

  const finish = async (code: number): Promise<number> => {
    clearInterval(poll);
    process.off('message', onMessage);
    await closeStores();
    flush();
    return code;
  };

  const delay = Number(source[START_DELAY_VAR] ?? 0);
  if (Number.isFinite(delay) && delay > 0) {
    log(`discord shard ${shard.id}/${shard.count}: waiting ${delay} ms before logging in (it died soon after its last starts)`);
    const stopped = await Promise.race([sleep(delay).then(() => null), stopRequested]);
    if (stopped !== null) { log(`${stopped} before logging in: stopped`); return finish(0); }
  }
  log(`discord shard ${shard.id}/${shard.count}: logging in`);
  const starting = startDiscord(env, deps, { presetNames: presetNamesFor(presets), ...(presets.ok ? { buttons: presets.store } : {}) }) as Promise<RunningDiscord>;
  const first = await Promise.race([
    starting.then((b) => ({ bot: b }), (err: unknown) => ({ err: err instanceof Error ? err : new Error(String(err)) })),
    stopRequested.then((why) => ({ why })),
  ]);
  if ('why' in first) {
    // Stopped while logging in: let the login settle, then stop the client it made.
    draining = true;
    log(`${first.why} while logging in: stopping`);
    const late = await starting.catch(() => null);
    await late?.stop();
    return finish(0);
  }
  if ('err' in first) {
    const permanent = rejectedCredentials(first.err);
    log(`discord shard ${shard.id}/${shard.count}: could not start${permanent ? ' (a restart cannot cure this)' : ''}`, first.err, { level: 'error' });
    return finish(permanent ? EXIT_CONFIG : 1);
  }
  bot = first.bot;
  report();
  log(`discord shard ${shard.id}/${shard.count}: ready in ${bot.client.guilds.cache.size} guild(s)`);

  const outcome = await Promise.race([
    stopRequested.then((why) => ({ why })),
    (bot.failed ?? new Promise<never>(() => undefined)).then((err) => ({ err })),
  ]);
  draining = true;
  report();
  if ('err' in outcome) {
    const permanent = rejectedCredentials(outcome.err);
    log(`discord shard ${shard.id}/${shard.count}: the gateway closed for good; exiting so that the manager respawns the shard`, outcome.err, { level: 'error' });
    await bot.stop().catch((err: unknown) => log('discord shard: stop failed', err));
    return finish(permanent ? EXIT_CONFIG : 1);
  }
  log(`${outcome.why}: draining the commands in flight (up to ${env.DRAIN_TIMEOUT_MS} ms), then exiting`);
  const stopping = bot.stop();
  const clean = await Promise.race([stopping.then(() => true, () => true), sleep(env.DRAIN_TIMEOUT_MS).then(() => false)]);
  if (!clean) log(`drain took over ${env.DRAIN_TIMEOUT_MS} ms; exiting with work still in flight`, undefined, { level: 'warn' });
  log('stopped');
  return finish(0);
}

if (require.main === module) {
  // As adapters/main.ts: the exit code is set, and a handle a library left open cannot keep the
  // process alive past one more second.
  const exit = (code: number): void => { process.exitCode = code; setTimeout(() => process.exit(code), 1000).unref(); };
  runShard().then(exit, (err: unknown) => {
    process.stderr.write(`[vram-bot shard] fatal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    exit(1);
  });
}
