/**
 * `/vram-preset` end to end: the real client against the stand-in, the process's handler
 * (`createHandler`) over the in-memory store, members with and without Manage Server.
 *
 * Every protected action (overwrite by save, delete, rename, pin, unpin) is refused to a member
 * who is neither the author nor an admin, with the reason; allowed to the author; allowed to a
 * member with Manage Server (0x20), and to a configured admin (ADMIN_USER_IDS).
 */
import { presetNameChoices } from '../../adapters/discord/autocomplete';
import { presetNamesFor, presetNamesFromStore } from '../../adapters/discord/preset-names';

import { createMemoryPresetStore } from '../../src/store/memory';
import type { PresetStore } from '../../src/store/presets';
import { GUILD_ID, seenText, startHarness, type Harness } from './harness';
import type { SeenMessage } from './standin';
import { CHANNEL_ID, member, type OptionInput, type StandinMember } from './standin-payloads';

const AUTHOR = member('111111111111111111', 'author');
const OTHER = member('222222222222222222', 'other');
const MOD = member('333333333333333333', 'mod', { manageGuild: true });
const CONFIGURED = member('444444444444444444', 'configured');

let h: Harness;
let store: PresetStore;
let namesFail = false;

const run = (who: StandinMember, command: string, options: OptionInput = {}): Promise<SeenMessage> =>
  h.standin.runCommand(command, options, { member: who }).seen;
const save = (who: StandinMember, name: string, args = 'model:llama-3.1-8b lora:true'): Promise<SeenMessage> =>
  run(who, 'vram-preset save', { name, args });
const title = (m: SeenMessage): string => String(m.embeds[0]?.title ?? '');

beforeAll(async () => {
  store = createMemoryPresetStore();
  const names = presetNamesFromStore(store);
  h = await startHarness({
    core: { presets: { ok: true, store }, admins: [CONFIGURED.id], log: () => undefined },
    presetNames: async (team, user, prefix) => {
      if (namesFail) throw new Error('store offline');
      return names(team, user, prefix);
    },
  });
});
afterAll(async () => {
  await h.stop();
  await store.close();
});
afterEach(async () => {
  expect(h.standin.violations).toEqual([]);
  await store.clearPin(GUILD_ID, CHANNEL_ID);
});

interface Protected {
  /** The verb of the refusal (`can <verb>`). */
  readonly verb: string;
  /** What the author sets up first. */
  setup(name: string): Promise<void>;
  act(who: StandinMember, name: string): Promise<SeenMessage>;
  /** The success title. */
  readonly done: RegExp;
  /** After a refusal: nothing changed. */
  unchanged(name: string): Promise<void>;
}

const saved = async (name: string): Promise<void> => { expect(title(await save(AUTHOR, name))).toMatch(/^Saved team preset/); };
const stillThere = async (name: string): Promise<void> => {
  const m = await run(AUTHOR, 'vram-preset show', { name });
  expect(seenText(m)).toContain('model:llama-3.1-8b');
  expect(seenText(m)).not.toContain('qwen');
};
const pinnedHere = async (): Promise<string | undefined> => (await store.getPin(GUILD_ID, CHANNEL_ID))?.preset.name;

const PROTECTED: Readonly<Record<string, Protected>> = {
  'overwrite by save': {
    verb: 'overwrite', setup: saved, done: /^Updated team preset/,
    act: (who, name) => save(who, name, 'model:qwen-2.5-7b qlora:true'),
    unchanged: stillThere,
  },
  delete: {
    verb: 'delete', setup: saved, done: /^Deleted team preset/,
    act: (who, name) => run(who, 'vram-preset delete', { name }),
    unchanged: stillThere,
  },
  rename: {
    verb: 'rename', setup: saved, done: /^Renamed team preset/,
    act: (who, name) => run(who, 'vram-preset rename', { name, to: `${name}-v2` }),
    unchanged: async (name) => { await stillThere(name); expect(await store.get({ teamId: GUILD_ID, ownerId: '', name: `${name}-v2` })).toBeNull(); },
  },
  pin: {
    verb: 'pin', setup: saved, done: /^Pinned/,
    act: (who, name) => run(who, 'vram-preset pin', { name }),
    unchanged: async () => { expect(await pinnedHere()).toBeUndefined(); },
  },
  unpin: {
    verb: 'unpin', done: /^Unpinned/,
    setup: async (name) => { await saved(name); expect(title(await run(AUTHOR, 'vram-preset pin', { name }))).toMatch(/^Pinned/); },
    act: (who) => run(who, 'vram-preset unpin'),
    unchanged: async (name) => { expect(await pinnedHere()).toBe(name); },
  },
};

describe.each(Object.entries(PROTECTED))('discord /vram-preset permissions: %s', (what, p) => {
  const slug = what.split(' ')[0] ?? what;

  test('GIVEN a member who is neither the author nor an admin THEN refused privately, naming the author and who else may; nothing changes', async () => {
    const name = `${slug}-other`;
    await p.setup(name);
    const m = await p.act(OTHER, name);
    expect(m.ephemeral).toBe(true);
    expect(title(m)).toBe('Not allowed');
    expect(seenText(m)).toContain(`Only the author <@${AUTHOR.id}> or a server admin (Manage Server) can ${p.verb} \`${name}\``);
    await p.unchanged(name);
  });

  test('GIVEN the author THEN allowed', async () => {
    const name = `${slug}-author`;
    await p.setup(name);
    const m = await p.act(AUTHOR, name);
    expect(title(m)).toMatch(p.done);
    expect(m.ephemeral).toBe(false);
  });

  test('GIVEN a member with Manage Server (0x20) THEN allowed', async () => {
    const name = `${slug}-mod`;
    await p.setup(name);
    expect(BigInt(MOD.permissions) & 0x20n).toBe(0x20n);
    expect(BigInt(MOD.permissions) & 0x8n).toBe(0n); // not Administrator: the bit itself counts
    expect(title(await p.act(MOD, name))).toMatch(p.done);
  });

  test('GIVEN a member listed in ADMIN_USER_IDS without Manage Server THEN allowed', async () => {
    const name = `${slug}-conf`;
    await p.setup(name);
    expect(title(await p.act(CONFIGURED, name))).toMatch(p.done);
  });
});

describe('discord /vram-preset: subcommands end to end', () => {
  test('GIVEN save with scope:me THEN a private confirmation; list shows it to its owner only', async () => {
    const m = await run(AUTHOR, 'vram-preset save', { name: 'mine-only', args: 'model:qwen-2.5-7b qlora:true', scope: 'me' });
    expect(m.ephemeral).toBe(true);
    expect(title(m)).toMatch(/^Saved personal preset `mine-only`/);
    expect(seenText(await run(AUTHOR, 'vram-preset list'))).toContain('mine-only');
    expect(seenText(await run(OTHER, 'vram-preset list'))).not.toContain('mine-only');
  });

  test('GIVEN a pinned preset THEN /vram with no model uses it; /vram more:preset:<name> uses another', async () => {
    await saved('pinned-8b');
    await run(AUTHOR, 'vram-preset pin', { name: 'pinned-8b' });
    const bare = await run(OTHER, 'vram', { batch: 4 });
    expect(seenText(bare)).toMatch(/Pinned preset.*pinned-8b/);
    expect(seenText(bare)).toContain('Llama 3.1 8B');
    await save(AUTHOR, 'qwen-q', 'model:qwen-2.5-7b qlora:true');
    const named = await run(OTHER, 'vram', { batch: 2, more: 'preset:qwen-q' });
    expect(seenText(named)).toContain('Qwen2.5 7B');
    expect(seenText(named)).toContain('qwen-q');
  });

  test('GIVEN /vram-preset show in the help text THEN the Discord spelling', async () => {
    const m = await run(AUTHOR, 'vram-preset show', { name: 'no-such-preset' });
    expect(m.ephemeral).toBe(true);
    expect(seenText(m)).toContain('There is no preset `no-such-preset`');
    expect(seenText(m)).toContain('/vram-preset list');
  });
});

describe('discord /vram-preset: autocomplete of preset names', () => {
  beforeAll(async () => {
    await save(AUTHOR, 'alpha-8b');
    await run(AUTHOR, 'vram-preset save', { name: 'alpha-mine', args: 'model:llama-3.1-8b', scope: 'me' });
    await run(OTHER, 'vram-preset save', { name: 'alpha-theirs', args: 'model:llama-3.1-8b', scope: 'me' });
  });
  const values = (cs: { value: string }[]): string[] => cs.map((c) => c.value);

  test('GIVEN a prefix THEN the team’s names and the caller’s own, never another member’s personal ones', async () => {
    const mine = values(await h.standin.autocomplete('vram-preset show', { name: 'alp' }, 'name', { member: AUTHOR }));
    expect(mine).toEqual(expect.arrayContaining(['alpha-8b', 'alpha-mine']));
    expect(mine).not.toContain('alpha-theirs');
    const theirs = values(await h.standin.autocomplete('vram-preset delete', { name: 'ALP' }, 'name', { member: OTHER }));
    expect(theirs).toEqual(expect.arrayContaining(['alpha-8b', 'alpha-theirs']));
    expect(theirs).not.toContain('alpha-mine');
  });

  test('GIVEN every subcommand with a name option THEN names are offered; rename’s `to` has none', async () => {
    for (const sub of ['save', 'show', 'delete', 'rename', 'pin']) {
      const options: OptionInput = sub === 'rename' ? { name: 'alpha-8', to: 'x' } : sub === 'save' ? { name: 'alpha-8', args: 'model:x' } : { name: 'alpha-8' };
      expect(values(await h.standin.autocomplete(`vram-preset ${sub}`, options, 'name', { member: AUTHOR }))[0]).toBe('alpha-8b');
    }
    await expect(h.standin.autocomplete('vram-preset rename', { name: 'alpha-8b', to: 'x' }, 'to')).rejects.toThrow(/has no autocomplete/);
  });

  test('GIVEN the store fails THEN no choices (Discord shows none), logged, and /vram model autocomplete unaffected', async () => {
    namesFail = true;
    try {
      expect(await h.standin.autocomplete('vram-preset show', { name: 'alp' }, 'name', { member: AUTHOR })).toEqual([]);
      expect(h.logs.join('\n')).toMatch(/preset names failed \(error id [0-9a-z]+\) Error: store offline/);
      expect(values(await h.standin.autocomplete('vram', { model: 'qwen-2.5-7' }, 'model'))[0]).toBe('qwen-2.5-7b');
    } finally {
      namesFail = false;
    }
  });
});

describe('discord preset names from the store (presetNames for main.ts)', () => {
  test('GIVEN names THEN prefix matches first, then names containing the text, deduplicated, at most 25', async () => {
    const fake = { list: async () => ['b-alpha', 'alpha', 'alpha', 'zeta', ...Array.from({ length: 40 }, (_, i) => `alpha-${i}`)].map((name) => ({ name })) };
    const names = await presetNamesFromStore(fake as unknown as PresetStore)('t', 'u', ' Alpha ');
    expect(names.slice(0, 2)).toEqual(['alpha', 'alpha-0']);
    expect(names).toHaveLength(25);
    expect(names).not.toContain('zeta');
    expect(await presetNamesFromStore(fake as unknown as PresetStore)('t', 'u', 'b-')).toEqual(['b-alpha']);
  });

  test('GIVEN presets unavailable THEN no function (autocomplete offers none); without one, no choices', async () => {
    expect(presetNamesFor({ ok: false, reason: 'disk' })).toBeUndefined();
    expect(presetNamesFor(undefined)).toBeUndefined();
    expect(typeof presetNamesFor({ ok: true, store })).toBe('function');
    expect(await presetNameChoices(undefined, 't', 'u', 'x')).toEqual([]);
  });
});
