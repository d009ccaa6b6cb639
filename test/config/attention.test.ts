import { resolveArgs } from '../../src/report';
import { reportFromArgs } from '../../commands/estimate-line';

const ok = (raw: Record<string, string>) => {
  const r = resolveArgs(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value.built;
};

describe("the attention kernels transformers offers a model", () => {
  test('GIVEN gpt-oss in training with attention left at its default THEN eager is assumed, with the reason', () => {
    const b = ok({ model: 'gpt-oss-20b', lora: 'true' });
    expect(b.config.attention).toBe('eager');
    expect(b.assumed.find((a) => a.key === 'attention')?.why).toMatch(/no SDPA path/);
  });
  test('GIVEN gpt-oss with attention:sdpa typed THEN refused, naming the key and the kernels that work', () => {
    const r = resolveArgs({ model: 'gpt-oss-20b', lora: 'true', attention: 'sdpa' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]?.key).toBe('attention');
    expect(JSON.stringify(r.errors[0])).toMatch(/attention:eager.*attention:flash/);
  });
  test('GIVEN gpt-oss served by vLLM THEN its own kernels: sdpa stays (the setting is HF-only)', () => {
    expect(ok({ model: 'gpt-oss-20b', mode: 'infer', engine: 'vllm' }).config.attention).toBe('sdpa');
  });
  test('GIVEN Llama 4 with attention:flash THEN refused (transformers has no FlashAttention path for it)', () => {
    const r = resolveArgs({ model: 'llama-4-scout-17b-16e', lora: 'true', attention: 'flash' });
    expect(r.ok).toBe(false);
  });
  test('GIVEN gpt-oss at eager THEN no tip proposes the refused sdpa, and the s x s scores are in the activations', () => {
    const r = reportFromArgs({ model: 'gpt-oss-20b', lora: 'true', seq: '4096' });
    if (!r.ok) throw new Error('report');
    expect(r.value.tips.some((t) => t.change === 'attention:sdpa')).toBe(false);
    expect(r.value.tips.some((t) => t.change === 'attention:flash')).toBe(true);
    const flash = reportFromArgs({ model: 'gpt-oss-20b', lora: 'true', seq: '4096', attention: 'flash' });
    if (!flash.ok) throw new Error('report');
    // eager keeps (4 + 2) x heads x s per token per layer more: 6 x 64 x 4096 x 4096 tokens x 24 layers.
    const act = (x: typeof r.value) => x.components.find((c) => c.id === 'activations')?.bytes ?? 0;
    expect(act(r.value) - act(flash.value)).toBeGreaterThan(6 * 64 * 4096 * 4096 * 24 * 0.9);
  });
});
