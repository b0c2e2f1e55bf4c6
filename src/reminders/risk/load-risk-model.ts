import { readFileSync } from 'node:fs';
import { AppError } from '../../lib/errors';
import { riskModelSchema, type RiskModel } from './model-schema';

/** Why a model file could not be used: missing, not JSON, or not a valid model. */
export type RiskModelError = AppError<'RISK_MODEL_INVALID'>;

/**
 * Validates a parsed model file. Exists so a hand-edited or truncated MODEL.json fails at load
 * with the path of the bad field, not later inside a reminder job with `undefined is not a number`.
 */
export function parseRiskModel(json: unknown, source = 'model'): RiskModel {
  const result = riskModelSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new AppError('RISK_MODEL_INVALID', `${source} is not a valid risk model: ${issues.join('; ')}`);
  }
  return result.data;
}

/** Reads and validates MODEL.json (as written by `atende risk train`). */
export function loadRiskModel(path: string): RiskModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError('RISK_MODEL_INVALID', code === 'ENOENT' ? `model file not found: ${path}` : `cannot read model file ${path}: ${(err as Error).message}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AppError('RISK_MODEL_INVALID', `${path} is not JSON: ${(err as Error).message}`, { cause: err });
  }
  return parseRiskModel(json, path);
}
