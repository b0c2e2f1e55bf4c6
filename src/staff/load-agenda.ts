import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Executor } from '../db/open-database';
import { appointments, patients, professionals, services } from '../db/schema';
import { addDays, atLocal, localDateOf, type LocalDate } from '../lib/clinic-time';

export interface AgendaAppointment {
  id: string;
  startsAt: Date;
  endsAt: Date;
  localDate: LocalDate;
  professionalId: string;
  service: string;
  status: string;
  riskTier: string | null;
  riskScore: number | null;
  confirmedAt: Date | null;
  patient: { id: string | null; name: string | null };
  conversationId: string | null;
}

export interface Agenda {
  from: LocalDate;
  days: LocalDate[];
  professionals: { id: string; name: string; title: string }[];
  appointments: AgendaAppointment[];
}

/** Statuses shown on the agenda: what occupies a professional's time and what happened. */
const SHOWN = ['booked', 'confirmed', 'attended', 'no_show'] as const;

/**
 * A day or a week of one clinic's appointments, per professional, in the clinic's timezone, with
 * each appointment's risk tier and confirmation state.
 */
export async function loadAgenda(
  db: Executor,
  input: { clinicId: string; timezone: string; from: LocalDate; days: number; professionalId?: string },
): Promise<Agenda> {
  const days = Array.from({ length: input.days }, (_, i) => addDays(input.from, i));
  const start = atLocal(input.from, 0, input.timezone);
  const end = atLocal(addDays(input.from, input.days), 0, input.timezone);
  const pros = await db
    .select({ id: professionals.id, name: professionals.name, title: professionals.title })
    .from(professionals)
    .where(and(eq(professionals.clinicId, input.clinicId), eq(professionals.active, true)))
    .orderBy(asc(professionals.name));
  const where = [eq(appointments.clinicId, input.clinicId), gte(appointments.startsAt, start), lt(appointments.startsAt, end), inArray(appointments.status, [...SHOWN])];
  if (input.professionalId) where.push(eq(appointments.professionalId, input.professionalId));
  const rows = await db
    .select({ a: appointments, service: services.name, patientName: patients.name })
    .from(appointments)
    .leftJoin(services, and(eq(services.clinicId, appointments.clinicId), eq(services.id, appointments.serviceId)))
    .leftJoin(patients, and(eq(patients.id, appointments.patientId), eq(patients.clinicId, input.clinicId)))
    .where(and(...where))
    .orderBy(asc(appointments.startsAt));
  return {
    from: input.from,
    days,
    professionals: input.professionalId ? pros.filter((p) => p.id === input.professionalId) : pros,
    appointments: rows.map(({ a, service, patientName }) => ({
      id: a.id,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      localDate: localDateOf(a.startsAt, input.timezone),
      professionalId: a.professionalId,
      service: service ?? a.serviceId,
      status: a.status,
      riskTier: a.riskTier,
      riskScore: a.riskScore,
      confirmedAt: a.confirmedAt,
      patient: { id: a.patientId, name: patientName },
      conversationId: a.conversationId,
    })),
  };
}
