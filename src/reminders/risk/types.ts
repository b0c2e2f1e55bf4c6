/**
 * Shapes shared by the no-show risk model: what a clinic's history looks like, what is known about
 * an appointment at booking time, and what a score is.
 */

export type Outcome = 'attended' | 'no_show' | 'cancelled';
export type Sex = 'F' | 'M';
export type RiskTier = 'low' | 'medium' | 'high';

/**
 * One appointment of a clinic's history (a line of HISTORY.csv, or a row from the database).
 * Timestamps stay as the ISO 8601 text they came in, so the wall clock the clinic recorded (its
 * offset) is not lost before features are built.
 */
export interface HistoryRow {
  appointmentId: string;
  /** Null when unknown: then the patient's own history is unknown too, not empty. */
  patientId: string | null;
  age: number | null;
  sex: Sex | null;
  /**
   * ISO 8601 with offset, e.g. 2016-05-03T08:00:00-03:00. Always readable, except in rows parsed
   * `forScoring`, where an unreadable time is kept and scored as missing.
   */
  bookedAt: string;
  startsAt: string;
  /** Null for appointments still to happen (a file only to be scored). */
  outcome: Outcome | null;
  serviceId: string | null;
  price: number | null;
}

/**
 * Everything the model may use about one appointment, all of it known when it is booked.
 * The booking code builds it with `buildRiskFeatures`; history files with `featuresFromHistory`.
 * Local fields are in the clinic's timezone.
 */
export interface RiskFeatures {
  /** Hours from booking to the start of the appointment (never negative). */
  leadHours: number;
  /** Calendar days between the booking date and the appointment date, clinic-local. */
  leadDays: number;
  /** 0 = Sunday … 6 = Saturday, clinic-local, of the appointment. */
  startWeekday: number;
  /** Clinic-local hour of the appointment start, with minutes as a fraction (14.5 = 14:30). */
  startHour: number;
  bookedWeekday: number;
  bookedHour: number;
  age?: number | null;
  sex?: Sex | null;
  /**
   * Earlier appointments of this patient that had started before this one was booked, by
   * outcome. Null when the patient is unknown; 0 and 0 for a known first visit.
   */
  priorAttended?: number | null;
  priorNoShow?: number | null;
  serviceId?: string | null;
  /** Price in the clinic's currency (R$). */
  price?: number | null;
}

/** Two probabilities: below `low` is tier low, at or above `high` is tier high. */
export interface CutPoints {
  low: number;
  high: number;
}

export interface RiskScore {
  probability: number;
  tier: RiskTier;
}
