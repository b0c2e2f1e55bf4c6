import type { RiskModel } from './model-schema';

/**
 * MODEL.json text: indented for reading, but one line per tree and per calibration row, so the
 * shipped default stays a reviewable diff when it is regenerated.
 */
export function serializeRiskModel(model: RiskModel): string {
  const inline = new Map<string, string>();
  const mark = (value: unknown): string => {
    const key = `\u0000${inline.size}\u0000`;
    inline.set(key, JSON.stringify(value));
    return key;
  };
  const shaped = {
    ...model,
    features: { ...model.features, numeric: mark(model.features.numeric), services: mark(model.features.services), columns: mark(model.features.columns) },
    model: { ...model.model, trees: model.model.trees.map(mark) },
    metrics: { ...model.metrics, calibration: model.metrics.calibration.map(mark) },
  };
  return `${JSON.stringify(shaped, null, 2).replace(/"\\u0000(\d+)\\u0000"/g, (_, i: string) => inline.get(`\u0000${i}\u0000`)!)}\n`;
}
