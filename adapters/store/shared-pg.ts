/**
 * The Slack adapter's shared state and installations in PostgreSQL (tables of migration 3,
 * ./pg-migrations.ts), over the pool the preset store opened (./postgres.ts `openPostgres`), so
 * that every instance pointed at one database answers any request the same way.
 *
 * Each operation is one statement, atomic on its own (PostgreSQL manual, INSERT "ON CONFLICT
 * Clause": the conflicting row is locked, and `DO UPDATE` sees its current version even under
 * READ COMMITTED, so two instances racing on one key are serialised on that row):
 * - `firstSeen`: `INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE expired RETURNING key`: a row
 *   comes back for the first caller (or the first after expiry), none for the others.
 * - `take`: `INSERT ... ON CONFLICT (key) DO UPDATE SET tokens = <refilled, minus one when
 *   there is one>`, the token-bucket arithmetic of adapters/slack/shared-state.ts `spend`
 *   written in SQL (float8, the same IEEE doubles as JavaScript numbers).
 * Expired rows: `sweep` deletes them (called at most once a minute by `failOpen`).
 */
import type { Pool } from 'pg';
import type { InstallationRows } from '../slack/installations';
import type { SharedState } from '../slack/shared-state';

const FIRST_SEEN = `
  INSERT INTO slack_seen AS s (key, expires_at) VALUES ($1, $2)
  ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE s.expires_at <= $3
  RETURNING key`;

/** The bucket refilled to `now` ($4), capped at capacity ($2); refill rate $2 / $3 per ms. */
const REFILLED = 'LEAST($2::float8, b.tokens + GREATEST(0, $4::bigint - b.at)::float8 * ($2::float8 / $3::float8))';
const AFTER = `(CASE WHEN ${REFILLED} >= 1 THEN ${REFILLED} - 1 ELSE ${REFILLED} END)`;
const TAKE = `
  INSERT INTO slack_buckets AS b (key, tokens, at, granted, expires_at)
  VALUES ($1, $2::float8 - 1, $4::bigint, true, $4::bigint + ceil($3::float8 / $2::float8)::bigint)
  ON CONFLICT (key) DO UPDATE SET
    tokens = ${AFTER},
    granted = ${REFILLED} >= 1,
    at = GREATEST(b.at, $4::bigint),
    expires_at = GREATEST(b.at, $4::bigint) + ceil(($2::float8 - ${AFTER}) * ($3::float8 / $2::float8))::bigint
  RETURNING tokens, granted`;

/**
 * @param ready resolves once the schema is migrated (`OpenedPostgres.ready`)
 */
export function pgSharedState(pool: Pool, ready: () => Promise<void> = () => Promise.resolve()): SharedState {
  return {
    kind: 'postgres',
    async firstSeen(key, ttlMs, now) {
      await ready();
      const r = await pool.query(FIRST_SEEN, [key, now + ttlMs, now]);
      return r.rowCount === 1;
    },
    async take(key, capacity, windowMs, now) {
      await ready();
      const r = await pool.query<{ tokens: number; granted: boolean }>(TAKE, [key, capacity, windowMs, now]);
      const row = r.rows[0];
      if (!row) throw new Error('slack_buckets: the upsert returned no row');
      const tokens = Number(row.tokens);
      return row.granted
        ? { ok: true, remaining: Math.floor(tokens) }
        : { ok: false, retryAfterMs: Math.ceil((1 - tokens) / (capacity / windowMs)) };
    },
    async sweep(now) {
      await ready();
      if (now.seen !== undefined) await pool.query('DELETE FROM slack_seen WHERE expires_at <= $1', [now.seen]);
      if (now.buckets !== undefined) await pool.query('DELETE FROM slack_buckets WHERE expires_at <= $1', [now.buckets]);
    },
    // The pool belongs to the store that opened it (its `close` ends it).
    async close() { /* nothing of its own */ },
  };
}

/** Installation rows (table `slack_installations`) for adapters/slack/installations.ts. */
export function pgInstallationRows(pool: Pool, ready: () => Promise<void> = () => Promise.resolve()): InstallationRows {
  return {
    kind: 'postgres',
    async put(row) {
      await ready();
      await pool.query(
        `INSERT INTO slack_installations (id, team_id, enterprise_id, installation, installed_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET team_id = EXCLUDED.team_id, enterprise_id = EXCLUDED.enterprise_id,
           installation = EXCLUDED.installation, installed_at = EXCLUDED.installed_at`,
        [row.id, row.teamId, row.enterpriseId, row.json, row.now],
      );
    },
    async get(id) {
      await ready();
      const r = await pool.query<{ installation: string }>('SELECT installation FROM slack_installations WHERE id = $1', [id]);
      return r.rows[0]?.installation;
    },
    async delete(id) {
      await ready();
      const r = await pool.query('DELETE FROM slack_installations WHERE id = $1', [id]);
      return (r.rowCount ?? 0) > 0;
    },
  };
}
