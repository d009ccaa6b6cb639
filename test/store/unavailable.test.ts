import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE, openSqlitePresetStore } from '../../adapters/store/sqlite';
import { answerText, createHandler } from '../../commands/handler';
import { replyText } from '../../src/reply/text';
import { runAsNobody, whyNobodyCannotRun } from './as-nobody';
import { tempDir } from './tmp';

const CTX = { platform: 'console', teamId: 'local', channelId: 'console', userId: 'u' } as const;

/** Start-up as in adapters/main.ts, then an estimate and `preset list`. */
async function startAndAsk(dir: string): Promise<{ open: string; estimate: string; list: string; log: string }> {
  const presets = openSqlitePresetStore({ dir });
  const logs: string[] = [];
  const core = createHandler({ presets, log: (m) => { logs.push(m); } });
  return {
    open: presets.ok ? 'ok' : presets.reason,
    estimate: replyText(await answerText(core, 'model:llama-3.2-1b', CTX)),
    list: replyText(await answerText(core, 'preset list', CTX)),
    log: logs.join('\n'),
  };
}

/**
 * The user is told presets are unavailable and given an error id, never the path or errno; the
 * log holds the reason under that id.
 */
function expectUnavailable(r: { list: string; log: string }, dir: string, reason: RegExp): void {
  expect(r.list).toMatch(/Presets are unavailable right now: the preset store cannot be used .*error id `\w+`/);
  expect(r.list).not.toContain(dir);
  expect(r.list).not.toMatch(/presets\.db|EACCES|SQLite|errno/i);
  const id = /error id `(\w+)`/.exec(r.list)?.[1] ?? 'none';
  const line = r.log.split('\n').find((l) => l.includes(`error id ${id}`));
  expect(line).toMatch(reason);
}

describe('an unusable preset database: the bot still answers', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => { t = tempDir(undefined, { nobodyCanEnter: true }); });
  afterEach(() => {
    chmodSync(t.dir, 0o700);
    t.cleanup();
  });

  test('GIVEN a corrupted file THEN estimates answer, preset list says presets are unavailable and why, the bytes are unchanged', async () => {
    const path = join(t.dir, DB_FILE);
    const garbage = Buffer.from('this is not a database, just some bytes that were here first\n'.repeat(200));
    writeFileSync(path, garbage);
    const r = await startAndAsk(t.dir);
    expect(r.estimate).toMatch(/Llama 3\.2 1B/);
    expectUnavailable(r, t.dir, /presets\.db is not a usable SQLite database \(file is not a database/);
    expect(readFileSync(path).equals(garbage)).toBe(true);
  });

  test('GIVEN the database path is a directory THEN estimates answer and preset list says why', async () => {
    mkdirSync(join(t.dir, DB_FILE));
    const r = await startAndAsk(t.dir);
    expect(r.estimate).toMatch(/Llama 3\.2 1B/);
    expectUnavailable(r, t.dir, /presets\.db is not a regular file/);
  });

  // Root writes through file modes, so as root the start-up runs as user nobody instead. Skipped
  // (and said so) only where no process can switch to that user, such as an unprivileged container.
  const cannotDropRoot = process.getuid?.() === 0 ? whyNobodyCannotRun() : null;
  if (cannotDropRoot) console.warn(`SKIPPED the read-only test: running as root and ${cannotDropRoot}`);
  const readOnlyTest = cannotDropRoot ? test.skip : test;
  readOnlyTest(`GIVEN a read-only file and folder THEN estimates answer, preset list says read-only, the bytes are unchanged${cannotDropRoot ? ` (SKIPPED as root: ${cannotDropRoot})` : ''}`, async () => {
    const a = openSqlitePresetStore({ dir: t.dir });
    if (!a.ok) throw new Error(a.reason);
    await a.store.save({ key: { teamId: 'local', ownerId: '', name: 'kept' }, args: 'model:llama-3.1-8b', schemaVersion: 1, authorId: 'u', now: 1 }, { version: null, limit: 200 });
    await a.store.close();
    const path = join(t.dir, DB_FILE);
    const before = readFileSync(path);
    chmodSync(path, 0o444);
    chmodSync(t.dir, 0o555);
    let r: { open: string; estimate: string; list: string; log: string };
    if (process.getuid?.() === 0) {
      const child = runAsNobody(join(__dirname, 'unavailable-child.ts'), [t.dir]);
      if (child.error) throw child.error;
      expect(child.stderr).toBe('');
      expect(child.status).toBe(0);
      r = JSON.parse(child.stdout) as typeof r;
    } else {
      r = await startAndAsk(t.dir);
    }
    expect(r.open).toMatch(/presets\.db is read-only: EACCES/);
    expect(r.estimate).toMatch(/Llama 3\.2 1B/);
    expectUnavailable(r, t.dir, /presets\.db is read-only/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
