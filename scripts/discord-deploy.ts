/**
 * `npm run discord:deploy`: registers the slash commands with Discord. Guild-scoped when
 * DISCORD_GUILD_ID is set (appears instantly), otherwise global. Reads `.env` like `npm start`.
 */
import 'dotenv/config';
import { parseEnv } from '../adapters/env';
import { deployCommands, deployConfig } from '../adapters/discord/deploy';

async function main(): Promise<number> {
  const parsed = parseEnv(process.env);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n`);
    return 1;
  }
  let cfg;
  try {
    cfg = deployConfig(parsed.env);
  } catch (err) {
    process.stderr.write(`Invalid environment:\n  ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const { route, names } = await deployCommands(cfg);
  process.stdout.write(`Registered ${names.length} command(s) at PUT ${route}: ${names.map((n) => `/${n}`).join(', ')}\n`);
  return 0;
}

main().then((code) => { process.exitCode = code; }, (err: unknown) => {
  const e = err as { message?: unknown; status?: unknown };
  process.stderr.write(`Registering the commands failed: ${String(e.message ?? err)}${e.status ? ` (HTTP ${String(e.status)})` : ''}\n`);
  process.exitCode = 1;
});
