/**
 * The discord.js client: logs in over the gateway (Guilds intent only; slash commands and
 * buttons need no privileged intents), routes interactions, and stops cleanly. Takes explicit config, never
 * `process.env`, so tests point it at a local stand-in through `apiUrl`.
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { PngOptions } from '../chart/png';
import type { AdapterDeps, RunningAdapter } from '../types';
import { ActionStore } from './actions';
import type { PresetNames } from './autocomplete';
import { DEFAULT_DEFER_AFTER_MS, handleAutocomplete, handleButton, handleCommand, type InteractionDeps } from './interactions';
import { redactingLog } from './log';

export interface DiscordConfig {
  /** Bot token (secret). */
  readonly token: string;
  readonly applicationId: string;
  /**
   * REST base URL, default `https://discord.com/api`. The gateway URL comes from REST
   * (`GET /gateway/bot`), so this one setting moves both.
   */
  readonly apiUrl?: string;
  /** Defer a command whose answer is not ready after this many ms (default 2000; Discord allows 3000). */
  readonly deferAfterMs?: number;
  /** How long to wait for the guilds announced in READY (discord.js default 15 s). */
  readonly waitGuildTimeoutMs?: number;
  /**
   * The caller's preset names for autocomplete of `/vram-preset ... name:` (from the open store:
   * `presetNamesFor(presets)` in `preset-names.ts`). Without it, no names are offered.
   */
  readonly presetNames?: PresetNames;
  /** Buttons: how many are remembered (default 1000) and for how long (default 1 h). */
  readonly buttons?: { readonly capacity?: number; readonly ttlMs?: number };
  /** Chart look (default dark theme). */
  readonly chart?: PngOptions;
}

/** A failure of the adapter itself (not of a command), with a stable code and the cause. */
export class DiscordAdapterError extends Error {
  constructor(readonly code: 'login_failed', message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DiscordAdapterError';
  }
}

export interface RunningDiscord extends RunningAdapter {
  /** The logged-in client (tests read its state; the adapter needs nothing else from it). */
  readonly client: Client;
}

/** Creates the client, logs in, and resolves once it is ready for interactions. */
export async function startDiscordBot(config: DiscordConfig, deps: AdapterDeps): Promise<RunningDiscord> {
  const log = redactingLog(deps.log, [config.token]);
  const idep: InteractionDeps = {
    core: deps.core,
    log,
    deferAfterMs: config.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS,
    actions: new ActionStore(config.buttons ?? {}),
    ...(config.presetNames ? { presetNames: config.presetNames } : {}),
    ...(config.chart ? { chart: config.chart } : {}),
  };
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: config.apiUrl ? { api: config.apiUrl } : {},
    ...(config.waitGuildTimeoutMs !== undefined ? { waitGuildTimeout: config.waitGuildTimeoutMs } : {}),
  });
  client.on(Events.InteractionCreate, (i: Interaction) => {
    if (i.isChatInputCommand()) void handleCommand(i, idep);
    else if (i.isAutocomplete()) void handleAutocomplete(i, idep);
    else if (i.isButton()) void handleButton(i, idep);
  });
  client.on(Events.Error, (err) => log('discord: client error', err));
  client.on(Events.ShardError, (err, shard) => log(`discord: shard ${shard} error`, err));

  const ready = once(client, Events.ClientReady);
  ready.catch(() => undefined); // awaited below; never an unhandled rejection if login fails first
  try {
    await client.login(config.token);
    await ready;
  } catch (err) {
    await client.destroy();
    log('discord: login failed', err);
    throw new DiscordAdapterError('login_failed', 'Discord login failed: check DISCORD_TOKEN (and DISCORD_API_URL if set)', { cause: err });
  }
  if (client.application?.id && client.application.id !== config.applicationId) {
    log(`discord: DISCORD_APPLICATION_ID (${config.applicationId}) differs from the token's application (${client.application.id}); registered commands may not match`);
  }
  log(`discord: logged in as ${client.user?.tag ?? '?'} in ${client.guilds.cache.size} guild(s)`);
  return {
    name: 'discord',
    client,
    async stop() {
      await client.destroy();
    },
  };
}
