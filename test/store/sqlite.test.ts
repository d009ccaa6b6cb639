import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE, LATEST_VERSION, openSqlitePresetStore } from '../../adapters/store/sqlite';
import { MIGRATIONS } from '../../adapters/store/migrations';
import type { PresetStore } from '../../src/store/presets';
import { input, key, runStoreSuite } from './store-suite';
import { tempDir } from './tmp';

function open(dir: string): PresetStore {
  const r = openSqlitePresetStore({ dir });
  if (!r.ok) throw new Error(r.reason);
  return r.store;
}

/** A version-1 database as the first release wrote it (raw SQL, not the migration code). */
function writeV1(path: string): void {
  const db = new Database(path);
  db.exec(`CREATE TABLE presets (
    id INTEGER PRIMARY KEY, team_id TEXT NOT NULL, name TEXT NOT NULL, args TEXT NOT NULL, schema_version INTEGER NOT NULL,
    author_id TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, UNIQUE (team_id, name))`);
  const ins = db.prepare('INSERT INTO presets (team_id, name, args, schema_version, author_id, created_at, updated_at) VALUES (?, ?, ?, 1, ?, 10, 20)');
  ins.run('T1', 'old-8b', 'model:llama-3.1-8b method:lora', 'U1');
  ins.run('T1', 'old-70b', 'model:llama-3.1-70b method:qlora', 'U2');
  db.pragma('user_version = 1');
  db.close();
}

const inspect = (path: string): { version: number; tables: string[]; journal: string } => {
  const db = new Database(path, { readonly: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    return { version: Number(db.pragma('user_version', { simple: true })), tables, journal: String(db.pragma('journal_mode', { simple: true })) };
  } finally {
    db.close();
  }
};

describe('SQLite preset store: behaviour', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => { t = tempDir(); });
  afterEach(() => t.cleanup());
  runStoreSuite(async () => open(t.dir));
});

describe('SQLite preset store: file, pragmas and migrations', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => { t = tempDir(); });
  afterEach(() => t.cleanup());

  test('GIVEN a missing data directory THEN it is created with a database at the latest schema in WAL mode', async () => {
    const dir = join(t.dir, 'nested', 'data');
    const r = openSqlitePresetStore({ dir });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.summary).toMatch(/new file, schema v5; WAL, synchronous=FULL/);
    await r.store.close();
    expect(inspect(join(dir, DB_FILE))).toEqual({ version: LATEST_VERSION, tables: ['buttons', 'pins', 'presets', 'records'], journal: 'wal' });
  });

  test('GIVEN an open store THEN its connection runs WAL, synchronous=FULL and foreign keys', async () => {
    const r = openSqlitePresetStore({ dir: t.dir });
    if (!r.ok) throw new Error(r.reason);
    expect(r.settings).toEqual({ journalMode: 'wal', synchronous: 2, foreignKeys: true, schemaVersion: LATEST_VERSION });
    await r.store.close();
  });

  test('GIVEN a saved preset THEN it is there after the store is closed and reopened', async () => {
    const a = open(t.dir);
    await a.save(input('kept'), { version: null, limit: 200 });
    await a.close();
    const b = open(t.dir);
    expect((await b.get(key('kept')))?.args).toBe('model:llama-3.1-8b method:lora');
    await b.close();
  });

  test('GIVEN a version-1 database with presets THEN opening migrates to the latest and keeps every row as a team preset', async () => {
    const path = join(t.dir, DB_FILE);
    writeV1(path);
    const r = openSqlitePresetStore({ dir: t.dir });
    if (!r.ok) throw new Error(r.reason);
    expect(r.summary).toMatch(/migrated from v1/);
    const list = await r.store.list('T1', 'U9');
    expect(list.map((p) => [p.name, p.ownerId, p.authorId, p.version, p.createdAt, p.updatedAt])).toEqual([
      ['old-70b', '', 'U2', 1, 10, 20], ['old-8b', '', 'U1', 1, 10, 20],
    ]);
    // The new schema works on the old rows: a personal preset of the same name, and a pin.
    expect((await r.store.save(input('old-8b', 'model:x', 'U9'), { version: null, limit: 50 })).ok).toBe(true);
    const old = list.find((p) => p.name === 'old-8b');
    expect(await r.store.setPin({ teamId: 'T1', channelId: 'C', presetId: old?.id ?? -1, pinnedBy: 'U1', pinnedAt: 1 })).toBe(true);
    await r.store.close();
    expect(inspect(path)).toMatchObject({ version: LATEST_VERSION, tables: ['buttons', 'pins', 'presets', 'records'] });
  });

  test('GIVEN a version-2 database THEN opening applies only the later migrations', async () => {
    const db = new Database(join(t.dir, DB_FILE));
    for (const m of MIGRATIONS.filter((x) => x.version <= 2)) db.exec(m.sql);
    db.prepare("INSERT INTO presets (team_id, owner_id, name, args, schema_version, author_id, created_at, updated_at, version) VALUES ('T1', 'U1', 'mine', 'model:y', 1, 'U1', 1, 1, 4)").run();
    db.pragma('user_version = 2');
    db.close();
    expect(inspect(join(t.dir, DB_FILE))).toMatchObject({ version: 2, tables: ['presets'] });
    const r = openSqlitePresetStore({ dir: t.dir });
    if (!r.ok) throw new Error(r.reason);
    expect(r.summary).toMatch(/schema v5, migrated from v2/);
    expect(await r.store.get(key('mine', 'U1'))).toMatchObject({ args: 'model:y', version: 4 });
    await r.store.close();
  });

  test('GIVEN a migration that fails THEN the database stays at the previous version with its data, and the store is unavailable', async () => {
    const a = open(t.dir);
    await a.save(input('safe'), { version: null, limit: 200 });
    await a.close();
    const broken = [...MIGRATIONS, { version: LATEST_VERSION + 1, name: 'broken', sql: 'ALTER TABLE presets ADD COLUMN x TEXT; SELECT * FROM no_such_table;' }];
    const r = openSqlitePresetStore({ dir: t.dir, migrations: broken });
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/migration failed: no such table/) });
    expect(inspect(join(t.dir, DB_FILE)).version).toBe(LATEST_VERSION);
    const b = open(t.dir);
    expect(await b.get(key('safe'))).not.toBeNull();
    await b.close();
  });

  test('GIVEN a database from a newer bot THEN the store is unavailable and the file is untouched', async () => {
    const a = open(t.dir);
    await a.close();
    const path = join(t.dir, DB_FILE);
    const db = new Database(path);
    db.pragma('user_version = 9');
    db.pragma('journal_mode = DELETE');
    db.close();
    const before = readFileSync(path);
    const r = openSqlitePresetStore({ dir: t.dir });
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/schema version 9, newer than this bot understands \(5\)/) });
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  test('GIVEN a file of garbage bytes THEN the store is unavailable, says why, and the bytes are unchanged', () => {
    const path = join(t.dir, DB_FILE);
    const garbage = Buffer.alloc(8192, 0x5a);
    writeFileSync(path, garbage);
    const r = openSqlitePresetStore({ dir: t.dir });
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/not a usable SQLite database.*not a database.*left as it is/) });
    expect(readFileSync(path).equals(garbage)).toBe(true);
  });

  test('GIVEN a database whose pages are overwritten THEN the store is unavailable and the bytes are unchanged', async () => {
    const a = open(t.dir);
    for (let i = 0; i < 40; i++) await a.save(input(`p${i}`, `model:llama-3.1-8b batch:${i} ${'x'.repeat(200)}`), { version: null, limit: 200 });
    await a.close();
    const path = join(t.dir, DB_FILE);
    const bytes = readFileSync(path);
    bytes.fill(0xa5, 4096, bytes.length);
    writeFileSync(path, bytes);
    const r = openSqlitePresetStore({ dir: t.dir });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/corrupted|not a usable SQLite database/);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  test('GIVEN the database path is a directory THEN the store is unavailable', () => {
    mkdirSync(join(t.dir, DB_FILE));
    expect(openSqlitePresetStore({ dir: t.dir })).toMatchObject({ ok: false, reason: expect.stringMatching(/is not a regular file/) });
  });

  test('GIVEN DATA_DIR is a file THEN the store is unavailable', () => {
    const file = join(t.dir, 'not-a-dir');
    writeFileSync(file, 'x');
    expect(openSqlitePresetStore({ dir: file })).toMatchObject({ ok: false, reason: expect.stringMatching(/cannot create the data directory/) });
  });
});
