import type { Executor } from '../db/open-database';
import { addDays, localDateOf, type LocalDate } from '../lib/clinic-time';
import { computeFreeSlots, type Slot } from './compute-free-slots';
import { loadSchedule } from './load-schedule';

export interface FindSlotsQuery {
  clinicId: string;
  serviceId: string;
  professionalId?: string;
  now: Date;
  /** First local date. @defaultValue today in the clinic */
  from?: LocalDate;
  /** Last local date, inclusive. @defaultValue the end of the booking horizon */
  to?: LocalDate;
  /** Only slots starting strictly after this instant (alternatives to a refused time). */
  after?: Date;
  afterMin?: number;
  beforeMin?: number;
  limit?: number;
  /** Rescheduling: the appointment being moved does not block its own new time. */
  excludeAppointmentId?: string;
}

/**
 * Free slots for a service (optionally one professional) over a range of clinic-local days.
 * The one entry point the bot, the CLI, the API and the inbox use to offer times.
 */
export async function findAvailableSlots(db: Executor, q: FindSlotsQuery): Promise<Slot[]> {
  const schedule = await loadSchedule(db, {
    clinicId: q.clinicId,
    serviceId: q.serviceId,
    professionalId: q.professionalId,
    // A day early: the UTC date of `after` can be the next local day; the instant filter trims the rest.
    range: { from: q.from ?? (q.after ? addDays(localDateOf(q.after, 'UTC'), -1) : undefined), to: q.to },
    now: q.now,
    excludeAppointmentId: q.excludeAppointmentId,
  });
  return computeFreeSlots(schedule, {
    from: schedule.from,
    to: schedule.to,
    now: q.now,
    after: q.after,
    afterMin: q.afterMin,
    beforeMin: q.beforeMin,
    limit: q.limit,
  });
}
