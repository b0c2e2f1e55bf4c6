import { cancelAppointment } from '../../booking/change-appointment';
import { isAppError } from '../../lib/errors';
import { confirmedByPatient } from './confirmation';
import { ownAppointment, toPatientAppointment, type PatientAppointment } from './list-appointments';
import { publishAppointment, refuse, type ToolContext, type ToolResult } from './tool-context';

/**
 * Cancels the patient's own appointment after their clear "yes" to cancelling exactly it.
 * Idempotent: a cancelled appointment stays cancelled.
 */
export async function cancel(ctx: ToolContext, input: { appointmentId: string }): Promise<ToolResult<{ appointment: PatientAppointment }>> {
  const current = await ownAppointment(ctx, input.appointmentId);
  if (!current) return refuse('APPOINTMENT_NOT_FOUND', 'not an appointment of this patient; use list_appointments');
  if (current.status === 'cancelled') return { ok: true, appointment: toPatientAppointment(current) };
  const unconfirmed = await confirmedByPatient(ctx, { kind: 'cancel', appointmentId: current.id });
  if (unconfirmed) return unconfirmed;
  try {
    const row = await cancelAppointment(ctx.db, { clinicId: ctx.clinic.id, appointmentId: current.id, patientId: ctx.patient.id, actor: 'patient', now: ctx.now, messageId: ctx.message.id, reason: 'patient_request' });
    publishAppointment(ctx, row);
    delete ctx.state.asked.confirmation;
    return { ok: true, appointment: toPatientAppointment(row) };
  } catch (err) {
    if (!isAppError(err)) throw err;
    return refuse(err.code === 'APPOINTMENT_NOT_FOUND' ? 'APPOINTMENT_NOT_FOUND' : 'INVALID_STATUS', `${err.code}: cannot cancel it here; hand off to staff`);
  }
}
