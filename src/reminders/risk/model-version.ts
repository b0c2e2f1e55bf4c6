import { createHash } from 'node:crypto';
import type { RiskModel } from './model-schema';

/** JSON with object keys sorted at every level, so a hash never depends on key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The model's version: a hash of everything that changes a score (features, trees, calibration,
 * cut points) and nothing that does not (when it was trained, its metrics). Stored with each
 * reminder plan, it says exactly which model tiered an appointment.
 */
export function computeModelVersion(model: Pick<RiskModel, 'format' | 'kind' | 'features' | 'model' | 'cutPoints'>): string {
  const content = canonicalJson({ format: model.format, kind: model.kind, features: model.features, model: model.model, cutPoints: model.cutPoints });
  return `sha256:${createHash('sha256').update(content).digest('hex').slice(0, 16)}`;
}
