/**
 * The preset contract over the real discord.js client and the local stand-in, with the
 * process's handler (`createHandler`) over a SQLite store in a temporary folder. Every step comes
 * from the same guild and channel; the second member is another guild member without Manage
 * Server. Commands are what a Discord user would send (`discord-driver.ts`): `/vram-preset save
 * name:... args:...`, `/vram batch:8 more:preset:...`, a bare `/vram batch:4` in a pinned channel.
 */
import { openSqlitePresetStore } from '../../adapters/store/sqlite';
import { presetNamesFor } from '../../adapters/discord/preset-names';
import type { PresetStore } from '../../src/store/presets';
import { seenText, startHarness, type Harness } from '../discord/harness';
import { member, type StandinMember } from '../discord/standin-payloads';
import { tempDir } from '../store/tmp';
import type { SeenReply } from './contract';
import { toDiscord } from './discord-driver';
import { CONTRACT_PRESET, runPresetContract, type PresetDriver } from './presets';

const AUTHOR = member('555555555555555555', 'author');
const OTHER = member('666666666666666666', 'other');

let h: Harness;
let store: PresetStore;
let cleanup: () => void;

async function sendAs(who: StandinMember, text: string): Promise<SeenReply> {
  const { name, options } = toDiscord(text);
  const m = await h.standin.runCommand(name, options, { member: who }).seen;
  return { text: seenText(m), private: m.ephemeral };
}

const discordPresetDriver: PresetDriver = {
  name: 'discord',
  send: (text) => sendAs(AUTHOR, text),
  sendAsOther: (text) => sendAs(OTHER, text),
};

describe('preset contract: discord adapter (real client, stand-in; SQLite store in a temp folder)', () => {
  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const opened = openSqlitePresetStore({ dir: t.dir });
    if (!opened.ok) throw new Error(opened.reason);
    store = opened.store;
    const presetNames = presetNamesFor(opened);
    h = await startHarness({ core: { presets: opened, log: () => undefined }, ...(presetNames ? { presetNames } : {}) });
  });
  afterAll(async () => {
    await h?.stop();
    await store?.close();
    cleanup?.();
  });
  afterEach(() => { expect(h.standin.violations).toEqual([]); });

  runPresetContract(() => discordPresetDriver);

  test('GIVEN the session THEN autocomplete (from the same store) offers the presets there are, not the deleted contract preset', async () => {
    await sendAs(AUTHOR, 'preset save name:contract-extra model:llama-3.1-8b');
    const choices = await h.standin.autocomplete('vram-preset show', { name: 'contract' }, 'name', { member: OTHER });
    expect(choices.map((c) => c.value)).toEqual(['contract-extra']);
    expect(choices.map((c) => c.value)).not.toContain(CONTRACT_PRESET);
  });
});
