import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/reminders/risk/gradient-boosting';
import { tierOf } from '../../../src/reminders/risk/metrics';
import { proposeCutPoints } from '../../../src/reminders/risk/propose-cut-points';

function shares(ps: number[], cut: { low: number; high: number }): Record<string, number> {
  const out: Record<string, number> = { low: 0, medium: 0, high: 0 };
  for (const p of ps) out[tierOf(p, cut)]! += 1 / ps.length;
  return out;
}

describe('proposeCutPoints', () => {
  const rnd = seededRandom(3);
  // Skewed like calibrated no-show probabilities at a ~20% base rate.
  const probs = Array.from({ length: 5000 }, () => 0.02 + 0.5 * rnd() ** 2);

  it('puts the riskiest ~17.5% high and the safest half low by default', () => {
    const cut = proposeCutPoints(probs);
    const s = shares(probs, cut);
    expect(s.high).toBeCloseTo(0.175, 2);
    expect(s.low).toBeCloseTo(0.5, 2);
    expect(cut.low).toBeLessThan(cut.high);
  });

  it('follows other target shares', () => {
    const cut = proposeCutPoints(probs, { highShare: 0.2, lowShare: 0.4 });
    const s = shares(probs, cut);
    expect(s.high).toBeCloseTo(0.2, 2);
    expect(s.low).toBeCloseTo(0.4, 2);
  });

  it('never splits a block of identical probabilities across two tiers', () => {
    const tied = [...Array(400).fill(0.04), ...Array.from({ length: 600 }, (_, i) => 0.1 + i / 2000)];
    const cut = proposeCutPoints(tied);
    const tiersOfTied = new Set(tied.slice(0, 400).map((p) => tierOf(p, cut)));
    expect(tiersOfTied.size).toBe(1);
    expect(shares(tied, cut).low).toBeCloseTo(0.5, 1);
  });

  it('copes with degenerate inputs', () => {
    const flat = proposeCutPoints([0.2, 0.2, 0.2]);
    expect([0.2, 0.2, 0.2].map((p) => tierOf(p, flat))).toEqual(['medium', 'medium', 'medium']);
    expect(proposeCutPoints([])).toEqual({ low: 0, high: 1 });
    const two = proposeCutPoints([0.1, 0.3]);
    expect(two.low).toBeLessThanOrEqual(two.high);
  });
});

describe('tierOf', () => {
  it('is low below the low cut, high from the high cut on', () => {
    const cut = { low: 0.1, high: 0.3 };
    expect([0.05, 0.1, 0.2, 0.3, 0.9].map((p) => tierOf(p, cut))).toEqual(['low', 'medium', 'medium', 'high', 'high']);
  });
});
