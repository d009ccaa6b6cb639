import { layerTerms, perGpuPerToken, sumTerms, activations } from '../../src/estimator/activations';
import { commBuffers, layoutOf, NCCL_COMMUNICATOR_BYTES, stageLayers } from '../../src/estimator/parallel';
import { makeSetup } from '../../src/estimator/setup';
import { baseWeightBytes, gradientBytes, optimizerStateBytes } from '../../src/estimator/state';
import { kvCacheBytes } from '../../src/estimator/serving';
import { logitsBytes } from '../../src/estimator/logits';
import { buildConfig } from '../../src/config';
import { resolveArgs } from '../../src/report';
import type { ModelArch } from '../../src/model/arch';
import { arch, cfg, comp, est, GiB, setup } from './helpers';

/** key:value pairs of a line, as the adapters pass them. */
const args = (line: string): Record<string, string> => Object.fromEntries(line.split(/\s+/).map((t) => [t.slice(0, t.indexOf(':')), t.slice(t.indexOf(':') + 1)]));

/** The problems a layout is refused with: [key, detail]. */
function refused(line: string): { key: string; detail: string }[] {
  const r = resolveArgs(args(line));
  if (r.ok) return [];
  return r.errors.map((e) => ({ key: e.key ?? '', detail: 'detail' in e ? String(e.detail) : '' }));
}

describe('tensor parallelism: each GPU holds 1/tp of every linear, the embedding and the head', () => {
  // Llama-3.1-70B by hand (config.json: h 8192, f 28672, 80 layers, 64 heads, 8 KV heads, d 128, V 128256, untied).
  // Per GPU at tp 8, per layer: q 8192 x 1024, k and v 8192 x 128 each, o 1024 x 8192,
  // gate/up/down 3 x 8192 x 3584, two RMSNorms 2 x 8192 (replicated) = 106,971,136;
  // embedding and head 16,032 x 8192 each (vocabulary-parallel), final norm 8192.
  const PER_LAYER = 8192 * 1024 + 2 * 8192 * 128 + 1024 * 8192 + 3 * 8192 * 3584 + 2 * 8192;
  const PER_GPU = 80 * PER_LAYER + 2 * (128_256 / 8) * 8192 + 8192;
  test('GIVEN Llama-3.1-70B tp:8 THEN 8,820,367,360 params and 17,640,734,720 B of bf16 weights per GPU', () => {
    expect(PER_LAYER).toBe(106_971_136);
    expect(PER_GPU).toBe(8_820_367_360);
    const s = setup('model:llama-3.1-70b mode:infer gpus:8 tp:8');
    expect(s.params.total).toBe(PER_GPU);
    expect(baseWeightBytes(s).bytes).toBe(17_640_734_720);
  });
  test('GIVEN the published vLLM log of a Llama-70B architecture at -tp 8 THEN the weights per GPU are the shard plus vLLM\'s rotary cache: "Loading model weights took 16.4610 GB"', () => {
    // vllm-project/vllm-ascend issue #2235 (calibration/serving.jsonl sv010): DeepSeek-R1-Distill-Llama-70B,
    // tensor_parallel_size 8, every rank logs 16.4610 GB (vLLM prints GiB: bytes / 2**30). Beyond the
    // parameters vLLM holds its rotary cos/sin cache: 131,072 positions x 128 x 2 B = 32 MiB.
    const e = est('model:deepseek-r1-distill-llama-70b mode:infer engine:vllm gpus:8 tp:8 context:32767');
    expect(comp(e, 'weights')).toBe(17_640_734_720 + 131_072 * 128 * 2);
    expect(Math.abs(comp(e, 'weights') / GiB - 16.461) / 16.461).toBeLessThan(0.001);
  });
  test('GIVEN vLLM at tp:4 THEN its custom all-reduce buffer is allocated on NVLink cards, not on four PCIe-only cards (custom_all_reduce.py)', () => {
    const nv = commBuffers(setup('model:llama-3.1-70b mode:infer engine:vllm gpus:4 tp:4 gpu:h100'));
    const pcie = commBuffers(setup('model:llama-3.1-70b mode:infer engine:vllm gpus:4 tp:4 gpu:l40s'));
    const two = commBuffers(setup('model:llama-3.1-70b mode:infer engine:vllm gpus:2 tp:2 gpu:l40s'));
    expect(nv.driverBytes - pcie.driverBytes).toBe(8 * 1024 * 1024);
    expect(two.parts.some((p) => /custom all-reduce/.test(p.label))).toBe(true);
    expect(pcie.parts.some((p) => /custom all-reduce/.test(p.label))).toBe(false);
  });
  test('GIVEN 2 GPUs THEN tp:2 halves the weights, and the whole model is still counted once in the reply', () => {
    const one = setup('model:llama-3.1-8b mode:infer');
    const two = setup('model:llama-3.1-8b mode:infer gpus:2 tp:2');
    // Norms are replicated: (P - norms) / 2 + norms.
    const norms = 32 * 2 * 4096 + 4096;
    expect(two.params.total).toBe((one.params.total - norms) / 2 + norms);
    expect(two.modelParams.total).toBe(one.params.total);
    expect(est('model:llama-3.1-8b mode:infer gpus:2 tp:2').model.params).toBe(one.params.total);
  });
  test('GIVEN full fine-tuning with tp:4 THEN gradients and AdamW states follow the GPU\'s parameters', () => {
    const s = setup('model:llama-3.1-70b gpus:4 tp:4');
    expect(gradientBytes(s)).toBe(s.params.total * 2);
    expect(optimizerStateBytes(s).bytes).toBe(2 * s.params.total * 2);
  });
  test('GIVEN LoRA with tp:2 THEN each GPU holds the adapters of its shards: r x (in/2 + out) or r x (in + out/2)', () => {
    // q_proj is column-parallel in Megatron: A (r x in) whole, B (out/tp x r). Our view divides the
    // head dimension, so every adapter is r x (in + out) over the GPU's own shard of the layer.
    const one = setup('model:llama-3.1-8b lora:true targets:q');
    const two = setup('model:llama-3.1-8b lora:true targets:q gpus:2 tp:2');
    expect(one.adapterParams).toBe(32 * 16 * (4096 + 4096));
    expect(two.adapterParams).toBe(32 * 16 * (4096 + 2048));
  });
  test('GIVEN tp:8 THEN the logits are vocabulary-parallel: V/8 columns per GPU', () => {
    const one = logitsBytes(setup('model:llama-3.1-8b'));
    const eight = logitsBytes(setup('model:llama-3.1-8b gpus:8 tp:8'));
    expect(eight.backwardBytes).toBe(one.backwardBytes / 8);
  });
});

describe('sequence parallelism and Korthikanti et al. 2022', () => {
  // A GPT-style layer (pre-LayerNorm, sequential, MHA, GELU MLP of 4h) built from Llama-2-7B's shape:
  // the architecture the paper counts. Full fine-tuning, bf16, SDPA, no dropout.
  const gpt: ModelArch = { ...arch('llama-2-7b'), mlp: 'plain', activation: 'gelu', norm: 'layernorm', intermediate: 4 * 4096, normsPerLayer: 2 };
  const h = 4096;
  const split = (line: string) => {
    const s = makeSetup(gpt, cfg(line));
    const t = layerTerms(s, false);
    const seq = sumTerms(t.filter((x) => x.scope === 'seq'));
    return { s, t, seq, rest: sumTerms(t) - seq, perGpu: perGpuPerToken(s, t) };
  };
  test('GIVEN tp:8 without sequence parallelism THEN the tensors tp keeps whole are 8h per token: Korthikanti\'s 10sbh less the two dropout masks', () => {
    // Sec. 4.1: two LayerNorm inputs (2 x 2sbh), the QKV input (2sbh), the MLP input (2sbh) and two dropout masks (2 x sbh) are not split.
    const { seq } = split('model:llama-2-7b gpus:8 tp:8 sp:false');
    expect(seq).toBe(8 * h);
  });
  test('GIVEN tp:8 THEN the rest splits 8 ways: Korthikanti\'s 24sbh/t, plus what SDPA keeps instead of the s^2 terms (its output and an fp32 logsumexp)', () => {
    const { rest } = split('model:llama-2-7b gpus:8 tp:8 sp:false');
    // q, k, v (6) + o_proj input (2) + fc1 output (8) + GELU output (8) = 24 h; SDPA's own output 2h; lse 4 B x heads.
    expect(rest).toBe((24 * h + 2 * h + 4 * 32) / 8);
  });
  test('GIVEN tp:8 with sequence parallelism THEN the whole layer is split 8 ways (sec. 4.2.2: 34sbh/t)', () => {
    const sp = split('model:llama-2-7b gpus:8 tp:8');
    const one = split('model:llama-2-7b');
    expect(sp.s.layout.sp).toBe(true);
    expect(sp.perGpu).toBe(sumTerms(one.t) / 8);
  });
  test('GIVEN sequence parallelism and checkpointing THEN each layer\'s checkpoint is 2h/tp per token', () => {
    const s = setup('model:llama-3.1-70b gpus:8 tp:8 gc:true');
    const a = activations(s);
    expect(a.forwardEndBytes).toBe(80 * (2 * 8192 / 8) * 2048 + a.finalPerToken * 2048);
  });
  test('GIVEN sequence parallelism THEN one all-gathered layer input (tokens x h) is a transient; without it THEN none', () => {
    const c = commBuffers(setup('model:llama-3.1-70b gpus:8 tp:8'));
    expect(c.transientBytes).toBe(2048 * 8192 * 2);
    expect(commBuffers(setup('model:llama-3.1-70b gpus:8 tp:8 sp:false')).transientBytes).toBe(0);
  });
});

describe('pipeline parallelism (1F1B)', () => {
  test('GIVEN 80 layers over 3 stages THEN 27, 27, 26, contiguous', () => {
    expect([0, 1, 2].map((i) => stageLayers(80, 3, i))).toEqual([{ first: 0, count: 27 }, { first: 27, count: 27 }, { first: 54, count: 26 }]);
  });
  test('GIVEN pp:4 and 8 micro-batches THEN stage i holds pp - i micro-batches of activations; with 2 micro-batches at most 2', () => {
    const c = cfg('model:llama-3.1-8b gpus:4 pp:4 microbatches:8');
    expect([0, 1, 2, 3].map((i) => layoutOf(arch('llama-3.1-8b'), c, i).inflight)).toEqual([4, 3, 2, 1]);
    const few = cfg('model:llama-3.1-8b gpus:4 pp:4 microbatches:2');
    expect(layoutOf(arch('llama-3.1-8b'), few, 0).inflight).toBe(2);
  });
  test('GIVEN pp:2 THEN the first stage holds the embedding and half the layers, the last the head, the final norm and the loss', () => {
    const c = cfg('model:llama-3.1-8b gpus:2 pp:2');
    const first = makeSetup(arch('llama-3.1-8b'), c, 0);
    const last = makeSetup(arch('llama-3.1-8b'), c, 1);
    expect(first.arch.layers).toBe(16);
    expect(first.params.embedding).toBe(128_256 * 4096);
    expect(first.params.lmHead).toBe(0);
    expect(last.params.embedding).toBe(0);
    expect(last.params.lmHead).toBe(128_256 * 4096);
    expect(logitsBytes(first).backwardBytes).toBe(0);
    expect(logitsBytes(last).backwardBytes).toBe(2048 * 128_256 * 12);
    expect(first.params.total + last.params.total).toBe(first.modelParams.total);
  });
  test('GIVEN a tied embedding on a pipeline THEN the last stage keeps its own copy for the head (Megatron\'s shared embedding)', () => {
    const c = cfg('model:llama-3.2-1b gpus:2 pp:2');
    const last = makeSetup(arch('llama-3.2-1b'), c, 1);
    expect(last.params.lmHead).toBe(128_256 * 2048);
  });
  test('GIVEN pp:4 with 8 micro-batches THEN the first stage\'s activations are 4 micro-batches of its 8 layers', () => {
    const s = makeSetup(arch('llama-3.1-8b'), cfg('model:llama-3.1-8b gpus:4 pp:4 microbatches:8'), 0);
    const a = activations(s);
    expect(a.forwardEndBytes).toBe(a.denseLayerPerToken * 8 * 2048 * 4);
  });
  test('GIVEN pp:2 THEN the estimate is of the fuller stage and says what the other needs', () => {
    const e = est('model:llama-3.1-8b gpus:2 pp:2 microbatches:4');
    expect(e.split?.pp).toBe(2);
    expect(e.split?.otherStage).toBeDefined();
    expect(e.totalBytes).toBeGreaterThanOrEqual(e.split?.otherStage?.totalBytes ?? Infinity);
    expect(e.notes.join(' ')).toMatch(/Pipeline stage \d of 2/);
  });
  test('GIVEN pp THEN each stage sends and receives one micro-batch boundary (2 x tokens x h)', () => {
    const c = commBuffers(setup('model:llama-3.1-8b gpus:2 pp:2'));
    expect(c.transientBytes).toBe(2 * 2048 * 4096 * 2);
  });
});

describe('context and expert parallelism', () => {
  test('GIVEN cp:4 THEN each GPU holds seq/4 tokens of activations and logits', () => {
    const one = setup('model:llama-3.1-8b seq:8192');
    const four = setup('model:llama-3.1-8b gpus:4 cp:4 seq:8192');
    expect(four.tokens).toBe(2048);
    expect(activations(four).forwardEndBytes).toBe(activations(one).forwardEndBytes / 4);
    expect(logitsBytes(four).backwardBytes).toBe(logitsBytes(one).backwardBytes / 4);
  });
  test('GIVEN cp THEN the K and V blocks in flight around the ring are a transient', () => {
    const c = commBuffers(setup('model:llama-3.1-8b gpus:2 cp:2 seq:8192'));
    expect(c.transientBytes).toBe(2 * 2 * 8 * 128 * 4096 * 2);
  });
  test('GIVEN Mixtral with ep:8 THEN each GPU holds one expert per layer and everything else whole', () => {
    const whole = setup('model:mixtral-8x7b mode:infer');
    const ep = setup('model:mixtral-8x7b mode:infer gpus:8 ep:8');
    const expertParams = 32 * 8 * 3 * 4096 * 14336;
    expect(whole.params.total - ep.params.total).toBe(expertParams * 7 / 8);
  });
  test('GIVEN ZeRO-1 with ep:8 over 8 GPUs THEN dense states are split 8 ways but each GPU\'s expert states are its own (dp / ep = 1)', () => {
    const s = setup('model:mixtral-8x7b gpus:8 ep:8 sharding:zero1');
    const experts = 32 * 1 * 3 * 4096 * 14336;
    const dense = s.trainableParams - experts;
    expect(optimizerStateBytes(s).bytes).toBeCloseTo(2 * 2 * (dense / 8 + experts), -2);
  });
});

describe('ZeRO and FSDP over the data-parallel group only', () => {
  test('GIVEN 16 GPUs as tp:4 x dp:4 with zero3 THEN weights are 1/4 of each tp shard', () => {
    const s = setup('model:llama-3.1-70b gpus:16 tp:4 sharding:zero3');
    expect(s.layout.dp).toBe(4);
    expect(baseWeightBytes(s).bytes).toBe((s.params.total * 2) / 4);
  });
  test('GIVEN tp:8 with ddp THEN every communicator has its NCCL buffers: data-parallel and tensor-parallel', () => {
    const c = commBuffers(setup('model:llama-3.1-70b gpus:16 tp:8 sharding:ddp'));
    expect(c.driverBytes).toBe(2 * NCCL_COMMUNICATOR_BYTES);
    const e = est('model:llama-3.1-70b gpus:16 tp:8 sharding:ddp');
    expect(comp(e, 'nccl')).toBe(2 * NCCL_COMMUNICATOR_BYTES);
    expect(e.components.find((x) => x.id === 'nccl')?.pool).toBe('driver');
  });
});

describe('serving with tensor parallelism', () => {
  test('GIVEN Llama-3.1-70B (8 KV heads) at tp:8 THEN each GPU caches one KV head: 1/8 of the KV cache', () => {
    const one = kvCacheBytes(setup('model:llama-3.1-70b mode:infer context:8192')).bytes;
    const eight = kvCacheBytes(setup('model:llama-3.1-70b mode:infer gpus:8 tp:8 context:8192')).bytes;
    expect(eight).toBe(one / 8);
  });
  test('GIVEN 8 KV heads at tp:16 THEN KV heads are replicated (vLLM: max(1, kv_heads / tp)): each GPU still caches one head, and the reply says so', () => {
    const s16 = setup('model:llama-3.1-405b mode:infer gpus:16 tp:16 context:8192');
    const s8 = setup('model:llama-3.1-405b mode:infer gpus:8 tp:8 context:8192');
    expect(s16.layout.kvHeads).toBe(1);
    expect(s16.layout.kvReplicated).toBe(true);
    expect(kvCacheBytes(s16).bytes).toBe(kvCacheBytes(s8).bytes);
    expect(est('model:llama-3.1-405b mode:infer gpus:16 tp:16').notes.join(' ')).toMatch(/replicated/);
  });
  test('GIVEN engine:vllm on 4 GPUs without tp or pp THEN tp:4 is assumed; engine:hf THEN pp:4 (device_map="auto" places layers)', () => {
    const v = buildConfig(args('model:qwen-3-32b mode:infer engine:vllm gpus:4'));
    const hf = buildConfig(args('model:qwen-3-32b mode:infer engine:hf gpus:4'));
    if (!v.ok || !hf.ok) throw new Error('expected valid configs');
    expect([v.value.config.tp, v.value.config.pp]).toEqual([4, 1]);
    expect(v.value.assumed.find((a) => a.key === 'tp')?.value).toBe('4');
    expect([hf.value.config.tp, hf.value.config.pp]).toEqual([1, 4]);
  });
  test('GIVEN HF generate over 4 GPUs (device_map="auto") THEN no data parallelism is assumed, no NCCL, one host process; vLLM tp:4 THEN one NCCL communicator per GPU', () => {
    const hf = buildConfig(args('model:qwen-3-32b mode:infer gpus:4'));
    if (!hf.ok) throw new Error('expected a valid config');
    expect(hf.value.config.sharding).toBe('none');
    expect(hf.value.assumed.some((a) => a.key === 'sharding')).toBe(false);
    const e = est('model:qwen-3-32b mode:infer gpus:4 pp:4');
    expect(comp(e, 'nccl')).toBe(0);
    expect(e.hostRam.parts[0]?.label).toMatch(/x 1$/);
    expect(comp(est('model:qwen-3-32b mode:infer engine:vllm gpus:4 tp:4'), 'nccl')).toBe(NCCL_COMMUNICATOR_BYTES + 8 * 1024 * 1024);
  });
  test('GIVEN tp:4 without gpus THEN gpus:4 is assumed', () => {
    const b = buildConfig(args('model:llama-3.1-70b tp:4 pp:2'));
    if (!b.ok) throw new Error('expected a valid config');
    expect(b.value.config.gpus).toBe(8);
    expect(b.value.assumed.find((a) => a.key === 'gpus')?.value).toBe('8');
  });
});

describe('layouts a model or a setup cannot take are refused, naming the key', () => {
  test.each([
    ['model:llama-3.1-8b gpus:6 tp:4', 'gpus', /multiple of tp x pp x cp = 4/],
    ['model:llama-3.1-8b gpus:2 tp:4', 'gpus', /more than `gpus:2`/],
    ['model:llama-3.1-8b gpus:3 tp:3', 'tp', /32 attention heads/],
    ['model:llama-3.1-8b gpus:16 tp:16', 'tp', /8 KV heads/],
    ['model:llama-3.1-8b gpus:2 ep:2', 'ep', /not a mixture-of-experts/],
    ['model:mixtral-8x7b gpus:3 ep:3', 'ep', /must divide 8/],
    ['model:llama-3.2-1b gpus:32 pp:32', 'pp', /16 layers/],
    ['model:llama-3.1-8b gpus:4 cp:4 seq:1002', 'cp', /multiple of 8/],
    ['model:llama-3.1-8b gpus:4 pp:2 sharding:zero3', 'pp', /ZeRO-1 at most/],
    ['model:llama-3.1-8b gpus:4 pp:2 sharding:fsdp', 'pp', /ZeRO-1 at most/],
    ['model:llama-3.1-8b mode:infer gpus:2 cp:2', 'cp', /training only/],
    ['model:mixtral-8x7b gpus:8 tp:2 ep:8', 'ep', /divide the data-parallel degree/],
  ])('%s -> %s', (line, key, detail) => {
    const errs = refused(line);
    expect(errs.length).toBeGreaterThan(0);
    expect(errs[0]?.key).toBe(key);
    expect(errs[0]?.detail).toMatch(detail);
  });
  test('GIVEN serving at tp:16 with 8 KV heads THEN it is accepted (engines replicate KV heads)', () => {
    expect(refused('model:llama-3.1-405b mode:infer gpus:16 tp:16')).toEqual([]);
  });
});
