/**
 * Golden tests for the serving engines: the numbers vLLM, SGLang and llama.cpp printed at start-up
 * in public issues and pull requests (calibration/serving.jsonl, sources in calibration/SOURCES.md),
 * predicted from the same settings by src/estimator/serving.ts through the bench's own mapping.
 * The tolerances are what we claim, per quantity; the reasons for the wider ones are beside them.
 */
import { loadServingMeasurements } from '../../bench/calibration';
import { evaluateServing, predictServing } from '../../bench/accuracy';

const points = new Map(loadServingMeasurements().map((m) => [m.id, m]));

const cases: [string, number, string][] = [
  // [id, relative tolerance, what]
  ['sv001', 0.05, 'vLLM PR #10511: Llama-3-8B on an H100, available KV cache 53.29 GiB (V0: our V1 profile is 0.42 GiB lighter)'],
  ['sv002', 0.01, 'vLLM PR #10511: model weights take 14.96 GiB'],
  // V0's sampler sorted for top-k/top-p and computed logprobs in the profile run; V1's Triton path does not.
  ['sv003', 0.4, 'vLLM PR #10511: PyTorch activation peak 1.26 GiB (V0 sampler over 256 sequences)'],
  ['sv004', 0.06, 'vLLM #10517: RTX 3090, max_model_len 20,000: 1,952 blocks = 31,232 tokens'],
  ['sv005', 0.03, 'vLLM #10517: 20,000-token profile forward, 2.07 GiB'],
  ['sv006', 0.06, 'vLLM #10517: max_model_len 29,000: 1,478 blocks = 23,648 tokens'],
  ['sv007', 0.03, 'vLLM #10517: 29,000-token profile forward, 2.99 GiB'],
  ['sv009', 0.01, 'vLLM PR #17122: Model loading took 14.9889 GiB'],
  ['sv010', 0.001, 'vllm-ascend #2235: Llama-70B architecture at tp 8, Loading model weights took 16.4610 GB per rank (the shard + the rotary cache)'],
  ['sg001', 0.001, "SGLang PR #13023: L40S mem_fraction_static=0.851, SGLang's own default"],
  ['lc001', 0.01, 'llamafile PR #552: KV self size 180.00 MiB (TriLM 3.9B, n_ctx 512)'],
  ['lc002', 0.02, 'llamafile PR #552: CUDA0 compute buffer 105.00 MiB (no flash attention)'],
  ['lc003', 0.01, 'llamafile PR #552: CUDA0 model buffer 7,317.71 MiB (every block + the output layer)'],
  ['lc004', 0.01, 'llamafile PR #552: CPU model buffer 297.00 MiB (the token embeddings stay on the CPU)'],
];

describe('serving golden points (calibration/serving.jsonl)', () => {
  test.each(cases)('GIVEN %s THEN within %f: %s', (id, tol) => {
    const m = points.get(id);
    if (!m) throw new Error(`no point ${id}`);
    expect(m.use).toBe('check');
    const pred = predictServing(m);
    expect(Math.abs(pred - m.value) / m.value).toBeLessThanOrEqual(tol);
  });

  test('GIVEN every check point THEN each is in the table above', () => {
    const checked = [...points.values()].filter((m) => m.use === 'check').map((m) => m.id).sort();
    expect(checked).toEqual(cases.map((c) => c[0]).sort());
  });

  test('GIVEN the outlier (vLLM v0.8.4 V1 profiler, PR #17122) THEN it is reported, over-predicted by less than 35%', () => {
    const rows = evaluateServing([...points.values()].filter((m) => m.use === 'outlier'));
    expect(rows.map((r) => r.id)).toEqual(['sv008']);
    expect(rows[0]?.err).toBeGreaterThan(0);
    expect(rows[0]?.err).toBeLessThan(0.35);
  });
});
