/**
 * Instants seen on the clinic's wall clock, which is what no-show behaviour follows (a Monday 8am
 * slot, a booking made late in the evening). Self-contained: Intl only, no server timezone.
 */

/** The timezone of the demo clinic and of the public data; used when a timestamp is in UTC. */
export const DEFAULT_TIME_ZONE = 'America/Sao_Paulo';

/** An instant together with its clinic-local calendar day, weekday and hour. */
export interface LocalStamp {
  /** Epoch milliseconds. */
  instant: number;
  /** Local calendar day as days since 1970-01-01, so day differences are calendar days. */
  day: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Local hour with minutes as a fraction. */
  hour: number;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the zone; lets the CLI reject `--tz Mars/Base` with a clear message. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function stampFromWall(instant: number, y: number, mo: number, d: number, h: number, mi: number): LocalStamp {
  const dayMs = Date.UTC(y, mo - 1, d);
  const day = Math.round(dayMs / 86_400_000);
  return { instant, day, weekday: new Date(dayMs).getUTCDay(), hour: h + mi / 60 };
}

/** The clinic-local view of an instant, for callers that hold a `Date` (the booking code). */
export function localStampOf(instant: number, timeZone: string): LocalStamp {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return stampFromWall(instant, parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!);
}

/** Offset (minutes east of UTC) that `timeZone` has at `instant`. */
function offsetAt(instant: number, timeZone: string): number {
  const s = localStampOf(instant, timeZone);
  const wall = s.day * 86_400_000 + Math.round(s.hour * 60) * 60_000;
  return Math.round((wall - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

export interface ReadTimestampOptions {
  /** Force every timestamp onto this zone's wall clock, whatever offset it was written with. */
  timeZone?: string;
  /** Zone for timestamps written in UTC (`Z`, `+00:00`) or without an offset. @defaultValue America/Sao_Paulo */
  fallbackTimeZone?: string;
}

/**
 * Reads an ISO 8601 timestamp from a history file. The offset it was written with is taken as the
 * clinic's wall clock (that is how a clinic's own export records it); UTC stamps and stamps
 * without an offset are placed on the fallback zone. Returns null for anything not a real time.
 */
export function readTimestamp(text: string, options: ReadTimestampOptions = {}): LocalStamp | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const y = +m[1]!;
  const mo = +m[2]!;
  const d = +m[3]!;
  const h = m[4] ? +m[4] : 0;
  const mi = m[5] ? +m[5] : 0;
  const sec = m[6] ? +m[6] : 0;
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59) return null;
  const wallMs = Date.UTC(y, mo - 1, d, h, mi, sec);
  if (new Date(wallMs).getUTCDate() !== d) return null; // 2016-02-31 and the like
  const fallback = options.fallbackTimeZone ?? DEFAULT_TIME_ZONE;
  const zone = m[7]?.toUpperCase();
  if (zone === undefined) {
    // Wall clock without an offset: find the instant that shows this time in the fallback zone.
    const tz = options.timeZone ?? fallback;
    let instant = wallMs - offsetAt(wallMs, tz) * 60_000;
    instant = wallMs - offsetAt(instant, tz) * 60_000;
    return options.timeZone ? localStampOf(instant, tz) : stampFromWall(instant, y, mo, d, h, mi);
  }
  let offsetMin = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
    if (Math.abs(offsetMin) > 14 * 60) return null;
  }
  const instant = wallMs - offsetMin * 60_000;
  if (options.timeZone) return localStampOf(instant, options.timeZone);
  if (offsetMin === 0) return localStampOf(instant, fallback);
  return stampFromWall(instant, y, mo, d, h, mi);
}
