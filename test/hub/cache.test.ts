import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryHubCache, DEFAULT_HUB_TTL_MS } from '../../adapters/hub/memory-cache';
import { openSqliteHubCache, type SqliteHubCache, type SqliteHubCacheOptions } from '../../adapters/hub/sqlite-cache';
import { bigEntry, HOUR, MiB, runHubCacheSuite, small, T0, type Made, type Maker } from './cache-suite';

// The contract shared by every Hub cache (memory, SQLite, PostgreSQL) is in ./cache-suite.ts.

const tmp = (): string => mkdtempSync(join(tmpdir(), 'hubcache-'));
const fileSize = (p: string): number => (existsSync(p) ? statSync(p).size : 0);

function openSqlite(opts: Omit<SqliteHubCacheOptions, 'dir'> & { dir?: string }): Omit<Made, 'cache'> & { dir: string; cache: SqliteHubCache } {
  const dir = opts.dir ?? tmp();
  const r = openSqliteHubCache({ sweepIntervalMs: 0, ...opts, dir });
  if (!r.ok) throw new Error(r.reason);
  const db = join(dir, 'hub-cache.db');
  return { dir, cache: r.cache, fileBytes: () => fileSize(db) + fileSize(`${db}-wal`), close: () => r.cache.close() };
}

const MAKERS: ReadonlyArray<[string, Maker]> = [
  ['memory', (o) => ({ cache: createMemoryHubCache({ maxEntries: 1_000_000, ...o }), fileBytes: () => 0, close: () => undefined })],
  ['sqlite', (o) => openSqlite(o)],
];

describe.each(MAKERS)('the %s Hub cache', (_name, make) => {
  runHubCacheSuite(make);
});

describe('the SQLite Hub cache file', () => {
  test('GIVEN 200 distinct 0.9 MB configs (the reliability review case) THEN hub-cache.db stays near the 64 MiB default, not 185 MB', async () => {
    const c = openSqlite({});
    try {
      for (let i = 0; i < 200; i++) await c.cache.set(`org/m${i}`, bigEntry(900_000, `m${i}`, Date.now()));
      expect(c.cache.stats().bytes).toBeLessThanOrEqual(64 * MiB);
      expect(c.fileBytes()).toBeLessThan(64 * MiB * 1.1 + 5 * MiB);
      expect(await c.cache.get('org/m199')).toBeDefined();
      expect(await c.cache.get('org/m0')).toBeUndefined();
    } finally {
      c.close();
    }
  });

  test('GIVEN expired rows and a short sweep interval THEN the timer deletes them without any read; close() stops it', async () => {
    let clock = T0;
    const c = openSqlite({ now: () => clock, sweepIntervalMs: 20 });
    await c.cache.set('a/1', small('1'));
    await c.cache.set('a/2', small('2'));
    clock += DEFAULT_HUB_TTL_MS;
    await new Promise((r) => setTimeout(r, 150));
    const rows = new Database(join(c.dir, 'hub-cache.db'), { readonly: true });
    try {
      expect(rows.prepare('SELECT count(*) AS n FROM hub_cache').get()).toEqual({ n: 0 });
    } finally {
      rows.close();
    }
    c.close();
    // Closed: reads miss, writes are ignored, nothing throws.
    await expect(c.cache.set('a/3', small('3', clock))).resolves.toBeUndefined();
    await expect(c.cache.get('a/3')).resolves.toBeUndefined();
    expect(c.cache.sweep()).toBe(0);
  });

  test('GIVEN rows that expired while the bot was down THEN opening the file sweeps them', async () => {
    let clock = T0;
    const a = openSqlite({ now: () => clock });
    await a.cache.set('a/1', small('1'));
    a.close();
    clock += DEFAULT_HUB_TTL_MS;
    const b = openSqlite({ dir: a.dir, now: () => clock });
    try {
      expect(b.cache.stats()).toEqual({ entries: 0, bytes: 0 });
    } finally {
      b.close();
    }
  });

  test('GIVEN a reopen THEN entries, their sizes and their LRU order are kept', async () => {
    let clock = T0;
    const a = openSqlite({ now: () => clock, maxBytes: 3 * 1200 });
    for (const id of ['a/1', 'a/2', 'a/3']) {
      clock += 1;
      await a.cache.set(id, bigEntry(1000, id, T0));
    }
    await a.cache.get('a/1');
    const before = a.cache.stats();
    a.close();
    const b = openSqlite({ dir: a.dir, now: () => clock, maxBytes: 3 * 1200 });
    try {
      expect(b.cache.stats()).toEqual(before);
      await b.cache.set('a/4', bigEntry(1000, 'a/4', T0));
      expect(await b.cache.get('a/2')).toBeUndefined();
      expect(await b.cache.get('a/1')).toEqual(bigEntry(1000, 'a/1', T0));
    } finally {
      b.close();
    }
  });

  test('GIVEN a hub-cache.db written by the previous release (id, entry, fetched_at) THEN its rows are read, counted and expire as before', async () => {
    const dir = tmp();
    const old = new Database(join(dir, 'hub-cache.db'));
    old.exec('CREATE TABLE hub_cache (id TEXT PRIMARY KEY, entry TEXT NOT NULL, fetched_at INTEGER NOT NULL)');
    old.prepare('INSERT INTO hub_cache VALUES (?, ?, ?)').run('a/old', JSON.stringify(small('old')), T0);
    old.close();
    let clock = T0 + HOUR;
    const c = openSqlite({ dir, now: () => clock });
    try {
      expect(await c.cache.get('a/old')).toEqual(small('old'));
      expect(c.cache.stats()).toEqual({ entries: 1, bytes: Buffer.byteLength('a/old') + Buffer.byteLength(JSON.stringify(small('old'))) });
      clock = T0 + DEFAULT_HUB_TTL_MS;
      expect(await c.cache.get('a/old')).toBeUndefined();
    } finally {
      c.close();
    }
  });

  test('GIVEN a row that is not JSON (a damaged file) THEN a miss reported to onError, and the row goes', async () => {
    const errors: unknown[] = [];
    const c = openSqlite({ now: () => T0, onError: (e) => errors.push(e) });
    await c.cache.set('a/1', small('1'));
    const db = new Database(join(c.dir, 'hub-cache.db'));
    db.prepare("UPDATE hub_cache SET entry = '{not json' WHERE id = 'a/1'").run();
    db.close();
    try {
      expect(await c.cache.get('a/1')).toBeUndefined();
      expect(errors).toHaveLength(1);
      expect(c.cache.stats().entries).toBe(0);
    } finally {
      c.close();
    }
  });
});
