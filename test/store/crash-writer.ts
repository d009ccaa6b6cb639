/**
 * Crash-test writer: opens the preset store in `<dir>` and saves presets in a loop, printing
 * each name on stdout only after its save returned (acknowledged). The test kills it with
 * SIGKILL and checks that every printed name survived.
 *
 * Usage: node --require tsx/cjs test/store/crash-writer.ts <dir> [prefix]
 */
import { openSqlitePresetStore } from '../../adapters/store/sqlite';
import { TEAM_OWNER } from '../../src/store/presets';

async function main(): Promise<void> {
  const [dir, prefix = 'p'] = process.argv.slice(2);
  if (!dir) throw new Error('usage: crash-writer <dir> [prefix]');
  const r = openSqlitePresetStore({ dir });
  if (!r.ok) throw new Error(r.reason);
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) {
    const name = `${prefix}-${i}`;
    const args = `model:llama-3.1-8b batch:${(i % 64) + 1} seq:${1024 + i}`;
    const saved = await r.store.save({ key: { teamId: 'T1', ownerId: i % 3 === 0 ? 'U1' : TEAM_OWNER, name }, args, schemaVersion: 1, authorId: 'U1', now: Date.now() }, { version: null, limit: 1_000_000 });
    if (!saved.ok) throw new Error(`save ${name}: ${saved.reason}`);
    process.stdout.write(`${name}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
