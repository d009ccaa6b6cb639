/**
 * The contract suite over the real discord.js client and the local stand-in. The driver turns
 * `/vram` text into what a Discord user would do with the registered commands:
 * - `help` (or nothing) -> `/vram-help`; `models qwen` -> `/vram-models query:qwen`; any other
 *   registry subcommand -> `/vram-<name>`;
 * - another leading word (`modles`) -> `/vram model:modles` (Discord puts what is typed after
 *   `/vram` into the first option);
 * - `key:value` pairs -> typed options where Discord's client would accept the value (integer in
 *   range, true/false, one of the choices), everything else in `more`.
 * Seen text is all visible embed text; private means the ephemeral flag.
 */
import { buildCommands } from '../../adapters/discord/commands';
import { parseLine } from '../../commands/grammar';
import { findSubcommand } from '../../commands/registry';
import { seenText, startHarness, type Harness } from '../discord/harness';
import type { OptionInput } from '../discord/standin-payloads';
import { runContract, type AdapterDriver } from './contract';

interface OptionDef { name: string; type: number; min_value?: number; max_value?: number; choices?: { value: string }[] }

/** The typed value Discord's client would send for `text` in option `def`, or undefined. */
function typed(def: OptionDef, text: string): string | number | boolean | undefined {
  if (def.type === 4) return /^\d+$/.test(text) && Number(text) >= (def.min_value ?? 0) && Number(text) <= (def.max_value ?? Infinity) ? Number(text) : undefined;
  if (def.type === 5) return text === 'true' ? true : text === 'false' ? false : undefined;
  if (def.type === 3 && def.choices) return def.choices.some((c) => c.value === text) ? text : undefined;
  return def.type === 3 ? text : undefined;
}

/** `/vram` text -> the command and options a Discord user would send. */
export function toDiscord(text: string): { name: string; options: OptionInput } {
  const parsed = parseLine(text);
  if (!parsed.ok) return { name: 'vram', options: { model: text } };
  const { words, args } = parsed.value;
  const [first, ...rest] = words;
  if (first === undefined && Object.keys(args).length === 0) return { name: 'vram-help', options: {} };
  const sub = first !== undefined ? findSubcommand(first) : undefined;
  if (sub) return { name: `vram-${sub.name}`, options: rest.length ? { query: rest.join(' ') } : {} };
  const defs = (buildCommands()[0]?.options ?? []) as unknown as OptionDef[];
  const options: Record<string, string | number | boolean> = {};
  const more: string[] = [];
  if (first !== undefined) options.model = words.join(' ');
  for (const [k, v] of Object.entries(args)) {
    const def = defs.find((d) => d.name === k && d.name !== 'more');
    const value = def && options[k] === undefined ? typed(def, v) : undefined;
    if (value !== undefined) options[k] = value;
    else more.push(`${k}:${v}`);
  }
  if (more.length) options.more = more.join(' ');
  return { name: 'vram', options };
}

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
  });

  runContract(() => driver);
});
