/**
 * The PresetStore behaviour every implementation must have (in-memory, SQLite, a future server
 * database): registered once per implementation.
 */
import { TEAM_OWNER, type PresetKey, type PresetStore, type SaveInput } from '../../src/store/presets';

export const key = (name: string, ownerId = TEAM_OWNER, teamId = 'T1'): PresetKey => ({ teamId, ownerId, name });
export const input = (name: string, args = 'model:llama-3.1-8b method:lora', ownerId = TEAM_OWNER, authorId = 'U1', now = 1000): SaveInput =>
  ({ key: key(name, ownerId), args, schemaVersion: 1, authorId, now });
const NEW = { version: null, limit: 200 };

export function runStoreSuite(make: () => Promise<PresetStore>): void {
  let store: PresetStore;
  beforeEach(async () => { store = await make(); });
  afterEach(async () => { await store.close(); });

  test('GIVEN a new preset THEN save creates it at version 1 and get returns it', async () => {
    const r = await store.save(input('a'), NEW);
    expect(r).toMatchObject({ ok: true, created: true, preset: { name: 'a', version: 1, authorId: 'U1', args: 'model:llama-3.1-8b method:lora' } });
    expect(await store.get(key('a'))).toMatchObject({ name: 'a', version: 1 });
    expect(await store.get(key('b'))).toBeNull();
  });

  test('GIVEN an existing preset THEN an overwrite at its version bumps the version and keeps the author', async () => {
    await store.save(input('a'), NEW);
    const r = await store.save({ ...input('a', 'model:qwen2.5-7b', TEAM_OWNER, 'U2', 2000) }, { version: 1, limit: 200 });
    expect(r).toMatchObject({ ok: true, created: false, preset: { version: 2, authorId: 'U1', args: 'model:qwen2.5-7b', createdAt: 1000, updatedAt: 2000 } });
  });

  test('GIVEN a stale version THEN save, remove and rename report a conflict and change nothing', async () => {
    await store.save(input('a'), NEW);
    await store.save(input('a', 'model:x'), { version: 1, limit: 200 });
    expect(await store.save(input('a', 'model:y'), { version: 1, limit: 200 })).toEqual({ ok: false, reason: 'conflict' });
    expect(await store.save(input('a', 'model:y'), NEW)).toEqual({ ok: false, reason: 'conflict' });
    expect(await store.remove(key('a'), 1)).toBe(false);
    expect(await store.rename(key('a'), 'b', 1, 5)).toEqual({ ok: false, reason: 'conflict' });
    expect((await store.get(key('a')))?.args).toBe('model:x');
  });

  test('GIVEN the limit reached THEN a new name is refused but an overwrite is allowed', async () => {
    for (const n of ['a', 'b', 'c']) await store.save(input(n), { version: null, limit: 3 });
    expect(await store.save(input('d'), { version: null, limit: 3 })).toEqual({ ok: false, reason: 'limit' });
    expect((await store.save(input('a', 'model:z'), { version: 1, limit: 3 })).ok).toBe(true);
  });

  test('GIVEN team and personal presets of one name THEN both exist and the limit counts each scope apart', async () => {
    await store.save(input('a'), { version: null, limit: 1 });
    expect((await store.save(input('a', 'model:mine', 'U1'), { version: null, limit: 1 })).ok).toBe(true);
    expect(await store.save(input('b', 'model:mine', 'U1'), { version: null, limit: 1 })).toEqual({ ok: false, reason: 'limit' });
    expect((await store.get(key('a', 'U1')))?.args).toBe('model:mine');
    expect((await store.get(key('a')))?.args).toBe('model:llama-3.1-8b method:lora');
  });

  test('GIVEN presets of several owners and teams THEN list shows the team and the caller only, by name', async () => {
    await store.save(input('b'), NEW);
    await store.save(input('a', 'x', 'U1'), NEW);
    await store.save(input('a'), NEW);
    await store.save(input('c', 'x', 'U2'), NEW);
    await store.save({ ...input('z'), key: key('z', TEAM_OWNER, 'T2') }, NEW);
    const names = (await store.list('T1', 'U1')).map((p) => `${p.name}/${p.ownerId || 'team'}`);
    expect(names).toEqual(['a/team', 'a/U1', 'b/team']);
  });

  test('GIVEN a rename THEN the old name is free, the new one holds the preset, and a taken name is refused', async () => {
    await store.save(input('a'), NEW);
    await store.save(input('b'), NEW);
    expect(await store.rename(key('a'), 'b', 1, 5)).toEqual({ ok: false, reason: 'exists' });
    const r = await store.rename(key('a'), 'c', 1, 5);
    expect(r).toMatchObject({ ok: true, preset: { name: 'c', version: 2, updatedAt: 5 } });
    expect(await store.get(key('a'))).toBeNull();
    expect((await store.get(key('c')))?.args).toBe('model:llama-3.1-8b method:lora');
  });

  test('GIVEN a pin THEN it follows a rename and goes with a delete', async () => {
    const saved = await store.save(input('a'), NEW);
    if (!saved.ok) throw new Error('save failed');
    expect(await store.setPin({ teamId: 'T1', channelId: 'C1', presetId: saved.preset.id, pinnedBy: 'U1', pinnedAt: 1 })).toBe(true);
    await store.rename(key('a'), 'b', 1, 2);
    expect((await store.getPin('T1', 'C1'))?.preset.name).toBe('b');
    expect(await store.getPin('T1', 'C2')).toBeNull();
    expect(await store.remove(key('b'), 2)).toBe(true);
    expect(await store.getPin('T1', 'C1')).toBeNull();
  });

  test('GIVEN a pinned channel THEN re-pinning replaces it and clearPin removes it once', async () => {
    const a = await store.save(input('a'), NEW);
    const b = await store.save(input('b'), NEW);
    if (!a.ok || !b.ok) throw new Error('save failed');
    await store.setPin({ teamId: 'T1', channelId: 'C1', presetId: a.preset.id, pinnedBy: 'U1', pinnedAt: 1 });
    await store.setPin({ teamId: 'T1', channelId: 'C1', presetId: b.preset.id, pinnedBy: 'U2', pinnedAt: 2 });
    expect(await store.getPin('T1', 'C1')).toMatchObject({ pin: { pinnedBy: 'U2' }, preset: { name: 'b' } });
    expect(await store.clearPin('T1', 'C1')).toBe(true);
    expect(await store.clearPin('T1', 'C1')).toBe(false);
  });

  test('GIVEN a preset id that does not exist THEN setPin returns false', async () => {
    expect(await store.setPin({ teamId: 'T1', channelId: 'C1', presetId: 999, pinnedBy: 'U1', pinnedAt: 1 })).toBe(false);
  });

  // Run records (/vram record): the same store, per team, oldest first, a limit per team.
  const rec = (teamId = 'T1', measuredBytes = 40 * 1024 ** 3, authorId = 'U1') => ({
    teamId, authorId, args: 'model:llama-3.1-8b method:lora', schemaVersion: 1, measuredBytes, stat: 'smi' as const, now: 5000,
  });

  test('GIVEN run records THEN they are listed per team, oldest first, with every field kept', async () => {
    const a = await store.addRecord(rec('T1', 1.5 * 1024 ** 3), 10);
    const b = await store.addRecord(rec('T1', 2 * 1024 ** 3, 'U2'), 10);
    await store.addRecord(rec('T2'), 10);
    expect(a).toMatchObject({ teamId: 'T1', authorId: 'U1', measuredBytes: 1.5 * 1024 ** 3, stat: 'smi', createdAt: 5000, schemaVersion: 1 });
    const list = await store.listRecords('T1');
    expect(list.map((r) => r.id)).toEqual([a?.id, b?.id]);
    expect(list.map((r) => r.authorId)).toEqual(['U1', 'U2']);
    expect(await store.getRecord('T1', b?.id ?? -1)).toMatchObject({ authorId: 'U2' });
    // Another team's record is not reachable by id from this team.
    const other = (await store.listRecords('T2'))[0];
    expect(await store.getRecord('T1', other?.id ?? -1)).toBeNull();
    expect(await store.removeRecord('T1', other?.id ?? -1)).toBe(false);
  });

  test('GIVEN the record limit reached THEN a new record is refused; after removing one, it is accepted', async () => {
    const first = await store.addRecord(rec(), 2);
    await store.addRecord(rec(), 2);
    expect(await store.addRecord(rec(), 2)).toBeNull();
    expect(await store.removeRecord('T1', first?.id ?? -1)).toBe(true);
    expect(await store.removeRecord('T1', first?.id ?? -1)).toBe(false);
    expect(await store.addRecord(rec(), 2)).not.toBeNull();
    expect((await store.listRecords('T1')).length).toBe(2);
  });

  // Button state (src/store/buttons.ts): what a Discord button runs, until it expires.
  test('GIVEN a saved button THEN it loads until it expires; an unknown id or an expired one is null; a re-save replaces it', async () => {
    await store.saveButton('b1', '{"command":"estimate"}', 10_000);
    expect(await store.loadButton('b1', 9_999)).toBe('{"command":"estimate"}');
    expect(await store.loadButton('b1', 10_000)).toBeNull();
    expect(await store.loadButton('nope', 0)).toBeNull();
    await store.saveButton('b1', '{"command":"fit"}', 20_000);
    expect(await store.loadButton('b1', 10_000)).toBe('{"command":"fit"}');
  });
}
