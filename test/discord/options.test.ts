import fc from 'fast-check';
import { invocationOf, type OptionValue } from '../../adapters/discord/options';
import { DISCORD_SYNTAX } from '../../adapters/discord/syntax';
import { createHandler } from '../../commands/handler';
import { dispatch as run } from '../../commands/registry';
import type { CommandContext, Invocation } from '../../commands/types';
import type { InputError, Result } from '../../src/config';
import { dispatch } from '../support/run';

const ctx: CommandContext = { platform: 'discord', teamId: 'g', channelId: 'c', userId: 'u' };
const core = createHandler({ log: () => undefined });
const opts = (o: Record<string, string | number | boolean>): OptionValue[] => Object.entries(o).map(([name, value]) => ({ name, value }));

/** The invocation Discord's options map to (throws on errors). */
function invOf(name: string, o: Record<string, string | number | boolean> | OptionValue[]): Invocation {
  const r = invocationOf(core, name, Array.isArray(o) ? o : opts(o), ctx).invocation;
  if (!r.ok) throw new Error(`expected an invocation, got ${JSON.stringify(r.errors)}`);
  return r.value;
}

/** The invocation the same text gives on every other platform. */
function parsed(text: string): Invocation {
  const r = core.parse(text, ctx);
  if (!r.ok) throw new Error(`expected an invocation, got ${JSON.stringify(r.errors)}`);
  return r.value;
}

const errorsOf = (r: Result<Invocation, InputError>): readonly InputError[] => (r.ok ? [] : r.errors);

describe('discord options -> the invocation, typed', () => {
  test('GIVEN typed options THEN numbers and booleans keep their types, the same as the pairs a user would type', () => {
    const inv = invOf('vram', { model: 'llama-3.1-8b', batch: 2, lora: true, gpu: 'rtx4090' });
    expect(inv).toEqual(parsed('model:llama-3.1-8b batch:2 lora:true gpu:rtx4090'));
    expect(inv.args).toEqual({ model: 'llama-3.1-8b', batch: 2, lora: true, gpu: 'rtx4090' });
  });

  test('GIVEN `more` THEN its pairs are read by the grammar and join the options', () => {
    expect(invOf('vram', { model: 'llama-3.1-8b', more: ' rank:32 dropout:0.1 ' })).toEqual(parsed('model:llama-3.1-8b rank:32 dropout:0.1'));
    const bad = invocationOf(core, 'vram', opts({ model: 'llama-3.1-8b', more: 'optimizer:adam9' }), ctx).invocation;
    expect(errorsOf(bad)).toEqual(errorsOf(core.parse('model:llama-3.1-8b optimizer:adam9', ctx)));
  });

  test('GIVEN a value with spaces THEN the value as it is, no quoting needed', () => {
    expect(invOf('vram', { model: 'llama 3.1 8b', gpu: 'A100 80GB' }).args).toEqual({ model: 'llama 3.1 8b', gpu: 'A100 80GB' });
    expect(invOf('vram', { model: 'llama 3.1 8b', gpu: 'A100 80GB' })).toEqual(parsed('model:"llama 3.1 8b" gpu:"A100 80GB"'));
  });

  test('GIVEN any text value, quotes of both kinds included THEN it arrives exactly as typed (nothing is re-quoted)', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 40 }).filter((v) => v.trim() !== '' && !/^\S+:\S/.test(v.trim().split(/\s+/)[0] ?? '')), (v) => {
      const r = invocationOf(core, 'vram-fit', opts({ model: 'llama-3.1-8b', gpu: v }), ctx).invocation;
      expect(r.ok && r.value.args.gpu).toBe(v.trim());
    }), { numRuns: 300 });
  });

  test('GIVEN a value with both kinds of quote THEN it is read whole (the old text path could not), and the estimate names it', async () => {
    const inv = invOf('vram', { model: `it's "x"` });
    expect(inv.args.model).toBe(`it's "x"`);
    const reply = await run(inv, {});
    expect(reply.visibility).toBe('private');
    expect(reply.description).toContain(`it's "x"`);
  });

  test('GIVEN private:true THEN the hint for a deferred reply is private, and the flag is set', () => {
    const m = invocationOf(core, 'vram', opts({ model: 'x', private: true }), ctx);
    expect(m.privateHint).toBe(true);
    expect(m.invocation.ok && m.invocation.value.flags).toEqual({ private: true, how: false });
    expect(invOf('vram', { model: 'x', private: true })).toEqual(parsed('model:x private:true'));
  });

  test('GIVEN a subcommand word typed into `model` (Discord fills the first option) THEN that subcommand', () => {
    expect(invOf('vram', { model: 'help' })).toEqual(parsed('help'));
    expect(invOf('vram', { model: 'models qwen' })).toEqual(parsed('models qwen'));
  });

  test('GIVEN /vram-models query:qwen THEN `models query:qwen`; /vram-help THEN `help`', () => {
    expect(invOf('vram-models', { query: 'qwen' })).toEqual(parsed('models query:qwen'));
    expect(invOf('vram-help', {})).toEqual(parsed('help'));
  });

  test('GIVEN compare THEN `args` is read as the setups; GIVEN fit THEN its options and `more`', () => {
    expect(invOf('vram-compare', { args: 'model:a lora:true vs model:a qlora:true' })).toEqual(parsed('compare model:a lora:true vs model:a qlora:true'));
    expect(invOf('vram-fit', { model: 'llama-3.1-8b', gpu: 'rtx4090', more: 'seq:4096' })).toEqual(parsed('fit model:llama-3.1-8b gpu:rtx4090 seq:4096'));
  });

  test('GIVEN a command the bot does not have THEN an error that names the known commands', async () => {
    const r = invocationOf(core, 'vram-nope', [], ctx).invocation;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(core.rejected(r.errors, { ...ctx, syntax: DISCORD_SYNTAX }).description).toMatch(/\/vram-models/);
  });

  test('GIVEN a malformed payload (options not a list, odd values) THEN an error reply or an invocation, never a throw', () => {
    for (const bad of [undefined, null, 'x', 42, { name: 'model' }, [null, 1, 'x', { value: 1 }], [{ name: 'batch', value: { nested: true } }]]) {
      expect(() => invocationOf(core, 'vram', bad, ctx)).not.toThrow();
    }
    expect(errorsOf(invocationOf(core, 'vram', [{ name: 'batch', value: 2.5 }], ctx).invocation)[0]).toMatchObject({ code: 'not_integer', key: 'batch' });
    expect(errorsOf(invocationOf(core, 'vram', [{ name: 'batch', value: 99999 }], ctx).invocation)[0]).toMatchObject({ code: 'out_of_range', key: 'batch' });
  });
});

describe('discord options: presets', () => {
  const sub = (name: string, o: Record<string, string | number | boolean>): OptionValue[] => [{ name, type: 1, options: opts(o) }];

  test('GIVEN /vram-preset subcommands THEN the same invocation as the text the console takes (`preset <action> key:value ...`)', () => {
    expect(invOf('vram-preset', sub('save', { name: 'our-8b', args: 'model:llama-3.1-8b lora:true', scope: 'me' }))).toEqual(parsed('preset save name:our-8b scope:me model:llama-3.1-8b lora:true'));
    expect(invOf('vram-preset', sub('list', {}))).toEqual(parsed('preset list'));
    expect(invOf('vram-preset', sub('show', { name: 'our-8b', scope: 'team' }))).toEqual(parsed('preset show name:our-8b scope:team'));
    expect(invOf('vram-preset', sub('delete', { name: 'our-8b' }))).toEqual(parsed('preset delete name:our-8b'));
    expect(invOf('vram-preset', sub('rename', { name: 'our-8b', to: 'our-8b-v2' }))).toEqual(parsed('preset rename name:our-8b to:our-8b-v2'));
    expect(invOf('vram-preset', sub('pin', { name: 'our-8b' }))).toEqual(parsed('preset pin name:our-8b'));
    expect(invOf('vram-preset', sub('unpin', {}))).toEqual(parsed('preset unpin'));
  });

  test('GIVEN a name with a space THEN kept whole, so the core names it in its error', () => {
    const inv = invOf('vram-preset', sub('save', { name: 'bad name', args: 'model:llama-3.1-8b' }));
    expect(inv).toMatchObject({ command: 'preset', action: 'save', args: { name: 'bad name', model: 'llama-3.1-8b' } });
  });

  test('GIVEN /vram without model THEN only the typed pairs, for a pinned preset or `preset:` in more to complete', () => {
    expect(invOf('vram', { batch: 4 }).args).toEqual({ batch: 4 });
    expect(invOf('vram', { batch: 8, more: 'preset:our-8b' })).toEqual(parsed('batch:8 preset:our-8b'));
    expect(invOf('vram', {})).toMatchObject({ command: 'estimate', args: {} });
  });

  test('GIVEN pairs typed into `model` (what Discord’s client does with `/vram preset:x batch:8`) THEN read as pairs; a model id stays a model', () => {
    expect(invOf('vram', { model: 'preset:our-8b batch:8' })).toEqual(parsed('preset:our-8b batch:8'));
    expect(invOf('vram', { model: 'batch:4', lora: true })).toEqual(parsed('batch:4 lora:true'));
    expect(invOf('vram', { model: 'meta-llama/Llama-3.1-8B' }).args).toEqual({ model: 'meta-llama/Llama-3.1-8B' });
    expect(invOf('vram', { model: 'nokey:x' }).args).toEqual({ model: 'nokey:x' });
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
    const m = invocationOf(core, 'vram', opts(o), ctx).invocation;
    const reply = m.ok ? await run(m.value, {}) : core.rejected(m.errors, ctx);
    const strip = (r: typeof reply): unknown => JSON.parse(JSON.stringify({ ...r, data: undefined }));
    expect(strip(reply)).toEqual(strip(await dispatch(text, ctx)));
  });

  test('GIVEN a key both typed and in `more` THEN the duplicate-key error', () => {
    const r = invocationOf(core, 'vram', opts({ model: 'llama-3.1-8b', batch: 2, more: 'batch:4' }), ctx).invocation;
    expect(r.ok).toBe(false);
    expect(core.rejected(errorsOf(r), ctx).description).toMatch(/`batch` is given more than once/);
  });
});
