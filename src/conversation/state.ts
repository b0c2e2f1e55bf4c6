import { z } from 'zod';

/**
 * The conversation's memory between turns, stored as versioned JSON on the conversation row.
 * Only ids, times and what the bot showed live here — never health answers in clear (a condition
 * volunteered before consent is kept encrypted). A state written by another version of the code
 * is not guessed at: it is dropped and the patient is asked again, so a deploy never misreads a
 * half-finished booking.
 */

export const STATE_VERSION = 1;

/** What the bot is waiting for. */
export const STEPS = [
  'idle',
  'service',
  'professional',
  'when',
  'pick',
  'consent',
  'consent_refused',
  'screening',
  'screening_choice',
  'reminders',
  'confirm',
  'appointment_pick',
  'cancel_confirm',
  'reschedule_confirm',
] as const;
export type Step = (typeof STEPS)[number];

const iso = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'expected an ISO instant');

export const offeredSlotSchema = z.object({
  /** The number the patient saw. */
  n: z.number().int().min(1),
  startsAt: iso,
  professionalId: z.string(),
  serviceId: z.string(),
});
export type OfferedSlot = z.infer<typeof offeredSlotSchema>;

export const whenSchema = z.object({
  date: z.string().optional(),
  time: z.string().optional(),
  period: z.enum(['morning', 'afternoon', 'evening']).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  after: z.string().optional(),
  before: z.string().optional(),
});

const taskSchema = z.object({
  kind: z.enum(['book', 'reschedule']),
  serviceId: z.string().optional(),
  /** The service first asked for, when screening moved the patient to an avaliação. */
  requestedServiceId: z.string().optional(),
  /** A named professional; `anyProfessional` when the patient said "tanto faz". */
  professionalId: z.string().optional(),
  anyProfessional: z.boolean().optional(),
  /** Day/time preference; null = "any time", absent = not asked yet. */
  when: whenSchema.nullable().optional(),
  offered: z.array(offeredSlotSchema).default([]),
  /** Seq of the inbound message answered with the offer: only slots offered in this conversation can be held. */
  offeredAtSeq: z.number().optional(),
  hold: z.object({ appointmentId: z.string(), startsAt: iso, professionalId: z.string(), serviceId: z.string() }).optional(),
  /** Rescheduling: the new slot picked (not held; the move itself is atomic). */
  chosen: offeredSlotSchema.optional(),
  rescheduleOf: z.string().optional(),
  screeningId: z.string().optional(),
  /** Conditions mentioned before the screening question, encrypted (merged into the screening). */
  volunteeredEnc: z.string().optional(),
  startedAt: iso,
});
export type Task = z.infer<typeof taskSchema>;

const askedSchema = z.object({
  /** A consent text shown: its version and the inbound seq it answered. */
  consent: z
    .object({ purpose: z.enum(['health_data', 'reminders']), textVersion: z.string(), atSeq: z.number() })
    .optional(),
  screening: z
    .object({
      serviceId: z.string(),
      atSeq: z.number(),
      /** Answers that named nothing understood, so far. */
      unclear: z.number().int().default(0),
      /** The patient said "yes" without naming which: the next answer names them. */
      awaitingWhich: z.boolean().default(false),
      /** Encrypted answers given so far (the patient's words), merged into the record. */
      answersEnc: z.string().optional(),
    })
    .optional(),
  /** The exact thing the patient is asked to confirm. */
  confirmation: z
    .object({
      kind: z.enum(['book', 'reschedule', 'cancel']),
      appointmentId: z.string(),
      startsAt: iso.optional(),
      professionalId: z.string().optional(),
      atSeq: z.number(),
    })
    .optional(),
  /** The screening result choice (avaliação or staff) after block/consult. */
  screeningChoice: z.object({ outcome: z.enum(['block', 'consult']), serviceId: z.string() }).optional(),
});

export const conversationStateSchema = z.object({
  v: z.literal(STATE_VERSION),
  step: z.enum(STEPS).default('idle'),
  /** Consecutive turns not understood (two → a person takes over). */
  misses: z.number().int().min(0).default(0),
  task: taskSchema.optional(),
  asked: askedSchema.default({}),
  /** Appointment ids listed for "which one?" (cancel / reschedule), in the order shown. */
  listed: z.array(z.string()).optional(),
  /** cancel | reschedule: what the listed appointment is for. */
  listedFor: z.enum(['cancel', 'reschedule']).optional(),
});
export type ConversationState = z.infer<typeof conversationStateSchema>;

/** A conversation with nothing in progress. */
export function freshState(): ConversationState {
  return { v: STATE_VERSION, step: 'idle', misses: 0, asked: {} };
}

/** Forgets everything in place (the object is shared by the tools of this turn). */
export function resetState(state: ConversationState): void {
  for (const key of Object.keys(state)) delete (state as Record<string, unknown>)[key];
  Object.assign(state, freshState());
}

/**
 * Reads a stored state. An empty one is a new conversation; anything else that is not a valid
 * state of this version (an older deploy, a hand edit) is replaced by a fresh one and flagged,
 * so the engine can tell the patient it lost track instead of acting on a misread booking.
 */
export function readState(raw: unknown): { state: ConversationState; reset: boolean } {
  if (raw == null || typeof raw !== 'object' || Array.isArray(raw)) return { state: freshState(), reset: raw != null };
  const record = raw as Record<string, unknown>;
  // Keys of other modules (e.g. the reminder-reply step's `reminderReschedule`) are not ours to judge:
  // without a version and without any of our keys this is a conversation the engine has not started.
  if (record.v === undefined && !('step' in record) && !('task' in record)) return { state: freshState(), reset: false };
  const parsed = conversationStateSchema.safeParse(raw);
  if (parsed.success) return { state: parsed.data, reset: false };
  return { state: freshState(), reset: true };
}

/** The state as stored (plain JSON). */
export function serializeState(state: ConversationState): Record<string, unknown> {
  return JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
}
