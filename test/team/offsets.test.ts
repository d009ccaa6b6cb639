/**
 * The team's runs: measured amounts as typed, the estimate's figure per statistic, the mean
 * offset per regime and which one applies, the text chart, and calibrateReport's arithmetic.
 */
import { errorChart, axisSpan } from '../../src/team/chart';
import { estimatedFor, MIN_TEAM_RECORDS, offsetFor, offsetsByRegime, parseMeasured } from '../../src/team/offsets';
import { reportFromLine } from '../../commands/estimate-line';
import { calibrateReport } from '../../src/report';
import { regimeOf } from '../../src/estimator/regime';

const GiB = 1024 ** 3;

describe('parseMeasured', () => {
  test('GiB by default, MiB as nvidia-smi prints it; decimal GB, zero and junk refused', () => {
    expect(parseMeasured('41.2')).toBeCloseTo(41.2 * GiB, 0);
    expect(parseMeasured('41.2GiB')).toBeCloseTo(41.2 * GiB, 0);
    expect(parseMeasured('42188MiB')).toBe(42188 * 1024 ** 2);
    expect(parseMeasured(' 8 g ')).toBe(8 * GiB);
    expect(parseMeasured('40GB')).toBeNull();
    expect(parseMeasured('0')).toBeNull();
    expect(parseMeasured('-3')).toBeNull();
    expect(parseMeasured('lots')).toBeNull();
    expect(parseMeasured('5000000')).toBeNull(); // 4.7 PiB: not a GPU
  });
});

describe('offsets', () => {
  const e = { totalBytes: 30 * GiB, reservedBytes: 28 * GiB, allocatedBytes: 25 * GiB };
  test('each statistic is compared with the estimate of the same statistic', () => {
    expect(estimatedFor(e, 'smi')).toBe(30 * GiB);
    expect(estimatedFor(e, 'reserved')).toBe(28 * GiB);
    expect(estimatedFor(e, 'allocated')).toBe(25 * GiB);
  });

  test('the mean per regime level, and the most specific level with enough runs applies', () => {
    const runs = [
      { residual: 0.1, levels: ['a|x', 'a', 'all'] },
      { residual: 0.04, levels: ['a|x', 'a', 'all'] },
      { residual: -0.2, levels: ['a|y', 'a', 'all'] },
    ];
    const o = offsetsByRegime(runs);
    expect(o.get('a|x')).toEqual({ regime: 'a|x', n: 2, mean: expect.closeTo(0.07, 12) });
    expect(o.get('a')?.mean).toBeCloseTo((0.1 + 0.04 - 0.2) / 3, 12);
    expect(offsetFor(['a|x', 'a', 'all'], o)?.regime).toBe('a|x');
    // a|y has one run (< MIN_TEAM_RECORDS): the coarser level a (3 runs) applies.
    expect(MIN_TEAM_RECORDS).toBe(2);
    expect(offsetFor(['a|y', 'a', 'all'], o)?.regime).toBe('a');
    expect(offsetFor(['b', 'z'], o)).toBeNull();
  });
});

describe('errorChart', () => {
  test('one line per run on a shared axis: the estimate at the middle, the range and the measurement', () => {
    const lines = errorChart([{ label: '#1', residual: 0.1, low: -0.05, high: 0.05 }, { label: '#2', residual: -0.3, low: null, high: null }]);
    expect(axisSpan([{ label: '', residual: -0.3, low: null, high: null }])).toBeCloseTo(0.3, 12);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('-30%');
    expect(lines[0]).toContain('+30%');
    const row1 = lines[1]!.slice(3);
    // 41 cells over -30%..+30%: 0 at cell 20, +10% at cell round(40 x 40/60) = 27, the range -5%..+5% at cells 17..23.
    expect(row1.indexOf('|')).toBe(20);
    expect(row1.indexOf('●')).toBe(27);
    expect(row1.slice(17, 24)).toBe('===|===');
    expect(lines[2]).toContain('-30.0%');
    expect(lines[2]!.slice(3).indexOf('●')).toBe(0);
  });
});

describe('calibrateReport', () => {
  test('the total and the likely range scale by 1 + offset, the fits follow them, the breakdown stays', () => {
    const r = reportFromLine('model:llama-3.1-8b method:lora batch:1 seq:2048 gpu:rtx4090');
    if (!r.ok) throw new Error('estimate');
    const rep = r.value;
    const c = calibrateReport(rep, { regime: regimeOf(rep.config)[0]!, n: 3, mean: 0.5 });
    expect(c.calibration?.totalBytes).toBeCloseTo(rep.totalBytes * 1.5, 0);
    expect(c.calibration?.highBytes).toBeCloseTo(Math.max(rep.range?.highBytes ?? 0, rep.totalBytes) * 1.5, 0);
    expect(c.components).toBe(rep.components);
    expect(c.totalBytes).toBe(rep.totalBytes);
    // 24 GiB card: headroom is judged on the calibrated total.
    expect(c.target?.headroomBytes).toBeCloseTo((rep.target?.headroomBytes ?? 0) - rep.totalBytes * 0.5, 0);
  });
});
