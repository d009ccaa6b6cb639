import { autocompleteChoices, gpuChoices, MAX_CHOICES, modelChoices } from '../../adapters/discord/autocomplete';
import { MODELS } from '../../src/catalog/resolve';

const values = (cs: { value: string }[]): string[] => cs.map((c) => c.value);

describe('discord autocomplete: model', () => {
  test('GIVEN nothing typed THEN the first 25 catalog models', () => {
    expect(values(modelChoices(''))).toEqual(MODELS.slice(0, MAX_CHOICES).map((m) => m.id));
  });

  test('GIVEN a prefix THEN the matching id comes first', () => {
    expect(values(modelChoices('qwen-2.5-7'))[0]).toBe('qwen-2.5-7b');
    expect(values(modelChoices('llama-3.1-8'))[0]).toBe('llama-3.1-8b');
  });

  test('GIVEN an alias or Hub id THEN its catalog id is offered', () => {
    expect(values(modelChoices('Qwen/Qwen2.5-7B-Instruct'))).toContain('qwen-2.5-7b');
    expect(values(modelChoices('meta-llama/Llama-3.1-8B'))[0]).toBe('llama-3.1-8b');
  });

  test('GIVEN a typo THEN the nearest ids by edit distance', () => {
    expect(values(modelChoices('lama-3.1-8b'))).toContain('llama-3.1-8b');
  });

  test('GIVEN any query THEN at most 25 distinct choices with names and values Discord accepts', () => {
    for (const q of ['', 'l', 'qwen', 'x'.repeat(100), '7b', 'mistral']) {
      const cs = modelChoices(q);
      expect(cs.length).toBeLessThanOrEqual(MAX_CHOICES);
      expect(new Set(values(cs)).size).toBe(cs.length);
      for (const c of cs) {
        expect(c.name.length).toBeGreaterThan(0);
        expect(c.name.length).toBeLessThanOrEqual(100);
        expect(c.value.length).toBeLessThanOrEqual(100);
      }
    }
  });
});

describe('discord autocomplete: gpu', () => {
  test('GIVEN 4090 THEN rtx4090 first', () => {
    expect(values(gpuChoices('4090'))[0]).toBe('rtx4090');
  });

  test('GIVEN a100 THEN both A100 variants', () => {
    expect(values(gpuChoices('a100'))).toEqual(expect.arrayContaining(['a100-40gb', 'a100-80gb']));
  });

  test('GIVEN nothing typed THEN common cards first, at most 25', () => {
    const cs = gpuChoices('');
    expect(cs.length).toBeLessThanOrEqual(MAX_CHOICES);
    expect(values(cs)).toContain('h100');
  });

  test('GIVEN another option name THEN no choices', () => {
    expect(autocompleteChoices('batch', '2')).toEqual([]);
  });
});

describe('discord autocomplete: speed (no I/O, answered well inside 3 s)', () => {
  test('GIVEN 200 lookups THEN well under 20 ms each on average', () => {
    modelChoices('warm-up');
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) { modelChoices(`qwen-${i}`); gpuChoices(`a${i}`); }
    expect((performance.now() - t0) / 200).toBeLessThan(20);
  });
});
