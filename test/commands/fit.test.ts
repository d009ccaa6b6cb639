import { fitFromArgs } from '../../commands/fit';
import { dispatch } from '../support/run';
import { replyText } from '../../src/reply/text';
import { sizedFor, totalFor } from '../../src/fit';
import { resolveArgs } from '../../src/report';
import { candidates } from '../../src/tips';
import type { EstimateConfig } from '../../src/config';
import { reportFromLine } from '../../commands/estimate-line';
import { validBatch } from '../../src/fit';

const ctx = { platform: 'cli' as const, teamId: 't', channelId: 'c', userId: 'u' };

function solve(line: string) {
  const args: Record<string, string> = {};
  for (const t of line.split(' ')) { const i = t.indexOf(':'); args[t.slice(0, i)] = t.slice(i + 1); }
  const r = fitFromArgs(args);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const resolved = resolveArgs(args);
  if (!resolved.ok) throw new Error('resolve');
  return { ...r.value, resolved: resolved.value };
}

describe('fit solver', () => {
  const cases = [
    'gpu:rtx4090 model:llama-3.1-8b qlora:true gc:true',
    'gpu:a100-80gb model:llama-3.1-8b lora:true',
    'gpu:h100 model:qwen-2.5-7b method:full optimizer:adamw-8bit gc:true',
    'gpu:l4 model:llama-3.2-1b lora:true seq:1024',
  ];
  test.each(cases)('GIVEN %s THEN the reported max batch fits and max + 1 does not', (line) => {
    const s = solve(line);
    const c = s.resolved.built.config;
    const cap = s.fit.memoryBytes;
    expect(s.fit.maxBatch).toBeGreaterThan(0);
    expect(sizedFor(s.resolved.arch, { ...c, batch: s.fit.maxBatch })).toBeLessThanOrEqual(cap);
    expect(sizedFor(s.resolved.arch, { ...c, batch: s.fit.maxBatch + 1 })).toBeGreaterThan(cap);
  });
  test.each(cases)('GIVEN %s THEN the reported max seq fits and max + 1 does not', (line) => {
    const s = solve(line);
    const c = s.resolved.built.config;
    const cap = s.fit.memoryBytes;
    expect(sizedFor(s.resolved.arch, { ...c, seq: s.fit.maxSeq })).toBeLessThanOrEqual(cap);
    expect(sizedFor(s.resolved.arch, { ...c, seq: s.fit.maxSeq + 1 })).toBeGreaterThan(cap);
  });
  test('GIVEN full fine-tuning of Llama-3.1-70B on H100s THEN the fewest GPUs with ZeRO-3 fit and one fewer does not', () => {
    const s = solve('gpu:h100 model:llama-3.1-70b method:full gc:true');
    const c = s.resolved.built.config;
    const n = s.fit.minGpus ?? 0;
    expect(n).toBeGreaterThan(1);
    expect(sizedFor(s.resolved.arch, { ...c, gpus: n, sharding: 'zero3' })).toBeLessThanOrEqual(s.fit.memoryBytes);
    expect(sizedFor(s.resolved.arch, { ...c, gpus: n - 1, sharding: n - 1 === 1 ? c.sharding : 'zero3' })).toBeGreaterThan(s.fit.memoryBytes);
  });
  test('GIVEN margin:0 THEN the boundaries are the central estimate itself; by default THEN the top of the likely range, which is above it', () => {
    const plain = solve('gpu:a100-80gb model:llama-3.1-8b lora:true margin:0');
    const c = plain.resolved.built.config;
    expect(totalFor(plain.resolved.arch, { ...c, seq: plain.fit.maxSeq })).toBeLessThanOrEqual(plain.fit.memoryBytes);
    expect(totalFor(plain.resolved.arch, { ...c, seq: plain.fit.maxSeq + 1 })).toBeGreaterThan(plain.fit.memoryBytes);
    const ranged = solve('gpu:a100-80gb model:llama-3.1-8b lora:true');
    expect(ranged.fit.sizedBytes).toBeGreaterThan(ranged.fit.totalBytes);
    expect(ranged.fit.maxSeq).toBeLessThan(plain.fit.maxSeq);
    const tenth = solve('gpu:a100-80gb model:llama-3.1-8b lora:true margin:10%');
    expect(tenth.fit.sizedBytes).toBeCloseTo(tenth.fit.totalBytes * 1.1, 0);
  });
  test('GIVEN a config that does not fit THEN the changes make it fit and are ordered least invasive first', () => {
    const s = solve('gpu:rtx4090 model:llama-3.1-8b lora:true batch:4 seq:4096');
    expect(s.fit.fits).toBe(false);
    expect(s.fit.changes?.length).toBeGreaterThan(0);
    expect(s.fit.changedTotalBytes).toBeLessThanOrEqual(s.fit.memoryBytes);
    // chunked loss changes nothing in the maths: it comes before checkpointing and smaller batches
    const order = (s.fit.changes ?? []).map((c) => c.change.split(':')[0]);
    expect(order.indexOf('loss')).toBeLessThan(order.indexOf('gc'));
  });
  test('GIVEN serving on an H100 THEN concurrent 8k sequences is an exact boundary', () => {
    const s = solve('gpu:h100 model:llama-3.1-8b mode:infer context:8192');
    const c = s.resolved.built.config;
    expect(s.fit.maxBatch).toBeGreaterThan(1);
    expect(sizedFor(s.resolved.arch, { ...c, batch: s.fit.maxBatch })).toBeLessThanOrEqual(s.fit.memoryBytes);
    expect(sizedFor(s.resolved.arch, { ...c, batch: s.fit.maxBatch + 1 })).toBeGreaterThan(s.fit.memoryBytes);
    expect(s.fit.minGpus).toBeNull();
  });
  test('GIVEN a node of 8 cards (count:8) THEN the fit is per GPU of that node', () => {
    const one = solve('gpu:a100-80gb model:llama-3.1-70b method:full gc:true sharding:zero3 count:2');
    const eight = solve('gpu:a100-80gb model:llama-3.1-70b method:full gc:true sharding:zero3 count:8');
    expect(eight.fit.totalBytes).toBeLessThan(one.fit.totalBytes);
    expect(eight.gpus).toBe(8);
  });
  test('GIVEN fit without gpu THEN a friendly error naming gpu', async () => {
    const reply = await dispatch('fit model:llama-3.1-8b', ctx);
    expect(reply.severity).toBe('error');
    expect(replyText(reply)).toMatch(/gpu:<id>/);
  });
  test('GIVEN /vram fit through the registry THEN the reply lists the answers', async () => {
    const text = replyText(await dispatch('fit gpu:rtx4090 model:llama-3.1-8b qlora:true', ctx));
    expect(text).toMatch(/Largest micro-batch at seq 2,048/);
    expect(text).toMatch(/Fewest rtx4090 GPUs|No number of rtx4090 GPUs up to \d+ fits it/);
  });
});

describe('compare', () => {
  test('GIVEN three sides THEN a table with every side, the differences against A and the fits', async () => {
    const reply = await dispatch('compare model:llama-3.1-8b lora:true vs model:llama-3.1-8b qlora:true vs model:llama-3.1-8b qlora:true gc:true', ctx);
    expect(reply.table?.columns).toEqual(['GiB per GPU', 'A', 'B', 'C', 'B−A', 'C−A']);
    const weights = reply.table?.rows.find((r) => r[0] === 'Weights');
    expect(Number(weights?.[2])).toBeLessThan(Number(weights?.[1]));
    expect(weights?.[4]).toMatch(/^−/);
    expect(reply.sections[0]?.lines.some((l) => /rtx4090: A ✗/.test(l))).toBe(true);
  });
  test('GIVEN one side only THEN an error asking for vs', async () => {
    const reply = await dispatch('compare model:llama-3.1-8b', ctx);
    expect(reply.severity).toBe('error');
    expect(replyText(reply)).toMatch(/vs/);
  });
  test('GIVEN a bad side THEN the error names the side and the key', async () => {
    const text = replyText(await dispatch('compare model:llama-3.1-8b vs model:llama-3.1-8b optimizer:adam9', ctx));
    expect(text).toMatch(/Side B/);
    expect(text).toMatch(/optimizer:adam9/);
  });
});

describe('compare and fit with presets', () => {
  test('GIVEN saved presets on both sides THEN compare uses them, with overrides per side', async () => {
    const { setup } = await import('./preset-helpers');
    const { say } = setup();
    await say('preset save name:ours model:llama-3.1-8b lora:true');
    await say('preset save name:theirs model:llama-3.1-8b qlora:true');
    const r = await say('compare preset:ours vs preset:theirs gc:true');
    expect(r.reply.severity).toBe('info');
    expect(r.reply.fields[0]?.value).toMatch(/method:lora/);
    expect(r.reply.fields[1]?.value).toMatch(/method:qlora/);
    expect(r.reply.fields[1]?.value).toMatch(/gc:true/);
  });
  test('GIVEN an unknown preset on one side THEN a friendly error', async () => {
    const { setup } = await import('./preset-helpers');
    const { say } = setup();
    const r = await say('compare preset:nope vs model:llama-3.1-8b');
    expect(r.reply.severity).toBe('error');
    expect(r.text).toMatch(/nope/);
  });
  test('GIVEN a pinned preset THEN a bare fit gpu:<id> in that channel solves the pinned setup', async () => {
    const { setup } = await import('./preset-helpers');
    const { say } = setup();
    await say('preset save name:pinme model:llama-3.1-8b qlora:true');
    await say('preset pin name:pinme');
    const r = await say('fit gpu:rtx4090');
    expect(r.reply.severity).not.toBe('error');
    expect(r.text).toMatch(/Fit on rtx4090: Llama 3\.1 8B/);
    expect(r.text).toMatch(/pinme/);
  });
});

describe('fit with vLLM', () => {
  test('GIVEN engine:vllm THEN the budget is 90% of the card and the boundary is exact', () => {
    const s = solve('gpu:h100 model:llama-3.1-8b mode:infer context:8192 engine:vllm');
    const c = s.resolved.built.config;
    expect(s.fit.usableBytes).toBeCloseTo(0.9 * s.fit.memoryBytes, 0);
    expect(sizedFor(s.resolved.arch, { ...c, batch: s.fit.maxBatch })).toBeLessThanOrEqual(s.fit.usableBytes);
    expect(sizedFor(s.resolved.arch, { ...c, batch: s.fit.maxBatch + 1 })).toBeGreaterThan(s.fit.usableBytes);
    const hf = solve('gpu:h100 model:llama-3.1-8b mode:infer context:8192');
    expect(s.fit.maxBatch).toBeGreaterThan(hf.fit.maxBatch);
  });
});

describe('fit: the least invasive changes are a minimal set', () => {
  /** The config after `changes`, or null when one of them needs another that is left out (offload:optimizer without ZeRO). */
  const cfgOrNull = (s: ReturnType<typeof solve>, changes: readonly string[]): EstimateConfig | null => {
    const all = candidates(s.resolved.built.config, s.resolved.gpu);
    let c: EstimateConfig | null = s.resolved.built.config;
    for (const text of changes) {
      if (c === null) return null;
      const from: EstimateConfig = c;
      const cand = all.find((x) => x.text === text) ?? candidates(from, s.resolved.gpu).find((x) => x.text === text);
      c = cand ? ({ ...from, ...cand.change } as EstimateConfig) : null;
    }
    return c;
  };
  const cfgOf = (s: ReturnType<typeof solve>, changes: readonly string[]): EstimateConfig => {
    const c = cfgOrNull(s, changes);
    if (!c) throw new Error(`changes do not apply: ${changes.join(' ')}`);
    return c;
  };

  test('GIVEN LoRA on an 8B that gc:true alone brings under a 3090 THEN gc:true alone, never a pair with it', () => {
    const s = solve('gpu:rtx3090 model:llama-3.1-8b lora:true');
    expect(s.fit.fits).toBe(false);
    expect(s.fit.changes?.map((c) => c.change)).toEqual(['gc:true']);
    expect(sizedFor(s.resolved.arch, cfgOf(s, ['gc:true']))).toBeLessThanOrEqual(s.fit.usableBytes);
  });

  test.each([
    'gpu:rtx3090 model:llama-3.1-8b lora:true',
    'gpu:rtx4090 model:llama-3.1-8b method:full',
    'gpu:a10g model:qwen-2.5-7b lora:true seq:8192',
    'gpu:rtx4090 model:llama-3.1-8b lora:true seq:16384 batch:2',
    'gpu:l4 model:mistral-7b method:full seq:4096',
    'gpu:a100-40gb model:llama-3.1-70b qlora:true seq:8192',
  ])('GIVEN %s THEN the proposed changes fit, and none of them can be left out', (line) => {
    const s = solve(line);
    const changes = (s.fit.changes ?? []).map((c) => c.change);
    if (s.fit.changes === null) return;
    expect(sizedFor(s.resolved.arch, cfgOf(s, changes))).toBeLessThanOrEqual(s.fit.usableBytes);
    for (const left of changes) {
      const without = cfgOrNull(s, changes.filter((c) => c !== left));
      expect([left, without === null || sizedFor(s.resolved.arch, without) > s.fit.usableBytes]).toEqual([left, true]);
    }
    // A single change that fits is preferred to any pair.
    const singles = candidates(s.resolved.built.config, s.resolved.gpu).filter((c) => sizedFor(s.resolved.arch, { ...s.resolved.built.config, ...c.change } as EstimateConfig) <= s.fit.usableBytes);
    if (singles.length > 0) expect(changes).toHaveLength(1);
  });

  test('GIVEN not even batch 1 fits THEN the reply says so instead of "0"', async () => {
    const text = replyText(await dispatch('fit gpu:rtx3090 model:llama-3.1-8b lora:true', ctx));
    expect(text).toMatch(/Largest micro-batch at seq 2,048: \*\*none\*\*: even batch 1 does not fit/);
    expect(text).not.toMatch(/\*\*0\*\*/);
  });
});

describe('fit: the serving engines answer by their own arithmetic', () => {
  test('GIVEN vLLM on an H100 THEN the pool in tokens, vLLM\'s maximum concurrency and the sequences it runs, in the reply and JSON', async () => {
    const s = solve('gpu:h100 model:llama-3.1-8b mode:infer context:8192 engine:vllm');
    const v = s.fit.serving;
    if (!v) throw new Error('no serving answer');
    expect(v.engine).toBe('vllm');
    expect(v.kvCacheTokens).toBe((v.blocks ?? 0) * 16);
    expect(v.maxConcurrency).toBeCloseTo((v.blocks ?? 0) / 512, 10);
    expect(v.concurrentSeqs).toBe(Math.min(Math.floor(v.maxConcurrency), v.maxSeqs));
    expect(v.maxSeqs).toBe(1024); // vllm serve's default on a >= 70 GiB card
    const text = replyText(await dispatch('fit gpu:h100 model:llama-3.1-8b mode:infer context:8192 engine:vllm', ctx));
    expect(text).toMatch(new RegExp(`GPU KV cache size: ${v.kvCacheTokens.toLocaleString('en-US')} tokens`));
    expect(text).toMatch(new RegExp(`Maximum concurrency for 8,192 tokens per request: ${v.maxConcurrency.toFixed(2)}x`));
    const json = (await dispatch('fit gpu:h100 model:llama-3.1-8b mode:infer context:8192 engine:vllm', ctx)).data?.() as { serving: { kvCacheTokens: number } };
    expect(json.serving.kvCacheTokens).toBe(v.kvCacheTokens);
  });
  test('GIVEN max_seqs below what the pool holds THEN the sequences are capped by it and the reply says so', async () => {
    const s = solve('gpu:h100 model:llama-3.1-8b mode:infer context:4096 engine:vllm max_seqs:16');
    expect(s.fit.serving?.concurrentSeqs).toBe(16);
    expect(s.fit.serving?.limitedBy).toBe('max_seqs');
    expect(replyText(await dispatch('fit gpu:h100 model:llama-3.1-8b mode:infer context:4096 engine:vllm max_seqs:16', ctx))).toMatch(/capped by max_num_seqs 16/);
  });
  test('GIVEN util THEN vLLM\'s budget is util x the card, and a lower util holds fewer tokens', () => {
    const lo = solve('gpu:h100 model:llama-3.1-8b mode:infer context:8192 engine:vllm util:0.6');
    const hi = solve('gpu:h100 model:llama-3.1-8b mode:infer context:8192 engine:vllm util:0.95');
    expect(lo.fit.usableBytes).toBeCloseTo(0.6 * lo.fit.memoryBytes, 0);
    expect(hi.fit.usableBytes).toBeCloseTo(0.95 * hi.fit.memoryBytes, 0);
    expect(lo.fit.serving?.kvCacheTokens).toBeLessThan(hi.fit.serving?.kvCacheTokens ?? 0);
  });
  test('GIVEN eager:true THEN no CUDA graphs outside the budget', () => {
    expect(solve('gpu:h100 model:llama-3.1-8b mode:infer engine:vllm eager:true').fit.serving?.cudaGraphBytes).toBe(0);
    expect(solve('gpu:h100 model:llama-3.1-8b mode:infer engine:vllm').fit.serving?.cudaGraphBytes).toBeGreaterThan(0);
  });
  test('GIVEN vLLM at batch 4 THEN the longest context is the largest whose 4 requests fit the blocks, capped at the model\'s length', () => {
    const s = solve('gpu:rtx4090 model:llama-3.1-8b mode:infer context:4096 batch:4 engine:vllm');
    const v = s.fit.serving;
    if (!v) throw new Error('no serving answer');
    expect(v.longestContextLimitedBy).toBe('kv-cache');
    expect(4 * Math.ceil(v.longestContext / 16)).toBeLessThanOrEqual(v.blocks ?? 0);
    expect(4 * Math.ceil((v.longestContext + 1) / 16)).toBeGreaterThan(v.blocks ?? 0);
    const h = solve('gpu:h100 model:llama-3.1-8b mode:infer context:4096 engine:vllm').fit.serving;
    expect(h?.longestContext).toBe(131072);
    expect(h?.longestContextLimitedBy).toBe('model');
    expect(h?.longestContextByPool).toBeGreaterThan(131072);
  });
  test('GIVEN SGLang THEN the token pool of mem_fraction_static and tokens / context sequences', async () => {
    const s = solve('gpu:h100 model:llama-3.1-8b mode:infer context:8192 engine:sglang');
    const v = s.fit.serving;
    expect(v?.engine).toBe('sglang');
    expect(v?.util).toBe(0.835);
    expect(v?.concurrentSeqs).toBe(Math.floor((v?.kvCacheTokens ?? 0) / 8192));
    expect(replyText(await dispatch('fit gpu:h100 model:llama-3.1-8b mode:infer context:8192 engine:sglang', ctx))).toMatch(/KV Cache is allocated\. #tokens: /);
  });
  test('GIVEN HF generate and llama.cpp THEN no engine plan (the estimate\'s own searches answer)', () => {
    expect(solve('gpu:h100 model:llama-3.1-8b mode:infer context:8192').fit.serving).toBeNull();
    expect(solve('gpu:h100 model:llama-3.1-8b mode:infer context:8192 engine:llamacpp').fit.serving).toBeNull();
  });
});

describe('fit: the longest context never passes the model\'s context length without saying so', () => {
  test('GIVEN a small model with room for more THEN the longest context is capped at the limit, with the memory-only figure', async () => {
    const s = solve('gpu:h100 model:llama-3.2-1b mode:infer context:4096');
    expect(s.fit.maxSeq).toBe(131072);
    expect(s.fit.maxSeqLimitedBy).toBe('model');
    expect(s.fit.maxSeqByMemory).toBeGreaterThan(131072);
    expect(sizedFor(s.resolved.arch, { ...s.resolved.built.config, context: s.fit.maxSeqByMemory })).toBeLessThanOrEqual(s.fit.usableBytes);
    expect(sizedFor(s.resolved.arch, { ...s.resolved.built.config, context: s.fit.maxSeqByMemory + 1 })).toBeGreaterThan(s.fit.usableBytes);
    expect(replyText(await dispatch('fit gpu:h100 model:llama-3.2-1b mode:infer context:4096', ctx))).toMatch(/limited by the model's context length 131,072; memory alone would allow/);
  });
  test('GIVEN training with a 4k-context model THEN the longest sequence is the model\'s 4,096', () => {
    const s = solve('gpu:h100 model:phi-3-mini-4k lora:true seq:1024');
    expect(s.fit.maxSeq).toBe(4096);
    expect(s.fit.maxSeqLimitedBy).toBe('model');
  });
  test('GIVEN memory runs out first THEN limited by memory, as before', () => {
    expect(solve('gpu:rtx4090 model:llama-3.1-8b qlora:true gc:true').fit.maxSeqLimitedBy).toBe('memory');
  });
  test('GIVEN a context beyond the model\'s THEN the fit reply and JSON carry the warning', async () => {
    const reply = await dispatch('fit gpu:h100 model:llama-3-8b mode:infer context:16384', ctx);
    expect(reply.sections[0]?.title).toBe('⚠ Warnings');
    expect((reply.data?.() as { warnings: { code: string }[] }).warnings[0]?.code).toBe('beyond_model_context');
  });
});

describe('validBatch: GRPO batches TRL accepts', () => {
  const built = (line: string): EstimateConfig => {
    const r = reportFromLine(line);
    if (!r.ok) throw new Error(`${line}: ${JSON.stringify(r.errors)}`);
    return r.value.config;
  };
  const grpo = (extra: string): EstimateConfig => built(`model:llama-3.1-8b lora:true objective:grpo ${extra}`);
  const cfgOrNull = built;
  test('GIVEN generations 8 on one GPU THEN the batch rounds down to a multiple of 8; with 4 GPUs to a multiple of 2', () => {
    expect(validBatch(grpo('generations:8 batch:8'), 13)).toBe(8);
    expect(validBatch(grpo('generations:8 batch:8'), 7)).toBe(0);
    // 8 / gcd(8, 4 GPUs x 1) = 2
    expect(validBatch(grpo('generations:8 batch:2 gpus:4 sharding:zero3'), 13)).toBe(12);
    // SFT keeps the search's answer.
    expect(validBatch(cfgOrNull('model:llama-3.1-8b lora:true')!, 13)).toBe(13);
  });
});
