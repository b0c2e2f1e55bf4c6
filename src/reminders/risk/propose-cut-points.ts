import type { CutPoints } from './types';

export interface CutPointOptions {
  /** Share of appointments to put in the high tier. @defaultValue 0.175 */
  highShare?: number;
  /** Share of appointments to put in the low tier. @defaultValue 0.5 */
  lowShare?: number;
}

/**
 * Proposes the two tier cut points from a clinic's own distribution of predicted probabilities.
 * Fixed cut points (30% / 70%) put almost everyone in one tier once probabilities are calibrated
 * at a 15–25% base rate; quantiles keep the costly high-tier cadence for the riskiest ~sixth.
 * Cuts fall midway between distinct probabilities, at the split whose share is closest to the
 * target, so ties (many identical same-day bookings) never straddle a tier boundary.
 */
export function proposeCutPoints(probabilities: ArrayLike<number>, options: CutPointOptions = {}): CutPoints {
  const { highShare = 0.175, lowShare = 0.5 } = options;
  const sorted = Array.from(probabilities).filter(Number.isFinite).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { low: 0, high: 1 };
  // Boundaries between distinct values: `below` rows lie under the cut placed at `cut`.
  const boundaries: { below: number; cut: number }[] = [];
  for (let i = 1; i < n; i++) {
    if (sorted[i]! > sorted[i - 1]!) boundaries.push({ below: i, cut: (sorted[i]! + sorted[i - 1]!) / 2 });
  }
  if (boundaries.length === 0) return { low: sorted[0]!, high: Math.min(1, sorted[0]! + 1e-9) }; // all medium
  const closest = (target: number): { below: number; cut: number } =>
    boundaries.reduce((best, b) => (Math.abs(b.below - target) < Math.abs(best.below - target) ? b : best));
  const low = closest(lowShare * n);
  let high = closest((1 - highShare) * n);
  if (high.below <= low.below) high = boundaries.find((b) => b.below > low.below) ?? low;
  return { low: low.cut, high: high.cut };
}
