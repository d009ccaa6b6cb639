/**
 * Command registration: PUTs the generated definitions (bulk overwrite). Guild-scoped when a
 * guild id is given (instant, for development), else global.
 */
import { REST, Routes, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Env } from '../env';
import { buildCommands } from './commands';

export interface DeployConfig {
  readonly token: string;
  readonly applicationId: string;
  readonly guildId?: string;
  /** REST base URL, default `https://discord.com/api`. */
  readonly apiUrl?: string;
}

/** Deploy config from the validated environment; fails naming the variable that is missing. */
export function deployConfig(env: Env): DeployConfig {
  if (!env.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN: required to register commands');
  if (!env.DISCORD_APPLICATION_ID) throw new Error('DISCORD_APPLICATION_ID: required to register commands');
  return {
    token: env.DISCORD_TOKEN,
    applicationId: env.DISCORD_APPLICATION_ID,
    ...(env.DISCORD_GUILD_ID ? { guildId: env.DISCORD_GUILD_ID } : {}),
    ...(env.DISCORD_API_URL ? { apiUrl: env.DISCORD_API_URL } : {}),
  };
}

/**
 * Registers the commands.
 * @returns the route used (no token in it) and the names Discord now has registered
 */
export async function deployCommands(
  cfg: DeployConfig,
  body: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[] = buildCommands(),
): Promise<{ route: string; names: string[] }> {
  const rest = new REST(cfg.apiUrl ? { api: cfg.apiUrl } : {}).setToken(cfg.token);
  const route = cfg.guildId ? Routes.applicationGuildCommands(cfg.applicationId, cfg.guildId) : Routes.applicationCommands(cfg.applicationId);
  try {
    const saved = (await rest.put(route, { body })) as readonly { name?: unknown }[];
    return { route, names: saved.map((c) => String(c.name)) };
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
