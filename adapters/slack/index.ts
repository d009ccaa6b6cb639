import type { Env } from '../env';
import type { AdapterDeps, RunningAdapter } from '../types';

/** Starts the Slack adapter (Bolt). Replaced by the real implementation. */
export async function startSlack(_env: Env, _deps: AdapterDeps): Promise<RunningAdapter> {
  throw new Error('Slack adapter not built yet');
}
