/**
 * The one key table: every key declared once with its help and example, and everything the
 * grammar, the schema and the replies know about keys derived from it.
 */
import { COMMAND_PARAMS } from '../../commands/params';
import { parseInvocation, parseLine } from '../../commands/grammar';
import { CONFIG_KEY } from '../../adapters/cli/cli';
import { KEYS, EstimateConfigSchema, buildConfig, convertValue, describeInputError, keyDef, type KeyDef, type ParamDef } from '../../src/config';
import { MAX_BATCH, MAX_CONTEXT, MAX_GPUS, MAX_SEQ } from '../../src/fit';
import { settingsLine } from '../../src/reply/estimate-reply';

const ctx = { platform: 'console', teamId: 'local', channelId: 'c', userId: 'u' } as const;

/** What a key needs to be documented: a help line, and an example that is a pair of that key. */
export function docProblems(defs: readonly ParamDef[]): string[] {
  const out: string[] = [];
  for (const d of defs) {
    if (d.help.trim().length < 5) out.push(`${d.key}: no help text`);
    if (!d.example.startsWith(`${d.key}:`) || d.example.length <= d.key.length + 1) out.push(`${d.key}: no example of the form ${d.key}:<value>`);
  }
  return out;
}

describe('every key is documented', () => {
  const all: readonly ParamDef[] = [...(KEYS as readonly KeyDef[]), ...COMMAND_PARAMS, CONFIG_KEY];

  test('GIVEN every key of every table THEN a help line and an example of its own form', () => {
    expect(docProblems(all)).toEqual([]);
  });

  test('GIVEN a key added without help or example THEN the check names it (it is not vacuous)', () => {
    const bare: ParamDef = { key: 'newkey', aliases: [], spec: { kind: 'bool' }, help: '', example: '' };
    expect(docProblems([...all, bare])).toEqual(['newkey: no help text', 'newkey: no example of the form newkey:<value>']);
  });

  test.each((KEYS as readonly KeyDef[]).map((d) => [d.key, d] as const))('GIVEN the example of %s THEN it converts by the key\'s own spec', (_k, d) => {
    const p = parseLine(d.example);
    expect(p.ok).toBe(true);
    const text = p.ok ? p.value.args[d.key] : undefined;
    expect(text).toBeDefined();
    expect(convertValue(d, text ?? '').ok).toBe(true);
  });

  test('GIVEN the names of every table THEN no spelling belongs to two keys', () => {
    const names = all.flatMap((d) => [d.key, ...d.aliases]);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
});

describe('derived from the table', () => {
  test('GIVEN the defaults of the table THEN the schema accepts them as they are', () => {
    const b = buildConfig({ model: 'llama-3.1-8b' });
    expect(b.ok).toBe(true);
    if (!b.ok) return;
    for (const d of KEYS as readonly KeyDef[]) {
      if (d.field === null || d.default === undefined) continue;
      expect([d.key, (b.value.config as unknown as Record<string, unknown>)[d.field]]).toEqual([d.key, Array.isArray(d.default) ? [...d.default] : d.default]);
    }
    expect(EstimateConfigSchema.safeParse(b.value.config).success).toBe(true);
  });

  test('GIVEN the schema THEN one field per key with a field, and nothing else', () => {
    const b = buildConfig({ model: 'llama-3.1-8b' });
    if (!b.ok) throw new Error('no config');
    expect(Object.keys(b.value.config).sort()).toEqual((KEYS as readonly KeyDef[]).filter((d) => d.field !== null).map((d) => d.field as string).sort());
  });

  test('GIVEN the fit solver THEN its search bounds are the table\'s maxima', () => {
    const max = (k: string): number => { const s = keyDef(k).spec; return s.kind === 'int' ? s.max : NaN; };
    expect([MAX_BATCH, MAX_SEQ, MAX_CONTEXT, MAX_GPUS]).toEqual([max('batch'), max('seq'), max('context'), max('gpus')]);
  });

  test('GIVEN the Settings line THEN it shows the keys that apply, in table order, and hides keys that do not', () => {
    const train = buildConfig({ model: 'llama-3.1-8b', lora: 'true', gpus: '2' });
    const serve = buildConfig({ model: 'llama-3.1-8b', mode: 'infer' });
    if (!train.ok || !serve.ok) throw new Error('no config');
    const t = settingsLine(train.value.config, new Set(['rank']));
    expect(t).toMatch(/^mode:train method:lora rank:16\* targets:q,k,v,o,gate,up,down precision:bf16 optimizer:adamw batch:1 seq:2048 accum:1 gc:false attention:sdpa loss:standard engine:hf gpus:2 sharding:ddp$/);
    const s = settingsLine(serve.value.config, new Set());
    expect(s).toContain('context:4096');
    expect(s).toContain('engine:hf');
    expect(s).not.toMatch(/\bseq:|\boptimizer:|\bmethod:/);
  });
});

describe('the unknown-key error lists every valid key', () => {
  test('GIVEN an unknown key in an estimate THEN every estimate key and private, how and preset are listed', () => {
    const p = parseInvocation('model:llama-3.1-8b nosuchkey:1', ctx);
    expect(p.ok).toBe(false);
    if (p.ok) return;
    const e = p.errors[0];
    expect(e?.code).toBe('unknown_key');
    for (const k of [...(KEYS as readonly KeyDef[]).map((d) => d.key), 'private', 'how', 'preset']) expect(e?.allowed).toContain(k);
    const text = describeInputError(e!);
    for (const k of ['private', 'how', 'preset', 'adapter_dtype', 'engine']) expect(text).toContain(`\`${k}\``);
  });

  test('GIVEN an unknown key in preset save THEN the preset keys too', () => {
    const p = parseInvocation('preset save name:x model:llama-3.1-8b nosuchkey:1', ctx);
    expect(!p.ok && p.errors[0]?.allowed).toEqual(expect.arrayContaining(['name', 'scope', 'model', 'preset', 'private']));
  });

  test('GIVEN a typo THEN did-you-mean among this command\'s keys', () => {
    const p = parseInvocation('model:llama-3.1-8b optimzer:adamw', ctx);
    expect(!p.ok && p.errors[0]?.suggestions).toEqual(['optimizer']);
  });
});

describe('numbers: only whole tokens of a known shape', () => {
  test.each([['1,2,4'], ['1, 2'], ['2;4'], ['1_2_4'], ['12,34'], ['4kk'], ['k4'], ['1e3'], ['0x10'], ['+4'], ['4 k']])('GIVEN batch:%s THEN a coded error naming batch, never a number', (v) => {
    const b = buildConfig({ model: 'llama-3.1-8b', batch: v });
    expect(b.ok).toBe(false);
    if (b.ok) return;
    expect(b.errors[0]).toMatchObject({ key: 'batch' });
    expect(['not_integer', 'out_of_range']).toContain(b.errors[0]?.code);
  });

  test('GIVEN batch:1,2,4 THEN the message says one value per key', () => {
    const b = buildConfig({ model: 'llama-3.1-8b', batch: '1,2,4' });
    expect(!b.ok && describeInputError(b.errors[0]!)).toMatch(/`batch:1,2,4` must be a whole number from 1 to 4096\. One value per key/);
  });

  test.each([['4k', 4096], ['32k', 32768], ['32K', 32768], ['1.5k', 1536], ['1_000', 1000], ['1,000', 1000], ['1_048_576', 1048576], ['4096', 4096]])('GIVEN seq:%s THEN %d', (v, n) => {
    const b = buildConfig({ model: 'llama-3.1-8b', seq: v });
    expect(b.ok && b.value.config.seq).toBe(n);
  });
});
