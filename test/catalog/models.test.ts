import { MODELS } from '../../src/catalog/models';
import type { ModelArch } from '../../src/model/arch';
import { countParams } from '../../src/model/params';

/** Every id the catalog must hold (the brief's list plus the models the calibration data uses). */
const REQUIRED_IDS = [
  'llama-2-7b', 'llama-2-13b', 'llama-2-70b',
  'llama-3-8b', 'llama-3.1-8b', 'llama-3.1-70b', 'llama-3.1-405b',
  'llama-3.2-1b', 'llama-3.2-3b', 'llama-3.3-70b',
  'mistral-7b-v0.1', 'mistral-7b-v0.3', 'mistral-nemo-12b', 'mixtral-8x7b', 'mixtral-8x22b',
  'qwen-2.5-0.5b', 'qwen-2.5-1.5b', 'qwen-2.5-3b', 'qwen-2.5-7b', 'qwen-2.5-14b', 'qwen-2.5-32b', 'qwen-2.5-72b',
  'qwen-3-0.6b', 'qwen-3-1.7b', 'qwen-3-4b', 'qwen-3-8b', 'qwen-3-14b', 'qwen-3-32b', 'qwen-3-30b-a3b', 'qwen-3-235b-a22b',
  'qwen-2.5-vl-3b', 'qwen-2.5-vl-7b', 'qwen-2.5-vl-32b', 'qwen-2.5-vl-72b',
  'llama-4-scout-17b-16e', 'llama-4-maverick-17b-128e', 'gpt-oss-20b', 'gpt-oss-120b',
  'mistral-small-3-24b', 'mistral-small-3.1-24b', 'deepseek-r1', 'phi-4-mini', 'smollm3-3b',
  'gemma-2b', 'gemma-7b', 'gemma-2-2b', 'gemma-2-9b', 'gemma-2-27b',
  'gemma-3-1b', 'gemma-3-4b', 'gemma-3-12b', 'gemma-3-27b',
  'phi-2', 'phi-3-mini-4k', 'phi-3-medium-4k', 'phi-4',
  'tinyllama-1.1b', 'smollm2-135m', 'smollm2-360m', 'smollm2-1.7b',
  'falcon-7b', 'olmo-2-7b',
  'pythia-70m', 'pythia-160m', 'pythia-410m', 'pythia-1b', 'pythia-1.4b', 'pythia-2.8b', 'pythia-6.9b', 'pythia-12b',
  'deepseek-r1-distill-qwen-1.5b', 'deepseek-r1-distill-qwen-7b', 'deepseek-r1-distill-llama-8b',
  'deepseek-r1-distill-qwen-14b', 'deepseek-r1-distill-qwen-32b', 'deepseek-r1-distill-llama-70b',
  'deepseek-v3',
  // Used by the calibration measurements.
  'phi-1.5', 'stablelm-base-alpha-3b', 'falcon-40b', 'codellama-34b', 'starcoder-15.5b',
] as const;

/** Hub ids the calibration measurements name; each must resolve to some entry (id, hfId or alias). */
const CALIBRATION_HUB_IDS = [
  'microsoft/phi-1_5', 'stabilityai/stablelm-base-alpha-3b', 'tiiuae/falcon-40b', 'tiiuae/falcon-7b',
  'codellama/CodeLlama-34b-hf', 'bigcode/octocoder', 'meta-llama/Llama-2-7b-hf', 'meta-llama/Llama-2-13b-hf',
  'meta-llama/Llama-2-70b-hf', 'meta-llama/Llama-3.1-8B-Instruct', 'meta-llama/Llama-3.1-70B-Instruct',
  'meta-llama/Llama-3.1-405B-Instruct', 'meta-llama/Llama-3.2-3B-Instruct',
] as const;

function byId(id: string): ModelArch {
  const m = MODELS.find((x) => x.id === id);
  if (!m) throw new Error(`catalog has no ${id}`);
  return m;
}

/** Every name an entry answers to, lowercased (the resolver matches case-insensitively). */
function namesOf(m: ModelArch): string[] {
  return [m.id, m.hfId, ...m.aliases].map((n) => n.toLowerCase());
}

describe('MODELS: parameter counts', () => {
  // The brief: the count computed from the architecture equals the published count exactly, or
  // the entry states and explains the difference. Every entry is exact today; an exception would
  // be listed here with its reason.
  const STATED_DIFFERENCES: Readonly<Record<string, string>> = {};

  test.each(MODELS.map((m) => [m.id, m] as const))('GIVEN %s THEN countParams equals the published count exactly', (id, m) => {
    if (STATED_DIFFERENCES[id] !== undefined) return;
    expect(countParams(m).total).toBe(m.officialParams.count);
  });

  test.each(MODELS.map((m) => [m.id, m] as const))(
    'GIVEN %s THEN countParams is within 0.1% of the published count',
    (_id, m) => {
      const total = countParams(m).total;
      const rel = Math.abs(total - m.officialParams.count) / m.officialParams.count;
      if (rel > 0.001) {
        throw new Error(
          `${m.id}: countParams gives ${total.toLocaleString('en-US')}, published ` +
            `${m.officialParams.count.toLocaleString('en-US')} (${(rel * 100).toFixed(3)}% off)`,
        );
      }
      expect(rel).toBeLessThanOrEqual(0.001);
    },
  );

  test('GIVEN Llama-3.1-8B THEN the total is exactly 8,030,261,248', () => {
    // embed 128,256 x 4,096 = 525,336,576; untied lm_head the same.
    // per layer: q 4,096^2 = 16,777,216; k + v 2 x 4,096 x 1,024 = 8,388,608; o 16,777,216;
    //   SwiGLU 3 x 4,096 x 14,336 = 176,160,768; 2 RMSNorms 8,192 -> 218,112,000; x 32 = 6,979,584,000.
    // 6,979,584,000 + 2 x 525,336,576 + final norm 4,096 = 8,030,261,248.
    expect(countParams(byId('llama-3.1-8b')).total).toBe(8_030_261_248);
  });

  test('GIVEN Llama-3.2-1B (tied embeddings) THEN the total is exactly 1,235,814,400', () => {
    // embed 128,256 x 2,048 = 262,668,288, counted once (lm_head tied).
    // per layer: q 2,048^2 = 4,194,304; k + v 2 x 2,048 x 512 = 2,097,152; o 4,194,304;
    //   SwiGLU 3 x 2,048 x 8,192 = 50,331,648; norms 4,096 -> 60,821,504; x 16 = 973,144,064.
    // 973,144,064 + 262,668,288 + final norm 2,048 = 1,235,814,400.
    const b = countParams(byId('llama-3.2-1b'));
    expect(b.lmHead).toBe(0);
    expect(b.total).toBe(1_235_814_400);
  });

  test('GIVEN Mixtral-8x7B THEN the total is exactly 46,702,792,704', () => {
    // embed + lm_head 2 x 32,000 x 4,096 = 262,144,000.
    // per layer: attention 2 x 4,096^2 + 2 x 4,096 x 1,024 = 41,943,040; router 4,096 x 8 = 32,768;
    //   8 experts x 3 x 4,096 x 14,336 = 1,409,286,144; norms 8,192 -> 1,451,270,144; x 32 = 46,440,644,608.
    // 46,440,644,608 + 262,144,000 + final norm 4,096 = 46,702,792,704.
    expect(countParams(byId('mixtral-8x7b')).total).toBe(46_702_792_704);
  });

  test('GIVEN Qwen2.5-0.5B (qkv bias, tied) THEN the total is exactly 494,032,768', () => {
    // embed 151,936 x 896 = 136,134,656 (tied).
    // per layer: q 896^2 + 896 = 803,712; k + v 2 x (896 x 128 + 128) = 229,632; o 896^2 = 802,816;
    //   SwiGLU 3 x 896 x 4,864 = 13,074,432; norms 1,792 -> 14,912,384; x 24 = 357,897,216.
    // 357,897,216 + 136,134,656 + final norm 896 = 494,032,768.
    expect(countParams(byId('qwen-2.5-0.5b')).total).toBe(494_032_768);
  });

  test('GIVEN Falcon-7B (parallel block, one LayerNorm, MQA, tied) THEN the total is exactly 6,921,720,704', () => {
    // embed 65,024 x 4,544 = 295,469,056 (tied).
    // per layer: q 4,544^2 = 20,647,936; k + v 2 x 4,544 x 64 = 581,632; dense 20,647,936;
    //   MLP 2 x 4,544 x 18,176 = 165,183,488; one LayerNorm 2 x 4,544 = 9,088 -> 207,070,080; x 32 = 6,626,242,560.
    // 6,626,242,560 + 295,469,056 + ln_f 9,088 = 6,921,720,704 (the Hub's 7,217,189,760 stores lm_head again).
    expect(countParams(byId('falcon-7b')).total).toBe(6_921_720_704);
  });

  test('GIVEN Phi-2 (biases everywhere, lm_head bias) THEN the total is exactly 2,779,683,840', () => {
    // embed 51,200 x 2,560 = 131,072,000; lm_head 131,072,000 + bias 51,200.
    // per layer: q, k, v, dense 4 x (2,560^2 + 2,560) = 26,224,640; fc1 2,560 x 10,240 + 10,240 = 26,224,640;
    //   fc2 10,240 x 2,560 + 2,560 = 26,216,960; one LayerNorm 5,120 -> 78,671,360; x 32 = 2,517,483,520.
    // 2,517,483,520 + 131,072,000 + 131,123,200 + final LayerNorm 5,120 = 2,779,683,840.
    expect(countParams(byId('phi-2')).total).toBe(2_779_683_840);
  });

  test('GIVEN DeepSeek-V3 (MLA, 3 dense + 58 MoE layers) THEN the total is exactly 671,026,419,200', () => {
    // embed + lm_head 2 x 129,280 x 7,168 = 1,853,358,080.
    // MLA per layer: q_a 7,168 x 1,536 + q_b 1,536 x 128 x 192 + kv_a 7,168 x 576 + kv_b 512 x 128 x 256
    //   + o 128 x 128 x 7,168 = 187,105,280; q_a/kv_a norms 2,048; layer norms 2 x 7,168.
    // dense layer: + 3 x 7,168 x 18,432 = 396,361,728 -> 583,483,392; x 3.
    // MoE layer: router 7,168 x 256 + bias 256 = 1,835,264; 256 experts x 3 x 7,168 x 2,048 = 11,274,289,152;
    //   shared expert 3 x 7,168 x 2,048 = 44,040,192 -> 11,507,286,272; x 58.
    // 1,853,358,080 + 1,750,450,176 + 667,422,603,776 + final norm 7,168 = 671,026,419,200.
    expect(countParams(byId('deepseek-v3')).total).toBe(671_026_419_200);
  });

  test('GIVEN Gemma 3 4B (multimodal checkpoint) THEN the vision tower counts as extra frozen params', () => {
    // text 3,880,263,168 + SigLIP 416,866,032 + projector 2,950,272 = 4,300,079,472.
    const b = countParams(byId('gemma-3-4b'));
    expect(b.extra).toBe(419_816_304);
    expect(b.total - b.extra).toBe(3_880_263_168);
  });
});

describe('MODELS: ids and aliases', () => {
  test('GIVEN the required ids THEN each is in the catalog', () => {
    const ids = new Set(MODELS.map((m) => m.id));
    expect(REQUIRED_IDS.filter((id) => !ids.has(id))).toEqual([]);
  });

  test('GIVEN every id THEN it is lowercase without whitespace', () => {
    const bad = MODELS.map((m) => m.id).filter((id) => id !== id.toLowerCase() || /\s/.test(id) || id === '');
    expect(bad).toEqual([]);
  });

  test('GIVEN every id THEN no two entries share it', () => {
    const ids = MODELS.map((m) => m.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  test('GIVEN every alias and Hub id THEN no name (case-insensitive) belongs to two entries', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const m of MODELS) {
      for (const n of new Set(namesOf(m))) {
        const prev = owner.get(n);
        if (prev !== undefined && prev !== m.id) clashes.push(`${n}: ${prev} and ${m.id}`);
        owner.set(n, m.id);
      }
    }
    expect(clashes).toEqual([]);
  });

  test('GIVEN an entry THEN its aliases do not repeat its own id, Hub id or each other', () => {
    const bad = MODELS.filter((m) => {
      const names = namesOf(m);
      return new Set(names).size !== names.length;
    }).map((m) => m.id);
    expect(bad).toEqual([]);
  });

  test('GIVEN every alias THEN it is non-empty and has no surrounding whitespace', () => {
    const bad = MODELS.flatMap((m) => m.aliases.filter((a) => a === '' || a.trim() !== a).map((a) => `${m.id}: "${a}"`));
    expect(bad).toEqual([]);
  });

  test('GIVEN the Hub ids the calibration data uses THEN each names a catalog entry', () => {
    const all = new Set(MODELS.flatMap(namesOf));
    expect(CALIBRATION_HUB_IDS.filter((h) => !all.has(h.toLowerCase()))).toEqual([]);
  });
});

describe('MODELS: sources', () => {
  test('GIVEN every entry THEN configSource names its config.json on huggingface.co', () => {
    const bad = MODELS.filter((m) => !/https:\/\/huggingface\.co\/[^ ]+\/blob\/main\/config\.json/.test(m.configSource))
      .map((m) => m.id);
    expect(bad).toEqual([]);
  });

  test('GIVEN every entry THEN configSource names the Hub repo of its hfId', () => {
    const bad = MODELS.filter((m) => !m.configSource.includes(`huggingface.co/${m.hfId}/`)).map((m) => m.id);
    expect(bad).toEqual([]);
  });

  test('GIVEN every entry THEN officialParams has a positive integer count and a non-empty source', () => {
    const bad = MODELS.filter(
      (m) => !Number.isSafeInteger(m.officialParams.count) || m.officialParams.count <= 0 || m.officialParams.source.trim() === '',
    ).map((m) => m.id);
    expect(bad).toEqual([]);
  });

  test('GIVEN every entry THEN name, family and hfId are filled and hfId is owner/name', () => {
    const bad = MODELS.filter((m) => m.name.trim() === '' || m.family.trim() === '' || !/^[^/\s]+\/[^/\s]+$/.test(m.hfId))
      .map((m) => m.id);
    expect(bad).toEqual([]);
  });
});

describe('MODELS: shapes', () => {
  const dims = ['hidden', 'intermediate', 'layers', 'heads', 'kvHeads', 'headDim', 'vocab', 'maxContext', 'normsPerLayer'] as const;

  test.each(MODELS.map((m) => [m.id, m] as const))('GIVEN %s THEN every dimension is a positive integer', (_id, m) => {
    const bad = dims.filter((k) => !Number.isSafeInteger(m[k]) || m[k] <= 0);
    expect(bad).toEqual([]);
    expect(Number.isSafeInteger(m.heads * m.headDim)).toBe(true);
    expect(Number.isSafeInteger(m.kvHeads * m.headDim)).toBe(true);
  });

  test('GIVEN every entry THEN the KV heads divide the query heads', () => {
    const bad = MODELS.filter((m) => m.kvHeads > m.heads || m.heads % m.kvHeads !== 0).map((m) => m.id);
    expect(bad).toEqual([]);
  });

  test('GIVEN every entry THEN a sliding window exists exactly when some layers use it', () => {
    const bad = MODELS.filter((m) => {
      if (m.slidingFraction < 0 || m.slidingFraction > 1) return true;
      if (m.slidingWindow === null) return m.slidingFraction !== 0;
      return !Number.isSafeInteger(m.slidingWindow) || m.slidingWindow <= 0 || m.slidingFraction === 0;
    }).map((m) => m.id);
    expect(bad).toEqual([]);
  });

  test('GIVEN the MoE entries THEN top-k, widths and dense layers are consistent', () => {
    const bad = MODELS.filter((m) => m.moe !== undefined).filter((m) => {
      const e = m.moe!;
      return (
        !Number.isSafeInteger(e.experts) || e.topK < 1 || e.topK > e.experts || e.expertIntermediate <= 0 ||
        e.denseLayers < 0 || e.denseLayers >= m.layers || (e.sharedExperts > 0) !== (e.sharedIntermediate > 0)
      );
    }).map((m) => m.id);
    expect(bad).toEqual([]);
    expect(MODELS.filter((m) => m.moe).map((m) => m.id).sort()).toEqual([
      'deepseek-r1', 'deepseek-v3', 'gpt-oss-120b', 'gpt-oss-20b', 'llama-4-maverick-17b-128e', 'llama-4-scout-17b-16e',
      'mixtral-8x22b', 'mixtral-8x7b', 'qwen-3-235b-a22b', 'qwen-3-30b-a3b',
    ]);
  });

  test('GIVEN entries with extra frozen towers THEN each is a positive count with a description', () => {
    const bad = MODELS.filter((m) => m.extraFrozenParams !== undefined)
      .filter((m) => !Number.isSafeInteger(m.extraFrozenParams!.count) || m.extraFrozenParams!.count <= 0 || m.extraFrozenParams!.what === '')
      .map((m) => m.id);
    expect(bad).toEqual([]);
  });
});

describe('MODELS: architecture quirks', () => {
  test('GIVEN Mistral Nemo THEN head_dim 128 is kept although hidden / heads is 160', () => {
    const m = byId('mistral-nemo-12b');
    expect(m.hidden / m.heads).toBe(160);
    expect(m.headDim).toBe(128);
  });

  test('GIVEN the tied-embedding models THEN they are marked tied and the larger siblings are not', () => {
    const tied = ['llama-3.2-1b', 'llama-3.2-3b', 'qwen-2.5-0.5b', 'qwen-2.5-1.5b', 'qwen-2.5-3b', 'qwen-3-0.6b',
      'gemma-2b', 'gemma-2-9b', 'gemma-3-27b', 'smollm2-135m', 'falcon-7b', 'starcoder-15.5b'];
    const untied = ['llama-3.1-8b', 'qwen-2.5-7b', 'qwen-3-8b', 'deepseek-r1-distill-qwen-1.5b', 'phi-2', 'pythia-1b'];
    expect(tied.filter((id) => !byId(id).tiedEmbeddings)).toEqual([]);
    expect(untied.filter((id) => byId(id).tiedEmbeddings)).toEqual([]);
  });

  test('GIVEN the sliding-window configs THEN window and share follow config.json', () => {
    expect([byId('mistral-7b-v0.1').slidingWindow, byId('mistral-7b-v0.1').slidingFraction]).toEqual([4096, 1]);
    expect([byId('mistral-7b-v0.3').slidingWindow, byId('qwen-2.5-7b').slidingWindow]).toEqual([null, null]);
    expect([byId('gemma-2-9b').slidingWindow, byId('gemma-2-9b').slidingFraction]).toEqual([4096, 1 / 2]);
    expect([byId('gemma-3-12b').slidingWindow, byId('gemma-3-12b').slidingFraction]).toEqual([1024, 5 / 6]);
  });

  test('GIVEN Gemma 3 THEN the window is 512 for 1B and 1024 above, and the local share follows sliding_window_pattern 6 layer by layer', () => {
    // Gemma3TextConfig: layer i is global when (i + 1) % 6 == 0, so a depth of L has L - floor(L / 6) local layers.
    const local = (L: number): number => L - Math.floor(L / 6);
    for (const [id, window] of [['gemma-3-1b', 512], ['gemma-3-4b', 1024], ['gemma-3-12b', 1024], ['gemma-3-27b', 1024]] as const) {
      const m = byId(id);
      expect({ id, window: m.slidingWindow, local: Math.round(m.slidingFraction * m.layers) }).toEqual({ id, window, local: local(m.layers) });
      expect(m.slidingFraction).toBe(local(m.layers) / m.layers);
    }
  });

  test('GIVEN the norm layouts THEN norms per layer match each architecture', () => {
    const expected: Record<string, number> = {
      'gemma-2-2b': 4, 'gemma-3-4b': 4, 'falcon-7b': 1, 'falcon-40b': 2, 'phi-2': 1, 'phi-1.5': 1,
      'pythia-1b': 2, 'llama-3.1-8b': 2, 'olmo-2-7b': 2,
    };
    const got = Object.fromEntries(Object.keys(expected).map((id) => [id, byId(id).normsPerLayer]));
    expect(got).toEqual(expected);
  });

  test('GIVEN the q/k-norm families THEN Qwen3 and Gemma 3 norm per head and OLMo 2 over the full width', () => {
    expect(['qwen-3-8b', 'qwen-3-30b-a3b', 'gemma-3-1b'].map((id) => byId(id).qkNorm)).toEqual(['head', 'head', 'head']);
    expect(byId('olmo-2-7b').qkNorm).toBe('full');
    expect(byId('qwen-2.5-7b').qkNorm).toBe('none');
  });

  test('GIVEN the parallel-block models THEN they are marked parallel and Llama is not', () => {
    expect(['falcon-7b', 'falcon-40b', 'phi-2', 'pythia-12b', 'stablelm-base-alpha-3b'].every((id) => byId(id).parallelBlock)).toBe(true);
    expect(byId('llama-3.1-8b').parallelBlock).toBe(false);
  });

  test('GIVEN StarCoder THEN it is multi-query with learned positions and biased LayerNorm blocks', () => {
    const m = byId('starcoder-15.5b');
    expect([m.kvHeads, m.positional, m.norm, m.mlp, m.qkvBias, m.oBias, m.mlpBias]).toEqual([1, 'learned', 'layernorm', 'plain', true, true, true]);
  });

  test('GIVEN DeepSeek-V3 THEN it carries MoE with router bias and an MLA spec', () => {
    const m = byId('deepseek-v3');
    expect(m.moe).toEqual({ experts: 256, topK: 8, expertIntermediate: 2048, sharedExperts: 1, sharedIntermediate: 2048, denseLayers: 3, routerBias: true });
    expect(m.mla).toEqual({ qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 });
  });
});

describe('MODELS: newer architectures', () => {
  test('GIVEN Llama 4 Scout THEN 48 MoE layers of 16 experts + a shared expert, text 107,769,861,120 + vision 871,932,416', () => {
    // attention per layer: q, o 2 x 5,120^2 + k, v 2 x 5,120 x 1,024 = 62,914,560; norms 10,240.
    // MoE layer: 16 experts x 3 x 5,120 x 8,192 = 2,013,265,920 + shared 125,829,120 + router 81,920.
    // 48 x 2,202,101,760 + embed/lm_head 2 x 202,048 x 5,120 + final norm 5,120 = 107,769,861,120.
    const m = byId('llama-4-scout-17b-16e');
    const b = countParams(m);
    expect(b.total - b.extra).toBe(107_769_861_120);
    expect(b.extra).toBe(871_932_416);
    expect(m.moe).toMatchObject({ experts: 16, topK: 1, sharedExperts: 1, denseLayers: 0 });
    expect([m.slidingWindow, m.slidingFraction * m.layers, m.localAttention, m.nopeLayers]).toEqual([8192, 36, 'chunked', 12]);
  });

  test('GIVEN Llama 4 Maverick THEN 24 dense layers of 16,384 interleave with 24 MoE layers of 128 experts: text 400,711,848,960', () => {
    // dense layer: 62,914,560 + 3 x 5,120 x 16,384 + 10,240 = 314,583,040; MoE layer: 62,914,560 +
    // 128 x 125,829,120 + shared 125,829,120 + router 655,360 + 10,240 = 16,295,536,640.
    // 24 x (314,583,040 + 16,295,536,640) + 2,068,971,520 + 5,120 = 400,711,848,960.
    const m = byId('llama-4-maverick-17b-128e');
    const b = countParams(m);
    expect(b.total - b.extra).toBe(400_711_848_960);
    expect(m.moe).toMatchObject({ experts: 128, denseLayers: 24, sharedExperts: 1 });
    expect(m.intermediate).toBe(16384);
  });

  test('GIVEN gpt-oss-20b THEN biases, router bias and one sink per head per layer give exactly 20,914,757,184', () => {
    // attention per layer: q 2,880 x 4,096 + 4,096; k, v 2 x (2,880 x 512 + 512); o 4,096 x 2,880 + 2,880 = 26,550,080; sinks 64.
    // 32 experts x (2,880 x 5,760 + 5,760 + 2,880 x 2,880 + 2,880) = 796,538,880; router 32 x 2,880 + 32; norms 5,760.
    // 24 x 823,186,976 + 2 x 201,088 x 2,880 + 2,880 = 20,914,757,184.
    const m = byId('gpt-oss-20b');
    expect(countParams(m).total).toBe(20_914_757_184);
    expect(countParams({ ...m, attentionSinks: false }).total).toBe(20_914_757_184 - 24 * 64);
    expect([m.attentionSinks, m.slidingWindow, m.slidingFraction, m.checkpointQuant, m.checkpointQuantModules]).toEqual([true, 128, 0.5, 'mxfp4', 'experts']);
  });

  test('GIVEN DeepSeek-R1 THEN it is DeepSeek-V3\'s architecture with an FP8 block-quantized checkpoint and one MTP layer', () => {
    const r1 = byId('deepseek-r1');
    const v3 = byId('deepseek-v3');
    expect(countParams(r1).total).toBe(countParams(v3).total);
    expect([r1.moe, r1.mla]).toEqual([v3.moe, v3.mla]);
    for (const m of [r1, v3]) {
      expect([m.checkpointQuant, m.checkpointQuantModules, m.mtp]).toEqual(['fp8-block', 'linear', { layers: 1, params: 11_610_068_224 }]);
    }
  });

  test('GIVEN the multimodal text towers THEN the vision towers are frozen extras and the text part is the text model\'s count', () => {
    const text: Record<string, string> = {
      'qwen-2.5-vl-3b': 'qwen-2.5-3b', 'qwen-2.5-vl-7b': 'qwen-2.5-7b', 'qwen-2.5-vl-32b': 'qwen-2.5-32b', 'qwen-2.5-vl-72b': 'qwen-2.5-72b',
      'mistral-small-3.1-24b': 'mistral-small-3-24b',
    };
    for (const [vl, base] of Object.entries(text)) {
      const b = countParams(byId(vl));
      expect({ vl, text: b.total - b.extra }).toEqual({ vl, text: countParams(byId(base)).total });
      expect(b.extra).toBeGreaterThan(0);
    }
  });

  test('GIVEN SmolLM3 and Llama 4 THEN NoPE layers are every 4th layer; no other entry has any', () => {
    const withNope = MODELS.filter((m) => (m.nopeLayers ?? 0) > 0);
    expect(withNope.map((m) => m.id).sort()).toEqual(['llama-4-maverick-17b-128e', 'llama-4-scout-17b-16e', 'smollm3-3b']);
    for (const m of withNope) expect(m.nopeLayers).toBe(Math.floor(m.layers / 4));
  });

  test('GIVEN chunked local attention THEN it comes with a window, and sinks only where gpt-oss has them', () => {
    expect(MODELS.filter((m) => m.localAttention === 'chunked' && m.slidingWindow === null)).toEqual([]);
    expect(MODELS.filter((m) => m.attentionSinks).map((m) => m.family)).toEqual(['gpt-oss', 'gpt-oss']);
  });

  test('GIVEN a quantized checkpoint THEN the format is one the quant key knows and the modules are named', () => {
    const formats = ['fp8', 'fp8-block', 'mxfp4', 'awq-int4', 'gptq-int4', 'gptq-int8'];
    for (const m of MODELS.filter((x) => x.checkpointQuant !== undefined)) {
      expect({ id: m.id, ok: formats.includes(m.checkpointQuant ?? '') && (m.checkpointQuantModules === 'linear' || m.checkpointQuantModules === 'experts') })
        .toEqual({ id: m.id, ok: true });
    }
    expect(MODELS.filter((m) => m.checkpointQuant !== undefined).map((m) => m.id).sort()).toEqual(['deepseek-r1', 'deepseek-v3', 'gpt-oss-120b', 'gpt-oss-20b']);
  });
});

describe('MODELS: context', () => {
  test('GIVEN rope scaling or a usable context THEN a note says where it comes from, and an opt-in scaling sits above the config limit', () => {
    for (const m of MODELS.filter((x) => x.ropeScaling !== undefined || x.usableContext !== undefined)) {
      expect({ id: m.id, note: (m.contextNote ?? '').length > 20 }).toEqual({ id: m.id, note: true });
      if (m.usableContext !== undefined) expect(Number.isSafeInteger(m.usableContext) && m.usableContext > 0).toBe(true);
      if (m.ropeScaling?.inConfig === false && m.usableContext !== undefined) expect(m.usableContext).toBeGreaterThan(m.maxContext);
      if (m.ropeScaling) expect(m.ropeScaling.factor).toBeGreaterThan(1);
    }
  });

  test('GIVEN Llama 3.1 THEN 131,072 positions from rope_scaling llama3 x8 over 8,192; Qwen3 THEN 40,960 in config and 131,072 with YaRN x4', () => {
    expect(byId('llama-3.1-8b')).toMatchObject({ maxContext: 131072, ropeScaling: { type: 'llama3', factor: 8, originalContext: 8192, inConfig: true } });
    for (const id of ['qwen-3-0.6b', 'qwen-3-1.7b', 'qwen-3-4b', 'qwen-3-8b', 'qwen-3-14b', 'qwen-3-32b', 'qwen-3-30b-a3b', 'qwen-3-235b-a22b']) {
      expect(byId(id)).toMatchObject({ maxContext: 40960, usableContext: 131072, ropeScaling: { type: 'yarn', factor: 4, originalContext: 32768, inConfig: false } });
    }
  });
});
