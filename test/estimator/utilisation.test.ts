/**
 * The utilisation of the time estimate is generated from calibration/throughput.jsonl by
 * scripts/utilisation.ts, never typed in: the committed data must equal a fresh run (a changed
 * time model or new rows fail here until `npm run utilisation` is run and the file committed).
 */
import { generateUtilisationData, impliedUtilisation, loadThroughput, rowArgs, utilisationDataSource } from '../../scripts/utilisation';
import { UTILISATION_DATA } from '../../src/estimator/utilisation.data';
import { resolveArgs } from '../../src/report';
import { findGpu } from '../../src/catalog/gpus';
import { trainTime } from '../../src/estimator/time';

describe('utilisation data', () => {
  const fresh = generateUtilisationData();

  test('the committed src/estimator/utilisation.data.ts is what `npm run utilisation` writes today', () => {
    expect(UTILISATION_DATA).toEqual(fresh);
    expect(utilisationDataSource(fresh)).toContain('export const UTILISATION_DATA');
  });

  test('every training row is either used or skipped with a reason; doubtful rows are never used', () => {
    const train = loadThroughput().filter((r) => r.kind === 'train');
    expect(fresh.rows.length + fresh.skipped.length).toBe(train.length);
    const doubtful = train.filter((r) => r.use === 'doubtful').map((r) => r.id);
    expect(doubtful.length).toBeGreaterThan(0);
    for (const id of doubtful) expect(fresh.rows.some((r) => r.id === id)).toBe(false);
    for (const r of fresh.rows) { expect(r.mfu).toBeGreaterThan(0.05); expect(r.mfu).toBeLessThanOrEqual(1); }
  });

  test('each stored utilisation gives back the measured tokens/s through the time model', () => {
    for (const row of loadThroughput().filter((r) => fresh.rows.some((x) => x.id === r.id))) {
      const a = rowArgs(row);
      if (!a.ok) throw new Error(row.id);
      const res = resolveArgs(a.args);
      if (!res.ok) throw new Error(row.id);
      const stored = fresh.rows.find((x) => x.id === row.id)?.mfu ?? 0;
      const t = trainTime(res.value.arch, res.value.built.config, findGpu(row.gpu)!, { utilisation: { value: stored, level: 'overall', key: 'x', rows: 0, text: '' }, precision: a.precision });
      if (!t.ok) throw new Error(row.id);
      // 4 decimals of utilisation: within 0.05% of the measured speed.
      expect(Math.abs(t.value.tokensPerSPerGpu / row.value - 1)).toBeLessThan(5e-4);
    }
  });

  test('a runtime-only row is skipped because it has no token count', () => {
    const lit = loadThroughput().find((r) => r.stat === 'training_runtime_total');
    if (!lit) throw new Error('no runtime row');
    const u = impliedUtilisation(lit);
    expect(u.ok).toBe(false);
  });
});
