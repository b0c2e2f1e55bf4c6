import { createBooster, predictMargin, seededRandom, type Booster, type BoostingParams, type Columns } from './gradient-boosting';

/**
 * Assigns each row to one of k folds, stratified by label so every fold sees the base rate, and
 * seeded so the same history always gives the same folds (and the same model).
 */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number): Int32Array {
  const rnd = seededRandom(seed ^ 0x5bd1e995);
  const fold = new Int32Array(labels.length);
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === cls) idx.push(i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    idx.forEach((row, r) => {
      fold[row] = r % k;
    });
  }
  return fold;
}

function take(columns: Columns, rows: number[]): Columns {
  return columns.map((c) => {
    const out = new Float64Array(rows.length);
    for (let k = 0; k < rows.length; k++) out[k] = c[rows[k]!]!;
    return out;
  });
}

export interface BoostingCvResult {
  /** Tree count with the lowest out-of-fold log loss. */
  trees: number;
  /** Out-of-fold log loss after 1, 2, … trees. */
  curve: number[];
  /** Out-of-fold log-odds of every row at the chosen tree count. */
  oofMargins: Float64Array;
}

/**
 * k-fold cross-validation of boosted trees. The folds grow in lockstep and record their
 * validation loss after every tree, so the tree count (the regularisation that matters most here)
 * is chosen on rows the model did not see, and growing stops once `patience` more trees have not
 * improved the pooled out-of-fold loss.
 */
export function crossValidateBoosting(
  columns: Columns,
  y: ArrayLike<number>,
  fold: Int32Array,
  k: number,
  params: BoostingParams,
  patience = Math.ceil(2 / params.learningRate),
): BoostingCvResult {
  const n = y.length;
  const runs: { booster: Booster; test: number[] }[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? test : train).push(i);
    if (test.length === 0 || train.length === 0) continue;
    const booster = createBooster(
      take(columns, train),
      train.map((i) => y[i]!),
      { ...params, seed: params.seed + f },
      { columns: take(columns, test), y: test.map((i) => y[i]!) },
    );
    runs.push({ booster, test });
  }
  const curve: number[] = [];
  let best = 0;
  for (let t = 0; t < params.maxTrees; t++) {
    let loss = 0;
    for (const r of runs) loss += (r.booster.step() * r.test.length) / n;
    curve.push(loss);
    if (loss < curve[best]! - 1e-7) best = t;
    if (t - best >= patience) break;
  }
  const trees = curve.length ? best + 1 : 0;
  const oofMargins = new Float64Array(n);
  for (const { booster, test } of runs) {
    const model = booster.model();
    for (const i of test) oofMargins[i] = predictMargin(model, columns.map((c) => c[i]!), trees);
  }
  return { trees, curve, oofMargins };
}
