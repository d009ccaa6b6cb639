/**
 * Golden tests: published peak-memory measurements (calibration/measurements.jsonl, each with its
 * source and settings; see calibration/SOURCES.md), estimated through the grammar and compared on the
 * statistic the source measured. Tolerances are the accuracy we claim; see bench:accuracy.
 */
import { reportFromLine } from '../../commands/estimate-line';
import { loadMeasurements, mapMeasurement } from '../../bench/calibration';
import { predict } from '../../bench/accuracy';

const GiB = 1024 ** 3;
const points = new Map(loadMeasurements().map((m) => [m.id, mapMeasurement(m)]));

/** The estimate on the statistic the source measured (the bench's own comparison). */
function predicted(id: string): { measured: number; predicted: number } {
  const p = points.get(id);
  if (!p || p.kind !== 'point' || p.m.value_gib === null) throw new Error(`${id} is not a usable point`);
  return { measured: p.m.value_gib, predicted: predict(p.args, p.stat) };
}

const cases: [string, number, string][] = [
  // [id, relative tolerance, source]
  ['gt030', 0.05, 'torchtune README: Llama-3.2-3B full bf16, fused AdamW, b2 x 4096 packed, peak active 60.0 GiB'],
  ['gt031', 0.05, 'torchtune README: the same + torch.compile, 51.0 GiB'],
  ['gt033', 0.05, 'torchtune README: + chunked CE + activation checkpointing, 24.9 GiB'],
  ['gt059', 0.05, 'LitGPT resource tables: phi-1.5 LoRA q,v r8, b1, 1044 tokens, 4.82 GB allocated'],
  ['gt063', 0.05, 'LitGPT resource tables: phi-1.5 LoRA, b4, 1044 tokens, 10.68 GB'],
  ['gt064', 0.05, 'LitGPT resource tables: StableLM-3B LoRA, b1, 1034 tokens, 9.69 GB'],
  ['gt069', 0.06, 'LitGPT resource tables: Llama-2-7B LoRA, b1, 1304 tokens, 21.30 GB'],
  ['gt070', 0.08, 'LitGPT resource tables: Llama-2-7B QLoRA nf4, b1, 1304 tokens, 14.14 GB'],
  ['gt073', 0.05, 'LitGPT resource tables: Llama-2-13B LoRA, b1, 1304 tokens, 38.12 GB'],
  ['gt109', 0.03, 'LitGPT generate: Llama-2-7B bf16, 13.52 GB'],
  ['gt112', 0.03, 'LitGPT generate: Llama-2-13B bf16, 26.21 GB'],
  ['gt134', 0.03, 'LitGPT generate: Llama-2-7B bf16-mixed (fp32 weights + autocast copies), 37.45 GB'],
  ['gt187', 0.03, 'HF "Optimizing LLMs": octocoder bf16 inference, 29.03 GiB'],
  ['gt188', 0.05, 'HF "Optimizing LLMs": octocoder LLM.int8, 15.22 GiB'],
];

describe('golden: published measurements', () => {
  test.each(cases)('GIVEN %s THEN the estimate is within %p of the measurement (%s)', (id, tol) => {
    const { measured, predicted: p } = predicted(id);
    expect(Math.abs(p - measured) / measured).toBeLessThanOrEqual(tol);
  });

  test('GIVEN the LitGPT OOM rows on an A100 40GB THEN the estimate exceeds 40 GiB', () => {
    for (const id of ['gt076', 'gt077', 'gt078']) {
      const p = points.get(id);
      if (!p || p.kind !== 'oom') throw new Error(id);
      const r = reportFromLine(p.args);
      if (!r.ok) throw new Error(id);
      expect(r.value.totalBytes / GiB).toBeGreaterThan(p.capacityGiB);
    }
  });
});

/**
 * Weight formats (calibration/SOURCES.md, "Weight formats"): rows gt300-gt318, mapped to the
 * grammar in bench/calibration.ts like every other row; the tolerances are the accuracy claimed.
 */
const formatCases: [string, number, string][] = [
  // [id, relative tolerance, source]
  ['gt300', 0.002, 'llama-bench: llama 7B Q4_0, 3.56 GiB file'],
  ['gt301', 0.002, 'llama-bench: llama 13B Q4_0, 6.86 GiB file'],
  ['gt302', 0.002, 'llama-bench: qwen2 7B Q4_K_M, 4.36 GiB file'],
  ['gt303', 0.06, 'Qwen2.5-7B GPTQ-Int4, input 1 + 2048 generated, A100: 5.52 GiB'],
  ['gt304', 0.06, 'Qwen2.5-7B GPTQ-Int8, input 1: 8.42 GiB'],
  ['gt305', 0.08, 'Qwen2.5-7B AWQ, input 1: 5.39 GiB'],
  ['gt306', 0.08, 'Qwen2.5-7B GPTQ-Int4, input 6144: 6.52 GiB'],
  ['gt307', 0.08, 'Qwen2.5-7B GPTQ-Int8, input 6144: 9.43 GiB'],
  ['gt308', 0.09, 'Qwen2.5-7B AWQ, input 6144: 6.39 GiB'],
  ['gt309', 0.05, 'Qwen2.5-32B GPTQ-Int4, input 1: 18.94 GiB'],
  ['gt310', 0.05, 'Qwen2.5-32B AWQ, input 1: 18.67 GiB'],
  ['gt311', 0.05, 'Qwen3-8B-FP8, input 1, H20: 9323 MiB'],
  ['gt312', 0.10, 'Qwen3-8B-FP8, input 6144: 10187 MiB'],
  ['gt313', 0.06, 'Qwen3-8B-AWQ, input 1: 6177 MiB'],
  ['gt314', 0.13, 'Qwen3-8B-AWQ, input 6144: 7113 MiB'],
  ['gt315', 0.04, 'Qwen3-32B-FP8, input 1: 33379 MiB'],
  ['gt316', 0.05, 'Qwen3-32B-AWQ, input 1: 19109 MiB'],
  ['gt317', 0.04, 'Qwen3-30B-A3B-FP8 (MoE), input 1: 30296 MiB'],
  ['gt318', 0.08, 'gpt-oss-20b on vLLM 0.19 (A100): Model loading took 13.72 GiB (Marlin padding not modelled)'],
];

describe('golden: weight formats', () => {
  test.each(formatCases)('GIVEN %s THEN the estimate is within %p of the measurement (%s)', (id, tol) => {
    const { measured, predicted: p } = predicted(id);
    expect(Math.abs(p - measured) / measured).toBeLessThanOrEqual(tol);
  });
});
