/**
 * The PostgreSQL preset store against a real server (test/support/postgres.ts): the shared
 * store behaviour, migrations (fresh, re-run, two instances starting together, a failing one,
 * a newer schema), scope locks under concurrent writers, and an outage mid-run.
 */
import { databaseProbe } from '../../adapters/main';

/** Polls `cond` every 25 ms for up to 10 s. */
async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!cond()) throw new Error('condition not met in 10 s');
}

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { parseEnv } from '../../adapters/env';
import { openPostgres, describeDatabaseUrl, type OpenedPostgres } from '../../adapters/store/postgres';
import { PG_LATEST_VERSION, PG_MIGRATIONS } from '../../adapters/store/pg-migrations';
import { PassThrough } from 'node:stream';
import { CONSOLE_CTX, runConsole } from '../../adapters/console/console';
import { answerText, createHandler, type Core } from '../../commands/handler';
import { replyText } from '../../src/reply/text';
import { StoreError, type PresetStore } from '../../src/store/presets';
import { usePostgres } from '../support/postgres';
import type { SeenReply } from '../contract/contract';
import { runPresetContract, type PresetDriver } from '../contract/presets';
import { input, key, runStoreSuite } from './store-suite';

const pg = usePostgres();
/** Short timeouts: a stopped server is seen at once (connection refused), not after 5 s. */
const FAST = { pool: { connectionTimeoutMillis: 2000 } };

async function open(url: string, errors: Error[] = []): Promise<OpenedPostgres> {
  const r = await openPostgres(url, { ...FAST, onPoolError: (e) => errors.push(e) });
  if (!r.ok) throw new Error(r.reason);
  return r;
}

async function sql<T extends Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text)).rows;
  } finally {
    await c.end();
  }
}

describe('PostgreSQL preset store: behaviour', () => {
  if (pg.skip) test.skip(`the shared store suite (SKIPPED: ${pg.skip})`, () => undefined);
  // A fresh database per test: the shared suite expects an empty store each time.
  else runStoreSuite(async () => {
    const db = await open(await pg.freshDatabase());
    // Closing the store the suite made ends its pool too (one pool per test).
    return { ...db.presets, close: () => db.close() } satisfies PresetStore;
  });
});

describe('PostgreSQL preset store: migrations', () => {
  pg.it('GIVEN a fresh database THEN every migration is applied once, recorded in schema_migrations, and the summary says so', async () => {
    const url = await pg.freshDatabase();
    const db = await open(url);
    try {
      expect(db.migrations).toEqual({ from: 0, to: PG_LATEST_VERSION, applied: PG_MIGRATIONS.map((m) => m.version) });
      expect(db.summary).toBe(`PostgreSQL ${describeDatabaseUrl(url)} (new database, schema v${PG_LATEST_VERSION})`);
    } finally {
      await db.close();
    }
    const rows = await sql<{ version: number; name: string }>(url, 'SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(PG_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    const tables = await sql<{ t: string }>(url, "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
    expect(tables.map((r) => r.t)).toEqual(['buttons', 'hub_cache', 'pins', 'presets', 'records', 'schema_migrations', 'slack_buckets', 'slack_installations', 'slack_seen']);
  });

  pg.it('GIVEN a migrated database with a preset THEN opening again applies nothing and keeps the row', async () => {
    const url = await pg.freshDatabase();
    const a = await open(url);
    await a.presets.save(input('kept'), { version: null, limit: 200 });
    await a.close();
    const b = await open(url);
    try {
      expect(b.migrations).toEqual({ from: PG_LATEST_VERSION, to: PG_LATEST_VERSION, applied: [] });
      expect(b.summary).toMatch(new RegExp(`\\(schema v${PG_LATEST_VERSION}\\)$`));
      expect(await b.presets.get(key('kept'))).toMatchObject({ name: 'kept', version: 1, createdAt: 1000 });
    } finally {
      await b.close();
    }
  });

  pg.it('GIVEN two instances opening a fresh database at once THEN the advisory lock lets one migrate and the other find nothing to do', async () => {
    const url = await pg.freshDatabase();
    const [a, b] = await Promise.all([open(url), open(url)]);
    try {
      // Each migration applied by exactly one of them; neither failed on "relation already exists".
      const applied = [...(a.migrations?.applied ?? []), ...(b.migrations?.applied ?? [])].sort((x, y) => x - y);
      expect(applied).toEqual(PG_MIGRATIONS.map((m) => m.version));
      expect([a.migrations?.applied.length, b.migrations?.applied.length].sort()).toEqual([0, PG_MIGRATIONS.length]);
      // Both work on the same data.
      await a.presets.save(input('shared'), { version: null, limit: 200 });
      expect((await b.presets.get(key('shared')))?.version).toBe(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    expect(await sql(url, 'SELECT count(*)::int AS n FROM schema_migrations')).toEqual([{ n: PG_MIGRATIONS.length }]);
  });

  pg.it('GIVEN a migration that fails THEN open reports it, the database stays at the previous version with its data', async () => {
    const url = await pg.freshDatabase();
    const a = await open(url);
    await a.presets.save(input('safe'), { version: null, limit: 200 });
    await a.close();
    const broken = [...PG_MIGRATIONS, { version: PG_LATEST_VERSION + 1, name: 'broken', sql: 'ALTER TABLE presets ADD COLUMN x TEXT; SELECT * FROM no_such_table;' }];
    const r = await openPostgres(url, { ...FAST, migrations: broken });
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/migration \d+ \(broken\) failed: relation "no_such_table" does not exist/) });
    // The ALTER of the failed migration was rolled back with it (DDL is transactional).
    expect(await sql(url, "SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'presets' AND column_name = 'x'")).toEqual([{ n: 0 }]);
    expect(await sql(url, 'SELECT max(version) AS v FROM schema_migrations')).toEqual([{ v: PG_LATEST_VERSION }]);
    const b = await open(url);
    expect(await b.presets.get(key('safe'))).not.toBeNull();
    await b.close();
  });

  pg.it('GIVEN a database migrated by a newer bot THEN open refuses it and changes nothing', async () => {
    const url = await pg.freshDatabase();
    await (await open(url)).close();
    await sql(url, "INSERT INTO schema_migrations (version, name) VALUES (99, 'from the future')");
    const r = await openPostgres(url, FAST);
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/schema version 99, newer than this bot understands \(\d+\); upgrade the bot/) });
    expect(await sql(url, 'SELECT count(*)::int AS n FROM schema_migrations')).toEqual([{ n: PG_MIGRATIONS.length + 1 }]);
  });

  test('GIVEN a server that cannot be reached THEN open gives a reason with host and database, never the password', async () => {
    // Port 1 on the loopback: nothing listens there, the connection is refused at once.
    const r = await openPostgres('postgres://bot:s3cret-pw@127.0.0.1:1/vram', FAST);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toMatch(/^PostgreSQL at 127\.0\.0\.1:1\/vram: .*ECONNREFUSED/);
    expect(r.reason).not.toContain('s3cret-pw');
    expect(r.reason).not.toContain('bot:');
  });

  test('GIVEN DATABASE_URLs THEN the log form keeps host, port and database only', () => {
    expect(describeDatabaseUrl('postgres://bot:pw@db.internal:6543/vram?sslmode=require')).toBe('db.internal:6543/vram');
    expect(describeDatabaseUrl('postgresql://db/vram')).toBe('db:5432/vram');
    expect(describeDatabaseUrl('not a url')).toBe('an unparsable DATABASE_URL');
    expect(describeDatabaseUrl('postgres:///vram?host=/run/postgresql')).toBe('/run/postgresql:5432/vram');
  });
});

describe('PostgreSQL preset store: concurrent writers (two instances)', () => {
  pg.it('GIVEN 12 creates racing in one scope with limit 5 from two pools THEN exactly 5 are created, 7 refused for the limit', async () => {
    const url = await pg.freshDatabase();
    const [a, b] = await Promise.all([open(url), open(url)]);
    try {
      const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) =>
        (i % 2 === 0 ? a : b).presets.save(input(`p${i}`), { version: null, limit: 5 })));
      expect(outcomes.filter((o) => o.ok)).toHaveLength(5);
      expect(outcomes.filter((o) => !o.ok && o.reason === 'limit')).toHaveLength(7);
      expect(await a.presets.list('T1', 'nobody')).toHaveLength(5);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  pg.it('GIVEN two creates of one name at once THEN one is created and the other is a conflict (not a server error)', async () => {
    const url = await pg.freshDatabase();
    const [a, b] = await Promise.all([open(url), open(url)]);
    try {
      const [x, y] = await Promise.all([
        a.presets.save(input('same', 'model:a'), { version: null, limit: 200 }),
        b.presets.save(input('same', 'model:b'), { version: null, limit: 200 }),
      ]);
      expect([x.ok, y.ok].sort()).toEqual([false, true]);
      expect([x, y].find((o) => !o.ok)).toEqual({ ok: false, reason: 'conflict' });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  pg.it('GIVEN two overwrites from the same version at once THEN one wins (version 2) and the other is a conflict', async () => {
    const url = await pg.freshDatabase();
    const [a, b] = await Promise.all([open(url), open(url)]);
    try {
      await a.presets.save(input('x'), { version: null, limit: 200 });
      const [p, q] = await Promise.all([
        a.presets.save(input('x', 'model:a'), { version: 1, limit: 200 }),
        b.presets.save(input('x', 'model:b'), { version: 1, limit: 200 }),
      ]);
      const won = [p, q].filter((o) => o.ok);
      expect(won).toHaveLength(1);
      expect((await a.presets.get(key('x')))?.version).toBe(2);
      expect(await a.presets.getRecord('T1', 2 ** 40)).toBeNull();
      expect(await a.presets.removeRecord('T1', 1.5)).toBe(false);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('PostgreSQL preset store: the server goes away mid-run', () => {
  const CTX = { platform: 'console', teamId: 'T1', channelId: 'C1', userId: 'U1' } as const;

  pg.it('GIVEN a server not up yet at start-up and waitForServer THEN open succeeds, presets are unavailable, and once it is up the first call migrates and works', async () => {
    if (!pg.server().controllable) {
      console.warn('SKIPPED the late-server test: the server is external (TEST_DATABASE_URL), the tests do not stop it');
      return;
    }
    const url = await pg.freshDatabase();
    await pg.server().stop();
    let db: OpenedPostgres | null = null;
    try {
      const r = await openPostgres(url, { ...FAST, waitForServer: true, onPoolError: () => undefined });
      if (!r.ok) throw new Error(r.reason);
      db = r;
      expect(r.migrations).toBeNull();
      expect(r.summary).toMatch(/^PostgreSQL 127\.0\.0\.1:\d+\/vram_test_\w+ \(not reachable at start-up \(.*ECONNREFUSED.*\); presets unavailable until it is, migrated on first use\)$/);
      await expect(r.presets.list('T1', 'U1')).rejects.toMatchObject({ name: 'StoreError', code: 'unavailable' });
      expect(await r.hubCache.get('a/b')).toBeUndefined();
      // Without waitForServer the same start-up fails.
      expect(await openPostgres(url, FAST)).toMatchObject({ ok: false, reason: expect.stringMatching(/ECONNREFUSED/) });
    } finally {
      await pg.server().start();
    }
    try {
      expect((await db.presets.save(input('late'), { version: null, limit: 200 })).ok).toBe(true);
      expect(db.migrations).toEqual({ from: 0, to: PG_LATEST_VERSION, applied: PG_MIGRATIONS.map((m) => m.version) });
      expect(await sql(url, 'SELECT count(*)::int AS n FROM schema_migrations')).toEqual([{ n: PG_MIGRATIONS.length }]);
    } finally {
      await db.close();
    }
  }, 60_000);

  pg.it('GIVEN the server stopped THEN store calls throw StoreError, presets answer "unavailable" with an error id while estimates answer; started again THEN the same store works', async () => {
    if (!pg.server().controllable) {
      console.warn('SKIPPED the outage test: the server is external (TEST_DATABASE_URL), the tests do not stop it');
      return;
    }
    const url = await pg.freshDatabase();
    const poolErrors: Error[] = [];
    const db = await open(url, poolErrors);
    const logs: string[] = [];
    const core = createHandler({ presets: { ok: true, store: db.presets }, log: (m) => { logs.push(m); } });
    try {
      await db.presets.save(input('before', 'model:llama-3.1-8b lora:true'), { version: null, limit: 200 });
      // Warm the pool: idle connections exist when the server goes (their 'error' must not crash us).
      await Promise.all([db.presets.list('T1', 'U1'), db.presets.get(key('before')), db.presets.listRecords('T1')]);
      expect(replyText(await answerText(core, 'preset list', CTX))).toContain('before');

      await pg.server().stop();

      const err = await db.presets.list('T1', 'U1').then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect((err as StoreError).code).toBe('unavailable');
      await expect(db.presets.save(input('during'), { version: null, limit: 200 })).rejects.toBeInstanceOf(StoreError);
      await expect(db.presets.addRecord({ teamId: 'T1', authorId: 'U1', args: 'model:x', schemaVersion: 1, measuredBytes: 1, stat: 'smi', now: 1 }, 10))
        .rejects.toMatchObject({ name: 'StoreError', code: 'unavailable' });

      const list = replyText(await answerText(core, 'preset list', CTX));
      expect(list).toMatch(/Presets are unavailable right now: the preset store cannot be used .*error id `(\w+)`/);
      const id = /error id `(\w+)`/.exec(list)?.[1] ?? 'none';
      expect(list).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|postgres/i);
      expect(logs.find((l) => l.includes(`error id ${id}`))).toMatch(/PostgreSQL\): list failed: .*ECONNREFUSED/);
      // The estimate needs no store.
      expect(replyText(await answerText(core, 'model:llama-3.2-1b', CTX))).toMatch(/Llama 3\.2 1B/);
      // The idle connections the server dropped were reported, not thrown.
      expect(poolErrors.length).toBeGreaterThan(0);
      // /readyz follows the database: the probe (adapters/main.ts databaseProbe) says it is down.
      const probeLogs: string[] = [];
      const probe = databaseProbe(db, (m) => { probeLogs.push(m); }, 50);
      await waitFor(() => !probe.up());
      expect(probeLogs).toEqual(['database does not answer (3 probes in a row): not ready (estimates still work)']);

      await pg.server().start();
      await waitFor(() => probe.up());
      probe.stop();
      expect(probeLogs[1]).toBe('database answers again: ready');

      expect((await db.presets.get(key('before')))?.args).toBe('model:llama-3.1-8b lora:true');
      expect((await db.presets.save(input('after'), { version: null, limit: 200 })).ok).toBe(true);
      expect(replyText(await answerText(core, 'preset list', CTX))).toMatch(/after[\s\S]*before/);
    } finally {
      await db.close();
    }
  }, 60_000);
});

describe('preset contract: console adapter (PostgreSQL store)', () => {
  // End to end: the real console adapter and handler over the PostgreSQL store, the same steps
  // as test/contract/console.presets.test.ts runs over SQLite.
  let db: OpenedPostgres | null = null;
  let core: Core;
  beforeAll(async () => {
    if (pg.skip) return;
    db = await open(await pg.freshDatabase());
    core = createHandler({ presets: { ok: true, store: db.presets }, log: () => undefined });
  });
  afterAll(async () => { await db?.close(); });

  async function send(text: string, user?: string): Promise<SeenReply> {
    const inputStream = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => { out += d.toString('utf8'); });
    const context = user ? { ...CONSOLE_CTX, userId: user, isAdmin: false } : CONSOLE_CTX;
    const done = runConsole({ input: inputStream, output, interactive: false, log: () => undefined, core, context });
    inputStream.end(`/vram ${text}\n`);
    await done;
    return { text: out.replace(/^\(only visible to you\)\n/, ''), private: out.startsWith('(only visible to you)') };
  }
  const driver: PresetDriver = { name: 'console', send: (t) => send(t), sendAsOther: (t) => send(t, 'someone-else') };
  if (pg.skip) test.skip(`the preset contract (SKIPPED: ${pg.skip})`, () => undefined);
  else runPresetContract(() => driver);
});

describe('DATABASE_URL: environment and start-up', () => {
  test('GIVEN DATABASE_URL values THEN a postgres URL is accepted, anything else is refused naming the key and never echoing the value', () => {
    expect(parseEnv({ DATABASE_URL: 'postgres://bot:pw@db:5432/vram' })).toMatchObject({ ok: true, env: { DATABASE_URL: 'postgres://bot:pw@db:5432/vram' } });
    expect(parseEnv({ DATABASE_URL: 'postgresql://db/vram' }).ok).toBe(true);
    expect(parseEnv({ DATABASE_URL: 'postgres:///vram?host=/run/postgresql' }).ok).toBe(true);
    const blank = parseEnv({ DATABASE_URL: '  ' });
    expect(blank.ok && blank.env.DATABASE_URL).toBeUndefined();
    for (const bad of ['mysql://bot:hunter2@db/vram', 'hunter2 not a url', 'postgres:///no-host']) {
      const r = parseEnv({ DATABASE_URL: bad });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.message).toMatch(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
      expect(r.message).not.toContain('hunter2');
    }
  });

  pg.it('GIVEN npm start with DATABASE_URL THEN the log says PostgreSQL with host and database only, and a preset saved in the console is in the database', async () => {
    const url = new URL(await pg.freshDatabase());
    // Our server trusts local connections, so the password is never checked: it is here to be
    // looked for in the log. An external server's URL keeps its own password.
    if (pg.server().controllable) url.password = 'hunter2-secret';
    const password = decodeURIComponent(url.password);
    const root = join(__dirname, '..', '..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/main.ts'], {
      cwd: root, stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', DOTENV_CONFIG_PATH: '/nonexistent', DATABASE_URL: url.toString(), DATA_DIR: '/nonexistent/never-used' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
    child.stdin.end('/vram preset save name:from-main model:llama-3.1-8b lora:true\n/vram preset list\n');
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(0);
    expect(stderr).toContain(`state: PostgreSQL 127.0.0.1:${url.port}${url.pathname} (new database, schema v${PG_LATEST_VERSION}) (DATABASE_URL set)`);
    if (password !== '') expect(stderr).not.toContain(password);
    expect(stdout).toMatch(/Saved team preset[\s\S]*from-main/);
    if (pg.server().controllable) url.password = '';
    expect(await sql<{ name: string; args: string }>(url.toString(), 'SELECT name, args FROM presets')).toEqual([
      { name: 'from-main', args: expect.stringContaining('model:llama-3.1-8b mode:train method:lora') },
    ]);
  }, 60_000);
});
