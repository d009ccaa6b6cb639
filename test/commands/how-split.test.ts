import { dispatch } from '../support/run';
import { replyText } from '../../src/reply/text';

const ctx = { platform: 'console' as const, teamId: 'local', channelId: 'c', userId: 'u' };
const num = (s: string | undefined): number => Number((s ?? '').replace(/,/g, ''));

describe('show the math on several GPUs (how:true with tp/pp)', () => {
  test('GIVEN tp:4 pp:2 on 16 GPUs THEN the split section gives the layout, the shapes per GPU, the stage and the other stage', async () => {
    const reply = await dispatch('model:llama-3.1-70b gpus:16 tp:4 pp:2 sharding:zero1 microbatches:8 how:true', ctx);
    const sec = reply.sections.find((s) => s.title.startsWith('Per GPU: how the model is split'));
    expect(sec).toBeDefined();
    const text = (sec?.lines ?? []).join('\n');
    expect(text).toContain('16 GPUs = data parallel 2 x tensor 4 x pipeline 2');
    expect(text).toContain('Query heads: 16 of 64 per GPU (tp 4)');
    expect(text).toContain('KV heads: 2 of 8 per GPU (tp 4)');
    expect(text).toContain('MLP width: 7,168 of 28,672 per GPU');
    expect(text).toMatch(/this stage holds 2 micro-batches of activations at once/);
    expect(text).toMatch(/Stage 2 needs [\d.]+ GiB per GPU/);
    expect(text).toContain('zero1 shards over the 2 data-parallel GPUs only');
    // The parameter share: 1/8 of the layers' weights and half the embedding table's vocab rows / 4.
    const m = /Parameters on this GPU: ([\d,]+) of ([\d,]+)/.exec(text);
    expect(num(m?.[2])).toBe(70_553_706_496);
    expect(num(m?.[1]) / num(m?.[2])).toBeCloseTo(1 / 8, 2);
  });
  test('GIVEN sequence parallelism THEN the layer terms on the residual stream are shown divided by tp and the per-GPU total adds up', async () => {
    const reply = await dispatch('model:llama-3.1-70b gpus:8 tp:8 how:true', ctx);
    const layer = reply.sections.find((s) => s.title.startsWith('Each layer'));
    const lines = layer?.lines ?? [];
    expect(lines.some((l) => /\/ 8 \(sequence parallel\) = /.test(l))).toBe(true);
    const perGpu = lines.filter((l) => !l.startsWith('=')).map((l) => num(/([\d,]+) B$/.exec(l)?.[1]));
    const total = num(/^= ([\d,]+) B per token/.exec(lines.at(-1) ?? '')?.[1]);
    expect(perGpu.reduce((a, b) => a + b, 0)).toBe(total);
  });
  test('GIVEN tp:8 THEN the settings line shows it and the chart title says per GPU', async () => {
    const reply = await dispatch('model:llama-3.1-70b mode:infer gpus:8 tp:8 engine:vllm', ctx);
    expect(replyText(reply)).toMatch(/tp:8/);
    expect(reply.chart?.title).toMatch(/per GPU of 8/);
  });
  test('GIVEN one GPU THEN no split section', async () => {
    const reply = await dispatch('model:llama-3.1-8b how:true', ctx);
    expect(reply.sections.some((s) => s.title.startsWith('Per GPU: how'))).toBe(false);
  });
});
