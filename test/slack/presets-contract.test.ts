/**
 * The preset contract over the real Slack adapter (HTTP, Bolt on loopback), with the process's
 * handler (`createHandler`) over a SQLite store in a temporary folder. Every step comes from the
 * same team and channel; the second member is another Slack user id.
 */
import { openSqlitePresetStore } from '../../adapters/store/sqlite';
import type { PresetStore } from '../../src/store/presets';
import { runPresetContract, type PresetDriver } from '../contract/presets';
import { tempDir } from '../store/tmp';
import { messageText } from './support/blocks';
import { startHttpHarness, type HttpHarness } from './support/harness';

let h: HttpHarness;
let store: PresetStore;
let cleanup: () => void;

async function sendAs(userId: string, text: string): Promise<{ text: string; private: boolean }> {
  const { message } = await h.ask(text, { user_id: userId, channel_id: 'C0PRESET', team_id: 'T0PRESET' });
  return { text: messageText(message), private: message.response_type === 'ephemeral' };
}

const slackPresetDriver: PresetDriver = {
  name: 'slack',
  send: (text) => sendAs('U0AUTHOR', text),
  sendAsOther: (text) => sendAs('U0OTHER', text),
};

describe('preset contract: slack adapter (HTTP, Bolt; SQLite store in a temp folder)', () => {
  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const opened = openSqlitePresetStore({ dir: t.dir });
    if (!opened.ok) throw new Error(opened.reason);
    store = opened.store;
    // A session of many steps from one user: lift the per-user limit so it never answers instead.
    h = await startHttpHarness({ core: { presets: opened }, rateLimit: { capacity: 100, windowMs: 60_000 } });
  });
  afterAll(async () => {
    await h.stop();
    await store.close();
    cleanup();
  });
  runPresetContract(() => slackPresetDriver);
});
