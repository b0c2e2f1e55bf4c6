import { and, eq, inArray } from 'drizzle-orm';
import { cancelAppointment } from '../../booking/change-appointment';
import type { Slot } from '../../booking/compute-free-slots';
import { holdSlot as holdDomainSlot } from '../../booking/hold-slot';
import { appointmentEvents, appointments } from '../../db/schema';
import { isAppError } from '../../lib/errors';
import type { BookingErrorData } from '../../booking/booking-errors';
import { recordOffer, spread } from './find-slots';
import { publishAppointment, refuse, type ToolContext, type ToolResult } from './tool-context';

export interface HeldSlot {
  appointmentId: string;
  startsAt: string;
  professionalId: string;
  serviceId: string;
}

/**
 * Holds one of the slots offered in this conversation (by its number) while the patient goes
 * through consent, screening and confirmation. A slot that was never offered here is refused;
 * a slot taken since the offer comes back as SLOT_TAKEN with fresh alternatives, already recorded
 * as the new offer. Retrying the same pick reuses the patient's own hold.
 */
export async function holdOfferedSlot(ctx: ToolContext, input: { option: number }): Promise<ToolResult<{ hold: HeldSlot }>> {
  const task = ctx.state.task;
  if (!task || task.kind !== 'book') return refuse('NOT_OFFERED', 'no booking in progress; find slots for a service first');
  const slot = task.offered.find((s) => s.n === input.option);
  if (!slot || task.offeredAtSeq === undefined || task.offeredAtSeq > ctx.message.seq) {
    return refuse('NOT_OFFERED', `option ${input.option} was not offered to this patient; offered: ${task.offered.map((s) => s.n).join(', ') || 'none'} — call find_slots and show them first`);
  }
  const startsAt = new Date(slot.startsAt);
  if (task.hold && task.hold.startsAt === slot.startsAt && task.hold.professionalId === slot.professionalId) {
    const [row] = await ctx.db.select({ status: appointments.status }).from(appointments).where(eq(appointments.id, task.hold.appointmentId));
    if (row && (row.status === 'held' || row.status === 'booked')) return { ok: true, hold: task.hold };
  }
  // A retried turn (the lease was lost after the hold committed, the state was not) finds the hold
  // this very message made — possibly a nearest alternative, not the option picked — and keeps it.
  const [made] = await ctx.db
    .select({ a: appointments })
    .from(appointments)
    .innerJoin(appointmentEvents, and(eq(appointmentEvents.appointmentId, appointments.id), eq(appointmentEvents.type, 'held'), eq(appointmentEvents.messageId, ctx.message.id)))
    .where(and(eq(appointments.patientId, ctx.patient.id), eq(appointments.conversationId, ctx.conversationId), eq(appointments.status, 'held')));
  if (made && made.a.id !== task.hold?.appointmentId) {
    task.hold = { appointmentId: made.a.id, startsAt: made.a.startsAt.toISOString(), professionalId: made.a.professionalId, serviceId: made.a.serviceId };
    delete ctx.state.asked.confirmation;
    return { ok: true, hold: task.hold };
  }
  await releaseHold(ctx, 'replaced');
  // A retried turn (lease lost after the hold committed) finds its own hold instead of colliding with it.
  const [mine] = await ctx.db
    .select()
    .from(appointments)
    .where(
      and(
        eq(appointments.patientId, ctx.patient.id),
        eq(appointments.conversationId, ctx.conversationId),
        eq(appointments.professionalId, slot.professionalId),
        eq(appointments.startsAt, startsAt),
        inArray(appointments.status, ['held']),
      ),
    );
  let held = mine;
  if (!held) {
    try {
      held = await holdDomainSlot(ctx.db, {
        clinicId: ctx.clinic.id,
        patientId: ctx.patient.id,
        serviceId: slot.serviceId,
        professionalId: slot.professionalId,
        startsAt,
        now: ctx.now,
        source: ctx.channel,
        actor: 'patient',
        conversationId: ctx.conversationId,
        messageId: ctx.message.id,
      });
    } catch (err) {
      if (!isAppError(err)) throw err;
      const data = (err.data ?? {}) as BookingErrorData;
      const cfg = ctx.flows.get('booking.yaml').offer;
      const alternatives = recordOffer(ctx, spread((data.alternatives ?? []) as Slot[], cfg.max_options, 0, ctx.clinic.timezone));
      const code = err.code === 'SLOT_TAKEN' || err.code === 'HOLD_EXPIRED' ? 'SLOT_TAKEN' : 'SLOT_UNAVAILABLE';
      return refuse(code, `${err.code}: offer the alternatives (already recorded as the current offer)`, alternatives);
    }
    publishAppointment(ctx, held);
  }
  task.hold = { appointmentId: held.id, startsAt: held.startsAt.toISOString(), professionalId: held.professionalId, serviceId: held.serviceId };
  delete ctx.state.asked.confirmation;
  return { ok: true, hold: task.hold };
}

/** Lets go of the conversation's hold (new pick, change of mind, opt-out, handoff to an avaliação). */
export async function releaseHold(ctx: ToolContext, reason: string): Promise<void> {
  const hold = ctx.state.task?.hold;
  if (!hold) return;
  delete ctx.state.task!.hold;
  const [row] = await ctx.db.select({ status: appointments.status }).from(appointments).where(eq(appointments.id, hold.appointmentId));
  if (row?.status !== 'held') return; // booked meanwhile, or already released: never cancel a booking here
  try {
    const cancelled = await cancelAppointment(ctx.db, { clinicId: ctx.clinic.id, appointmentId: hold.appointmentId, patientId: ctx.patient.id, actor: 'patient', now: ctx.now, messageId: ctx.message.id, reason });
    publishAppointment(ctx, cancelled);
  } catch (err) {
    // Already booked or gone: nothing to release.
    if (!isAppError(err)) throw err;
  }
}
