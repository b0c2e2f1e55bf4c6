
export interface QuietHours {
  /** Clinic-local minutes since midnight; a window may wrap midnight (20:00–08:00). */
  startMin: number;
  endMin: number;
}

/** When a send cannot wait for the end of the quiet window, it goes this long before it starts. */
export const BEFORE_QUIET_MS = 15 * 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
const BUCKET_MS = 15 * 60_000;

/**
 * The zone's offset at an instant, cached per quarter hour (zones change offset only on quarter
 * hours): planning thousands of appointments asks this for every step.
 */
function offsetMinutes(instant: number, tz: string): number {
  const key = `${tz}|${Math.floor(instant / BUCKET_MS)}`;
  const hit = offsets.get(key);
  if (hit !== undefined) return hit;
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(tz, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(instant))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!);
  const offset = Math.round((wall - Math.floor(instant / 60_000) * 60_000) / 60_000);
  if (offsets.size > 50_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** Minutes since local midnight of an instant in a zone. */
export function localMinutes(at: Date, tz: string): number {
  const local = Math.floor(at.getTime() / 60_000) + offsetMinutes(at.getTime(), tz);
  return ((local % 1440) + 1440) % 1440;
}

export function isQuiet(at: Date, quiet: QuietHours | null, tz: string): boolean {
  if (!quiet) return false;
  const m = localMinutes(at, tz);
  return quiet.startMin > quiet.endMin ? m >= quiet.startMin || m < quiet.endMin : m >= quiet.startMin && m < quiet.endMin;
}

/**
 * Moves a patient-facing send out of the clinic's quiet hours: to the end of the window (the next
 * morning), or — when that is later than `notAfter`, too close to the appointment — to just before
 * the window began (the evening before), if that is not earlier than `notBefore`. Null when neither
 * fits: the send is better skipped than made at night.
 */
export function shiftOutOfQuietHours(at: Date, quiet: QuietHours | null, tz: string, bounds: { notAfter: Date; notBefore: Date }): Date | null {
  if (!quiet || !isQuiet(at, quiet, tz)) return at;
  const localMs = Math.floor(at.getTime() / 60_000) * 60_000 + offsetMinutes(at.getTime(), tz) * 60_000;
  const dayStart = Math.floor(localMs / DAY_MS) * DAY_MS;
  const m = (localMs - dayStart) / 60_000;
  const wraps = quiet.startMin > quiet.endMin;
  // The local day the window started on, and the day it ends on.
  const startDay = wraps && m < quiet.endMin ? dayStart - DAY_MS : dayStart;
  const endDay = wraps && m >= quiet.startMin ? dayStart + DAY_MS : dayStart;
  const forward = fromLocal(endDay + quiet.endMin * 60_000, tz);
  if (forward.getTime() <= bounds.notAfter.getTime()) return forward;
  const backward = new Date(fromLocal(startDay + quiet.startMin * 60_000, tz).getTime() - BEFORE_QUIET_MS);
  if (backward.getTime() >= bounds.notBefore.getTime() && backward.getTime() <= bounds.notAfter.getTime()) return backward;
  return null;
}

const DAY_MS = 86_400_000;

/** The instant a local wall-clock time (as epoch-like local milliseconds) happens in a zone. */
function fromLocal(localMs: number, tz: string): Date {
  const guess = localMs - offsetMinutes(localMs, tz) * 60_000;
  return new Date(localMs - offsetMinutes(guess, tz) * 60_000);
}
