/**
 * The contract suite over the real discord.js client and the local stand-in. The driver
 * (`discord-driver.ts`) turns `/vram` text into what a Discord user would do with the registered
 * commands. Seen text is all visible embed text; private means the ephemeral flag.
 */
import { seenText, startHarness, type Harness } from '../discord/harness';
import { runContract, type AdapterDriver } from './contract';
import { toDiscord } from './discord-driver';

describe('contract: discord adapter', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h.stop(); });
  afterEach(() => { expect(h.standin.violations).toEqual([]); });

  const driver: AdapterDriver = {
    name: 'discord',
    async send(text) {
      const { name, options } = toDiscord(text);
      const m = await h.standin.runCommand(name, options).seen;
      return { text: seenText(m), private: m.ephemeral };
    },
  };

  test('GIVEN contract texts THEN the driver maps them the way a Discord user would type them', () => {
    expect(toDiscord('model:llama-3.1-8b batch:2 lora:true gpu:rtx4090 optimizer:adam9')).toEqual({ name: 'vram', options: { model: 'llama-3.1-8b', batch: 2, lora: true, gpu: 'rtx4090', more: 'optimizer:adam9' } });
    expect(toDiscord('models qwen')).toEqual({ name: 'vram-models', options: { query: 'qwen' } });
    expect(toDiscord('')).toEqual({ name: 'vram-help', options: {} });
    expect(toDiscord('modles')).toEqual({ name: 'vram', options: { model: 'modles' } });
    expect(toDiscord('preset save name:x model:llama-3.1-8b lora:true scope:me')).toEqual({ name: 'vram-preset save', options: { name: 'x', scope: 'me', args: 'model:llama-3.1-8b lora:true' } });
    expect(toDiscord('preset rename name:x to:y')).toEqual({ name: 'vram-preset rename', options: { name: 'x', to: 'y' } });
    expect(toDiscord('preset unpin')).toEqual({ name: 'vram-preset unpin', options: {} });
    expect(toDiscord('preset:x batch:8')).toEqual({ name: 'vram', options: { batch: 8, more: 'preset:x' } });
  });

  runContract(() => driver);
});
