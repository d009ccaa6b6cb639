import { dispatch } from '../support/run';
import { replyText } from '../../src/reply/text';
import { createMemoryPresetStore } from '../../src/store/memory';
import { StoreError, TEAM_OWNER, type PresetStore } from '../../src/store/presets';
import { as, setup } from './preset-helpers';

const SAVE = 'preset save name:our-8b-lora model:llama-3.1-8b lora:true rank:32 gc:true';

describe('/vram preset:<name> (estimate from a preset)', () => {
  test('GIVEN preset:<name> batch:8 THEN the preset with batch 8, and a note of what came from where', async () => {
    const { say } = setup();
    await say(SAVE);
    const { reply, text } = await say('preset:our-8b-lora batch:8');
    expect(reply.severity).not.toBe('error');
    expect(reply.visibility).toBe('channel');
    expect(text).toMatch(/Llama 3\.1 8B · LoRA/);
    expect(text).toMatch(/rank:32 .*batch:8 .*gc:true/);
    expect(reply.notes[0]).toMatch(/^From preset `our-8b-lora` \(team\): model, method, rank, gc \(and \d+ defaults saved with it\); explicit: batch\.$/);
  });

  test('GIVEN preset:<name> alone THEN the saved setup as it was', async () => {
    const { say } = setup();
    await say(SAVE);
    const { reply, text } = await say('preset:Our-8B-LoRA');
    expect(text).toMatch(/rank:32 .*batch:1 /);
    expect(reply.notes[0]).not.toMatch(/explicit/);
  });

  test('GIVEN a QLoRA preset and lora:true typed THEN a 16-bit LoRA (the derived NF4 does not stick)', async () => {
    const { say } = setup();
    await say('preset save name:q model:llama-3.1-8b qlora:true');
    const { text } = await say('preset:q lora:true');
    expect(text).toMatch(/Llama 3\.1 8B · LoRA/);
    expect(text).toMatch(/Settings \(\* = assumed\): mode:train method:lora rank:16 targets:\S+ precision:bf16/);
    expect(text).not.toMatch(/quant:nf4/);
  });

  test('GIVEN a 4-GPU preset and gpus:1 typed THEN the derived ddp is dropped', async () => {
    const { say } = setup();
    await say('preset save name:multi model:llama-3.1-8b gpus:4');
    expect((await say('preset:multi gpus:1')).text).not.toMatch(/sharding:ddp/);
    expect((await say('preset:multi')).text).toMatch(/gpus:4\S* sharding:ddp/);
  });

  test('GIVEN an explicit preset and a pin THEN the explicit one wins and the note says it replaced the pin', async () => {
    const { say } = setup();
    await say(SAVE);
    await say('preset save name:qwen model:qwen2.5-7b');
    await say('preset pin name:our-8b-lora');
    const { text } = await say('preset:qwen');
    expect(text).toMatch(/Qwen2\.5 7B/);
    expect(text).toMatch(/From preset `qwen` \(team; instead of this channel's pinned `our-8b-lora`\)/);
  });

  test('GIVEN a personal and a team preset of one name THEN preset:<name> uses mine, says it shadows the team one; others get the team one', async () => {
    const { say } = setup();
    await say(SAVE);
    await say('preset save name:our-8b-lora scope:me model:qwen2.5-7b');
    const mine = await say('preset:our-8b-lora');
    expect(mine.text).toMatch(/Qwen2\.5 7B/);
    expect(mine.text).toMatch(/From preset `our-8b-lora` \(personal; your personal `our-8b-lora` shadows the team preset of the same name/);
    expect((await say('preset:our-8b-lora', as('U2'))).text).toMatch(/Llama 3\.1 8B/);
  });

  test('GIVEN another user\'s personal preset THEN it is not found for me', async () => {
    const { say } = setup();
    await say('preset save name:secret scope:me model:qwen2.5-7b', as('U2'));
    expect((await say('preset:secret')).text).toMatch(/There is no preset `secret`/);
  });

  test('GIVEN a preset name that does not exist THEN a private error with did-you-mean', async () => {
    const { say } = setup();
    await say(SAVE);
    const { reply, text } = await say('preset:our-8b-lor batch:2');
    expect(reply.visibility).toBe('private');
    expect(text).toMatch(/There is no preset `our-8b-lor`. Did you mean `our-8b-lora`\?/);
  });

  test('GIVEN a bad preset name THEN the rule, naming preset:', async () => {
    const { say } = setup();
    expect((await say('preset:"no spaces" batch:2')).text).toMatch(/`preset:no spaces` is not a valid preset name/);
  });

  test('GIVEN an override that conflicts with the preset THEN the input error plus the preset note', async () => {
    const { say } = setup();
    await say('preset save name:full model:llama-3.1-8b');
    const { reply, text } = await say('preset:full quant:nf4');
    expect(reply.severity).toBe('error');
    expect(text).toMatch(/`quant:nf4` does not go with the rest/);
    expect(text).toMatch(/From preset `full` \(team\)/);
  });

  test('GIVEN a preset whose model left the catalog THEN it says the preset no longer loads', async () => {
    const { say, store } = setup();
    await store.save({ key: { teamId: 'T1', ownerId: TEAM_OWNER, name: 'gone' }, args: 'model:llama-3.1-8b optimizer:adam-9000', schemaVersion: 1, authorId: 'U1', now: 1 }, { version: null, limit: 200 });
    const { text } = await say('preset:gone');
    expect(text).toMatch(/`optimizer:adam-9000` is not valid/);
  });
});

describe('presets unavailable or unsupported', () => {
  test('GIVEN no preset service (the CLI) THEN preset:<name> says presets are not available here', async () => {
    const text = replyText(await dispatch('preset:x batch:2', as('U1')));
    expect(text).toMatch(/Presets are not available here/);
  });

  test('GIVEN an unusable store THEN estimates work, preset commands and preset: say so with an error id, the reason (a server path) only in the log', async () => {
    const { say, logs } = setup({ presets: { ok: false, reason: '/srv/vram/data/presets.db is read-only: EACCES' } });
    expect((await say('model:llama-3.2-1b')).text).toMatch(/Llama 3\.2 1B/);
    const idOf = (text: string): string => /error id `(\w+)`/.exec(text)?.[1] ?? 'none';
    for (const line of ['preset list', 'preset:x batch:2']) {
      const { text } = await say(line);
      expect(text).toMatch(/Presets are unavailable right now: the preset store cannot be used .*error id `\w+`.*\. Estimates still work/);
      expect(text).not.toMatch(/\/srv|presets\.db|EACCES/);
      expect(logs.some((l) => l.includes(idOf(text)) && l.includes('/srv/vram/data/presets.db is read-only: EACCES'))).toBe(true);
    }
    const bare = (await say('batch:4')).text;
    expect(bare).toMatch(/Which model\?[\s\S]*Presets are unavailable \(error id `\w+` in the bot's log\), so no pinned preset was applied/);
    expect(bare).not.toMatch(/\/srv|EACCES/);
  });

  test('GIVEN the store fails while running THEN a friendly reason, the failure logged, and estimates still answered', async () => {
    const base = createMemoryPresetStore();
    const boom = (): Promise<never> => Promise.reject(new StoreError('io', 'preset store: save failed: disk I/O error (SQLITE_IOERR)'));
    const broken: PresetStore = { ...base, save: boom, getPin: boom };
    const { say, logs } = setup({ store: broken });
    const { text } = await say('preset save name:x model:llama-3.1-8b');
    expect(text).toMatch(/Presets are unavailable right now: the preset store cannot be used/);
    expect(text).not.toMatch(/SQLITE|disk I\/O/);
    const id = /error id `(\w+)`/.exec(text)?.[1] ?? 'none';
    expect(logs.some((l) => l.includes(id) && /save failed: disk I\/O error \(SQLITE_IOERR\)/.test(l))).toBe(true);
    expect((await say('model:llama-3.2-1b')).text).toMatch(/Llama 3\.2 1B/);
    expect(logs.some((l) => /preset store failed/.test(l))).toBe(true);
  });

  test('GIVEN a bug in the store THEN the polite error with an id (not a crash)', async () => {
    const base = createMemoryPresetStore();
    const broken: PresetStore = { ...base, list: () => Promise.reject(new TypeError('boom')) };
    const { say, logs } = setup({ store: broken });
    const { reply } = await say('preset list');
    expect(reply.title).toBe('Something went wrong');
    expect(reply.errorId).toBeDefined();
    expect(logs.some((l) => l.includes('boom'))).toBe(true);
  });
});
