import { reportFromLine } from '../commands/estimate-line';
import { totalFor } from '../src/fit';
import { resolveArgs } from '../src/report';
import type { EstimateConfig } from '../src/config';

function report(line: string) {
  const r = reportFromLine(line);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

/** Applies a tip's `key:value` changes to a config, as a user would edit the command. */
function applied(line: string, change: string): string {
  const pairs = new Map(line.split(' ').map((t) => [t.slice(0, t.indexOf(':')), t] as const));
  for (const t of change.split(' ')) pairs.set(t.slice(0, t.indexOf(':')), t);
  return [...pairs.values()].join(' ');
}

describe('tips', () => {
  const line = 'model:llama-3.1-8b lora:true batch:4 seq:4096 attention:eager gpu:rtx4090';
  const r = report(line);

  test('GIVEN a config that does not fit THEN every tip saves memory and states the new total of exactly that change', () => {
    expect(r.tips.length).toBeGreaterThan(3);
    for (const t of r.tips) {
      expect(t.savedBytes).toBeGreaterThan(0);
      expect(t.newTotalBytes).toBeCloseTo(r.totalBytes - t.savedBytes, 0);
      const again = report(applied(line, t.change));
      expect(again.totalBytes).toBeCloseTo(t.newTotalBytes, 0);
    }
  });
  test('GIVEN a target GPU THEN the first tip is a change that makes it fit', () => {
    const first = r.tips[0];
    expect(first?.makesFit).toBe(true);
    expect(report(applied(line, first?.change ?? '')).target?.fits).toBe(true);
  });
  test('GIVEN eager attention THEN SDPA or flash is offered, with its saving', () => {
    expect(r.tips.some((t) => t.change === 'attention:sdpa' || t.change === 'attention:flash')).toBe(true);
  });
  test('GIVEN a config that fits THEN no tip claims to make it fit, and the tips are ranked by saving', () => {
    const ok = report('model:llama-3.2-1b lora:true gpu:h100');
    expect(ok.target?.fits).toBe(true);
    expect(ok.tips.every((t) => !t.makesFit)).toBe(true);
    for (let i = 1; i < ok.tips.length; i++) expect(ok.tips[i - 1]!.savedBytes).toBeGreaterThanOrEqual(ok.tips[i]!.savedBytes);
  });
  test('GIVEN a V100 (no bf16) and mixed precision THEN the precision tip is fp16, not bf16', () => {
    const v = report('model:llama-3.1-8b method:full precision:mixed gc:true gpu:v100-32gb');
    expect(v.tips.some((t) => t.change.includes('precision:bf16'))).toBe(false);
    expect(v.tips.some((t) => t.change.includes('precision:fp16'))).toBe(true);
  });
  test('GIVEN a micro-batch tip THEN the effective batch (batch x accum) is unchanged', () => {
    const t = r.tips.find((x) => /^batch:\d+ accum:\d+$/.test(x.change));
    const [b, a] = (t?.change ?? '').split(' ').map((p) => Number(p.split(':')[1]));
    expect((b ?? 0) * (a ?? 0)).toBe(4);
  });
  test('GIVEN the cheapest combination THEN it fits and every single change in it lowered the estimate', () => {
    const combo = r.tips.find((t) => t.change.includes(' ') && t.makesFit && !/^batch:\d+ accum:\d+$/.test(t.change));
    if (!combo) return; // a single change already fits: covered above
    const res = resolveArgs(Object.fromEntries(applied(line, combo.change).split(' ').map((x) => [x.slice(0, x.indexOf(':')), x.slice(x.indexOf(':') + 1)])));
    if (!res.ok) throw new Error('resolve');
    const c: EstimateConfig = res.value.built.config;
    expect(totalFor(res.value.arch, c)).toBeLessThanOrEqual(res.value.gpu?.memoryBytes ?? 0);
  });
});
