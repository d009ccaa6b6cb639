/**
 * The Discord adapter (discord.js over the gateway). `startDiscord` maps the validated
 * environment onto explicit config; everything below takes that config, never `process.env`.
 * Register the slash commands first: `npm run discord:deploy` (see `deploy.ts`).
 */
import type { ButtonStore } from '../../src/store/buttons';
import type { Env } from '../env';
import type { AdapterDeps, RunningAdapter } from '../types';
import type { PresetNames } from './autocomplete';
import { startDiscordBot, type DiscordConfig } from './client';

/** Explicit config from the environment; fails naming the variable that is missing. */
export function discordConfig(env: Env): DiscordConfig {
  if (!env.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN: required to start the Discord adapter');
  if (!env.DISCORD_APPLICATION_ID) throw new Error('DISCORD_APPLICATION_ID: required to start the Discord adapter');
  return { token: env.DISCORD_TOKEN, applicationId: env.DISCORD_APPLICATION_ID, ...(env.DISCORD_API_URL ? { apiUrl: env.DISCORD_API_URL } : {}) };
}

/** What the process gives the adapter beyond the environment. */
export interface DiscordOptions {
  /** Preset names for autocomplete: `presetNamesFor(presets)` with the open store (see `preset-names.ts`). */
  readonly presetNames?: PresetNames;
  /** Where button state outlives the process: the open preset store (SQLite or PostgreSQL). */
  readonly buttons?: ButtonStore;
}

/**
 * Starts the Discord adapter: logs in and answers `/vram`, `/vram-preset`, `/vram-help`, ...
 * @example startDiscord(env, deps, { presetNames: presetNamesFor(presets) })
 */
export async function startDiscord(env: Env, deps: AdapterDeps, options: DiscordOptions = {}): Promise<RunningAdapter> {
  const config = discordConfig(env);
  return startDiscordBot({
    ...config,
    ...(options.presetNames ? { presetNames: options.presetNames } : {}),
    ...(options.buttons ? { buttons: { ...(config.buttons ?? {}), backing: options.buttons } } : {}),
  }, deps);
}

export { startDiscordBot, type DiscordConfig, type RunningDiscord } from './client';
export { buildCommands } from './commands';
export { deployCommands } from './deploy';
export { presetNamesFor, presetNamesFromStore } from './preset-names';
export type { PresetNames } from './autocomplete';
