import { and, eq, gt, lt, lte } from 'drizzle-orm';
import type { Db, Executor } from '../db/open-database';
import { pgErrorCode } from '../db/open-database';
import { appointments } from '../db/schema';
import { bookingError } from './booking-errors';
import { explainSlot, type Slot, type SlotProblem } from './compute-free-slots';
import { findAvailableSlots } from './find-available-slots';
import { loadSchedule } from './load-schedule';
import { recordAppointmentEvent } from './record-appointment-event';

export type Appointment = typeof appointments.$inferSelect;

export interface CreateAppointmentInput {
  clinicId: string;
  patientId: string;
  serviceId: string;
  /** Omitted → the first professional who performs the service and is free then. */
  professionalId?: string;
  startsAt: Date;
  now: Date;
  /** whatsapp | sms | simulator | staff | api | seed … */
  source: string;
  actor: string;
  conversationId?: string;
  messageId?: string;
  /** Reschedule: the appointment being replaced (it does not block its own new time). */
  replacing?: string;
}

/** Next free slots after the refused one, for SLOT_TAKEN / HOLD_EXPIRED recovery. */
export async function nextAlternatives(db: Executor, input: { clinicId: string; serviceId: string; professionalId?: string; after: Date; now: Date; excludeAppointmentId?: string }): Promise<Slot[]> {
  const query = { clinicId: input.clinicId, serviceId: input.serviceId, professionalId: input.professionalId, now: input.now, limit: 3, excludeAppointmentId: input.excludeAppointmentId };
  const later = await findAvailableSlots(db, { ...query, after: input.after });
  // Near the end of the horizon there may be nothing later: offer the soonest instead.
  return later.length > 0 ? later : findAvailableSlots(db, query);
}

const PROBLEM_PRIORITY: SlotProblem[] = ['SLOT_TAKEN', 'TOO_SOON', 'BEYOND_HORIZON', 'OUTSIDE_HOURS', 'IN_PAST'];

/**
 * Validates a requested slot and picks the professional: the requested one, or the first
 * performer free at that time. Throws the typed reason (with alternatives) when none can.
 */
async function chooseProfessional(db: Executor, input: CreateAppointmentInput) {
  const schedule = await loadSchedule(db, {
    clinicId: input.clinicId,
    serviceId: input.serviceId,
    professionalId: input.professionalId,
    range: { around: input.startsAt },
    now: input.now,
    excludeAppointmentId: input.replacing,
  });
  const problems: SlotProblem[] = [];
  for (const pro of schedule.professionals) {
    const problem = explainSlot(schedule, pro.id, input.startsAt, input.now);
    if (!problem) return { schedule, professionalId: pro.id };
    problems.push(problem);
  }
  const worst = PROBLEM_PRIORITY.find((p) => problems.includes(p)) ?? 'OUTSIDE_HOURS';
  const alternatives = await nextAlternatives(db, { ...input, after: input.startsAt, excludeAppointmentId: input.replacing });
  throw bookingError(worst, `${worst} for ${input.serviceId} at ${input.startsAt.toISOString()}`, { alternatives });
}

/**
 * Inserts the appointment in the given status inside `tx`, first releasing overlapping holds that
 * have expired. The exclusion constraint decides races: the loser gets SLOT_TAKEN.
 */
export async function insertAppointment(
  tx: Executor,
  input: CreateAppointmentInput & { professionalId: string; durationMin: number; bufferMin: number; priceCents: number },
  status: 'held' | 'booked',
  holdMinutes: number,
): Promise<Appointment> {
  const startsAt = input.startsAt;
  const endsAt = new Date(startsAt.getTime() + input.durationMin * 60_000);
  const blockedUntil = new Date(endsAt.getTime() + input.bufferMin * 60_000);
  const expired = await tx
    .update(appointments)
    .set({ status: 'cancelled', cancelReason: 'hold_expired', updatedAt: input.now })
    .where(
      and(
        eq(appointments.clinicId, input.clinicId),
        eq(appointments.professionalId, input.professionalId),
        eq(appointments.status, 'held'),
        lte(appointments.holdExpiresAt, input.now),
        lt(appointments.startsAt, blockedUntil),
        gt(appointments.blockedUntil, startsAt),
      ),
    )
    .returning({ id: appointments.id });
  for (const e of expired) {
    await recordAppointmentEvent(tx, { clinicId: input.clinicId, appointmentId: e.id, type: 'hold_expired', fromStatus: 'held', toStatus: 'cancelled', actor: 'system', reason: 'hold_expired', at: input.now });
  }
  const [row] = await tx
    .insert(appointments)
    .values({
      clinicId: input.clinicId,
      patientId: input.patientId,
      professionalId: input.professionalId,
      serviceId: input.serviceId,
      startsAt,
      endsAt,
      blockedUntil,
      status,
      holdExpiresAt: status === 'held' ? new Date(input.now.getTime() + holdMinutes * 60_000) : null,
      source: input.source,
      conversationId: input.conversationId ?? null,
      priceCents: input.priceCents,
      rescheduledFromId: input.replacing ?? null,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await recordAppointmentEvent(tx, {
    clinicId: input.clinicId,
    appointmentId: row.id,
    type: status,
    toStatus: status,
    actor: input.actor,
    messageId: input.messageId,
    data: input.replacing ? { replacing: input.replacing } : undefined,
    at: input.now,
  });
  return row;
}

async function createAppointment(db: Db, input: CreateAppointmentInput, status: 'held' | 'booked'): Promise<Appointment> {
  const { schedule, professionalId } = await chooseProfessional(db, input);
  try {
    return await db.transaction((tx) =>
      insertAppointment(
        tx,
        { ...input, professionalId, durationMin: schedule.service.durationMin, bufferMin: schedule.service.bufferMin, priceCents: schedule.service.priceCents },
        status,
        schedule.settings.holdMinutes,
      ),
    );
  } catch (err) {
    if (pgErrorCode(err) !== '23P01') throw err;
    const alternatives = await nextAlternatives(db, { ...input, after: input.startsAt });
    throw bookingError('SLOT_TAKEN', `slot taken concurrently: ${professionalId} at ${input.startsAt.toISOString()}`, { alternatives });
  }
}

/**
 * Holds a slot for a patient while they confirm (expires after the clinic's `hold_minutes`).
 * Other patients are not offered a held slot; an expired hold is released by the next booking.
 */
export function holdSlot(db: Db, input: CreateAppointmentInput): Promise<Appointment> {
  return createAppointment(db, input, 'held');
}

/** Books a slot directly (staff, API, seeds): the same checks and guard as a hold, status booked. */
export function bookSlot(db: Db, input: CreateAppointmentInput): Promise<Appointment> {
  return createAppointment(db, input, 'booked');
}
