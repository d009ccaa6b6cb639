import type { Env } from '../env';
import type { AdapterDeps, RunningAdapter } from '../types';

/** Starts the Discord adapter (discord.js). Replaced by the real implementation. */
export async function startDiscord(_env: Env, _deps: AdapterDeps): Promise<RunningAdapter> {
  throw new Error('Discord adapter not built yet');
}
