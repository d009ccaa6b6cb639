/**
 * The Hub lookup cache in SQLite (`hub-cache.db` under DATA_DIR), so lookups survive restarts
 * and are shared by every adapter in the process. Entries expire `ttlMs` after `fetchedAt`.
 * A file that cannot be opened is reported, and the caller falls back to the memory cache.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HubCache, HubCacheEntry } from '../../src/hub/cache';
import { DEFAULT_HUB_TTL_MS } from './memory-cache';

export interface SqliteHubCacheOptions {
  readonly dir: string;
  readonly ttlMs?: number;
  readonly now?: () => number;
}

export type SqliteHubCacheResult = { ok: true; cache: HubCache & { close(): void } } | { ok: false; reason: string };

export function openSqliteHubCache(opts: SqliteHubCacheOptions): SqliteHubCacheResult {
  const ttlMs = opts.ttlMs ?? DEFAULT_HUB_TTL_MS;
  const now = opts.now ?? Date.now;
  let db: Database.Database;
  try {
    mkdirSync(opts.dir, { recursive: true });
    db = new Database(join(opts.dir, 'hub-cache.db'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE IF NOT EXISTS hub_cache (id TEXT PRIMARY KEY, entry TEXT NOT NULL, fetched_at INTEGER NOT NULL)');
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
  const get = db.prepare<[string], { entry: string; fetched_at: number }>('SELECT entry, fetched_at FROM hub_cache WHERE id = ?');
  const put = db.prepare<[string, string, number]>('INSERT INTO hub_cache (id, entry, fetched_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET entry = excluded.entry, fetched_at = excluded.fetched_at');
  const drop = db.prepare<[string]>('DELETE FROM hub_cache WHERE id = ?');
  return {
    ok: true,
    cache: {
      get(id) {
        const row = get.get(id);
        if (!row) return Promise.resolve(undefined);
        if (now() - row.fetched_at >= ttlMs) {
          drop.run(id);
          return Promise.resolve(undefined);
        }
        return Promise.resolve(JSON.parse(row.entry) as HubCacheEntry);
      },
      set(id, entry) {
        put.run(id, JSON.stringify(entry), entry.fetchedAt);
        return Promise.resolve();
      },
      close() { db.close(); },
    },
  };
}
