import { and, desc, eq, gte, inArray, lt, lte } from 'drizzle-orm';
import { cancelAppointment, confirmAppointment } from '../booking/change-appointment';
import type { Slot } from '../booking/compute-free-slots';
import { findAvailableSlots } from '../booking/find-available-slots';
import { appointments, messages, professionals, reminders } from '../db/schema';
import type { ReminderReplyKey } from '../flows/reminders-schema';
import { describeInstantPt } from '../lib/clinic-time';
import { isAppError } from '../lib/errors';
import type { EventBus } from '../lib/event-bus';
import type { TurnContext, TurnResult } from '../pipeline/turn-handler';
import { cancelPendingReminders } from './cancel-reminders';
import { classifyReminderReply, type ReminderReplyReading } from './classify-reminder-reply';
import { loadReminderContext, reminderFacts } from './load-reminder-context';
import { reminderVariables, renderReminderText } from './reminder-variables';

export interface ReminderReplyDeps {
  /** Appointment changes are announced so the inbox and every process's planner see them. */
  bus: EventBus;
}

/** A state key the conversation engine reads: the patient is choosing a new time from `slots`. */
export interface ReminderRescheduleState {
  /** reschedule: move `appointmentId`; rebook: it was cancelled, book a new one like it. */
  mode: 'reschedule' | 'rebook';
  appointmentId: string;
  serviceId: string;
  professionalId: string;
  /** The slots offered, in the order numbered to the patient (1, 2, 3). */
  slots: { startsAt: string; professionalId: string }[];
  offeredAt: string;
}

/** A state key of this module: a bare "não" was asked whether it means remarcar or cancelar. */
interface ReminderReplyState {
  appointmentId: string;
  at: string;
}

const SLOTS_OFFERED = 3;

/**
 * Answers a patient's reply to a reminder without an LLM, or returns null when the message is not
 * one (no recent reminder, or unrelated text) so the conversation engine handles it. "sim" /
 * "confirmo" / 👍 / "1" confirm the appointment and cancel the steps still chasing a confirmation;
 * "não vou" / "cancela" / "3" cancel it (and every pending step) and offer new slots; "preciso
 * remarcar" / "2" offer slots to move it to, leaving state `reminderReschedule` for the booking
 * flow; a bare "não" asks which of the two. Bare answers count only right after the reminder (or
 * after that question); explicit ones within `reply_window_hours` of it.
 */
export async function handleReminderReply(ctx: TurnContext, deps: ReminderReplyDeps): Promise<TurnResult | null> {
  const reading = classifyReminderReply(ctx.message.body ?? '');
  if (!reading) return null;
  const config = ctx.flows.get('reminders.yaml');
  const target = await findAnsweredAppointment(ctx, reading, config.replyWindowHours);
  if (!target) return null;

  const full = await loadReminderContext(ctx.db, target.appointmentId);
  if (!full) return null;
  const vars = reminderVariables(reminderFacts(full, ctx.flows));
  const say = (key: ReminderReplyKey, slots?: string) => ({ text: renderReminderText(config.replies[key], { ...vars, slots: slots ?? '' }) });
  const { reminderReply: _asked, ...state } = ctx.conversation.state as Record<string, unknown> & { reminderReply?: unknown };
  const who = { clinicId: ctx.clinic.id, appointmentId: target.appointmentId, patientId: ctx.patient.id, actor: 'patient', now: ctx.now, messageId: ctx.message.id };
  const result = (replies: { text: string }[], intent: string, nextState: Record<string, unknown> = state): TurnResult => ({
    replies,
    state: nextState,
    engine: 'reminder',
    intent,
    step: 'reminder_reply',
  });

  try {
    switch (reading.intent) {
      case 'confirm': {
        if (full.appointment.status === 'confirmed') return result([say('already_confirmed')], 'confirm');
        const a = await confirmAppointment(ctx.db, who);
        await cancelPendingReminders(ctx.db, { appointmentId: a.id, reason: 'confirmed', now: ctx.now, onlyWhileUnconfirmed: true });
        deps.bus.publish({ type: 'appointment', clinicId: a.clinicId, appointmentId: a.id, status: a.status });
        ctx.log.info({ appointmentId: a.id }, 'appointment confirmed from a reminder reply');
        return result([say('confirmed')], 'confirm');
      }
      case 'cancel': {
        const a = await cancelAppointment(ctx.db, { ...who, reason: 'cancelado pelo paciente em resposta ao lembrete' });
        await cancelPendingReminders(ctx.db, { appointmentId: a.id, reason: 'appointment cancelled', now: ctx.now });
        deps.bus.publish({ type: 'appointment', clinicId: a.clinicId, appointmentId: a.id, status: a.status });
        ctx.log.info({ appointmentId: a.id }, 'appointment cancelled from a reminder reply');
        const slots = await offerSlots(ctx, a, false);
        if (slots.length === 0) return result([say('cancelled_no_slots')], 'cancel');
        return result([say('cancelled', await slotLines(ctx, slots))], 'cancel', { ...state, reminderReschedule: rescheduleState(ctx, a, slots, 'rebook') });
      }
      case 'reschedule': {
        const slots = await offerSlots(ctx, full.appointment, true);
        if (slots.length === 0) return result([say('reschedule_no_slots')], 'reschedule', { ...state, reminderReschedule: rescheduleState(ctx, full.appointment, [], 'reschedule') });
        return result([say('reschedule', await slotLines(ctx, slots))], 'reschedule', { ...state, reminderReschedule: rescheduleState(ctx, full.appointment, slots, 'reschedule') });
      }
      case 'deny': {
        const asked: ReminderReplyState = { appointmentId: target.appointmentId, at: ctx.now.toISOString() };
        return result([say('clarify')], 'deny', { ...state, reminderReply: asked });
      }
    }
  } catch (err) {
    // Changed meanwhile (staff cancelled it, it started): let the conversation engine answer.
    if (isAppError(err, 'INVALID_STATUS') || isAppError(err, 'APPOINTMENT_NOT_FOUND')) return null;
    throw err;
  }
}

/**
 * The appointment a reply is about: the one named by a pending "remarcar ou cancelar?" question,
 * else the one whose reminder this patient got most recently (within the reply window, appointment
 * still ahead and not cancelled). A bare answer must come right after that reminder — no other bot
 * message in this conversation since — or it may be answering something else.
 */
async function findAnsweredAppointment(ctx: TurnContext, reading: ReminderReplyReading, windowHours: number): Promise<{ appointmentId: string } | null> {
  const asked = (ctx.conversation.state as { reminderReply?: ReminderReplyState }).reminderReply;
  // Slots were offered after a reminder: "2" now picks a slot, the booking flow's to read.
  if (ctx.conversation.state['reminderReschedule'] != null) return null;
  const since = new Date(ctx.now.getTime() - windowHours * 3_600_000);
  if (asked && Date.parse(asked.at) >= since.getTime()) {
    const [a] = await ctx.db.select({ id: appointments.id, status: appointments.status, startsAt: appointments.startsAt }).from(appointments).where(eq(appointments.id, asked.appointmentId));
    if (a && (a.status === 'booked' || a.status === 'confirmed') && a.startsAt > ctx.now) return { appointmentId: a.id };
  }
  const [latest] = await ctx.db
    .select({ appointmentId: reminders.appointmentId, sentAt: messages.receivedAt, conversationId: messages.conversationId })
    .from(reminders)
    .innerJoin(appointments, eq(appointments.id, reminders.appointmentId))
    .innerJoin(messages, eq(messages.id, reminders.messageId))
    .where(
      and(
        eq(appointments.patientId, ctx.patient.id),
        eq(appointments.clinicId, ctx.clinic.id),
        inArray(appointments.status, ['booked', 'confirmed']),
        gte(appointments.startsAt, ctx.now),
        inArray(reminders.channel, ['whatsapp', 'sms']),
        inArray(reminders.status, ['sending', 'sent', 'delivered', 'read']),
        gte(messages.receivedAt, since),
        lte(messages.receivedAt, ctx.message.receivedAt),
        inArray(messages.status, ['sending', 'sent', 'delivered', 'read']),
      ),
    )
    .orderBy(desc(messages.receivedAt))
    .limit(1);
  if (!latest) return null;
  if (reading.strength === 'explicit' && !conversationBusy(ctx.conversation.state)) return { appointmentId: latest.appointmentId };
  const [lastOut] = await ctx.db
    .select({ origin: messages.origin, at: messages.receivedAt })
    .from(messages)
    .where(and(eq(messages.conversationId, ctx.conversation.id), eq(messages.direction, 'out'), lt(messages.seq, ctx.message.seq)))
    .orderBy(desc(messages.seq))
    .limit(1);
  if (!lastOut || lastOut.origin === 'reminder') return { appointmentId: latest.appointmentId };
  // Reminder on another channel (an SMS answered on WhatsApp): nothing from the bot here since.
  if (latest.conversationId !== ctx.conversation.id && lastOut.at.getTime() <= latest.sentAt.getTime()) return { appointmentId: latest.appointmentId };
  return null;
}

/**
 * True while the booking flow is in the middle of something (a task, a question, slots offered):
 * then even an explicit "confirmo" answers the flow's own question unless the reminder came last.
 */
function conversationBusy(state: Record<string, unknown>): boolean {
  return state['task'] != null || state['reminderReschedule'] != null || state['listed'] != null || (typeof state['step'] === 'string' && state['step'] !== 'idle');
}

async function offerSlots(ctx: TurnContext, a: typeof appointments.$inferSelect, moving: boolean): Promise<Slot[]> {
  return findAvailableSlots(ctx.db, {
    clinicId: a.clinicId,
    serviceId: a.serviceId,
    now: ctx.now,
    limit: SLOTS_OFFERED,
    ...(moving ? { excludeAppointmentId: a.id } : {}),
  });
}

async function slotLines(ctx: TurnContext, slots: Slot[]): Promise<string> {
  const names = new Map(
    (await ctx.db.select({ id: professionals.id, name: professionals.name }).from(professionals).where(eq(professionals.clinicId, ctx.clinic.id))).map((p) => [p.id, p.name]),
  );
  return slots.map((s, i) => `${i + 1}) ${describeInstantPt(s.startsAt, ctx.clinic.timezone)}${names.get(s.professionalId) ? ` com ${names.get(s.professionalId)}` : ''}`).join('\n');
}

function rescheduleState(ctx: TurnContext, a: typeof appointments.$inferSelect, slots: Slot[], mode: 'reschedule' | 'rebook'): ReminderRescheduleState {
  return {
    mode,
    appointmentId: a.id,
    serviceId: a.serviceId,
    professionalId: a.professionalId,
    slots: slots.map((s) => ({ startsAt: s.startsAt.toISOString(), professionalId: s.professionalId })),
    offeredAt: ctx.now.toISOString(),
  };
}
