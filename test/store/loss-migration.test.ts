/**
 * The loss split (grammar v2): presets and pins saved at v1 with `loss:chunked` meant the fused loss
 * (no logits tensor); from v2 `loss:chunked` is torchtune/LitGPT's chunked cross-entropy. A preset
 * written in the old format, in every store, must load as `loss:fused` so its number does not change.
 */
import { ARG_MIGRATIONS, PRESET_ARGS_VERSION, loadPresetArgs } from '../../commands/preset-args';
import { reportFromLine } from '../../commands/estimate-line';
import { evaluateRecords } from '../../commands/record';
import { openSqlitePresetStore } from '../../adapters/store/sqlite';
import { createMemoryPresetStore } from '../../src/store/memory';
import { TEAM_OWNER, type PresetStore } from '../../src/store/presets';
import { as, setup } from '../commands/preset-helpers';
import { tempDir } from './tmp';

const OLD = 'model:llama-3.2-3b method:full precision:bf16 optimizer:adamw-fused batch:2 seq:4096 gc:false loss:chunked';
const total = (line: string): number => {
  const r = reportFromLine(line);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value.totalBytes;
};

describe('grammar v1 -> v2: loss:chunked becomes loss:fused', () => {
  test('GIVEN the current grammar THEN it is v2 and the v1 migration exists', () => {
    expect(PRESET_ARGS_VERSION).toBe(2);
    expect(ARG_MIGRATIONS[1]).toBeDefined();
  });

  test('GIVEN v1 text with loss:chunked THEN loss:fused; other keys untouched', () => {
    const r = loadPresetArgs(OLD, 1);
    if (!r.ok) throw new Error('load');
    expect(r.value.args.loss).toBe('fused');
    expect(r.value.args.gc).toBe('false');
    expect(r.value.args.seq).toBe('4096');
  });

  test('GIVEN v2 text with loss:chunked THEN it stays chunked (the new meaning)', () => {
    const r = loadPresetArgs(OLD, 2);
    if (!r.ok) throw new Error('load');
    expect(r.value.args.loss).toBe('chunked');
  });

  test('GIVEN the two meanings THEN they differ (so the migration matters): torchtune chunked keeps every chunk\'s logits', () => {
    // 3B, T = 2 x 4096 = 8192 tokens, V = 128,256: the uncompiled torchtune loss keeps 4 B (fp32 log_softmax) per logit element,
    // 8192 x 128256 x 4 = 4.20e9 B, against the fused loss's one 256-token chunk: far larger.
    expect(total(OLD) - total(OLD.replace('loss:chunked', 'loss:fused'))).toBeGreaterThan(3.5e9);
  });
});

/** Writes a v1 preset and a pin to it straight into the store, as the old bot did. */
async function seedV1(store: PresetStore): Promise<void> {
  const saved = await store.save({ key: { teamId: 'T1', ownerId: TEAM_OWNER, name: 'old' }, args: OLD, schemaVersion: 1, authorId: 'U1', now: 1 }, { version: null, limit: 200 });
  if (!saved.ok) throw new Error('save');
  expect(await store.setPin({ teamId: 'T1', channelId: 'C1', presetId: saved.preset.id, pinnedBy: 'U1', pinnedAt: 1 })).toBe(true);
}

const gib = (text: string): string => {
  const m = /(\d+(?:\.\d+)?) GiB/.exec(text);
  if (!m) throw new Error(`no GiB figure in: ${text.slice(0, 200)}`);
  return m[1] as string;
};

describe.each([
  ['memory', (): { store: PresetStore; done: () => void } => ({ store: createMemoryPresetStore(), done: () => undefined })],
  ['sqlite', (): { store: PresetStore; done: () => void } => {
    const t = tempDir('vram-loss-migration-');
    const r = openSqlitePresetStore({ dir: t.dir });
    if (!r.ok) throw new Error(r.reason);
    return { store: r.store, done: t.cleanup };
  }],
])('a %s store written at v1', (_name, make) => {
  test('GIVEN preset:old (v1, loss:chunked) THEN the same number as loss:fused typed today, not the new chunked', async () => {
    const { store, done } = make();
    try {
      await seedV1(store);
      const { say } = setup({ store });
      const viaPreset = await say('preset:old');
      const fused = await say(OLD.replace('loss:chunked', 'loss:fused'));
      const chunked = await say(OLD);
      expect(viaPreset.reply.severity).not.toBe('error');
      expect(viaPreset.text).toMatch(/loss:fused/);
      expect(gib(viaPreset.text)).toBe(gib(fused.text));
      expect(gib(viaPreset.text)).not.toBe(gib(chunked.text));
    } finally {
      await store.close();
      done();
    }
  });

  test('GIVEN the channel pin to the v1 preset THEN the pinned estimate is the fused one too', async () => {
    const { store, done } = make();
    try {
      await seedV1(store);
      const { say } = setup({ store });
      const pinned = await say('batch:2', as('U2'));
      const fused = await say(OLD.replace('loss:chunked', 'loss:fused'));
      expect(pinned.text).toMatch(/loss:fused/);
      expect(gib(pinned.text)).toBe(gib(fused.text));
    } finally {
      await store.close();
      done();
    }
  });
});

describe('recorded runs written at v1', () => {
  test('GIVEN a run recorded with loss:chunked at v1 THEN it is re-estimated as loss:fused (the setup it was measured on)', () => {
    // evaluateRecords loads each record's arguments through the same migrations as presets.
    const base = { teamId: 'T1', authorId: 'U1', measuredBytes: 40 * 1024 ** 3, stat: 'allocated' as const, createdAt: 1 };
    const [old, now] = evaluateRecords([{ id: 1, ...base, args: OLD, schemaVersion: 1 }, { id: 2, ...base, args: OLD, schemaVersion: 2 }]);
    expect(old?.problem).toBeUndefined();
    expect(old?.report?.totalBytes).toBe(total(OLD.replace('loss:chunked', 'loss:fused')));
    expect(now?.report?.totalBytes).toBe(total(OLD));
  });
});
