/**
 * State in PostgreSQL, used when DATABASE_URL is set (several bot instances share it): the
 * {@link PresetStore} (presets, pins, run records) and the Hub cache over one `pg.Pool`
 * (node-postgres), with the schema migrated at start-up (./pg-migrations.ts). The same semantics
 * as the SQLite store (./sqlite.ts): unique names per scope, limits per scope, row versions
 * compared on write, pins that follow renames (they point at the row id) and go with deletes
 * (ON DELETE CASCADE), records per team.
 *
 * Where SQLite takes its one writer lock (`BEGIN IMMEDIATE`), every read-check-write here runs
 * in one transaction that first takes a transaction-level advisory lock on the scope it changes
 * (`pg_advisory_xact_lock(class, hashtext(scope))`, PostgreSQL manual "Advisory Lock
 * Functions"), so two instances saving in the same scope cannot both pass the limit check or
 * both create one name; the row itself is read `FOR UPDATE`. Rows of other scopes are not held.
 *
 * Failures (server gone, connection refused, timeout) become {@link StoreError}: the command
 * replies "unavailable" with an error id (commands/preset-common.ts `withStore`) and logs the
 * reason; the pool opens fresh connections on the next call, so the store works again when the
 * server is back, without a restart.
 */
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import {
  StoreError, type Pin, type Preset, type PresetKey, type PresetStore, type RenameOutcome, type SaveExpectation, type SaveInput, type SaveOutcome,
} from '../../src/store/presets';
import type { RecordInput, RecordStat, RunRecord } from '../../src/store/records';
import { openPgHubCache, type PgHubCache, type PgHubCacheOptions } from '../hub/pg-cache';
import { pgTransaction } from './pg-transaction';
import { migratePostgres, PG_MIGRATIONS, type MigrationReport, type PgMigration } from './pg-migrations';

/**
 * Class numbers (first key) of the two-int advisory locks this project takes; the second key
 * is a hash of the scope. 3 is the Hub cache's (adapters/hub/pg-cache.ts).
 */
export const LOCK_CLASS = { presetScope: 1, teamRecords: 2, hubCache: 3 } as const;

/** Pool defaults: a call waits at most this long for a connection (node-postgres waits forever by default). */
export const PG_CONNECT_TIMEOUT_MS = 5000;
/** A query that gets no answer in this long fails (a server that hangs rather than refuses). */
export const PG_QUERY_TIMEOUT_MS = 15000;
/** Most connections per bot instance (node-postgres' default is 10). */
export const PG_POOL_MAX = 10;

export interface PostgresOptions {
  /** Pool overrides (tests shorten the timeouts). */
  readonly pool?: Omit<PoolConfig, 'connectionString'>;
  /** The migrations; default {@link PG_MIGRATIONS} (tests add a failing one). */
  readonly migrations?: readonly PgMigration[];
  readonly hubCache?: PgHubCacheOptions;
  /**
   * When the server cannot be reached at start-up: open anyway (presets unavailable until it can
   * be, the schema migrated on first use) instead of failing. Other failures still fail.
   */
  readonly waitForServer?: boolean;
  /** Told about errors of idle pooled connections (the server went away); they never crash the process. */
  readonly onPoolError?: (err: Error) => void;
}

export interface OpenedPostgres {
  readonly ok: true;
  readonly pool: Pool;
  readonly presets: PresetStore;
  readonly hubCache: PgHubCache;
  /** What start-up migrated; null while the server has not been reached yet (`waitForServer`). */
  readonly migrations: MigrationReport | null;
  /**
   * Resolves once the schema is migrated (at once, unless the server was not reachable at
   * start-up); rejects while it still cannot be reached. Other users of the pool await it first.
   */
  ready(): Promise<void>;
  /** For the start-up log: host, port, database and schema version (never the user or password). */
  readonly summary: string;
  /** Stops the cache's timer and ends the pool. */
  close(): Promise<void>;
}

export type PostgresOpenResult = OpenedPostgres | { readonly ok: false; readonly target: string; readonly reason: string };

/**
 * `host:port/database` of a postgres:// URL, for logs: the user, password and query are left
 * out. `an unparsable DATABASE_URL` when it is not a URL.
 */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    const db = decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default database)';
    const host = u.hostname || u.searchParams.get('host') || 'localhost';
    return `${host}:${u.port || '5432'}/${db}`;
  } catch {
    return 'an unparsable DATABASE_URL';
  }
}

/** The message and code of an error, without the connection string. */
function message(err: unknown): string {
  const { code, message: msg } = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown };
  const text = typeof msg === 'string' && msg !== '' ? msg : String(err);
  return typeof code === 'string' && !text.includes(code) ? `${text} (${code})` : text;
}

/**
 * Whether a failure means "the server cannot be reached" (code `unavailable`) rather than a
 * statement that failed (`io`): node errno codes, SQLSTATE class 08 (connection exception),
 * 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now), and node-postgres' own
 * messages for a dropped or timed-out connection (pg/lib/client.js, pg-pool/index.js).
 */
function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (/^E[A-Z]+$/.test(code) || code.startsWith('08') || /^57P0[123]$/.test(code))) return true;
  const msg = err instanceof Error ? err.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error/i.test(msg);
}

/**
 * Creates the pool every PostgreSQL user in the process shares (presets, Hub cache, and later
 * Slack state): bounded connect and query timeouts, TCP keep-alive, and an 'error' listener for
 * idle connections the server drops (without it, node-postgres' pool re-emits the error on
 * itself and an unhandled 'error' event ends the process).
 */
export function createPgPool(url: string, opts: Pick<PostgresOptions, 'pool' | 'onPoolError'> = {}): Pool {
  const pool = new Pool({
    connectionString: url,
    max: PG_POOL_MAX,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    query_timeout: PG_QUERY_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: 'vram-bot',
    ...opts.pool,
  });
  pool.on('error', (err) => { opts.onPoolError?.(err); });
  return pool;
}

/**
 * Connects, migrates (under the advisory lock) and opens the preset store and the Hub cache.
 * Never throws: a migration that fails, a newer schema, refused credentials, or (unless
 * `waitForServer`) a server that cannot be reached gives `{ ok: false, reason }` (the pool is
 * ended), and the bot runs without presets. With `waitForServer`, an unreachable server gives
 * an open store whose calls fail as "unavailable" until the server answers; the first call that
 * reaches it migrates (`ready`).
 */
export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<PostgresOpenResult> {
  const target = describeDatabaseUrl(url);
  let pool: Pool;
  try {
    pool = createPgPool(url, opts);
  } catch (err) {
    return { ok: false, target, reason: `DATABASE_URL (${target}) cannot be used: ${message(err)}` };
  }
  const migrations = opts.migrations ?? PG_MIGRATIONS;
  const migrateOnce = async (): Promise<MigrationReport> => {
    const client = await pool.connect();
    const onError = (): void => undefined;
    client.on('error', onError);
    let broken: Error | undefined;
    try {
      return await migratePostgres(client, migrations);
    } catch (err) {
      broken = err instanceof Error ? err : new Error(String(err));
      throw err;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  };
  let report: MigrationReport | null = null;
  let startError: unknown;
  try {
    report = await migrateOnce();
  } catch (err) {
    // A server that is not up yet (a container started before its database) is waited for when
    // asked: the stores migrate on first use. Anything else (a failing migration, a newer schema,
    // bad credentials) stops here.
    if (!(opts.waitForServer && isConnectionError(err))) {
      await pool.end().catch(() => undefined);
      return { ok: false, target, reason: `PostgreSQL at ${target}: ${message(err)}` };
    }
    startError = err;
  }
  /** Resolves once the schema is migrated; a call while the server is still away retries (one at a time). */
  let pending: Promise<void> | null = report ? Promise.resolve() : null;
  const ready = (): Promise<void> => {
    pending ??= migrateOnce().then(
      (r) => { report = r; },
      (err: unknown) => { pending = null; throw err; },
    );
    return pending;
  };
  const presets = pgPresetStore(pool, ready);
  const hubCache = await openPgHubCache(pool, { ...opts.hubCache, ready });
  const how = !report ? `not reachable at start-up (${message(startError)}); presets unavailable until it is, migrated on first use`
    : report.applied.length === 0 ? `schema v${report.to}`
      : report.from === 0 ? `new database, schema v${report.to}` : `schema v${report.to}, migrated from v${report.from}`;
  let ended = false;
  return {
    ok: true, pool, presets, hubCache, ready,
    get migrations() { return report; },
    summary: `PostgreSQL ${target} (${how})`,
    async close() {
      if (ended) return;
      ended = true;
      await hubCache.close();
      await presets.close();
      await pool.end();
    },
  };
}

interface Row {
  id: number; team_id: string; owner_id: string; name: string; args: string; schema_version: number;
  author_id: string; created_at: string; updated_at: string; version: number;
}
interface RecordRow { id: number; team_id: string; author_id: string; args: string; schema_version: number; measured_bytes: number; stat: string; created_at: string }
interface PinRow { team_id: string; channel_id: string; preset_id: number; pinned_by: string; pinned_at: string }

// BIGINT columns come back as strings (node-postgres does not narrow int8 to a JS number); the
// values are ms timestamps, well inside Number.MAX_SAFE_INTEGER.
const toPreset = (r: Row): Preset => ({
  id: r.id, teamId: r.team_id, ownerId: r.owner_id, name: r.name, args: r.args, schemaVersion: r.schema_version,
  authorId: r.author_id, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at), version: r.version,
});
const toRecord = (r: RecordRow): RunRecord => ({
  id: r.id, teamId: r.team_id, authorId: r.author_id, args: r.args, schemaVersion: r.schema_version,
  measuredBytes: r.measured_bytes, stat: r.stat as RecordStat, createdAt: Number(r.created_at),
});

/** Ids are INTEGER (int4): anything else names no row (and must not reach the server as an out-of-range error). */
const isRowId = (id: number): boolean => Number.isInteger(id) && id >= -2147483648 && id <= 2147483647;

const COLS = 'id, team_id, owner_id, name, args, schema_version, author_id, created_at, updated_at, version';
const RCOLS = 'id, team_id, author_id, args, schema_version, measured_bytes, stat, created_at';

/** Takes the scope's write lock for the rest of the transaction (see the module comment). */
const lockScope = (c: PoolClient, teamId: string, ownerId: string): Promise<unknown> =>
  c.query("SELECT pg_advisory_xact_lock($1, hashtext($2 || '/' || $3))", [LOCK_CLASS.presetScope, teamId, ownerId]);

/**
 * The PresetStore over `pool`; every call first awaits `ready` (the schema migrated, see
 * `openPostgres`). `close()` marks this
 * store closed (later calls fail with StoreError) and leaves the pool to its owner.
 */
export function pgPresetStore(pool: Pool, ready: () => Promise<void> = () => Promise.resolve()): PresetStore {
  let closed = false;
  const getRow = async (c: Pool | PoolClient, k: PresetKey, lock = false): Promise<Row | undefined> =>
    (await c.query<Row>(`SELECT ${COLS} FROM presets WHERE team_id = $1 AND owner_id = $2 AND name = $3${lock ? ' FOR UPDATE' : ''}`, [k.teamId, k.ownerId, k.name])).rows[0];

  /** Runs a storage call; a failure becomes a StoreError (the command replies politely). */
  const run = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
    if (closed) throw new StoreError('unavailable', `preset store: ${what} failed: the store is closed`);
    try {
      await ready();
      return await f();
    } catch (err) {
      throw new StoreError(isConnectionError(err) ? 'unavailable' : 'io', `preset store (PostgreSQL): ${what} failed: ${message(err)}`, { cause: err });
    }
  };

  const save = (input: SaveInput, expect: SaveExpectation): Promise<SaveOutcome> => pgTransaction(pool, async (c) => {
    const { teamId, ownerId, name } = input.key;
    await lockScope(c, teamId, ownerId);
    const existing = await getRow(c, input.key, true);
    if ((existing?.version ?? null) !== expect.version) return { ok: false, reason: 'conflict' };
    if (!existing) {
      const n = Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM presets WHERE team_id = $1 AND owner_id = $2', [teamId, ownerId])).rows[0]?.n ?? 0);
      if (n >= expect.limit) return { ok: false, reason: 'limit' };
      const row = (await c.query<Row>(
        `INSERT INTO presets (team_id, owner_id, name, args, schema_version, author_id, created_at, updated_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1) RETURNING ${COLS}`,
        [teamId, ownerId, name, input.args, input.schemaVersion, input.authorId, input.now])).rows[0];
      if (!row) throw new Error('insert returned no row');
      return { ok: true, preset: toPreset(row), created: true };
    }
    const row = (await c.query<Row>(
      `UPDATE presets SET args = $1, schema_version = $2, updated_at = $3, version = version + 1 WHERE id = $4 AND version = $5 RETURNING ${COLS}`,
      [input.args, input.schemaVersion, input.now, existing.id, existing.version])).rows[0];
    return row ? { ok: true, preset: toPreset(row), created: false } : { ok: false, reason: 'conflict' };
  });

  const rename = (key: PresetKey, newName: string, expectVersion: number, now: number): Promise<RenameOutcome> => pgTransaction(pool, async (c) => {
    await lockScope(c, key.teamId, key.ownerId);
    const existing = await getRow(c, key, true);
    if (!existing || existing.version !== expectVersion) return { ok: false, reason: 'conflict' };
    if (await getRow(c, { ...key, name: newName })) return { ok: false, reason: 'exists' };
    const row = (await c.query<Row>(
      `UPDATE presets SET name = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4 RETURNING ${COLS}`,
      [newName, now, existing.id, existing.version])).rows[0];
    return row ? { ok: true, preset: toPreset(row) } : { ok: false, reason: 'conflict' };
  });

  const remove = (key: PresetKey, expectVersion: number): Promise<boolean> => pgTransaction(pool, async (c) => {
    await lockScope(c, key.teamId, key.ownerId);
    const existing = await getRow(c, key, true);
    if (!existing || existing.version !== expectVersion) return false;
    // Pins pointing at it go with it (pins.preset_id ON DELETE CASCADE).
    return ((await c.query('DELETE FROM presets WHERE id = $1 AND version = $2', [existing.id, expectVersion])).rowCount ?? 0) === 1;
  });

  const setPin = (pin: Pin): Promise<boolean> => pgTransaction(pool, async (c) => {
    // FOR SHARE: a concurrent delete of the preset waits until this pin is written (and then
    // removes it by the cascade) instead of failing the insert on the foreign key.
    const found = (await c.query('SELECT id FROM presets WHERE id = $1 FOR SHARE', [pin.presetId])).rows.length > 0;
    if (!found) return false;
    await c.query(
      `INSERT INTO pins (team_id, channel_id, preset_id, pinned_by, pinned_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (team_id, channel_id) DO UPDATE SET preset_id = excluded.preset_id, pinned_by = excluded.pinned_by, pinned_at = excluded.pinned_at`,
      [pin.teamId, pin.channelId, pin.presetId, pin.pinnedBy, pin.pinnedAt]);
    return true;
  });

  const addRecord = (input: RecordInput, limit: number): Promise<RunRecord | null> => pgTransaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS.teamRecords, input.teamId]);
    const n = Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM records WHERE team_id = $1', [input.teamId])).rows[0]?.n ?? 0);
    if (n >= limit) return null;
    const row = (await c.query<RecordRow>(
      `INSERT INTO records (team_id, author_id, args, schema_version, measured_bytes, stat, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${RCOLS}`,
      [input.teamId, input.authorId, input.args, input.schemaVersion, input.measuredBytes, input.stat, input.now])).rows[0];
    if (!row) throw new Error('insert returned no row');
    return toRecord(row);
  });

  return {
    get: (key) => run('get', async () => { const r = await getRow(pool, key); return r ? toPreset(r) : null; }),
    // COLLATE "C": byte order, as SQLite's default BINARY collation sorts (team '' before a user id).
    list: (teamId, userId) => run('list', async () => (await pool.query<Row>(
      `SELECT ${COLS} FROM presets WHERE team_id = $1 AND owner_id IN ('', $2) ORDER BY name COLLATE "C", owner_id COLLATE "C"`, [teamId, userId])).rows.map(toPreset)),
    save: (input, expect) => run('save', () => save(input, expect)),
    remove: (key, v) => run('delete', () => remove(key, v)),
    rename: (key, name, v, now) => run('rename', () => rename(key, name, v, now)),
    getPin: (teamId, channelId) => run('pin lookup', async () => {
      const r = (await pool.query<PinRow & { p: Row }>(
        `SELECT pins.team_id, pins.channel_id, pins.preset_id, pins.pinned_by, pins.pinned_at, row_to_json(presets) AS p
         FROM pins JOIN presets ON presets.id = pins.preset_id WHERE pins.team_id = $1 AND pins.channel_id = $2`, [teamId, channelId])).rows[0];
      if (!r) return null;
      const pin: Pin = { teamId: r.team_id, channelId: r.channel_id, presetId: r.preset_id, pinnedBy: r.pinned_by, pinnedAt: Number(r.pinned_at) };
      return { pin, preset: toPreset(r.p) };
    }),
    setPin: (pin) => run('pin', () => setPin(pin)),
    clearPin: (teamId, channelId) => run('unpin', async () =>
      ((await pool.query('DELETE FROM pins WHERE team_id = $1 AND channel_id = $2', [teamId, channelId])).rowCount ?? 0) > 0),
    addRecord: (input, limit) => run('record', () => addRecord(input, limit)),
    listRecords: (teamId) => run('records', async () => (await pool.query<RecordRow>(`SELECT ${RCOLS} FROM records WHERE team_id = $1 ORDER BY id`, [teamId])).rows.map(toRecord)),
    getRecord: (teamId, id) => run('record lookup', async () => {
      if (!isRowId(id)) return null;
      const r = (await pool.query<RecordRow>(`SELECT ${RCOLS} FROM records WHERE team_id = $1 AND id = $2`, [teamId, id])).rows[0];
      return r ? toRecord(r) : null;
    }),
    removeRecord: (teamId, id) => run('forget record', async () => isRowId(id) &&
      ((await pool.query('DELETE FROM records WHERE team_id = $1 AND id = $2', [teamId, id])).rowCount ?? 0) > 0),
    // Saving also sweeps what expired (indexed), so the table stays the live buttons.
    saveButton: (id, invocation, expiresAt) => run('button', async () => {
      await pool.query('DELETE FROM buttons WHERE expires_at <= $1', [Date.now()]);
      await pool.query('INSERT INTO buttons (id, invocation, expires_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET invocation = EXCLUDED.invocation, expires_at = EXCLUDED.expires_at', [id, invocation, expiresAt]);
    }),
    loadButton: (id, now) => run('button lookup', async () =>
      (await pool.query<{ invocation: string }>('SELECT invocation FROM buttons WHERE id = $1 AND expires_at > $2', [id, now])).rows[0]?.invocation ?? null),
    async close() { closed = true; },
  };
}
