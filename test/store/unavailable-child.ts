/**
 * Opens the preset store in `<dir>` as the bot does at start-up and answers two commands; prints
 * `{ open, estimate, list }` as JSON. Run as an unprivileged user by unavailable.test.ts, so a
 * read-only file is really read-only (root ignores file modes); as-nobody.ts bundles it with what it
 * imports, so keep it to the start-up and the two commands.
 *
 * Usage: npx tsx test/store/unavailable-child.ts <dir>
 */
import { openSqlitePresetStore } from '../../adapters/store/sqlite';
import { answerText, createHandler } from '../../commands/handler';
import { replyText } from '../../src/reply/text';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: unavailable-child <dir>');
  const presets = openSqlitePresetStore({ dir });
  const logs: string[] = [];
  const core = createHandler({ presets, log: (m) => { logs.push(m); } });
  const ctx = { platform: 'console', teamId: 'local', channelId: 'console', userId: 'u' } as const;
  const estimate = replyText(await answerText(core, 'model:llama-3.2-1b', ctx));
  const list = replyText(await answerText(core, 'preset list', ctx));
  process.stdout.write(JSON.stringify({ open: presets.ok ? 'ok' : presets.reason, estimate, list, log: logs.join('\n') }));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
