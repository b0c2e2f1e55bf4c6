import { eq } from 'drizzle-orm';
import { appointments } from '../../db/schema';
import { findClearScreening } from '../../screening/record-screening';
import { vocabularyFromClinic } from '../../understanding/load-vocabulary';
import { understand } from '../../understanding/understand';
import { Catalog } from '../catalog';
import { readYesNo } from '../read-answer';
import { hasHealthConsent } from './consent';
import { ownAppointment } from './list-appointments';
import { refuse, type Refusal, type ToolContext, type ToolResult } from './tool-context';
import { answeredAfterQuestion } from './answered-after-question';

export type ConfirmationInput = { kind: 'book' } | { kind: 'reschedule'; option?: number } | { kind: 'cancel'; appointmentId: string };

/** The facts of what the patient is asked to confirm, for the summary the caller sends. */
export interface ConfirmationSummary {
  kind: 'book' | 'reschedule' | 'cancel';
  appointmentId: string;
  serviceId: string;
  service: string;
  slot: string;
  professional: string;
  price: string;
  /** Rescheduling: the time being given up. */
  oldSlot?: string;
}

/**
 * Asks the patient to confirm one exact thing — this held slot, this move, this cancellation — and
 * remembers it. `book`, `reschedule` and `cancel` then act only on a later message that is a clear
 * "yes" to exactly that: the "explicit confirmation of the exact slot in this conversation" of
 * SPEC §1, enforced here rather than in a prompt. For a booking every other precondition (consent,
 * clear screening) is checked first, so the patient is never asked to confirm what cannot be booked.
 */
export async function requestConfirmation(ctx: ToolContext, input: ConfirmationInput): Promise<ToolResult<{ summary: ConfirmationSummary }>> {
  const catalog = new Catalog(ctx.flows);
  const task = ctx.state.task;
  if (input.kind === 'book') {
    const problem = await bookingPreconditions(ctx);
    if (problem) return problem;
    const hold = task!.hold!;
    ctx.state.asked.confirmation = { kind: 'book', appointmentId: hold.appointmentId, startsAt: hold.startsAt, professionalId: hold.professionalId, atSeq: ctx.message.seq };
    return {
      ok: true,
      summary: { kind: 'book', appointmentId: hold.appointmentId, serviceId: hold.serviceId, service: catalog.serviceName(hold.serviceId), slot: catalog.slot(hold.startsAt), professional: catalog.professionalName(hold.professionalId), price: catalog.price(hold.serviceId) },
    };
  }
  if (input.kind === 'reschedule') {
    if (!task || task.kind !== 'reschedule' || !task.rescheduleOf) return refuse('NO_HOLD', 'no reschedule in progress: list_appointments, then find_slots for the new time');
    const current = await ownAppointment(ctx, task.rescheduleOf);
    if (!current || !['booked', 'confirmed'].includes(current.status)) return refuse('APPOINTMENT_NOT_FOUND', 'the appointment to move is not an upcoming appointment of this patient');
    let chosen = task.chosen;
    if (input.option !== undefined) {
      const offered = task.offered.find((s) => s.n === input.option);
      if (!offered || task.offeredAtSeq === undefined || task.offeredAtSeq > ctx.message.seq) return refuse('NOT_OFFERED', `option ${input.option} was not offered in this conversation`);
      chosen = offered;
      task.chosen = offered;
    }
    if (!chosen) return refuse('NOT_OFFERED', 'pick one of the offered slots first');
    ctx.state.asked.confirmation = { kind: 'reschedule', appointmentId: current.id, startsAt: chosen.startsAt, professionalId: chosen.professionalId, atSeq: ctx.message.seq };
    return {
      ok: true,
      summary: {
        kind: 'reschedule',
        appointmentId: current.id,
        serviceId: current.serviceId,
        service: catalog.serviceName(current.serviceId),
        slot: catalog.slot(chosen.startsAt),
        professional: catalog.professionalName(chosen.professionalId),
        price: catalog.price(current.serviceId),
        oldSlot: catalog.slot(current.startsAt),
      },
    };
  }
  const appointment = await ownAppointment(ctx, input.appointmentId);
  if (!appointment || !['booked', 'confirmed'].includes(appointment.status)) return refuse('APPOINTMENT_NOT_FOUND', 'not an upcoming appointment of this patient; use list_appointments');
  ctx.state.asked.confirmation = { kind: 'cancel', appointmentId: appointment.id, atSeq: ctx.message.seq };
  return {
    ok: true,
    summary: { kind: 'cancel', appointmentId: appointment.id, serviceId: appointment.serviceId, service: catalog.serviceName(appointment.serviceId), slot: catalog.slot(appointment.startsAt), professional: catalog.professionalName(appointment.professionalId), price: catalog.price(appointment.serviceId) },
  };
}

/**
 * Everything a booking needs besides the patient's "yes": a live hold from this conversation,
 * health-data consent on record, and a clear screening for that service recorded during this
 * booking. Checked against the database, not only the conversation state.
 */
export async function bookingPreconditions(ctx: ToolContext): Promise<Refusal | undefined> {
  const task = ctx.state.task;
  const hold = task?.kind === 'book' ? task.hold : undefined;
  if (!task || !hold) return refuse('NO_HOLD', 'no slot is held: find_slots, show them, then hold_slot with the number the patient picked');
  const [row] = await ctx.db.select().from(appointments).where(eq(appointments.id, hold.appointmentId));
  if (!row || row.patientId !== ctx.patient.id || row.conversationId !== ctx.conversationId) return refuse('NO_HOLD', 'the held slot is not this conversation\'s');
  if (!(await hasHealthConsent(ctx))) return refuse('NO_CONSENT', 'health-data consent is not on record: call request_consent (health_data) and record_consent with the answer');
  if (!task.screeningId) return refuse('NO_SCREENING', `no screening for ${hold.serviceId} in this booking: call ask_screening, then screen_contraindications with the answer`);
  const screening = await findClearScreening(ctx.db, { screeningId: task.screeningId, patientId: ctx.patient.id, serviceId: hold.serviceId, since: new Date(task.startedAt) });
  if (!screening) return refuse('SCREENING_NOT_CLEAR', `the screening on record does not clear ${hold.serviceId}; offer an avaliação or hand off to staff`);
  return undefined;
}

/**
 * Whether the current message is the patient's clear "yes" to the confirmation asked earlier for
 * exactly this appointment (and, for a slot, exactly this time and professional).
 */
export async function confirmedByPatient(ctx: ToolContext, expect: { kind: 'book' | 'reschedule' | 'cancel'; appointmentId: string; startsAt?: string; professionalId?: string }): Promise<Refusal | undefined> {
  const asked = ctx.state.asked.confirmation;
  const same =
    asked &&
    asked.kind === expect.kind &&
    asked.appointmentId === expect.appointmentId &&
    (expect.startsAt === undefined || asked.startsAt === expect.startsAt) &&
    (expect.professionalId === undefined || asked.professionalId === expect.professionalId);
  if (!same || !(await answeredAfterQuestion(ctx, asked.atSeq))) {
    return refuse('NOT_CONFIRMED', 'the patient has not been asked to confirm exactly this: call request_confirmation, send the summary, and wait for their answer');
  }
  const u = understand(ctx.message.body ?? '', { now: ctx.now, tz: ctx.clinic.timezone }, vocabularyFromClinic(ctx.flows.clinic()));
  if (readYesNo(ctx.message.body ?? '', u) !== 'yes') {
    return refuse('NOT_EXPLICIT', 'the patient\'s message is not a clear yes to the summary; ask again or offer another time');
  }
  return undefined;
}
