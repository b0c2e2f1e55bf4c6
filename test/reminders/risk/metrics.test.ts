import { describe, expect, it } from 'vitest';
import { baseRateBrier, brierScore, calibrationByDecile, rocAuc, tierRates } from '../../../src/reminders/risk/metrics';

describe('metrics', () => {
  it('computes ROC AUC with ties counted half', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 10);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBeCloseTo(0.5, 10);
    expect(rocAuc([1, 2, 3], [0, 0, 1])).toBe(1);
    expect(rocAuc([1, 2], [1, 1])).toBeNaN();
  });

  it('computes Brier and the base-rate Brier it must beat', () => {
    expect(brierScore([0.2, 0.9], [0, 1])).toBeCloseTo((0.04 + 0.01) / 2, 10);
    expect(baseRateBrier([0, 0, 0, 1])).toBeCloseTo(0.1875, 10);
  });

  it('bins predictions by decile with their observed rates', () => {
    const p = Array.from({ length: 100 }, (_, i) => i / 100);
    const y = p.map((x) => (x >= 0.9 ? 1 : 0));
    const bins = calibrationByDecile(p, y);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toMatchObject({ decile: 1, n: 10, observedRate: 0 });
    expect(bins[9]).toMatchObject({ decile: 10, n: 10, observedRate: 1 });
    expect(bins[9]!.meanPredicted).toBeCloseTo(0.945, 10);
  });

  it('reports per-tier sizes and observed rates', () => {
    const t = tierRates([0.05, 0.05, 0.2, 0.5], [0, 1, 0, 1], { low: 0.1, high: 0.4 });
    expect(t.low).toEqual({ n: 2, share: 0.5, observedRate: 0.5 });
    expect(t.medium).toEqual({ n: 1, share: 0.25, observedRate: 0 });
    expect(t.high).toEqual({ n: 1, share: 0.25, observedRate: 1 });
  });
});
