import { z } from 'zod';
import type { ToolContext } from '../tools/tool-context';

/**
 * The reminder-reply step (src/reminders/handle-reminder-reply.ts) answers "preciso remarcar" or
 * "não vou" to a reminder with numbered slots and leaves them in the conversation state as
 * `reminderReschedule`. The patient's next message ("2", "a das 15h") is the booking flow's to
 * read, so the offer becomes this engine's own: a reschedule (move) or a new booking (rebook)
 * waiting at the pick step — with the same confirmations, consent and screening as any other.
 */
const reminderRescheduleSchema = z.object({
  mode: z.enum(['reschedule', 'rebook']),
  appointmentId: z.string(),
  serviceId: z.string(),
  professionalId: z.string().optional(),
  slots: z.array(z.object({ startsAt: z.string(), professionalId: z.string() })),
  offeredAt: z.string(),
});

/** How long such an offer stays answerable. */
const OFFER_VALID_MS = 24 * 3_600_000;

/** Turns a pending `reminderReschedule` offer into this engine's pick step; false when there is none (or it is stale). */
export function adoptReminderOffer(ctx: ToolContext, raw: unknown): boolean {
  const parsed = reminderRescheduleSchema.safeParse((raw as { reminderReschedule?: unknown } | null)?.reminderReschedule);
  if (!parsed.success) return false;
  const offer = parsed.data;
  if (ctx.now.getTime() - Date.parse(offer.offeredAt) > OFFER_VALID_MS) return false;
  const offered = offer.slots.map((s, i) => ({ n: i + 1, startsAt: s.startsAt, professionalId: s.professionalId, serviceId: offer.serviceId }));
  ctx.state.task = {
    kind: offer.mode === 'reschedule' ? 'reschedule' : 'book',
    serviceId: offer.serviceId,
    ...(offer.mode === 'reschedule' ? { rescheduleOf: offer.appointmentId } : {}),
    when: offered.length ? null : undefined,
    offered,
    offeredAtSeq: ctx.message.seq,
    startedAt: ctx.now.toISOString(),
  };
  ctx.state.asked = {};
  ctx.state.step = offered.length ? 'pick' : 'when';
  return true;
}
