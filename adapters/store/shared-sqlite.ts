/**
 * The Slack adapter's shared state and installations in SQLite, without DATABASE_URL: a file of
 * its own, `slack.db` in DATA_DIR (so the preset database's schema and its checks are left as
 * they are), through better-sqlite3. Several processes on one host sharing DATA_DIR see one
 * state: WAL journal, `busy_timeout`, and every read-modify-write in a `BEGIN IMMEDIATE`
 * transaction (better-sqlite3 `transaction(fn).immediate`: the write lock is taken before the
 * read, SQLite "Transactions" `BEGIN IMMEDIATE`), so two processes cannot both see a key absent
 * or both spend the last token. `synchronous = NORMAL`: this state is worth less than presets
 * (losing the last few rows on power loss means one retry may run again).
 *
 * Its own append-only migrations, `PRAGMA user_version` as in ./migrations.ts.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { InstallationRows } from '../slack/installations';
import { bucketExpiry, spend, takeResult, type SharedState } from '../slack/shared-state';
import type { Migration } from './migrations';

export const SLACK_DB_FILE = 'slack.db';

export const SLACK_SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'slack shared state (seen requests, rate-limit buckets) and installations',
    sql: `
      CREATE TABLE slack_seen (
        key        TEXT    PRIMARY KEY,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX slack_seen_expires_at ON slack_seen (expires_at);
      CREATE TABLE slack_buckets (
        key        TEXT    PRIMARY KEY,
        tokens     REAL    NOT NULL,
        at         INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX slack_buckets_expires_at ON slack_buckets (expires_at);
      CREATE TABLE slack_installations (
        id            TEXT    PRIMARY KEY,
        team_id       TEXT,
        enterprise_id TEXT,
        installation  TEXT    NOT NULL,
        installed_at  INTEGER NOT NULL
      );`,
  },
];

export interface OpenedSlackSqlite {
  readonly ok: true;
  readonly path: string;
  readonly sharedState: SharedState;
  readonly installations: InstallationRows;
  close(): void;
}

/** Opens (creating or migrating) `slack.db`. Never throws: `{ ok: false, reason }` when it cannot. */
export function openSlackSqlite(opts: { readonly dir: string; readonly fileName?: string }): OpenedSlackSqlite | { readonly ok: false; readonly path: string; readonly reason: string } {
  const path = join(opts.dir, opts.fileName ?? SLACK_DB_FILE);
  let db: Database.Database;
  try {
    mkdirSync(opts.dir, { recursive: true });
    db = new Database(path);
  } catch (err) {
    return { ok: false, path, reason: `cannot open ${path}: ${err instanceof Error ? err.message : String(err)}` };
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    const latest = SLACK_SQLITE_MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);
    const migrate = db.transaction(() => {
      const from = Number(db.pragma('user_version', { simple: true }));
      if (from > latest) throw new Error(`${path} has schema version ${from}, newer than this bot understands (${latest}); upgrade the bot`);
      for (const m of SLACK_SQLITE_MIGRATIONS) {
        if (m.version <= from) continue;
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
      }
    });
    migrate.immediate();
  } catch (err) {
    try { db.close(); } catch { /* unusable */ }
    return { ok: false, path, reason: `${path}: ${err instanceof Error ? err.message : String(err)}` };
  }

  const getSeen = db.prepare<[string], { expires_at: number }>('SELECT expires_at FROM slack_seen WHERE key = ?');
  const putSeen = db.prepare<[string, number]>('INSERT INTO slack_seen (key, expires_at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at');
  const getBucket = db.prepare<[string], { tokens: number; at: number }>('SELECT tokens, at FROM slack_buckets WHERE key = ?');
  const putBucket = db.prepare<[string, number, number, number]>(
    'INSERT INTO slack_buckets (key, tokens, at, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, at = excluded.at, expires_at = excluded.expires_at',
  );
  const firstSeen = db.transaction((key: string, until: number, now: number): boolean => {
    const row = getSeen.get(key);
    if (row && row.expires_at > now) return false;
    putSeen.run(key, until);
    return true;
  });
  const take = db.transaction((key: string, capacity: number, windowMs: number, now: number) => {
    const b = getBucket.get(key);
    const r = spend(b?.tokens ?? capacity, b?.at ?? now, now, capacity, windowMs);
    putBucket.run(key, r.tokens, r.at, bucketExpiry(r.tokens, r.at, capacity, windowMs));
    return takeResult(r.ok, r.tokens, capacity, windowMs);
  });
  const sweepSeen = db.prepare<[number]>('DELETE FROM slack_seen WHERE expires_at <= ?');
  const sweepBuckets = db.prepare<[number]>('DELETE FROM slack_buckets WHERE expires_at <= ?');
  const putInst = db.prepare<[string, string | null, string | null, string, number]>(
    `INSERT INTO slack_installations (id, team_id, enterprise_id, installation, installed_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET team_id = excluded.team_id, enterprise_id = excluded.enterprise_id, installation = excluded.installation, installed_at = excluded.installed_at`,
  );
  const getInst = db.prepare<[string], { installation: string }>('SELECT installation FROM slack_installations WHERE id = ?');
  const delInst = db.prepare<[string]>('DELETE FROM slack_installations WHERE id = ?');
  let closed = false;

  return {
    ok: true,
    path,
    sharedState: {
      kind: 'sqlite',
      async firstSeen(key, ttlMs, now) { return firstSeen.immediate(key, now + ttlMs, now); },
      async take(key, capacity, windowMs, now) { return take.immediate(key, capacity, windowMs, now); },
      async sweep(now) {
        if (now.seen !== undefined) sweepSeen.run(now.seen);
        if (now.buckets !== undefined) sweepBuckets.run(now.buckets);
      },
      async close() { /* closed with the file (`close` below) */ },
    },
    installations: {
      kind: 'sqlite',
      async put(r) { putInst.run(r.id, r.teamId, r.enterpriseId, r.json, r.now); },
      async get(id) { return getInst.get(id)?.installation; },
      async delete(id) { return delInst.run(id).changes > 0; },
    },
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
