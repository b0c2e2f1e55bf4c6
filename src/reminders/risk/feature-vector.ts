import type { RiskFeatures } from './types';

/**
 * Every numeric feature the model knows how to read from `RiskFeatures`. NaN means missing; the
 * trees learn where missing values go, so "age unknown" or "patient unknown" is information too.
 */
export const BASE_FEATURES = {
  leadDays: (f) => f.leadDays,
  leadHours: (f) => f.leadHours,
  startWeekday: (f) => f.startWeekday,
  startHour: (f) => f.startHour,
  bookedWeekday: (f) => f.bookedWeekday,
  bookedHour: (f) => f.bookedHour,
  age: (f) => f.age ?? Number.NaN,
  sexMale: (f) => (f.sex === 'M' ? 1 : f.sex === 'F' ? 0 : Number.NaN),
  priorAttended: (f) => f.priorAttended ?? Number.NaN,
  priorNoShow: (f) => f.priorNoShow ?? Number.NaN,
  priorNoShowRate: (f) => {
    const total = known(f) ? f.priorAttended! + f.priorNoShow! : 0;
    return total > 0 ? f.priorNoShow! / total : Number.NaN;
  },
  firstVisit: (f) => (known(f) ? (f.priorAttended! + f.priorNoShow! === 0 ? 1 : 0) : Number.NaN),
  price: (f) => f.price ?? Number.NaN,
} satisfies Record<string, (f: RiskFeatures) => number>;

export type BaseFeatureName = keyof typeof BASE_FEATURES;
export const BASE_FEATURE_NAMES = Object.keys(BASE_FEATURES) as BaseFeatureName[];

function known(f: RiskFeatures): boolean {
  return f.priorAttended != null && f.priorNoShow != null;
}

/** Which columns a fitted model reads: chosen base features plus one indicator per frequent service. */
export interface FeatureSpec {
  numeric: BaseFeatureName[];
  services: string[];
}

/** Column names in vector order, for reports and the model file. */
export function columnNames(spec: FeatureSpec): string[] {
  return [...spec.numeric, ...spec.services.map((s) => `service:${s}`)];
}

/** The numeric vector the trees read, in `columnNames(spec)` order. */
export function toVector(f: RiskFeatures, spec: FeatureSpec): number[] {
  const v: number[] = spec.numeric.map((name) => {
    const x = BASE_FEATURES[name](f);
    return Number.isFinite(x) ? x : Number.NaN;
  });
  for (const s of spec.services) v.push(f.serviceId == null ? Number.NaN : f.serviceId === s ? 1 : 0);
  return v;
}

/**
 * Picks the columns worth fitting on a given history: base features that vary, missing-or-not
 * included (the public data has no patient ids, so history columns drop out) and services seen often enough to learn from.
 */
export function chooseFeatureSpec(features: readonly RiskFeatures[], options: { minServiceRows?: number; maxServices?: number } = {}): FeatureSpec {
  const { minServiceRows = 30, maxServices = 30 } = options;
  const numeric = BASE_FEATURE_NAMES.filter((name) => {
    const seen = new Set<number>();
    for (const f of features) {
      const x = BASE_FEATURES[name](f);
      seen.add(Number.isFinite(x) ? x : Number.NaN); // Set treats NaN as one value: missingness counts
      if (seen.size > 1) return true;
    }
    return false;
  });
  const counts = new Map<string, number>();
  for (const f of features) if (f.serviceId) counts.set(f.serviceId, (counts.get(f.serviceId) ?? 0) + 1);
  const services = [...counts]
    .filter(([, n]) => n >= minServiceRows && n <= features.length - minServiceRows)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxServices)
    .map(([s]) => s)
    .sort();
  return { numeric, services };
}
