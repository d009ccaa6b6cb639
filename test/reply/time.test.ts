/**
 * The time and cost in replies: the "Time" field, how:true's time section, the JSON `time` and
 * `cost`, the tips' time deltas, compare's time lines and fit's cost ranking.
 */
import { reportFromLine } from '../../commands/estimate-line';
import { compareReply } from '../../commands/compare';
import { fitFromArgs, fitReply } from '../../commands/fit';
import { estimateReply } from '../../src/reply/estimate-reply';
import { reportJson } from '../../src/reply/json';
import { timeDeltaText } from '../../src/reply/time';
import { pricesFor } from '../../src/catalog/prices';

function report(line: string) {
  const r = reportFromLine(line);
  if (!r.ok) throw new Error(`${line}: ${JSON.stringify(r.errors)}`);
  return r.value;
}

describe('reply: time and cost', () => {
  test('GIVEN a card and tokens THEN the Time field gives step, tokens/s, run time and cost with the utilisation used', () => {
    const r = report('model:llama-3.1-8b lora:true gpu:h100 tokens:100000000 price:2');
    const field = estimateReply(r).fields.find((f) => f.name === 'Time');
    if (r.time.kind !== 'train') throw new Error('no time');
    const tps = Math.round(r.time.train.tokensPerS).toLocaleString('en-US');
    expect(field?.value).toContain(`${tps} tokens/s on h100`);
    expect(field?.value).toContain('for 100,000,000 tokens x 1 epoch');
    expect(field?.value).toContain('at the given $2/GPU-hour');
    // The reply says which utilisation it used and from how many rows (hf LoRA: peft's published MetaMathQA run).
    expect(field?.value).toMatch(/Utilisation \d+\.\d% of peak: the median of 1 published hf lora row \(840 tokens per micro-batch\)/);
  });

  test('GIVEN no card THEN the Time field asks for one', () => {
    const field = estimateReply(report('model:llama-3.1-8b lora:true')).fields.find((f) => f.name === 'Time');
    expect(field?.value).toContain('name a card');
  });

  test('GIVEN how:true THEN a time section with FLOPs, the peak and the utilisation', () => {
    const reply = estimateReply(report('model:llama-3.1-8b gpu:h100'), 'channel', { how: true });
    const sec = reply.sections.find((s) => s.title.startsWith('Time'));
    const text = sec?.lines.join('\n') ?? '';
    expect(text).toContain('FLOPs per token = forward 1.501e10');
    expect(text).toMatch(/989\.4 TFLOPS bf16 x 0\.\d{3}/);
    expect(text).toContain('optimizer step (bandwidth, 3350 GB/s)');
  });

  test('GIVEN the JSON THEN time and cost carry the numbers and where the price comes from', () => {
    const r = report('model:llama-3.1-8b lora:true gpu:h100 samples:10000 seq:2048 epochs:2');
    const j = reportJson(r) as { time: { kind: string; tokensPerS: number; run: { tokens: number; epochs: number } }; cost: { usd: number; cloud: string; asOf: string } };
    expect(j.time.kind).toBe('train');
    expect(j.time.run.tokens).toBe(10_000 * 2048);
    expect(j.time.run.epochs).toBe(2);
    const row = pricesFor('h100')[0];
    expect(j.cost.cloud).toBe(row?.cloud);
    // GPU-hours x price: 20,480,000 x 2 tokens / tokens/s / 3600 x $/GPU-hour.
    expect(j.cost.usd).toBeCloseTo(((10_000 * 2048 * 2) / j.time.tokensPerS / 3600) * (row?.usdPerGpuHour ?? 0), 6);
    const none = reportJson(report('model:llama-3.1-8b lora:true')) as { time: { kind: string }; cost: unknown };
    expect(none.time.kind).toBe('none');
    expect(none.cost).toBeNull();
  });

  test('GIVEN a card THEN the gc:true tip shows the time it costs beside the memory it saves', () => {
    const r = report('model:llama-3.1-8b batch:4 seq:4096 gpu:h100');
    const gc = r.tips.find((t) => t.change === 'gc:true');
    // Full fine-tuning: one more forward (2N of 6N, plus the attention forward) for the same tokens: about +30%.
    expect(gc?.timeDelta).toBeGreaterThan(0.25);
    expect(gc?.timeDelta).toBeLessThan(0.4);
    const line = estimateReply(r).sections.find((s) => s.title.startsWith('Tips'))?.lines.find((l) => l.startsWith('`gc:true`'));
    expect(line).toContain(timeDeltaText(gc?.timeDelta ?? 0));
    expect(timeDeltaText(0.3)).toBe('+30% time');
    expect(timeDeltaText(-0.124)).toBe('-12% time');
  });

  test('GIVEN compare THEN each side\'s time and the change against A', () => {
    const a = report('model:llama-3.1-8b lora:true gpu:h100');
    const b = report('model:llama-3.1-8b lora:true gpu:h100 gc:true');
    const reply = compareReply([a, b], 'channel');
    const lines = reply.sections.find((s) => s.title === 'Time and cost')?.lines ?? [];
    expect(lines).toHaveLength(2);
    if (a.time.kind !== 'train' || b.time.kind !== 'train') throw new Error('no time');
    expect(lines[1]).toContain(`(${timeDeltaText(a.time.train.tokensPerS / b.time.train.tokensPerS - 1)} vs A)`);
  });

  test('GIVEN /vram fit THEN the cards where it fits are ranked by the cost of the run', () => {
    const f = fitFromArgs({ model: 'llama-3.1-8b', lora: 'true', gpu: 'h100', tokens: '100000000' });
    if (!f.ok) throw new Error(JSON.stringify(f.errors));
    const costs = f.value.byCost.map((x) => x.usd);
    expect(costs.length).toBeGreaterThan(2);
    expect([...costs].sort((x, y) => x - y)).toEqual(costs);
    for (const x of f.value.byCost) expect(x.per).toBe('run');
    const sec = fitReply(f.value, 'channel').sections.find((s) => s.title.startsWith('Cheapest cards'));
    expect(sec?.lines[0]).toContain(f.value.byCost[0]?.gpu ?? 'none');
  });
});
