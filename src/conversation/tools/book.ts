import type { Slot } from '../../booking/compute-free-slots';
import type { BookingErrorData } from '../../booking/booking-errors';
import { bookHeldAppointment } from '../../booking/change-appointment';
import { isAppError } from '../../lib/errors';
import { bookingPreconditions, confirmedByPatient } from './confirmation';
import { recordOffer, spread } from './find-slots';
import { toPatientAppointment, type PatientAppointment } from './list-appointments';
import { publishAppointment, refuse, type ToolContext, type ToolResult } from './tool-context';

/**
 * Books the held slot. Refused unless every SPEC §1 condition holds right now: a hold from this
 * conversation, health-data consent, a clear screening for the service during this booking, and
 * the current message being the patient's clear "yes" to the summary of exactly that slot. A hold
 * lost meanwhile comes back as HOLD_EXPIRED with fresh alternatives (recorded as the new offer).
 */
export async function book(ctx: ToolContext): Promise<ToolResult<{ appointment: PatientAppointment }>> {
  const problem = await bookingPreconditions(ctx);
  if (problem) return problem;
  const task = ctx.state.task!;
  const hold = task.hold!;
  const unconfirmed = await confirmedByPatient(ctx, { kind: 'book', appointmentId: hold.appointmentId, startsAt: hold.startsAt, professionalId: hold.professionalId });
  if (unconfirmed) return unconfirmed;
  try {
    const booked = await bookHeldAppointment(ctx.db, { clinicId: ctx.clinic.id, appointmentId: hold.appointmentId, patientId: ctx.patient.id, actor: 'patient', now: ctx.now, messageId: ctx.message.id });
    publishAppointment(ctx, booked);
    delete ctx.state.asked.confirmation;
    return { ok: true, appointment: toPatientAppointment(booked) };
  } catch (err) {
    if (!isAppError(err)) throw err;
    delete task.hold;
    delete ctx.state.asked.confirmation;
    const data = (err.data ?? {}) as BookingErrorData;
    const cfg = ctx.flows.get('booking.yaml').offer;
    const alternatives = recordOffer(ctx, spread((data.alternatives ?? []) as Slot[], cfg.max_options, 0, ctx.clinic.timezone));
    return refuse(err.code === 'HOLD_EXPIRED' ? 'HOLD_EXPIRED' : 'SLOT_UNAVAILABLE', `${err.code}: the slot was lost; offer the alternatives (recorded as the current offer)`, alternatives);
  }
}
