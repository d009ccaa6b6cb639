import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FLOP_PER_CLK_PER_SM,
  GPUS,
  PERF,
  editDistance,
  findGpu,
  gpuKeys,
  gpuPerf,
  normalizeGpuQuery,
  peakTflops,
  suggestGpus,
  type Gpu,
  type GpuPerf,
  type PerfPrecision,
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

describe('GPU catalog perf (peak compute and bandwidth)', () => {
  const perfOf = (id: string): GpuPerf => {
    const p = gpuPerf(id);
    if (p === undefined) throw new Error(`no perf for ${id}`);
    return p;
  };
  const TENSOR: readonly Exclude<PerfPrecision, 'fp32'>[] = ['bf16', 'fp16', 'fp8', 'tf32'];

  test('GIVEN every card THEN it has a perf record: positive fp16 and bandwidth, a basis and a cited source', () => {
    for (const gpu of GPUS) {
      const p = gpu.perf;
      expect({ id: gpu.id, ok: p.tflops.fp16 > 0 && p.memoryGBps > 0 }).toEqual({ id: gpu.id, ok: true });
      expect(['datasheet', 'whitepaper', 'derived']).toContain(p.basis);
      expect({ id: gpu.id, cited: /https:\/\/|whitepaper/i.test(p.source) }).toEqual({ id: gpu.id, cited: true });
      for (const prec of [...TENSOR, 'fp32'] as const) {
        const v = p.tflops[prec];
        expect({ id: gpu.id, prec, ok: v === null || (Number.isFinite(v) && v > 0) }).toEqual({ id: gpu.id, prec, ok: true });
      }
      // fp32 is missing only where the datasheet prints none, and then the source says so.
      if (p.tflops.fp32 === null) expect(p.source).toMatch(/no FP32/);
    }
    expect(Object.keys(PERF).sort()).toEqual(GPUS.map((g) => g.id).sort());
  });

  test('GIVEN a figure printed "with sparsity" THEN the dense peak is below it, at half (2:4 sparsity doubles the rate)', () => {
    let cited = 0;
    for (const gpu of GPUS) {
      for (const prec of TENSOR) {
        const sparse = gpu.perf.sparseTflops?.[prec];
        if (sparse === undefined) continue;
        const dense = gpu.perf.tflops[prec];
        cited++;
        expect({ id: gpu.id, prec, dense: dense !== null && dense < sparse }).toEqual({ id: gpu.id, prec, dense: true });
        // Datasheets round each figure on its own: 1,979* vs 989.4, 733* vs 362.05 (the L40S's tensor clock).
        const ratio = sparse / (dense ?? 1);
        expect({ id: gpu.id, prec, half: ratio > 1.97 && ratio < 2.03 }).toEqual({ id: gpu.id, prec, half: true });
      }
    }
    expect(cited).toBeGreaterThan(80);
  });

  test('GIVEN the precision flags THEN fp8 peaks exist exactly on fp8 cards, bf16/tf32 exactly on bf16 cards', () => {
    for (const gpu of GPUS) {
      expect({ id: gpu.id, fp8: gpu.perf.tflops.fp8 !== null }).toEqual({ id: gpu.id, fp8: gpu.fp8 });
      expect({ id: gpu.id, bf16: gpu.perf.tflops.bf16 !== null }).toEqual({ id: gpu.id, bf16: gpu.bf16 });
      // CDNA2 (MI250X) has bf16 but no TF32 path; every NVIDIA bf16 card has TF32.
      if (gpu.vendor === 'nvidia') expect({ id: gpu.id, tf32: gpu.perf.tflops.tf32 !== null }).toEqual({ id: gpu.id, tf32: gpu.bf16 });
    }
    expect(perfOf('mi250x').tflops.tf32).toBeNull();
  });

  test('GIVEN the H100 SXM THEN bf16 dense is 989.4 TFLOPS (datasheet 1,979* with sparsity) at 3.35 TB/s', () => {
    const p = perfOf('h100');
    // 132 SMs x 4 tensor cores x 512 dense FP16 FMA x 2 FLOP x 1.83 GHz = 989.4e12
    expect(p.tflops.bf16).toBeCloseTo((132 * 4 * 512 * 2 * 1830e6) / 1e12, 1);
    expect(p.tflops.bf16).toBeCloseTo(1979 / 2, 0);
    expect(p.sparseTflops?.bf16).toBe(1979);
    expect(p.memoryGBps).toBe(3350);
    expect(p.source).toContain('"BFLOAT16 Tensor Core 1,979 teraFLOPS*"');
    expect(p.source).toContain('3.35TB/s');
    expect(p.tflops.fp8).toBeCloseTo(3958 / 2, 0);
    // SXM and PCIe are different columns: 1,513* and 2 TB/s on the PCIe card.
    // 1,513* / 2 = 756.5; the Hopper whitepaper prints the dense PCIe figure as 756.
    expect(perfOf('h100-pcie').tflops.bf16).toBe(756);
    expect(perfOf('h100-pcie').memoryGBps).toBe(2000);
    expect(perfOf('h200').memoryGBps).toBe(4800);
  });

  test('GIVEN the A100 THEN 312 TFLOPS bf16 dense for every form factor; 2,039 GB/s for the 80GB SXM, 1,935 for the 80GB PCIe', () => {
    for (const id of ['a100-40gb', 'a100-40gb-pcie', 'a100-80gb', 'a100-80gb-pcie']) {
      // 108 SMs x 4 tensor cores x 256 dense FP16 FMA x 2 FLOP x 1.41 GHz = 311.9e12
      expect(perfOf(id).tflops.bf16).toBe(312);
      expect((108 * 4 * 256 * 2 * 1410e6) / 1e12).toBeCloseTo(312, 0);
    }
    const sxm = perfOf('a100-80gb');
    expect(sxm.memoryGBps).toBe(2039);
    expect(sxm.source).toContain('"GPU Memory Bandwidth 2,039GB/s"');
    expect(sxm.source).toContain('"BFLOAT16 Tensor Core 312 TFLOPS | 624 TFLOPS*"');
    expect(perfOf('a100-80gb-pcie').memoryGBps).toBe(1935);
    expect(perfOf('a100-80gb-pcie').source).toContain('1,935GB/s');
    expect(perfOf('a100-40gb').memoryGBps).toBe(1555);
  });

  test('GIVEN the RTX 4090 THEN bf16 is the FP32-accumulate 165.2 TFLOPS, not the FP16-accumulate 330.3, at 1,008 GB/s', () => {
    const p = perfOf('rtx4090');
    // 128 SMs x 512 FLOP/clk (GeForce FP32-accumulate rate) x 2.52 GHz = 165.2e12
    expect(p.tflops.bf16).toBe(165.2);
    expect((128 * 512 * 2520e6) / 1e12).toBeCloseTo(165.2, 1);
    expect(p.source).toContain('"Peak BF16 Tensor TFLOPS with FP32 Accumulate 165.2/330.4*"');
    expect(p.source).toContain('"Peak FP16 Tensor TFLOPS with FP16 Accumulate 330.3/660.6*"');
    expect(p.tflops.bf16).toBeLessThan(330.3);
    expect(p.memoryGBps).toBe(1008);
    expect(p.source).toContain('1008 GB/sec');
    expect(p.tflops.fp32).toBe(82.6);
  });

  test('GIVEN the MI300X and one MI250X GCD THEN the AMD matrix figures (dense) and the per-GCD halving hold', () => {
    const mi300x = perfOf('mi300x');
    // 304 CUs x 2048 dense FP16 FLOP/clk x 2.1 GHz = 1307.4e12; FP32 vector 304 x 256 x 2.1 GHz = 163.4e12
    expect(mi300x.tflops.bf16).toBeCloseTo((304 * 2048 * 2100e6) / 1e12, 1);
    expect(mi300x.tflops.fp32).toBeCloseTo((304 * 256 * 2100e6) / 1e12, 1);
    expect(mi300x.memoryGBps).toBe(5300);
    const gcd = perfOf('mi250x');
    // Card: 383 TFLOPS bf16, 3,276.8 GB/s over two GCDs.
    expect(gcd.tflops.bf16).toBeCloseTo(383 / 2, 1);
    expect(gcd.memoryGBps).toBeCloseTo(3276.8 / 2, 1);
    expect(perfOf('mi325x').memoryGBps).toBe(6000);
  });

  /**
   * Hand check of every card with SMs and a clock: peak = SMs x boost x FLOP/clk/SM, with the
   * per-SM rates the whitepapers' printed cards give (RTX 3090: 35.6 / 71 / 35.6 TFLOPS at 82 SMs x
   * 1695 MHz = 256 / 512 / 256; RTX A6000 154.8 at 84 x 1800 = 1024). Within 1.5%: the L40S
   * datasheet prints its tensor figures at 2490 MHz but FP32 at 2520.
   */
  test('GIVEN SMs and boost clock THEN the printed peaks equal SMs x clock x the architecture\'s per-SM rate', () => {
    const family: Record<string, { fp32: number; bf16: number; tf32: number; fp8: number }> = {
      ...Object.fromEntries(
        ['rtx3060', 'rtx3070', 'rtx3080', 'rtx3080-12gb', 'rtx3090', 'rtx3090ti', 'rtx4060ti', 'rtx4060ti-16gb', 'rtx4070',
          'rtx4070ti-super', 'rtx4080', 'rtx4080-super', 'rtx4090', 'rtx5080', 'rtx5090', 'l40', 'a10g']
          .map((id) => [id, { fp32: 256, bf16: 512, tf32: 256, fp8: 1024 }]),
      ),
      ...Object.fromEntries(
        ['a4000', 'a5000', 'a6000', 'rtx6000-ada', 'a10', 'a40', 'l4', 'l40s', 'rtx-pro-6000']
          .map((id) => [id, { fp32: 256, bf16: 1024, tf32: 512, fp8: 2048 }]),
      ),
      // GA100: 64 FP32 lanes (128 FLOP/clk), 4 tensor cores x 256 FMA (2048 FLOP/clk) per SM.
      'a100-40gb': { fp32: 128, bf16: 2048, tf32: 1024, fp8: 0 },
      'a100-80gb': { fp32: 128, bf16: 2048, tf32: 1024, fp8: 0 },
      a30: { fp32: 128, bf16: 2048, tf32: 1024, fp8: 0 },
      // Volta / Turing: 8 tensor cores per SM x 64 FMA x 2 = 1024 FLOP/clk, 64 FP32 lanes.
      'v100-16gb': { fp32: 128, bf16: 1024, tf32: 0, fp8: 0 },
      t4: { fp32: 128, bf16: 1024, tf32: 0, fp8: 0 },
      // CDNA3: 2048 FP16 / 256 FP32-vector FLOP/clk per CU; CDNA2 GCD 1024 / 128.
      mi300x: { fp32: 256, bf16: 2048, tf32: 1024, fp8: 4096 },
      mi250x: { fp32: 128, bf16: 1024, tf32: 0, fp8: 0 },
    };
    for (const [id, rate] of Object.entries(family)) {
      const p = perfOf(id);
      if (p.sms === undefined || p.boostMhz === undefined) throw new Error(`${id}: no SMs/clock`);
      const expectAt = (got: number | null, perClk: number, what: string): void => {
        if (perClk === 0 || got === null) return;
        const want = (p.sms! * perClk * p.boostMhz!) / 1e6;
        expect({ id, what, within: Math.abs(got / want - 1) < 0.015 }).toEqual({ id, what, within: true });
      };
      expectAt(p.tflops.fp32, rate.fp32, 'fp32');
      // fp16 carries the tensor figure on every card (Volta/Turing have no bf16).
      expectAt(p.tflops.fp16, rate.bf16, 'fp16');
      expectAt(p.tflops.bf16, rate.bf16, 'bf16');
      expectAt(p.tflops.tf32, rate.tf32, 'tf32');
      expectAt(p.tflops.fp8, rate.fp8, 'fp8');
    }
    expect(FLOP_PER_CLK_PER_SM.geforce.bf16 * 2).toBe(FLOP_PER_CLK_PER_SM.pro.bf16);
  });

  test('GIVEN a derived entry THEN its source names the spec page and the derivation', () => {
    const derived = GPUS.filter((g) => g.perf.basis === 'derived');
    expect(derived.map((g) => g.id)).toEqual(expect.arrayContaining(['rtx3060', 'rtx4070', 'a10g', 'rtx5080']));
    for (const gpu of derived) {
      expect(gpu.perf.sms).toBeGreaterThan(0);
      expect(gpu.perf.boostMhz).toBeGreaterThan(0);
      expect(gpu.perf.source).toMatch(/derived|per-SM rates/);
    }
    // RTX 4070: 46 SMs x 512 x 2475 MHz = 58.3 TFLOPS bf16; 192-bit x 21 Gbps / 8 = 504 GB/s.
    expect(perfOf('rtx4070').tflops.bf16).toBe(58.3);
    expect((192 * 21) / 8).toBe(perfOf('rtx4070').memoryGBps);
  });

  test('GIVEN gpuPerf and peakTflops THEN aliases resolve and unknown cards give undefined', () => {
    expect(gpuPerf('NVIDIA H100 80GB HBM3')).toBe(findGpu('h100')?.perf);
    expect(gpuPerf('RTX 4090')?.tflops.bf16).toBe(165.2);
    expect(gpuPerf('rtx9090')).toBeUndefined();
    expect(peakTflops(perfOf('a100-80gb'), 'fp8')).toBeNull();
    expect(peakTflops(perfOf('h100'), 'tf32')).toBe(494.7);
    expect(peakTflops(perfOf('t4'), 'fp16')).toBe(65);
  });
});

describe('published throughput (calibration/throughput.jsonl) against the catalog peaks', () => {
  interface ThroughputRow {
    readonly id: string;
    readonly kind: 'train' | 'serve';
    readonly source: string;
    readonly source_ref: string;
    readonly framework_version: string;
    readonly gpu: string;
    readonly gpu_count: number;
    readonly precision: string;
    readonly settings: Readonly<Record<string, unknown>>;
    readonly stat: string;
    readonly value: number;
    readonly unit: string;
  }
  const rows: ThroughputRow[] = readFileSync(join(__dirname, '../../calibration/throughput.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ThroughputRow);
  const row = (id: string): ThroughputRow => {
    const r = rows.find((x) => x.id === id);
    if (r === undefined) throw new Error(`no ${id}`);
    return r;
  };

  test('GIVEN every row THEN ids run tp001.. in order, the GPU is a catalog id, and the source is pinned', () => {
    expect(rows.length).toBeGreaterThan(30);
    rows.forEach((r, i) => {
      expect(r.id).toBe(`tp${String(i + 1).padStart(3, '0')}`);
      expect({ id: r.id, gpu: findGpu(r.gpu)?.id }).toEqual({ id: r.id, gpu: r.gpu });
      expect(r.source_ref).toMatch(/^https:\/\/github\.com\/.+\/blob\/[0-9a-f]{40}\//);
      expect(r.framework_version.length).toBeGreaterThan(0);
      expect(Number.isInteger(r.gpu_count) && r.gpu_count >= 1).toBe(true);
      expect(r.value).toBeGreaterThan(0);
      expect(['tokens_per_s_per_gpu', 'training_runtime_total', 'output_tokens_per_s_total', 'tpot_mean', 'ttft_mean']).toContain(r.stat);
    });
  });

  test('GIVEN a training row with tokens/s per GPU THEN its least FLOPs stay under the dense peak; rows near the peak are marked doubtful', () => {
    // Least work per token, no recompute and no attention counted: full fine-tuning 6N (forward 2N,
    // backward 4N), LoRA/QLoRA 4N (activation gradients still flow through the frozen layers).
    const N = 8.03e9; // Llama 3 / 3.1 8B
    const least = (r: ThroughputRow): number => ((r.id === 'tp001' || r.id === 'tp002' || r.id === 'tp020' || r.id === 'tp022' ? 6 : 4) * N * r.value) / 1e12;
    // tp020 Llama 3 8B pre-training on H100, FP8: 6 x 8.03e9 x 14451 = 696.3e12 < 1978.9e12 (dense fp8).
    expect(least(row('tp020'))).toBeCloseTo(696.3, 0);
    expect(least(row('tp020'))).toBeLessThan(gpuPerf('h100')!.tflops.fp8!);
    // tp022 on B200: 6 x 8.03e9 x 30624 = 1475.5e12 < 4500e12.
    expect(least(row('tp022'))).toBeCloseTo(1475.5, 0);
    expect(least(row('tp022'))).toBeLessThan(gpuPerf('b200')!.tflops.fp8!);
    // torchtune, one card, bf16. RTX 4090 full: 6 x 8.03e9 x 1650 = 79.5e12, 48% of 165.2;
    // LoRA: 4 x 8.03e9 x 3083 = 99.0e12, 60%; QLoRA: 4 x 8.03e9 x 2413 = 77.5e12, 47%.
    const share = (id: string): number => Math.round((least(row(id)) / gpuPerf(row(id).gpu)!.tflops.bf16!) * 100);
    expect(['tp001', 'tp003', 'tp005'].map(share)).toEqual([48, 60, 47]);
    // RTX A6000 full: 6 x 8.03e9 x 2579 = 124.3e12, 80% of 154.8; LoRA: 4 x 8.03e9 x 4699 = 150.9e12, 97.5% (rounds to 98).
    expect(['tp002', 'tp004'].map(share)).toEqual([80, 98]);
    // Every torchtune 8B row is under the peak, and the two implying 80% or more of it are flagged.
    for (const id of ['tp001', 'tp002', 'tp003', 'tp004', 'tp005']) {
      const r = row(id);
      expect({ id, under: least(r) < gpuPerf(r.gpu)!.tflops.bf16! }).toEqual({ id, under: true });
      expect({ id, use: (r as ThroughputRow & { use: string }).use }).toEqual({ id, use: share(id) >= 80 ? 'doubtful' : 'check' });
    }
  });

  test('GIVEN a decode TPOT THEN it is no faster than reading the weights once at the card\'s bandwidth', () => {
    // Qwen3-8B bf16 (~8.19e9 parameters x 2 B = 16.38 GB) on H100 SXM (3350 GB/s): >= 4.89 ms a step.
    const floorMs = ((8.19e9 * 2) / (gpuPerf('h100')!.memoryGBps * 1e9)) * 1e3;
    expect(floorMs).toBeCloseTo(4.89, 2);
    for (const id of ['tp036', 'tp039', 'tp040', 'tp041']) {
      const r = row(id);
      expect(r.stat).toBe('tpot_mean');
      expect({ id, above: r.value > floorMs }).toEqual({ id, above: true });
    }
    // BS=1: 7.28 ms, 67% of the bandwidth floor; 1000 ms / 7.28 ms = 137 tokens/s per sequence,
    // against the log's 132.86 output tokens/s (TTFT and scheduling gaps included).
    expect(row('tp036').value).toBe(7.28);
    expect(Math.round((floorMs / row('tp036').value) * 100)).toBe(67);
    expect(row('tp037').value).toBeLessThan(1000 / row('tp036').value);
    // FP8 weights (8.19 GB): floor 2.44 ms, under the SGLang FP8 TPOT 5.65 ms.
    expect(row('tp044').value).toBeGreaterThan(floorMs / 2);
  });
});
