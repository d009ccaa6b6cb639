import { buildConfig } from '../../src/config';
import { ARG_MIGRATIONS, PRESET_ARGS_VERSION, canonicalForSave, chosenKeys, loadPresetArgs, mergePresetArgs } from '../../commands/preset-args';
import { parseLine } from '../../commands/grammar';
import { normalizePresetName } from '../../src/store/presets';

describe('preset names', () => {
  test.each([
    ['a', 'a'], ['Our-8B_lora', 'our-8b_lora'], [' x ', 'x'], ['z'.repeat(32), 'z'.repeat(32)],
  ])('GIVEN %j THEN stored as %j', (typed, name) => {
    expect(normalizePresetName(typed)).toEqual({ ok: true, value: name });
  });
  test.each(['', 'z'.repeat(33), 'a b', 'a.b', 'a/b', 'é'])('GIVEN %j THEN the rule is broken', (typed) => {
    expect(normalizePresetName(typed)).toEqual({ ok: false, errors: ['rule'] });
  });
  test('GIVEN none THEN reserved', () => {
    expect(normalizePresetName('None')).toEqual({ ok: false, errors: ['reserved'] });
  });
});

describe('loadPresetArgs: versions and migrations', () => {
  test('GIVEN canonical text saved today THEN it loads back to the same config', () => {
    const canon = canonicalForSave({ model: 'llama-3.1-8b', qlora: 'true', gpus: '2', gpu: 'rtx4090', targets: 'q,v' });
    if (!canon.ok) throw new Error('invalid');
    const loaded = loadPresetArgs(canon.value, PRESET_ARGS_VERSION);
    if (!loaded.ok) throw new Error('did not load');
    expect(loaded.value.ignored).toEqual([]);
    const again = buildConfig(loaded.value.args);
    expect(again.ok && again.value.config).toMatchObject({ model: 'llama-3.1-8b', method: 'qlora', quant: 'nf4', gpus: 2, sharding: 'ddp', gpu: 'rtx4090', targets: ['q', 'v'] });
  });

  test('GIVEN text saved before the grammar gained a key THEN it loads and the new key takes its default', () => {
    const loaded = loadPresetArgs('model:llama-3.1-8b method:lora rank:8', 1);
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(buildConfig(loaded.value.args).ok).toBe(true);
  });

  test('GIVEN an older version THEN each migration runs in order', () => {
    const migrations = {
      1: (a: Readonly<Record<string, string>>) => { const { micro_bs: b, ...rest } = a; return b === undefined ? { ...rest } : { ...rest, batch: b }; },
      2: (a: Readonly<Record<string, string>>) => ({ ...a, rank: String(Number(a.rank ?? '16') * 2) }),
    };
    const loaded = loadPresetArgs('model:llama-3.1-8b method:lora micro_bs:4 rank:8', 1, { current: 3, migrations });
    expect(loaded).toEqual({ ok: true, value: { args: { model: 'llama-3.1-8b', method: 'lora', batch: '4', rank: '16' }, ignored: [], newer: false } });
  });

  test('GIVEN a version with no migration THEN it is a bug (throws), and the current table covers every older version', () => {
    expect(() => loadPresetArgs('model:x', 1, { current: 2, migrations: {} })).toThrow(/no preset argument migration from version 1 to 2/);
    for (let v = 1; v < PRESET_ARGS_VERSION; v++) expect(ARG_MIGRATIONS[v]).toBeDefined();
  });

  test('GIVEN a newer version with unknown keys THEN they are reported, not fatal', () => {
    expect(loadPresetArgs('model:llama-3.1-8b warp:9 method:lora', PRESET_ARGS_VERSION + 1)).toEqual({
      ok: true, value: { args: { model: 'llama-3.1-8b', method: 'lora' }, ignored: ['warp:9'], newer: true },
    });
  });

  test('GIVEN unreadable text THEN an input error, not a throw', () => {
    expect(loadPresetArgs('model:x stray', 1).ok).toBe(false);
  });
});

describe('mergePresetArgs', () => {
  const saved = { model: 'llama-3.1-8b', method: 'qlora', quant: 'nf4', upcast: 'true', gpus: '4', sharding: 'ddp', precision: 'bf16', kv: 'bf16', batch: '1' };

  test('GIVEN a typed key THEN it overrides the saved one and is listed as explicit', () => {
    const m = mergePresetArgs(saved, { batch: '8' });
    expect(m.args.batch).toBe('8');
    expect(m.explicit).toEqual(['batch']);
    expect(m.fromPreset).not.toContain('batch');
  });

  test('GIVEN lora:true typed THEN the saved method and its derived quant and upcast are dropped', () => {
    const m = mergePresetArgs(saved, { lora: 'true' });
    expect(m.args).not.toHaveProperty('method');
    expect(m.args).not.toHaveProperty('quant');
    expect(m.args).not.toHaveProperty('upcast');
  });

  test('GIVEN a value that was chosen, not derived THEN it stays when its source is typed', () => {
    const m = mergePresetArgs({ ...saved, quant: 'int8', sharding: 'zero3' }, { method: 'qlora', gpus: '8' });
    expect(m.args.quant).toBe('int8');
    expect(m.args.sharding).toBe('zero3');
  });

  test('GIVEN precision typed THEN the derived kv follows it', () => {
    expect(mergePresetArgs(saved, { precision: 'fp16' }).args).not.toHaveProperty('kv');
    expect(mergePresetArgs({ ...saved, kv: 'fp8' }, { precision: 'fp16' }).args.kv).toBe('fp8');
  });
});

describe('chosenKeys', () => {
  const savedFor = (raw: Record<string, string>): Record<string, string> => {
    const c = canonicalForSave(raw);
    const p = c.ok ? parseLine(c.value) : undefined;
    if (!p?.ok) throw new Error('invalid');
    return { ...p.value.args };
  };

  test('GIVEN a QLoRA preset on 4 GPUs THEN method, gpus and rank are choices; the derived NF4, upcast and ddp are defaults', () => {
    const saved = savedFor({ model: 'llama-3.1-8b', qlora: 'true', gpus: '4', rank: '32' });
    const { chosen, defaults } = chosenKeys(saved, Object.keys(saved));
    expect(chosen).toEqual(['model', 'method', 'rank', 'gpus']);
    expect(defaults).toBe(Object.keys(saved).length - 4);
  });

  test('GIVEN a derived value changed on purpose THEN it is a choice', () => {
    const saved = savedFor({ model: 'llama-3.1-8b', qlora: 'true', quant: 'int8', gpus: '4', sharding: 'zero3' });
    expect(chosenKeys(saved, Object.keys(saved)).chosen).toEqual(['model', 'method', 'quant', 'gpus', 'sharding']);
  });
});
