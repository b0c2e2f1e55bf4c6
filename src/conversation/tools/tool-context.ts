import type { Database, Db } from '../../db/open-database';
import type { ConversationMode } from '../../db/schema';
import type { ClinicFlows } from '../../flows/clinic-flows';
import type { Encryptor } from '../../lib/crypto';
import type { EventBus } from '../../lib/event-bus';
import type { Logger } from '../../lib/logger';
import type { Patient } from '../../patients/find-or-create-patient';
import type { MessageRow, TurnContext } from '../../pipeline/turn-handler';
import type { ConversationState, OfferedSlot } from '../state';

/**
 * What every tool acts with: the clinic, this conversation, this patient and the inbound message
 * being answered (the evidence for consents and confirmations). The deterministic engine and the
 * LLM agent call the same tools, so the SPEC §1 invariants hold whoever decides.
 */
export interface ToolContext {
  db: Db;
  database: Database;
  clinic: { id: string; name: string; timezone: string };
  flows: ClinicFlows;
  conversationId: string;
  /** whatsapp | sms | simulator …: recorded as the appointment's source. */
  channel: string;
  patient: Patient;
  message: MessageRow;
  now: Date;
  /** The conversation state being built this turn; tools record what was offered and asked. */
  state: ConversationState;
  bus: EventBus;
  crypto: Encryptor;
  log: Logger;
  /** Side effects on the conversation the pipeline applies with the turn. */
  effects: { mode?: ConversationMode };
}

/** The tool context of one turn: the same for the deterministic engine and the LLM agent. */
export function toolContextOf(ctx: TurnContext, state: ConversationState, deps: { bus: EventBus; crypto: Encryptor }): ToolContext {
  return {
    db: ctx.db,
    database: ctx.database,
    clinic: ctx.clinic,
    flows: ctx.flows,
    conversationId: ctx.conversation.id,
    channel: ctx.conversation.channel,
    patient: ctx.patient,
    message: ctx.message,
    now: ctx.now,
    state,
    bus: deps.bus,
    crypto: deps.crypto,
    log: ctx.log,
    effects: {},
  };
}

/** Why a tool refused: stable codes a caller (or a model) branches on. */
export type RefusalCode =
  | 'NOT_OFFERED'
  | 'NO_SLOTS'
  | 'SLOT_TAKEN'
  | 'HOLD_EXPIRED'
  | 'SLOT_UNAVAILABLE'
  | 'NO_HOLD'
  | 'NOT_ASKED'
  | 'NOT_CONFIRMED'
  | 'NOT_EXPLICIT'
  | 'NO_CONSENT'
  | 'NO_SCREENING'
  | 'SCREENING_NOT_CLEAR'
  | 'UNKNOWN_SERVICE'
  | 'UNKNOWN_PROFESSIONAL'
  | 'APPOINTMENT_NOT_FOUND'
  | 'INVALID_STATUS';

export interface Refusal {
  ok: false;
  code: RefusalCode;
  /** What the caller should do next, in plain words (shown to the model, never to the patient). */
  reason: string;
  /** Fresh slots to offer instead (already recorded as this conversation's current offer). */
  alternatives?: OfferedSlot[];
}

export type ToolResult<T extends object> = ({ ok: true } & T) | Refusal;

/** A refusal with the code and the next step for the caller. */
export function refuse(code: RefusalCode, reason: string, alternatives?: OfferedSlot[]): Refusal {
  return alternatives ? { ok: false, code, reason, alternatives } : { ok: false, code, reason };
}

/** Tells listeners (reminders planning, the inbox) an appointment changed. */
export function publishAppointment(ctx: Pick<ToolContext, 'bus' | 'clinic'>, appointment: { id: string; status: string }): void {
  ctx.bus.publish({ type: 'appointment', clinicId: ctx.clinic.id, appointmentId: appointment.id, status: appointment.status });
}
