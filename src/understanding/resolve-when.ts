import {
  addMonths,
  dayOf,
  daysInMonth,
  formatDay,
  formatMinutes,
  localOfInstant,
  partsOfDay,
  type LocalNow,
} from './local-calendar';
import type { TimeFact } from './read-time';
import type { WeekdayMode, WhenFacts } from './scan-when';
import type { Period, WhenResult } from './types';

/**
 * Turns the facts of a message into calendar values, always forward from the message's own
 * moment in the clinic's timezone (SPEC §6): "dia 5" after the 5th is next month, "sexta" is the
 * next Friday after today, "às 3" is 15:00 because the clinic is closed at 3 a.m.
 */

/** Days from `today` (weekday `w`) to the next `wd`; `includeToday` for "essa sexta". */
function daysUntil(w: number, wd: number, includeToday: boolean): number {
  const d = (wd - w + 7) % 7;
  return d === 0 && !includeToday ? 7 : d;
}

/** Monday of the week after today's (Sunday counts as the end of a week). */
function nextMonday(now: LocalNow): number {
  return now.day + ((8 - now.weekday) % 7 || 7);
}

function resolveWeekday(now: LocalNow, wd: number, mode: WeekdayMode): number {
  if (mode === 'nextWeek') return nextMonday(now) + ((wd + 6) % 7);
  return now.day + daysUntil(now.weekday, wd, mode === 'this');
}

/** The first day on or after today that matches day/month[/year]. */
function resolveExplicit(now: LocalNow, date: NonNullable<WhenFacts['date']>, monthRef: WhenFacts['month']): number | undefined {
  if (date.y !== undefined && date.m !== undefined) return dayOf(date.y, date.m, date.d);
  if (date.m !== undefined) {
    for (let y = now.year; y <= now.year + 8; y++) {
      const day = dayOf(y, date.m, date.d);
      if (day !== undefined && day >= now.day) return day;
    }
    return undefined;
  }
  if (monthRef && monthRef.kind === 'next') {
    const p = partsOfDay(addMonths(dayOf(now.year, now.month, 1)!, 1));
    return dayOf(p.year, p.month, date.d);
  }
  if (monthRef && monthRef.kind === 'named') {
    return resolveExplicit(now, { d: date.d, m: monthRef.month, y: monthRef.year }, undefined);
  }
  for (let k = 0; k < 13; k++) {
    const total = now.year * 12 + (now.month - 1) + k;
    const day = dayOf(Math.floor(total / 12), (total % 12) + 1, date.d);
    if (day !== undefined && day >= now.day) return day;
  }
  return undefined;
}

/** A span of days for "mês que vem", "em abril", "este mês". */
function resolveMonth(now: LocalNow, month: NonNullable<WhenFacts['month']>): { from: number; to: number } | undefined {
  let year = now.year;
  let m = now.month;
  if (month.kind === 'next') {
    const p = partsOfDay(addMonths(dayOf(now.year, now.month, 1)!, 1));
    year = p.year;
    m = p.month;
  } else if (month.kind === 'named') {
    m = month.month;
    if (month.year !== undefined) year = month.year;
    else if (m < now.month) year = now.year + 1;
  }
  const first = dayOf(year, m, 1);
  const last = dayOf(year, m, daysInMonth(year, m));
  if (first === undefined || last === undefined) return undefined;
  if (last < now.day) return undefined;
  return { from: Math.max(first, now.day), to: last };
}

/**
 * 24-hour clock value of a written hour. A qualifier or the message's period decides; otherwise
 * 1–7 o'clock is the afternoon (the clinic is closed at dawn).
 */
export function clockHour(f: TimeFact, period: Period | undefined): number {
  const h = f.h;
  if (f.qualifier === 'morning' || f.qualifier === 'dawn') return h === 12 && f.qualifier === 'dawn' ? 0 : h;
  if (f.qualifier === 'afternoon') return h >= 1 && h <= 11 ? h + 12 : h;
  if (f.qualifier === 'evening') return h >= 1 && h <= 11 ? h + 12 : h === 12 ? 0 : h;
  if (f.pm) return h < 12 ? h + 12 : h;
  if (f.clock24 || h >= 12 || h === 0) return h;
  if (period === 'afternoon' || period === 'evening') return h + 12;
  if (period === 'morning') return h;
  return h >= 1 && h <= 7 ? h + 12 : h;
}

function formatTime(f: TimeFact, period: Period | undefined): string {
  return formatMinutes(clockHour(f, period) * 60 + f.m);
}

/** The WhenResult for these facts, or null when they hold nothing forward-looking. */
export function resolveWhen(facts: WhenFacts, now: LocalNow): WhenResult | null {
  const out: WhenResult = {};
  let day: number | undefined;
  let time: string | undefined;

  if (facts.date) day = resolveExplicit(now, facts.date, facts.month);
  if (day === undefined && facts.relDays !== undefined) day = now.day + facts.relDays;
  if (day === undefined && facts.weekday) {
    let mode = facts.weekday.mode;
    if (mode === 'bare' && facts.week === 'next') mode = 'nextWeek';
    if (mode === 'bare' && facts.week === 'this') mode = 'this';
    day = resolveWeekday(now, facts.weekday.wd, mode);
  }
  if (day === undefined && facts.relMonths !== undefined) day = addMonths(now.day, facts.relMonths);
  if (day === undefined && facts.relMinutes !== undefined) {
    const at = localOfInstant(now.epochMs + facts.relMinutes * 60_000, now);
    day = at.day;
    if (!facts.time) time = formatMinutes(at.minutes);
  }

  if (day !== undefined) {
    out.date = formatDay(day);
  } else if (facts.weekend) {
    const sat = now.day + (now.weekday === 0 ? 6 : 6 - now.weekday);
    out.from = formatDay(sat);
    out.to = formatDay(sat + 1);
  } else if (facts.week === 'next') {
    const mon = nextMonday(now);
    out.from = formatDay(mon);
    out.to = formatDay(mon + 5);
  } else if (facts.week === 'this') {
    out.from = formatDay(now.day);
    out.to = formatDay(now.day + (now.weekday === 0 ? 6 : 6 - now.weekday));
  } else if (facts.month) {
    const span = resolveMonth(now, facts.month);
    if (span) {
      out.from = formatDay(span.from);
      out.to = formatDay(span.to);
    }
  }

  const period = facts.period;
  if (facts.time) time = formatTime(facts.time, period);
  if (time !== undefined) out.time = time;
  if (period) out.period = period;
  if (facts.after) out.after = formatTime(facts.after, period);
  if (facts.before) out.before = formatTime(facts.before, period);

  return Object.keys(out).length > 0 ? out : null;
}
