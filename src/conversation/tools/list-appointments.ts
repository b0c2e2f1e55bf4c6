import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { appointments } from '../../db/schema';
import type { Appointment } from '../../booking/hold-slot';
import type { ToolContext } from './tool-context';

export interface PatientAppointment {
  id: string;
  serviceId: string;
  professionalId: string;
  startsAt: string;
  status: string;
}

/** The patient's own upcoming appointments (booked or confirmed), soonest first. Never anyone else's. */
export async function listAppointments(ctx: Pick<ToolContext, 'db' | 'clinic' | 'patient' | 'now'>): Promise<{ ok: true; appointments: PatientAppointment[] }> {
  const rows = await ctx.db
    .select()
    .from(appointments)
    .where(
      and(
        eq(appointments.clinicId, ctx.clinic.id),
        eq(appointments.patientId, ctx.patient.id),
        inArray(appointments.status, ['booked', 'confirmed']),
        gt(appointments.startsAt, ctx.now),
      ),
    )
    .orderBy(asc(appointments.startsAt));
  return { ok: true, appointments: rows.map(toPatientAppointment) };
}

/** The fields of an appointment a tool hands back (ids and times, no patient data). */
export function toPatientAppointment(a: Appointment): PatientAppointment {
  return { id: a.id, serviceId: a.serviceId, professionalId: a.professionalId, startsAt: a.startsAt.toISOString(), status: a.status };
}

/** One of the patient's own live appointments, or undefined (someone else's looks like "not found"). */
export async function ownAppointment(ctx: Pick<ToolContext, 'db' | 'clinic' | 'patient'>, appointmentId: string): Promise<Appointment | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(appointmentId)) return undefined;
  const [row] = await ctx.db
    .select()
    .from(appointments)
    .where(and(eq(appointments.id, appointmentId), eq(appointments.clinicId, ctx.clinic.id), eq(appointments.patientId, ctx.patient.id)));
  return row;
}
