import { buildRiskFeatures, countPriorOutcomes, type Outcome, type RiskFeatures, type Sex } from './risk';

/** The patient's sex as the model knows it ('F' | 'M'), from whatever the clinic recorded. */
export function normalizeSex(value: string | null | undefined): Sex | null {
  const v = (value ?? '').trim().toLowerCase();
  if (['f', 'fem', 'feminino', 'female', 'mulher'].includes(v)) return 'F';
  if (['m', 'masc', 'masculino', 'male', 'homem'].includes(v)) return 'M';
  return null;
}

/** Whole years between a birth date (YYYY-MM-DD) and an instant; null when unknown or absurd. */
export function ageAt(birthDate: string | null | undefined, at: Date): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate ?? '');
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = at.getUTCFullYear() - y;
  if (at.getUTCMonth() + 1 < mo || (at.getUTCMonth() + 1 === mo && at.getUTCDate() < d)) age--;
  return age >= 0 && age <= 120 ? age : null;
}

export interface AppointmentForRisk {
  createdAt: Date;
  startsAt: Date;
  serviceId: string;
  priceCents: number | null;
  patientId: string | null;
}

/**
 * The model's features for an appointment stored in Postgres, the way training featurises history:
 * lead time from booking (`createdAt`) to start, clinic-local weekday and hour, age at booking, sex,
 * the patient's outcomes decided before this booking, service and price in R$.
 */
export function appointmentRiskFeatures(
  a: AppointmentForRisk,
  patient: { birthDate: string | null; sex: string | null } | null,
  pastOutcomes: readonly { startsAt: Date; outcome: Outcome | null }[] | null,
  timeZone: string,
): RiskFeatures {
  return buildRiskFeatures({
    bookedAt: a.createdAt,
    startsAt: a.startsAt,
    timeZone,
    age: ageAt(patient?.birthDate, a.createdAt),
    sex: normalizeSex(patient?.sex),
    prior: a.patientId && pastOutcomes ? countPriorOutcomes(pastOutcomes, a.createdAt) : null,
    serviceId: a.serviceId,
    price: a.priceCents == null ? null : a.priceCents / 100,
  });
}
