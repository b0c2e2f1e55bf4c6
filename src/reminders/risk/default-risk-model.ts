import { fileURLToPath } from 'node:url';
import { loadRiskModel } from './load-risk-model';
import type { RiskModel } from './model-schema';

/** Where the shipped model lives; regenerate it with the command in this folder's README.md. */
export const DEFAULT_RISK_MODEL_PATH = fileURLToPath(new URL('./default-model.json', import.meta.url));

let cached: RiskModel | undefined;

/**
 * The model shipped with Atende, fitted on public Brazilian outcomes (data/noshow-vitoria-22k.csv),
 * for clinics that have no history of their own yet. Loaded and validated once.
 */
export function defaultRiskModel(): RiskModel {
  cached ??= loadRiskModel(DEFAULT_RISK_MODEL_PATH);
  return cached;
}
