/**
 * The likely range of an estimate: generated from calibration/ by scripts/ranges.ts, never typed
 * in. The committed data must equal a fresh run (so CI fails when the estimator or the
 * measurements change and nobody ran `npm run ranges`), and the ranges must do what they claim on
 * the calibration points themselves.
 */
import { generateRangeData, rangeDataSource, residuals } from '../../scripts/ranges';
import { RANGE_DATA } from '../../src/estimator/ranges.data';
import { estimateRange, MIN_HALF_WIDTH, MIN_POINTS, nearCalibrated, regimeFor, type RangeData } from '../../src/estimator/range';
import { regimeOf } from '../../src/estimator/regime';
import { reportFromLine } from '../../commands/estimate-line';
import { resolveModel } from '../../src/catalog/resolve';

function archOf(id: string) {
  const r = resolveModel(id);
  if (!r.ok) throw new Error(id);
  return r.value.arch;
}

const fresh = generateRangeData();

function report(line: string) {
  const r = reportFromLine(line);
  if (!r.ok) throw new Error(`${line}: ${JSON.stringify(r.errors)}`);
  return r.value;
}

describe('range data', () => {
  test('the committed src/estimator/ranges.data.ts is what `npm run ranges` writes today', () => {
    // If this fails: the estimator or calibration/ changed; run `npm run ranges` and commit the file.
    expect(RANGE_DATA).toEqual(fresh);
    expect(rangeDataSource(fresh)).toContain('export const RANGE_DATA');
  });

  test('every regime is backed by at least MIN_POINTS measurements and its quantiles are ordered', () => {
    expect(Object.keys(fresh.regimes).length).toBeGreaterThan(3);
    for (const [key, s] of Object.entries(fresh.regimes)) {
      expect(s.n).toBeGreaterThanOrEqual(MIN_POINTS);
      expect(s.low).toBeLessThanOrEqual(s.high);
      expect(s.mean).toBeGreaterThanOrEqual(s.low - 1e-9);
      expect(s.mean).toBeLessThanOrEqual(s.high + 1e-9);
      expect(key.split('|')[0]).toMatch(/^(train|infer|all)$/);
    }
    // The coarsest regime holds every memory point.
    expect(fresh.regimes.all?.n).toBe(residuals().length);
  });

  test('each residual is measured / estimated - 1 of a row the estimate can read', () => {
    const rs = residuals();
    expect(rs.length).toBeGreaterThan(40);
    for (const x of rs) {
      expect(Number.isFinite(x.r)).toBe(true);
      expect(x.levels[x.levels.length - 1]).toBe('all');
    }
  });

  test('leave-one-out: the ranges hold about the share of the calibration points they claim', () => {
    // Nominal 80% (10th to 90th percentile). With tens of points per regime the held-out share
    // wanders; below 60% the ranges would be claiming more than they know.
    const all = fresh.regimes.all;
    expect(all).toBeDefined();
    expect(all!.coverage).toBeGreaterThanOrEqual(0.6);
    for (const s of Object.values(fresh.regimes)) expect(s.coverage).toBeGreaterThanOrEqual(0.5);
  });
});

describe('estimateRange', () => {
  test('a calibrated training setting takes its specific regime, and the central figure lies inside', () => {
    const rep = report('model:llama-3.1-8b method:qlora batch:1 seq:2048 gc:true');
    const r = rep.range;
    expect(r).not.toBeNull();
    expect(r!.lowBytes).toBeLessThanOrEqual(rep.totalBytes);
    expect(r!.highBytes).toBeGreaterThanOrEqual(rep.totalBytes);
    expect(r!.points).toBeGreaterThanOrEqual(MIN_POINTS);
    const stats = RANGE_DATA.regimes[r!.regime]!;
    // Hand check: the range is central x (1 + low) .. central x (1 + high), at least +-1% wide.
    expect(r!.lowBytes).toBeCloseTo(rep.totalBytes * (1 + Math.min(stats.low, -MIN_HALF_WIDTH)), 0);
    expect(r!.highBytes).toBeCloseTo(rep.totalBytes * (1 + Math.max(stats.high, MIN_HALF_WIDTH)), 0);
    expect(regimeOf(rep.config)).toContain(r!.regime);
  });

  test('far from every calibrated point, the range skips the specific regimes', () => {
    const data: RangeData = {
      source: 'test', nominal: 0.8, points: [{ params: 8e9, mode: 'train', method: 'lora', tokens: 2048 }],
      regimes: {
        'train|sft|lora|hf|standard|replicated': { n: 10, low: -0.01, high: 0.02, mean: 0.005, coverage: 0.8, min: -0.02, max: 0.03 },
        'train|lora': { n: 20, low: -0.05, high: 0.15, mean: 0.04, coverage: 0.8, min: -0.07, max: 0.2 },
        train: { n: 30, low: -0.06, high: 0.2, mean: 0.05, coverage: 0.8, min: -0.08, max: 0.3 },
      },
    };
    const near = report('model:llama-3.1-8b method:lora batch:1 seq:2048');
    const far = report('model:llama-3.1-70b method:lora batch:1 seq:2048');
    expect(nearCalibrated(data, near.config, 8.03e9, near.tokens)).toBe(true);
    expect(nearCalibrated(data, far.config, 70.6e9, far.tokens)).toBe(false);
    expect(regimeFor(data, near.config, true)?.key).toBe('train|sft|lora|hf|standard|replicated');
    expect(regimeFor(data, far.config, false)?.key).toBe('train|lora');
    const r = estimateRange(100, far.config, archOf('llama-3.1-70b'), far.tokens, data)!;
    expect(r.near).toBe(false);
    expect(r.lowBytes).toBeCloseTo(95, 9);
    expect(r.highBytes).toBeCloseTo(115, 9);
  });

  test('a regime under MIN_POINTS falls back to a coarser one; none at all gives no range', () => {
    const rep = report('model:llama-3.1-8b method:lora batch:1 seq:2048');
    const thin: RangeData = {
      source: 't', nominal: 0.8, points: [],
      regimes: {
        'train|sft|lora': { n: MIN_POINTS, low: -0.1, high: 0.1, mean: 0, coverage: 1, min: -0.2, max: 0.2 },
        'train|lora': { n: MIN_POINTS - 1, low: -0.1, high: 0.1, mean: 0, coverage: 1, min: -0.2, max: 0.2 },
        train: { n: MIN_POINTS, low: -0.02, high: 0.03, mean: 0, coverage: 1, min: -0.05, max: 0.06 },
      },
    };
    // Far from every point (no points at all): the mode-and-method level train|lora has too few, so train.
    expect(estimateRange(1000, rep.config, archOf('llama-3.1-8b'), rep.tokens, thin)?.regime).toBe('train');
    expect(estimateRange(1000, rep.config, archOf('llama-3.1-8b'), rep.tokens, { ...thin, regimes: {} })).toBeNull();
  });

  test('a mechanism no measurement covers (DPO) takes the full spread of every calibrated point and says it is not calibrated', () => {
    const dpo = report('model:llama-3.1-8b method:lora objective:dpo batch:1 seq:1024');
    // The committed data without any DPO regime (whatever calibration/ holds by now).
    const data: RangeData = { ...RANGE_DATA, regimes: Object.fromEntries(Object.entries(RANGE_DATA.regimes).filter(([k]) => !k.startsWith('train|dpo'))) };
    const r = estimateRange(dpo.totalBytes, dpo.config, archOf('llama-3.1-8b'), dpo.tokens, data)!;
    const all = RANGE_DATA.regimes.all!;
    expect(r.calibrated).toBe(false);
    expect(r.regime).toBe('all');
    expect(r.lowBytes).toBeCloseTo(dpo.totalBytes * (1 + Math.min(all.min, -MIN_HALF_WIDTH)), 0);
    expect(r.highBytes).toBeCloseTo(dpo.totalBytes * (1 + Math.max(all.max, MIN_HALF_WIDTH)), 0);
    // The same setup as SFT is calibrated, with a narrower range.
    const sft = report('model:llama-3.1-8b method:lora batch:1 seq:1024').range!;
    expect(sft.calibrated).toBe(true);
    expect(sft.highBytes / report('model:llama-3.1-8b method:lora batch:1 seq:1024').totalBytes).toBeLessThan(r.highBytes / dpo.totalBytes);
  });
});
