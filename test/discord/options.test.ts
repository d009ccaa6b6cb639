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

describe('discord options: presets', () => {
  const sub = (name: string, o: Record<string, string | number | boolean>): OptionValue[] => [{ name, type: 1, options: opts(o) }];
  const presetText = (name: string, o: Record<string, string | number | boolean>): string => {
    const r = commandText('vram-preset', sub(name, o));
    if (!r.ok) throw new Error(r.reply.title);
    return r.text;
  };

  test('GIVEN /vram-preset subcommands THEN the same text the console takes (`preset <action> key:value ...`)', () => {
    expect(presetText('save', { name: 'our-8b', args: 'model:llama-3.1-8b lora:true', scope: 'me' })).toBe('preset save name:our-8b scope:me model:llama-3.1-8b lora:true');
    expect(presetText('list', {})).toBe('preset list');
    expect(presetText('show', { name: 'our-8b', scope: 'team' })).toBe('preset show name:our-8b scope:team');
    expect(presetText('delete', { name: 'our-8b' })).toBe('preset delete name:our-8b');
    expect(presetText('rename', { name: 'our-8b', to: 'our-8b-v2' })).toBe('preset rename name:our-8b to:our-8b-v2');
    expect(presetText('pin', { name: 'our-8b' })).toBe('preset pin name:our-8b');
    expect(presetText('unpin', {})).toBe('preset unpin');
  });

  test('GIVEN a name with a space THEN quoted, so the core reads it whole and names it in its error', () => {
    const text = presetText('save', { name: 'bad name', args: 'model:llama-3.1-8b' });
    expect(text).toBe('preset save name:"bad name" model:llama-3.1-8b');
    const parsed = parseLine(text);
    expect(parsed.ok && parsed.value).toMatchObject({ words: ['preset', 'save'], args: { name: 'bad name', model: 'llama-3.1-8b' } });
  });

  test('GIVEN /vram without model THEN only the typed pairs, for a pinned preset or `preset:` in more to complete', () => {
    expect(textOf('vram', { batch: 4 })).toBe('batch:4');
    expect(textOf('vram', { batch: 8, more: 'preset:our-8b' })).toBe('batch:8 preset:our-8b');
    expect(textOf('vram', {})).toBe('');
  });

  test('GIVEN pairs typed into `model` (what Discord’s client does with `/vram preset:x batch:8`) THEN read as pairs; a model id stays a model', () => {
    expect(textOf('vram', { model: 'preset:our-8b batch:8' })).toBe('preset:our-8b batch:8');
    expect(textOf('vram', { model: 'batch:4', lora: true })).toBe('batch:4 lora:true');
    expect(textOf('vram', { model: 'meta-llama/Llama-3.1-8B' })).toBe('model:meta-llama/Llama-3.1-8B');
    expect(textOf('vram', { model: 'nokey:x' })).toBe('model:nokey:x');
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
