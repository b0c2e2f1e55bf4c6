import { addDays, atLocal, localDateOf, localMinutesOf, weekdayOf, type LocalDate } from '../lib/clinic-time';
import type { Interval, Schedule } from './load-schedule';

export interface Slot {
  professionalId: string;
  serviceId: string;
  startsAt: Date;
  /** End of the procedure. */
  endsAt: Date;
  /** End of the buffer after it (what the overlap guard protects). */
  blockedUntil: Date;
}

export interface SlotWindow {
  /** First and last local dates, inclusive. */
  from: LocalDate;
  to: LocalDate;
  now: Date;
  /** Only slots starting strictly after this instant. */
  after?: Date;
  /** Only slots starting at or after this local minute ("depois das 17h", "à tarde"). */
  afterMin?: number;
  /** Only slots starting before this local minute ("antes das 10", "de manhã"). */
  beforeMin?: number;
  /** Stop after this many slots. @defaultValue unlimited */
  limit?: number;
}

export type SlotProblem = 'IN_PAST' | 'TOO_SOON' | 'BEYOND_HORIZON' | 'OUTSIDE_HOURS' | 'SLOT_TAKEN';

const MINUTE = 60_000;

/** The earliest bookable instant: now plus the minimum notice. */
export function earliestStart(schedule: Schedule, now: Date): number {
  return now.getTime() + schedule.settings.minNoticeMinutes * MINUTE;
}

/** The last bookable instant: end of the local day `horizonDays` from today. */
export function horizonEnd(schedule: Schedule, now: Date): number {
  const today = localDateOf(now, schedule.tz);
  return atLocal(addDays(today, schedule.settings.horizonDays + 1), 0, schedule.tz).getTime();
}

function overlaps(list: Interval[], start: number, end: number): boolean {
  // Lists are short per professional and window; a linear scan with early exit is enough.
  for (const i of list) {
    if (i.start >= end) return false;
    if (i.end > start) return true;
  }
  return false;
}

/**
 * Free slots of one service, in start order (then catalog order of professionals): inside weekly
 * hours, on the grid, clear of closures, of other appointments including their buffers, and
 * inside the notice and horizon rules. Pure, so the same rules also validate a single slot.
 */
export function computeFreeSlots(schedule: Schedule, window: SlotWindow): Slot[] {
  const { tz, service, settings } = schedule;
  const duration = service.durationMin * MINUTE;
  const blocked = (service.durationMin + service.bufferMin) * MINUTE;
  const grid = settings.gridMinutes;
  const earliest = Math.max(earliestStart(schedule, window.now), window.after ? window.after.getTime() + 1 : 0);
  const latest = horizonEnd(schedule, window.now);
  const today = localDateOf(window.now, tz);
  let day = window.from < today ? today : window.from;
  const out: Slot[] = [];
  const limit = window.limit ?? Number.POSITIVE_INFINITY;
  for (; day <= window.to; day = addDays(day, 1)) {
    const dayStart = atLocal(day, 0, tz).getTime();
    if (dayStart >= latest) break;
    // A day with a clock change (DST) is not 24 h long: place each slot on the wall clock then.
    const clockChanges = atLocal(addDays(day, 1), 0, tz).getTime() - dayStart !== 24 * 60 * MINUTE;
    const weekday = weekdayOf(day);
    const candidates: Slot[] = [];
    for (const pro of schedule.professionals) {
      const intervals = schedule.hours.get(pro.id)?.[weekday] ?? [];
      const busy = schedule.busy.get(pro.id) ?? [];
      const closed = schedule.closed.get(pro.id) ?? [];
      for (const interval of intervals) {
        const base = atLocal(day, interval.start, tz).getTime();
        const first = Math.ceil(interval.start / grid) * grid;
        for (let m = first; m + service.durationMin <= interval.end; m += grid) {
          if (window.afterMin !== undefined && m < window.afterMin) continue;
          if (window.beforeMin !== undefined && m >= window.beforeMin) break;
          const start = clockChanges ? atLocal(day, m, tz).getTime() : base + (m - interval.start) * MINUTE;
          if (start < earliest) continue;
          if (start >= latest) break;
          if (overlaps(closed, start, start + duration)) continue;
          if (overlaps(busy, start, start + blocked)) continue;
          candidates.push({
            professionalId: pro.id,
            serviceId: service.id,
            startsAt: new Date(start),
            endsAt: new Date(start + duration),
            blockedUntil: new Date(start + blocked),
          });
        }
      }
    }
    candidates.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    for (const c of candidates) {
      out.push(c);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/**
 * Why a specific slot cannot be booked (or null when it can), by the same rules as
 * `computeFreeSlots`. The database's exclusion constraint remains the final word on overlaps.
 */
export function explainSlot(schedule: Schedule, professionalId: string, start: Date, now: Date): SlotProblem | null {
  const { tz, service } = schedule;
  const t = start.getTime();
  if (t <= now.getTime()) return 'IN_PAST';
  if (t < earliestStart(schedule, now)) return 'TOO_SOON';
  if (t >= horizonEnd(schedule, now)) return 'BEYOND_HORIZON';
  const day = localDateOf(start, tz);
  const intervals = schedule.hours.get(professionalId)?.[weekdayOf(day)] ?? [];
  const startMin = localMinutesOf(start, tz);
  const fits = intervals.some((i) => startMin >= i.start && startMin + service.durationMin <= i.end);
  if (!fits) return 'OUTSIDE_HOURS';
  const duration = service.durationMin * MINUTE;
  if (overlaps(schedule.closed.get(professionalId) ?? [], t, t + duration)) return 'OUTSIDE_HOURS';
  if (overlaps(schedule.busy.get(professionalId) ?? [], t, t + (service.durationMin + service.bufferMin) * MINUTE)) return 'SLOT_TAKEN';
  return null;
}
