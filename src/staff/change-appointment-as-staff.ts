import { eq } from 'drizzle-orm';
import { cancelAppointment, confirmAppointment, markAttendance, rescheduleAppointment } from '../booking/change-appointment';
import type { Appointment } from '../booking/hold-slot';
import { clinics } from '../db/schema';
import { localDateOf } from '../lib/clinic-time';
import { actorRef, type Actor } from './actor';
import { appointmentInClinic } from './load-scoped';
import { recordAudit } from './record-audit';
import type { StaffDeps } from './staff-deps';
import { staffError } from './staff-errors';

export type StaffAppointmentAction =
  | { action: 'confirm' }
  | { action: 'cancel'; reason?: string }
  | { action: 'attended' }
  | { action: 'no_show' }
  | { action: 'reschedule'; startsAt: Date; professionalId?: string };

/**
 * Reception's changes to an appointment (inbox and API): the booking engine applies them with its
 * invariants (no overlap, valid transitions, typed errors with alternatives); this adds the clinic
 * scope, the audit entry and the live update. Attendance can be recorded from the appointment's
 * day on, never ahead of it: those outcomes train the no-show model.
 */
export async function changeAppointmentAsStaff(
  deps: StaffDeps,
  actor: Actor,
  appointmentId: string,
  change: StaffAppointmentAction,
): Promise<{ appointment: Appointment; previous?: Appointment }> {
  const db = deps.database.db;
  const current = await appointmentInClinic(db, actor.clinicId, appointmentId);
  const now = deps.clock.now();
  const who = { clinicId: actor.clinicId, appointmentId: current.id, actor: actorRef(actor), now };
  let appointment: Appointment;
  let previous: Appointment | undefined;
  switch (change.action) {
    case 'confirm':
      appointment = await confirmAppointment(db, who);
      break;
    case 'cancel':
      appointment = await cancelAppointment(db, { ...who, reason: (change.reason ?? '').trim().slice(0, 300) || 'cancelado pela recepção' });
      break;
    case 'attended':
    case 'no_show': {
      const [clinic] = await db.select({ timezone: clinics.timezone }).from(clinics).where(eq(clinics.id, actor.clinicId));
      const tz = clinic?.timezone ?? 'America/Sao_Paulo';
      if (localDateOf(current.startsAt, tz) > localDateOf(now, tz)) throw staffError('TOO_EARLY', `appointment ${current.id} is on a later day`);
      appointment = await markAttendance(db, { ...who, outcome: change.action });
      break;
    }
    case 'reschedule': {
      const moved = await rescheduleAppointment(db, {
        ...who,
        startsAt: change.startsAt,
        professionalId: change.professionalId,
        source: actor.kind === 'api' ? 'api' : 'staff',
      });
      appointment = moved.appointment;
      previous = moved.previous;
      break;
    }
  }
  await recordAudit(db, actor, {
    clinicId: actor.clinicId,
    action: `appointment.${change.action}`,
    targetType: 'appointment',
    targetId: current.id,
    data: {
      from: current.status,
      to: previous ? previous.status : appointment.status,
      ...(previous ? { newAppointmentId: appointment.id, startsAt: appointment.startsAt.toISOString() } : {}),
    },
    at: now,
  });
  if (previous) deps.bus.publish({ type: 'appointment', clinicId: actor.clinicId, appointmentId: previous.id, status: previous.status });
  deps.bus.publish({ type: 'appointment', clinicId: actor.clinicId, appointmentId: appointment.id, status: appointment.status });
  return { appointment, previous };
}
