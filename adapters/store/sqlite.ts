/**
 * The durable {@link PresetStore}: one SQLite file (`presets.db` under DATA_DIR) through
 * better-sqlite3. WAL journal with `synchronous=FULL`, so a write is on disk when its promise
 * resolves (power loss and SIGKILL included); prepared statements only; a transaction around
 * every read-check-write. A file that cannot be used (read-only, corrupted, from a newer bot)
 * is reported, never repaired, overwritten or deleted.
 */
import Database from 'better-sqlite3';
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  StoreError, type Pin, type Preset, type PresetKey, type PresetStore, type RenameOutcome, type SaveExpectation, type SaveInput, type SaveOutcome,
} from '../../src/store/presets';
import type { RecordInput, RecordStat, RunRecord } from '../../src/store/records';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations';

export const DB_FILE = 'presets.db';

export interface OpenOptions {
  /** Folder of the database (created if missing). */
  readonly dir: string;
  readonly fileName?: string;
  /** The migrations (tests add a failing one); default {@link MIGRATIONS}. */
  readonly migrations?: readonly Migration[];
}

export type OpenResult =
  | {
    readonly ok: true; readonly store: PresetStore; readonly path: string; readonly summary: string;
    /** Read back from the live connection after opening. */
    readonly settings: { readonly journalMode: string; readonly synchronous: number; readonly foreignKeys: boolean; readonly schemaVersion: number };
  }
  | { readonly ok: false; readonly path: string; readonly reason: string };

interface Row {
  id: number; team_id: string; owner_id: string; name: string; args: string; schema_version: number;
  author_id: string; created_at: number; updated_at: number; version: number;
}
interface RecordRow { id: number; team_id: string; author_id: string; args: string; schema_version: number; measured_bytes: number; stat: string; created_at: number }
const toRecord = (r: RecordRow): RunRecord => ({
  id: r.id, teamId: r.team_id, authorId: r.author_id, args: r.args, schemaVersion: r.schema_version,
  measuredBytes: r.measured_bytes, stat: r.stat as RecordStat, createdAt: r.created_at,
});
interface PinRow { team_id: string; channel_id: string; preset_id: number; pinned_by: string; pinned_at: number }

const toPreset = (r: Row): Preset => ({
  id: r.id, teamId: r.team_id, ownerId: r.owner_id, name: r.name, args: r.args, schemaVersion: r.schema_version,
  authorId: r.author_id, createdAt: r.created_at, updatedAt: r.updated_at, version: r.version,
});

/** The message and code of an error (no `instanceof`: native errors may come from another realm). */
function message(err: unknown): string {
  const { code, message: msg } = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown };
  const text = typeof msg === 'string' ? msg : String(err);
  return typeof code === 'string' && !text.includes(code) ? `${text} (${code})` : text;
}

/**
 * Opens (creating or migrating) the preset database. Never throws: a file it cannot use gives
 * `{ ok: false, reason }`, and the bot runs without presets.
 */
export function openSqlitePresetStore(opts: OpenOptions): OpenResult {
  const path = join(opts.dir, opts.fileName ?? DB_FILE);
  const migrations = opts.migrations ?? MIGRATIONS;
  const latest = migrations.reduce((v, m) => Math.max(v, m.version), 0);
  const unavailable = (reason: string): OpenResult => ({ ok: false, path, reason });
  try {
    mkdirSync(opts.dir, { recursive: true });
  } catch (err) {
    return unavailable(`cannot create the data directory ${opts.dir}: ${message(err)}`);
  }
  let exists = false;
  try {
    const st = statSync(path);
    if (!st.isFile()) return unavailable(`${path} is not a regular file`);
    exists = true;
  } catch {
    exists = false;
  }
  // Root passes permission checks, but not a read-only mount (EROFS). WAL needs the folder too.
  try {
    if (exists) accessSync(path, constants.R_OK | constants.W_OK);
  } catch (err) {
    return unavailable(`${path} is read-only: ${message(err)}`);
  }
  try {
    accessSync(dirname(path), constants.W_OK);
  } catch (err) {
    return unavailable(`the data directory ${dirname(path)} is read-only (SQLite needs to write its journal there): ${message(err)}`);
  }
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: exists });
  } catch (err) {
    return unavailable(`cannot open ${path}: ${message(err)}`);
  }
  const fail = (reason: string): OpenResult => {
    try { db.close(); } catch { /* already unusable */ }
    return unavailable(reason);
  };
  let from: number;
  try {
    // Reads only: a damaged file is reported before anything is written to it.
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') return fail(`${path} is corrupted (quick_check: ${String(check)}); it was left as it is: restore a backup or move it away`);
    from = Number(db.pragma('user_version', { simple: true }));
  } catch (err) {
    return fail(`${path} is not a usable SQLite database (${message(err)}); it was left as it is: restore a backup or move it away`);
  }
  if (from > latest) return fail(`${path} has schema version ${from}, newer than this bot understands (${latest}); upgrade the bot`);
  try {
    // A write that is rolled back: fails with SQLITE_READONLY where the file cannot be written.
    db.exec('BEGIN IMMEDIATE');
    try { db.pragma(`user_version = ${from}`); } finally { db.exec('ROLLBACK'); }
  } catch (err) {
    return fail(`${path} is read-only: ${message(err)}`);
  }
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') return fail(`${path}: could not switch to WAL journaling (got ${String(mode)})`);
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations, from);
    db.pragma('foreign_keys = ON');
  } catch (err) {
    return fail(`${path}: migration failed: ${message(err)}`);
  }
  let store: PresetStore;
  let settings: Extract<OpenResult, { ok: true }>['settings'];
  try {
    store = sqliteStore(db);
    settings = {
      journalMode: String(db.pragma('journal_mode', { simple: true })),
      synchronous: Number(db.pragma('synchronous', { simple: true })),
      foreignKeys: Number(db.pragma('foreign_keys', { simple: true })) === 1,
      schemaVersion: Number(db.pragma('user_version', { simple: true })),
    };
  } catch (err) {
    return fail(`${path}: unexpected schema: ${message(err)}`);
  }
  const how = from === latest ? `schema v${latest}` : from === 0 ? `new file, schema v${latest}` : `schema v${latest}, migrated from v${from}`;
  const sync = settings.synchronous === 2 ? 'FULL' : String(settings.synchronous);
  return { ok: true, store, path, settings, summary: `${path} (${how}; ${settings.journalMode.toUpperCase()}, synchronous=${sync})` };
}

/** Applies the migrations after `from`, one transaction each, with foreign keys checked after. */
function migrate(db: Database.Database, migrations: readonly Migration[], from: number): void {
  db.pragma('foreign_keys = OFF');
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= from) continue;
    db.transaction(() => {
      db.exec(m.sql);
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`migration ${m.version} (${m.name}) broke ${broken.length} foreign key(s)`);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}

function sqliteStore(db: Database.Database): PresetStore {
  const COLS = 'id, team_id, owner_id, name, args, schema_version, author_id, created_at, updated_at, version';
  const RCOLS = 'id, team_id, author_id, args, schema_version, measured_bytes, stat, created_at';
  const q = {
    get: db.prepare<[string, string, string], Row>(`SELECT ${COLS} FROM presets WHERE team_id = ? AND owner_id = ? AND name = ?`),
    byId: db.prepare<[number], Row>(`SELECT ${COLS} FROM presets WHERE id = ?`),
    list: db.prepare<[string, string], Row>(`SELECT ${COLS} FROM presets WHERE team_id = ? AND owner_id IN ('', ?) ORDER BY name, owner_id`),
    count: db.prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM presets WHERE team_id = ? AND owner_id = ?'),
    insert: db.prepare<[string, string, string, string, number, string, number, number], Row>(
      `INSERT INTO presets (team_id, owner_id, name, args, schema_version, author_id, created_at, updated_at, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING ${COLS}`),
    update: db.prepare<[string, number, number, number, number], Row>(
      `UPDATE presets SET args = ?, schema_version = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING ${COLS}`),
    remove: db.prepare<[number, number]>('DELETE FROM presets WHERE id = ? AND version = ?'),
    rename: db.prepare<[string, number, number, number], Row>(
      `UPDATE presets SET name = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING ${COLS}`),
    getPin: db.prepare<[string, string], PinRow>('SELECT team_id, channel_id, preset_id, pinned_by, pinned_at FROM pins WHERE team_id = ? AND channel_id = ?'),
    setPin: db.prepare<[string, string, number, string, number]>(
      `INSERT INTO pins (team_id, channel_id, preset_id, pinned_by, pinned_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (team_id, channel_id) DO UPDATE SET preset_id = excluded.preset_id, pinned_by = excluded.pinned_by, pinned_at = excluded.pinned_at`),
    clearPin: db.prepare<[string, string]>('DELETE FROM pins WHERE team_id = ? AND channel_id = ?'),
    recordCount: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM records WHERE team_id = ?'),
    recordInsert: db.prepare<[string, string, string, number, number, string, number], RecordRow>(
      `INSERT INTO records (team_id, author_id, args, schema_version, measured_bytes, stat, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${RCOLS}`),
    recordList: db.prepare<[string], RecordRow>(`SELECT ${RCOLS} FROM records WHERE team_id = ? ORDER BY id`),
    recordGet: db.prepare<[string, number], RecordRow>(`SELECT ${RCOLS} FROM records WHERE team_id = ? AND id = ?`),
    recordRemove: db.prepare<[string, number]>('DELETE FROM records WHERE team_id = ? AND id = ?'),
    buttonSave: db.prepare<[string, string, number]>('INSERT INTO buttons (id, invocation, expires_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET invocation = excluded.invocation, expires_at = excluded.expires_at'),
    buttonLoad: db.prepare<[string, number], { invocation: string }>('SELECT invocation FROM buttons WHERE id = ? AND expires_at > ?'),
    buttonSweep: db.prepare<[number]>('DELETE FROM buttons WHERE expires_at <= ?'),
  };
  const addRecord = db.transaction((input: RecordInput, limit: number): RunRecord | null => {
    if ((q.recordCount.get(input.teamId)?.n ?? 0) >= limit) return null;
    const row = q.recordInsert.get(input.teamId, input.authorId, input.args, input.schemaVersion, input.measuredBytes, input.stat, input.now);
    if (!row) throw new Error('insert returned no row');
    return toRecord(row);
  });
  const getRow = (k: PresetKey): Row | undefined => q.get.get(k.teamId, k.ownerId, k.name);

  const save = db.transaction((input: SaveInput, expect: SaveExpectation): SaveOutcome => {
    const existing = getRow(input.key);
    if ((existing?.version ?? null) !== expect.version) return { ok: false, reason: 'conflict' };
    if (!existing) {
      const n = q.count.get(input.key.teamId, input.key.ownerId)?.n ?? 0;
      if (n >= expect.limit) return { ok: false, reason: 'limit' };
      const { teamId, ownerId, name } = input.key;
      const row = q.insert.get(teamId, ownerId, name, input.args, input.schemaVersion, input.authorId, input.now, input.now);
      if (!row) throw new Error('insert returned no row');
      return { ok: true, preset: toPreset(row), created: true };
    }
    const row = q.update.get(input.args, input.schemaVersion, input.now, existing.id, existing.version);
    return row ? { ok: true, preset: toPreset(row), created: false } : { ok: false, reason: 'conflict' };
  });
  const rename = db.transaction((key: PresetKey, newName: string, expectVersion: number, now: number): RenameOutcome => {
    const existing = getRow(key);
    if (!existing || existing.version !== expectVersion) return { ok: false, reason: 'conflict' };
    if (getRow({ ...key, name: newName })) return { ok: false, reason: 'exists' };
    const row = q.rename.get(newName, now, existing.id, existing.version);
    return row ? { ok: true, preset: toPreset(row) } : { ok: false, reason: 'conflict' };
  });
  const remove = db.transaction((key: PresetKey, expectVersion: number): boolean => {
    const existing = getRow(key);
    if (!existing || existing.version !== expectVersion) return false;
    return q.remove.run(existing.id, expectVersion).changes === 1;
  });
  const getPin = db.transaction((teamId: string, channelId: string) => {
    const pin = q.getPin.get(teamId, channelId);
    const row = pin ? q.byId.get(pin.preset_id) : undefined;
    if (!pin || !row) return null;
    const p: Pin = { teamId: pin.team_id, channelId: pin.channel_id, presetId: pin.preset_id, pinnedBy: pin.pinned_by, pinnedAt: pin.pinned_at };
    return { pin: p, preset: toPreset(row) };
  });
  const setPin = db.transaction((pin: Pin): boolean => {
    if (!q.byId.get(pin.presetId)) return false;
    q.setPin.run(pin.teamId, pin.channelId, pin.presetId, pin.pinnedBy, pin.pinnedAt);
    return true;
  });

  /** Runs a storage call; a SQLite failure becomes a StoreError (the command replies politely). */
  const run = async <T>(what: string, f: () => T): Promise<T> => {
    try {
      return f();
    } catch (err) {
      throw new StoreError('io', `preset store: ${what} failed: ${message(err)}`, { cause: err });
    }
  };
  return {
    get: (key) => run('get', () => { const r = getRow(key); return r ? toPreset(r) : null; }),
    list: (teamId, userId) => run('list', () => q.list.all(teamId, userId).map(toPreset)),
    save: (input, expect) => run('save', () => save.immediate(input, expect)),
    remove: (key, v) => run('delete', () => remove.immediate(key, v)),
    rename: (key, name, v, now) => run('rename', () => rename.immediate(key, name, v, now)),
    getPin: (teamId, channelId) => run('pin lookup', () => getPin(teamId, channelId)),
    setPin: (pin) => run('pin', () => setPin.immediate(pin)),
    clearPin: (teamId, channelId) => run('unpin', () => q.clearPin.run(teamId, channelId).changes > 0),
    addRecord: (input, limit) => run('record', () => addRecord.immediate(input, limit)),
    listRecords: (teamId) => run('records', () => q.recordList.all(teamId).map(toRecord)),
    getRecord: (teamId, id) => run('record lookup', () => { const r = q.recordGet.get(teamId, id); return r ? toRecord(r) : null; }),
    removeRecord: (teamId, id) => run('forget record', () => q.recordRemove.run(teamId, id).changes > 0),
    // Saving also sweeps what expired (indexed by expiry: cheap), so the table stays the live buttons.
    saveButton: (id, invocation, expiresAt) => run('button', () => { q.buttonSweep.run(Date.now()); q.buttonSave.run(id, invocation, expiresAt); }),
    loadButton: (id, now) => run('button lookup', () => q.buttonLoad.get(id, now)?.invocation ?? null),
    close: () => run('close', () => { if (db.open) db.close(); }),
  };
}

export { LATEST_VERSION };
