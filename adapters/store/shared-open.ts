/**
 * Where the Slack adapter keeps what several instances must share (adapters/slack/shared-state.ts:
 * second deliveries and rate-limit buckets; adapters/slack/installations.ts: OAuth installs):
 *
 * - DATABASE_URL set and PostgreSQL opened: its tables (migration 3), on the pool the preset
 *   store uses. Any number of instances.
 * - Otherwise, with OAuth distribution (SLACK_CLIENT_ID): `slack.db` in DATA_DIR (installs must
 *   survive a restart; processes on one host share the file).
 * - Otherwise: nothing here; the adapter keeps them in memory (one instance, as before).
 */
import type { InstallationStore } from '@slack/bolt';
import type { Env } from '../env';
import { createInstallationStore } from '../slack/installations';
import type { SharedState } from '../slack/shared-state';
import type { LogFn } from '../types';
import type { OpenedPostgres } from './postgres';
import { pgInstallationRows, pgSharedState } from './shared-pg';
import { openSlackSqlite } from './shared-sqlite';

export interface SlackStores {
  readonly sharedState?: SharedState;
  readonly installationStore?: InstallationStore;
  close(): Promise<void>;
}

export function openSlackStores(env: Env, postgres: OpenedPostgres | null, log: LogFn): SlackStores {
  const oauth = Boolean(env.SLACK_CLIENT_ID);
  if (postgres) {
    const ready = (): Promise<void> => postgres.ready();
    log(`slack: second deliveries and rate limits${oauth ? ' and installations' : ''} shared through PostgreSQL`);
    return {
      sharedState: pgSharedState(postgres.pool, ready),
      ...(oauth ? { installationStore: createInstallationStore(pgInstallationRows(postgres.pool, ready)) } : {}),
      close: async () => undefined,
    };
  }
  if (env.DATABASE_URL) {
    log('slack: DATABASE_URL set but PostgreSQL is unusable: second deliveries and rate limits are kept in memory (this instance only)', undefined, { level: 'warn' });
    return { close: async () => undefined };
  }
  if (!oauth) return { close: async () => undefined };
  const opened = openSlackSqlite({ dir: env.DATA_DIR });
  if (!opened.ok) {
    log(`slack: installations cannot be stored (${opened.reason})`, undefined, { level: 'error' });
    return { close: async () => undefined };
  }
  log(`slack: installations, second deliveries and rate limits in ${opened.path} (DATABASE_URL not set)`);
  return {
    sharedState: opened.sharedState,
    installationStore: createInstallationStore(opened.installations),
    close: async () => { opened.close(); },
  };
}
