import { AppError } from '../../lib/errors';
import { featuresFromHistory } from './build-features';
import { applyPlatt, fitPlattScaling } from './calibration';
import { crossValidateBoosting, stratifiedFolds } from './cross-validate';
import { chooseFeatureSpec, columnNames, toVector, type BaseFeatureName } from './feature-vector';
import { DEFAULT_BOOSTING, fitBoostedTrees, type BoostedTrees, type BoostingParams, type Columns } from './gradient-boosting';
import { readTimestamp } from './local-time';
import { baseRateBrier, brierScore, calibrationByDecile, logLoss, mean, rocAuc, tierRates } from './metrics';
import { RISK_MODEL_FORMAT, RISK_MODEL_KIND, type RiskModel } from './model-schema';
import { computeModelVersion } from './model-version';
import { proposeCutPoints, type CutPointOptions } from './propose-cut-points';
import type { HistoryRow } from './types';

export interface TrainRiskOptions {
  /** Folds for cross-validation (tree count, calibration, reported metrics). @defaultValue 5 */
  folds?: number;
  /** Seeds folds and row subsampling. @defaultValue 1 */
  seed?: number;
  /** Overrides of the boosting settings; `minLeaf` defaults to 0.5% of rows (at least 10). */
  boosting?: Partial<BoostingParams>;
  /** Tree depths tried by cross-validation; the lowest out-of-fold log loss wins. @defaultValue [2] */
  depths?: number[];
  /** Target tier shares. @defaultValue high 0.175, low 0.5 */
  cutPoints?: CutPointOptions;
  /** Read every timestamp on this zone's wall clock (default: the offsets written in the data). */
  timeZone?: string;
  /** Name recorded in the model's provenance, e.g. the CSV file name. @defaultValue "unknown" */
  source?: string;
  /** Clock for `trainedAt`. @defaultValue the system clock */
  now?: () => Date;
  /** Base features never to use, e.g. `sexMale` where a clinic decides sex must not change care. */
  excludeFeatures?: BaseFeatureName[];
  /** Fewest decided appointments (attended + no-show) to train on. @defaultValue 200 */
  minRows?: number;
  /** Fewest of each outcome to train on. @defaultValue 20 */
  minPerOutcome?: number;
}

/** Thrown when a history cannot support a model; the CLI prints its message. */
export type TrainRiskError = AppError<'RISK_TOO_FEW_OUTCOMES'>;

const round = (x: number, digits = 6): number => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : x);
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

function roundTrees(model: BoostedTrees): BoostedTrees {
  return {
    bias: round(model.bias, 8),
    trees: model.trees.map((t) => t.map((n) => ('v' in n ? { v: round(n.v) } : n))),
  };
}

/**
 * Fits the clinic's no-show model from its own history: features known at booking time, boosted
 * trees whose depth and size are chosen by k-fold cross-validation, Platt calibration on the
 * out-of-fold predictions, and tier cut points from the out-of-fold distribution (what new
 * bookings will look like). Cancelled appointments are not outcomes and are left out; they and
 * every other row still count towards patients' history where they were decided.
 */
export function trainRiskModel(rows: readonly HistoryRow[], options: TrainRiskOptions = {}): RiskModel {
  const folds = Math.max(2, Math.floor(options.folds ?? 5));
  const seed = Math.floor(options.seed ?? 1);
  const minRows = options.minRows ?? 200;
  const minPerOutcome = options.minPerOutcome ?? 20;
  const highShare = options.cutPoints?.highShare ?? 0.175;
  const lowShare = options.cutPoints?.lowShare ?? 0.5;
  const timeZone = options.timeZone;

  const allFeatures = featuresFromHistory(rows, timeZone ? { timeZone } : {});
  const decided: number[] = [];
  rows.forEach((r, i) => {
    if (r.outcome === 'attended' || r.outcome === 'no_show') decided.push(i);
  });
  const y = Uint8Array.from(decided, (i) => (rows[i]!.outcome === 'no_show' ? 1 : 0));
  const positives = y.reduce((s, v) => s + v, 0);
  if (decided.length < minRows || positives < minPerOutcome || decided.length - positives < minPerOutcome) {
    throw new AppError(
      'RISK_TOO_FEW_OUTCOMES',
      `too few outcomes to train: ${decided.length} decided appointments (${positives} no-shows); need at least ${minRows} with ${minPerOutcome} of each outcome`,
    );
  }

  const features = decided.map((i) => allFeatures[i]!);
  const chosenSpec = chooseFeatureSpec(features);
  const spec = { ...chosenSpec, numeric: chosenSpec.numeric.filter((f) => !options.excludeFeatures?.includes(f)) };
  const vectors = features.map((f) => toVector(f, spec));
  const columns: Columns = columnNames(spec).map((_, j) => Float64Array.from(vectors, (v) => v[j]!));

  const foldOf = stratifiedFolds(y, folds, seed);
  const trainRows = Math.round((decided.length * (folds - 1)) / folds);
  const base: BoostingParams = {
    ...DEFAULT_BOOSTING,
    minLeaf: Math.max(10, Math.round(trainRows * 0.005)),
    seed,
    ...options.boosting,
  };
  const depths = options.boosting?.depth !== undefined ? [options.boosting.depth] : (options.depths ?? [DEFAULT_BOOSTING.depth]);

  let best: { params: BoostingParams; cv: ReturnType<typeof crossValidateBoosting> } | null = null;
  for (const depth of depths) {
    const params = { ...base, depth };
    const cv = crossValidateBoosting(columns, y, foldOf, folds, params);
    const loss = cv.curve[cv.trees - 1] ?? Number.POSITIVE_INFINITY;
    const bestLoss = best ? (best.cv.curve[best.cv.trees - 1] ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
    if (!best || loss < bestLoss) best = { params, cv };
  }
  const chosen = best!;
  const calibration = fitPlattScaling(chosen.cv.oofMargins, y);
  const oof = Float64Array.from(chosen.cv.oofMargins, (z) => applyPlatt(calibration, z));
  const cutPoints = proposeCutPoints(oof, { highShare, lowShare });

  const finalParams: BoostingParams = {
    ...chosen.params,
    maxTrees: chosen.cv.trees,
    minLeaf: Math.max(10, Math.round(decided.length * 0.005)),
    ...(options.boosting?.minLeaf !== undefined ? { minLeaf: options.boosting.minLeaf } : {}),
  };
  const fitted = roundTrees(fitBoostedTrees(columns, y, finalParams));

  const tiers = tierRates(oof, y, cutPoints);
  const starts = decided.map((i) => ({ text: rows[i]!.startsAt, at: readTimestamp(rows[i]!.startsAt)?.instant ?? Number.NaN }));
  const byTime = starts.filter((s) => Number.isFinite(s.at)).sort((a, b) => a.at - b.at);
  const baseRate = mean(y);

  const content = {
    format: RISK_MODEL_FORMAT,
    kind: RISK_MODEL_KIND,
    features: { numeric: spec.numeric, services: spec.services, columns: columnNames(spec), timeZone: timeZone ?? null },
    model: { ...fitted, calibration: { a: round(calibration.a, 8), b: round(calibration.b, 8) } },
    cutPoints: { low: round(cutPoints.low, 8), high: round(cutPoints.high, 8) },
  } satisfies Pick<RiskModel, 'format' | 'kind' | 'features' | 'model' | 'cutPoints'>;

  return {
    format: content.format,
    version: computeModelVersion(content),
    kind: content.kind,
    features: content.features,
    model: content.model,
    cutPoints: content.cutPoints,
    params: {
      trees: finalParams.maxTrees,
      depth: finalParams.depth,
      learningRate: finalParams.learningRate,
      minLeaf: finalParams.minLeaf,
      lambda: finalParams.lambda,
      maxBins: finalParams.maxBins,
      subsample: finalParams.subsample,
      seed,
      folds,
      highShare,
      lowShare,
    },
    provenance: {
      source: options.source ?? 'unknown',
      rows: decided.length,
      cancelledRows: rows.filter((r) => r.outcome === 'cancelled').length,
      undecidedRows: rows.filter((r) => r.outcome === null).length,
      dateRange: { from: byTime[0]?.text ?? '', to: byTime[byTime.length - 1]?.text ?? '' },
      baseRate: round(baseRate),
      trainedAt: (options.now ?? (() => new Date()))().toISOString(),
    },
    metrics: {
      folds,
      auc: finiteOrNull(round(rocAuc(oof, y))),
      brier: round(brierScore(oof, y)),
      baseRateBrier: round(baseRateBrier(y)),
      logLoss: round(logLoss(oof, y)),
      calibration: calibrationByDecile(oof, y).map((b) => ({ ...b, meanPredicted: round(b.meanPredicted, 4), observedRate: round(b.observedRate, 4) })),
      tiers: {
        low: { ...tiers.low, share: round(tiers.low.share, 4), observedRate: finiteOrNull(round(tiers.low.observedRate, 4)) },
        medium: { ...tiers.medium, share: round(tiers.medium.share, 4), observedRate: finiteOrNull(round(tiers.medium.observedRate, 4)) },
        high: { ...tiers.high, share: round(tiers.high.share, 4), observedRate: finiteOrNull(round(tiers.high.observedRate, 4)) },
      },
      highLowRatio: tiers.low.observedRate > 0 ? finiteOrNull(round(tiers.high.observedRate / tiers.low.observedRate, 4)) : null,
    },
  };
}
