/**
 * Entry point (`npm start`): loads `.env`, validates the environment, and starts the adapters
 * it configures: Slack and/or Discord when their tokens are set, otherwise the local console.
 */
import 'dotenv/config';
import { parseEnv, plannedAdapters } from './env';
import { runConsole } from './console/console';
import { presetNamesFor, startDiscord } from './discord';
import { startSlack } from './slack';
import { createHandler } from '../commands/handler';
import { openSqlitePresetStore } from './store/sqlite';
import { createHubClient } from './hub/fetch';
import { openSqliteHubCache } from './hub/sqlite-cache';
import type { AdapterDeps, RunningAdapter } from './types';

function log(msg: string, err?: unknown): void {
  const detail = err instanceof Error ? ` ${err.stack ?? err.message}` : err !== undefined ? ` ${String(err)}` : '';
  process.stderr.write(`[vram-bot] ${msg}${detail}\n`);
}

export async function main(): Promise<number> {
  const parsed = parseEnv(process.env);
  if (!parsed.ok) {
    log(parsed.message);
    return 1;
  }
  const env = parsed.env;
  const plan = plannedAdapters(env);
  const names: string[] = [];
  if (plan.slack) names.push(`slack (${plan.slack})`);
  if (plan.discord) names.push(`discord (${plan.discord})`);
  if (plan.console) names.push(`console (${plan.console})`);
  log(`starting adapters: ${names.join(', ')}`);
  // Presets: a file that cannot be used is logged and reported to users, never repaired or replaced.
  const presets = openSqlitePresetStore({ dir: env.DATA_DIR });
  log(presets.ok ? `presets: ${presets.summary}` : `presets unavailable (estimates still work): ${presets.reason}`);
  const closeStore = async (): Promise<void> => {
    if (presets.ok) await presets.store.close();
    if (hubCache.ok) hubCache.cache.close();
  };
  // Models outside the catalog: the Hub's config.json, cached in DATA_DIR (memory if that fails).
  const hubCache = openSqliteHubCache({ dir: env.DATA_DIR });
  if (!hubCache.ok) log(`hub cache: in memory only (${hubCache.reason})`);
  const hub = createHubClient({
    ...(env.HF_ENDPOINT ? { endpoint: env.HF_ENDPOINT } : {}),
    ...(env.HF_TOKEN ? { token: env.HF_TOKEN } : {}),
    ...(hubCache.ok ? { cache: hubCache.cache } : {}),
  });
  const deps: AdapterDeps = { core: createHandler({ presets, admins: env.ADMIN_USER_IDS, log, hub }), log };
  if (plan.console) {
    await runConsole({ input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY), log, core: deps.core });
    await closeStore();
    return 0;
  }
  const running: RunningAdapter[] = [];
  if (plan.slack) running.push(await startSlack(env, deps));
  if (plan.discord) running.push(await startDiscord(env, deps, { presetNames: presetNamesFor(presets) }));
  const stop = (): void => {
    log('shutting down');
    void Promise.allSettled(running.map((a) => a.stop())).then(closeStore).finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => undefined);
}

if (require.main === module) {
  main().then((code) => { process.exitCode = code; }, (err: unknown) => { log('fatal error', err); process.exitCode = 1; });
}
