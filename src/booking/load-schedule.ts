import { and, asc, eq, gt, inArray, isNull, lt, ne, or } from 'drizzle-orm';
import type { Executor } from '../db/open-database';
import {
  appointments,
  clinics,
  LIVE_STATUSES,
  professionals,
  professionalServices,
  scheduleExceptions,
  services,
  workingHours,
  type ClinicSettings,
} from '../db/schema';
import { addDays, atLocal, localDateOf, type LocalDate } from '../lib/clinic-time';
import { AppError } from '../lib/errors';

export interface Interval {
  start: number;
  end: number;
}

/** Everything availability needs for one service over a window, loaded in four queries. */
export interface Schedule {
  clinicId: string;
  tz: string;
  settings: ClinicSettings;
  service: { id: string; name: string; durationMin: number; bufferMin: number; priceCents: number };
  /** Professionals who perform the service (filtered to one when asked), in catalog order. */
  professionals: { id: string; name: string }[];
  /** professionalId → weekday → working intervals in local minutes. */
  hours: Map<string, Interval[][]>;
  /** professionalId → live appointments as instants in ms, buffer included, sorted by start. */
  busy: Map<string, Interval[]>;
  /** professionalId → closures only (time off, holidays), to explain OUTSIDE_HOURS. */
  closed: Map<string, Interval[]>;
  /** The local days this schedule covers. */
  from: LocalDate;
  to: LocalDate;
}

export interface ScheduleQuery {
  clinicId: string;
  serviceId: string;
  professionalId?: string;
  /**
   * Local days to cover (defaults: today → end of the booking horizon), or an instant to check
   * (a day either side is loaded).
   */
  range: { from?: LocalDate; to?: LocalDate } | { around: Date };
  now: Date;
  /** Ignore this appointment's own time (rescheduling it). */
  excludeAppointmentId?: string;
}

/**
 * Loads the clinic, the service, who performs it, their weekly hours, closures and live
 * appointments (unexpired holds included) in the window. Throws UNKNOWN_SERVICE or
 * PROFESSIONAL_CANNOT_PERFORM with data the caller can act on.
 */
export async function loadSchedule(db: Executor, q: ScheduleQuery): Promise<Schedule> {
  const [clinic] = await db.select().from(clinics).where(eq(clinics.id, q.clinicId));
  if (!clinic) throw new AppError('UNKNOWN_CLINIC', `unknown clinic ${q.clinicId}`, { status: 404 });
  const [service] = await db
    .select()
    .from(services)
    .where(and(eq(services.clinicId, q.clinicId), eq(services.id, q.serviceId), eq(services.active, true)));
  if (!service) {
    throw new AppError('UNKNOWN_SERVICE', `unknown or inactive service ${q.serviceId}`, {
      patientMessage: 'Não encontrei esse procedimento no nosso catálogo.',
      status: 404,
    });
  }
  const performers = await db
    .select({ id: professionals.id, name: professionals.name })
    .from(professionalServices)
    .innerJoin(
      professionals,
      and(eq(professionals.clinicId, professionalServices.clinicId), eq(professionals.id, professionalServices.professionalId)),
    )
    .where(and(eq(professionalServices.clinicId, q.clinicId), eq(professionalServices.serviceId, q.serviceId), eq(professionals.active, true)))
    .orderBy(asc(professionals.id));
  let chosen = performers;
  if (q.professionalId) {
    chosen = performers.filter((p) => p.id === q.professionalId);
    if (chosen.length === 0) {
      throw new AppError('PROFESSIONAL_CANNOT_PERFORM', `${q.professionalId} does not perform ${q.serviceId}`, {
        patientMessage: 'Essa profissional não realiza esse procedimento.',
        data: { performers: performers.map((p) => p.id) },
      });
    }
  }
  const tz = clinic.timezone;
  let from: LocalDate;
  let to: LocalDate;
  if ('around' in q.range) {
    from = addDays(localDateOf(q.range.around, tz), -1);
    to = addDays(from, 2);
  } else {
    from = q.range.from ?? localDateOf(q.now, tz);
    to = q.range.to ?? addDays(localDateOf(q.now, tz), clinic.settings.horizonDays);
  }
  const windowStart = atLocal(addDays(from, -1), 0, tz);
  const windowEnd = atLocal(addDays(to, 2), 0, tz);
  const ids = chosen.map((p) => p.id);
  const hours = new Map<string, Interval[][]>(ids.map((id) => [id, Array.from({ length: 7 }, () => [] as Interval[])]));
  const busy = new Map<string, Interval[]>(ids.map((id) => [id, []]));
  const closed = new Map<string, Interval[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) {
    return { clinicId: q.clinicId, tz, settings: clinic.settings, service, professionals: chosen, hours, busy, closed, from, to };
  }

  const [hourRows, exceptionRows, apptRows] = await Promise.all([
    db
      .select()
      .from(workingHours)
      .where(and(eq(workingHours.clinicId, q.clinicId), inArray(workingHours.professionalId, ids))),
    db
      .select({ pro: scheduleExceptions.professionalId, s: scheduleExceptions.startsAt, e: scheduleExceptions.endsAt })
      .from(scheduleExceptions)
      .where(
        and(
          eq(scheduleExceptions.clinicId, q.clinicId),
          lt(scheduleExceptions.startsAt, windowEnd),
          gt(scheduleExceptions.endsAt, windowStart),
          or(isNull(scheduleExceptions.professionalId), inArray(scheduleExceptions.professionalId, ids)),
        ),
      ),
    db
      .select({ pro: appointments.professionalId, s: appointments.startsAt, e: appointments.blockedUntil })
      .from(appointments)
      .where(
        and(
          eq(appointments.clinicId, q.clinicId),
          inArray(appointments.professionalId, ids),
          inArray(appointments.status, [...LIVE_STATUSES]),
          lt(appointments.startsAt, windowEnd),
          gt(appointments.blockedUntil, windowStart),
          // An expired hold no longer occupies the slot.
          or(ne(appointments.status, 'held'), gt(appointments.holdExpiresAt, q.now)),
          q.excludeAppointmentId ? ne(appointments.id, q.excludeAppointmentId) : undefined,
        ),
      ),
  ]);
  for (const h of hourRows) hours.get(h.professionalId)?.[h.weekday]?.push({ start: h.startMin, end: h.endMin });
  for (const days of hours.values()) for (const list of days) list.sort((a, b) => a.start - b.start);
  for (const x of exceptionRows) {
    const interval = { start: x.s.getTime(), end: x.e.getTime() };
    for (const id of x.pro ? [x.pro] : ids) {
      closed.get(id)?.push(interval);
    }
  }
  for (const a of apptRows) busy.get(a.pro)?.push({ start: a.s.getTime(), end: a.e.getTime() });
  for (const list of [...busy.values(), ...closed.values()]) list.sort((a, b) => a.start - b.start);
  return { clinicId: q.clinicId, tz, settings: clinic.settings, service, professionals: chosen, hours, busy, closed, from, to };
}
