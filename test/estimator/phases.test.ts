import { comp, est, GiB } from './helpers';

describe('phases and the peak', () => {
  test('GIVEN full fine-tuning with torch AdamW THEN the peak is the larger of backward and the optimizer step, and says which', () => {
    const e = est('model:llama-3.2-1b gc:true');
    const max = Math.max(...e.phases.map((p) => p.allocatedBytes));
    expect(e.allocatedBytes).toBe(max);
    expect(e.phases.find((p) => p.phase === e.peakPhase)?.allocatedBytes).toBe(max);
    // gc + short sequence: weights + grads + 2 states + foreach temporary (= 5 x P x 2 B) dominate
    expect(e.peakPhase).toBe('optimizer');
  });
  test('GIVEN a long sequence without checkpointing THEN backward sets the peak', () => {
    expect(est('model:llama-3.2-1b seq:8192 batch:4').peakPhase).toBe('backward');
  });
  test('GIVEN accum:1 THEN gradients are not live at the backward-start peak; accum:4 THEN they are', () => {
    const one = est('model:llama-3.2-1b seq:8192 batch:4');
    const four = est('model:llama-3.2-1b seq:8192 batch:4 accum:4');
    const g1 = one.components.find((c) => c.id === 'gradients');
    const g4 = four.components.find((c) => c.id === 'gradients');
    expect(g4?.inPeak).toBe(true);
    expect(four.allocatedBytes).toBeGreaterThan(one.allocatedBytes);
    // at the backward start with accum:1 only lm_head's gradient exists
    expect(g1?.bytes ?? 0).toBeLessThan(g4?.bytes ?? 0);
  });
  test('GIVEN any estimate THEN nvidia-smi total = reserved + CUDA context, reserved >= allocated', () => {
    const e = est('model:llama-3.1-8b lora:true');
    expect(e.totalBytes).toBeCloseTo(e.reservedBytes + comp(e, 'cuda_context'), 0);
    expect(e.reservedBytes).toBeGreaterThanOrEqual(e.allocatedBytes);
  });
  test('GIVEN paged 8-bit AdamW THEN its states count in nvidia-smi but not in allocated', () => {
    const paged = est('model:llama-3.2-1b optimizer:paged-adamw-8bit gc:true');
    const plain = est('model:llama-3.2-1b optimizer:adamw-8bit gc:true');
    expect(paged.allocatedBytes).toBeLessThan(plain.allocatedBytes);
    expect(paged.totalBytes).toBeGreaterThan(paged.reservedBytes + comp(paged, 'cuda_context') + 0.5 * comp(plain, 'optimizer_states'));
  });
  test('GIVEN DDP on 4 GPUs THEN each GPU holds everything plus a gradient-sized bucket copy', () => {
    const one = est('model:llama-3.2-1b gc:true');
    const ddp = est('model:llama-3.2-1b gc:true gpus:4 sharding:ddp');
    expect(ddp.allocatedBytes - one.allocatedBytes).toBeCloseTo(1_235_814_400 * 2, -3);
  });
  test('GIVEN serving THEN weights + KV cache + prefill, and the peak phase is serve', () => {
    const e = est('model:llama-3.1-8b mode:infer context:8192 batch:1');
    expect(e.peakPhase).toBe('serve');
    expect(comp(e, 'kv_cache')).toBe(GiB);
  });
  test('GIVEN a full fine-tune THEN the disk holds the base download plus weights and optimizer states', () => {
    const e = est('model:llama-3.1-8b');
    expect(e.disk.bytes).toBe(8_030_261_248 * 2 + 8_030_261_248 * 2 + 2 * 8_030_261_248 * 2);
  });
  test('GIVEN LoRA THEN the checkpoint holds the adapter only', () => {
    const e = est('model:llama-3.1-8b lora:true');
    expect(e.disk.bytes).toBe(8_030_261_248 * 2 + 41_943_040 * 4 + 2 * 41_943_040 * 4);
  });
  test('GIVEN optimizer offload THEN the host RAM holds fp32 master weights and two states', () => {
    const e = est('model:llama-3.1-8b gpus:2 sharding:zero3 offload:optimizer');
    expect(e.hostRam.parts.find((p) => p.label.startsWith('offloaded optimizer'))?.bytes).toBe(8_030_261_248 * 12);
  });
});
