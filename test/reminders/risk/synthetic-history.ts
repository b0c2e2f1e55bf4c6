import { seededRandom } from '../../../src/reminders/risk/gradient-boosting';
import type { HistoryRow } from '../../../src/reminders/risk/types';

export interface SyntheticHistory {
  rows: HistoryRow[];
  /** The true no-show probability of each row, for oracle AUC and calibration checks. */
  truth: Map<string, number>;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

function iso(ms: number): string {
  // Write in São Paulo's standard offset, as the public data is.
  return `${new Date(ms - 3 * 3_600_000).toISOString().slice(0, 19)}-03:00`;
}

/**
 * A clinic whose no-shows follow a known rule on features a model can see at booking time:
 * longer lead time, younger age, and the patient's own earlier no-shows raise the risk; earlier
 * attendances lower it. Every earlier visit has happened before the next is booked.
 */
export function syntheticHistory(options: { patients: number; seed: number; idPrefix?: string }): SyntheticHistory {
  const rnd = seededRandom(options.seed);
  const rows: HistoryRow[] = [];
  const truth = new Map<string, number>();
  const t0 = Date.parse('2023-01-02T12:00:00Z');
  for (let p = 0; p < options.patients; p++) {
    const age = 18 + Math.floor(rnd() * 55);
    const sex = rnd() < 0.7 ? 'F' : 'M';
    let clock = t0 + Math.floor(rnd() * 60) * 86_400_000;
    const visits = 1 + Math.floor(rnd() * 8);
    let priorNoShow = 0;
    let priorAttended = 0;
    for (let v = 0; v < visits; v++) {
      const leadDays = Math.floor(-Math.log(1 - rnd()) * 10);
      const booked = clock + Math.floor(rnd() * 10) * 3_600_000;
      const starts = booked + leadDays * 86_400_000 + 2 * 3_600_000;
      const logit = -2.2 + 0.06 * Math.min(leadDays, 30) - 0.03 * (age - 45) + 0.9 * priorNoShow - 0.3 * Math.min(priorAttended, 4);
      const prob = sigmoid(logit);
      const id = `${options.idPrefix ?? 's'}${p}-${v}`;
      const r = rnd();
      const outcome = r < 0.05 ? 'cancelled' : rnd() < prob ? 'no_show' : 'attended';
      if (outcome === 'no_show') priorNoShow++;
      if (outcome === 'attended') priorAttended++;
      rows.push({ appointmentId: id, patientId: `${options.idPrefix ?? 's'}p${p}`, age, sex, bookedAt: iso(booked), startsAt: iso(starts), outcome, serviceId: null, price: null });
      truth.set(id, prob);
      clock = starts + (1 + Math.floor(rnd() * 40)) * 86_400_000;
    }
  }
  return { rows, truth };
}
