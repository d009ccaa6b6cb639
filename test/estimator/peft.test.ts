/**
 * PEFT methods beyond LoRA (src/estimator/peft.ts), hand-computed on Llama-3.1-8B:
 * hidden 4096, 32 layers, 32 heads, 8 KV heads x 128 (k/v width 1024), MLP 14336, vocab 128256,
 * untied head. Per layer the linears are q 4096x4096, k 4096->1024, v 4096->1024, o 4096x4096,
 * gate/up 4096->14336, down 14336->4096.
 */
import { buildConfig, canonicalArgs } from '../../src/config';
import { layerTerms, sumTerms } from '../../src/estimator/activations';
import { doraTransientBytes, galoreStateElements, galoreStepBytes, peftLayerTerms, wholeModelTrainable } from '../../src/estimator/peft';
import { adaptersFormula, adapterWeightBytes, gradientBytes, optimizerStateBytes, optimizerStepBytes } from '../../src/estimator/state';
import { formulaText } from '../../src/format/formula';
import { cfg, setup } from './helpers';
import { candidates } from '../../src/tips';
import { countParams, decoderLinears, headLinear } from '../../src/model/params';

const M = 'model:llama-3.1-8b batch:1 seq:2048';

describe('trainable parameter counts per method (Llama-3.1-8B)', () => {
  test('GIVEN method:lora rank 16 on all linears THEN 41,943,040 (the reference for DoRA)', () => {
    // per layer 16 x [(4096+4096) + (4096+1024) x 2 + (4096+4096) + (4096+14336) x 3] = 16 x 81,920 = 1,310,720; x 32 layers
    expect(setup(`${M} method:lora`).adapterParams).toBe(16 * 81_920 * 32);
    expect(16 * 81_920 * 32).toBe(41_943_040);
  });

  test('GIVEN method:dora rank 16 all-linear THEN LoRA + one magnitude per output row of every adapted linear', () => {
    const s = setup(`${M} method:dora`);
    // magnitudes: 32 x (4096 + 1024 + 1024 + 4096 + 14336 + 14336 + 4096) = 32 x 43,008 = 1,376,256
    expect(s.peft.parts.map((p) => p.params)).toEqual([41_943_040, 1_376_256]);
    expect(s.adapterParams).toBe(41_943_040 + 1_376_256);
    expect(s.trainableParams).toBe(43_319_296);
  });

  test('GIVEN method:ia3 without targets THEN PEFT\'s llama default k, v, down: out of k and v, in of down', () => {
    const b = buildConfig({ model: 'llama-3.1-8b', method: 'ia3' });
    if (!b.ok) throw new Error('config');
    expect(b.value.config.targets).toEqual(['k', 'v', 'down']);
    expect(b.value.assumed.find((a) => a.key === 'targets')?.value).toBe('k,v,down');
    const s = setup(`${M} method:ia3`);
    // 32 x (1024 + 1024 + 14336) = 32 x 16,384 = 524,288
    expect(s.trainableParams).toBe(524_288);
    expect(s.adapted.size).toBe(0); // no LoRA terms for IA3
  });

  test('GIVEN method:ia3 targets:q,v,down (the qwen2/gemma default) THEN q out 4096 instead of k out 1024', () => {
    // 32 x (4096 + 1024 + 14336) = 32 x 19,456 = 622,592
    expect(setup(`${M} method:ia3 targets:q,v,down`).trainableParams).toBe(622_592);
  });

  test('GIVEN method:prompt virtual_tokens:20 THEN 20 x 4096 trainable and every sequence grows to seq + 20', () => {
    const s = setup(`${M} method:prompt virtual_tokens:20`);
    expect(s.trainableParams).toBe(20 * 4096);
    expect(s.seqLen).toBe(2068);
    expect(s.tokens).toBe(1 * 2068);
    // the alias of PEFT's own name
    expect(setup(`${M} method:prompt num_virtual_tokens:50`).tokens).toBe(2098);
  });

  test('GIVEN method:prefix virtual_tokens:20 THEN 20 x 32 layers x 2 x (8 KV heads x 128) (GQA token_dim), no prefix_projection', () => {
    const s = setup(`${M} method:prefix`);
    expect(s.trainableParams).toBe(20 * 32 * 2 * 1024);
    expect(s.trainableParams).toBe(1_310_720);
    expect(s.tokens).toBe(2048); // the prefix is keys/values, not tokens of the sequence
  });

  test('GIVEN method:adapter THEN Houlsby: 2 adapters per layer of hidden/16 = 256 with biases', () => {
    const s = setup(`${M} method:adapter`);
    // per adapter 2 x 4096 x 256 + 256 + 4096 = 2,101,504; x 2 x 32 = 134,496,256
    expect(s.peft.bottleneck).toBe(256);
    expect(s.trainableParams).toBe(134_496_256);
    // bottleneck:64: 2 x 4096 x 64 + 64 + 4096 = 528,448; x 64 = 33,820,672
    expect(setup(`${M} method:adapter bottleneck:64`).trainableParams).toBe(33_820_672);
  });

  test('GIVEN method:full freeze:4 THEN the last 4 layers train: gradients and AdamW states for them only', () => {
    const s = setup(`${M} method:full freeze:4`);
    // per layer: attention 2 x 4096^2 + 2 x 4096 x 1024 = 41,943,040; MLP 3 x 4096 x 14336 = 176,160,768; 2 norms 8,192
    // = 218,112,000; x 4 = 872,448,000
    expect(s.trainableParams).toBe(872_448_000);
    expect(s.peft.trainableLayers).toBe(4);
    expect(gradientBytes(s)).toBe(872_448_000 * 2);
    expect(optimizerStateBytes(s).bytes).toBe(2 * 872_448_000 * 2);
  });

  test('GIVEN variant:rslora or pissa THEN LoRA\'s own numbers (a scaling or an initialisation)', () => {
    expect(setup(`${M} method:lora variant:rslora`).trainableParams).toBe(41_943_040);
    expect(setup(`${M} method:lora variant:pissa`).trainableParams).toBe(41_943_040);
  });
});

describe('PEFT\'s own counts: method_comparison/MetaMathQA results (num_trainable_params, Llama-3.2-3B), gt500-gt505', () => {
  // Llama-3.2-3B: hidden 3072, 28 layers, 8 KV heads x 128 = 1024, MLP 8192.
  const B = 'model:llama-3.2-3b batch:4 seq:768';
  test.each([
    // 28 x 32 x ((3072 + 3072) + (3072 + 1024)) = 9,175,040
    ['method:lora rank:32 targets:q,v', 9_175_040],
    // + 28 x (3072 + 1024) magnitudes = 9,289,728
    ['method:dora rank:32 targets:q,v', 9_289_728],
    // 28 x (1024 + 1024 + 8192) = 286,720
    ['method:ia3', 286_720],
    // 200 x 3072 = 614,400
    ['method:prompt virtual_tokens:200', 614_400],
    // 200 x 28 x 2 x 1024 = 11,468,800
    ['method:prefix virtual_tokens:200', 11_468_800],
    ['method:lora rank:64 targets:q,v variant:rslora', 18_350_080],
  ])('GIVEN %s THEN %d trainable, as PEFT printed', (args, n) => {
    expect(setup(`${B} ${args}`).trainableParams).toBe(n);
  });
});

describe('saved activations each method adds to a layer (per token)', () => {
  test('GIVEN DoRA THEN the base output (p) and the LoRA output (adapter dtype) per adapted linear over LoRA', () => {
    const lora = setup(`${M} method:lora`);
    const dora = setup(`${M} method:dora`);
    // precision bf16, fp32 adapters, no autocast: (2 + 4) B x 43,008 = 258,048 B per token per layer
    expect(sumTerms(peftLayerTerms(dora, false))).toBe(258_048);
    expect(sumTerms(layerTerms(dora, false)) - sumTerms(layerTerms(lora, false))).toBe(258_048);
    // under autocast (precision:mixed) the LoRA output is 16-bit: (2 + 2) x 43,008 = 172,032
    expect(sumTerms(peftLayerTerms(setup(`${M} method:dora precision:mixed`), false))).toBe(172_032);
  });

  test('GIVEN IA3 THEN the k and v outputs (p) and the fp32 cast of down\'s input', () => {
    const s = setup(`${M} method:ia3`);
    const t = peftLayerTerms(s, false);
    // out: 2 B x (1024 + 1024) = 4,096; feed-forward: 4 B (fp32 vectors) x 14336 = 57,344
    expect(t.map((x) => x.bytesPerToken)).toEqual([4_096, 57_344]);
  });

  test('GIVEN bottleneck adapters THEN 2 x p x (hidden + 2 x bottleneck) per layer', () => {
    // 2 adapters x 2 B x (4096 + 512) = 18,432
    expect(sumTerms(peftLayerTerms(setup(`${M} method:adapter`), false))).toBe(18_432);
  });

  test('GIVEN prefix tuning THEN the k, v of the 20 virtual tokens per layer, spread over the 2048 tokens', () => {
    // 20 x 2 x 1024 x 2 B = 81,920 B per layer and sequence; / 2048 tokens = 40 B per token
    expect(sumTerms(peftLayerTerms(setup(`${M} method:prefix`), false))).toBe(40);
  });

  test('GIVEN prompt tuning THEN no per-layer term of its own, but every per-token term sees 2068 tokens', () => {
    const s = setup(`${M} method:prompt`);
    expect(peftLayerTerms(s, false)).toEqual([]);
  });
});

describe('DoRA forward temporary (dora.py get_lora_weight + get_weight_norm)', () => {
  test('GIVEN fp32 adapters on a bf16 base THEN the largest linear, down_proj 14336 -> 4096, at the weight norm', () => {
    const s = setup(`${M} method:dora`);
    const i = 14_336;
    const o = 4_096;
    // no autocast, all in fp32: eye(14336) saved by lora_A 14336^2 x 4 = 822,083,584; A(eye) 14336 x 16 x 4 = 917,504;
    // lora_weight 14336 x 4096 x 4 = 234,881,024; fp32 copy of the bf16 weight 234,881,024;
    // scaling x lora_weight and the sum: 2 x 234,881,024
    const expected = i * i * 4 + i * 16 * 4 + i * o * 4 + i * o * 4 + 2 * i * o * 4;
    expect(expected).toBe(1_762_525_184);
    expect(doraTransientBytes(s)).toBe(expected);
    expect(doraTransientBytes(setup(`${M} method:lora`))).toBe(0);
  });

  test('GIVEN precision:mixed THEN the fp32 eye and its bf16 autocast copy while lora_B runs', () => {
    const s = setup(`${M} method:dora precision:mixed`);
    const i = 14_336;
    const o = 4_096;
    // eye 14336^2 x (2 + 4) + A(eye) 14336 x 16 x 2 + bf16 product 14336 x 4096 x 2 = 1,351,024,640
    // (the weight-norm stage: 14336^2 x 2 + 458,752 + fp32 cast + scaled + sum 3 x 234,881,024 = 1,116,143,616; fp32 weights: no copy)
    expect(doraTransientBytes(s)).toBe(i * i * 6 + i * 16 * 2 + i * o * 2);
  });

  test('GIVEN bf16 adapters THEN no casts: eye, A(eye), the bf16 product, scaled and sum', () => {
    const s = setup(`${M} method:dora adapter_dtype:bf16`);
    const i = 14_336;
    const o = 4_096;
    // 14336^2 x 2 + 14336 x 16 x 2 + 3 x 14336 x 4096 x 2 (the base weight is already bf16: no copy)
    expect(doraTransientBytes(s)).toBe(i * i * 2 + i * 16 * 2 + 3 * i * o * 2);
  });
});

describe('GaLore (optimizer:galore, transformers galore_adamw)', () => {
  test('GIVEN rank 128 (the default) THEN 2 x r x max + r x min per decoder weight, AdamW 2x for the rest', () => {
    const s = setup(`${M} method:full optimizer:galore`);
    expect(s.cfg.rank).toBe(128);
    // per layer: q, o 2x128x4096 + 128x4096 = 1,572,864 each; k, v 2x128x4096 + 128x1024 = 1,179,648 each;
    // gate, up, down 2x128x14336 + 128x4096 = 4,194,304 each -> 18,087,936; x 32 = 578,813,952
    // rest: 8,030,261,248 - 32 x 218,103,808 (linear weights) = 1,050,939,392 (embedding, head, norms) x 2
    const expected = 578_813_952 + 2 * 1_050_939_392;
    expect(galoreStateElements(s)).toBe(expected);
    expect(optimizerStateBytes(s).bytes).toBe(expected * 2);
    // full gradients still materialised (non-layerwise galore_adamw)
    expect(gradientBytes(s)).toBe(8_030_261_248 * 2);
  });

  test('GIVEN the step THEN the largest per-tensor temporary: sqrt/divide of the 128256 x 4096 embedding beats the fp32 SVD of gate_proj', () => {
    const s = setup(`${M} method:full optimizer:galore`);
    // embedding: 2 x 525,336,576 x 2 B = 2,101,346,304; SVD of 14336 x 4096: 4 x (58.7M + 58.7M + 16.8M) = 536,870,912
    expect(galoreStepBytes(s)).toBe(2 * 128_256 * 4096 * 2);
    expect(optimizerStepBytes(s)).toBe(2_101_346_304);
    // with freeze the embedding is frozen: the SVD of a 14336 x 4096 gradient is the largest
    const f = setup(`${M} method:full optimizer:galore freeze:4`);
    expect(galoreStepBytes(f)).toBe(4 * (14_336 * 4096 + 14_336 * 4096 + 4096 * 4096));
  });
});

describe('how:true shows each method\'s own formula', () => {
  test('GIVEN DoRA THEN the adapter formula names LoRA and the magnitudes with their counts', () => {
    const s = setup(`${M} method:dora`);
    const text = formulaText(adaptersFormula(s, adapterWeightBytes(s)));
    expect(text).toContain('LoRA 41,943,040 (rank 16 x (in + out) per adapted linear)');
    expect(text).toContain('+ DoRA magnitudes 1,376,256 (out_features per adapted linear) = 43,319,296 params x 4 B');
  });
});

describe('coded errors name the key', () => {
  const err = (raw: Record<string, string>): { code: string; key: string | undefined } | undefined => {
    const b = buildConfig({ model: 'llama-3.1-8b', ...raw });
    return b.ok ? undefined : { code: b.errors[0]!.code, key: b.errors[0]!.key };
  };
  test.each([
    [{ method: 'lora', virtual_tokens: '30' }, 'virtual_tokens'],
    [{ method: 'lora', bottleneck: '64' }, 'bottleneck'],
    [{ method: 'lora', freeze: '4' }, 'freeze'],
    [{ method: 'ia3', variant: 'rslora' }, 'variant'],
    [{ method: 'lora', optimizer: 'galore' }, 'optimizer'],
    [{ method: 'full', freeze: '4', pp: '2', gpus: '2' }, 'freeze'],
    // GaLore issue #2: ZeRO and FSDP flatten the parameters GaLore projects as matrices
    [{ method: 'full', optimizer: 'galore', gpus: '2', sharding: 'zero3' }, 'sharding'],
  ])('GIVEN %j THEN a conflict on %s', (raw, key) => {
    expect(err(raw)).toEqual({ code: 'conflict', key });
  });

  test('GIVEN the canonical text of a config (every key at its default) THEN it builds again: defaults never conflict', () => {
    for (const line of [`${M} method:qlora`, `${M} method:dora`, `${M} method:full optimizer:galore freeze:4`, `${M} method:ia3`, `${M} method:prefix virtual_tokens:50`]) {
      const text = canonicalArgs(cfg(line));
      expect(text).toContain('virtual_tokens:');
      const raw = Object.fromEntries(text.split(' ').map((kv) => [kv.slice(0, kv.indexOf(':')), kv.slice(kv.indexOf(':') + 1)]));
      const again = buildConfig(raw);
      expect(again.ok && again.value.config).toEqual(cfg(line));
    }
  });

  test('GIVEN method:dora quant:nf4 THEN accepted on a quantized base, upcast assumed as for QLoRA', () => {
    const b = buildConfig({ model: 'llama-3.1-8b', method: 'dora', quant: 'nf4' });
    if (!b.ok) throw new Error(JSON.stringify(b.errors));
    expect(b.value.config.method).toBe('dora');
    expect(b.value.config.upcast).toBe(true);
    expect(setup(`${M} method:dora quant:nf4`).quantized).toBe(true);
  });
});

describe('tips for the PEFT methods (src/tips.ts candidates)', () => {
  test('GIVEN DoRA THEN a 4-bit base that keeps DoRA, not a switch to QLoRA', () => {
    const texts = candidates(cfg(`${M} method:dora`)).map((x) => x.text);
    expect(texts).toContain('quant:nf4');
    expect(texts).not.toContain('qlora:true');
  });

  test('GIVEN full fine-tuning with GaLore THEN the LoRA tip drops GaLore and its rank 128', () => {
    const lora = candidates(cfg(`${M} method:full optimizer:galore`)).find((x) => x.text === 'lora:true');
    expect(lora?.change.optimizer).toBe('adamw');
    expect(lora?.change.rank).toBe(16);
  });
});

describe('wholeModelTrainable: the count a checkpoint saves, whatever the split', () => {
  const whole = (s: ReturnType<typeof setup>): number => wholeModelTrainable(s, {
    linears: decoderLinears(s.model), head: headLinear(s.model), params: countParams(s.model), finalNorm: countParams({ ...s.model, layers: 0 }).norms,
  });
  test('GIVEN DoRA with tp:2 THEN the whole model\'s 43,319,296, though each GPU holds its shards', () => {
    const s = setup(`${M} method:dora tp:2 gpus:2`);
    expect(s.adapterParams).toBeLessThan(43_319_296);
    expect(whole(s)).toBe(43_319_296);
  });
  test('GIVEN freeze:4 THEN 872,448,000; full fine-tuning every weight, 8,030,261,248', () => {
    expect(whole(setup(`${M} method:full freeze:4`))).toBe(872_448_000);
    expect(whole(setup(`${M} method:full`))).toBe(8_030_261_248);
  });
});

describe('freeze: a frozen prefix of the network saves nothing', () => {
  test('GIVEN freeze:4 without checkpointing THEN a layer saves 4/32 of what full fine-tuning saves, on average', () => {
    const full = sumTerms(layerTerms(setup(`${M} method:full`), false));
    const frozen = sumTerms(layerTerms(setup(`${M} method:full freeze:4`), false));
    // 28 layers save nothing, 4 save the full set: 32 x average = 4 x full
    expect(frozen * 32).toBeCloseTo(full * 4, 6);
  });
  test('GIVEN freeze:4 gc:true THEN layers stay whole: the recomputed layer is a trainable one', () => {
    const full = sumTerms(layerTerms(setup(`${M} method:full gc:true`), false));
    expect(sumTerms(layerTerms(setup(`${M} method:full freeze:4 gc:true`), false))).toBe(full);
  });
});
