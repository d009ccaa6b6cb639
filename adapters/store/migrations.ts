/**
 * The SQLite schema, as an append-only list of migrations. `PRAGMA user_version` holds the
 * number of the last one applied; each runs in its own transaction with the version bump, so a
 * crash mid-migration leaves the previous version intact. Never edit a released migration: add
 * the next one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'team presets',
    sql: `
      CREATE TABLE presets (
        id             INTEGER PRIMARY KEY,
        team_id        TEXT    NOT NULL,
        name           TEXT    NOT NULL,
        args           TEXT    NOT NULL,
        schema_version INTEGER NOT NULL,
        author_id      TEXT    NOT NULL,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        UNIQUE (team_id, name)
      );`,
  },
  {
    // SQLite cannot change a UNIQUE constraint in place: rebuild the table (ids kept, so
    // anything pointing at a preset still does).
    version: 2,
    name: 'personal presets (owner_id) and row versions',
    sql: `
      CREATE TABLE presets_v2 (
        id             INTEGER PRIMARY KEY,
        team_id        TEXT    NOT NULL,
        owner_id       TEXT    NOT NULL DEFAULT '',
        name           TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 32),
        args           TEXT    NOT NULL,
        schema_version INTEGER NOT NULL,
        author_id      TEXT    NOT NULL,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        version        INTEGER NOT NULL DEFAULT 1,
        UNIQUE (team_id, owner_id, name)
      );
      INSERT INTO presets_v2 (id, team_id, owner_id, name, args, schema_version, author_id, created_at, updated_at, version)
        SELECT id, team_id, '', name, args, schema_version, author_id, created_at, updated_at, 1 FROM presets;
      DROP TABLE presets;
      ALTER TABLE presets_v2 RENAME TO presets;`,
  },
  {
    version: 3,
    name: 'channel pins',
    sql: `
      CREATE TABLE pins (
        team_id    TEXT    NOT NULL,
        channel_id TEXT    NOT NULL,
        preset_id  INTEGER NOT NULL REFERENCES presets (id) ON DELETE CASCADE,
        pinned_by  TEXT    NOT NULL,
        pinned_at  INTEGER NOT NULL,
        PRIMARY KEY (team_id, channel_id)
      );
      CREATE INDEX pins_preset ON pins (preset_id);`,
  },
  {
    version: 4,
    name: 'run records (/vram record)',
    sql: `
      CREATE TABLE records (
        id             INTEGER PRIMARY KEY,
        team_id        TEXT    NOT NULL,
        author_id      TEXT    NOT NULL,
        args           TEXT    NOT NULL,
        schema_version INTEGER NOT NULL,
        measured_bytes REAL    NOT NULL CHECK (measured_bytes > 0),
        stat           TEXT    NOT NULL CHECK (stat IN ('smi', 'reserved', 'allocated')),
        created_at     INTEGER NOT NULL
      );
      CREATE INDEX records_team ON records (team_id, id);`,
  },
  {
    version: 5,
    name: 'button state (Discord buttons survive a restart)',
    sql: `
      CREATE TABLE buttons (
        id         TEXT    PRIMARY KEY,
        invocation TEXT    NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX buttons_expiry ON buttons (expires_at);`,
  },
];

/** The schema version this code writes. */
export const LATEST_VERSION = MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);
