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
