import type { RiskModel } from './model-schema';

const pct = (x: number | null, digits = 1): string => (x == null ? 'n/a' : `${(100 * x).toFixed(digits)}%`);
const num = (x: number | null, digits = 4): string => (x == null ? 'n/a' : x.toFixed(digits));

/**
 * A human summary of a model's provenance and cross-validated metrics: printed by
 * `atende risk train`, and meant for `atende risk report` too, so owners read one format.
 */
export function formatModelSummary(model: RiskModel): string {
  const { provenance: p, metrics: m, cutPoints: c } = model;
  const beats = m.brier < m.baseRateBrier ? 'better than' : 'NOT better than';
  const lines = [
    `risk model ${model.version} (${model.kind}, ${model.params.trees} trees of depth ${model.params.depth})`,
    `  trained on ${p.rows} appointments from ${p.source}` +
      (p.dateRange.from ? ` (${p.dateRange.from.slice(0, 10)} to ${p.dateRange.to.slice(0, 10)})` : '') +
      `, base no-show rate ${pct(p.baseRate)}` +
      (p.cancelledRows ? `; ${p.cancelledRows} cancelled left out` : '') +
      (p.undecidedRows ? `; ${p.undecidedRows} without outcome left out` : ''),
    `  features: ${model.features.columns.join(', ')}`,
    `  ${m.folds}-fold cross-validation: AUC ${num(m.auc)}, Brier ${num(m.brier)} (${beats} the base rate's ${num(m.baseRateBrier)}), log loss ${num(m.logLoss)}`,
    `  calibration by decile, predicted → observed:`,
    ...m.calibration.map((b) => `    ${String(b.decile).padStart(2)}  ${pct(b.meanPredicted).padStart(6)} → ${pct(b.observedRate).padStart(6)}  (${b.n})`),
    `  tiers: low below ${num(c.low)}, high from ${num(c.high)}`,
    ...(['low', 'medium', 'high'] as const).map((t) => {
      const r = m.tiers[t];
      return `    ${t.padEnd(6)} ${pct(r.share).padStart(6)} of appointments, observed no-show ${pct(r.observedRate)}`;
    }),
    `  high / low observed no-show ratio: ${m.highLowRatio == null ? 'n/a' : m.highLowRatio.toFixed(2)}`,
  ];
  return lines.join('\n');
}
