import { getTimezoneOffset } from 'date-fns-tz/getTimezoneOffset';

/**
 * Calendar arithmetic for date phrases, on plain day numbers (days since 1970-01-01 in the
 * clinic's calendar). "amanhã", "sexta que vem" and "dia 5" are all whole-day moves, so working on
 * integers avoids every DST and host-timezone trap and keeps parsing fast.
 */

export const DEFAULT_TZ = 'America/Sao_Paulo';

const DAY_MS = 86_400_000;

/** The message's own moment, seen on the clinic's wall clock. */
export interface LocalNow {
  /** Day number of the local date. */
  day: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  year: number;
  /** 1–12 */
  month: number;
  date: number;
  /** Minutes since local midnight. */
  minutes: number;
  /** The instant itself, for "daqui a 2 horas". */
  epochMs: number;
  /** Offset of the clinic's timezone at that instant, in ms. */
  offsetMs: number;
  tz: string;
}

/** Offsets change only on quarter-hour boundaries, so one lookup serves a whole quarter hour. */
const QUARTER_MS = 900_000;
const offsetCache = new Map<string, number>();

function cachedOffset(tz: string, epochMs: number): number {
  const key = `${tz}|${Math.floor(epochMs / QUARTER_MS)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = getTimezoneOffset(tz, new Date(epochMs));
    if (offsetCache.size >= 10_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

/** Offset of `tz` at `date` in ms, or the default zone's when `tz` is unknown. */
function offsetOf(tz: string, epochMs: number): { offsetMs: number; tz: string } {
  const offset = cachedOffset(tz, epochMs);
  if (Number.isFinite(offset)) return { offsetMs: offset, tz };
  return { offsetMs: cachedOffset(DEFAULT_TZ, epochMs) || 0, tz: DEFAULT_TZ };
}

/** Reads `now` in `tz`; an invalid date reads as the current time, an unknown zone as São Paulo. */
export function localNow(now: Date | string | number | undefined, tz: string | undefined): LocalNow {
  let epochMs = now instanceof Date ? now.getTime() : typeof now === 'string' || typeof now === 'number' ? new Date(now).getTime() : NaN;
  if (!Number.isFinite(epochMs)) epochMs = Date.now();
  const zone = offsetOf(tz && tz.length > 0 ? tz : DEFAULT_TZ, epochMs);
  const local = epochMs + zone.offsetMs;
  const day = Math.floor(local / DAY_MS);
  const d = new Date(day * DAY_MS);
  return {
    day,
    weekday: d.getUTCDay(),
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    date: d.getUTCDate(),
    minutes: Math.floor((local - day * DAY_MS) / 60_000),
    epochMs,
    offsetMs: zone.offsetMs,
    tz: zone.tz,
  };
}

/** Day number of a calendar date, or undefined when it does not exist (31/04, 29/02/2027). */
export function dayOf(year: number, month: number, date: number): number | undefined {
  if (month < 1 || month > 12 || date < 1 || date > 31) return undefined;
  const ms = Date.UTC(year, month - 1, date);
  const d = new Date(ms);
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== date) return undefined;
  return ms / DAY_MS;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Year, month (1–12) and date of a day number. */
export function partsOfDay(day: number): { year: number; month: number; date: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate() };
}

/** Last date of a month (28–31). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The same date `months` later, clamped to the month's end (31/01 + 1 month = 28/02). */
export function addMonths(day: number, months: number): number {
  const p = partsOfDay(day);
  const total = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return dayOf(year, month, Math.min(p.date, daysInMonth(year, month))) ?? day;
}

/** YYYY-MM-DD of a day number. */
export function formatDay(day: number): string {
  const p = partsOfDay(day);
  return `${p.year}-${pad2(p.month)}-${pad2(p.date)}`;
}

/** HH:MM of minutes since midnight. */
export function formatMinutes(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Local day and minutes of an instant in the zone `now` was read in (for "daqui a 2 horas"). */
export function localOfInstant(epochMs: number, now: LocalNow): { day: number; minutes: number } {
  const zone = offsetOf(now.tz, epochMs);
  const local = epochMs + zone.offsetMs;
  const day = Math.floor(local / DAY_MS);
  return { day, minutes: Math.floor((local - day * DAY_MS) / 60_000) };
}
