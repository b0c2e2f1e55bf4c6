import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';

/**
 * Clinic-local calendar arithmetic. Instants are stored in UTC; days, weekdays and opening hours
 * are reasoned about in the clinic's timezone. Local dates are plain 'YYYY-MM-DD' strings so that
 * no Date ever carries an accidental server timezone.
 */

export type LocalDate = string;

/** The clinic-local calendar date of an instant. */
export function localDateOf(instant: Date, tz: string): LocalDate {
  return formatInTimeZone(instant, tz, 'yyyy-MM-dd');
}

/** Minutes since local midnight of an instant. */
export function localMinutesOf(instant: Date, tz: string): number {
  const hm = formatInTimeZone(instant, tz, 'HH:mm');
  return Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));
}

/** The instant of a local wall-clock time on a local date (minutes may exceed a day). */
export function atLocal(date: LocalDate, minutes: number, tz: string): Date {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h >= 24) return atLocal(addDays(date, Math.floor(h / 24)), (h % 24) * 60 + m, tz);
  return fromZonedTime(`${date}T${pad(h)}:${pad(m)}:00`, tz);
}

/** Calendar arithmetic on local dates (UTC noon avoids any DST edge). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

export function formatHm(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const WEEKDAY_PT = ['domingo', 'segunda-feira', 'terça-feira', 'quarta-feira', 'quinta-feira', 'sexta-feira', 'sábado'];
const MONTH_PT = ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'];

/** "sexta-feira, 13/03 às 14:00" — how the bot names a slot to a patient. */
export function describeInstantPt(instant: Date, tz: string): string {
  const date = localDateOf(instant, tz);
  const [, mm, dd] = date.split('-');
  return `${WEEKDAY_PT[weekdayOf(date)]}, ${dd}/${mm} às ${formatHm(localMinutesOf(instant, tz))}`;
}

/** "13 de março" */
export function describeDatePt(date: LocalDate): string {
  const [, mm, dd] = date.split('-');
  return `${Number(dd)} de ${MONTH_PT[Number(mm) - 1]}`;
}

export function weekdayNamePt(date: LocalDate): string {
  return WEEKDAY_PT[weekdayOf(date)]!;
}
