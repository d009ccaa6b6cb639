/**
 * A child process for test/slack/shared-state.test.ts: opens `slack.db` in `dir`, waits until
 * `startAt` (so that every child starts together), then races the others: `n` takes of one
 * bucket and `n` first-seen checks of keys every child checks. Prints its counts as JSON.
 */
import { openSlackSqlite } from '../../adapters/store/shared-sqlite';

async function main(): Promise<void> {
  const [dir, startAt, n] = [process.argv[2] ?? '', Number(process.argv[3]), Number(process.argv[4])];
  const o = openSlackSqlite({ dir });
  if (!o.ok) throw new Error(o.reason);
  while (Date.now() < startAt) await new Promise((r) => setTimeout(r, 1));
  let granted = 0;
  let first = 0;
  for (let i = 0; i < n; i += 1) {
    if ((await o.sharedState.take('T:RACE', 50, 1e9, 1000)).ok) granted += 1;
    if (await o.sharedState.firstSeen(`t:key${i}`, 600_000, 1000)) first += 1;
  }
  o.close();
  process.stdout.write(JSON.stringify({ granted, first }));
}

main().catch((err: unknown) => { process.stderr.write(String(err)); process.exit(1); });
