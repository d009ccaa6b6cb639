/**
 * Fuzz: generated INTERACTION_CREATE payloads through the real discord.js client and the local
 * gateway. Options of every type and shape (wrong types, huge strings, unknown names, nested
 * subcommands and groups), unknown command names, buttons with odd `custom_id`s and component
 * types, autocomplete with no, several or odd focused options, and payloads with fields removed
 * or of the wrong type. The property: every payload with a usable id and token and a type the
 * gateway delivers gets an answer inside 3 s that Discord accepts (a reply, choices, or a
 * deferral and then its edit; a refusal has its code), every other payload is dropped and logged,
 * and the process never sees an uncaught exception or unhandled rejection. The client is still
 * connected at the end.
 */
import fc from 'fast-check';
import { buildCommands } from '../../adapters/discord/commands';
import { seenText, startHarness, type Harness } from './harness';
import { type Json } from './standin-payloads';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const COMMANDS = buildCommands();
const COMMAND_NAMES = COMMANDS.map((c) => c.name);
const OPTION_NAMES = [...new Set(COMMANDS.flatMap((c) => (c.options ?? []).flatMap((o) => [o.name, ...((o as { options?: { name: string }[] }).options ?? []).map((x) => x.name)])))];

/** One generated case: how to change the stand-in's payload, and whether it can still be answered. */
interface Case {
  readonly label: string;
  readonly kind: 2 | 3 | 4;
  readonly edit: (p: Json) => unknown;
  /** The id and token are left as they were and the type is one the gateway delivers. */
  readonly answerable: boolean;
}

const huge = fc.constantFrom(1_000, 7_000, 100_000).chain((n) => fc.constantFrom('x', 'é', '🦙', 'model:').map((ch) => ch.repeat(Math.ceil(n / ch.length))));
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 2, arbitrary: fc.constantFrom('llama-3.1-8b', 'qwen-2.5-7b', 'rtx4090', 'h100', 'help', 'preset:x batch:8', 'lora:true gpu:h100', 'a vs b', 'adamw', '') },
  { weight: 1, arbitrary: huge },
  { weight: 2, arbitrary: fc.integer({ min: -1e6, max: 1e9 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, [], {}, ['a', 1], { nested: { deep: true } }) },
);
const optionName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...OPTION_NAMES) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) });
const optionType = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(3, 4, 5, 10) }, { weight: 1, arbitrary: fc.integer({ min: -2, max: 20 }) });

/** An option: a leaf with a value (maybe focused), or a subcommand (1) / group (2) holding options. */
const { option } = fc.letrec<{ option: Json }>((tie) => ({
  option: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ name: optionName, type: optionType, value, focused: fc.constantFrom(undefined, true, false) }, { requiredKeys: ['name', 'type'] }) as fc.Arbitrary<Json>,
    fc.record({ name: fc.oneof(fc.constantFrom('save', 'list', 'show', 'delete', 'rename', 'pin', 'unpin'), fc.string({ maxLength: 20 })), type: fc.constantFrom(1, 2), options: fc.array(tie('option'), { maxLength: 3 }) }) as fc.Arbitrary<Json>,
  ),
}));
const optionsValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.array(option, { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, 'model:x', 42, { model: 'x' }, [null], ['model'], [{ name: 'model' }]) },
);
const commandName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...COMMAND_NAMES) }, { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('', 'VRAM', 'vram estimate', 'x'.repeat(500))) });

/** Options as Discord's client sends them for `/vram` and `/vram-fit` (right names and types, values in range or not): real estimates, charts included. */
interface OptionDef { readonly name: string; readonly type: number; readonly choices?: readonly { value: string }[]; readonly min_value?: number; readonly max_value?: number }
const ESTIMATE_DEFS = (COMMANDS[0]?.options ?? []) as unknown as OptionDef[];
const typedValue = (d: OptionDef): fc.Arbitrary<unknown> => {
  if (d.type === 5) return fc.boolean();
  if (d.type === 4) return fc.oneof(fc.integer({ min: d.min_value ?? 1, max: Math.min(d.max_value ?? 64, 64) }), fc.integer({ min: -5, max: 1e7 }));
  if (d.choices && d.choices.length > 0) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...d.choices.map((c) => c.value)) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });
  if (d.name === 'model') return fc.oneof({ weight: 4, arbitrary: fc.constantFrom('llama-3.1-8b', 'qwen-2.5-7b', 'qwen-2.5-0.5b', 'llama-3.2-1b', 'mistral-7b') }, { weight: 1, arbitrary: value });
  if (d.name === 'gpu') return fc.constantFrom('rtx4090', 'h100', 'a100-80gb', 'l40s', 'nope');
  return fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('optimizer:adamw', 'batch:2', 'preset:x', 'private:true'));
};
const typedCommandCase: fc.Arbitrary<Case> = fc.record({
  name: fc.constantFrom('vram', 'vram', 'vram-fit'),
  options: fc.subarray(ESTIMATE_DEFS.filter((d) => d.name !== 'model'), { maxLength: 5 }).chain((defs) => fc.tuple(typedValue(ESTIMATE_DEFS[0] ?? { name: 'model', type: 3 }), ...defs.map(typedValue)).map(([model, ...vals]) => [
    { name: 'model', type: 3, value: model },
    ...defs.map((d, k) => ({ name: d.name, type: d.type, value: vals[k] })),
  ])),
}).map((c) => ({
  label: `typed command ${JSON.stringify(c).slice(0, 300)}`,
  kind: 2,
  edit: (p) => ({ ...p, data: { ...dataOf(p), name: c.name, type: 1, options: c.options } }),
  answerable: true,
}));

const dataOf = (p: Json): Json => (typeof p.data === 'object' && p.data !== null ? (p.data as Json) : {});

const commandCase: fc.Arbitrary<Case> = fc.record({ name: commandName, type: fc.constantFrom(1, 1, 1, 1, 2, 3, 99, undefined), options: optionsValue }).map((c) => ({
  label: `command ${JSON.stringify(c).slice(0, 300)}`,
  kind: 2,
  edit: (p) => ({ ...p, data: { ...dataOf(p), name: c.name, type: c.type, options: c.options } }),
  answerable: true,
}));

const customId = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.constantFrom('', 'vram:act:', 'vram:act:gone', 'vram:act:../../x', `vram:act:${'x'.repeat(5000)}`, 'vram:act:🦙', 42, null, undefined),
  fc.string({ maxLength: 40 }).map((s) => `vram:act:${s}`),
);
const buttonCase: fc.Arbitrary<Case> = fc.record({ customId, componentType: fc.constantFrom(2, 2, 2, 1, 3, 4, 5, 6, 7, 8, 99, '2'), dropMessage: fc.boolean() }).map((c) => ({
  label: `button ${JSON.stringify(c).slice(0, 300)}`,
  kind: 3,
  edit: ({ message, ...p }) => ({ ...p, ...(c.dropMessage ? {} : { message }), data: { custom_id: c.customId, component_type: c.componentType } }),
  answerable: true,
}));

/** Autocomplete: leaf options with any number of focused flags, perhaps inside a subcommand. */
const autocompleteCase: fc.Arbitrary<Case> = fc.record({
  name: commandName,
  options: fc.array(fc.record({ name: optionName, type: optionType, value, focused: fc.constantFrom(true, false, undefined, 'yes') }, { requiredKeys: ['name', 'type'] }), { maxLength: 5 }),
  sub: fc.option(fc.constantFrom('save', 'show', 'rename', 'nope'), { nil: undefined }),
}).map((c) => ({
  label: `autocomplete ${JSON.stringify(c).slice(0, 300)}`,
  kind: 4,
  edit: (p) => ({ ...p, data: { ...dataOf(p), name: c.name, options: c.sub ? [{ name: c.sub, type: 1, options: c.options }] : c.options } }),
  answerable: true,
}));

const FIELDS = ['member', 'user', 'data', 'entitlements', 'channel', 'channel_id', 'guild_id', 'guild', 'app_permissions', 'authorizing_integration_owners', 'locale', 'message', 'application_id', 'version', 'context', 'attachment_size_limit'];
/** Fields removed or replaced with the wrong type, the interaction type changed, the id or token spoiled. */
const structuralCase: fc.Arbitrary<Case> = fc.record({
  kind: fc.constantFrom(2 as const, 3 as const, 4 as const),
  drop: fc.subarray(FIELDS, { maxLength: 4 }),
  junk: fc.subarray(FIELDS, { maxLength: 3 }),
  junkValue: fc.constantFrom(0, 'x', [], true, null),
  type: fc.constantFrom(undefined, 1, 2, 3, 4, 5, 6, 99, '2', null),
  permissions: fc.constantFrom(undefined, 'lots', '-1', 12, null, '99999999999999999999999999999'),
  spoil: fc.constantFrom(undefined, 'no-token', 'no-id', 'numeric-id', 'slash-token', 'empty-token'),
}).map((c) => ({
  label: `structural ${JSON.stringify(c)}`,
  kind: c.kind,
  edit: (p): unknown => {
    const out: Json = { ...p };
    for (const f of c.drop) delete out[f];
    for (const f of c.junk) out[f] = c.junkValue;
    if (c.type !== undefined) out.type = c.type;
    if (c.permissions !== undefined && typeof out.member === 'object' && out.member !== null) out.member = { ...(out.member as Json), permissions: c.permissions };
    if (c.spoil === 'no-token') delete out.token;
    if (c.spoil === 'no-id') delete out.id;
    if (c.spoil === 'numeric-id') out.id = Number(out.id);
    if (c.spoil === 'slash-token') out.token = `${String(out.token)}/../../x`;
    if (c.spoil === 'empty-token') out.token = '';
    return out;
  },
  answerable: c.spoil === undefined && (c.type === undefined || (typeof c.type === 'number' && [2, 3, 4, 5].includes(c.type))),
}));

const anyCase = fc.oneof(typedCommandCase, commandCase, buttonCase, autocompleteCase, structuralCase);

describe('discord fuzz: generated interaction payloads through the real client', () => {
  let h: Harness;
  const uncaught: unknown[] = [];
  const onErr = (e: unknown): void => { uncaught.push(e); };
  beforeAll(async () => {
    process.on('uncaughtException', onErr);
    process.on('unhandledRejection', onErr);
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
    process.off('uncaughtException', onErr);
    process.off('unhandledRejection', onErr);
  });

  test('GIVEN any payload THEN an answer inside 3 s that Discord accepts, or (no usable id, token or type) dropped and logged; never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(anyCase, async (c) => {
        const before = h.entries.length;
        const violations = h.standin.violations.length;
        const { record } = h.standin.rawInteraction(c.kind, c.edit);
        if (c.answerable) {
          await h.standin.settled(record, 8000);
          const first = record.callbacks[0];
          if (!first || first.afterMs >= 3000) throw new Error(`${c.label}: first response ${String(first?.afterMs)} ms`);
        } else {
          const dropped = (): boolean => h.entries.slice(before).some((e) => /dropped an interaction payload/.test(e.msg));
          for (let i = 0; i < 200 && !dropped(); i++) await sleep(10);
          if (!dropped()) throw new Error(`${c.label}: neither answered nor logged as dropped`);
          if (record.events.length > 0) throw new Error(`${c.label}: an unanswerable payload was answered: ${record.events.join(', ')}`);
        }
        const broke = h.standin.violations.slice(violations);
        if (broke.length > 0) throw new Error(`${c.label}: Discord would refuse the answer: ${broke.join('; ')}`);
        if (uncaught.length > 0) throw new Error(`${c.label}: uncaught ${String(uncaught[0])}`);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
    );
  }, 120_000);

  test('GIVEN the fuzzing is over THEN the client is still connected, never reconnected, and answers a normal command', async () => {
    expect(uncaught).toEqual([]);
    expect(h.bot.ready()).toBe(true);
    expect(h.standin.identifies).toHaveLength(1);
    const m = await h.standin.runCommand('vram', { model: 'qwen-2.5-0.5b', lora: true }).seen;
    expect(seenText(m)).toContain('Qwen');
  });
});
