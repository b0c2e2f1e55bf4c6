/**
 * No-show risk at booking time: parse a clinic's history, train a calibrated model, score a new
 * appointment into a reminder tier. Everything outside this folder imports from here.
 */
export type { CutPoints, HistoryRow, Outcome, RiskFeatures, RiskScore, RiskTier, Sex } from './types';
export { parseHistoryCsv, type HistoryProblem, type ParsedHistory, type ParseHistoryOptions } from './parse-history-csv';
export {
  buildRiskFeatures,
  countPriorOutcomes,
  featuresFromHistory,
  type AppointmentAtBooking,
  type FeaturesFromHistoryOptions,
  type PriorOutcomes,
} from './build-features';
export { trainRiskModel, type TrainRiskOptions } from './train-risk-model';
export { scoreRisk, type ScoreOptions } from './score-risk';
export { proposeCutPoints, type CutPointOptions } from './propose-cut-points';
export { loadRiskModel, parseRiskModel } from './load-risk-model';
export { defaultRiskModel, DEFAULT_RISK_MODEL_PATH } from './default-risk-model';
export { cutPointsSchema, riskModelSchema, type RiskModel } from './model-schema';
export { rocAuc, brierScore, baseRateBrier, calibrationByDecile, tierOf, tierRates } from './metrics';
export { DEFAULT_TIME_ZONE } from './local-time';
export { scoreHistory, formatPredictionsCsv, type ScoredAppointment, type ScoreHistoryOptions } from './score-history';
export { formatModelSummary } from './format-model-summary';
export { serializeRiskModel } from './serialize-risk-model';
