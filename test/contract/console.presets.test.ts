import { PassThrough } from 'node:stream';
import { runConsole } from '../../adapters/console/console';
import { openSqlitePresetStore } from '../../adapters/store/sqlite';
import { createHandler, type Core } from '../../commands/handler';
import { CONSOLE_CTX } from '../../adapters/console/console';
import type { PresetStore } from '../../src/store/presets';
import { tempDir } from '../store/tmp';
import type { SeenReply } from './contract';
import { runPresetContract, type PresetDriver } from './presets';

let store: PresetStore;
let core: Core;
let cleanup: () => void;

/** One `/vram` line through the real console adapter; `user` swaps the console's caller. */
async function send(text: string, user?: string): Promise<SeenReply> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => { out += d.toString('utf8'); });
  const context = user ? { ...CONSOLE_CTX, userId: user, isAdmin: false } : CONSOLE_CTX;
  const done = runConsole({ input, output, interactive: false, log: () => undefined, core, context });
  input.end(`/vram ${text}\n`);
  await done;
  return { text: out.replace(/^\(only visible to you\)\n/, ''), private: out.startsWith('(only visible to you)') };
}

const consoleDriver: PresetDriver = {
  name: 'console',
  send: (text) => send(text),
  // The console has one user; a second member is simulated by swapping the caller's id.
  sendAsOther: (text) => send(text, 'someone-else'),
};

describe('preset contract: console adapter (SQLite store in a temp folder)', () => {
  beforeAll(() => {
    const t = tempDir();
    cleanup = t.cleanup;
    const opened = openSqlitePresetStore({ dir: t.dir });
    if (!opened.ok) throw new Error(opened.reason);
    store = opened.store;
    core = createHandler({ presets: opened, log: () => undefined });
  });
  afterAll(async () => {
    await store.close();
    cleanup();
  });
  runPresetContract(() => consoleDriver);
});
