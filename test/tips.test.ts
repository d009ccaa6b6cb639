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

describe('serving tips: the engines\' own knobs, each re-estimated', () => {
  const cand = async (line: string) => {
    const { candidates } = await import('../src/tips');
    const r = resolveArgs(Object.fromEntries(line.split(' ').map((t) => [t.slice(0, t.indexOf(':')), t.slice(t.indexOf(':') + 1)])));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return candidates(r.value.built.config, r.value.gpu).map((c) => c.text);
  };
  test('GIVEN vLLM on a named card THEN util, eager and max_seqs are offered; HF gets none of them', async () => {
    const v = await cand('model:llama-3.1-8b mode:infer engine:vllm gpu:h100 context:8192');
    expect(v).toEqual(expect.arrayContaining(['util:0.95', 'eager:true', 'max_seqs:16', 'kv:fp8']));
    const hf = await cand('model:llama-3.1-8b mode:infer gpu:h100 context:8192');
    expect(hf.some((t) => /^(util|eager|max_seqs):/.test(t))).toBe(false);
  });
  test('GIVEN vLLM with eager:true already, util 0.95 and max_seqs near the batch THEN none of those again', async () => {
    const v = await cand('model:llama-3.1-8b mode:infer engine:vllm gpu:h100 eager:true util:0.95 max_seqs:16 batch:16');
    expect(v.some((t) => /^(util|eager|max_seqs):/.test(t))).toBe(false);
  });
  test('GIVEN vLLM that misses the 90% budget by a little THEN util:0.95 is a tip that makes it fit while saving nothing', () => {
    // Llama-3.1-8B with 6 x 8k sequences: 14.96 GiB weights + 6 GiB KV + the rest, 0.6 GiB over 90% of an RTX 4090.
    // margin:0: judged on the estimate itself (without it the top of the likely range is compared, and 0.95 is not enough).
    const line = 'model:llama-3.1-8b mode:infer engine:vllm gpu:rtx4090 context:8192 batch:6 margin:0';
    const r = report(line);
    expect(r.target?.fits).toBe(false);
    const util = r.tips.find((t) => t.change === 'util:0.95');
    expect(util?.makesFit).toBe(true);
    expect(util?.savedBytes).toBeCloseTo(0, -6);
    expect(report(applied(line, 'util:0.95')).target?.fits).toBe(true);
  });
  test('GIVEN llama.cpp THEN its cache types are offered instead of fp8, and q8_0 saves 1 - 34/64 of the cache', () => {
    const line = 'model:llama-3.1-8b mode:infer engine:llamacpp context:32768';
    const r = report(line);
    expect(r.tips.some((t) => t.change === 'kv:fp8')).toBe(false);
    const q8 = r.tips.find((t) => t.change === 'kv:q8_0');
    const kv = r.components.find((c) => c.id === 'kv_cache')?.bytes ?? 0;
    expect(q8?.savedBytes).toBeGreaterThan(kv * (1 - 34 / 64) * 0.95);
    expect(report(applied(line, 'kv:q8_0')).totalBytes).toBeCloseTo(q8?.newTotalBytes ?? 0, 0);
  });
  test('GIVEN llama.cpp with ngl set THEN half the layers is offered, and it saves the KV of the layers moved to the CPU', () => {
    const line = 'model:llama-3.1-8b mode:infer engine:llamacpp context:32768 ngl:33';
    const t = report(line).tips.find((x) => x.change === 'ngl:16');
    expect(t?.savedBytes).toBeGreaterThan(0);
  });
});
