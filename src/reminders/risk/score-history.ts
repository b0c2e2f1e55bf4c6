import { featuresFromHistory } from './build-features';
import type { RiskModel } from './model-schema';
import { scoreRisk, type ScoreOptions } from './score-risk';
import type { HistoryRow, RiskTier } from './types';

export interface ScoredAppointment {
  appointmentId: string;
  probability: number;
  tier: RiskTier;
}

export interface ScoreHistoryOptions extends ScoreOptions {
  /** Zone for wall-clock features; defaults to the one the model was trained with, if any. */
  timeZone?: string;
  /** Earlier appointments to count patients' prior outcomes from, besides `rows` themselves. */
  extraHistory?: readonly HistoryRow[];
}

/**
 * Scores every row of a history file, featurised exactly as in training (each patient's prior
 * outcomes as known when that appointment was booked). Backs `atende risk score` and offline
 * evaluation of a model against a clinic's recent weeks.
 */
export function scoreHistory(model: RiskModel, rows: readonly HistoryRow[], options: ScoreHistoryOptions = {}): ScoredAppointment[] {
  const timeZone = options.timeZone ?? model.features.timeZone ?? undefined;
  const features = featuresFromHistory(rows, { ...(timeZone ? { timeZone } : {}), ...(options.extraHistory ? { extraHistory: options.extraHistory } : {}) });
  return rows.map((r, i) => ({ appointmentId: r.appointmentId, ...scoreRisk(model, features[i]!, options) }));
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** `appointment_id,probability,tier` lines (SPEC §3), header first, LF line ends. */
export function formatPredictionsCsv(scored: readonly ScoredAppointment[]): string {
  const lines = ['appointment_id,probability,tier'];
  for (const s of scored) lines.push(`${csvField(s.appointmentId)},${s.probability.toFixed(6)},${s.tier}`);
  return `${lines.join('\n')}\n`;
}
