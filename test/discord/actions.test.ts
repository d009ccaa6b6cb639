import { ACTION_ID_PREFIX, ActionStore, actionCustomId, actionRows, parseActionCustomId } from '../../adapters/discord/actions';
import { openSqlitePresetStore } from '../../adapters/store/sqlite';
import { createMemoryPresetStore } from '../../src/store/memory';
import { tempDir } from '../store/tmp';
import type { ActionInvocation } from '../../src/reply/types';
import { componentsViolations } from './discord-rules';

/** An invocation tagged by its model, to tell entries apart. */
const inv = (tag: string): ActionInvocation => ({ command: 'estimate', args: { model: tag }, flags: { private: true, how: true } });

describe('discord actions: the bounded id -> command map', () => {
  test('GIVEN a command THEN a short random id (16 characters) that gives it back', () => {
    const store = new ActionStore();
    const id = store.put(inv('model:llama-3.1-8b how:true'));
    expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(store.get(id)).toEqual(inv('model:llama-3.1-8b how:true'));
    expect(store.get(id)).toEqual(inv('model:llama-3.1-8b how:true')); // not used up
    expect(store.get('nope')).toBeUndefined();
    expect(actionCustomId(id).length).toBeLessThanOrEqual(100);
  });

  test('GIVEN more entries than the capacity THEN the least recently used goes first', () => {
    let n = 0;
    const store = new ActionStore({ capacity: 3, newId: () => `id${n++}` });
    const [a, b, c] = [store.put(inv('a')), store.put(inv('b')), store.put(inv('c'))];
    expect(store.get(a)).toEqual(inv('a')); // a is now the most recent; b is the oldest
    const d = store.put(inv('d'));
    expect(store.size).toBe(3);
    expect(store.get(b)).toBeUndefined();
    expect([store.get(a), store.get(c), store.get(d)]).toEqual([inv('a'), inv('c'), inv('d')]);
  });

  test('GIVEN the default capacity THEN 1000 entries at most, however many are put', () => {
    const store = new ActionStore();
    for (let i = 0; i < 1500; i++) store.put(inv(`cmd ${i}`));
    expect(store.size).toBe(1000);
  });

  test('GIVEN an entry older than its lifetime (1 h by default) THEN it is gone, and dropped from the map', () => {
    let now = 0;
    const store = new ActionStore({ now: () => now });
    const id = store.put(inv('x'));
    now = 60 * 60 * 1000 - 1;
    expect(store.get(id)).toEqual(inv('x'));
    now = 60 * 60 * 1000;
    expect(store.get(id)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  test('GIVEN an id that is taken THEN another is drawn', () => {
    const ids = ['same', 'same', 'other'];
    const store = new ActionStore({ newId: () => ids.shift() ?? 'z' });
    expect([store.put(inv('a')), store.put(inv('b'))]).toEqual(['same', 'other']);
  });

  test('GIVEN custom ids THEN only ours are read', () => {
    expect(parseActionCustomId(`${ACTION_ID_PREFIX}abc`)).toBe('abc');
    expect(parseActionCustomId(ACTION_ID_PREFIX)).toBeNull();
    expect(parseActionCustomId('someone-else:abc')).toBeNull();
  });
});

describe('discord actions: buttons', () => {
  test('GIVEN actions THEN secondary buttons in rows of 5, at most 5 rows, within Discord’s component rules', () => {
    const store = new ActionStore();
    const actions = Array.from({ length: 27 }, (_, i) => ({ id: `a${i}`, label: i === 0 ? ' ' : `label ${'x'.repeat(i * 4)}`, invocation: inv(`cmd ${i} ${'y'.repeat(400)}`) }));
    const rows = actionRows(actions, store);
    expect(rows.map((r) => r.components.length)).toEqual([5, 5, 5, 5, 5]);
    expect(rows[0]?.components[0]).toMatchObject({ type: 2, style: 2, label: 'a0' });
    expect(componentsViolations(JSON.parse(JSON.stringify(rows)))).toEqual([]);
    const first = parseActionCustomId(rows[0]?.components[1]?.custom_id ?? '');
    expect(first === null ? undefined : store.get(first)?.args.model).toMatch(/^cmd 1 y+$/);
    expect(store.size).toBe(25);
  });

  test('GIVEN no actions THEN no rows', () => {
    expect(actionRows(undefined, new ActionStore())).toEqual([]);
    expect(actionRows([], new ActionStore())).toEqual([]);
  });
});

describe('discord actions: button state outlives the process', () => {
  const inv = { command: 'estimate', args: { model: 'llama-3.1-8b', lora: true }, flags: { private: true, how: true } } as const;
  const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

  test('GIVEN a button stored with a SQLite backing THEN a fresh store (a restart) on the same file resolves it; past its hour it is gone', async () => {
    const t = tempDir();
    try {
      const first = openSqlitePresetStore({ dir: t.dir });
      if (!first.ok) throw new Error(first.reason);
      let now = 1_000_000;
      const a = new ActionStore({ backing: first.store, now: () => now, newId: () => 'btn1' });
      const id = a.put(inv);
      await settle();
      await first.store.close();
      const again = openSqlitePresetStore({ dir: t.dir });
      if (!again.ok) throw new Error(again.reason);
      const b = new ActionStore({ backing: again.store, now: () => now });
      expect(b.get(id)).toBeUndefined(); // not in this process's memory
      expect(await b.resolve(id)).toEqual(inv);
      now += 60 * 60 * 1000;
      expect(await b.resolve(id)).toBeUndefined();
      await again.store.close();
    } finally {
      t.cleanup();
    }
  });

  test('GIVEN a backing that fails or holds junk THEN the click gets undefined ("run it again") and the error is reported, never thrown', async () => {
    const errors: unknown[] = [];
    const broken = { ...createMemoryPresetStore(), saveButton: () => Promise.reject(new Error('disk full')), loadButton: () => Promise.reject(new Error('gone')) };
    const a = new ActionStore({ backing: broken, onError: (e) => errors.push(e) });
    const id = a.put(inv);
    await settle();
    expect(a.get(id)).toEqual(inv); // memory still answers
    expect(await new ActionStore({ backing: broken, onError: (e) => errors.push(e) }).resolve('other')).toBeUndefined();
    expect(errors.map((e) => (e as Error).message)).toEqual(['disk full', 'gone']);
    const junk = createMemoryPresetStore();
    await junk.saveButton('j', '{"command":3}', Date.now() + 60_000);
    expect(await new ActionStore({ backing: junk }).resolve('j')).toBeUndefined();
  });
});
