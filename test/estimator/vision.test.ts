/**
 * Vision-language models: image tokens per processor, tower parameters, tower activations, the
 * sequence the language model sees, trainable tower parameters, and the vision keys' errors.
 * Every number is worked by hand in the comment beside it.
 */
import { buildConfig } from '../../src/config';
import { countParams, projectorParams, visionEncoderParams } from '../../src/model/params';
import { hfVisionForwardBytes, imageLayout, smartResize, visionActivations, visionTrainableParams, vllmEncoderProfile, withVisionInputs } from '../../src/estimator/vision';
import { vllmProfilePeakBytes } from '../../src/estimator/serving';
import { candidates } from '../../src/tips';
import { arch, cfg, comp, est, setup } from './helpers';

const tower = (id: string) => {
  const v = arch(id).vision;
  if (!v) throw new Error(`${id} has no vision tower`);
  return v;
};

describe('image tokens, as each processor computes them', () => {
  test('GIVEN Qwen2.5-VL at 448x448 THEN 1,024 patches merge to 256 tokens (+ 2 markers), in 16 windows of 64 patches', () => {
    // smart_resize: 448 / 28 = 16 -> 448 x 448; 448 / 14 = 32 -> 32 x 32 = 1,024 patches; 2 x 2 merge -> 256.
    // Windows: the merged grid 16 x 16 in 4 x 4 windows -> 16 windows of 16 merged = 64 patches.
    const l = imageLayout(tower('qwen-2.5-vl-7b'), 448, 448);
    expect(l.towerTokens).toBe(1024);
    expect(l.features).toBe(256);
    expect(l.sequenceTokens).toBe(258);
    expect(l.windowChunks).toEqual(Array(16).fill(64));
    expect(l.fullChunks).toEqual([1024]);
  });

  test('GIVEN Qwen2.5-VL at 1920x1080 with max_pixels 802,816 THEN smart_resize gives 1176x672: 1,008 tokens', () => {
    // round(1080/28) = 39 -> 1,092; round(1920/28) = 69 -> 1,932; 1,092 x 1,932 = 2,109,744 > 802,816:
    // beta = sqrt(1,920 x 1,080 / 802,816) = 1.607142857; floor(1080 / beta / 28) = 24 -> 672; floor(1920 / beta / 28) = 42 -> 1,176.
    // 672 / 14 = 48, 1,176 / 14 = 84: 4,032 patches -> 1,008 tokens.
    expect(smartResize(1080, 1920, 28, 3136, 802_816)).toEqual([672, 1176]);
    const l = imageLayout(tower('qwen-2.5-vl-7b'), 1920, 1080, 802_816);
    expect(l.towerTokens).toBe(4032);
    expect(l.features).toBe(1008);
  });

  test('GIVEN Qwen2.5-VL at 1024 px THEN round(1024/28) = 37 -> 1036 px: 74 x 74 patches, 1,369 tokens; windows of 4 merged cut to 1 at the edge', () => {
    // 1024 / 28 = 36.57 -> 37 x 28 = 1,036; 1,036 / 14 = 74; 74^2 = 5,476 patches / 4 = 1,369.
    // Merged 37 per side = 9 windows of 4 + 1 of 1: (9 + 1)^2 = 100 windows; the 9 x 9 full ones hold 64 patches.
    const l = imageLayout(tower('qwen-2.5-vl-7b'), 1024, 1024);
    expect(l.features).toBe(1369);
    expect(l.windowChunks.length).toBe(100);
    expect(l.windowChunks.filter((c) => c === 64).length).toBe(81);
    expect(l.windowChunks.reduce((a, b) => a + b, 0)).toBe(5476);
  });

  test('GIVEN LLaVA-1.5 THEN one 336-px crop: 577 positions in the tower, 576 image tokens', () => {
    // 336 / 14 = 24 -> 576 patches + the class token; vision_feature_select_strategy default drops it.
    const l = imageLayout(tower('llava-1.5-7b'), 800, 600);
    expect(l.crops).toBe(1);
    expect(l.seqPerCrop).toBe(577);
    expect(l.sequenceTokens).toBe(576);
  });

  test('GIVEN LLaVA-NeXT at 672x672 THEN the 2 x 2 grid + the base image: 576 + 48 x 48 + 48 newlines = 2,928 tokens', () => {
    // select_best_resolution: [672, 672] keeps all 451,584 pixels. 4 tiles + base = 5 crops.
    // current 48 x 48 (24 patches x 2 per side), same aspect: no unpadding; + 48 image_newline.
    const l = imageLayout(tower('llava-next-mistral-7b'), 672, 672);
    expect(l.crops).toBe(5);
    expect(l.sequenceTokens).toBe(576 + 48 * 48 + 48);
  });

  test('GIVEN LLaVA-NeXT at 1000x500 (wide) THEN the 672x336 grid, the unpadded height 24: 576 + 24 x 48 + 24 = 1,752', () => {
    // [336, 672] (h, w): scale min(672/1000, 336/500) = 0.672 -> 672 x 336 = 225,792 effective, the most.
    // current 24 x 48; 1000/500 = 2 = 48/24: not wider -> width branch: new_w = 500 x 24/500... = 48, no padding.
    const l = imageLayout(tower('llava-next-mistral-7b'), 1000, 500);
    expect(l.crops).toBe(3);
    expect(l.sequenceTokens).toBe(576 + 24 * 48 + 24);
  });

  test('GIVEN Gemma 3 THEN 896 px: 64 x 64 patches pooled 4 x 4 = 256 tokens + 4 markers', () => {
    const l = imageLayout(tower('gemma-3-12b'), 1920, 1080);
    expect(l.towerTokens).toBe(4096);
    expect(l.features).toBe(256);
    expect(l.sequenceTokens).toBe(260);
  });

  test('GIVEN Pixtral 12B at 1024x1024 THEN 64 x 64 patches of 16 px = 4,096 tokens + 64 row breaks', () => {
    const l = imageLayout(tower('pixtral-12b'), 1024, 1024);
    expect(l.towerTokens).toBe(4096);
    expect(l.sequenceTokens).toBe(4160);
  });

  test('GIVEN Mistral Small 3.1 at 1540x1540 THEN 110 x 110 patches of 14 px merged 2 x 2: 55 x 55 tokens + 55 breaks', () => {
    const l = imageLayout(tower('mistral-small-3.1-24b'), 1540, 1540);
    expect(l.towerTokens).toBe(110 * 110);
    expect(l.features).toBe(55 * 55);
    expect(l.sequenceTokens).toBe(55 * 56);
  });

  test('GIVEN Llama 3.2 Vision THEN 4 padded tiles of 1,608 positions, 6,404 cross-attention states, 1 text token', () => {
    // (560/14)^2 = 1,600 + class = 1,601, padded to a multiple of 8 = 1,608; x 4 tiles = 6,432.
    const l = imageLayout(tower('llama-3.2-11b-vision'), 560, 560);
    expect(l.towerTokens).toBe(6432);
    expect(l.crossTokens).toBe(6404);
    expect(l.sequenceTokens).toBe(1);
  });

  test('GIVEN InternVL2.5 at 448 and 896 px THEN 1 tile (258 tokens), or 2 x 2 + thumbnail (5 x 256 + 2)', () => {
    // 896 x 896: aspect 1 ties (1,1), (2,2), (3,3); (2,2) is taken since 802,816 > 0.5 x 448^2 x 4 = 401,408; (3,3) not (903,168).
    expect(imageLayout(tower('internvl-2.5-8b'), 448, 448).sequenceTokens).toBe(258);
    const l = imageLayout(tower('internvl-2.5-8b'), 896, 896);
    expect(l.crops).toBe(5);
    expect(l.sequenceTokens).toBe(5 * 256 + 2);
  });

  test('GIVEN SmolVLM at 384 px THEN resized to 1536: 4 x 4 tiles + global, 81 tokens each, markers', () => {
    // 16 tiles x (fake + <row_i_col_j> + 81) + 4 newlines + "\n" + fake + <global-img> + 81 + fake = 16 x 83 + 4 + 85 = 1,417.
    const l = imageLayout(tower('smolvlm-2.2b'), 384, 384);
    expect(l.crops).toBe(17);
    expect(l.sequenceTokens).toBe(16 * 83 + 4 + 85);
  });

  test('GIVEN Phi-3.5-vision (num_crops 4) at 336 px THEN 2 x 2 crops + global: 5 x 144 + 1 + 3 x 12 = 757 tokens', () => {
    // scale: 1 x ceil(1/1) = 1 <= 4, 2 x 2 = 4 <= 4, 3 x 3 = 9 > 4 -> scale 2: 672 x 672.
    const l = imageLayout(tower('phi-3.5-vision'), 336, 336);
    expect(l.crops).toBe(5);
    expect(l.sequenceTokens).toBe(757);
  });
});

describe('tower parameters', () => {
  test('GIVEN Qwen2.5-VL 7B THEN the ViT is 631,975,680 and the merger 44,574,464', () => {
    // Conv3d 3 x 2 x 14 x 14 x 1280 = 1,505,280. Per block: norms 2,560 + qkv 3 x 1280^2 + 3,840 = 4,919,040
    // + proj 1,639,680 + MLP 3 x 1280 x 3420 + 2 x 3420 + 1280 = 13,140,920 -> 19,702,200; x 32 = 630,470,400.
    const v = tower('qwen-2.5-vl-7b');
    expect(visionEncoderParams(v)).toBe(1_505_280 + 32 * 19_702_200);
    // ln_q 1,280 + 5120 x 5120 + 5120 + 5120 x 3584 + 3584.
    expect(projectorParams(v.projector)).toBe(1280 + 5120 * 5120 + 5120 + 5120 * 3584 + 3584);
    expect(countParams(arch('qwen-2.5-vl-7b')).visionEncoder).toBe(631_975_680);
  });

  test('GIVEN LLaVA-1.5 7B THEN CLIP ViT-L/14-336 is 303,507,456 and the projector 20,979,712', () => {
    // Conv 3 x 14^2 x 1024 = 602,112; class 1,024; positions 577 x 1,024 = 590,848; pre/post LN 4,096;
    // layer 4 x (1024^2 + 1024) + 2 x 1024 x 4096 + 4096 + 1024 + 4 x 1024 = 12,596,224; x 24 = 302,309,376.
    expect(visionEncoderParams(tower('llava-1.5-7b'))).toBe(602_112 + 1024 + 590_848 + 4096 + 24 * 12_596_224);
    expect(projectorParams(tower('llava-1.5-7b').projector)).toBe(1024 * 4096 + 4096 + 4096 * 4096 + 4096);
  });
});

describe('tower activations', () => {
  test('GIVEN Qwen2.5-VL 7B, vision:full, one 448-px image THEN 32 layers x 60,704 B x 1,024 patches + the merger', () => {
    // Per patch per layer (bf16, p = r = 2, h 1280, i 3420, sdpa): two RMSNorms (fp32 copy 4h + normalized 2h) 2 x 7,680;
    // qkv input 2,560; q, k, v, out 4 x 2,560 + logsumexp 4 x 16 = 10,304; proj input 2,560; MLP input 2,560;
    // gate, SiLU, up outputs and product 4 x 2 x 3,420 = 27,360. Sum 60,704.
    // Merger: ln_q fp32 4 x 1280 x 1024 = 5,242,880; 3 tensors of 2 x 5,120 x 256 = 2,621,440 each.
    const s = setup('model:qwen-2.5-vl-7b images:1 resolution:448 vision:full');
    const a = visionActivations(s);
    expect(a.savedBytes).toBe(32 * 60_704 * 1024 + 5_242_880 + 3 * 2_621_440);
  });

  test('GIVEN the tower frozen THEN autograd saves nothing for it', () => {
    expect(visionActivations(setup('model:qwen-2.5-vl-7b images:2 resolution:448 lora:true')).savedBytes).toBe(0);
  });

  test('GIVEN Llama 3.2 11B Vision with LoRA THEN its 8 cross-attention layers keep k, v and k\'s fp32 norm copy of the 6,404 image states', () => {
    // Per image state per layer: k, v at 8 KV heads x 128 in bf16 (2 x 2 x 1,024) + k's fp32 norm copy (4 x 1,024) = 8,192 B;
    // x 8 layers x 6,404 = 419,692,544; the image states once (read by the adapted k/v): 2 x 4,096 x 6,404 = 52,461,568.
    const a = visionActivations(setup('model:llama-3.2-11b-vision lora:true images:1'));
    expect(a.savedBytes).toBe(8 * 8192 * 6404 + 2 * 4096 * 6404);
    // gc: only the image states, the input every checkpointed cross-attention layer re-reads.
    expect(visionActivations(setup('model:llama-3.2-11b-vision lora:true images:1 gc:true')).savedBytes).toBe(2 * 4096 * 6404);
  });

  test('GIVEN gc:true and vision:full THEN each tower layer keeps its input: 32 x 2 x 1280 x patches', () => {
    const s = setup('model:qwen-2.5-vl-7b images:1 resolution:448 vision:full gc:true');
    expect(visionActivations(s).savedBytes).toBe(32 * 2 * 1280 * 1024 + 5_242_880 + 3 * 2_621_440);
  });

  test('GIVEN eager attention THEN the scores of the 28 windowed and 4 full blocks are added', () => {
    // (4 + 2) x 16 heads x (28 x 16 windows x 64^2 + 4 x 1024^2).
    const sdpa = visionActivations(setup('model:qwen-2.5-vl-7b images:1 resolution:448 vision:full')).savedBytes;
    const eager = visionActivations(setup('model:qwen-2.5-vl-7b images:1 resolution:448 vision:full attention:eager')).savedBytes;
    // eager drops the output (2h) and the logsumexp (64) per patch per layer.
    expect(eager - sdpa).toBe(6 * 16 * (28 * 16 * 64 * 64 + 4 * 1024 * 1024) - 32 * 1024 * (2 * 1280 + 64));
  });
});

describe('the sequence and the trainable parameters', () => {
  test('GIVEN 2 images of 448 px on Qwen2.5-VL THEN the language model sees seq + 2 x 258 tokens', () => {
    const s = setup('model:qwen-2.5-vl-7b images:2 resolution:448 seq:1024 batch:2 lora:true');
    expect(s.seqLen).toBe(1024 + 516);
    expect(s.tokens).toBe(2 * 1540);
  });

  test('GIVEN Llama 3.2 Vision THEN an image adds one token to the text (its states enter through cross-attention)', () => {
    expect(setup('model:llama-3.2-11b-vision images:1 seq:512 lora:true').seqLen).toBe(513);
  });

  test('GIVEN vision:full THEN the tower and projector train with the model; vision:lora adds r x (in + out) per tower linear', () => {
    const m = arch('qwen-2.5-vl-7b');
    expect(visionTrainableParams(m, cfg('model:qwen-2.5-vl-7b vision:full'))).toBe(631_975_680 + 44_574_464);
    // rank 16: per block qkv 16 x (1280 + 3840) + proj 16 x 2560 + gate/up 2 x 16 x 4700 + down 16 x 4700 = 81,920 + 40,960 + 225,600 = 348,480;
    // x 32 = 11,151,360; merger 16 x (5120 + 5120) + 16 x (5120 + 3584) = 163,840 + 139,264.
    expect(visionTrainableParams(m, cfg('model:qwen-2.5-vl-7b lora:true vision:lora'))).toBe(32 * 348_480 + 163_840 + 139_264);
    const lora = setup('model:qwen-2.5-vl-7b lora:true');
    const withTower = setup('model:qwen-2.5-vl-7b lora:true vision:lora');
    expect(withTower.trainableParams - lora.trainableParams).toBe(32 * 348_480 + 163_840 + 139_264);
  });
});

describe('the estimate', () => {
  test('GIVEN 4 images of 448 px THEN activations and logits grow by the 1,032 image tokens; the frozen tower adds no gradients', () => {
    const text = est('model:qwen-2.5-vl-7b lora:true seq:1024');
    const vl = est('model:qwen-2.5-vl-7b lora:true seq:1024 images:4 resolution:448');
    expect(comp(vl, 'activations')).toBeGreaterThan(comp(text, 'activations') * 1.9); // 2,056 tokens against 1,024
    expect(comp(vl, 'logits')).toBeGreaterThan(comp(text, 'logits') * 1.9);
    expect(comp(vl, 'gradients')).toBe(comp(text, 'gradients'));
  });

  test('GIVEN vision:full THEN the tower and merger (676,550,144 params) add their bf16 gradients', () => {
    const lm = est('model:qwen-2.5-vl-7b gc:true images:1 resolution:448');
    const all = est('model:qwen-2.5-vl-7b gc:true images:1 resolution:448 vision:full');
    expect(comp(all, 'gradients') - comp(lm, 'gradients')).toBe(676_550_144 * 2);
  });
});

describe('tips', () => {
  test('GIVEN Qwen2.5-VL with a trained tower and 1024-px images THEN vision:frozen and half the pixels are candidates', () => {
    // 1024 px -> smart_resize 1036 x 1036 = 1,073,296 pixels; half = 536,648.
    const texts = candidates(cfg('model:qwen-2.5-vl-7b lora:true vision:lora images:1'), null, arch('qwen-2.5-vl-7b')).map((c) => c.text);
    expect(texts).toContain('vision:frozen');
    expect(texts).toContain('max_pixels:536648');
  });

  test('GIVEN a text model THEN no vision candidates', () => {
    const texts = candidates(cfg('model:llama-3.1-8b lora:true'), null, arch('llama-3.1-8b')).map((c) => c.text);
    expect(texts.some((t) => t.startsWith('vision:') || t.startsWith('max_pixels:'))).toBe(false);
  });
});

describe('serving', () => {
  test('GIVEN Qwen2.5-VL 7B on vLLM THEN the encoder is profiled over one 3584-px image (16,384 tokens) and its output cached', () => {
    // Largest image: max_pixels 12,845,056 = 3,584^2 -> 256 x 256 = 65,536 patches, 16,384 tokens; budget max(8,192, 16,384) / 16,384 = 1 image.
    // Tower transient: input + output 2 x 2 x 1280 x 65,536 = 335,544,320 + gated MLP 3 x 2 x 3420 x 65,536 = 1,344,798,720.
    // Encoder cache: 16,384 x 3,584 x 2 = 117,440,512.
    const s = setup('model:qwen-2.5-vl-7b mode:infer engine:vllm');
    const e = vllmEncoderProfile(s, 8192);
    expect(e?.items).toBe(1);
    expect(e?.encoderBytes).toBe(335_544_320 + 1_344_798_720);
    expect(e?.cacheBytes).toBe(117_440_512);
    expect(vllmProfilePeakBytes(s)).toBeGreaterThanOrEqual(1_680_343_040);
  });

  test('GIVEN a text model on vLLM THEN no encoder profile', () => {
    expect(vllmEncoderProfile(setup('model:llama-3.1-8b mode:infer engine:vllm'), 8192)).toBeNull();
  });

  test('GIVEN HF generate with one 448-px image THEN the tower forward: 2 x 2 x 1280 x 1024 + 3 x 2 x 3420 x 1024', () => {
    expect(hfVisionForwardBytes(setup('model:qwen-2.5-vl-7b mode:infer images:1 resolution:448'))).toBe(5_242_880 + 21_012_480);
  });
});

describe('the vision keys', () => {
  const built = (line: string) => {
    const raw = Object.fromEntries(line.split(/\s+/).map((t) => [t.slice(0, t.indexOf(':')), t.slice(t.indexOf(':') + 1)]));
    return buildConfig(raw);
  };

  const checked = (line: string) => {
    const r = built(line);
    if (!r.ok) throw new Error(`config-level checks should pass: ${JSON.stringify(r.errors)}`);
    return withVisionInputs(r.value, arch(r.value.config.model));
  };

  test.each(['big', '20', '448x20000', '448x'])('GIVEN resolution:%s THEN a conflict naming resolution', (res) => {
    const v = checked(`model:qwen-2.5-vl-7b images:1 resolution:${res}`);
    expect(!v.ok && v.error).toMatchObject({ code: 'conflict', key: 'resolution' });
  });

  test('GIVEN resolution:1280x720 THEN accepted, 1280 wide and 720 high', () => {
    const v = checked('model:qwen-2.5-vl-7b images:1 resolution:1280x720');
    expect(v.ok).toBe(true);
  });

  test('GIVEN resolution without images THEN a conflict naming resolution', () => {
    const v = checked('model:qwen-2.5-vl-7b resolution:448');
    expect(!v.ok && v.error.key).toBe('resolution');
  });

  test('GIVEN vision:lora with method:full THEN a conflict naming vision', () => {
    const r = built('model:qwen-2.5-vl-7b vision:lora');
    expect(!r.ok && r.errors[0]).toMatchObject({ code: 'conflict', key: 'vision' });
  });

  test('GIVEN images on a text model THEN a conflict naming images', () => {
    const r = built('model:llama-3.1-8b images:1');
    if (!r.ok) throw new Error('config-level checks should pass');
    const v = withVisionInputs(r.value, arch('llama-3.1-8b'));
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.error).toMatchObject({ code: 'conflict', key: 'images' });
  });

  test('GIVEN max_pixels on LLaVA THEN a conflict naming max_pixels', () => {
    const r = built('model:llava-1.5-7b images:1 max_pixels:802816');
    if (!r.ok) throw new Error('config-level checks should pass');
    const v = withVisionInputs(r.value, arch('llava-1.5-7b'));
    expect(!v.ok && v.error.key).toBe('max_pixels');
  });

  test('GIVEN a VLM without images THEN a text-only estimate, said as an assumed images:0', () => {
    const r = built('model:qwen-2.5-vl-7b lora:true');
    if (!r.ok) throw new Error('bad config');
    const v = withVisionInputs(r.value, arch('qwen-2.5-vl-7b'));
    expect(v.ok && v.built.assumed.find((a) => a.key === 'images')?.value).toBe('0');
  });
});
