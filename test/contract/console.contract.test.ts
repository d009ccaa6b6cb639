import { PassThrough } from 'node:stream';
import { runConsole } from '../../adapters/console/console';
import { runContract, type AdapterDriver } from './contract';

/** Drives the real console adapter over in-memory streams, one command per run. */
const consoleDriver: AdapterDriver = {
  name: 'console',
  async send(text) {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => { out += d.toString('utf8'); });
    const done = runConsole({ input, output, interactive: false, log: () => undefined });
    input.end(`/vram ${text}\n`);
    await done;
    return { text: out.replace(/^\(only visible to you\)\n/, ''), private: out.startsWith('(only visible to you)') };
  },
};

describe('contract: console adapter', () => {
  runContract(() => consoleDriver);
});
