import { MODELS, resolveGpu, resolveModel, searchModels, suggestModels, type ResolvedModel } from '../../src/catalog/resolve';
import { GPUS } from '../../src/catalog/gpus';
import { describeInputError, type InputError, type Result } from '../../src/config';
import { countParams } from '../../src/model/params';

function expectOk<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got errors ${JSON.stringify(r.errors)}`);
  return r.value;
}

function onlyError<T>(r: Result<T>): InputError {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  expect(r.errors).toHaveLength(1);
  const e = r.errors[0];
  if (e === undefined) throw new Error('no error');
  return e;
}

const resolved = (q: string): ResolvedModel => expectOk(resolveModel(q));
const ids = new Set(MODELS.map((m) => m.id));
const paramsOf = (id: string): number => {
  const m = MODELS.find((x) => x.id === id);
  if (!m) throw new Error(id);
  return countParams(m).total;
};

describe('resolveModel: names', () => {
  const cases: [string, string][] = [
    ['llama-3.1-8b', 'llama-3.1-8b'],
    ['meta-llama/Llama-3.1-8B', 'llama-3.1-8b'],
    ['meta-llama/Llama-3.1-8B-Instruct', 'llama-3.1-8b'],
    ['llama3-8b', 'llama-3-8b'],
    ['LLAMA-3.1-8B', 'llama-3.1-8b'],
    ['Qwen/Qwen2.5-7B-Instruct', 'qwen-2.5-7b'],
    ['google/gemma-2-9b-it', 'gemma-2-9b'],
    ['mistralai/Mistral-7B-Instruct-v0.3', 'mistral-7b-v0.3'],
    ['https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct', 'llama-3.1-8b'],
    ['  llama-3.1-8b  ', 'llama-3.1-8b'],
    ['llama_3.1_8b', 'llama-3.1-8b'],
    ['llama3.1-8b-instruct', 'llama-3.1-8b'],
    ['meta-llama/Meta-Llama-3-8B-Instruct', 'llama-3-8b'],
    ['qwen2.5-7b', 'qwen-2.5-7b'],
    // Names users type for the 2025 models.
    ['qwen3-32b', 'qwen-3-32b'],
    ['qwen3-4b', 'qwen-3-4b'],
    ['Qwen/Qwen3-4B-Instruct-2507', 'qwen-3-4b'],
    ['qwen3-235b', 'qwen-3-235b-a22b'],
    ['Qwen/Qwen2.5-VL-7B-Instruct', 'qwen-2.5-vl-7b'],
    ['llama-4-scout', 'llama-4-scout-17b-16e'],
    ['meta-llama/Llama-4-Maverick-17B-128E-Instruct', 'llama-4-maverick-17b-128e'],
    ['gpt-oss-20b', 'gpt-oss-20b'],
    ['openai/gpt-oss-120b', 'gpt-oss-120b'],
    ['deepseek-r1', 'deepseek-r1'],
    ['deepseek-ai/DeepSeek-R1-0528', 'deepseek-r1'],
    ['deepseek-ai/DeepSeek-V3-0324', 'deepseek-v3'],
    ['mistralai/Mistral-Small-3.1-24B-Instruct-2503', 'mistral-small-3.1-24b'],
    ['mistral-small-24b', 'mistral-small-3-24b'],
    ['phi-4-mini', 'phi-4-mini'],
    ['smollm3', 'smollm3-3b'],
  ];
  for (const [query, id] of cases) {
    test(`GIVEN ${JSON.stringify(query)} THEN ${id}`, () => {
      expect(resolved(query).arch.id).toBe(id);
    });
  }

  test('GIVEN a catalog name THEN there is no size note', () => {
    expect(resolved('llama-3.1-8b').note).toBeUndefined();
  });

  test('GIVEN every catalog id THEN it resolves to itself', () => {
    for (const m of MODELS) expect(resolved(m.id).arch.id).toBe(m.id);
  });

  test('GIVEN every catalog id in upper case THEN it resolves to itself', () => {
    for (const m of MODELS) expect(resolved(m.id.toUpperCase()).arch.id).toBe(m.id);
  });

  test('GIVEN every Hub id THEN it resolves to its entry', () => {
    for (const m of MODELS) expect(resolved(m.hfId).arch.id).toBe(m.id);
  });

  test('GIVEN every Hub id with -Instruct appended THEN it resolves to its entry', () => {
    for (const m of MODELS) {
      if (/-instruct$|-it$/i.test(m.hfId)) continue;
      expect({ q: m.hfId, id: resolved(`${m.hfId}-Instruct`).arch.id }).toEqual({ q: m.hfId, id: m.id });
    }
  });

  test('GIVEN every alias THEN it resolves to its entry', () => {
    for (const m of MODELS) for (const a of m.aliases) expect({ a, id: resolved(a).arch.id }).toEqual({ a, id: m.id });
  });
});

describe('resolveModel: bare sizes', () => {
  const sizes: [string, number][] = [['7b', 7e9], ['70b', 70e9], ['1.5b', 1.5e9], ['0.5b', 0.5e9], ['405b', 405e9]];
  for (const [q, target] of sizes) {
    test(`GIVEN model:${q} THEN a model within 30% of ${q}`, () => {
      const r = resolved(q);
      expect(Math.abs(paramsOf(r.arch.id) / target - 1)).toBeLessThanOrEqual(0.3);
    });

    test(`GIVEN model:${q} THEN a dense (non-MoE) model`, () => {
      expect(resolved(q).arch.moe).toBeFalsy();
    });

    test(`GIVEN model:${q} THEN note names the size and the stand-in architecture`, () => {
      const r = resolved(q);
      expect(r.note).toBeDefined();
      expect(r.note).toContain(`model:${q}`);
      expect(r.note).toContain(r.arch.name);
    });
  }

  test('GIVEN model:7B (upper case) THEN the same model as 7b', () => {
    expect(resolved('7B').arch.id).toBe(resolved('7b').arch.id);
  });

  // Bug: bare sizes only consider SIZE_FAMILIES (llama, qwen-2.5, mistral, gemma-2, ...), whose
  // smallest member is Qwen2.5 0.5B, so `135m` fails - with the detail "No catalog model is within
  // 30% of 135M parameters." while its first suggestion, smollm2-135m, is exactly 135M.
  test('GIVEN model:135m THEN it resolves within 30%, or the error does not claim no catalog model is within 30%', () => {
    const r = resolveModel('135m');
    if (r.ok) {
      expect(Math.abs(paramsOf(r.value.arch.id) / 135e6 - 1)).toBeLessThanOrEqual(0.3);
      return;
    }
    for (const s of r.errors[0]?.suggestions ?? []) expect(Math.abs(paramsOf(s) / 135e6 - 1)).toBeGreaterThan(0.3);
  });

  test('GIVEN model:1000b THEN unknown_model', () => {
    const e = onlyError(resolveModel('1000b'));
    expect(e).toMatchObject({ code: 'unknown_model', key: 'model', value: '1000b' });
  });

  test('GIVEN model:1000b THEN detail says nothing is within 30% and suggestions are catalog ids', () => {
    const e = onlyError(resolveModel('1000b'));
    expect(e.detail).toContain('30%');
    expect(e.suggestions?.length).toBeGreaterThan(0);
    for (const s of e.suggestions ?? []) expect(ids.has(s)).toBe(true);
  });

  test('GIVEN model:1000b THEN the largest dense model is the first suggestion', () => {
    expect(onlyError(resolveModel('1000b')).suggestions?.[0]).toBe('llama-3.1-405b');
  });

  test('GIVEN model:1000b described THEN the text quotes 1000b', () => {
    expect(describeInputError(onlyError(resolveModel('1000b')))).toContain('`1000b`');
  });
});

describe('resolveModel: a family without that size', () => {
  test('GIVEN llama-3.2-7b THEN unknown_model', () => {
    expect(onlyError(resolveModel('llama-3.2-7b'))).toMatchObject({ code: 'unknown_model', key: 'model', value: 'llama-3.2-7b' });
  });

  test('GIVEN llama-3.2-7b THEN detail says Llama 3.2 comes in 1B and 3B', () => {
    const detail = onlyError(resolveModel('llama-3.2-7b')).detail ?? '';
    expect(detail).toContain('Llama 3.2');
    expect(detail).toMatch(/comes in 1B, 3B/);
  });

  test('GIVEN llama-3.2-7b THEN suggestions include the Llama 3.2 models', () => {
    const s = onlyError(resolveModel('llama-3.2-7b')).suggestions ?? [];
    expect(s).toEqual(expect.arrayContaining(['llama-3.2-1b', 'llama-3.2-3b']));
  });

  // Bug: the same-size candidates are sorted by size distance only; llama-3-8b and llama-3.1-8b
  // tie (identical shapes) and the stable sort keeps catalog order, so the two slots go to
  // llama-2-7b and llama-3-8b and the current 8B (llama-3.1-8b) is never suggested.
  test('GIVEN llama-3.2-7b THEN suggestions include llama-3.1-8b', () => {
    expect(onlyError(resolveModel('llama-3.2-7b')).suggestions).toContain('llama-3.1-8b');
  });

  test('GIVEN llama-3.2-7b THEN every suggestion is a catalog id', () => {
    for (const s of onlyError(resolveModel('llama-3.2-7b')).suggestions ?? []) expect(ids.has(s)).toBe(true);
  });

  test('GIVEN meta-llama/Llama-3.2-7B-Instruct THEN the same "comes in 1B, 3B" detail', () => {
    expect(onlyError(resolveModel('meta-llama/Llama-3.2-7B-Instruct')).detail).toMatch(/comes in 1B, 3B/);
  });

  test('GIVEN llama-3.2-7b described THEN the text has the detail and the suggestions', () => {
    const text = describeInputError(onlyError(resolveModel('llama-3.2-7b')));
    expect(text).toContain('`llama-3.2-7b`');
    expect(text).toContain('1B, 3B');
    expect(text).toContain('`llama-3.2-3b`');
  });
});

describe('resolveModel: unknown names', () => {
  test('GIVEN gpt-5 THEN unknown_model', () => {
    expect(onlyError(resolveModel('gpt-5'))).toMatchObject({ code: 'unknown_model', key: 'model', value: 'gpt-5' });
  });

  test('GIVEN gpt-5 THEN exactly 3 suggestions', () => {
    expect(onlyError(resolveModel('gpt-5')).suggestions).toHaveLength(3);
  });

  test('GIVEN gpt-5 THEN the suggestions are distinct catalog ids', () => {
    const s = onlyError(resolveModel('gpt-5')).suggestions ?? [];
    expect(new Set(s).size).toBe(s.length);
    for (const id of s) expect(ids.has(id)).toBe(true);
  });

  test('GIVEN gpt-5 described THEN the text quotes gpt-5 and points to /vram models', () => {
    const text = describeInputError(onlyError(resolveModel('gpt-5')));
    expect(text).toContain('`gpt-5`');
    expect(text).toContain('/vram models');
    expect(text).toContain('Did you mean');
  });

  test('GIVEN lama-3.1-8b (typo) THEN llama-3.1-8b is the first suggestion', () => {
    expect(onlyError(resolveModel('lama-3.1-8b')).suggestions?.[0]).toBe('llama-3.1-8b');
  });

  test('GIVEN suggestModels(x, 5) THEN 5 distinct ids', () => {
    const s = suggestModels('mistrall', 5);
    expect(s).toHaveLength(5);
    expect(new Set(s).size).toBe(5);
  });

  test('GIVEN suggestModels(mistral-7b-v0.4) THEN a Mistral 7B comes first', () => {
    expect(suggestModels('mistral-7b-v0.4')[0]).toMatch(/^mistral-7b-v0\.[13]$/);
  });
});

describe('resolveGpu', () => {
  test('GIVEN RTX 4090 THEN rtx4090', () => {
    expect(expectOk(resolveGpu('RTX 4090')).id).toBe('rtx4090');
  });

  test('GIVEN rtx4090 THEN rtx4090', () => {
    expect(expectOk(resolveGpu('rtx4090')).id).toBe('rtx4090');
  });

  test('GIVEN every GPU id THEN it resolves to itself', () => {
    for (const g of GPUS) expect(expectOk(resolveGpu(g.id)).id).toBe(g.id);
  });

  test('GIVEN rtx4900 THEN unknown_gpu naming gpu and the value', () => {
    expect(onlyError(resolveGpu('rtx4900'))).toMatchObject({ code: 'unknown_gpu', key: 'gpu', value: 'rtx4900' });
  });

  test('GIVEN rtx4900 THEN rtx4090 is suggested first', () => {
    expect(onlyError(resolveGpu('rtx4900')).suggestions?.[0]).toBe('rtx4090');
  });

  test('GIVEN rtx4900 described THEN the text quotes it, suggests rtx4090 and points to /vram gpus', () => {
    const text = describeInputError(onlyError(resolveGpu('rtx4900')));
    expect(text).toContain('`rtx4900`');
    expect(text).toContain('`rtx4090`');
    expect(text).toContain('/vram gpus');
  });

  test('GIVEN an empty GPU name THEN unknown_gpu', () => {
    expect(onlyError(resolveGpu('')).code).toBe('unknown_gpu');
  });
});

describe('searchModels', () => {
  const isQwenish = (id: string): boolean => id.startsWith('qwen-') || id.startsWith('deepseek-r1-distill-qwen-');

  test('GIVEN qwen THEN only Qwen-family ids (or R1 distills of Qwen)', () => {
    const found = searchModels('qwen').map((m) => m.id);
    for (const id of found) expect({ id, ok: isQwenish(id) }).toEqual({ id, ok: true });
  });

  test('GIVEN qwen THEN every Qwen-family model is found', () => {
    const found = new Set(searchModels('qwen').map((m) => m.id));
    for (const m of MODELS.filter((x) => x.family.startsWith('qwen'))) expect(found.has(m.id)).toBe(true);
  });

  test('GIVEN QWEN (upper case) THEN the same result as qwen', () => {
    expect(searchModels('QWEN').map((m) => m.id)).toEqual(searchModels('qwen').map((m) => m.id));
  });

  test('GIVEN an empty query THEN every catalog model', () => {
    expect(searchModels('').map((m) => m.id)).toEqual(MODELS.map((m) => m.id));
  });

  test('GIVEN a whitespace query THEN every catalog model', () => {
    expect(searchModels('   ')).toHaveLength(MODELS.length);
  });

  test('GIVEN searchModels() result THEN it is a copy (mutating it leaves the catalog alone)', () => {
    const all = searchModels('');
    all.pop();
    expect(searchModels('')).toHaveLength(MODELS.length);
  });

  test('GIVEN llama 3.1 (space) THEN only Llama 3.1 models', () => {
    const found = searchModels('llama 3.1').map((m) => m.id);
    expect(found.length).toBeGreaterThan(0);
    for (const id of found) expect(id).toMatch(/llama-3\.1-/);
  });

  test('GIVEN zzzz THEN nothing', () => {
    expect(searchModels('zzzz')).toEqual([]);
  });
});
