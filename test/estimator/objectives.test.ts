/**
 * Preference and RL objectives (src/estimator/objectives.ts), hand-computed on Llama-3.1-8B
 * (config.json: hidden 4096, 32 layers, 8 KV heads of 128, vocab 128,256, untied head;
 * 8,030,261,248 parameters, lm_head 128,256 x 4096 = 525,336,576).
 */
import fc from 'fast-check';
import { buildConfig } from '../../src/config';
import { objectivePlan, objectiveSetup, policyLogits, TRL_VLLM_GPU_MEMORY_UTILIZATION } from '../../src/estimator/objectives';
import { baseWeightBytes } from '../../src/estimator/state';
import type { Estimate, Phase } from '../../src/estimator/types';
import { cfg, comp, est, setup } from './helpers';
import { candidates } from '../../src/tips';
import { GPUS } from '../../src/catalog/gpus';

const PARAMS = 8_030_261_248;
const V = 128_256;
const BF16_WEIGHTS = 2 * PARAMS;
/** bf16 K and V of one token over 32 layers: 2 x 8 heads x 128 x 2 B x 32. */
const KV_PER_TOKEN = 2 * 8 * 128 * 2 * 32;

const phase = (e: Estimate, p: Phase): number => e.phases.find((x) => x.phase === p)?.allocatedBytes ?? Number.NaN;
const has = (e: Estimate, id: string): boolean => e.components.some((c) => c.id === id);

function plan(line: string): NonNullable<ReturnType<typeof objectivePlan>> {
  const s = setup(line);
  const base = baseWeightBytes(objectiveSetup(s));
  const p = objectivePlan(s, base.bytes, base.unshardedBytes, 0);
  if (!p) throw new Error(`no objective plan for ${line}`);
  return p;
}

function refusal(line: string): { key: string | undefined; code: string } {
  const raw = Object.fromEntries(line.split(/\s+/).map((t) => [t.slice(0, t.indexOf(':')), t.slice(t.indexOf(':') + 1)]));
  const r = buildConfig(raw);
  if (r.ok) throw new Error(`expected ${line} to be refused`);
  const e = r.errors[0];
  return { key: e?.key, code: e?.code ?? '' };
}

describe('DPO: chosen and rejected in one batch, a frozen reference', () => {
  const DPO = 'model:llama-3.1-8b objective:dpo precision:bf16 seq:1024';

  test('GIVEN full fine-tuning THEN the reference is one more bf16 copy of the weights: 2 x 8,030,261,248 = 16,060,522,496 B, resident from load', () => {
    const e = est(DPO);
    const pre = est(`${DPO} ref:precomputed`);
    expect(comp(e, 'reference_model')).toBe(16_060_522_496);
    expect(BF16_WEIGHTS).toBe(16_060_522_496);
    expect(phase(e, 'load') - phase(pre, 'load')).toBe(16_060_522_496);
    expect(has(pre, 'reference_model')).toBe(false);
  });

  test('GIVEN batch 1 x seq 1024 THEN 2 x 1 x 1024 = 2048 tokens under autograd, the activations of an SFT batch of 2', () => {
    const e = est(DPO);
    expect(e.tokens).toBe(2048);
    const sft = est('model:llama-3.1-8b precision:bf16 seq:1024 batch:2 gc:true');
    expect(sft.tokens).toBe(2048);
    expect(comp(e, 'activations')).toBe(comp(sft, 'activations'));
  });

  test('GIVEN bf16 logits THEN selective_log_softmax: logits 2 B x 2 x 1024 x V + saved log_softmax 2 B x 2 x 1023 x V; backward 4 B x 2 x 1023 x V', () => {
    // E = 2 x 1024 x 128,256 = 262,668,288; U = 2 x 1023 x 128,256 = 262,411,776.
    const E = 2 * 1024 * V;
    const U = 2 * 1023 * V;
    expect(E).toBe(262_668_288);
    expect(U).toBe(262_411_776);
    const p = plan(DPO);
    expect(p.rows).toBe(2);
    expect(p.logits.forwardBytes).toBe(2 * E + 2 * U);
    expect(p.logits.forwardBytes).toBe(1_050_160_128);
    expect(p.logits.backwardBytes).toBe(4 * U);
    expect(p.logits.backwardBytes).toBe(1_049_647_104);
  });

  test('GIVEN the no_grad reference forward THEN its logits 2 x 1024 x V x 2 B + one row\'s log_softmax 1023 x V x 2 B = 787,748,352 B sit on top of the policy\'s forward', () => {
    const refFwd = 2 * 1024 * V * 2 + 1023 * V * 2;
    expect(refFwd).toBe(787_748_352);
    const e = est(DPO);
    const pre = est(`${DPO} ref:precomputed`);
    expect(plan(DPO).referenceForward.bytes).toBe(refFwd);
    // The forward phase: the same policy step, plus the reference copy and its forward.
    expect(phase(e, 'forward') - phase(pre, 'forward')).toBe(16_060_522_496 + refFwd);
    expect(e.phases.find((x) => x.phase === 'forward')?.what).toMatch(/reference forward/);
  });

  test('GIVEN LoRA THEN no copy (the adapter is disabled for the reference), but the reference forward still runs', () => {
    const e = est(`${DPO} lora:true`);
    expect(has(e, 'reference_model')).toBe(false);
    expect(plan(`${DPO} lora:true`).refKind).toBe('adapter');
    expect(plan(`${DPO} lora:true`).referenceForward.bytes).toBe(787_748_352);
    expect(e.notes.join(' ')).toMatch(/adapter disabled/);
  });

  test('GIVEN ZeRO-3 on 8 GPUs THEN the reference is sharded like the policy: 16,060,522,496 / 8 = 2,007,565,312 B', () => {
    const e = est(`${DPO} sharding:zero3 gpus:8`);
    expect(comp(e, 'reference_model')).toBe(2_007_565_312);
    expect(comp(e, 'reference_model')).toBe(comp(e, 'weights'));
  });

  test('GIVEN mixed under DeepSpeed THEN prepare_deepspeed casts the reference to bf16: 16,060,522,496 B whole at ZeRO-2 (stage 0), / 2 at ZeRO-3 on 2 GPUs; FSDP keeps the fp32 shard (32,121,044,992 / 2)', () => {
    expect(comp(est('model:llama-3.1-8b objective:dpo sharding:zero2 gpus:2'), 'reference_model')).toBe(16_060_522_496);
    expect(comp(est('model:llama-3.1-8b objective:dpo sharding:zero3 gpus:2'), 'reference_model')).toBe(8_030_261_248);
    expect(comp(est('model:llama-3.1-8b objective:dpo sharding:fsdp gpus:2'), 'reference_model')).toBe(16_060_522_496);
  });

  test('GIVEN ipo THEN the same memory as dpo (only loss_type differs)', () => {
    expect(est('model:llama-3.1-8b objective:ipo precision:bf16 seq:1024').totalBytes).toBe(est(DPO).totalBytes);
  });
});

describe('precision:mixed (TRL\'s default): accelerate converts the model\'s outputs to fp32', () => {
  test('GIVEN DPO under mixed THEN fp32 logits: forward max(4 B x E, the bf16 output beside its copy 6 B x E) = 1,576,009,728 B; backward 4 B x E + 8 B x U = 3,149,967,360 B', () => {
    const p = plan('model:llama-3.1-8b objective:dpo seq:1024');
    const E = 2 * 1024 * V;
    const U = 2 * 1023 * V;
    expect(p.logits.forwardBytes).toBe(6 * E);
    expect(p.logits.forwardBytes).toBe(1_576_009_728);
    expect(p.logits.backwardBytes).toBe(4 * E + 8 * U);
    expect(p.logits.backwardBytes).toBe(3_149_967_360);
  });
  test('GIVEN DeepSpeed (its own bf16, no native-AMP wrapper) THEN 16-bit logits and log_softmax again: 2 B x E + 2 B x U', () => {
    const p = plan('model:llama-3.1-8b objective:dpo seq:1024 sharding:zero2 gpus:2');
    expect(p.logits.forwardBytes).toBe(2 * 2 * 1024 * V + 2 * 2 * 1023 * V);
  });
});

describe('ORPO, SimPO, CPO, KTO, reward models', () => {
  test('GIVEN orpo THEN no reference; logits add cross-entropy over the chosen row: 2 x (2 x 1024 x V) + 2 x (2 x 1023 + 1023) x V = 1,312,571,904 B', () => {
    const p = plan('model:llama-3.1-8b objective:orpo precision:bf16 seq:1024');
    expect(p.refKind).toBe('none');
    expect(p.logits.forwardBytes).toBe(2 * 2 * 1024 * V + 2 * (2 * 1023 + 1023) * V);
    expect(p.logits.forwardBytes).toBe(1_312_571_904);
    expect(has(est('model:llama-3.1-8b objective:orpo precision:bf16 seq:1024'), 'reference_model')).toBe(false);
  });

  test('GIVEN simpo THEN the DPO layout without a reference and without the NLL term: 1,050,160,128 B of logits', () => {
    const p = plan('model:llama-3.1-8b objective:simpo precision:bf16 seq:1024');
    expect(p.refKind).toBe('none');
    expect(p.logits.forwardBytes).toBe(1_050_160_128);
  });

  test('GIVEN kto (batch defaults to TRL\'s 8) THEN 8 unpaired rows under autograd, a reference copy and its forward over 8 rows', () => {
    const e = est('model:llama-3.1-8b objective:kto precision:bf16 seq:1024');
    expect(e.config.batch).toBe(8);
    expect(e.tokens).toBe(8 * 1024);
    expect(comp(e, 'reference_model')).toBe(16_060_522_496);
    const p = plan('model:llama-3.1-8b objective:kto precision:bf16 seq:1024');
    // max(layer transient, 8 x 1024 x V x 2 B + one row 1023 x V x 2 B) = 2,101,346,304 + 262,411,776.
    expect(p.referenceForward.bytes).toBe(8 * 1024 * V * 2 + 1023 * V * 2);
    expect(has(est('model:llama-3.1-8b objective:kto precision:bf16 seq:1024 ref:precomputed'), 'reference_model')).toBe(false);
  });

  test('GIVEN rm THEN lm_head becomes a 4096 x 1 score: (8,030,261,248 - 525,336,576 + 4096) x 2 B = 15,009,857,536 B of weights; logits 2 x 2048 tokens x 1 x 2 B', () => {
    const e = est('model:llama-3.1-8b objective:rm precision:bf16 seq:2048');
    expect((PARAMS - 128_256 * 4096 + 4096) * 2).toBe(15_009_857_536);
    expect(comp(e, 'weights')).toBe(15_009_857_536);
    expect(e.tokens).toBe(2 * 2048);
    const p = plan('model:llama-3.1-8b objective:rm precision:bf16 seq:2048');
    expect(p.logits.forwardBytes).toBe(2 * 2048 * 2);
    expect(p.refKind).toBe('none');
  });
});

describe('GRPO: a rollout, then the training step over prompt + completion', () => {
  const GRPO = 'model:llama-3.1-8b objective:grpo precision:bf16 lora:true seq:256 completion:512';

  test('GIVEN beta 0 (GRPOConfig default) THEN no reference; beta:0.04 with full fine-tuning THEN a copy', () => {
    expect(plan(GRPO).refKind).toBe('none');
    const full = est('model:llama-3.1-8b objective:grpo precision:bf16 seq:256 completion:512 beta:0.04');
    expect(comp(full, 'reference_model')).toBe(16_060_522_496);
  });

  test('GIVEN batch 8 (TRL default) THEN 8 x (256 + 512) = 6144 tokens; logits over logits_to_keep + 1 = 513 positions, the saved log_softmax over 512, and the entropy\'s copy (512 positions) and 3 chunks of 128 rows: 3,252,572,160 B', () => {
    const e = est(GRPO);
    expect(e.config.batch).toBe(8);
    expect(e.tokens).toBe(6144);
    const p = plan(GRPO);
    // 2 x 526,362,624 + 2 x 525,336,576 + (2 x 525,336,576 + 3 x 128 x 128,256 x 2 = 1,149,173,760).
    expect(p.logits.forwardBytes).toBe(2 * 8 * 513 * V + 2 * 8 * 512 * V + 2 * 8 * 512 * V + 3 * 128 * V * 2);
    expect(p.logits.forwardBytes).toBe(3_252_572_160);
  });

  test('GIVEN rollout:hf THEN a generation phase whose DynamicCache holds 8 x 768 tokens x 131,072 B = 805,306,368 B, with no gradients alive', () => {
    const e = est(GRPO);
    expect(KV_PER_TOKEN).toBe(131_072);
    expect(comp(e, 'rollout_kv')).toBe(8 * 768 * KV_PER_TOKEN);
    expect(comp(e, 'rollout_kv')).toBe(805_306_368);
    const gen = phase(e, 'generation');
    // Weights + adapters + optimizer states + cuBLAS + the rollout (gradients freed by zero_grad).
    expect(gen).toBe(comp(e, 'weights') + comp(e, 'adapter_weights') + comp(e, 'optimizer_states') + comp(e, 'cublas_workspace') + comp(e, 'rollout_kv') + comp(e, 'rollout_work'));
    expect(e.phases.map((p) => p.phase)).toEqual(['load', 'generation', 'forward', 'backward', 'optimizer']);
  });

  test('GIVEN accum:8 THEN HF generates 8 x 8 = 64 sequences at once (steps_per_generation = accum): 8 x the cache', () => {
    const e = est(`${GRPO} accum:8`);
    expect(comp(e, 'rollout_kv')).toBe(64 * 768 * KV_PER_TOKEN);
  });

  test('GIVEN a long rollout THEN the reply says the generation phase peaks', () => {
    const e = est('model:llama-3.1-8b objective:grpo precision:bf16 lora:true seq:512 completion:8192 accum:8');
    expect(e.peakPhase).toBe('generation');
    expect(e.notes.join(' ')).toMatch(/the generation phase \(rollout\) peaks/);
  });

  test('GIVEN rollout:vllm on an H100 THEN vLLM holds util 0.3 x 85,520,809,984 B; sleep:true releases it outside generation (only its CUDA graphs stay)', () => {
    const line = `${GRPO} rollout:vllm gpu:h100`;
    const p = plan(line);
    expect(TRL_VLLM_GPU_MEMORY_UTILIZATION).toBe(0.3);
    expect(p.vllm?.budgetBytes).toBeCloseTo(0.3 * 85_520_809_984, 0);
    const awake = est(line);
    const asleep = est(`${line} sleep:true`);
    expect(phase(awake, 'forward') - phase(asleep, 'forward')).toBeCloseTo(p.vllm?.budgetBytes ?? 0, 0);
    expect(has(awake, 'rollout_kv')).toBe(false);
    expect(asleep.peakPhase).toBe('generation');
  });

  test('GIVEN rollout:server THEN nothing of the generation on this GPU but the old log-probs (importance sampling correction), no vLLM', () => {
    const e = est(`${GRPO} rollout:server`);
    expect(has(e, 'vllm_engine')).toBe(false);
    expect(has(e, 'rollout_kv')).toBe(false);
    expect(plan(`${GRPO} rollout:server`).rollout?.what).toMatch(/old log-probs/);
  });
});

describe('PPO: policy, reference, value and reward models', () => {
  test('GIVEN LoRA THEN the reward and value models are the backbone + a 4096 x 1 score in bf16 (15,009,857,536 B each), loaded with the policy', () => {
    const e = est('model:llama-3.1-8b objective:ppo precision:bf16 lora:true seq:256');
    expect(comp(e, 'reward_model')).toBe(15_009_857_536);
    // Load: policy weights + adapters + reward + value weights + cuBLAS.
    expect(phase(e, 'load')).toBe(16_060_522_496 + comp(e, 'adapter_weights') + 2 * 15_009_857_536 + comp(e, 'cublas_workspace'));
    expect(e.tokens).toBe(256 + 53);
    expect(plan('model:llama-3.1-8b objective:ppo precision:bf16 lora:true seq:256').refKind).toBe('adapter');
  });
});

describe('refused with a coded error naming the key', () => {
  test.each([
    ['model:llama-3.1-8b objective:dpo rollout:vllm', 'rollout'],
    ['model:llama-3.1-8b objective:orpo ref:precomputed', 'ref'],
    ['model:llama-3.1-8b objective:grpo ref:precomputed', 'ref'],
    ['model:llama-3.1-8b objective:grpo sleep:true', 'sleep'],
    ['model:llama-3.1-8b objective:grpo rollout:vllm', 'rollout'],
    ['model:llama-3.1-8b objective:grpo generations:3', 'generations'],
    ['model:llama-3.1-8b objective:dpo generations:4', 'generations'],
    ['model:llama-3.1-8b objective:dpo gpus:2 tp:2', 'tp'],
    ['model:llama-3.1-8b objective:kto batch:1', 'batch'],
    ['model:llama-3.1-8b rollout:vllm', 'rollout'],
  ])('GIVEN %s THEN conflict on %s', (line, key) => {
    expect(refusal(line)).toEqual({ key, code: 'conflict' });
  });
});

describe('sft', () => {
  test('GIVEN objective:sft THEN the estimate without the key', () => {
    expect(est('model:llama-3.1-8b objective:sft').totalBytes).toBe(est('model:llama-3.1-8b').totalBytes);
  });
  test('GIVEN objective:dpo with TRL defaults THEN precision mixed (float32 load) and gradient checkpointing, listed as assumed', () => {
    const r = buildConfig({ model: 'llama-3.1-8b', objective: 'dpo' });
    if (!r.ok) throw new Error('refused');
    expect(r.value.config.precision).toBe('mixed');
    expect(r.value.config.gc).toBe('true');
    expect(r.value.assumed.map((a) => a.key)).toEqual(expect.arrayContaining(['precision', 'gc']));
    // DPOConfig.max_length 1024: 2 x 1 x 1024 tokens under autograd.
    expect(r.value.config.seq).toBe(1024);
    expect(est('model:llama-3.1-8b objective:dpo').tokens).toBe(2048);
    expect(r.value.assumed.find((a) => a.key === 'seq')?.why).toMatch(/max_length/);
  });
});

describe('policyLogits', () => {
  test('GIVEN fp32 logits THEN logsumexp keeps the whole tensor: forward 4 B x E; backward 4 B x E + 8 B x U', () => {
    const s = setup('model:llama-3.1-8b objective:dpo precision:fp32 seq:16');
    const r = policyLogits(s, 2, 16, 15);
    expect(r.forwardBytes).toBe(4 * 2 * 16 * V);
    expect(r.backwardBytes).toBe(4 * 2 * 16 * V + 8 * 2 * 15 * V);
  });
});

describe('properties over the objectives', () => {
  const OBJECTIVES = ['dpo', 'ipo', 'orpo', 'simpo', 'cpo', 'kto', 'rm', 'grpo', 'ppo'] as const;
  const line = fc.record({
    objective: fc.constantFrom(...OBJECTIVES),
    method: fc.constantFrom('full', 'lora', 'qlora'),
    precision: fc.constantFrom('bf16', 'mixed', 'fp32'),
    model: fc.constantFrom('llama-3.2-1b', 'qwen-2.5-7b', 'llama-3.1-8b'),
    batch: fc.constantFrom(2, 4, 8, 16),
    seq: fc.integer({ min: 16, max: 4096 }),
    layout: fc.constantFrom('', 'gpus:4 sharding:zero3', 'gpus:2 sharding:ddp', 'gpus:4 sharding:fsdp', 'gpus:4 sharding:zero2'),
    rollout: fc.constantFrom('hf', 'vllm', 'server'),
    sleep: fc.boolean(),
    beta: fc.constantFrom(0, 0.04),
  }).map((r) => {
    const parts = [`model:${r.model}`, `objective:${r.objective}`, `method:${r.method}`, `precision:${r.precision}`, `batch:${r.batch}`, `seq:${r.seq}`, r.layout];
    if (r.objective === 'grpo') {
      parts.push(`generations:2 beta:${r.beta} rollout:${r.rollout}`);
      if (r.rollout === 'vllm') parts.push(`gpu:h100 sleep:${r.sleep}`);
    }
    return parts.filter((p) => p !== '').join(' ');
  }).filter((l) => buildConfig(Object.fromEntries(l.split(' ').map((t) => [t.slice(0, t.indexOf(':')), t.slice(t.indexOf(':') + 1)]))).ok);

  test('PROPERTY: every number finite and non-negative, the peak the largest phase, and a larger batch never lowers the peak', () => {
    fc.assert(fc.property(line, (l) => {
      const e = est(l);
      for (const c of e.components) expect({ l, id: c.id, ok: Number.isFinite(c.bytes) && c.bytes >= 0 }).toEqual({ l, id: c.id, ok: true });
      const top = Math.max(...e.phases.map((p) => p.allocatedBytes));
      expect(e.allocatedBytes).toBe(top);
      expect(e.phases.find((p) => p.phase === e.peakPhase)?.allocatedBytes).toBe(top);
      const bigger = l.replace(/batch:(\d+)/, (_m, b: string) => `batch:${2 * Number(b)}`);
      expect(est(bigger).allocatedBytes).toBeGreaterThanOrEqual(e.allocatedBytes);
    }), { numRuns: 150 });
  });
});

describe('how:true', () => {
  test.each([
    'model:llama-3.1-8b objective:dpo', 'model:llama-3.1-8b objective:orpo', 'model:llama-3.1-8b objective:kto lora:true', 'model:llama-3.1-8b objective:rm',
    'model:llama-3.1-8b objective:grpo beta:0.04 sharding:zero3 gpus:4', 'model:llama-3.1-8b objective:grpo lora:true rollout:vllm gpu:h100',
    'model:llama-3.1-8b objective:ppo lora:true seq:256', 'model:llama-3.1-8b objective:grpo rollout:server',
  ])('GIVEN %s THEN every component has a formula with its numbers (no unrendered objects)', (l) => {
    const e = est(l);
    for (const c of e.components) {
      const text = JSON.stringify(c.formula);
      expect({ id: c.id, empty: c.formula.length === 0, raw: text.includes('[object') }).toEqual({ id: c.id, empty: false, raw: false });
    }
  });
});

describe('tips', () => {
  const texts = (l: string, gpu: string | null = null): string[] => candidates(cfg(l), gpu === null ? null : (GPUS.find((g) => g.id === gpu) ?? null)).map((c) => c.text);
  test('GIVEN dpo THEN ref:precomputed is proposed and a fused or chunked loss (not modelled for TRL\'s losses) is not', () => {
    const t = texts('model:llama-3.1-8b objective:dpo');
    expect(t).toContain('ref:precomputed');
    expect(t).not.toContain('loss:fused');
    expect(t).not.toContain('loss:chunked');
    // The same setup as SFT is offered the fused loss: the guard is the objective's.
    expect(texts('model:llama-3.1-8b')).toContain('loss:fused');
    expect(texts('model:llama-3.1-8b objective:dpo ref:precomputed')).not.toContain('ref:precomputed');
  });
  test('GIVEN grpo with HF generate on a named card THEN rollout:vllm sleep:true, rollout:server, fewer generations with the batch, a shorter completion', () => {
    const t = texts('model:llama-3.1-8b objective:grpo lora:true gpu:h100', 'h100');
    expect(t).toEqual(expect.arrayContaining(['rollout:vllm sleep:true', 'rollout:server', 'generations:4 batch:4', 'completion:256']));
    expect(texts('model:llama-3.1-8b objective:grpo lora:true rollout:vllm gpu:h100', 'h100')).toContain('sleep:true');
    expect(texts('model:llama-3.1-8b objective:grpo beta:0.04')).toContain('beta:0');
  });
  test('GIVEN the tip ref:precomputed on full-FT DPO THEN it saves at least the reference copy (16,060,522,496 B)', () => {
    const e = est('model:llama-3.1-8b objective:dpo precision:bf16');
    const pre = est('model:llama-3.1-8b objective:dpo precision:bf16 ref:precomputed');
    expect(e.totalBytes - pre.totalBytes).toBeGreaterThanOrEqual(16_060_522_496);
  });
});
