import { and, eq } from 'drizzle-orm';
import type { Db, Executor } from '../db/open-database';
import { pgErrorCode } from '../db/open-database';
import { appointments, services, type AppointmentStatus } from '../db/schema';
import { bookingError } from './booking-errors';
import { type Appointment, type CreateAppointmentInput, insertAppointment, nextAlternatives } from './hold-slot';
import { explainSlot } from './compute-free-slots';
import { loadSchedule } from './load-schedule';
import { recordAppointmentEvent } from './record-appointment-event';

interface Who {
  clinicId: string;
  appointmentId: string;
  /** When set, the appointment must belong to this patient (a patient touches only their own). */
  patientId?: string;
  actor: string;
  now: Date;
  messageId?: string;
}

async function lockAppointment(tx: Executor, who: Who): Promise<Appointment> {
  const rows = await tx
    .select()
    .from(appointments)
    .where(and(eq(appointments.id, who.appointmentId), eq(appointments.clinicId, who.clinicId)))
    .for('update');
  const row = rows[0];
  if (!row || (who.patientId && row.patientId !== who.patientId)) {
    throw bookingError('APPOINTMENT_NOT_FOUND', `appointment ${who.appointmentId} not found for this patient/clinic`);
  }
  return row;
}

async function transition(
  tx: Executor,
  row: Appointment,
  to: AppointmentStatus,
  who: Who,
  extra: Partial<typeof appointments.$inferInsert> = {},
  reason?: string,
): Promise<Appointment> {
  const [updated] = await tx
    .update(appointments)
    .set({ status: to, updatedAt: who.now, ...extra })
    .where(eq(appointments.id, row.id))
    .returning();
  await recordAppointmentEvent(tx, {
    clinicId: row.clinicId,
    appointmentId: row.id,
    type: to,
    fromStatus: row.status,
    toStatus: to,
    actor: who.actor,
    reason,
    messageId: who.messageId,
    at: who.now,
  });
  return updated!;
}

/**
 * Turns the patient's hold into a booking. Idempotent (a redelivered confirmation returns the
 * booking). An expired hold nobody else took is still honoured; one taken in the meantime fails
 * with HOLD_EXPIRED and fresh alternatives.
 */
export async function bookHeldAppointment(db: Db, who: Who): Promise<Appointment> {
  const result = await db.transaction(async (tx) => {
    const row = await lockAppointment(tx, who);
    if (row.status === 'booked' || row.status === 'confirmed') return row;
    if (row.status !== 'held') return { expired: row };
    if (row.holdExpiresAt && row.holdExpiresAt.getTime() <= who.now.getTime()) {
      // Still ours (nobody released it), but the notice rule must hold at the time of booking.
      const schedule = await loadSchedule(tx, { clinicId: row.clinicId, serviceId: row.serviceId, professionalId: row.professionalId, range: { around: row.startsAt }, now: who.now, excludeAppointmentId: row.id });
      const problem = explainSlot(schedule, row.professionalId, row.startsAt, who.now);
      if (problem) return { expired: row };
    }
    return transition(tx, row, 'booked', who, { holdExpiresAt: null });
  });
  if ('expired' in result) {
    const row = result.expired;
    const alternatives = await nextAlternatives(db, { clinicId: row.clinicId, serviceId: row.serviceId, after: row.startsAt, now: who.now });
    throw bookingError('HOLD_EXPIRED', `hold ${row.id} is ${row.status}`, { alternatives });
  }
  return result;
}

/** Cancels with a reason. Idempotent on an already-cancelled appointment. */
export async function cancelAppointment(db: Db, who: Who & { reason: string }): Promise<Appointment> {
  return db.transaction(async (tx) => {
    const row = await lockAppointment(tx, who);
    if (row.status === 'cancelled') return row;
    if (!['held', 'booked', 'confirmed'].includes(row.status)) {
      throw bookingError('INVALID_STATUS', `cannot cancel a ${row.status} appointment`, { status: row.status });
    }
    return transition(tx, row, 'cancelled', who, { cancelReason: who.reason }, who.reason);
  });
}

/** The patient (or staff) confirmed attendance, e.g. replying "sim" to a reminder. Idempotent. */
export async function confirmAppointment(db: Db, who: Who): Promise<Appointment> {
  return db.transaction(async (tx) => {
    const row = await lockAppointment(tx, who);
    if (row.status === 'confirmed') return row;
    if (row.status !== 'booked') throw bookingError('INVALID_STATUS', `cannot confirm a ${row.status} appointment`, { status: row.status });
    return transition(tx, row, 'confirmed', who, { confirmedAt: who.now });
  });
}

/** Staff records what happened; these outcomes feed the risk model's retraining. */
export async function markAttendance(db: Db, who: Who & { outcome: 'attended' | 'no_show' }): Promise<Appointment> {
  return db.transaction(async (tx) => {
    const row = await lockAppointment(tx, who);
    if (row.status === who.outcome) return row;
    if (!['booked', 'confirmed', 'attended', 'no_show'].includes(row.status)) {
      throw bookingError('INVALID_STATUS', `cannot mark a ${row.status} appointment as ${who.outcome}`, { status: row.status });
    }
    return transition(tx, row, who.outcome, who);
  });
}

/**
 * Moves an appointment: in one transaction the old one becomes `rescheduled` and a new booked
 * one (pointing back to it) takes the new time. If the new time is taken, nothing changes.
 */
export async function rescheduleAppointment(
  db: Db,
  who: Who & { startsAt: Date; professionalId?: string; serviceId?: string; source?: string },
): Promise<{ previous: Appointment; appointment: Appointment }> {
  const [current] = await db
    .select()
    .from(appointments)
    .where(and(eq(appointments.id, who.appointmentId), eq(appointments.clinicId, who.clinicId)));
  if (!current || (who.patientId && current.patientId !== who.patientId)) {
    throw bookingError('APPOINTMENT_NOT_FOUND', `appointment ${who.appointmentId} not found for this patient/clinic`);
  }
  // Only a real booking moves: a hold is still being confirmed by its patient (consent, screening,
  // "sim" to the summary) and must not become a booking through a reschedule.
  if (!['booked', 'confirmed'].includes(current.status)) {
    throw bookingError('INVALID_STATUS', `cannot reschedule a ${current.status} appointment`, { status: current.status });
  }
  const serviceId = who.serviceId ?? current.serviceId;
  const schedule = await loadSchedule(db, {
    clinicId: who.clinicId,
    serviceId,
    professionalId: who.professionalId,
    range: { around: who.startsAt },
    now: who.now,
    excludeAppointmentId: current.id,
  });
  // Prefer the same professional when free, else the first free performer.
  const order = [...schedule.professionals].sort((a, b) => Number(b.id === current.professionalId) - Number(a.id === current.professionalId));
  const problems = order.map((p) => ({ id: p.id, problem: explainSlot(schedule, p.id, who.startsAt, who.now) }));
  const free = problems.find((p) => p.problem === null);
  const input: CreateAppointmentInput = {
    clinicId: who.clinicId,
    patientId: current.patientId!,
    serviceId,
    startsAt: who.startsAt,
    now: who.now,
    source: who.source ?? current.source,
    actor: who.actor,
    conversationId: current.conversationId ?? undefined,
    messageId: who.messageId,
    replacing: current.id,
  };
  if (!free) {
    const code = problems.some((p) => p.problem === 'SLOT_TAKEN') ? 'SLOT_TAKEN' : (problems[0]?.problem ?? 'OUTSIDE_HOURS');
    const alternatives = await nextAlternatives(db, { ...input, after: who.startsAt, excludeAppointmentId: current.id });
    throw bookingError(code, `cannot move ${current.id} to ${who.startsAt.toISOString()}: ${code}`, { alternatives });
  }
  try {
    return await db.transaction(async (tx) => {
      const row = await lockAppointment(tx, who);
      if (!['booked', 'confirmed'].includes(row.status)) {
        throw bookingError('INVALID_STATUS', `cannot reschedule a ${row.status} appointment`, { status: row.status });
      }
      const previous = await transition(tx, row, 'rescheduled', who, {}, 'rescheduled');
      const [svc] = await tx.select().from(services).where(and(eq(services.clinicId, who.clinicId), eq(services.id, serviceId)));
      const appointment = await insertAppointment(
        tx,
        { ...input, professionalId: free.id, durationMin: svc!.durationMin, bufferMin: svc!.bufferMin, priceCents: svc!.priceCents },
        'booked',
        schedule.settings.holdMinutes,
      );
      return { previous, appointment };
    });
  } catch (err) {
    if (pgErrorCode(err) !== '23P01') throw err;
    const alternatives = await nextAlternatives(db, { ...input, after: who.startsAt, excludeAppointmentId: current.id });
    throw bookingError('SLOT_TAKEN', `slot taken concurrently while rescheduling ${current.id}`, { alternatives });
  }
}
