/**
 * Entry point (`npm start`): loads `.env`, validates the environment, and starts the adapters it
 * configures: Slack and/or Discord when their tokens are set, otherwise the local console.
 *
 * Operations: JSON log lines (pino, secrets scrubbed) on stderr; each chat adapter runs under a
 * supervisor that restarts it with backoff when it fails while the others keep answering; a bug
 * that escapes everything is logged with an error id and does not stop the process; `/healthz`,
 * `/readyz` and `/metrics` on `OPS_PORT`; SIGTERM (or SIGINT) stops taking new work, drains the
 * commands in flight (up to `DRAIN_TIMEOUT_MS`), closes the stores and exits 0.
 */
import 'dotenv/config';
import { parseEnv, plannedAdapters, type Env } from './env';
import { runConsole } from './console/console';
import { presetNamesFor, startDiscord } from './discord';
import { startSlack } from './slack';
import { createHandler } from '../commands/handler';
import { newErrorId } from '../commands/ids';
import { openSqlitePresetStore } from './store/sqlite';
import { openPostgres, type OpenedPostgres } from './store/postgres';
import { openSlackStores } from './store/shared-open';
import { createHubClient } from './hub/fetch';
import { openSqliteHubCache } from './hub/sqlite-cache';
import { createLogger, secretsOf } from './ops/log';
import { createMetrics } from './ops/metrics';
import { opsRoutes, startOpsServer, type OpsState } from './ops/health';
import { markedPermanent, supervise, type Supervisor } from './ops/supervise';
import type { AdapterDeps, LogFn } from './types';
import type { PresetsAccess } from '../src/store/presets';
import type { HubCache } from '../src/hub/cache';

/** Logs a bug nothing else caught, with an id, and keeps the process running. */
export function installLastResort(log: LogFn, onError: () => void = () => undefined): () => void {
  const uncaught = (err: unknown): void => {
    const id = newErrorId();
    log(`uncaught exception (error id ${id}); the process keeps running`, err, { errorId: id, level: 'error' });
    onError();
  };
  const unhandled = (reason: unknown): void => {
    const id = newErrorId();
    log(`unhandled promise rejection (error id ${id}); the process keeps running`, reason instanceof Error ? reason : new Error(String(reason)), { errorId: id, level: 'error' });
    onError();
  };
  process.on('uncaughtException', uncaught);
  process.on('unhandledRejection', unhandled);
  return () => { process.off('uncaughtException', uncaught); process.off('unhandledRejection', unhandled); };
}

/**
 * Errors a restart cannot cure: the platform rejected the credentials. Everything else (a dropped
 * gateway, a refused connection, a bug) is retried with backoff.
 */
export function rejectedCredentials(err: Error): boolean {
  const code = (err as Error & { code?: unknown }).code;
  return markedPermanent(err) || code === 'TokenInvalid' || code === 'DisallowedIntents'
    || /\b(invalid_auth|not_authed|account_inactive|token_revoked|An invalid token was provided)\b/.test(err.message);
}

/** Waits for `p`, or `ms`, whichever comes first. */
async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let t: NodeJS.Timeout | undefined;
  const late = new Promise<false>((r) => { t = setTimeout(() => r(false), ms); });
  try {
    return await Promise.race([p.then(() => true, () => true), late]);
  } finally {
    clearTimeout(t);
  }
}

/**
 * Whether PostgreSQL answers: `SELECT 1` through the pool every `everyMs`, each with a 2-second
 * timeout. Not ready only after `misses` probes in a row fail, so an instance whose CPUs are
 * saturated for a moment (one slow answer) is not taken out by its load balancer exactly when it
 * is busiest (bench:scale at 200/s on 2 CPUs showed it). A change is logged once. The timer never
 * keeps the process alive.
 */
export function databaseProbe(pg: Pick<OpenedPostgres, 'pool'>, log: LogFn, everyMs = 5000, misses = 3): { up: () => boolean; stop: () => void } {
  let up = true;
  let failed = 0;
  const check = async (): Promise<void> => {
    let ok = false;
    try {
      await Promise.race([pg.pool.query('SELECT 1'), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref())]);
      ok = true;
    } catch {
      ok = false;
    }
    failed = ok ? 0 : failed + 1;
    const now = failed < misses;
    if (now !== up) log(now ? 'database answers again: ready' : `database does not answer (${misses} probes in a row): not ready (estimates still work)`, undefined, { level: now ? 'info' : 'warn' });
    up = now;
  };
  const timer = setInterval(() => { void check(); }, everyMs);
  timer.unref();
  return { up: () => up, stop: () => clearInterval(timer) };
}

/**
 * The stores, from the environment: PostgreSQL when DATABASE_URL is set (presets, run records
 * and the Hub cache shared by every instance; adapters/store/postgres.ts), else the SQLite files
 * in DATA_DIR. Says which in the log (host and database only, never the URL). A store that
 * cannot be opened is logged and reported to users (presets "unavailable"), never repaired or
 * replaced; estimates still work, with the Hub cache in memory.
 */
export async function openStores(env: Env, log: LogFn): Promise<{
  presets: PresetsAccess; hubCache: HubCache | null;
  /** The PostgreSQL connection (its pool, for other state kept there), when DATABASE_URL opened one. */
  postgres: OpenedPostgres | null;
  close: () => Promise<void>;
}> {
  const cacheError = (err: unknown): void => log('hub cache: read/write failed (treated as a miss)', err, { level: 'warn' });
  if (env.DATABASE_URL) {
    const pg = await openPostgres(env.DATABASE_URL, {
      // A database not up yet (started together with the bot) is waited for: presets say
      // "unavailable" until it answers, then the schema is migrated on first use.
      waitForServer: true,
      hubCache: { onError: cacheError },
      // An idle connection the server dropped: logged; the pool opens a new one on the next call.
      onPoolError: (err) => log('PostgreSQL: an idle connection failed (the pool reconnects on the next call)', err, { level: 'warn' }),
    });
    if (pg.ok) {
      log(`state: ${pg.summary} (DATABASE_URL set)`, undefined, pg.migrations ? undefined : { level: 'warn' });
      return { presets: { ok: true, store: pg.presets }, hubCache: pg.hubCache, postgres: pg, close: () => pg.close() };
    }
    log(`state: DATABASE_URL set, but PostgreSQL cannot be used; presets unavailable (estimates still work), hub cache in memory: ${pg.reason}`, undefined, { level: 'warn' });
    return { presets: { ok: false, reason: pg.reason }, hubCache: null, postgres: null, close: async () => undefined };
  }
  const presets = openSqlitePresetStore({ dir: env.DATA_DIR });
  if (presets.ok) log(`state: SQLite in DATA_DIR (DATABASE_URL not set); presets: ${presets.summary}`);
  else log(`presets unavailable (estimates still work): ${presets.reason}`, undefined, { level: 'warn' });
  // Models outside the catalog: the Hub's config.json, cached in DATA_DIR (memory if that fails).
  const hubCache = openSqliteHubCache({ dir: env.DATA_DIR, onError: cacheError });
  if (!hubCache.ok) log(`hub cache: in memory only (${hubCache.reason})`, undefined, { level: 'warn' });
  return {
    presets: presets.ok ? { ok: true, store: presets.store } : { ok: false, reason: presets.reason },
    hubCache: hubCache.ok ? hubCache.cache : null,
    postgres: null,
    async close() {
      if (presets.ok) await presets.store.close();
      if (hubCache.ok) hubCache.cache.close();
    },
  };
}

export async function main(): Promise<number> {
  const parsed = parseEnv(process.env);
  if (!parsed.ok) {
    process.stderr.write(`[vram-bot] ${parsed.message}\n`);
    return 1;
  }
  const env: Env = parsed.env;
  const { log, flush } = createLogger({ level: env.LOG_LEVEL, secrets: secretsOf(env) });
  const metrics = createMetrics();
  installLastResort(log, () => metrics.error('process', 'uncaught'));
  const plan = plannedAdapters(env);
  const names: string[] = [];
  if (plan.slack) names.push(`slack (${plan.slack})`);
  if (plan.discord) names.push(`discord (${plan.discord})`);
  if (plan.console) names.push(`console (${plan.console})`);
  log(`starting adapters: ${names.join(', ')}`);
  const { presets, hubCache, postgres, close: closeStores } = await openStores(env, log);
  // Slack's second deliveries, rate limits and OAuth installs: shared through the database (adapters/store/shared-open.ts).
  const slackStores = plan.slack ? openSlackStores(env, postgres, log) : null;
  // PostgreSQL can go away after start-up: /readyz follows a probe (SELECT 1, 2 s timeout, every 5 s) instead of the start-up answer.
  const dbProbe = postgres ? databaseProbe(postgres, log) : null;
  const hub = createHubClient({
    ...(env.HF_ENDPOINT ? { endpoint: env.HF_ENDPOINT } : {}),
    ...(env.HF_TOKEN ? { token: env.HF_TOKEN } : {}),
    ...(hubCache ? { cache: hubCache } : {}),
  });
  const deps: AdapterDeps = { core: createHandler({ presets, admins: env.ADMIN_USER_IDS, log, hub }), log, metrics };
  if (plan.console) {
    await runConsole({ input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY), log, core: deps.core });
    dbProbe?.stop();
    await closeStores();
    flush();
    return 0;
  }

  let draining = false;
  const supervisors: Supervisor[] = [];
  const common = (name: string) => ({ name, log, isPermanent: rejectedCredentials, onRestart: (): void => metrics.error(name, 'restart') });
  // In HTTP mode the operator's routes are on the Slack server too (one port for a container).
  const slackRoutes = env.SLACK_APP_TOKEN ? {} : { customRoutes: opsRoutes({ adapters: () => state.adapters(), storeOpen: () => state.storeOpen(), draining: () => state.draining(), metrics }) };
  if (plan.slack) supervisors.push(supervise({ ...common('slack'), start: () => startSlack(env, deps, slackRoutes, slackStores ?? {}) }));
  if (plan.discord) supervisors.push(supervise({ ...common('discord'), start: () => startDiscord(env, deps, { presetNames: presetNamesFor(presets), ...(presets.ok ? { buttons: presets.store } : {}) }) }));
  const state: OpsState = {
    adapters: () => supervisors.map((s) => ({ name: s.name, ready: s.ready() })),
    storeOpen: () => presets.ok && (dbProbe?.up() ?? true),
    draining: () => draining,
    metrics,
  };
  const ops = env.OPS_PORT ? await startOpsServer(env.OPS_PORT, '0.0.0.0', state).catch((err: unknown) => { log(`ops endpoints not served on port ${env.OPS_PORT}`, err); return null; }) : null;
  if (ops) log(`ops endpoints on port ${ops.port}: /healthz /readyz /metrics`);
  const started = await Promise.all(supervisors.map((s) => s.started));
  if (!started.some(Boolean)) log('no chat adapter started yet; the supervisors keep retrying', undefined, { level: 'error' });

  return new Promise<number>((resolve) => {
    const stop = (signal: string): void => {
      if (draining) return;
      draining = true;
      log(`${signal}: draining the commands in flight (up to ${env.DRAIN_TIMEOUT_MS} ms), then exiting`);
      const all = Promise.allSettled(supervisors.map((s) => s.stop()));
      void within(all, env.DRAIN_TIMEOUT_MS).then(async (clean) => {
        if (!clean) log(`drain took over ${env.DRAIN_TIMEOUT_MS} ms; exiting with work still in flight`, undefined, { level: 'warn' });
        await ops?.close();
        dbProbe?.stop();
        await slackStores?.close();
        await closeStores();
        log('stopped');
        flush();
        resolve(0);
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

if (require.main === module) {
  // The exit code is set and the process ends when its work is done; a handle left open by a
  // library cannot keep it alive past one more second.
  const exit = (code: number): void => { process.exitCode = code; setTimeout(() => process.exit(code), 1000).unref(); };
  main().then(exit, (err: unknown) => {
    process.stderr.write(`[vram-bot] fatal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    exit(1);
  });
}
