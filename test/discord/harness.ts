/**
 * One running bot against one stand-in: the real discord.js client logs in over loopback, the
 * commands are registered through the real deploy path, and the log is captured.
 */
import { createHandler, type Core } from '../../commands/handler';
import { deployCommands } from '../../adapters/discord/deploy';
import { startDiscordBot, type DiscordConfig, type RunningDiscord } from '../../adapters/discord/client';
import type { Metrics } from '../../adapters/ops/metrics';
import type { AdapterDeps, LogFields } from '../../adapters/types';
import { DiscordStandin, type SeenMessage } from './standin';

export const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.standin-bot-token-not-a-real-secret';
export const APP_ID = '123456789012345678';
export const GUILD_ID = '987654321098765432';

export interface Harness {
  readonly standin: DiscordStandin;
  readonly bot: RunningDiscord;
  /** Everything the bot logged, one string per call (message and error stack). */
  readonly logs: string[];
  /** The same calls with their fields (`reqId`). */
  readonly entries: { readonly msg: string; readonly err: unknown; readonly fields: LogFields | undefined }[];
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Replaces the registry's `handle` (to inject failures or slow answers); parsing stays real. */
  readonly handle?: Core['handle'];
  /** Services behind the core (a preset store). */
  readonly core?: Parameters<typeof createHandler>[0];
  readonly deferAfterMs?: number;
  readonly heartbeatIntervalMs?: number;
  /** The stand-in's first-response deadline (Discord: 3000 ms). */
  readonly deadlineMs?: number;
  /** Preset names for autocomplete (see `adapters/discord/preset-names.ts`). */
  readonly presetNames?: DiscordConfig['presetNames'];
  /** Button memory (capacity, lifetime). */
  readonly buttons?: DiscordConfig['buttons'];
  /**
   * Commands per person. The harness default is generous (10 000 a minute) so that suites of
   * many commands from one member are not refused; pass the adapter's default to test it.
   */
  readonly rateLimit?: DiscordConfig['rateLimit'];
  /** Any other adapter settings (chart pool, renderChart, queue, drainMs). */
  readonly config?: Partial<Omit<DiscordConfig, 'token' | 'applicationId' | 'apiUrl'>>;
  readonly metrics?: Metrics;
}

/** The harness's rate limit unless a test sets one. */
export const GENEROUS_RATE_LIMIT = { capacity: 10_000, windowMs: 60_000 } as const;

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const standin = await DiscordStandin.start({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID, heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41250, ...(opts.deadlineMs !== undefined ? { deadlineMs: opts.deadlineMs } : {}) });
  const logs: string[] = [];
  const entries: Harness['entries'] = [];
  const log: AdapterDeps['log'] = (msg, err, fields) => {
    logs.push(err instanceof Error ? `${msg} ${err.stack ?? err.message}` : err !== undefined ? `${msg} ${String(err)}` : msg);
    entries.push({ msg, err, fields });
  };
  await deployCommands({ token: TOKEN, applicationId: APP_ID, guildId: GUILD_ID, apiUrl: standin.apiUrl });
  const base = createHandler({ ...(opts.core ?? {}), log });
  const core: Core = opts.handle ? { ...base, handle: opts.handle } : base;
  let bot: RunningDiscord;
  try {
    bot = await startDiscordBot({
      token: TOKEN, applicationId: APP_ID, apiUrl: standin.apiUrl,
      ...(opts.deferAfterMs !== undefined ? { deferAfterMs: opts.deferAfterMs } : {}),
      ...(opts.presetNames ? { presetNames: opts.presetNames } : {}),
      ...(opts.buttons ? { buttons: opts.buttons } : {}),
      rateLimit: opts.rateLimit ?? GENEROUS_RATE_LIMIT,
      ...(opts.config ?? {}),
    }, { core, log, ...(opts.metrics ? { metrics: opts.metrics } : {}) });
  } catch (err) {
    await standin.close();
    throw err;
  }
  return {
    standin, bot, logs, entries,
    async stop() {
      await bot.stop();
      await standin.close();
    },
  };
}

/** All the text a user sees in a message's embeds (and content), for substring checks. */
export function seenText(m: SeenMessage): string {
  const parts: string[] = [m.content];
  for (const e of m.embeds) {
    parts.push(String(e.title ?? ''), String(e.description ?? ''));
    for (const f of (e.fields ?? []) as { name: string; value: string }[]) parts.push(f.name, f.value);
    const footer = e.footer as { text?: string } | undefined;
    parts.push(footer?.text ?? '');
  }
  return parts.filter(Boolean).join('\n');
}
