import fc from 'fast-check';
import { parseLine } from '../../commands/grammar';
import { parseMargin } from '../../src/config/margin';
import {
  KEYS,
  KEY_INDEX,
  TARGET_NAMES,
  TARGET_PRESETS,
  buildConfig,
  canonicalArgs,
  convertValue,
  describeInputError,
  lookupKey,
  suggestKeys,
  type BuiltConfig,
  type EstimateConfig,
  type InputError,
  type KeyDef,
  type RawArgs,
  type Result,
} from '../../src/config';

const MODEL = 'llama-3.1-8b';

function expectOk<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got errors ${JSON.stringify(r.errors)}`);
  return r.value;
}

function expectErrors<T>(r: Result<T>): readonly InputError[] {
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.value)}`);
  return r.errors;
}

function onlyError<T>(r: Result<T>): InputError {
  const errors = expectErrors(r);
  expect(errors).toHaveLength(1);
  const e = errors[0];
  if (e === undefined) throw new Error('no error');
  return e;
}

function def(key: string): KeyDef {
  const d = KEYS.find((k) => k.key === key);
  if (!d) throw new Error(`no key ${key}`);
  return d;
}

/**
 * The settings under which a key matters, so the generic per-key tests build a config where it
 * applies: the online objectives' keys need `objective:grpo` (with a batch that holds whole groups
 * of `generations`), a key of some PEFT methods only (not `full`) the first of them. Typed values win.
 */
const OBJECTIVE_CONTEXT: Readonly<Record<string, RawArgs>> = {
  generations: { objective: 'grpo', batch: '4096' }, completion: { objective: 'grpo' }, beta: { objective: 'grpo' },
};
function withContext(raw: RawArgs): RawArgs {
  const ctx: Record<string, string> = {};
  for (const k of Object.keys(raw)) {
    const d = lookupKey(k);
    if (!d) continue;
    Object.assign(ctx, OBJECTIVE_CONTEXT[d.key] ?? {});
    const methods = d.applies.train;
    if (!d.applies.infer && Array.isArray(methods) && !methods.includes('full') && !methods.includes('lora') && methods[0] !== undefined) ctx.method = methods[0];
  }
  return { ...ctx, ...raw };
}

function build(raw: RawArgs): BuiltConfig {
  return expectOk(buildConfig(withContext({ model: MODEL, ...raw })));
}

function buildError(raw: RawArgs): InputError {
  return onlyError(buildConfig(withContext({ model: MODEL, ...raw })));
}

/** The EstimateConfig field a canonical key fills (undefined: a shorthand with no field of its own). */
function fieldOf(key: string): keyof EstimateConfig | undefined {
  const field = (KEYS as readonly KeyDef[]).find((d) => d.key === key)?.field;
  return field === null || field === undefined ? undefined : (field as keyof EstimateConfig);
}

/** A value that is valid for the key on its own, next to model:llama-3.1-8b. */
function safeValue(d: KeyDef): string {
  switch (d.spec.kind) {
    case 'enum': return d.spec.values[0] ?? '';
    case 'int': return String(d.spec.min);
    case 'float': return String(d.spec.min);
    case 'bool': return 'false';
    case 'text': return d.key === 'model' ? MODEL : d.key === 'margin' ? '10%' : 'rtx4090';
    case 'targets': return 'all';
  }
}

const byKind = <K extends KeyDef['spec']['kind']>(kind: K): (KeyDef & { spec: Extract<KeyDef['spec'], { kind: K }> })[] =>
  (KEYS as readonly KeyDef[]).filter((k) => k.spec.kind === kind) as (KeyDef & { spec: Extract<KeyDef['spec'], { kind: K }> })[];

const ENUM_KEYS = byKind('enum');
const INT_KEYS = byKind('int');
const FLOAT_KEYS = byKind('float');
const BOOL_KEYS = byKind('bool');
const TEXT_KEYS = byKind('text');

describe('KEYS table', () => {
  test('GIVEN KEYS THEN every key has one of the handled kinds', () => {
    for (const d of KEYS) expect(['enum', 'int', 'float', 'bool', 'text', 'targets']).toContain(d.spec.kind);
  });

  test('GIVEN KEYS THEN no spelling (canonical or alias) belongs to two keys', () => {
    const names = KEYS.flatMap((d) => [d.key, ...d.aliases]);
    expect(new Set(names).size).toBe(names.length);
  });

  test('GIVEN KEYS THEN every canonical key and alias is lowercase (lookup lowercases what users type)', () => {
    for (const name of KEYS.flatMap((d) => [d.key, ...d.aliases])) expect(name).toBe(name.toLowerCase());
  });

  test('GIVEN KEY_INDEX THEN it holds exactly the canonical keys and aliases', () => {
    expect(KEY_INDEX.size).toBe(KEYS.reduce((n, d) => n + 1 + d.aliases.length, 0));
  });
});

describe.each(KEYS.map((d) => [d.key, d] as const))('key %s: names', (_name, d) => {
  for (const name of [d.key, ...d.aliases]) {
    test(`GIVEN lookupKey('${name}') THEN ${d.key}`, () => {
      expect(lookupKey(name)?.key).toBe(d.key);
    });

    test(`GIVEN lookupKey('${name.toUpperCase()}') (upper case) THEN ${d.key}`, () => {
      expect(lookupKey(name.toUpperCase())?.key).toBe(d.key);
    });

    test(`GIVEN ${name}:${safeValue(d)} through parseLine and buildConfig THEN accepted as ${d.key}`, () => {
      const args = expectOk(parseLine(d.key === 'model' ? `${name}:${safeValue(d)}` : `model:${MODEL} ${name}:${safeValue(d)}`)).args;
      expect(args[d.key]).toBe(safeValue(d));
      const built = expectOk(buildConfig(withContext(args)));
      const field = fieldOf(d.key);
      if (field !== undefined) {
        const converted = expectOk(convertValue(d, safeValue(d)));
        expect(built.config[field]).toEqual(converted);
      }
    });

    test(`GIVEN buildConfig({ ${name}: ... }) called directly with the alias THEN accepted`, () => {
      const raw = d.key === 'model' ? { [name]: MODEL } : { model: MODEL, [name]: safeValue(d) };
      expect(buildConfig(withContext(raw)).ok).toBe(true);
    });
  }
});

describe.each(ENUM_KEYS.map((d) => [d.key, d] as const))('enum key %s', (_name, d) => {
  for (const v of d.spec.values) {
    test(`GIVEN ${d.key}:${v} THEN ${v}`, () => {
      expect(expectOk(convertValue(d, v))).toBe(v);
    });

    test(`GIVEN ${d.key}:${v.toUpperCase()} (upper case) THEN ${v}`, () => {
      expect(expectOk(convertValue(d, v.toUpperCase()))).toBe(v);
    });
  }

  for (const [syn, target] of Object.entries(d.spec.synonyms ?? {})) {
    test(`GIVEN the synonym table entry ${syn} -> ${target} THEN ${target} is an allowed value`, () => {
      expect(d.spec.values).toContain(target);
    });

    test(`GIVEN ${d.key}:${syn} (synonym) THEN ${target}`, () => {
      const got = expectOk(convertValue(d, syn));
      expect(got).toBe(target);
      expect(d.spec.values).toContain(got);
    });
  }

  test(`GIVEN ${d.key}:zzzz-not-a-value THEN bad_enum with key ${d.key}, the value and the allowed values`, () => {
    const e = buildError({ [d.key]: 'zzzz-not-a-value' });
    expect(e.code).toBe('bad_enum');
    expect(e.key).toBe(d.key);
    expect(e.value).toBe('zzzz-not-a-value');
    expect(e.allowed).toEqual(d.spec.values);
  });

  test(`GIVEN ${d.key}:zzzz-not-a-value described THEN the text names ${d.key}, the value and every allowed value`, () => {
    const text = describeInputError(buildError({ [d.key]: 'zzzz-not-a-value' }));
    expect(text).toContain(`\`${d.key}:zzzz-not-a-value\``);
    for (const v of d.spec.values) expect(text).toContain(`\`${v}\``);
  });

  test(`GIVEN ${d.key} with a one-letter typo of ${d.spec.values[0]} THEN bad_enum suggesting an allowed value`, () => {
    const first = d.spec.values[0] ?? '';
    const typo = `${first}x`;
    const e = expectErrors(convertValue(d, typo))[0];
    expect(e?.code).toBe('bad_enum');
    expect(e?.suggestions?.length).toBeGreaterThan(0);
    for (const s of e?.suggestions ?? []) expect(d.spec.values).toContain(s);
  });

  // Bug: the synonym lookup indexes a plain object, so Object.prototype names ('constructor')
  // "hit" and return a function instead of failing as bad_enum; zod then reports a 'conflict'
  // whose value is "function Object() { [native code] }".
  test(`GIVEN ${d.key}:constructor (an Object.prototype property name) THEN bad_enum`, () => {
    const e = buildError({ [d.key]: 'constructor' });
    expect(e.code).toBe('bad_enum');
    expect(e.key).toBe(d.key);
  });

  test(`GIVEN ${d.key}: (empty value) THEN missing_value naming ${d.key}`, () => {
    const e = buildError({ [d.key]: '' });
    expect(e.code).toBe('missing_value');
    expect(e.key).toBe(d.key);
    expect(describeInputError(e)).toContain(`\`${d.key}:<value>\``);
  });
});

describe.each(INT_KEYS.map((d) => [d.key, d] as const))('int key %s', (_name, d) => {
  const { min, max } = d.spec;
  const field = fieldOf(d.key);

  test(`GIVEN ${d.key}:${min} (min) THEN accepted as ${min}`, () => {
    const c = build({ [d.key]: String(min) }).config;
    if (field) expect(c[field]).toBe(min);
  });

  test(`GIVEN ${d.key}:${max} (max) THEN accepted as ${max}`, () => {
    const c = build({ [d.key]: String(max) }).config;
    if (field) expect(c[field]).toBe(max);
  });

  test(`GIVEN ${d.key}:${min - 1} THEN out_of_range naming ${d.key} and ${min}..${max}`, () => {
    const e = buildError({ [d.key]: String(min - 1) });
    expect(e).toMatchObject({ code: 'out_of_range', key: d.key, value: String(min - 1), range: { min, max } });
    const text = describeInputError(e);
    expect(text).toContain(`\`${d.key}:${min - 1}\``);
    expect(text).toContain(String(min));
    expect(text).toContain(String(max));
  });

  test(`GIVEN ${d.key}:${max + 1} THEN out_of_range naming ${d.key} and ${min}..${max}`, () => {
    const e = buildError({ [d.key]: String(max + 1) });
    expect(e).toMatchObject({ code: 'out_of_range', key: d.key, value: String(max + 1), range: { min, max } });
    const text = describeInputError(e);
    expect(text).toContain(`\`${d.key}:${max + 1}\``);
    expect(text).toContain(String(min));
    expect(text).toContain(String(max));
  });

  test(`GIVEN ${d.key}:2.5 THEN not_integer naming ${d.key}`, () => {
    const e = buildError({ [d.key]: '2.5' });
    expect(e).toMatchObject({ code: 'not_integer', key: d.key, value: '2.5' });
    expect(describeInputError(e)).toContain(`\`${d.key}:2.5\``);
    expect(describeInputError(e)).toContain('whole number');
  });

  test(`GIVEN ${d.key}:abc THEN not_integer naming ${d.key}`, () => {
    const e = buildError({ [d.key]: 'abc' });
    expect(e).toMatchObject({ code: 'not_integer', key: d.key, value: 'abc' });
    expect(describeInputError(e)).toContain(`\`${d.key}:abc\``);
  });

  if (max >= 4096) {
    test(`GIVEN ${d.key}:4k THEN 4096`, () => {
      expect(expectOk(convertValue(d, '4k'))).toBe(4096);
    });

    test(`GIVEN ${d.key}:4K (upper-case suffix) THEN 4096`, () => {
      expect(expectOk(convertValue(d, '4K'))).toBe(4096);
    });
  }

  if (max >= 1536) {
    test(`GIVEN ${d.key}:1.5k THEN 1536`, () => {
      expect(expectOk(convertValue(d, '1.5k'))).toBe(1536);
    });
  }

  if (max >= 1024) {
    test(`GIVEN ${d.key}:1,024 (thousands separator) THEN 1024`, () => {
      expect(expectOk(convertValue(d, '1,024'))).toBe(1024);
    });

    test(`GIVEN ${d.key}:1_024 (underscore separator) THEN 1024`, () => {
      expect(expectOk(convertValue(d, '1_024'))).toBe(1024);
    });
  }

  test(`GIVEN ${d.key}: (empty value) THEN missing_value naming ${d.key}`, () => {
    expect(buildError({ [d.key]: '' })).toMatchObject({ code: 'missing_value', key: d.key });
  });
});

describe('int key values that are not plain numbers', () => {
  test('GIVEN batch:0k THEN out_of_range (0 is below 1)', () => {
    expect(buildError({ batch: '0k' }).code).toBe('out_of_range');
  });

  test('GIVEN batch:4.1k (not a whole number of tokens) THEN not_integer', () => {
    expect(buildError({ batch: '4.1k' }).code).toBe('not_integer');
  });

  test('GIVEN seq:5k THEN 5120', () => {
    expect(build({ seq: '5k' }).config.seq).toBe(5120);
  });

  test('GIVEN batch: 8 (surrounding spaces) THEN 8', () => {
    expect(build({ batch: ' 8 ' }).config.batch).toBe(8);
  });
});

describe.each(FLOAT_KEYS.map((d) => [d.key, d] as const))('float key %s', (_name, d) => {
  const { min, max } = d.spec;
  const below = Math.round((max - (max - min) / 100) * 1e6) / 1e6;
  const field = fieldOf(d.key);

  test(`GIVEN ${d.key}:${min} (min) THEN accepted`, () => {
    const c = build({ [d.key]: String(min) }).config;
    if (field) expect(c[field]).toBe(min);
  });

  test(`GIVEN ${d.key}:${below} (just below max) THEN accepted`, () => {
    const c = build({ [d.key]: String(below) }).config;
    if (field) expect(c[field]).toBe(below);
  });

  test(`GIVEN ${d.key}:${max} (max${d.spec.maxExclusive ? ', exclusive' : ''}) THEN ${d.spec.maxExclusive ? 'out_of_range' : 'accepted'}`, () => {
    const r = buildConfig(withContext({ model: MODEL, [d.key]: String(max) }));
    if (d.spec.maxExclusive) {
      expect(onlyError(r)).toMatchObject({ code: 'out_of_range', key: d.key, value: String(max), range: { min, max, maxExclusive: true } });
    } else {
      expect(r.ok).toBe(true);
    }
  });

  test(`GIVEN ${d.key}:${min - 0.1} THEN out_of_range naming ${d.key}`, () => {
    const e = buildError({ [d.key]: String(min - 0.1) });
    expect(e).toMatchObject({ code: 'out_of_range', key: d.key, value: String(min - 0.1) });
    const text = describeInputError(e);
    expect(text).toContain(`\`${d.key}:${min - 0.1}\``);
    expect(text).toContain(String(min));
    expect(text).toContain(String(max));
  });

  test(`GIVEN ${d.key}:x THEN not_number naming ${d.key}`, () => {
    const e = buildError({ [d.key]: 'x' });
    expect(e).toMatchObject({ code: 'not_number', key: d.key, value: 'x' });
    expect(describeInputError(e)).toContain(`\`${d.key}:x\``);
    expect(describeInputError(e)).toContain('number');
  });

  test(`GIVEN ${d.key}:NaN THEN not_number`, () => {
    expect(buildError({ [d.key]: 'NaN' }).code).toBe('not_number');
  });

  test(`GIVEN ${d.key}:Infinity THEN not_number`, () => {
    expect(buildError({ [d.key]: 'Infinity' }).code).toBe('not_number');
  });
});

describe('dropout (the float key) at the brief\'s values', () => {
  test('GIVEN dropout:0 THEN 0', () => {
    expect(build({ dropout: '0' }).config.dropout).toBe(0);
  });

  test('GIVEN dropout:0.99 THEN 0.99', () => {
    expect(build({ dropout: '0.99' }).config.dropout).toBe(0.99);
  });

  test('GIVEN dropout:.05 (no leading zero) THEN 0.05', () => {
    expect(build({ dropout: '.05' }).config.dropout).toBe(0.05);
  });

  test('GIVEN dropout:1 THEN out_of_range, described as "below 1"', () => {
    const e = buildError({ dropout: '1' });
    expect(e.code).toBe('out_of_range');
    expect(describeInputError(e)).toContain('below 1');
  });

  test('GIVEN dropout:-0.1 THEN out_of_range', () => {
    expect(buildError({ dropout: '-0.1' }).code).toBe('out_of_range');
  });

  test('GIVEN dropout:x THEN not_number', () => {
    expect(buildError({ dropout: 'x' }).code).toBe('not_number');
  });

  test('GIVEN dropout:x described THEN the text gives the range 0 to below 1', () => {
    expect(describeInputError(buildError({ dropout: 'x' }))).toContain('from 0 to below 1');
  });
});

describe.each(BOOL_KEYS.map((d) => [d.key, d] as const))('bool key %s', (_name, d) => {
  const cases: [string, boolean][] = [
    ['true', true], ['false', false], ['yes', true], ['no', false], ['on', true], ['off', false], ['1', true], ['0', false],
    ['TRUE', true], ['False', false], ['y', true], ['n', false],
  ];
  for (const [text, want] of cases) {
    test(`GIVEN ${d.key}:${text} THEN ${String(want)}`, () => {
      expect(expectOk(convertValue(d, text))).toBe(want);
    });
  }

  test(`GIVEN ${d.key}:maybe THEN bad_enum naming ${d.key} with allowed true, false`, () => {
    const e = buildError({ [d.key]: 'maybe' });
    expect(e).toMatchObject({ code: 'bad_enum', key: d.key, value: 'maybe', allowed: ['true', 'false'] });
    const text = describeInputError(e);
    expect(text).toContain(`\`${d.key}:maybe\``);
    expect(text).toContain('`true`');
    expect(text).toContain('`false`');
  });

  test(`GIVEN ${d.key}:2 THEN bad_enum`, () => {
    expect(buildError({ [d.key]: '2' }).code).toBe('bad_enum');
  });
});

describe('bool keys in a built config', () => {
  test('GIVEN dq:yes THEN dq true', () => {
    expect(build({ qlora: 'on', dq: 'yes' }).config.dq).toBe(true);
  });

  test('GIVEN upcast:off with qlora THEN upcast false (the given value beats the QLoRA default)', () => {
    expect(build({ qlora: 'true', upcast: 'off' }).config.upcast).toBe(false);
  });
});

describe.each(TEXT_KEYS.map((d) => [d.key, d] as const))('text key %s', (_name, d) => {
  const maxLength = d.spec.maxLength;

  test(`GIVEN ${d.key} of ${maxLength} characters (max) THEN accepted`, () => {
    expect(expectOk(convertValue(d, 'a'.repeat(maxLength)))).toBe('a'.repeat(maxLength));
  });

  test(`GIVEN ${d.key} of ${maxLength + 1} characters THEN too_long naming ${d.key} and ${maxLength}`, () => {
    const e = onlyError(convertValue(d, 'a'.repeat(maxLength + 1)));
    expect(e).toMatchObject({ code: 'too_long', key: d.key, value: String(maxLength + 1), range: { max: maxLength } });
  });

  // Bug: describeInputError's 'too_long' sentence ignores e.key, so a too-long value is reported
  // as "That input is too long (N characters)" without saying which key.
  test(`GIVEN ${d.key} of ${maxLength + 1} characters described THEN the text names ${d.key}`, () => {
    const text = describeInputError(onlyError(convertValue(d, 'a'.repeat(maxLength + 1))));
    expect(text).toContain(d.key);
  });

  test(`GIVEN ${d.key} with surrounding spaces THEN the value is trimmed`, () => {
    expect(expectOk(convertValue(d, '  abc  '))).toBe('abc');
  });
});

describe('targets', () => {
  const targets = def('targets');
  const presetCases: [string, readonly string[]][] = [
    ['all', ['q', 'k', 'v', 'o', 'gate', 'up', 'down']],
    ['attn', ['q', 'k', 'v', 'o']],
    ['qv', ['q', 'v']],
    ['mlp', ['gate', 'up', 'down']],
    ['all-linear', ['q', 'k', 'v', 'o', 'gate', 'up', 'down']],
    ['ALL', ['q', 'k', 'v', 'o', 'gate', 'up', 'down']],
  ];
  for (const [text, want] of presetCases) {
    test(`GIVEN targets:${text} THEN ${want.join(',')}`, () => {
      expect(expectOk(convertValue(targets, text))).toEqual(want);
    });
  }

  test('GIVEN every preset in TARGET_PRESETS THEN it converts to its own list', () => {
    for (const [name, list] of Object.entries(TARGET_PRESETS)) expect(expectOk(convertValue(targets, name))).toEqual(list);
  });

  test('GIVEN targets:all THEN lm_head is not included', () => {
    expect(expectOk(convertValue(targets, 'all'))).not.toContain('head');
  });

  const listCases: [string, readonly string[]][] = [
    ['q,v', ['q', 'v']],
    ['q_proj,v_proj', ['q', 'v']],
    ['lm_head', ['head']],
    ['q,k,v,o,gate,up,down,head', ['q', 'k', 'v', 'o', 'gate', 'up', 'down', 'head']],
    ['gate_proj,up_proj,down_proj', ['gate', 'up', 'down']],
    ['q+v', ['q', 'v']],
    ['Q,V', ['q', 'v']],
    ['q,v,q', ['q', 'v']],
    ['q, v', ['q', 'v']],
  ];
  for (const [text, want] of listCases) {
    test(`GIVEN targets:${text} THEN ${want.join(',')}`, () => {
      expect(expectOk(convertValue(targets, text))).toEqual(want);
    });
  }

  test('GIVEN every single target name THEN a one-element list', () => {
    for (const t of TARGET_NAMES) expect(expectOk(convertValue(targets, t))).toEqual([t]);
  });

  test('GIVEN targets:q,v in a built lora config THEN config.targets is [q, v]', () => {
    expect(build({ lora: 'true', targets: 'q,v' }).config.targets).toEqual(['q', 'v']);
  });

  test('GIVEN targets:q,vv THEN bad_targets naming targets with suggestion v', () => {
    const e = buildError({ targets: 'q,vv' });
    expect(e).toMatchObject({ code: 'bad_targets', key: 'targets', value: 'q,vv' });
    expect(e.suggestions).toContain('v');
    expect(e.allowed).toEqual(TARGET_NAMES);
  });

  test('GIVEN targets:atn THEN bad_targets suggesting attn', () => {
    const e = buildError({ targets: 'atn' });
    expect(e.code).toBe('bad_targets');
    expect(e.suggestions?.[0]).toBe('attn');
  });

  test('GIVEN targets:foo THEN bad_targets with a suggestion', () => {
    const e = buildError({ targets: 'foo' });
    expect(e.code).toBe('bad_targets');
    expect(e.suggestions?.length).toBeGreaterThan(0);
  });

  test('GIVEN targets:q,vv described THEN the text names targets, the bad part, the suggestion and the target names', () => {
    const text = describeInputError(buildError({ targets: 'q,vv' }));
    expect(text).toContain('`targets:q,vv`');
    expect(text).toContain('`vv`');
    expect(text).toContain('Did you mean `v`');
    for (const t of TARGET_NAMES) expect(text).toContain(`\`${t}\``);
  });

  test('GIVEN targets:, (separators only) THEN bad_targets', () => {
    expect(buildError({ targets: ',' }).code).toBe('bad_targets');
  });

  // Bug: TARGET_PRESETS is a plain object; 'constructor' finds Object.prototype.constructor,
  // which is not iterable, and convertValue throws a TypeError instead of returning bad_targets.
  test('GIVEN targets:constructor (an Object.prototype property name) THEN bad_targets, not an exception', () => {
    expect(() => buildConfig({ model: MODEL, targets: 'constructor' })).not.toThrow();
    expect(buildError({ targets: 'constructor' }).code).toBe('bad_targets');
  });
});

describe('defaults', () => {
  const built = build({});
  const c = built.config;
  const expected: Partial<EstimateConfig> = {
    model: MODEL, mode: 'train', method: 'full', precision: 'bf16', optimizer: 'adamw', batch: 1, seq: 2048, accum: 1,
    gc: 'false', attention: 'sdpa', loss: 'standard', gpus: 1, sharding: 'none', offload: 'none', context: 4096, kv: 'bf16',
    quant: 'none', rank: 16, dropout: 0, dq: false, upcast: false, gpu: null, adapterDtype: 'fp32',
    targets: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'],
  };
  for (const [k, v] of Object.entries(expected)) {
    test(`GIVEN only model THEN ${k} is ${JSON.stringify(v)}`, () => {
      expect(c[k as keyof EstimateConfig]).toEqual(v);
    });
  }

  test('GIVEN only model THEN the config has no field beyond the schema (no lora/qlora)', () => {
    expect(Object.keys(c)).not.toContain('lora');
    expect(Object.keys(c)).not.toContain('qlora');
  });

  for (const k of ['method', 'precision', 'optimizer', 'batch', 'seq', 'accum', 'gc', 'attention', 'loss']) {
    test(`GIVEN only model THEN ${k} is listed as assumed with its value`, () => {
      const a = built.assumed.find((x) => x.key === k);
      expect(a).toBeDefined();
      expect(a?.value).toBe(String(c[k as keyof EstimateConfig]));
    });
  }

  test('GIVEN only model THEN LoRA-only keys (rank, targets, dropout, adapterDtype, dq) are not listed as assumed', () => {
    const keys = built.assumed.map((a) => a.key);
    for (const k of ['rank', 'targets', 'dropout', 'adapterDtype', 'dq', 'upcast', 'quant']) expect(keys).not.toContain(k);
  });

  test('GIVEN only model THEN model is not listed as assumed', () => {
    expect(built.assumed.map((a) => a.key)).not.toContain('model');
  });

  test('GIVEN batch:4 THEN batch is not listed as assumed', () => {
    expect(build({ batch: '4' }).assumed.map((a) => a.key)).not.toContain('batch');
  });

  test('GIVEN no key is listed as assumed twice', () => {
    const keys = build({ qlora: 'true', gpus: '2' }).assumed.map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('GIVEN precision:fp16 THEN kv defaults to fp16', () => {
    expect(build({ precision: 'fp16' }).config.kv).toBe('fp16');
  });

  test('GIVEN precision:fp32 THEN kv defaults to fp32', () => {
    expect(build({ precision: 'fp32' }).config.kv).toBe('fp32');
  });

  test('GIVEN precision:mixed THEN kv defaults to bf16', () => {
    expect(build({ precision: 'mixed' }).config.kv).toBe('bf16');
  });

  test('GIVEN mode:infer THEN kv, batch, context, precision and attention are assumed and method is not', () => {
    const keys = build({ mode: 'infer' }).assumed.map((a) => a.key);
    for (const k of ['kv', 'batch', 'context', 'precision', 'attention']) expect(keys).toContain(k);
    expect(keys).not.toContain('method');
    expect(keys).not.toContain('optimizer');
  });

  test('GIVEN lora:true THEN rank, targets, dropout and adapter_dtype are assumed (by the key users type)', () => {
    const keys = build({ lora: 'true' }).assumed.map((a) => a.key);
    for (const k of ['rank', 'targets', 'dropout', 'adapter_dtype']) expect(keys).toContain(k);
  });
});

describe('shorthands and cross-key rules', () => {
  test('GIVEN lora:true THEN method lora', () => {
    expect(build({ lora: 'true' }).config.method).toBe('lora');
  });

  test('GIVEN lora:true THEN quant none and upcast false', () => {
    const c = build({ lora: 'true' }).config;
    expect([c.quant, c.upcast]).toEqual(['none', false]);
  });

  test('GIVEN qlora:true THEN method qlora', () => {
    expect(build({ qlora: 'true' }).config.method).toBe('qlora');
  });

  test('GIVEN qlora:true THEN quant nf4 and it is listed as assumed', () => {
    const b = build({ qlora: 'true' });
    expect(b.config.quant).toBe('nf4');
    expect(b.assumed.find((a) => a.key === 'quant')?.value).toBe('nf4');
  });

  test('GIVEN qlora:true THEN upcast true and it is listed as assumed', () => {
    const b = build({ qlora: 'true' });
    expect(b.config.upcast).toBe(true);
    expect(b.assumed.find((a) => a.key === 'upcast')?.value).toBe('true');
  });

  test('GIVEN qlora:true THEN dq is listed as assumed', () => {
    expect(build({ qlora: 'true' }).assumed.map((a) => a.key)).toContain('dq');
  });

  test('GIVEN qlora:true quant:int8 THEN quant int8 and quant is not assumed', () => {
    const b = build({ qlora: 'true', quant: 'int8' });
    expect(b.config.quant).toBe('int8');
    expect(b.assumed.map((a) => a.key)).not.toContain('quant');
  });

  test('GIVEN lora:true method:lora THEN method lora (agreeing shorthand is fine)', () => {
    expect(build({ lora: 'true', method: 'lora' }).config.method).toBe('lora');
  });

  test('GIVEN lora:false THEN method full', () => {
    expect(build({ lora: 'false' }).config.method).toBe('full');
  });

  test('GIVEN lora:true method:full THEN conflict naming lora', () => {
    const e = buildError({ lora: 'true', method: 'full' });
    expect(e).toMatchObject({ code: 'conflict', key: 'lora' });
    expect(e.detail).toContain('method:full');
  });

  test('GIVEN qlora:true method:lora THEN conflict naming qlora', () => {
    expect(buildError({ qlora: 'true', method: 'lora' })).toMatchObject({ code: 'conflict', key: 'qlora' });
  });

  test('GIVEN lora:false method:lora THEN conflict naming lora', () => {
    expect(buildError({ lora: 'false', method: 'lora' })).toMatchObject({ code: 'conflict', key: 'lora' });
  });

  test('GIVEN lora:true qlora:true THEN QLoRA (LoRA on a quantized base), not a conflict', () => {
    const r = buildConfig({ model: 'llama-3.1-8b', lora: 'true', qlora: 'true' });
    expect(r.ok && r.value.config.method).toBe('qlora');
  });

  test('GIVEN method:lora qlora:true THEN conflict naming qlora', () => {
    expect(buildError({ method: 'lora', qlora: 'true' })).toMatchObject({ code: 'conflict', key: 'qlora' });
  });

  test('GIVEN method:full quant:nf4 THEN conflict naming quant', () => {
    const e = buildError({ method: 'full', quant: 'nf4' });
    expect(e).toMatchObject({ code: 'conflict', key: 'quant', value: 'nf4' });
  });

  test('GIVEN quant:int8 alone (method full by default) THEN conflict naming quant', () => {
    expect(buildError({ quant: 'int8' })).toMatchObject({ code: 'conflict', key: 'quant' });
  });

  test('GIVEN method:qlora quant:none THEN conflict naming quant', () => {
    expect(buildError({ method: 'qlora', quant: 'none' })).toMatchObject({ code: 'conflict', key: 'quant', value: 'none' });
  });

  test('GIVEN qlora:true quant:none THEN conflict naming quant', () => {
    expect(buildError({ qlora: 'true', quant: 'none' })).toMatchObject({ code: 'conflict', key: 'quant' });
  });

  test('GIVEN method:lora quant:nf4 THEN method becomes qlora', () => {
    expect(build({ method: 'lora', quant: 'nf4' }).config.method).toBe('qlora');
  });

  test('GIVEN mode:infer quant:nf4 THEN accepted (a quantized model can be served)', () => {
    expect(build({ mode: 'infer', quant: 'nf4' }).config.quant).toBe('nf4');
  });

  test('GIVEN offload:optimizer without sharding THEN conflict naming offload', () => {
    const e = buildError({ offload: 'optimizer' });
    expect(e).toMatchObject({ code: 'conflict', key: 'offload', value: 'optimizer' });
  });

  test('GIVEN offload:optimizer sharding:ddp THEN conflict naming offload', () => {
    expect(buildError({ offload: 'optimizer', sharding: 'ddp', gpus: '2' })).toMatchObject({ code: 'conflict', key: 'offload' });
  });

  for (const sharding of ['zero1', 'zero2', 'zero3', 'fsdp']) {
    test(`GIVEN offload:optimizer sharding:${sharding} THEN accepted`, () => {
      expect(build({ offload: 'optimizer', sharding }).config.offload).toBe('optimizer');
    });
  }

  test('GIVEN offload:params sharding:zero2 THEN conflict naming offload', () => {
    const e = buildError({ offload: 'params', sharding: 'zero2' });
    expect(e).toMatchObject({ code: 'conflict', key: 'offload', value: 'params' });
  });

  for (const sharding of ['zero3', 'fsdp']) {
    test(`GIVEN offload:params sharding:${sharding} THEN accepted`, () => {
      expect(build({ offload: 'params', sharding }).config.offload).toBe('params');
    });
  }

  test('GIVEN attention:flash precision:fp32 THEN conflict naming attention', () => {
    const e = buildError({ attention: 'flash', precision: 'fp32' });
    expect(e).toMatchObject({ code: 'conflict', key: 'attention', value: 'flash' });
  });

  for (const precision of ['bf16', 'fp16', 'mixed']) {
    test(`GIVEN attention:flash precision:${precision} THEN accepted`, () => {
      expect(build({ attention: 'flash', precision }).config.attention).toBe('flash');
    });
  }

  test('GIVEN gpus:4 alone THEN sharding ddp, listed as assumed', () => {
    const b = build({ gpus: '4' });
    expect(b.config.sharding).toBe('ddp');
    expect(b.assumed.find((a) => a.key === 'sharding')?.value).toBe('ddp');
  });

  test('GIVEN gpus:1 THEN sharding none and not assumed', () => {
    const b = build({ gpus: '1' });
    expect(b.config.sharding).toBe('none');
    expect(b.assumed.map((a) => a.key)).not.toContain('sharding');
  });

  test('GIVEN gpus:4 sharding:zero3 THEN sharding zero3 and not assumed', () => {
    const b = build({ gpus: '4', sharding: 'zero3' });
    expect(b.config.sharding).toBe('zero3');
    expect(b.assumed.map((a) => a.key)).not.toContain('sharding');
  });

  test('GIVEN gpus:4 sharding:none THEN sharding ddp (none cannot hold on several GPUs)', () => {
    expect(build({ gpus: '4', sharding: 'none' }).config.sharding).toBe('ddp');
  });
});

describe('unknown keys and missing model', () => {
  test('GIVEN batchsize:2 THEN unknown_key suggesting batch', () => {
    const e = buildError({ batchsize: '2' });
    expect(e).toMatchObject({ code: 'unknown_key', key: 'batchsize', value: '2' });
    expect(e.suggestions?.[0]).toBe('batch');
  });

  test('GIVEN batchsize:2 THEN allowed lists every canonical key', () => {
    expect(buildError({ batchsize: '2' }).allowed).toEqual(KEYS.map((d) => d.key));
  });

  test('GIVEN batchsize:2 described THEN the text names batchsize, suggests batch and lists the keys', () => {
    const text = describeInputError(buildError({ batchsize: '2' }));
    expect(text).toContain('`batchsize`');
    expect(text).toContain('Did you mean `batch`');
    for (const d of KEYS) expect(text).toContain(`\`${d.key}\``);
  });

  test('GIVEN optimzer:adamw (typo) THEN unknown_key suggesting optimizer', () => {
    expect(buildError({ optimzer: 'adamw' }).suggestions).toContain('optimizer');
  });

  test('GIVEN suggestKeys(xyzzyq) (nothing close) THEN no suggestions', () => {
    expect(suggestKeys('xyzzyq')).toEqual([]);
  });

  test('GIVEN suggestKeys THEN only canonical keys are suggested', () => {
    for (const s of suggestKeys('bs_size')) expect(KEYS.map((d) => d.key)).toContain(s);
  });

  test('GIVEN two unknown keys THEN two unknown_key errors', () => {
    const errors = expectErrors(buildConfig({ model: MODEL, foo: '1', bar: '2' }));
    expect(errors.map((e) => e.code)).toEqual(['unknown_key', 'unknown_key']);
  });

  test('GIVEN a bad batch and a bad precision THEN both errors are returned', () => {
    const errors = expectErrors(buildConfig({ model: MODEL, batch: '0', precision: 'fp12' }));
    expect(errors.map((e) => [e.code, e.key])).toEqual([['out_of_range', 'batch'], ['bad_enum', 'precision']]);
  });

  test('GIVEN no model THEN missing_model', () => {
    expect(onlyError(buildConfig({ batch: '2' })).code).toBe('missing_model');
  });

  test('GIVEN nothing at all THEN missing_model', () => {
    expect(onlyError(buildConfig({})).code).toBe('missing_model');
  });

  test('GIVEN missing_model described THEN the text asks for model:<id>', () => {
    expect(describeInputError(onlyError(buildConfig({})))).toContain('`model:<id>`');
  });

  test('GIVEN model: (empty) THEN missing_value naming model', () => {
    expect(onlyError(buildConfig({ model: '' }))).toMatchObject({ code: 'missing_value', key: 'model' });
  });
});

describe('describeInputError names the key of every key-level error', () => {
  const cases: [string, RawArgs, string][] = [
    ['optimizer:adam9', { optimizer: 'adam9' }, 'optimizer'],
    ['batch:0', { batch: '0' }, 'batch'],
    ['seq:abc', { seq: 'abc' }, 'seq'],
    ['dropout:x', { dropout: 'x' }, 'dropout'],
    ['dq:maybe', { dq: 'maybe' }, 'dq'],
    ['targets:zz', { targets: 'zz' }, 'targets'],
    ['batch: (empty)', { batch: '' }, 'batch'],
    ['lora:true method:full', { lora: 'true', method: 'full' }, 'lora'],
    ['method:full quant:nf4', { method: 'full', quant: 'nf4' }, 'quant'],
    ['method:qlora quant:none', { method: 'qlora', quant: 'none' }, 'quant'],
    ['offload:optimizer', { offload: 'optimizer' }, 'offload'],
    ['offload:params sharding:zero2', { offload: 'params', sharding: 'zero2' }, 'offload'],
    ['attention:flash precision:fp32', { attention: 'flash', precision: 'fp32' }, 'attention'],
    ['batchsize:2', { batchsize: '2' }, 'batchsize'],
  ];
  for (const [label, raw, key] of cases) {
    test(`GIVEN ${label} described THEN the text names ${key}`, () => {
      const text = describeInputError(buildError(raw));
      expect(text).toContain(`\`${key}`);
    });
  }

  test('GIVEN optimizer:adam9 described THEN the text is the documented sentence with a suggestion', () => {
    const text = describeInputError(buildError({ optimizer: 'adam9' }));
    expect(text).toContain('`optimizer:adam9` is not valid.');
    expect(text).toContain('Did you mean `adamw`?');
    expect(text).toContain('Allowed values: `adamw`, `adamw-fused`, `adamw-8bit`, `paged-adamw-8bit`, `sgd`, `adafactor`, `lion`, `galore`.');
  });

  test('GIVEN a conflict described THEN the text carries the detail', () => {
    const e = buildError({ offload: 'params', sharding: 'zero2' });
    expect(describeInputError(e)).toContain(e.detail ?? '<no detail>');
    expect(describeInputError(e)).toContain('zero3');
  });

  test('GIVEN batch:0 described THEN out_of_range text says 1 to 4096', () => {
    expect(describeInputError(buildError({ batch: '0' }))).toContain('from 1 to 4096');
  });
});

describe('canonicalArgs round trip', () => {
  function roundTrip(raw: RawArgs): { first: EstimateConfig; second: BuiltConfig; text: string } {
    const first = expectOk(buildConfig(raw)).config;
    const text = canonicalArgs(first);
    const line = expectOk(parseLine(text));
    expect(line.words).toEqual([]);
    const second = expectOk(buildConfig(line.args));
    return { first, second, text };
  }

  const configs: [string, RawArgs][] = [
    ['defaults', { model: MODEL }],
    ['hub id model', { model: 'meta-llama/Llama-3.1-8B-Instruct' }],
    ['lora with rank, dropout and targets', { model: MODEL, lora: 'true', rank: '64', dropout: '0.05', targets: 'q,v', adapter_dtype: 'bf16' }],
    ['qlora with dq and int8', { model: MODEL, qlora: 'true', dq: 'true', quant: 'int8', optimizer: 'paged-adamw-8bit' }],
    ['qlora with upcast off', { model: MODEL, qlora: 'true', upcast: 'false', targets: 'lm_head,q_proj' }],
    ['method:lora with quant (becomes qlora)', { model: MODEL, method: 'lora', quant: 'fp4' }],
    ['inference with fp8 kv', { model: MODEL, mode: 'infer', kv: 'fp8', context: '32k', batch: '16' }],
    ['inference of a quantized model', { model: MODEL, mode: 'infer', quant: 'nf4' }],
    ['zero3 with params offload on 8 GPUs', { model: MODEL, gpus: '8', sharding: 'zero3', offload: 'params', gc: 'true' }],
    ['fsdp with optimizer offload', { model: MODEL, gpus: '4', sharding: 'fsdp', offload: 'optimizer' }],
    ['several GPUs with assumed ddp', { model: MODEL, gpus: '2' }],
    ['fp16 flash with gc offload and chunked loss', { model: MODEL, precision: 'fp16', attention: 'flash', gc: 'offload', loss: 'chunked', seq: '8k', accum: '16' }],
    ['fp32 eager sgd', { model: MODEL, precision: 'fp32', attention: 'eager', optimizer: 'sgd' }],
    ['a gpu without spaces', { model: MODEL, gpu: 'rtx4090' }],
  ];
  for (const [label, raw] of configs) {
    test(`GIVEN ${label} THEN canonicalArgs parsed back gives a deep-equal config`, () => {
      const { first, second } = roundTrip(raw);
      expect(second.config).toEqual(first);
    });
  }

  test('GIVEN a lora config THEN canonicalArgs parsed back assumes nothing', () => {
    expect(roundTrip({ model: MODEL, lora: 'true' }).second.assumed).toEqual([]);
  });

  test('GIVEN a config THEN canonicalArgs is a fixed point (same text the second time)', () => {
    const { second, text } = roundTrip({ model: MODEL, qlora: 'true', gpus: '2' });
    expect(canonicalArgs(second.config)).toBe(text);
  });

  test('GIVEN canonicalArgs THEN every word is a key:value pair with a canonical key', () => {
    const text = canonicalArgs(build({ gpu: 'h100' }).config);
    for (const part of text.split(' ')) {
      const key = part.split(':')[0] ?? '';
      expect(lookupKey(key)?.key).toBe(key);
    }
  });

  // Bug: canonicalArgs writes values unquoted, so a gpu (or model) with a space - which the grammar
  // accepts quoted, e.g. gpu:"RTX 4090" - comes back as `gpu:RTX 4090` and re-parses to a syntax error.
  test('GIVEN gpu:"RTX 4090" (a value with a space) THEN canonicalArgs parsed back gives a deep-equal config', () => {
    const raw = expectOk(parseLine(`model:${MODEL} gpu:"RTX 4090"`)).args;
    const { first, second } = roundTrip(raw);
    expect(second.config).toEqual(first);
  });

  test('GIVEN random valid configs THEN canonicalArgs parsed back gives a deep-equal config (property)', () => {
    const enumArb = (key: string): fc.Arbitrary<string> => {
      const d = def(key);
      if (d.spec.kind !== 'enum') throw new Error(key);
      return fc.constantFrom(...d.spec.values);
    };
    const rawArb = fc.record(
      {
        mode: enumArb('mode'), method: enumArb('method'), quant: enumArb('quant'), precision: enumArb('precision'),
        optimizer: enumArb('optimizer'), gc: enumArb('gc'), attention: enumArb('attention'), loss: enumArb('loss'),
        sharding: enumArb('sharding'), offload: enumArb('offload'), kv: enumArb('kv'), adapter_dtype: enumArb('adapter_dtype'),
        rank: fc.integer({ min: 1, max: 4096 }).map(String),
        batch: fc.integer({ min: 1, max: 4096 }).map(String),
        seq: fc.integer({ min: 1, max: 1_048_576 }).map(String),
        accum: fc.integer({ min: 1, max: 100_000 }).map(String),
        gpus: fc.integer({ min: 1, max: 4096 }).map(String),
        context: fc.integer({ min: 1, max: 10_000_000 }).map(String),
        dropout: fc.double({ min: 0, max: 0.999, noNaN: true }).map(String),
        targets: fc.subarray([...TARGET_NAMES], { minLength: 1 }).map((t) => t.join(',')),
        dq: fc.boolean().map(String),
        upcast: fc.boolean().map(String),
        lora: fc.boolean().map(String),
        qlora: fc.boolean().map(String),
        gpu: fc.constantFrom('rtx4090', 'h100', 'a100-80gb'),
        tp: fc.constantFrom('1', '2', '4', '8'),
        pp: fc.constantFrom('1', '2', '4'),
        sp: fc.boolean().map(String),
        microbatches: fc.integer({ min: 1, max: 64 }).map(String),
        engine: enumArb('engine'),
      },
      { requiredKeys: [] },
    );
    let checked = 0;
    fc.assert(
      fc.property(rawArb, (partial) => {
        const raw: RawArgs = { model: MODEL, ...(partial as Record<string, string>) };
        const r = buildConfig(raw);
        if (!r.ok) return true;
        checked++;
        const back = buildConfig(expectOk(parseLine(canonicalArgs(r.value.config))).args);
        expect(expectOk(back).config).toEqual(r.value.config);
        return true;
      }),
      { numRuns: 1500, seed: 42 },
    );
    expect(checked).toBeGreaterThan(50);
  });
});

describe('margin: GiB or a share of the estimate', () => {
  test.each([['2', { kind: 'gib', value: 2 }], ['2.5gib', { kind: 'gib', value: 2.5 }], ['10%', { kind: 'share', value: 0.1 }], ['0', { kind: 'gib', value: 0 }]])('GIVEN margin:%s THEN %p', (text, m) => {
    expect(parseMargin(text)).toEqual(m);
    expect(buildConfig({ model: MODEL, margin: text }).ok).toBe(true);
  });
  test.each(['lots', '-1', '150%', '2tb'])('GIVEN margin:%s THEN refused naming margin and the forms it takes', (text) => {
    const r = buildConfig({ model: MODEL, margin: text });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]?.key).toBe('margin');
    expect(describeInputError(r.errors[0]!)).toMatch(/`margin:2`.*`margin:10%`/);
  });
});
