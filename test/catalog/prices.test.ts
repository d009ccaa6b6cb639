import { GPUS, findGpu } from '../../src/catalog/gpus';
import { PRICES, PRICES_AS_OF, pricesFor, type PriceRow } from '../../src/catalog/prices';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

describe('cloud price table', () => {
  test('GIVEN every row THEN it has a dated stored source, the vendor page it transcribes, and a quote', () => {
    for (const r of PRICES) {
      expect({ instance: r.instance, date: DATE.test(r.readOn) }).toEqual({ instance: r.instance, date: true });
      expect(Number.isNaN(Date.parse(r.readOn))).toBe(false);
      expect(r.readOn <= PRICES_AS_OF).toBe(true);
      expect(r.source).toMatch(/^https:\/\//);
      expect(r.vendorPage).toMatch(/https:\/\//);
      expect(r.said.length).toBeGreaterThan(20);
      expect(r.region.length).toBeGreaterThan(0);
    }
    expect(DATE.test(PRICES_AS_OF)).toBe(true);
    // PRICES_AS_OF is the newest read date, not a date no row has.
    expect(PRICES.some((r) => r.readOn === PRICES_AS_OF)).toBe(true);
  });

  test('GIVEN every row THEN the per-GPU price is the instance price over its GPU count', () => {
    for (const r of PRICES) {
      expect(Number.isInteger(r.gpus) && r.gpus >= 1).toBe(true);
      expect(r.usdPerInstanceHour).toBeGreaterThan(0);
      // Prices are printed to the cent or finer; allow half a tenth of a cent per GPU for the page's own rounding.
      expect({ instance: r.instance, diff: Math.abs(r.usdPerInstanceHour / r.gpus - r.usdPerGpuHour) < 0.0005 })
        .toEqual({ instance: r.instance, diff: true });
    }
  });

  test('GIVEN a row that prints one price THEN the page quote carries that printed figure', () => {
    const money = (x: number): string => x.toFixed(2);
    for (const r of PRICES) {
      // A price is quoted as printed: to the cent ("$49.24") or as the price file carries it ("19.108", "3.3996").
      const quoted = (x: number): boolean => r.said.includes(money(x)) || r.said.includes(String(x));
      if (r.printed === 'gpu') expect({ instance: r.instance, q: quoted(r.usdPerGpuHour) }).toEqual({ instance: r.instance, q: true });
      if (r.printed === 'instance') expect({ instance: r.instance, q: quoted(r.usdPerInstanceHour) }).toEqual({ instance: r.instance, q: true });
      if (r.printed === 'both') {
        expect(r.said).toContain(String(r.usdPerInstanceHour));
        expect(r.said).toContain(String(r.usdPerGpuHour));
      }
    }
  });

  test('GIVEN every row THEN its GPU id is a catalog id and its memory matches the page', () => {
    const ids = new Set(GPUS.map((g) => g.id));
    for (const r of PRICES) expect({ instance: r.instance, id: ids.has(r.gpuId) }).toEqual({ instance: r.instance, id: true });
    // The 40GB and 80GB A100s, and the SXM and PCIe H100s, are different rows.
    const byInstance = (i: string): PriceRow | undefined => PRICES.find((r) => r.instance === i);
    expect(byInstance('p4d.24xlarge')?.gpuId).toBe('a100-40gb');
    expect(byInstance('p4de.24xlarge')?.gpuId).toBe('a100-80gb');
    expect(byInstance('Standard_NC24ads_A100_v4')?.gpuId).toBe('a100-80gb-pcie');
    expect(byInstance('Standard_NC40ads_H100_v5')?.gpuId).toBe('h100-nvl');
    expect(byInstance('1x NVIDIA H100 PCIe')?.gpuId).toBe('h100-pcie');
  });

  test('GIVEN the major clouds and two GPU clouds THEN each has rows, and the common data-centre GPUs are priced', () => {
    for (const cloud of ['aws', 'gcp', 'azure', 'lambda', 'coreweave'] as const) {
      expect({ cloud, n: PRICES.filter((r) => r.cloud === cloud).length > 0 }).toEqual({ cloud, n: true });
    }
    for (const id of ['h100', 'a100-80gb', 'a100-40gb', 'h200', 'b200', 'l40s', 'a10g', 'l4']) {
      expect({ id, priced: pricesFor(id).length > 0 }).toEqual({ id, priced: true });
    }
  });

  test('GIVEN pricesFor THEN aliases resolve, rows come cheapest first, unknown cards give none', () => {
    const h100 = pricesFor('H100 SXM');
    expect(h100.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < h100.length; i++) expect(h100[i]!.usdPerGpuHour).toBeGreaterThanOrEqual(h100[i - 1]!.usdPerGpuHour);
    expect(h100.every((r) => r.gpuId === findGpu('h100')?.id)).toBe(true);
    // Lambda 8x H100 SXM at $3.99 per GPU-hour is the cheapest H100 SXM row; Azure ND96isr at $12.29 the dearest.
    expect(h100[0]?.usdPerGpuHour).toBe(3.99);
    expect(h100[h100.length - 1]?.usdPerGpuHour).toBe(12.29);
    // p5.48xlarge: $55.04 / 8 = $6.88.
    expect(h100.find((r) => r.instance === 'p5.48xlarge')?.usdPerGpuHour).toBe(55.04 / 8);
    // Google prices A2 by the GPU: a2-highgpu-8g $29.38708 / 8 = $3.673385, a2-highgpu-1g's price;
    // a2-ultragpu-8g $40.5503831232877 / 8 = $5.06879789041096, a2-ultragpu-1g's.
    const gcp = (i: string): PriceRow | undefined => PRICES.find((r) => r.instance === i);
    expect(gcp('a2-highgpu-8g')?.usdPerGpuHour).toBeCloseTo(gcp('a2-highgpu-1g')!.usdPerGpuHour, 6);
    expect(gcp('a2-ultragpu-8g')?.usdPerGpuHour).toBeCloseTo(gcp('a2-ultragpu-1g')!.usdPerGpuHour, 6);
    // Lambda's per-GPU B200 price falls with the node size: 1x 6.99, 2x 6.89, 4x 6.79, 8x 6.69.
    expect(pricesFor('b200').filter((r) => r.cloud === 'lambda').map((r) => [r.gpus, r.usdPerGpuHour]))
      .toEqual([[8, 6.69], [4, 6.79], [2, 6.89], [1, 6.99]]);
    expect(pricesFor('rtx9090')).toEqual([]);
    expect(pricesFor('rtx3060')).toEqual([]);
  });
});
