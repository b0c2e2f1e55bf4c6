import { findAvailableSlots } from '../../booking/find-available-slots';
import type { Slot } from '../../booking/compute-free-slots';
import { addDays, localDateOf, localMinutesOf, weekdayNamePt } from '../../lib/clinic-time';
import { isAppError } from '../../lib/errors';
import type { WhenResult } from '../../understanding/types';
import { Catalog } from '../catalog';
import type { OfferedSlot } from '../state';
import { refuse, type ToolContext, type ToolResult } from './tool-context';

export interface FindSlotsInput {
  serviceId: string;
  /** Only this professional. */
  professionalId?: string;
  /** The patient's preference; null or absent = the soonest. */
  when?: WhenResult | null;
}

/** exact: the time asked for · preference: inside the preference · nearest: the preference had nothing, these are the closest. */
export type SlotMatch = 'exact' | 'preference' | 'nearest';

const PERIODS: Record<'morning' | 'afternoon' | 'evening', [number, number]> = {
  morning: [0, 12 * 60],
  afternoon: [12 * 60, 18 * 60],
  evening: [18 * 60, 24 * 60],
};

const hm = (v: string | undefined) => (v && /^\d{1,2}:\d{2}$/.test(v) ? Number(v.slice(0, -3)) * 60 + Number(v.slice(-2)) : undefined);

/**
 * Finds up to `offer.max_options` free slots matching the patient's preference and records them as
 * this conversation's offer — the only slots `hold_slot` will then accept. Options are spread
 * (different days or at least `min_gap_minutes` apart) so three choices are three real choices.
 */
export async function findSlots(ctx: ToolContext, input: FindSlotsInput): Promise<ToolResult<{ slots: OfferedSlot[]; match: SlotMatch }>> {
  const catalog = new Catalog(ctx.flows);
  const service = catalog.service(input.serviceId);
  if (!service) return refuse('UNKNOWN_SERVICE', `"${input.serviceId}" is not an active service; use an id from the catalog`);
  if (input.professionalId && !service.professionals.includes(input.professionalId)) {
    return refuse('UNKNOWN_PROFESSIONAL', `${input.professionalId} does not perform ${input.serviceId}; performers: ${service.professionals.join(', ')}`);
  }
  const task = ctx.state.task;
  const cfg = ctx.flows.get('booking.yaml').offer;
  const exclude = task?.rescheduleOf ?? task?.hold?.appointmentId;
  let found: { slots: Slot[]; match: SlotMatch };
  try {
    found = await searchSlots(ctx, { ...input, excludeAppointmentId: exclude, max: cfg.max_options, gapMin: cfg.min_gap_minutes });
  } catch (err) {
    if (isAppError(err)) return refuse(err.code === 'UNKNOWN_SERVICE' ? 'UNKNOWN_SERVICE' : 'UNKNOWN_PROFESSIONAL', err.message);
    throw err;
  }
  if (found.slots.length === 0) return refuse('NO_SLOTS', 'no free slot in the booking horizon; offer a staff contact');
  const slots = recordOffer(ctx, found.slots);
  return { ok: true, slots, match: found.match };
}

/** Makes these slots the conversation's current offer (numbered as shown). */
export function recordOffer(ctx: ToolContext, slots: Slot[]): OfferedSlot[] {
  const offered = slots.map((s, i) => ({ n: i + 1, startsAt: s.startsAt.toISOString(), professionalId: s.professionalId, serviceId: s.serviceId }));
  if (ctx.state.task) {
    ctx.state.task.offered = offered;
    ctx.state.task.offeredAtSeq = ctx.message.seq;
  }
  delete ctx.state.asked.confirmation;
  return offered;
}

interface SearchInput extends FindSlotsInput {
  excludeAppointmentId?: string;
  max: number;
  gapMin: number;
}

async function searchSlots(ctx: ToolContext, input: SearchInput): Promise<{ slots: Slot[]; match: SlotMatch }> {
  const tz = ctx.clinic.timezone;
  const when = input.when ?? null;
  const base = {
    clinicId: ctx.clinic.id,
    serviceId: input.serviceId,
    professionalId: input.professionalId,
    now: ctx.now,
    excludeAppointmentId: input.excludeAppointmentId,
  };
  const from = when?.date ?? when?.from;
  const to = when?.date ?? when?.to;
  const range = { from, to };
  const query = (extra: { afterMin?: number; beforeMin?: number; from?: string; to?: string }) =>
    findAvailableSlots(ctx.db, { ...base, ...range, ...extra, limit: 400 });
  const pick = (slots: Slot[]) => spread(slots, input.max, input.gapMin, tz);

  if (when) {
    const time = hm(when.time);
    if (time !== undefined) {
      const exact = await query({ afterMin: time, beforeMin: time + 1 });
      if (exact.length) return { slots: pick(exact), match: 'exact' };
      const around = await query({ afterMin: Math.max(0, time - 120), beforeMin: time + 121 });
      if (around.length) {
        const byDistance = [...around].sort((a, b) => Math.abs(localMinutesOf(a.startsAt, tz) - time) - Math.abs(localMinutesOf(b.startsAt, tz) - time) || a.startsAt.getTime() - b.startsAt.getTime());
        return { slots: pick(byDistance).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()), match: 'nearest' };
      }
    } else {
      const [periodFrom, periodTo] = when.period ? PERIODS[when.period] : [undefined, undefined];
      const afterMin = Math.max(periodFrom ?? 0, hm(when.after) ?? 0) || undefined;
      const beforeMin = Math.min(periodTo ?? 24 * 60, hm(when.before) ?? 24 * 60);
      const inWindow = await query({ afterMin, beforeMin: beforeMin < 24 * 60 ? beforeMin : undefined });
      if (inWindow.length) return { slots: pick(inWindow), match: 'preference' };
    }
    // Nothing fits: the same days at any time, then the soonest from that day on.
    if (from || to) {
      const sameDays = await query({});
      if (sameDays.length) return { slots: pick(sameDays), match: 'nearest' };
    }
    const later = await findAvailableSlots(ctx.db, { ...base, from: from ?? localDateOf(ctx.now, tz), limit: 400 });
    if (later.length) return { slots: pick(later), match: 'nearest' };
    const any = await findAvailableSlots(ctx.db, { ...base, limit: 400 });
    return { slots: pick(any), match: 'nearest' };
  }
  return { slots: pick(await findAvailableSlots(ctx.db, { ...base, limit: 400 })), match: 'preference' };
}

/**
 * Up to `max` slots, one per start time, greedily keeping those on another day or at least
 * `gapMin` from the ones kept, then topping up in order; returned in time order.
 */
export function spread(slots: Slot[], max: number, gapMin: number, tz: string): Slot[] {
  const seen = new Set<number>();
  const unique = slots.filter((s) => (seen.has(s.startsAt.getTime()) ? false : (seen.add(s.startsAt.getTime()), true)));
  const kept: Slot[] = [];
  for (const s of unique) {
    if (kept.length >= max) break;
    const day = localDateOf(s.startsAt, tz);
    const close = kept.some((k) => localDateOf(k.startsAt, tz) === day && Math.abs(k.startsAt.getTime() - s.startsAt.getTime()) < gapMin * 60_000);
    if (!close) kept.push(s);
  }
  for (const s of unique) {
    if (kept.length >= max) break;
    if (!kept.includes(s)) kept.push(s);
  }
  return kept;
}

/** "amanhã à tarde"-style description of a preference, for "Para … não tenho vaga". */
export function describePreference(when: WhenResult | null | undefined, now: Date, tz: string): string {
  if (!when) return 'esse período';
  const today = localDateOf(now, tz);
  const ddmm = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}`;
  const day = (d: string) => (d === today ? 'hoje' : d === addDays(today, 1) ? 'amanhã' : `${weekdayNamePt(d)}, ${ddmm(d)},`);
  const period = { morning: 'de manhã', afternoon: 'à tarde', evening: 'à noite' } as const;
  const parts: string[] = [];
  if (when.date) parts.push(day(when.date));
  else if (when.from && when.to) parts.push(`esses dias (${ddmm(when.from)} a ${ddmm(when.to)})`);
  const hasDay = parts.length > 0;
  if (when.time) parts.push(hasDay ? `às ${when.time}` : `o horário das ${when.time}`);
  else if (when.period) parts.push(hasDay ? period[when.period] : `o período ${{ morning: 'da manhã', afternoon: 'da tarde', evening: 'da noite' }[when.period]}`);
  if (when.after) parts.push(`depois das ${when.after}`);
  if (when.before) parts.push(`antes das ${when.before}`);
  return parts.length ? parts.join(' ').replace(/,$/, '') : 'esse período';
}
