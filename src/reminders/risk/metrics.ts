import type { CutPoints, RiskTier } from './types';

/**
 * Ranking quality: the chance a random no-show scores above a random attendance (ties count
 * half). The figure the project's targets are stated in; same arithmetic as score-risk.mjs.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let pos = 0;
  let neg = 0;
  let rankSum = 0;
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j < idx.length && scores[idx[j]!] === scores[idx[i]!]) j++;
    const avgRank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) {
      if (labels[idx[k]!]) {
        rankSum += avgRank;
        pos++;
      } else neg++;
    }
    i = j;
  }
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Mean squared error of probabilities: what "calibrated and useful" is judged by. */
export function brierScore(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) s += (probabilities[i]! - labels[i]!) ** 2;
  return s / labels.length;
}

/** Brier of always predicting the base rate, p(1-p): the bar a useful model must beat. */
export function baseRateBrier(labels: ArrayLike<number>): number {
  const p = mean(labels);
  return p * (1 - p);
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return values.length ? s / values.length : Number.NaN;
}

export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(Math.max(probabilities[i]!, 1e-12), 1 - 1e-12);
    s -= labels[i]! ? Math.log(p) : Math.log(1 - p);
  }
  return s / labels.length;
}

/** One decile of predictions: how many, what was predicted on average, what happened. */
export interface CalibrationBin {
  decile: number;
  n: number;
  meanPredicted: number;
  observedRate: number;
}

/**
 * Predicted vs observed no-show rate per decile of predicted probability, so anyone reading the
 * model file can see whether "30%" means 30%.
 */
export function calibrationByDecile(probabilities: ArrayLike<number>, labels: ArrayLike<number>): CalibrationBin[] {
  const idx = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => probabilities[a]! - probabilities[b]!);
  const out: CalibrationBin[] = [];
  for (let d = 0; d < 10; d++) {
    const from = Math.floor((d * idx.length) / 10);
    const to = Math.floor(((d + 1) * idx.length) / 10);
    if (to <= from) continue;
    let p = 0;
    let y = 0;
    for (let k = from; k < to; k++) {
      p += probabilities[idx[k]!]!;
      y += labels[idx[k]!]!;
    }
    out.push({ decile: d + 1, n: to - from, meanPredicted: p / (to - from), observedRate: y / (to - from) });
  }
  return out;
}

/** Tier by the two cut points: below `low` → low; at or above `high` → high. */
export function tierOf(probability: number, cut: CutPoints): RiskTier {
  if (probability >= cut.high) return 'high';
  if (probability < cut.low) return 'low';
  return 'medium';
}

export interface TierRate {
  n: number;
  share: number;
  observedRate: number;
}

/**
 * Observed no-show rate in each tier: the tiers are only worth their different cadences if
 * high is clearly worse than low.
 */
export function tierRates(probabilities: ArrayLike<number>, labels: ArrayLike<number>, cut: CutPoints): Record<RiskTier, TierRate> {
  const acc: Record<RiskTier, { n: number; y: number }> = { low: { n: 0, y: 0 }, medium: { n: 0, y: 0 }, high: { n: 0, y: 0 } };
  for (let i = 0; i < labels.length; i++) {
    const a = acc[tierOf(probabilities[i]!, cut)];
    a.n++;
    a.y += labels[i]!;
  }
  const total = labels.length || 1;
  const rate = (a: { n: number; y: number }): TierRate => ({ n: a.n, share: a.n / total, observedRate: a.n ? a.y / a.n : Number.NaN });
  return { low: rate(acc.low), medium: rate(acc.medium), high: rate(acc.high) };
}
