/**
 * The Hub lookup cache in SQLite (`hub-cache.db` under DATA_DIR), so lookups survive restarts
 * and are shared by every adapter in the process. Entries expire `ttlMs` after `fetchedAt`
 * (remembered failures after their own, shorter lifetime). The payload (each row's JSON and id,
 * in bytes) is capped at `maxBytes`: past it the least recently used rows (by the time they
 * were last stored or read) are deleted. Expired rows are deleted on open, on every write and by
 * a sweep every `sweepIntervalMs` (a timer the cache owns, unref'd, cleared by `close`), so they
 * go without being read again.
 *
 * A file that cannot be opened is reported, and the caller falls back to the memory cache.
 * Once open, the cache never throws: a failing read is a miss, a failing write is skipped, and
 * both are passed to `onError` (for the log; users never see them).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HubCache, HubCacheEntry, HubCachedFailure } from '../../src/hub/cache';
import { DEFAULT_HUB_CACHE_MAX_BYTES, DEFAULT_HUB_TTL_MS, payloadOf } from './memory-cache';

/** How often expired rows are swept by default. */
export const DEFAULT_HUB_SWEEP_INTERVAL_MS = 10 * 60 * 1000;

export interface SqliteHubCacheOptions {
  readonly dir: string;
  /** Entry lifetime, counted from `fetchedAt`; default 24 h. */
  readonly ttlMs?: number;
  /** Most payload bytes kept (each row's JSON and id); default 64 MiB. */
  readonly maxBytes?: number;
  /** Interval of the sweep of expired rows; default 10 minutes; 0: no timer (on open and on writes only). */
  readonly sweepIntervalMs?: number;
  /** Clock in ms since the epoch; tests inject one. Default `Date.now`. */
  readonly now?: () => number;
  /** Told about a read or write that failed (and was turned into a miss or skipped). */
  readonly onError?: (err: unknown) => void;
}

export interface SqliteHubCache extends HubCache {
  /** Deletes every expired row now; returns how many. */
  sweep(): number;
  /** Rows held and their payload bytes. */
  stats(): { readonly entries: number; readonly bytes: number };
  /** Stops the sweep timer and closes the file; the cache is then empty and ignores writes. */
  close(): void;
}

export type SqliteHubCacheResult = { ok: true; cache: SqliteHubCache } | { ok: false; reason: string };

/** The schema version this file writes (`PRAGMA user_version`). */
const SCHEMA_VERSION = 1;

/** Version 0 is the first release's table: id, entry, fetched_at; every row a config. */
function migrate(db: Database.Database, ttlMs: number): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) throw new Error(`hub-cache.db has schema version ${version}; this build reads up to ${SCHEMA_VERSION}`);
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS hub_cache (id TEXT PRIMARY KEY, entry TEXT NOT NULL, fetched_at INTEGER NOT NULL)');
    db.exec(`
      ALTER TABLE hub_cache ADD COLUMN kind TEXT NOT NULL DEFAULT 'config';
      ALTER TABLE hub_cache ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE hub_cache ADD COLUMN last_used INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE hub_cache ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
    `);
    db.prepare('UPDATE hub_cache SET expires_at = fetched_at + ?, last_used = fetched_at, bytes = length(CAST(id AS BLOB)) + length(CAST(entry AS BLOB))').run(ttlMs);
    db.exec(`
      CREATE INDEX hub_cache_last_used ON hub_cache (last_used);
      CREATE INDEX hub_cache_expires_at ON hub_cache (expires_at);
      CREATE TABLE hub_cache_size (one INTEGER PRIMARY KEY CHECK (one = 1), bytes INTEGER NOT NULL);
      INSERT INTO hub_cache_size VALUES (1, (SELECT COALESCE(SUM(bytes), 0) FROM hub_cache));
      CREATE TRIGGER hub_cache_size_insert AFTER INSERT ON hub_cache BEGIN UPDATE hub_cache_size SET bytes = bytes + NEW.bytes; END;
      CREATE TRIGGER hub_cache_size_delete AFTER DELETE ON hub_cache BEGIN UPDATE hub_cache_size SET bytes = bytes - OLD.bytes; END;
      CREATE TRIGGER hub_cache_size_update AFTER UPDATE OF bytes ON hub_cache BEGIN UPDATE hub_cache_size SET bytes = bytes - OLD.bytes + NEW.bytes; END;
    `);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

type Kind = 'config' | 'failure';
interface Row { kind: Kind; entry: string; expires_at: number }

export function openSqliteHubCache(opts: SqliteHubCacheOptions): SqliteHubCacheResult {
  const ttlMs = opts.ttlMs ?? DEFAULT_HUB_TTL_MS;
  const maxBytes = opts.maxBytes ?? DEFAULT_HUB_CACHE_MAX_BYTES;
  const sweepIntervalMs = opts.sweepIntervalMs ?? DEFAULT_HUB_SWEEP_INTERVAL_MS;
  const now = opts.now ?? Date.now;
  const onError = opts.onError ?? ((): void => undefined);
  let db: Database.Database;
  try {
    mkdirSync(opts.dir, { recursive: true });
    db = new Database(join(opts.dir, 'hub-cache.db'));
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
  let stmts;
  try {
    // A new file gives freed pages back to the file system on each sweep (must precede the first table).
    const fresh = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_master").get()?.n === 0;
    if (fresh) db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    // The WAL file is truncated back to this after a checkpoint instead of staying at its largest.
    db.pragma('journal_size_limit = 4194304');
    migrate(db, ttlMs);
    stmts = {
      get: db.prepare<[string], Row>('SELECT kind, entry, expires_at FROM hub_cache WHERE id = ?'),
      touch: db.prepare<[number, string]>('UPDATE hub_cache SET last_used = ? WHERE id = ?'),
      put: db.prepare<[string, string, number, Kind, number, number, number]>(
        `INSERT INTO hub_cache (id, entry, fetched_at, kind, expires_at, last_used, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET entry = excluded.entry, fetched_at = excluded.fetched_at, kind = excluded.kind,
           expires_at = excluded.expires_at, last_used = excluded.last_used, bytes = excluded.bytes`,
      ),
      drop: db.prepare<[string]>('DELETE FROM hub_cache WHERE id = ?'),
      expired: db.prepare<[number]>('DELETE FROM hub_cache WHERE expires_at <= ?'),
      size: db.prepare<[], { bytes: number }>('SELECT bytes FROM hub_cache_size'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM hub_cache'),
      oldest: db.prepare<[], { id: string; bytes: number }>('SELECT id, bytes FROM hub_cache ORDER BY last_used, id LIMIT 64'),
      lastUsed: db.prepare<[], { t: number | null }>('SELECT max(last_used) AS t FROM hub_cache'),
      freePages: db.prepare<[], { freelist_count: number }>('PRAGMA freelist_count'),
    };
  } catch (err) {
    db.close();
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
  const s = stmts;
  let closed = false;
  /** Last-use stamps: the clock, made strictly increasing so that LRU order has no ties. */
  let lastStamp = s.lastUsed.get()?.t ?? 0;
  const stamp = (): number => (lastStamp = Math.max(now(), lastStamp + 1));

  /** Runs `f`, turning a failure (or a closed cache) into `fallback`. */
  function guarded<T>(fallback: T, f: () => T): T {
    if (closed) return fallback;
    try {
      return f();
    } catch (err) {
      onError(err);
      return fallback;
    }
  }

  const evict = (): void => {
    let total = s.size.get()?.bytes ?? 0;
    while (total > maxBytes) {
      const rows = s.oldest.all();
      if (rows.length === 0) return;
      for (const r of rows) {
        s.drop.run(r.id);
        total -= r.bytes;
        if (total <= maxBytes) return;
      }
    }
  };
  const sweep = (): number => guarded(0, () => {
    const n = s.expired.run(now()).changes;
    if (n > 0 && (s.freePages.get()?.freelist_count ?? 0) > 0) db.pragma('incremental_vacuum');
    return n;
  });
  const store = db.transaction((id: string, kind: Kind, value: unknown, fetchedAt: number, ttl: number): void => {
    const p = payloadOf(id, value);
    if (p === undefined || p.bytes > maxBytes || fetchedAt + ttl <= now()) {
      s.drop.run(id);
      return;
    }
    s.expired.run(now());
    s.put.run(id, p.text, fetchedAt, kind, fetchedAt + ttl, stamp(), p.bytes);
    evict();
  });
  const read = <T>(id: string, kind: Kind): T | undefined => guarded<T | undefined>(undefined, () => {
    const row = s.get.get(id);
    if (!row) return undefined;
    if (now() >= row.expires_at) {
      s.drop.run(id);
      return undefined;
    }
    if (row.kind !== kind) return undefined;
    let value: T;
    try {
      value = JSON.parse(row.entry) as T;
    } catch (err) {
      s.drop.run(id);
      throw err;
    }
    s.touch.run(stamp(), id);
    return value;
  });

  sweep();
  const timer = sweepIntervalMs > 0 ? setInterval(sweep, sweepIntervalMs) : undefined;
  timer?.unref();

  return {
    ok: true,
    cache: {
      get: (id) => Promise.resolve(read<HubCacheEntry>(id, 'config')),
      set(id, entry, ttl = ttlMs) {
        guarded(undefined, () => store(id, 'config', entry, entry.fetchedAt, ttl));
        return Promise.resolve();
      },
      getFailure: (id) => Promise.resolve(read<HubCachedFailure>(id, 'failure')),
      setFailure(id, failure, ttl) {
        guarded(undefined, () => store(id, 'failure', failure, failure.fetchedAt, ttl));
        return Promise.resolve();
      },
      sweep,
      stats: () => guarded({ entries: 0, bytes: 0 }, () => ({ entries: s.count.get()?.n ?? 0, bytes: s.size.get()?.bytes ?? 0 })),
      close() {
        if (closed) return;
        closed = true;
        if (timer) clearInterval(timer);
        try {
          db.close();
        } catch (err) {
          onError(err);
        }
      },
    },
  };
}
