import { localStampOf, readTimestamp, type LocalStamp, type ReadTimestampOptions } from './local-time';
import type { HistoryRow, Outcome, RiskFeatures, Sex } from './types';

/** What the booking code knows about an appointment at the moment it is booked. */
export interface AppointmentAtBooking {
  bookedAt: Date;
  startsAt: Date;
  /** The clinic's IANA timezone, e.g. America/Sao_Paulo. */
  timeZone: string;
  age?: number | null;
  sex?: Sex | null;
  /** The patient's earlier outcomes (see `countPriorOutcomes`); null or absent when unknown. */
  prior?: PriorOutcomes | null;
  serviceId?: string | null;
  price?: number | null;
}

export interface PriorOutcomes {
  attended: number;
  noShow: number;
}

function fromStamps(booked: LocalStamp, starts: LocalStamp): Pick<RiskFeatures, 'leadHours' | 'leadDays' | 'startWeekday' | 'startHour' | 'bookedWeekday' | 'bookedHour'> {
  return {
    leadHours: Math.max(0, (starts.instant - booked.instant) / 3_600_000),
    leadDays: Math.max(0, starts.day - booked.day),
    startWeekday: starts.weekday,
    startHour: starts.hour,
    bookedWeekday: booked.weekday,
    bookedHour: booked.hour,
  };
}

/**
 * Features of one appointment being booked now, so the booking code scores it the same way
 * history rows were featurised for training (clinic-local calendar, lead never negative).
 */
export function buildRiskFeatures(a: AppointmentAtBooking): RiskFeatures {
  const booked = localStampOf(a.bookedAt.getTime(), a.timeZone);
  const starts = localStampOf(a.startsAt.getTime(), a.timeZone);
  return {
    ...fromStamps(booked, starts),
    age: a.age ?? null,
    sex: a.sex ?? null,
    priorAttended: a.prior ? a.prior.attended : null,
    priorNoShow: a.prior ? a.prior.noShow : null,
    serviceId: a.serviceId ?? null,
    price: a.price ?? null,
  };
}

/**
 * Counts a patient's earlier outcomes as they were known when a new appointment was booked:
 * only appointments that had already started by `bookedAt` count. Exists so the booking code and
 * training apply the same no-leakage rule.
 */
export function countPriorOutcomes(
  past: readonly { startsAt: Date; outcome: Outcome | null }[],
  bookedAt: Date,
): PriorOutcomes {
  const counts: PriorOutcomes = { attended: 0, noShow: 0 };
  for (const p of past) {
    if (p.startsAt.getTime() >= bookedAt.getTime()) continue;
    if (p.outcome === 'attended') counts.attended++;
    else if (p.outcome === 'no_show') counts.noShow++;
  }
  return counts;
}

export interface FeaturesFromHistoryOptions extends ReadTimestampOptions {
  /**
   * Further appointments to count patients' earlier outcomes from (e.g. the training history when
   * scoring a file of new bookings). Rows of `rows` always count.
   */
  extraHistory?: readonly HistoryRow[];
}

/** Start instants (sorted) and cumulative outcome counts of one patient's decided appointments. */
interface PatientTimeline {
  starts: number[];
  attended: number[];
  noShow: number[];
}

function timelines(pool: readonly HistoryRow[], opts: ReadTimestampOptions): Map<string, PatientTimeline> {
  const byPatient = new Map<string, { start: number; noShow: boolean }[]>();
  const seen = new Set<string>();
  for (const r of pool) {
    if (!r.patientId || seen.has(r.appointmentId)) continue;
    seen.add(r.appointmentId);
    if (r.outcome !== 'attended' && r.outcome !== 'no_show') continue;
    const start = readTimestamp(r.startsAt, opts)?.instant;
    if (start === undefined) continue;
    let list = byPatient.get(r.patientId);
    if (!list) byPatient.set(r.patientId, (list = []));
    list.push({ start, noShow: r.outcome === 'no_show' });
  }
  const out = new Map<string, PatientTimeline>();
  for (const [patient, list] of byPatient) {
    list.sort((a, b) => a.start - b.start);
    const t: PatientTimeline = { starts: [], attended: [], noShow: [] };
    let att = 0;
    let ns = 0;
    for (const e of list) {
      if (e.noShow) ns++;
      else att++;
      t.starts.push(e.start);
      t.attended.push(att);
      t.noShow.push(ns);
    }
    out.set(patient, t);
  }
  return out;
}

/** Number of entries of a sorted list strictly below `x`. */
function countBelow(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Features for every row of a history, in order. A patient's prior counts come only from their
 * appointments that had started before this one was booked — never from this appointment or
 * later ones — so a model trained on them sees what it will see in production. Rows without a
 * patient id get unknown (null) history rather than a fake "first visit".
 */
export function featuresFromHistory(rows: readonly HistoryRow[], options: FeaturesFromHistoryOptions = {}): RiskFeatures[] {
  const { extraHistory = [], ...tsOptions } = options;
  const lines = timelines([...rows, ...extraHistory], tsOptions);
  return rows.map((r) => {
    const booked = readTimestamp(r.bookedAt, tsOptions);
    const starts = readTimestamp(r.startsAt, tsOptions);
    let priorAttended: number | null = null;
    let priorNoShow: number | null = null;
    if (r.patientId && booked) {
      priorAttended = 0;
      priorNoShow = 0;
      const t = lines.get(r.patientId);
      const k = t ? countBelow(t.starts, booked.instant) : 0;
      if (t && k > 0) {
        priorAttended = t.attended[k - 1]!;
        priorNoShow = t.noShow[k - 1]!;
        // A row whose own start precedes its booking (bad data) must not count itself.
        if (starts && starts.instant < booked.instant) {
          if (r.outcome === 'attended') priorAttended--;
          if (r.outcome === 'no_show') priorNoShow--;
        }
      }
    }
    const known = booked !== null && starts !== null;
    return {
      leadHours: known ? Math.max(0, (starts.instant - booked.instant) / 3_600_000) : Number.NaN,
      leadDays: known ? Math.max(0, starts.day - booked.day) : Number.NaN,
      startWeekday: starts ? starts.weekday : Number.NaN,
      startHour: starts ? starts.hour : Number.NaN,
      bookedWeekday: booked ? booked.weekday : Number.NaN,
      bookedHour: booked ? booked.hour : Number.NaN,
      age: r.age,
      sex: r.sex,
      priorAttended,
      priorNoShow,
      serviceId: r.serviceId,
      price: r.price,
    };
  });
}
