import { PRESET_ARGS_VERSION } from '../../commands/preset-args';
import { TEAM_OWNER } from '../../src/store/presets';
import { as, setup } from './preset-helpers';

const SAVE = 'preset save name:our-8b model:llama-3.1-8b lora:true rank:32';

describe('preset save', () => {
  test('GIVEN valid arguments THEN the canonical form is saved with the grammar version and the team sees the reply', async () => {
    const { say, store } = setup();
    const { reply, text } = await say(SAVE);
    expect(reply.severity).toBe('success');
    expect(reply.visibility).toBe('channel');
    expect(text).toMatch(/Saved team preset `our-8b`/);
    const p = await store.get({ teamId: 'T1', ownerId: TEAM_OWNER, name: 'our-8b' });
    expect(p).toMatchObject({ schemaVersion: PRESET_ARGS_VERSION, authorId: 'U1', version: 1 });
    expect(p?.args).toMatch(/^model:llama-3\.1-8b mode:train method:lora rank:32 .*batch:1 .*adapter_dtype:fp32/);
  });

  test('GIVEN a model alias THEN the catalog id is saved', async () => {
    const { say, store } = setup();
    await say('preset save name:x model:meta-llama/Llama-3.1-8B');
    expect((await store.get({ teamId: 'T1', ownerId: TEAM_OWNER, name: 'x' }))?.args).toMatch(/^model:llama-3\.1-8b /);
  });

  test('GIVEN an invalid config THEN nothing is saved and the error names the key and allowed values', async () => {
    const { say, store } = setup();
    const { reply, text } = await say('preset save name:x model:llama-3.1-8b optimizer:adam9');
    expect(reply.severity).toBe('error');
    expect(reply.visibility).toBe('private');
    expect(text).toMatch(/`optimizer:adam9` is not valid.*adamw/);
    expect(await store.list('T1', 'U1')).toEqual([]);
  });

  test('GIVEN no model THEN the missing-model error and nothing saved', async () => {
    const { say, store } = setup();
    expect((await say('preset save name:x batch:4')).text).toMatch(/Which model\?/);
    expect(await store.list('T1', 'U1')).toEqual([]);
  });

  test('GIVEN no name THEN it asks for name:', async () => {
    const { say } = setup();
    expect((await say('preset save model:llama-3.1-8b')).text).toMatch(/Which preset\? Add `name:<name>`/);
  });

  test.each([
    ['"my preset"', 'name:my preset'],
    ['a'.repeat(33), `name:${'a'.repeat(33)}`],
    ['bad!', 'name:bad!'],
    ['ünï', 'name:ünï'],
  ])('GIVEN the name %s THEN an error naming the key, the value and the rule', async (typed, shown) => {
    const { say, store } = setup();
    const { text } = await say(`preset save name:${typed} model:llama-3.1-8b`);
    expect(text).toContain(`\`${shown}\` is not a valid preset name`);
    expect(text).toMatch(/1-32 characters of `a-z`, `0-9`, `-` and `_` \(case-insensitive\)/);
    expect(await store.list('T1', 'U1')).toEqual([]);
  });

  test('GIVEN a 32-character mixed-case name THEN it is saved lowercase', async () => {
    const { say, store } = setup();
    const name = `Ab_-${'x'.repeat(28)}`;
    expect((await say(`preset save name:${name} model:llama-3.1-8b`)).reply.severity).toBe('success');
    expect((await store.list('T1', 'U1')).map((p) => p.name)).toEqual([name.toLowerCase()]);
  });

  test('GIVEN the name none THEN it is reserved', async () => {
    const { say } = setup();
    expect((await say('preset save name:none model:llama-3.1-8b')).text).toMatch(/`name:none` is reserved/);
  });

  test('GIVEN 200 team presets THEN the 201st is refused, an overwrite is allowed, and personal presets count apart', async () => {
    const { say, store } = setup();
    for (let i = 0; i < 200; i++) {
      await store.save({ key: { teamId: 'T1', ownerId: TEAM_OWNER, name: `p${i}` }, args: 'model:llama-3.1-8b', schemaVersion: 1, authorId: 'U1', now: 1 }, { version: null, limit: 200 });
    }
    expect((await say('preset save name:one-more model:llama-3.1-8b')).text).toMatch(/The team already has 200 presets, the limit/);
    expect((await say('preset save name:p7 model:qwen2.5-7b')).reply.severity).toBe('success');
    expect((await say('preset save name:one-more scope:me model:llama-3.1-8b')).reply.severity).toBe('success');
  });

  test('GIVEN 50 personal presets THEN the 51st personal one is refused', async () => {
    const { say, store } = setup();
    for (let i = 0; i < 50; i++) {
      await store.save({ key: { teamId: 'T1', ownerId: 'U1', name: `p${i}` }, args: 'model:llama-3.1-8b', schemaVersion: 1, authorId: 'U1', now: 1 }, { version: null, limit: 50 });
    }
    expect((await say('preset save name:more scope:me model:llama-3.1-8b')).text).toMatch(/You already have 50 personal presets/);
    expect((await say('preset save name:more model:llama-3.1-8b')).reply.severity).toBe('success');
  });

  test('GIVEN the author saves an existing name THEN it is updated, keeps its author and shows what it was', async () => {
    const { say, store } = setup();
    await say(SAVE);
    const { text } = await say('preset save name:our-8b model:qwen2.5-7b qlora:true');
    expect(text).toMatch(/Updated team preset `our-8b`/);
    expect(text).toMatch(/Before:\n {2}`model:llama-3\.1-8b/);
    expect(await store.get({ teamId: 'T1', ownerId: TEAM_OWNER, name: 'our-8b' })).toMatchObject({ version: 2, authorId: 'U1' });
  });

  test('GIVEN another member overwrites THEN refused, naming the author and who may', async () => {
    const { say, store } = setup();
    await say(SAVE);
    const { reply, text } = await say('preset save name:our-8b model:qwen2.5-7b', as('U2'));
    expect(reply.title).toBe('Not allowed');
    expect(text).toContain('Only the author <@U1> or a workspace admin can overwrite `our-8b`.');
    expect((await store.get({ teamId: 'T1', ownerId: TEAM_OWNER, name: 'our-8b' }))?.version).toBe(1);
  });

  test('GIVEN a platform admin or an ADMIN_USER_IDS user overwrites THEN allowed', async () => {
    const { say } = setup({ admins: ['U9'] });
    await say(SAVE);
    expect((await say('preset save name:our-8b model:qwen2.5-7b', as('U2', { isAdmin: true }))).text).toMatch(/Updated/);
    expect((await say('preset save name:our-8b model:llama-3.1-8b', as('U9'))).text).toMatch(/Updated/);
  });

  test('GIVEN scope:me THEN a personal preset, shown only to the caller; a bad scope is an error', async () => {
    const { say, store } = setup();
    const { reply } = await say('preset save name:mine scope:me model:llama-3.1-8b');
    expect(reply.visibility).toBe('private');
    expect(reply.title).toBe('Saved personal preset `mine`');
    expect(await store.get({ teamId: 'T1', ownerId: 'U1', name: 'mine' })).not.toBeNull();
    expect((await say('preset save name:x scope:everyone model:llama-3.1-8b')).text).toMatch(/`scope:everyone` is not valid. Allowed values: `team`, `me`/);
  });

  test('GIVEN private:true THEN the reply is private and private is not saved', async () => {
    const { say, store } = setup();
    expect((await say('preset save name:x model:llama-3.1-8b private:true')).reply.visibility).toBe('private');
    expect((await store.get({ teamId: 'T1', ownerId: TEAM_OWNER, name: 'x' }))?.args).not.toMatch(/private/);
  });

  test('GIVEN preset:<base> in save THEN the new preset starts from the base', async () => {
    const { say, store } = setup();
    await say(SAVE);
    await say('preset save name:bigger preset:our-8b batch:8');
    expect((await store.get({ teamId: 'T1', ownerId: TEAM_OWNER, name: 'bigger' }))?.args).toMatch(/method:lora rank:32 .*batch:8/);
  });
});

describe('preset list and show', () => {
  test('GIVEN no presets THEN list says how to save one', async () => {
    const { say } = setup();
    expect((await say('preset list')).text).toMatch(/No presets yet. Save one/);
  });

  test('GIVEN team and personal presets THEN list shows the team ones and mine, labelled, not other people\'s', async () => {
    const { say } = setup();
    await say(SAVE);
    await say('preset save name:our-8b scope:me model:qwen2.5-7b');
    await say('preset save name:theirs scope:me model:qwen2.5-7b', as('U2'));
    await say('preset pin name:our-8b');
    const { reply, text } = await say('preset list');
    expect(reply.visibility).toBe('private');
    expect(reply.table?.rows.map((r) => [r[0], r[1]])).toEqual([['our-8b', 'team'], ['our-8b', 'personal (you)']]);
    expect(text).toMatch(/pinned here/);
    expect(text).toMatch(/shadowed by yours/);
    expect(text).toMatch(/method:lora rank:32/);
    expect(text).not.toMatch(/theirs/);
    expect(text).toMatch(/1\/200 team presets, 1\/50 of yours/);
  });

  test('GIVEN show THEN the canonical arguments, author and version', async () => {
    const { say } = setup();
    await say(SAVE);
    const { text } = await say('preset show name:our-8b');
    expect(text).toMatch(/Preset `our-8b` \(team\)/);
    expect(text).toMatch(/Author: <@U1>/);
    expect(text).toMatch(/Saved arguments \(canonical\):\n {2}`model:llama-3\.1-8b mode:train method:lora rank:32/);
  });

  test('GIVEN a name that does not exist THEN not found with a did-you-mean', async () => {
    const { say } = setup();
    await say(SAVE);
    expect((await say('preset show name:our-7b')).text).toMatch(/There is no preset `our-7b`. Did you mean `our-8b`\?/);
  });

  test('GIVEN a preset saved by a newer version with an unknown key THEN show and use report it instead of failing', async () => {
    const { say, store } = setup();
    await store.save({ key: { teamId: 'T1', ownerId: TEAM_OWNER, name: 'future' }, args: 'model:llama-3.1-8b method:lora warp_drive:on', schemaVersion: 99, authorId: 'U1', now: 1 }, { version: null, limit: 200 });
    expect((await say('preset show name:future')).text).toMatch(/Ignored \(unknown to this version; saved by a newer one\): `warp_drive:on`/);
    const used = await say('preset:future');
    expect(used.reply.severity).not.toBe('error');
    expect(used.text).toMatch(/saved by a newer version of the bot\), ignored: `warp_drive:on`/);
  });
});

describe('preset delete and rename', () => {
  test('GIVEN the author deletes THEN it is gone and the reply says how to restore it', async () => {
    const { say, store } = setup();
    await say(SAVE);
    const { text } = await say('preset delete name:our-8b');
    expect(text).toMatch(/Deleted team preset `our-8b`/);
    expect(text).toMatch(/To restore it: `\/vram preset save name:our-8b model:llama-3\.1-8b/);
    expect(await store.list('T1', 'U1')).toEqual([]);
  });

  test('GIVEN another member deletes THEN refused: only the author or an admin', async () => {
    const { say, store } = setup();
    await say(SAVE);
    expect((await say('preset delete name:our-8b', as('U2'))).text).toContain('Only the author <@U1> or a workspace admin can delete `our-8b`.');
    expect((await say('preset delete name:our-8b', as('U2', { platform: 'discord' }))).text).toContain('or a server admin (Manage Server) can delete');
    expect(await store.list('T1', 'U1')).toHaveLength(1);
  });

  test('GIVEN a platform admin deletes THEN allowed', async () => {
    const { say } = setup();
    await say(SAVE);
    expect((await say('preset delete name:our-8b', as('U2', { isAdmin: true }))).text).toMatch(/Deleted/);
  });

  test('GIVEN an ADMIN_USER_IDS user deletes THEN allowed', async () => {
    const { say } = setup({ admins: ['U7'] });
    await say(SAVE);
    expect((await say('preset delete name:our-8b', as('U7'))).text).toMatch(/Deleted/);
  });

  test('GIVEN a missing preset THEN not found', async () => {
    const { say } = setup();
    expect((await say('preset delete name:nope')).text).toMatch(/There is no preset `nope`/);
  });

  test('GIVEN a personal and a team preset of one name THEN delete asks which, and scope:team picks the team one', async () => {
    const { say, store } = setup();
    await say(SAVE);
    await say('preset save name:our-8b scope:me model:qwen2.5-7b');
    expect((await say('preset delete name:our-8b')).text).toMatch(/add `scope:me` or `scope:team` to say which to delete/);
    await say('preset delete name:our-8b scope:team');
    expect((await store.list('T1', 'U1')).map((p) => p.ownerId)).toEqual(['U1']);
  });

  test('GIVEN the author renames THEN the new name works and a pin follows', async () => {
    const { say } = setup();
    await say(SAVE);
    await say('preset pin name:our-8b');
    expect((await say('preset rename name:our-8b to:Team-8B')).text).toMatch(/Renamed team preset `our-8b` to `team-8b`/);
    expect((await say('preset:team-8b')).reply.severity).not.toBe('error');
    expect((await say('batch:2')).text).toMatch(/Pinned preset `team-8b` applied/);
  });

  test('GIVEN rename onto a taken name, a bad new name, no new name, or by another member THEN the matching error', async () => {
    const { say } = setup();
    await say(SAVE);
    await say('preset save name:other model:qwen2.5-7b');
    expect((await say('preset rename name:our-8b to:other')).text).toMatch(/A team preset `other` already exists/);
    expect((await say('preset rename name:our-8b to:no/slash')).text).toMatch(/`to:no\/slash` is not a valid preset name/);
    expect((await say('preset rename name:our-8b')).text).toMatch(/Which preset\?/);
    expect((await say('preset rename name:our-8b to:mine', as('U2'))).text).toContain('Only the author <@U1> or a workspace admin can rename `our-8b`.');
  });
});

describe('preset pin and unpin', () => {
  test('GIVEN a pin THEN a bare estimate in that channel uses it and says so; other channels do not', async () => {
    const { say } = setup();
    await say(SAVE);
    const pinned = await say('preset pin name:our-8b');
    expect(pinned.reply.visibility).toBe('channel');
    expect(pinned.text).toMatch(/Pinned `our-8b` in this channel/);
    const { reply, text } = await say('batch:4');
    expect(reply.severity).not.toBe('error');
    expect(text).toMatch(/method:lora rank:32 .*batch:4/);
    expect(text).toMatch(/Pinned preset `our-8b` applied \(this channel's default, pinned by <@U1>\): model, method, rank \(and \d+ defaults saved with it\); explicit: batch\./);
    expect((await say('batch:4', as('U1', { channelId: 'C2' }))).text).toMatch(/Which model\?/);
  });

  test('GIVEN a pin and an explicit model THEN the pin supplies the other keys and the note says so', async () => {
    const { say } = setup();
    await say(SAVE);
    await say('preset pin name:our-8b');
    const { text } = await say('model:qwen2.5-7b');
    expect(text).toMatch(/Qwen2\.5 7B · LoRA/);
    expect(text).toMatch(/explicit: model\. Typed keys beat the pin, `model:` too: the pin still supplies the other keys/);
  });

  test('GIVEN a pin and preset:none THEN the pin is ignored', async () => {
    const { say } = setup();
    await say(SAVE);
    await say('preset pin name:our-8b');
    expect((await say('preset:none batch:4')).text).toMatch(/Which model\?/);
  });

  test('GIVEN a member pins someone else\'s preset THEN refused; an admin may', async () => {
    const { say } = setup();
    await say(SAVE);
    expect((await say('preset pin name:our-8b', as('U2'))).text).toContain('Only the author <@U1> or a workspace admin can pin `our-8b`.');
    expect((await say('preset pin name:our-8b', as('U2', { isAdmin: true }))).text).toMatch(/Pinned/);
  });

  test('GIVEN a pin of someone else\'s preset THEN a member cannot replace it with their own', async () => {
    const { say } = setup();
    await say(SAVE);
    await say('preset pin name:our-8b');
    await say('preset save name:u2s model:qwen2.5-7b', as('U2'));
    expect((await say('preset pin name:u2s', as('U2'))).text).toContain('can replace the pin of `our-8b`');
  });

  test('GIVEN a personal preset THEN it cannot be pinned', async () => {
    const { say } = setup();
    await say('preset save name:mine scope:me model:llama-3.1-8b');
    expect((await say('preset pin name:mine')).text).toMatch(/`mine` is a personal preset; only team presets can be pinned/);
    expect((await say('preset pin name:mine scope:me')).text).toMatch(/only team presets can be pinned/);
  });

  test('GIVEN unpin THEN the author may, another member may not, and no pin is an error', async () => {
    const { say } = setup();
    await say(SAVE);
    await say('preset pin name:our-8b');
    expect((await say('preset unpin', as('U2'))).text).toContain('Only the author <@U1> or a workspace admin can unpin `our-8b`.');
    expect((await say('preset unpin')).text).toMatch(/Unpinned `our-8b` from this channel/);
    expect((await say('batch:4')).text).toMatch(/Which model\?/);
    expect((await say('preset unpin')).text).toMatch(/This channel has no pinned preset/);
  });

  test('GIVEN a deleted pinned preset THEN the channel has no pin', async () => {
    const { say } = setup();
    await say(SAVE);
    await say('preset pin name:our-8b');
    await say('preset delete name:our-8b');
    expect((await say('batch:4')).text).toMatch(/Which model\?/);
  });
});

describe('preset command: routing', () => {
  test('GIVEN preset alone THEN the preset help', async () => {
    const { say } = setup();
    expect((await say('preset')).text).toMatch(/preset save name:our-8b-lora/);
  });

  test('GIVEN an unknown action THEN did-you-mean and the list of actions', async () => {
    const { say } = setup();
    expect((await say('preset sav name:x')).text).toMatch(/`sav` is not a preset action. Did you mean `save`\? Actions: `save`, `list`/);
  });

  test('GIVEN a key an action does not take THEN it is named', async () => {
    const { say } = setup();
    expect((await say('preset list batch:4')).text).toMatch(/`preset list` does not take `batch:`/);
  });

  test('GIVEN the help THEN the preset command is listed', async () => {
    const { say } = setup();
    expect((await say('help')).text).toMatch(/preset/);
  });
});
