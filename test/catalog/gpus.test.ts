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
  // The data-centre cards teams rent, SXM and PCIe forms apart (their links differ).
  'v100-16gb-pcie', 'v100-32gb-pcie', 'a30', 'a40', 'a100-40gb-pcie', 'a100-80gb-pcie', 'h100-pcie',
  'h200-nvl', 'h20', 'b100', 'gb200', 'rtx-pro-6000',
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
  'h100-pcie': 81559,
  'a100-40gb-pcie': 40960,
  'a100-80gb-pcie': 81920,
  h20: 97871,
  gb200: 189471,
  a40: 46068,
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

describe('GPU catalog links', () => {
  const KINDS = ['nvlink', 'nvlink-bridge', 'infinity-fabric', 'pcie'];

  test('GIVEN every card THEN it has an interconnect: a known kind, a positive bidirectional GB/s, a detail and a cited source', () => {
    for (const gpu of GPUS) {
      const l = gpu.interconnect;
      expect({ id: gpu.id, kind: KINDS.includes(l.kind), direction: l.direction }).toEqual({ id: gpu.id, kind: true, direction: 'bidirectional' });
      expect({ id: gpu.id, positive: Number.isFinite(l.gbPerS) && l.gbPerS > 0 }).toEqual({ id: gpu.id, positive: true });
      expect(l.detail.length).toBeGreaterThan(5);
      expect({ id: gpu.id, cited: /https:\/\/|whitepaper|product brief/i.test(l.source) }).toEqual({ id: gpu.id, cited: true });
    }
  });

  test('GIVEN a card without NVLink or Infinity Fabric THEN it is a PCIe card whose interconnect is its PCIe link', () => {
    for (const gpu of GPUS.filter((g) => g.interconnect.kind === 'pcie')) {
      expect({ id: gpu.id, pcie: gpu.pcie !== undefined }).toEqual({ id: gpu.id, pcie: true });
      expect(gpu.interconnect.gbPerS).toBe(gpu.pcie?.gbPerS);
    }
  });

  test('GIVEN a PCIe link THEN its bandwidth follows its generation and lanes (Gen3 x16 / Gen4 x8 32, Gen4 x16 64, Gen5 x16 128 GB/s)', () => {
    const expected: Record<string, number> = { '3x16': 32, '4x8': 32, '4x16': 64, '5x16': 128 };
    for (const gpu of GPUS.filter((g) => g.pcie !== undefined)) {
      const p = gpu.pcie!;
      expect({ id: gpu.id, gbPerS: p.gbPerS }).toEqual({ id: gpu.id, gbPerS: expected[`${p.gen}x${p.lanes}`] });
      expect(p.source.length).toBeGreaterThan(20);
    }
  });

  test('GIVEN the SXM and PCIe forms THEN the datasheet links differ as NVIDIA states them', () => {
    const link = (id: string): [string, number] => {
      const g = findGpu(id);
      return [g?.interconnect.kind ?? '', g?.interconnect.gbPerS ?? 0];
    };
    expect(link('a100-80gb')).toEqual(['nvlink', 600]);
    expect(link('a100-80gb-pcie')).toEqual(['pcie', 64]);
    expect(findGpu('a100-80gb-pcie')?.bridge).toMatchObject({ gbPerS: 600, gpus: 2 });
    expect(link('h100')).toEqual(['nvlink', 900]);
    expect(link('h100-pcie')).toEqual(['pcie', 128]);
    expect(link('h100-nvl')).toEqual(['nvlink-bridge', 600]);
    expect(link('h200')).toEqual(['nvlink', 900]);
    expect(link('h200-nvl')).toEqual(['nvlink-bridge', 900]);
    expect(link('b200')).toEqual(['nvlink', 1800]);
    expect(link('gb200')).toEqual(['nvlink', 1800]);
    expect(link('v100-32gb')).toEqual(['nvlink', 300]);
    expect(link('v100-32gb-pcie')).toEqual(['pcie', 32]);
    expect(link('t4')).toEqual(['pcie', 32]);
    expect(link('l40s')).toEqual(['pcie', 64]);
    expect(link('rtx4060ti')).toEqual(['pcie', 32]);
    expect(link('mi300x')).toEqual(['infinity-fabric', 896]);
  });

  test('GIVEN the SXM and PCIe forms of one GPU THEN the driver reports the same memory', () => {
    for (const [sxm, pcie] of [['a100-40gb', 'a100-40gb-pcie'], ['a100-80gb', 'a100-80gb-pcie'], ['h100', 'h100-pcie'], ['v100-16gb', 'v100-16gb-pcie'], ['v100-32gb', 'v100-32gb-pcie']] as const) {
      expect(findGpu(pcie)?.memoryBytes).toBe(findGpu(sxm)?.memoryBytes);
    }
  });

  test('GIVEN an NVLink bridge THEN it joins 2 or 4 cards of a PCIe card and is cited', () => {
    for (const gpu of GPUS.filter((g) => g.bridge !== undefined)) {
      expect({ id: gpu.id, pcie: gpu.interconnect.kind }).toEqual({ id: gpu.id, pcie: 'pcie' });
      expect([2, 4]).toContain(gpu.bridge?.gpus);
      expect(gpu.bridge?.gbPerS).toBeGreaterThan(gpu.interconnect.gbPerS);
    }
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
    ['A100-PCIE-40GB', 'a100-40gb-pcie'],
    ['NVIDIA A100 80GB PCIe', 'a100-80gb-pcie'],
    ['NVIDIA H100 PCIe', 'h100-pcie'],
    ['h100-pcie', 'h100-pcie'],
    ['Tesla V100-PCIE-32GB', 'v100-32gb-pcie'],
    ['Tesla V100-SXM2-16GB', 'v100-16gb'],
    ['NVIDIA H200 NVL', 'h200-nvl'],
    ['NVIDIA H20', 'h20'],
    ['NVIDIA A40', 'a40'],
    ['A30', 'a30'],
    ['NVIDIA GB200', 'gb200'],
    ['B100', 'b100'],
    ['NVIDIA RTX PRO 6000 Blackwell Server Edition', 'rtx-pro-6000'],
    ['RTX PRO 6000', 'rtx-pro-6000'],
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
