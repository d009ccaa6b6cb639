import fc from 'fast-check';
import { commandText, pairText, type OptionValue } from '../../adapters/discord/options';
import { parseLine } from '../../commands/grammar';
import { dispatch } from '../../commands/registry';
import type { CommandContext } from '../../commands/types';

const ctx: CommandContext = { platform: 'discord', teamId: 'g', channelId: 'c', userId: 'u' };
const opts = (o: Record<string, string | number | boolean>): OptionValue[] => Object.entries(o).map(([name, value]) => ({ name, value }));

function textOf(name: string, o: Record<string, string | number | boolean>): string {
  const r = commandText(name, opts(o));
  if (!r.ok) throw new Error(`expected text, got ${r.reply.title}`);
  return r.text;
}

describe('discord options -> grammar text', () => {
  test('GIVEN typed options THEN numbers and booleans become the pairs a user would type', () => {
    expect(textOf('vram', { model: 'llama-3.1-8b', batch: 2, lora: true, gpu: 'rtx4090' })).toBe('model:llama-3.1-8b batch:2 lora:true gpu:rtx4090');
  });

  test('GIVEN `more` THEN its pairs are appended as typed, for the grammar to read', () => {
    expect(textOf('vram', { model: 'llama-3.1-8b', more: ' optimizer:adam9 dropout:0.1 ' })).toBe('model:llama-3.1-8b optimizer:adam9 dropout:0.1');
  });

  test('GIVEN a value with spaces THEN it is quoted so the grammar reads it back whole', () => {
    expect(textOf('vram', { model: 'llama 3.1 8b', gpu: 'A100 80GB' })).toBe('model:"llama 3.1 8b" gpu:"A100 80GB"');
  });

  test('GIVEN any value without both kinds of quote THEN parseLine reads back exactly that key and value', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }).filter((v) => !(v.includes('"') && v.includes("'"))), (v) => {
      const p = pairText('model', v);
      expect(p).not.toBeNull();
      const parsed = parseLine(`${p ?? ''} batch:2`);
      expect(parsed.ok && parsed.value.args).toEqual({ model: v, batch: '2' });
    }), { numRuns: 300 });
  });

  test('GIVEN a value with both kinds of quote THEN a private error naming the option, not a misread', () => {
    const r = commandText('vram', opts({ model: `it's "x"` }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reply.visibility).toBe('private');
      expect(r.reply.description).toContain('`model`');
    }
  });

  test('GIVEN private:true THEN the hint for a deferred reply is private', () => {
    const r = commandText('vram', opts({ model: 'x', private: true }));
    expect(r.ok && r.privateHint).toBe(true);
    expect(r.ok && r.text).toBe('model:x private:true');
  });

  test('GIVEN a subcommand word typed into `model` (Discord fills the first option) THEN that subcommand', () => {
    expect(textOf('vram', { model: 'help' })).toBe('help');
    expect(textOf('vram', { model: 'models qwen' })).toBe('models qwen');
  });

  test('GIVEN /vram-models query:qwen THEN `models query:qwen`; /vram-help THEN `help`', () => {
    expect(textOf('vram-models', { query: 'qwen' })).toBe('models query:qwen');
    expect(textOf('vram-help', {})).toBe('help');
  });

  test('GIVEN a command with its own syntax THEN `args` is passed verbatim after the name', () => {
    expect(textOf('vram-compare', { args: 'model:a lora:true vs model:a qlora:true' })).toBe('compare model:a lora:true vs model:a qlora:true');
    expect(textOf('vram-fit', { model: 'llama-3.1-8b', gpu: 'rtx4090', more: 'seq:4096' })).toBe('fit model:llama-3.1-8b gpu:rtx4090 seq:4096');
  });

  test('GIVEN a command the bot does not have THEN a private error that names the known commands', () => {
    const r = commandText('vram-nope', []);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reply.description).toMatch(/\/vram-models/);
  });
});

describe('discord options: one schema with the text grammar', () => {
  const same: [string, Record<string, string | number | boolean>, string][] = [
    ['estimate', { model: 'llama-3.1-8b', batch: 2, seq: 2048, lora: true, gpu: 'rtx4090' }, 'model:llama-3.1-8b batch:2 seq:2048 lora:true gpu:rtx4090'],
    ['bad enum in more', { model: 'llama-3.1-8b', more: 'optimizer:adam9' }, 'model:llama-3.1-8b optimizer:adam9'],
    ['serving', { model: 'mistral-7b', mode: 'infer', context: 32768, batch: 4, kv: 'fp8' }, 'model:mistral-7b mode:infer context:32768 batch:4 kv:fp8'],
    ['gc choice', { model: 'qwen2.5-7b', qlora: true, gc: 'offload', private: true }, 'model:qwen2.5-7b qlora:true gc:offload private:true'],
  ];
  test.each(same)('GIVEN %s as Discord options THEN the same reply as the same text on any platform', async (_n, o, text) => {
    expect(await dispatch(textOf('vram', o), ctx)).toEqual(await dispatch(text, ctx));
  });

  test('GIVEN a key both typed and in `more` THEN the grammar’s duplicate-key error', async () => {
    const r = await dispatch(textOf('vram', { model: 'llama-3.1-8b', batch: 2, more: 'batch:4' }), ctx);
    expect(r.severity).toBe('error');
    expect(r.description).toMatch(/`batch` is given more than once/);
  });
});
