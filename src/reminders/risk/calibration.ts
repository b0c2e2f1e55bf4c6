import { logLossOfMargin, sigmoid } from './gradient-boosting';

/** p = σ(a·z + b) on the model's raw log-odds z. Identity is { a: 1, b: 0 }. */
export interface PlattScaling {
  a: number;
  b: number;
}

/**
 * Fits Platt scaling on out-of-fold log-odds. Boosted trees rank well but can be a little over-
 * or under-confident; reminders are planned on the probability itself, so it is corrected here
 * with two parameters (too few to overfit thousands of rows). Newton's method, from identity.
 */
export function fitPlattScaling(margins: ArrayLike<number>, labels: ArrayLike<number>): PlattScaling {
  let a = 1;
  let b = 0;
  const ridge = 1e-6;
  const loss = (pa: number, pb: number): number => {
    let s = 0;
    for (let i = 0; i < labels.length; i++) s += logLossOfMargin(pa * margins[i]! + pb, labels[i]!);
    return s;
  };
  let current = loss(a, b);
  for (let iter = 0; iter < 50; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = ridge;
    let hab = 0;
    let hbb = ridge;
    for (let i = 0; i < labels.length; i++) {
      const z = margins[i]!;
      const p = sigmoid(a * z + b);
      const r = p - labels[i]!;
      const w = p * (1 - p);
      ga += r * z;
      gb += r;
      haa += w * z * z;
      hab += w * z;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    // Step halving keeps Newton from overshooting on separable toy data.
    let step = 1;
    let next = loss(a - da, b - db);
    while (next > current && step > 1e-4) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (next > current) break;
    a -= step * da;
    b -= step * db;
    const improved = current - next;
    current = next;
    if (Math.abs(da * step) < 1e-9 && Math.abs(db * step) < 1e-9) break;
    if (improved < 1e-12) break;
  }
  return { a, b };
}

export function applyPlatt(c: PlattScaling, margin: number): number {
  return sigmoid(c.a * margin + c.b);
}
