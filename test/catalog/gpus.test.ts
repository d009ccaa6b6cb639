import {
  GPUS,
  editDistance,
  findGpu,
  gpuKeys,
  normalizeGpuQuery,
  suggestGpus,
  type Gpu,
} from '../../src/catalog/gpus';

const MIB = 1024 * 1024;

/** The first "<number> GB" of the marketing string ('24 GB', '64 GB per GCD (128 GB per card)'). */
function marketedGb(gpu: Gpu): number {
  const m = /(\d+(?:\.\d+)?)\s*GB/.exec(gpu.marketed);
  if (!m || m[1] === undefined) throw new Error(`${gpu.id}: no GB figure in marketed '${gpu.marketed}'`);
  return Number(m[1]);
}

const REQUIRED_IDS = [
  'rtx3060', 'rtx3070', 'rtx3080', 'rtx3080-12gb', 'rtx3090', 'rtx3090ti',
  'rtx4060ti', 'rtx4060ti-16gb', 'rtx4070', 'rtx4070ti-super', 'rtx4080', 'rtx4080-super', 'rtx4090',
  'rtx5080', 'rtx5090',
  'a4000', 'a5000', 'a6000', 'rtx6000-ada',
  't4', 'v100-16gb', 'v100-32gb', 'a10', 'a10g', 'l4', 'l40', 'l40s', 'a100-40gb', 'a100-80gb',
  'h100', 'h100-nvl', 'h200', 'b200', 'gh200',
  'mi250x', 'mi300x', 'mi325x',
];

/** Driver readings the brief names, checked against what the cited printouts show. */
const KNOWN_MIB: Record<string, number> = {
  rtx4090: 24564,
  a10g: 23028,
  t4: 15360,
  l4: 23034,
  'a100-40gb': 40960,
  'a100-80gb': 81920,
  h100: 81559,
  h200: 143771,
  mi300x: 196592,
};

describe('GPU catalog entries', () => {
  test('GIVEN the catalog THEN every id is lowercase, has no spaces, and is unique', () => {
    const ids = GPUS.map((g) => g.id);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('GIVEN the catalog THEN no lookup key (id, alias, name) is shared between two cards', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const gpu of GPUS) {
      for (const key of gpuKeys(gpu)) {
        const prev = owner.get(key);
        if (prev !== undefined && prev !== gpu.id) clashes.push(`${key}: ${prev} vs ${gpu.id}`);
        owner.set(key, gpu.id);
      }
    }
    expect(clashes).toEqual([]);
  });

  test('GIVEN the catalog THEN aliases are unique across entries and never another card\'s id', () => {
    const seen = new Map<string, string>();
    for (const gpu of GPUS) {
      for (const alias of gpu.aliases) {
        const key = normalizeGpuQuery(alias);
        const prev = seen.get(key);
        expect(prev === undefined || prev === gpu.id ? 'ok' : `${alias} in ${prev} and ${gpu.id}`).toBe('ok');
        seen.set(key, gpu.id);
      }
    }
    for (const gpu of GPUS) {
      const owner = seen.get(normalizeGpuQuery(gpu.id));
      expect(owner === undefined || owner === gpu.id).toBe(true);
    }
  });

  test('GIVEN every entry THEN it has a source that says whether it is a driver reading or the spec', () => {
    for (const gpu of GPUS) {
      expect(gpu.source.trim().length).toBeGreaterThan(20);
      expect(gpu.source).toMatch(/^(driver reading: |spec \(not a driver reading\): )/);
    }
  });

  test('GIVEN a driver reading with a cited thread THEN the source carries a URL', () => {
    const cited = GPUS.filter((g) => g.source.startsWith('driver reading') && !g.source.includes('no single issue/thread URL pinned'));
    expect(cited.length).toBeGreaterThan(15);
    for (const gpu of cited) expect(gpu.source).toMatch(/https:\/\/github\.com\//);
  });

  test('GIVEN every entry THEN memoryBytes is a whole number of MiB within 12% of the marketed GB', () => {
    for (const gpu of GPUS) {
      expect(Number.isSafeInteger(gpu.memoryBytes)).toBe(true);
      expect(gpu.memoryBytes % MIB).toBe(0);
      const marketedBytes = marketedGb(gpu) * 1e9;
      const ratio = gpu.memoryBytes / marketedBytes;
      expect({ id: gpu.id, within: ratio >= 0.88 && ratio <= 1.12 }).toEqual({ id: gpu.id, within: true });
    }
  });

  test('GIVEN the readings the brief names THEN the catalog holds exactly those MiB', () => {
    for (const [id, mib] of Object.entries(KNOWN_MIB)) {
      expect({ id, mib: (findGpu(id)?.memoryBytes ?? 0) / MIB }).toEqual({ id, mib });
    }
  });

  test('GIVEN the required coverage THEN every required id exists and Apple is absent', () => {
    const ids = new Set(GPUS.map((g) => g.id));
    for (const id of REQUIRED_IDS) expect({ id, present: ids.has(id) }).toEqual({ id, present: true });
    expect(GPUS.some((g) => g.vendor === 'apple')).toBe(false);
  });

  test('GIVEN the common flag THEN about eight cards, spanning consumer and data centre, are common', () => {
    const common = GPUS.filter((g) => g.common);
    expect(common.length).toBeGreaterThanOrEqual(6);
    expect(common.length).toBeLessThanOrEqual(11);
    expect(common.some((g) => g.tier === 'consumer')).toBe(true);
    expect(common.some((g) => g.tier === 'datacenter')).toBe(true);
    for (const id of ['rtx4090', 'a100-80gb', 'h100']) expect(findGpu(id)?.common).toBe(true);
  });

  test('GIVEN precision flags THEN fp8 implies bf16, and pre-Ampere cards have neither', () => {
    for (const gpu of GPUS) if (gpu.fp8) expect({ id: gpu.id, bf16: gpu.bf16 }).toEqual({ id: gpu.id, bf16: true });
    for (const id of ['t4', 'v100-16gb', 'v100-32gb']) {
      expect(findGpu(id)?.bf16).toBe(false);
      expect(findGpu(id)?.fp8).toBe(false);
    }
    expect(findGpu('a100-80gb')?.fp8).toBe(false);
    expect(findGpu('h100')?.fp8).toBe(true);
    expect(findGpu('rtx4090')?.fp8).toBe(true);
    expect(findGpu('mi250x')?.fp8).toBe(false);
    expect(findGpu('mi300x')?.fp8).toBe(true);
  });
});

describe('findGpu', () => {
  test.each([
    ['rtx4090', 'rtx4090'],
    ['RTX 4090', 'rtx4090'],
    ['rtx_4090', 'rtx4090'],
    ['4090', 'rtx4090'],
    ['NVIDIA GeForce RTX 4090', 'rtx4090'],
    ['a100-80gb', 'a100-80gb'],
    ['A100 80GB', 'a100-80gb'],
    ['NVIDIA A100-SXM4-80GB', 'a100-80gb'],
    ['A100-PCIE-40GB', 'a100-40gb'],
    ['h100', 'h100'],
    ['H100 SXM', 'h100'],
    ['NVIDIA H100 80GB HBM3', 'h100'],
    ['NVIDIA A10G', 'a10g'],
    ['A10', 'a10'],
    ['Tesla T4', 't4'],
    ['L40S', 'l40s'],
    ['RTX 6000 Ada', 'rtx6000-ada'],
    ['AMD Instinct MI300X', 'mi300x'],
  ])('GIVEN %p THEN it resolves to %p', (query, id) => {
    expect(findGpu(query)?.id).toBe(id);
  });

  test.each(['rtx9090', '', '   ', 'm3 max', 'a100'])('GIVEN %p THEN it returns undefined', (query) => {
    expect(findGpu(query)).toBeUndefined();
  });
});

describe('suggestGpus', () => {
  test('GIVEN the typo rtx4900 THEN rtx4090 comes first', () => {
    expect(suggestGpus('rtx4900')[0]?.id).toBe('rtx4090');
  });

  test('GIVEN n THEN at most n suggestions come back, best first', () => {
    expect(suggestGpus('h1000', 5)).toHaveLength(5);
    expect(suggestGpus('h1000', 5)[0]?.id).toBe('h100');
    expect(suggestGpus('x', 0)).toEqual([]);
  });

  test('GIVEN an ambiguous family name THEN both variants are suggested', () => {
    const ids = suggestGpus('a100', 2).map((g) => g.id).sort();
    expect(ids).toEqual(['a100-40gb', 'a100-80gb']);
  });

  test('GIVEN edit distance THEN adjacent swaps cost one', () => {
    expect(editDistance('rtx4900', 'rtx4090')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
