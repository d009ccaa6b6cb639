/**
 * The headline of an estimate without a target GPU: it recommends the smallest NVIDIA card that
 * fits (the stack modelled is CUDA), the severity icon agrees with that card's line, and the chart
 * names the same card.
 */
import { GPUS } from '../../src/catalog/gpus';
import { headlineFit, estimateReply } from '../../src/reply/estimate-reply';
import { chartSvg } from '../../src/chart/svg';
import { reportFromArgs } from '../../commands/estimate-line';
import type { Report } from '../../src/report';

function report(args: Record<string, string>): Report {
  const r = reportFromArgs(args);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

const LINES: Record<string, string>[] = [
  { model: 'llama-3.2-1b' },
  { model: 'llama-3.1-8b', lora: 'true' },
  { model: 'llama-3.1-8b', qlora: 'true', gc: 'true' },
  { model: 'qwen-2.5-7b', method: 'full' },
  { model: 'llama-3.1-70b', qlora: 'true', gc: 'true' },
  { model: 'mistral-7b', mode: 'infer', context: '32768', batch: '8' },
  { model: 'llama-3.1-70b', mode: 'infer' },
  { model: '7b' },
];

describe('estimate headline without a target GPU', () => {
  test.each(LINES.map((l) => [JSON.stringify(l), l] as const))('GIVEN %s THEN the headline card is NVIDIA and the smallest that fits with room (else the smallest that fits)', (_n, args) => {
    const r = report(args);
    const h = headlineFit(r);
    const nvidia = r.fits.filter((f) => f.vendor === 'nvidia' && f.fits).sort((a, b) => a.memoryBytes - b.memoryBytes);
    if (nvidia.length === 0) { expect(h).toBeNull(); return; }
    expect(h?.vendor).toBe('nvidia');
    const roomy = nvidia.find((f) => !f.tight);
    expect(h?.gpu).toBe((roomy ?? nvidia[0])?.gpu);
  });

  test.each(LINES.map((l) => [JSON.stringify(l), l] as const))('GIVEN %s THEN a ✅ headline never sits above a ⚠ line for its own card, and the chart names that card', (_n, args) => {
    const r = report(args);
    const reply = estimateReply(r);
    const h = headlineFit(r);
    const fitsLines = reply.sections.find((s) => s.title === 'Fits on')?.lines ?? [];
    if (h) {
      const line = fitsLines.find((l) => l.includes(` ${h.gpu} (`));
      expect(line).toBeDefined();
      if (reply.severity === 'success') expect(line?.startsWith('✓')).toBe(true);
      if (line?.startsWith('⚠')) expect(reply.severity).toBe('warning');
      expect(reply.description).toContain(`\`${h.gpu}\``);
      expect(reply.chart?.headline).toBe(h.gpu);
      expect(reply.chart?.capacities.map((c) => c.label)).toContain(h.gpu);
      expect(chartSvg(reply.chart!)).toContain(`Smallest card that fits: ${h.gpu}`);
    } else {
      expect(reply.severity).toBe('danger');
    }
  });

  test('GIVEN a setup an AMD card would also hold THEN the headline still names an NVIDIA card', () => {
    expect(GPUS.some((g) => g.vendor === 'amd')).toBe(true);
    const r = report({ model: 'llama-3.1-70b', qlora: 'true', gc: 'true' });
    expect(r.fits.some((f) => f.vendor === 'amd' && f.fits)).toBe(true);
    expect(headlineFit(r)?.vendor).toBe('nvidia');
  });

  test('GIVEN a setup only an AMD card holds THEN no NVIDIA headline, and no AMD recommendation either', () => {
    const biggestNvidia = Math.max(...GPUS.filter((g) => g.vendor === 'nvidia').map((g) => g.memoryBytes));
    for (const batch of [8, 16, 32, 64, 128]) {
      const r = report({ model: 'llama-3.1-8b', lora: 'true', seq: '8192', batch: String(batch) });
      if (r.totalBytes <= biggestNvidia) continue;
      if (!r.fits.some((f) => f.vendor === 'amd' && f.fits)) continue;
      expect(headlineFit(r)).toBeNull();
      expect(estimateReply(r).description).toMatch(/more than any single NVIDIA GPU/);
      return;
    }
  });

  test('GIVEN the user names an AMD GPU THEN the verdict is about that card', () => {
    const amd = GPUS.find((g) => g.vendor === 'amd');
    if (!amd) throw new Error('no AMD card in the catalog');
    const r = report({ model: 'llama-3.1-8b', lora: 'true', gpu: amd.id });
    expect(headlineFit(r)?.gpu).toBe(amd.id);
    expect(estimateReply(r).description).toContain(amd.id);
  });

  test('GIVEN a setup that fits the smallest NVIDIA card only tightly THEN the headline names one with room', () => {
    for (let batch = 1; batch <= 64; batch++) {
      const r = report({ model: 'llama-3.2-1b', lora: 'true', batch: String(batch) });
      const nvidia = r.fits.filter((f) => f.vendor === 'nvidia' && f.fits).sort((a, b) => a.memoryBytes - b.memoryBytes);
      if (!nvidia[0]?.tight || nvidia.every((f) => f.tight)) continue;
      const h = headlineFit(r);
      expect(h?.tight).toBe(false);
      expect(h?.gpu).not.toBe(nvidia[0]?.gpu);
      expect(estimateReply(r).severity).toBe('success');
      return;
    }
    throw new Error('no tight case found');
  });
});
