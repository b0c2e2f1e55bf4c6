import { and, eq, gte, inArray, lt, or } from 'drizzle-orm';
import type { Executor } from '../db/open-database';
import { appointments, escalations } from '../db/schema';
import { addDays, atLocal, localDateOf, weekdayOf, type LocalDate } from '../lib/clinic-time';

export const TIERS = ['low', 'medium', 'high', 'none'] as const;
export type TierKey = (typeof TIERS)[number];

export interface Rate {
  /** Share in [0, 1]; null when there is nothing to divide by. */
  rate: number | null;
  numerator: number;
  denominator: number;
}

export interface WeekMetrics {
  /** Monday of the week, clinic-local. */
  week: LocalDate;
  /** no-shows / (attended + no-shows), by risk tier, for appointments of that week. */
  noShow: Record<TierKey, Rate>;
  /** confirmed before the visit / appointments kept on the books, by risk tier. */
  confirmation: Record<TierKey, Rate>;
  escalationsOpened: number;
  escalationsHandled: number;
  /** Median minutes from escalation to the first staff reply, for escalations opened that week. */
  medianFirstReplyMinutes: number | null;
  firstReplies: number;
}

export interface PanelMetrics {
  weeks: WeekMetrics[];
  totals: { noShow: Record<TierKey, Rate>; confirmation: Record<TierKey, Rate>; escalationsHandled: number; medianFirstReplyMinutes: number | null };
}

export function mondayOf(date: LocalDate): LocalDate {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const rate = (numerator: number, denominator: number): Rate => ({ numerator, denominator, rate: denominator ? numerator / denominator : null });
const tierOf = (t: string | null): TierKey => (t === 'low' || t === 'medium' || t === 'high' ? t : 'none');
const byTier = <T>(make: () => T) => Object.fromEntries(TIERS.map((t) => [t, make()])) as Record<TierKey, T>;

/**
 * The owner's panel: per clinic-local week, no-show and confirmation rates by risk tier,
 * escalations opened and handled, and the median time to a first staff reply. Computed from the
 * rows themselves, so it is right for any history size a clinic has.
 */
export async function computePanelMetrics(db: Executor, input: { clinicId: string; timezone: string; now: Date; weeks?: number }): Promise<PanelMetrics> {
  const weeksBack = input.weeks ?? 12;
  const thisMonday = mondayOf(localDateOf(input.now, input.timezone));
  const firstMonday = addDays(thisMonday, -7 * (weeksBack - 1));
  const start = atLocal(firstMonday, 0, input.timezone);
  const weekKeys = Array.from({ length: weeksBack }, (_, i) => addDays(firstMonday, 7 * i));

  const appts = await db
    .select({ startsAt: appointments.startsAt, status: appointments.status, riskTier: appointments.riskTier, confirmedAt: appointments.confirmedAt })
    .from(appointments)
    .where(and(eq(appointments.clinicId, input.clinicId), gte(appointments.startsAt, start), lt(appointments.startsAt, input.now), inArray(appointments.status, ['booked', 'confirmed', 'attended', 'no_show'])));
  const escs = await db
    .select({ createdAt: escalations.createdAt, resolvedAt: escalations.resolvedAt, firstStaffReplyAt: escalations.firstStaffReplyAt })
    .from(escalations)
    .where(and(eq(escalations.clinicId, input.clinicId), or(gte(escalations.createdAt, start), gte(escalations.resolvedAt, start))));

  const acc = new Map(
    weekKeys.map((w) => [
      w,
      { noShow: byTier((): [number, number] => [0, 0]), confirmation: byTier((): [number, number] => [0, 0]), opened: 0, handled: 0, replies: [] as number[] },
    ]),
  );
  const weekOf = (d: Date) => acc.get(mondayOf(localDateOf(d, input.timezone)));
  const total = { noShow: byTier((): [number, number] => [0, 0]), confirmation: byTier((): [number, number] => [0, 0]), handled: 0, replies: [] as number[] };

  for (const a of appts) {
    const w = weekOf(a.startsAt);
    if (!w) continue;
    const tier = tierOf(a.riskTier);
    for (const bucket of [w, total]) {
      if (a.status === 'attended' || a.status === 'no_show') {
        bucket.noShow[tier][1] += 1;
        if (a.status === 'no_show') bucket.noShow[tier][0] += 1;
      }
      bucket.confirmation[tier][1] += 1;
      if (a.confirmedAt && a.confirmedAt.getTime() <= a.startsAt.getTime()) bucket.confirmation[tier][0] += 1;
    }
  }
  for (const e of escs) {
    const opened = e.createdAt >= start ? weekOf(e.createdAt) : undefined;
    if (opened) {
      opened.opened++;
      if (e.firstStaffReplyAt) {
        const minutes = Math.max(0, (e.firstStaffReplyAt.getTime() - e.createdAt.getTime()) / 60_000);
        opened.replies.push(minutes);
        total.replies.push(minutes);
      }
    }
    if (e.resolvedAt && e.resolvedAt >= start) {
      const handled = weekOf(e.resolvedAt);
      if (handled) {
        handled.handled++;
        total.handled++;
      }
    }
  }
  const toRates = (m: Record<TierKey, [number, number]>) => byTierFrom(m, ([n, d]) => rate(n, d));
  return {
    weeks: weekKeys.map((week) => {
      const w = acc.get(week)!;
      return {
        week,
        noShow: toRates(w.noShow),
        confirmation: toRates(w.confirmation),
        escalationsOpened: w.opened,
        escalationsHandled: w.handled,
        medianFirstReplyMinutes: median(w.replies),
        firstReplies: w.replies.length,
      };
    }),
    totals: { noShow: toRates(total.noShow), confirmation: toRates(total.confirmation), escalationsHandled: total.handled, medianFirstReplyMinutes: median(total.replies) },
  };
}

function byTierFrom<A, B>(m: Record<TierKey, A>, f: (a: A) => B): Record<TierKey, B> {
  return Object.fromEntries(TIERS.map((t) => [t, f(m[t])])) as Record<TierKey, B>;
}
