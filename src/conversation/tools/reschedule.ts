import { and, eq } from 'drizzle-orm';
import type { Slot } from '../../booking/compute-free-slots';
import type { BookingErrorData } from '../../booking/booking-errors';
import { rescheduleAppointment } from '../../booking/change-appointment';
import { appointments } from '../../db/schema';
import { isAppError } from '../../lib/errors';
import { confirmedByPatient } from './confirmation';
import { hasHealthConsent } from './consent';
import { recordOffer, spread } from './find-slots';
import { ownAppointment, toPatientAppointment, type PatientAppointment } from './list-appointments';
import { publishAppointment, refuse, type ToolContext, type ToolResult } from './tool-context';

/**
 * Moves the patient's own appointment to the slot they confirmed. The appointment must be theirs
 * (anyone else's looks like not found); the current message must be a clear "yes" to exactly this
 * move; health-data consent must still stand (the new appointment keeps the booking's screening).
 * A slot taken meanwhile comes back as SLOT_TAKEN with alternatives; nothing changes then.
 */
export async function reschedule(ctx: ToolContext, input: { appointmentId: string }): Promise<ToolResult<{ previous: PatientAppointment; appointment: PatientAppointment }>> {
  const task = ctx.state.task;
  const current = await ownAppointment(ctx, input.appointmentId);
  if (!current) return refuse('APPOINTMENT_NOT_FOUND', 'not an appointment of this patient; use list_appointments');
  const chosen = task?.kind === 'reschedule' && task.rescheduleOf === current.id ? task.chosen : undefined;
  if (current.status === 'rescheduled') {
    // A retried turn (the move committed, the turn did not): answer with the move already made.
    const [moved] = await ctx.db.select().from(appointments).where(and(eq(appointments.rescheduledFromId, current.id), eq(appointments.patientId, ctx.patient.id)));
    if (moved && (!chosen || moved.startsAt.toISOString() === chosen.startsAt)) return { ok: true, previous: toPatientAppointment(current), appointment: toPatientAppointment(moved) };
  }
  if (!chosen) return refuse('NOT_OFFERED', 'no new slot chosen: find_slots, then request_confirmation with the option picked');
  const unconfirmed = await confirmedByPatient(ctx, { kind: 'reschedule', appointmentId: current.id, startsAt: chosen.startsAt, professionalId: chosen.professionalId });
  if (unconfirmed) return unconfirmed;
  if (!(await hasHealthConsent(ctx))) return refuse('NO_CONSENT', 'health-data consent was withdrawn; hand off to staff');
  try {
    const { previous, appointment } = await rescheduleAppointment(ctx.db, {
      clinicId: ctx.clinic.id,
      appointmentId: current.id,
      patientId: ctx.patient.id,
      actor: 'patient',
      now: ctx.now,
      messageId: ctx.message.id,
      startsAt: new Date(chosen.startsAt),
      professionalId: chosen.professionalId,
      source: ctx.channel,
    });
    publishAppointment(ctx, previous);
    publishAppointment(ctx, appointment);
    delete ctx.state.asked.confirmation;
    return { ok: true, previous: toPatientAppointment(previous), appointment: toPatientAppointment(appointment) };
  } catch (err) {
    if (!isAppError(err)) throw err;
    delete ctx.state.asked.confirmation;
    if (task) delete task.chosen;
    if (err.code === 'APPOINTMENT_NOT_FOUND' || err.code === 'INVALID_STATUS') return refuse(err.code, `${err.code}: this appointment can no longer be moved here; hand off to staff`);
    const data = (err.data ?? {}) as BookingErrorData;
    const cfg = ctx.flows.get('booking.yaml').offer;
    const alternatives = recordOffer(ctx, spread((data.alternatives ?? []) as Slot[], cfg.max_options, 0, ctx.clinic.timezone));
    return refuse(err.code === 'SLOT_TAKEN' ? 'SLOT_TAKEN' : 'SLOT_UNAVAILABLE', `${err.code}: offer the alternatives (recorded as the current offer)`, alternatives);
  }
}
