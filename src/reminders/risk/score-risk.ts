import { applyPlatt } from './calibration';
import { toVector } from './feature-vector';
import { predictMargin } from './gradient-boosting';
import { tierOf } from './metrics';
import type { RiskModel } from './model-schema';
import type { CutPoints, RiskFeatures, RiskScore } from './types';

export interface ScoreOptions {
  /** Cut points that replace the model's own (e.g. from flows/reminders.yaml). */
  cutPoints?: CutPoints;
}

/**
 * The no-show probability of one appointment at booking time and its reminder tier. Missing
 * optional features (age, sex, unknown patient, service) are fine: the trees route them the way
 * training learned; features the model was not trained on are ignored.
 */
export function scoreRisk(model: RiskModel, features: RiskFeatures, options: ScoreOptions = {}): RiskScore {
  const x = toVector(features, model.features);
  const probability = applyPlatt(model.model.calibration, predictMargin(model.model, x));
  return { probability, tier: tierOf(probability, options.cutPoints ?? model.cutPoints) };
}
