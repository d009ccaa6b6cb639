import { execFileSync } from 'node:child_process';
import { ApplicationCommandOptionType as T } from 'discord.js';
import { buildCommands, MORE_OPTION, REPLY_KEYS, subcommandOptions, TYPED_KEYS } from '../../adapters/discord/commands';
import { DISCORD_SYNTAX } from '../../adapters/discord/syntax';
import { PRESET_ACTIONS as PRESET_ACTION_SPECS } from '../../commands/declarations';
import { SUBCOMMANDS } from '../../commands/registry';
import type { CommandSpec } from '../../commands/types';
import { KEYS, lookupKey } from '../../src/config';
import { QUERY } from '../../commands/params';

const PRESET_ACTIONS = PRESET_ACTION_SPECS.map((a) => a.name);
import { commandsBodyViolations, commandViolations } from './discord-rules';

const body = buildCommands();
const vram = body.find((c) => c.name === 'vram');
const options = vram?.options ?? [];
const option = (name: string): Record<string, unknown> => {
  const o = options.find((x) => x.name === name);
  if (!o) throw new Error(`no option ${name}`);
  return o as unknown as Record<string, unknown>;
};

describe("discord commands: Discord's rules", () => {
  test('GIVEN the generated body THEN every command follows the name, description, option and choice rules', () => {
    expect(commandsBodyViolations(body)).toEqual([]);
  });

  test('GIVEN a definition that breaks the rules THEN the checker names each rule (the checker is not vacuous)', () => {
    const bad = {
      name: 'Vram Estimate', description: '', options: [
        { type: 3, name: 'opt', description: 'x', required: false },
        { type: 3, name: 'req', description: 'x'.repeat(101), required: true, choices: Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` })) },
      ],
    };
    const v = commandViolations(bad).join('\n');
    expect(v).toMatch(/name pattern/);
    expect(v).toMatch(/lowercase/);
    expect(v).toMatch(/description: length 0/);
    expect(v).toMatch(/required options must come before/);
    expect(v).toMatch(/choices: 26 > 25/);
    expect(v).toMatch(/description: length 101/);
  });

  test('GIVEN /vram THEN it has at most 25 options, `model` first with autocomplete, every option optional (a pinned preset can give the model)', () => {
    expect(options.length).toBeLessThanOrEqual(25);
    expect(options[0]).toMatchObject({ name: 'model', type: T.String, required: false, autocomplete: true });
    expect(String(options[0]?.description)).toMatch(/optional when a preset/);
    expect(options.every((o) => !o.required)).toBe(true);
  });

  test('GIVEN a definition with subcommands that breaks the rules THEN the checker names each rule', () => {
    const bad = {
      name: 'x', description: 'x', options: [
        { type: 1, name: 'a', description: 'a', required: true, options: [{ type: 3, name: 'o', description: 'o' }, { type: 3, name: 'r', description: 'r', required: true }] },
        { type: 3, name: 'loose', description: 'not a subcommand' },
        { type: 1, name: 'b', description: 'b', options: [{ type: 1, name: 'deep', description: 'd' }] },
      ],
    };
    const v = commandViolations(bad).join('\n');
    expect(v).toMatch(/options\[0\]\.required: not allowed on a subcommand/);
    expect(v).toMatch(/options\[0\]\.options\[1\]: required options must come before/);
    expect(v).toMatch(/subcommands cannot be mixed with other options/);
    expect(v).toMatch(/a subcommand cannot hold subcommands/);
  });
});

describe('discord commands: generated from the registry and KEYS (one schema)', () => {
  test('GIVEN the registry THEN each subcommand is a /vram-<name> command and nothing else is added', () => {
    expect(body.map((c) => c.name)).toEqual(['vram', ...SUBCOMMANDS.map((c) => `vram-${c.name}`)]);
  });

  const NONE = { positional: [], keys: [], estimate: false, flags: [] } as const;
  test.each<[string, Partial<CommandSpec>, string[]]>([
    ['several sides (compare)', { sides: { min: 2, max: 3, separator: 'vs' }, params: { ...NONE, estimate: true, flags: ['private'] } }, ['args:required']],
    ['the estimate’s keys (fit)', { params: { ...NONE, estimate: true, flags: ['private', 'how'] } }, options.map((o) => `${o.name}:${o.required ? 'required' : 'optional'}`)],
    ['a positional word (models)', { params: { ...NONE, positional: [QUERY] } }, ['query:optional']],
    ['nothing (gpus)', { params: NONE }, []],
  ])('GIVEN a command declared with %s THEN its options follow from the declaration', (_what, partial, expected) => {
    const spec: CommandSpec = { name: 'gpus', aliases: [], summary: 'x', example: '', params: NONE, ...partial };
    expect(subcommandOptions(spec).map((o) => `${o.name}:${o.required ? 'required' : 'optional'}`)).toEqual(expected);
  });

  test('GIVEN /vram-models THEN its positional `query` is an optional string option', () => {
    expect(body.find((c) => c.name === 'vram-models')?.options).toEqual([expect.objectContaining({ name: 'query', type: T.String, required: false })]);
  });

  test('GIVEN every /vram option THEN its name is a grammar key, a reply key or `more` (so options map back to pairs 1:1)', () => {
    for (const o of options) {
      const known = lookupKey(o.name)?.key === o.name || (REPLY_KEYS as readonly string[]).includes(o.name) || o.name === MORE_OPTION;
      expect([o.name, known]).toEqual([o.name, true]);
    }
    const typed = options.map((o) => o.name).filter((n) => (TYPED_KEYS as readonly string[]).includes(n));
    expect(options.map((o) => o.name)).toEqual(['model', ...typed, ...REPLY_KEYS, MORE_OPTION]);
    expect(typed).toEqual(TYPED_KEYS.slice(0, typed.length));
  });

  test.each(KEYS.filter((k) => k.spec.kind === 'int' && (TYPED_KEYS as readonly string[]).includes(k.key)).map((k) => [k.key, k] as const))(
    'GIVEN integer key %s THEN an integer option with the min and max of KEYS',
    (name, def) => {
      if (def.spec.kind !== 'int') throw new Error('not int');
      expect(option(name)).toMatchObject({ type: T.Integer, min_value: def.spec.min, max_value: def.spec.max });
    },
  );

  test.each(KEYS.filter((k) => k.spec.kind === 'enum' && (TYPED_KEYS as readonly string[]).includes(k.key)).map((k) => [k.key, k] as const))(
    'GIVEN enum key %s THEN a string option whose choices are the values of KEYS',
    (name, def) => {
      if (def.spec.kind !== 'enum') throw new Error('not enum');
      expect(option(name).type).toBe(T.String);
      expect((option(name).choices as { value: string }[]).map((c) => c.value)).toEqual([...def.spec.values]);
    },
  );

  test('GIVEN the brief’s typed options THEN booleans, gc as a true/false/offload choice, and autocomplete on gpu', () => {
    for (const b of ['lora', 'qlora', 'private']) expect(option(b).type).toBe(T.Boolean);
    expect((option('gc').choices as { value: string }[]).map((c) => c.value)).toEqual(['false', 'true', 'offload']);
    expect(option('gpu')).toMatchObject({ type: T.String, autocomplete: true });
    expect(option('targets')).toMatchObject({ type: T.String });
    expect(option(MORE_OPTION)).toMatchObject({ type: T.String, required: false });
  });

  test('GIVEN descriptions that mention /vram gpus THEN they name the Discord command /vram-gpus', () => {
    expect(String(option('gpu').description)).toContain('/vram-gpus');
  });
});

describe('discord commands: /vram-preset has real subcommands', () => {
  const preset = body.find((c) => c.name === 'vram-preset');
  const subs = (preset?.options ?? []) as unknown as { type: number; name: string; options?: Record<string, unknown>[] }[];
  const sub = (name: string): Record<string, unknown>[] => subs.find((s) => s.name === name)?.options ?? [];
  const shape = (name: string): string[] => sub(name).map((o) => `${String(o.name)}:${o.required === true ? 'required' : 'optional'}`);

  test('GIVEN the core’s preset actions THEN one subcommand each, in the same order', () => {
    expect(subs.every((s) => s.type === T.Subcommand)).toBe(true);
    expect(subs.map((s) => s.name)).toEqual([...PRESET_ACTIONS]);
    expect(PRESET_ACTIONS).toEqual(['save', 'list', 'show', 'delete', 'rename', 'pin', 'unpin']);
  });

  test('GIVEN each subcommand THEN the options the brief names: save (name, args, scope), show, delete, rename (to), pin, unpin', () => {
    expect(shape('save')).toEqual(['name:required', 'args:required', 'scope:optional']);
    expect(shape('list')).toEqual(['scope:optional']);
    expect(shape('show')).toEqual(['name:required', 'scope:optional']);
    expect(shape('delete')).toEqual(['name:required', 'scope:optional']);
    expect(shape('rename')).toEqual(['name:required', 'to:required', 'scope:optional']);
    expect(shape('pin')).toEqual(['name:required', 'scope:optional']); // scope:me is answered: only team presets can be pinned
    expect(shape('unpin')).toEqual([]);
  });

  test('GIVEN a `name` option THEN autocomplete and the name rule’s length; `scope` is a team/me choice; `to` has no autocomplete', () => {
    for (const s of subs) {
      const name = (s.options ?? []).find((o) => o.name === 'name');
      if (name) expect(name).toMatchObject({ type: T.String, autocomplete: true, min_length: 1, max_length: 32 });
      const scope = (s.options ?? []).find((o) => o.name === 'scope');
      if (scope) expect((scope.choices as { value: string }[]).map((c) => c.value)).toEqual(['team', 'me']);
    }
    expect(sub('rename').find((o) => o.name === 'to')?.autocomplete).toBeUndefined();
  });
});

describe('discord commands: how replies write commands on Discord (its syntax)', () => {
  test.each<[Parameters<typeof DISCORD_SYNTAX.command>[0], string]>([
    [{ command: 'models', args: 'qwen' }, '/vram-models query:qwen'],
    [{ command: 'gpus' }, '/vram-gpus'],
    [{ command: 'preset', action: 'save', args: 'name:our-8b model:llama-3.1-8b lora:true' }, '/vram-preset save name:our-8b args:model:llama-3.1-8b lora:true'],
    [{ command: 'preset', action: 'save', args: 'name:x scope:me model:a gpu:"A100 80GB"' }, '/vram-preset save name:x scope:me args:model:a gpu:"A100 80GB"'],
    [{ command: 'preset', action: 'save', args: 'name:our-8b' }, '/vram-preset save name:our-8b'],
    [{ command: 'preset', action: 'unpin' }, '/vram-preset unpin'],
    [{ command: 'estimate', args: 'preset:our-8b batch:8' }, '/vram batch:8 more:preset:our-8b'],
    [{ command: 'estimate', args: 'gpus:8 sharding:zero3' }, '/vram gpus:8 sharding:zero3'],
    [{ command: 'compare', args: 'model:a vs model:b' }, '/vram-compare args:model:a vs model:b'],
  ])('GIVEN %j THEN %s (commands named as registered, typed options kept, the rest in more/args)', (ref, discord) => {
    expect(DISCORD_SYNTAX.command(ref)).toBe(discord);
  });

  test('GIVEN every option `/vram` has THEN the syntax keeps it as an option, never in `more`', () => {
    for (const k of TYPED_KEYS) {
      const def = KEYS.find((d) => d.key === k);
      const v = def?.spec.kind === 'int' ? '4' : def?.spec.kind === 'bool' ? 'true' : def?.spec.kind === 'enum' ? def.spec.values[0] ?? 'x' : 'x';
      expect(DISCORD_SYNTAX.command({ command: 'estimate', args: `${k}:${v}` })).toBe(`/vram ${k}:${v}`);
    }
  });
});

describe('discord commands: npm run discord:commands', () => {
  test('GIVEN the script THEN it prints the same JSON body that deploy sends', () => {
    const out = execFileSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/discord-commands.ts'], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(body)));
  }, 30000);
});
